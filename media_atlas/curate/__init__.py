"""Curating from a news article: the rows an article proposes, and saving reviewed rows into data/curated/."""
