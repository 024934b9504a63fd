"""Small hand-made atlases for tests: a few rows per table written as CSV layers, then built by the production build."""

import csv
from pathlib import Path

from media_atlas.atlas import Atlas
from media_atlas.build.load import build
from media_atlas.build.schema import tables

SOURCE = "test-source"
SOURCE_ROW = {
    "source_id": SOURCE,
    "title": "Test fixture",
    "publisher": "Media Ownership Atlas tests",
    "url": "https://example.org/fixture",
}


def org(org_id: str, country: str = "TR") -> dict:
    return {"org_id": org_id, "name": org_id.replace("-", " ").title(), "kind": "company", "country": country}


def outlet(outlet_id: str, media_type: str = "tv", country: str = "TR", founded=None, closed=None) -> dict:
    return {
        "outlet_id": outlet_id,
        "name": outlet_id.replace("-", " ").title(),
        "media_type": media_type,
        "country": country,
        "founded": founded,
        "closed": closed,
    }


def link(owner_id, owned_id, share_min=None, share_max=None, *, interest="shareholding", start=None, end=None) -> dict:
    """One ownership row; share_max defaults to share_min (an exact share)."""
    return {
        "owner_id": owner_id,
        "owned_id": owned_id,
        "interest": interest,
        "share_min": share_min,
        "share_max": share_min if share_max is None else share_max,
        "start_date": start,
        "end_date": end,
    }


def write_layer(folder: Path, **rows_by_table: list[dict]) -> Path:
    """Write one layer folder: each table's rows (missing columns empty, source_id filled in) as its CSV."""
    folder.mkdir(parents=True, exist_ok=True)
    for table, rows in rows_by_table.items():
        columns = tables()[table].csv_columns
        with (folder / f"{table}.csv").open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(columns)
            for row in rows:
                full = {"source_id": SOURCE} | row if "source_id" in columns else row
                writer.writerow(["" if full.get(name) is None else full[name] for name in columns])
    return folder


def built_atlas(data: Path, curated: dict[str, list[dict]], **other_layers: dict[str, list[dict]]) -> Atlas:
    """Write the curated layer (citing SOURCE_ROW) and any other layers' tables under data/, build them with the
    production build beside data/, and open the result."""
    write_layer(data / "curated", **({"sources": [SOURCE_ROW]} | curated))
    for layer, rows_by_table in other_layers.items():
        write_layer(data / layer, **rows_by_table)
    build(data, data.parent / "atlas.duckdb")
    return Atlas(data.parent / "atlas.duckdb")
