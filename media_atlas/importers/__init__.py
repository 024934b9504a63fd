"""Importers: turn a public dataset into a layer folder under data/ in the curated table shapes.

Each importer writes only its own layer (`data/iptv-org/`, `data/wikidata/`), with one `sources` row for the
dataset version it read and the upstream id of every row kept in `identifiers`. Owner names are matched to the
organisations of the other layers by `media_atlas.reconcile`.
"""
