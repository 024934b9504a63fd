"""The atlas's data in and out of other tools: every table as Parquet, CSV or Excel, and BODS 0.4 both ways."""
