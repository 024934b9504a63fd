"""Merging a certain pair of duplicates (media_atlas/importers/duplicates.py) the way an importer attaches an item
to the entity it duplicates, without its upstream file: in the duplicate's layer, every row about the duplicate is
about the kept entity (its own row becomes `attributes` and an alias), and its upstream ids move to
data/curated/identifiers.csv, so the next import of the layer finds the kept entity by its id and the merge stays."""

from dataclasses import dataclass
from pathlib import Path

from media_atlas.build.schema import tables
from media_atlas.curate.save import SaveRefused, append
from media_atlas.importers.layer import read_table, write_table
from media_atlas.importers.owners import CURATED_LAYER

# The values of an entity's own row that `attributes` carries once another layer's entity is the one.
ATTRIBUTE_COLUMNS = ("local_name", "kind", "media_type", "periodicity", "country", "language", "founded", "closed")
ATTRIBUTE_COLUMNS += ("dissolved", "website")


@dataclass(frozen=True)
class Merge:
    """Entity `duplicate` of layer `layer` is entity `kept`; `entity_table` holds the duplicate's own row."""

    duplicate: str
    layer: str
    kept: str
    entity_table: str
    id_column: str


def entity_columns(table: str) -> list[str]:
    """The columns of a table that name an entity."""
    return [
        column.name
        for column in tables()[table].columns
        if column.references and column.references[0] in ("entities", "outlets", "organisations", "people")
    ]


def merged_layer(layer_dir: Path, merges: list[Merge]) -> tuple[dict[str, list[dict]], list[dict]]:
    """The layer's tables with the merges applied, and the identifiers rows that move to the curated layer."""
    kept_for = {merge.duplicate: merge for merge in merges}
    found = {table: read_table(layer_dir, table) for table in tables() if (layer_dir / f"{table}.csv").exists()}
    moved = [row for row in found.get("identifiers", []) if row["entity_id"] in kept_for]
    found["identifiers"] = [row for row in found.get("identifiers", []) if row["entity_id"] not in kept_for]
    for merge in merges:
        own = [row for row in found[merge.entity_table] if row[merge.id_column] == merge.duplicate]
        found[merge.entity_table] = [row for row in found[merge.entity_table] if row not in own]
        for row in own:
            found.setdefault("aliases", []).append({"entity_id": merge.kept, "alias": row["name"], "language": ""})
            found.setdefault("attributes", []).extend(
                {"entity_id": merge.kept, "attribute": column, "value": row[column], "source_id": row["source_id"]}
                for column in ATTRIBUTE_COLUMNS
                if row.get(column)
            )
    for table, rows in found.items():
        for row in rows:
            for column in entity_columns(table):
                if row[column] in kept_for:
                    row[column] = kept_for[row[column]].kept
    return found, [row | {"entity_id": kept_for[row["entity_id"]].kept} for row in moved]


def write_layer_tables(layer_dir: Path, found: dict[str, list[dict]]) -> None:
    for table, rows in found.items():
        columns = tables()[table].csv_columns
        unique = sorted({tuple(row.get(column, "") for column in columns) for row in rows})
        write_table(layer_dir / f"{table}.csv", columns, unique)


def apply_merges(data_dir: Path, merges: list[Merge]) -> int:
    """Apply the merges to their layers and the curated identifiers; the number of identifiers moved. A merge the
    curated layer refuses (its checks) leaves every layer as it was and raises SaveRefused."""
    before = {path: path.read_bytes() for layer in {m.layer for m in merges} for path in (data_dir / layer).glob("*")}
    moved = []
    for layer in sorted({merge.layer for merge in merges} - {CURATED_LAYER}):
        found, layer_moved = merged_layer(data_dir / layer, [merge for merge in merges if merge.layer == layer])
        write_layer_tables(data_dir / layer, found)
        moved += layer_moved
    try:
        if moved:
            append(data_dir, {"identifiers": moved})
    except SaveRefused:
        for path in {path for layer in {m.layer for m in merges} for path in (data_dir / layer).glob("*")}:
            if path not in before:
                path.unlink()
        for path, content in before.items():
            path.write_bytes(content)
        raise
    return len(moved)
