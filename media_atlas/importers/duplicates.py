"""Which entity of the other layers an upstream item is, when no identifier says so: the same outlet or the same
organisation listed by two sources is one entity. One rule for both:

- a name (the outlet's, its local name or an alias) in its comparison form — for outlets the one fold
  (media_atlas/text.py, punctuation dropped), for organisations the owner form of media_atlas/importers/owners.py
  (legal forms and a trailing "Group"/"Holding" dropped, so "Kanal Group" is "Kanal Holding") — that is the name of
  exactly one entity of the same kind (an outlet's media type), with no other country and no other web host, is
  that entity;
- any other entity that shares the name or the web host and no other country is a pair for a person to review;
- entities in different countries are different entities, whatever their names.

An importer attaches an outlet it certainly duplicates (its claims and values) and records the upstream id in
`identifiers`; `media-atlas reconcile --duplicates` lists what was attached, the certain pairs the layers still hold
(a layer imported before the curated entity existed), and the pairs to review. `--merge` records each certain pair
in data/curated/identifiers.csv (the duplicate's upstream ids, now the curated entity's), so every later import
finds the one entity by its id; a merge accepted on review is added there by hand."""

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from media_atlas.importers.merge import Merge, apply_merges
from media_atlas.importers.owners import CURATED_LAYER, LayerTables, normalise, words


def name_key(name: str) -> str:
    return " ".join(words(name))


def web_host(website: str | None) -> str | None:
    """The host of a website, without `www.`: 'http://www.aksam.com.tr/' -> 'aksam.com.tr'."""
    host = urlsplit(website if "//" in (website or "") else f"//{website}").hostname if website else None
    return host.removeprefix("www.") if host else None


@dataclass(frozen=True)
class Kind:
    """How one table's entities are compared: the table, its id column, the column that must agree (an outlet's
    media type; none for organisations) and the comparison form of a name."""

    table: str
    id_column: str
    type_column: str | None
    key: Callable[[str], str]
    noun: str


OUTLETS = Kind("outlets", "outlet_id", "media_type", name_key, "outlet")
ORGANISATIONS = Kind("organisations", "org_id", None, normalise, "organisation")


@dataclass(frozen=True)
class Listed:
    """An entity as the other layers list it."""

    entity_id: str
    name: str
    layer: str
    type: str | None
    country: str | None
    host: str | None


def listed_entity(kind: Kind, row: dict[str, str]) -> Listed:
    return Listed(
        row[kind.id_column], row["name"], row["layer"], row[kind.type_column] if kind.type_column else None,
        row["country"] or None, web_host(row["website"]),
    )  # fmt: skip


def other_country(one: str | None, other: str | None) -> bool:
    return bool(one and other and one != other)


@dataclass
class DuplicateIndex:
    """The entities of one kind in some layers, by the comparison form of each of their names and by web host."""

    kind: Kind
    by_name: dict[str, list[Listed]] = field(default_factory=dict)
    by_host: dict[str, list[Listed]] = field(default_factory=dict)

    @classmethod
    def of(cls, layers: LayerTables, kind: Kind = OUTLETS) -> "DuplicateIndex":
        index = cls(kind)
        entity_rows = layers.rows[kind.table]
        listed = {row[kind.id_column]: listed_entity(kind, row) for row in entity_rows}
        names = [(entity.name, entity) for entity in listed.values()]
        names += [(row["local_name"], listed[row[kind.id_column]]) for row in entity_rows if row["local_name"]]
        names += [
            (row["alias"], listed[row["entity_id"]]) for row in layers.rows["aliases"] if row["entity_id"] in listed
        ]
        for name, entity in names:
            found = index.by_name.setdefault(kind.key(name), [])
            if entity not in found:
                found.append(entity)
        for entity in listed.values():
            if entity.host:
                index.by_host.setdefault(entity.host, []).append(entity)
        return index

    def candidates(self, name: str, country: str | None, website: str | None) -> list[Listed]:
        """The entities that share the item's name or web host, in no other country."""
        host = web_host(website)
        found = self.by_name.get(self.kind.key(name), []) + (self.by_host.get(host, []) if host else [])
        return [entity for entity in dict.fromkeys(found) if not other_country(country, entity.country)]

    def same(self, name: str, type_: str | None, country: str | None, website: str | None) -> str | None:
        """The one entity the item certainly is (see the module docstring), or None."""
        host = web_host(website)
        named = [
            entity
            for entity in self.by_name.get(self.kind.key(name), [])
            if entity.type == type_
            and not other_country(country, entity.country)
            and not (host and entity.host and entity.host != host)
        ]
        return named[0].entity_id if len(named) == 1 else None


@dataclass(frozen=True)
class Pair:
    """An entity of an imported layer and one of another layer it may duplicate; `certain` by the rule."""

    row: dict[str, str]
    other: Listed
    certain: bool


def duplicate_pairs(layers: LayerTables, data_dir: Path, kind: Kind) -> list[Pair]:
    """Every entity of each imported layer paired with each entity of another layer it shares a name or host with,
    in no other country: for outlets, those of the curated layer; for organisations, those of any other layer, once
    per pair."""
    pairs = []
    seen: set[frozenset[str]] = set()
    for layer in sorted({row["layer"] for row in layers.rows[kind.table]} - {CURATED_LAYER}):
        others = DuplicateIndex.of(LayerTables.read(data_dir, exclude=layer), kind)
        for row in (row for row in layers.rows[kind.table] if row["layer"] == layer):
            entity = listed_entity(kind, row)
            same = others.same(row["name"], entity.type, entity.country, row["website"])
            for other in others.candidates(row["name"], entity.country, row["website"]):
                ids = frozenset((entity.entity_id, other.entity_id))
                if (kind is ORGANISATIONS or other.layer == CURATED_LAYER) and ids not in seen:
                    seen.add(ids)
                    pairs.append(Pair(row, other, other.entity_id == same))
    return pairs


def merges_of(pairs: list[Pair], kind: Kind) -> list[Merge]:
    """How the certain pairs merge: into the curated entity when the other one is curated, else into the item."""
    merges = []
    for pair in (pair for pair in pairs if pair.certain):
        item = pair.row[kind.id_column]
        if pair.other.layer == CURATED_LAYER:
            merges.append(Merge(item, pair.row["layer"], pair.other.entity_id, kind.table, kind.id_column))
        else:
            merges.append(Merge(pair.other.entity_id, pair.other.layer, item, kind.table, kind.id_column))
    return merges


def pair_line(pair: Pair, kind: Kind) -> str:
    row, other = pair.row, pair.other
    type_ = f"{row[kind.type_column]}, " if kind.type_column else ""
    other_type = f"{other.type}, " if kind.type_column else ""
    return (
        f"  {row['name']} [{row[kind.id_column]}, {row['layer']}, {type_}{row['country'] or '?'}, "
        f"{web_host(row['website']) or 'no site'}] ~ {other.name} [{other.entity_id}, {other.layer}, {other_type}"
        f"{other.country or '?'}, {other.host or 'no site'}]"
    )


def attached_lines(layers: LayerTables, kind: Kind, limit: int) -> list[str]:
    """The upstream items an importer attached to an entity of another layer (by the rule or by a curated id)."""
    curated_ids = {(row["scheme"], row["value"]) for row in layers.rows["identifiers"] if row["layer"] == CURATED_LAYER}
    listed = {row[kind.id_column]: row for row in layers.rows[kind.table]}
    attached = [
        row
        for row in layers.rows["identifiers"]
        if row["layer"] != CURATED_LAYER
        and (row["scheme"], row["value"]) not in curated_ids
        and row["entity_id"] in listed
        and listed[row["entity_id"]]["layer"] != row["layer"]
    ]
    lines = [f"Attached to the {kind.noun} they duplicate: {len(attached):,}"]
    return lines + [
        f"  {row['layer']} {row['scheme']} {row['value']} -> {listed[row['entity_id']]['name']} [{row['entity_id']}]"
        for row in attached[:limit]
    ]


def duplicate_lines(data_dir: Path, limit: int, merge: bool = False) -> list[str]:
    """The report `media-atlas reconcile --duplicates` prints, per kind (outlets, organisations): the upstream items
    an importer attached to an entity they certainly duplicate, the certain pairs still apart (merged into
    data/curated/identifiers.csv with `merge`), then the pairs a person should look at (same name or web host, no
    other country, but another media type, another host or several entities of the name)."""
    layers = LayerTables.read(data_dir)
    lines = [f"Duplicates in {data_dir}"]
    merges = []
    for kind in (OUTLETS, ORGANISATIONS):
        pairs = duplicate_pairs(layers, data_dir, kind)
        certain = [pair for pair in pairs if pair.certain]
        review = [pair for pair in pairs if not pair.certain]
        merges += merges_of(certain, kind)
        lines += ["", f"{kind.table.capitalize()}", *attached_lines(layers, kind, limit)]
        lines += [f"The same {kind.noun}, still apart: {len(certain):,}"]
        lines += [pair_line(pair, kind) for pair in certain[:limit]]
        lines += [f"To review (merge by adding the upstream id to data/curated/identifiers.csv): {len(review):,}"]
        lines += [pair_line(pair, kind) for pair in review[:limit]]
    if merge:
        moved = apply_merges(data_dir, merges)
        target = data_dir / CURATED_LAYER / "identifiers.csv"
        lines += ["", f"Merged: {len(merges):,} pair(s), their {moved:,} upstream id(s) now in {target}"]
    return lines
