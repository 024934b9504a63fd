"""Which outlet of the other layers an upstream item is, when no identifier says so: the same outlet listed by two
sources is one entity. A name in the one fold (media_atlas/text.py, punctuation dropped) that is the name or an alias
of exactly one outlet of the same media type, with no other country and no other web host, is that outlet: the
importer attaches the item to it (its claims and, as `attributes`, its values) and records the upstream id in
`identifiers`. Any other outlet that shares the name or the web host and no other country is a pair for a person
to review (`media-atlas reconcile --duplicates`); a merge accepted there goes into data/curated/identifiers.csv."""

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from media_atlas.importers.owners import CURATED_LAYER, LayerTables, words


@dataclass(frozen=True)
class Listed:
    """An outlet as the other layers list it."""

    entity_id: str
    name: str
    layer: str
    media_type: str
    country: str | None
    host: str | None


def name_key(name: str) -> str:
    return " ".join(words(name))


def web_host(website: str | None) -> str | None:
    """The host of a website, without `www.`: 'http://www.aksam.com.tr/' -> 'aksam.com.tr'."""
    host = urlsplit(website if "//" in (website or "") else f"//{website}").hostname if website else None
    return host.removeprefix("www.") if host else None


@dataclass
class OutletIndex:
    by_name: dict[str, list[Listed]] = field(default_factory=dict)
    by_host: dict[str, list[Listed]] = field(default_factory=dict)

    @classmethod
    def of(cls, layers: LayerTables) -> "OutletIndex":
        index = cls()
        listed = {
            row["outlet_id"]: Listed(
                row["outlet_id"], row["name"], row["layer"], row["media_type"], row["country"] or None,
                web_host(row["website"]),
            )
            for row in layers.rows["outlets"]
        }  # fmt: skip
        names = [(outlet.name, outlet) for outlet in listed.values()]
        names += [(row["local_name"], listed[row["outlet_id"]]) for row in layers.rows["outlets"] if row["local_name"]]
        names += [
            (row["alias"], listed[row["entity_id"]]) for row in layers.rows["aliases"] if row["entity_id"] in listed
        ]
        for name, outlet in names:
            found = index.by_name.setdefault(name_key(name), [])
            if outlet not in found:
                found.append(outlet)
        for outlet in listed.values():
            if outlet.host:
                index.by_host.setdefault(outlet.host, []).append(outlet)
        return index

    def candidates(self, name: str, country: str | None, website: str | None) -> list[Listed]:
        """The outlets that share the item's name or web host, in no other country."""
        host = web_host(website)
        found = self.by_name.get(name_key(name), []) + (self.by_host.get(host, []) if host else [])
        return [
            outlet for outlet in dict.fromkeys(found) if not (country and outlet.country and outlet.country != country)
        ]

    def same_outlet(self, name: str, media_type: str, country: str | None, website: str | None) -> str | None:
        """The one outlet the item certainly is (see the module docstring), or None."""
        host = web_host(website)
        named = [
            outlet
            for outlet in self.by_name.get(name_key(name), [])
            if outlet.media_type == media_type
            and not (country and outlet.country and outlet.country != country)
            and not (host and outlet.host and outlet.host != host)
        ]
        return named[0].entity_id if len(named) == 1 else None


def duplicate_lines(data_dir: Path, limit: int) -> list[str]:
    """The report `media-atlas reconcile --duplicates` prints: the upstream items an importer attached to an outlet
    they certainly duplicate, then the pairs of outlets a person should look at (same name or web host, no other
    country, but another media type, another host or several outlets of the name)."""
    layers = LayerTables.read(data_dir)
    curated_ids = {(row["scheme"], row["value"]) for row in layers.rows["identifiers"] if row["layer"] == CURATED_LAYER}
    listed = {row["outlet_id"]: row for row in layers.rows["outlets"]}
    merged = [
        row
        for row in layers.rows["identifiers"]
        if row["layer"] != CURATED_LAYER
        and (row["scheme"], row["value"]) not in curated_ids
        and listed.get(row["entity_id"], {}).get("layer", row["layer"]) != row["layer"]
    ]
    lines = [f"Duplicate outlets in {data_dir}", "", f"Attached to the outlet they duplicate: {len(merged):,}"]
    lines += [
        f"  {row['layer']} {row['scheme']} {row['value']} -> {listed[row['entity_id']]['name']} [{row['entity_id']}]"
        for row in merged[:limit]
    ]
    pairs = []
    for layer in sorted({row["layer"] for row in layers.rows["outlets"]} - {CURATED_LAYER}):
        others = OutletIndex.of(LayerTables.read(data_dir, exclude=layer))
        for row in (row for row in layers.rows["outlets"] if row["layer"] == layer):
            for outlet in others.candidates(row["name"], row["country"] or None, row["website"]):
                if outlet.layer == CURATED_LAYER:
                    pairs.append((row, outlet))
    lines += ["", f"To review (merge by adding the upstream id to data/curated/identifiers.csv): {len(pairs):,}"]
    lines += [
        f"  {row['name']} [{row['outlet_id']}, {row['media_type']}, {row['country'] or '?'}, "
        f"{web_host(row['website']) or 'no site'}] ~ {outlet.name} [{outlet.entity_id}, {outlet.media_type}, "
        f"{outlet.country or '?'}, {outlet.host or 'no site'}]"
        for row, outlet in pairs[:limit]
    ]
    return lines
