"""Import Wikidata's newspapers (newspapers_flat.csv) as the `wikidata` layer.

Every item becomes a newspaper outlet `wd:<QID>` (or adds its claims to the entity that another layer's
`identifiers` already maps the QID to), with inception and dissolution kept at their precision. Owners (P127)
become shareholdings of unknown share, publishers `publisher` interests and parent organisations (P749) `control`
links; an owner is found by its QID, then by its name, and otherwise created as `wd:<QID>`.
"""

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

import pycountry

from media_atlas.importers.layer import (
    ImportReport,
    is_partial_date,
    progress,
    read_upstream_csv,
    split_values,
)
from media_atlas.importers.run import LayerImport
from media_atlas.vocabulary import country_codes

LAYER = "wikidata"
SCHEME = "wikidata"
SOURCE = {
    "source_id": "wikidata-newspapers-2023-04",
    "title": (
        "Wikidata: newspapers (instances of Q11032) with an official website, as fetched in April 2023 "
        "(collected in patrickswickard/international_newspapers)"
    ),
    "publisher": "Wikidata",
    "url": "https://github.com/patrickswickard/international_newspapers",
    "published_on": "2023-04",
    "license": "CC0 1.0",
}
COLUMNS = (
    "qid", "label", "country", "owned_by", "owned_by_qids", "publisher", "publisher_qids",
    "parent_org", "parent_org_qids", "inception", "dissolved", "language", "website",
)  # fmt: skip
# (names column, QIDs column, interest): P127 owned by, publisher, P749 parent organisation.
OWNER_COLUMNS = (
    ("owned_by", "owned_by_qids", "shareholding"),
    ("publisher", "publisher_qids", "publisher"),
    ("parent_org", "parent_org_qids", "control"),
)
QID = re.compile(r"Q[1-9][0-9]*")
# What the flattened file writes for Wikidata's "unknown value" and "no value" snaks.
UNKNOWN_VALUES = ("somevalue", "novalue")
# Wikidata's time value: unknown month or day is 00 ("+1994-00-00T00:00:00Z" is the year 1994).
WIKIDATA_TIME = re.compile(r"\+([0-9]{4})-([0-9]{2})-([0-9]{2})T[0-9]{2}:[0-9]{2}:[0-9]{2}Z")
# Wikidata country labels that pycountry does not know by that name.
COUNTRY_LABELS = {
    "People's Republic of China": "CN",
    "United States of America": "US",
    "Turkey": "TR",
    "Russia": "RU",
    "Republic of Ireland": "IE",
    "Brunei": "BN",
    "Cape Verde": "CV",
    "Kosovo": "XK",
    "Northern Ireland": "GB",
}


def partial_date(value: str) -> str | None:
    """A Wikidata time at its precision: '+1994-00-00T00:00:00Z' -> '1994', '+1994-05-00…' -> '1994-05';
    None for a value that is not a real date of the common era."""
    match = WIKIDATA_TIME.fullmatch(value)
    if not match:
        return None
    year, month, day = match.groups()
    text = year if month == "00" else f"{year}-{month}" if day == "00" else f"{year}-{month}-{day}"
    return text if is_partial_date(text) else None


@functools.cache
def country_code(label: str) -> str | None:
    """The ISO 3166-1 alpha-2 code of a Wikidata country label; None for a former or unknown country."""
    code = COUNTRY_LABELS.get(label)
    if code is None:
        try:
            code = pycountry.countries.lookup(label).alpha_2
        except LookupError:
            return None
    return code if code in country_codes() else None


@dataclass
class NewspaperImport(LayerImport):
    """One run over newspapers_flat.csv: the entity each QID of the file stands for, besides the shared state."""

    outlet_of_qid: dict[str, str] = field(default_factory=dict)
    values_of_qid: dict[str, dict[str, str | None]] = field(default_factory=dict)

    def add(self, line: int, item: dict[str, str]) -> None:
        """Add one newspaper's outlet and ownership claims, or report why it is left out."""
        outlet_id, values = self.outlet_of_qid[item["qid"]], self.values_of_qid[item["qid"]]
        if outlet_id == f"wd:{item['qid']}":
            self.rows.add("outlets", outlet_id=outlet_id, name=item["label"], **values, source_id=self.source_id)
            self.rows.add("identifiers", entity_id=outlet_id, scheme=SCHEME, value=item["qid"])
        else:
            self.add_attributes(outlet_id, values)
            if self.index.names.get(outlet_id) != item["label"]:
                self.rows.add("aliases", entity_id=outlet_id, alias=item["label"])
        for names_column, qids_column, interest in OWNER_COLUMNS:
            names, qids = split_values(item[names_column]), split_values(item[qids_column])
            for placeholder in (name for name in names if name in UNKNOWN_VALUES):
                self.report.drop(line, names_column, f"Wikidata's {placeholder!r}: an owner it does not name")
            names = [name for name in names if name not in UNKNOWN_VALUES]
            if len(names) != len(qids):
                self.report.drop(line, names_column, f"{len(names)} name(s) but {len(qids)} QID(s)")
                continue
            for name, qid in zip(names, qids, strict=True):
                self.add_interest(
                    line, names_column, (name, qid), outlet_id, interest, self.country_of(outlet_id, values)
                )
        self.report.imported += 1

    def outlet_values(self, line: int, item: dict[str, str]) -> dict[str, str | None]:
        """The outlet's attributes as the item states them; a value that is not one is reported and left out."""
        dates = {}
        for column in ("inception", "dissolved"):
            dates[column] = partial_date(item[column]) if item[column] else None
            if item[column] and dates[column] is None:
                self.report.drop(line, column, "not a date of the common era")
        if dates["inception"] and dates["dissolved"] and dates["dissolved"] < dates["inception"]:
            self.report.drop(line, "dissolved", "before the inception")
            dates["dissolved"] = None
        websites = split_values(item["website"])
        return {
            "media_type": "newspaper",
            "country": self.country(line, item["country"]),
            "language": ";".join(split_values(item["language"])),
            "founded": dates["inception"],
            "closed": dates["dissolved"],
            "website": websites[0] if websites else "",
        }

    def country(self, line: int, labels: str) -> str | None:
        """The one current country the labels name; several, or none known, leave it empty (reported)."""
        if not labels:
            return None
        codes = list(dict.fromkeys(code for label in split_values(labels) if (code := country_code(label))))
        if len(codes) != 1:
            reason = "names several current countries" if codes else "has no ISO 3166-1 code"
            self.report.drop(line, "country", f"{labels!r} {reason}")
            return None
        return codes[0]

    def add_interest(
        self, line: int, column: str, owner: tuple[str, str], outlet_id: str, interest: str, country: str | None
    ) -> None:
        """Add the interest of the owner (name, QID) in an outlet of `country` (None when unknown)."""
        name, qid = owner
        if not QID.fullmatch(qid):
            self.report.drop(line, column, f"{qid!r} is not a QID")
            return
        owner_id = self.outlet_of_qid.get(qid) or self.owners.resolve(
            name, (SCHEME, qid), new_id=f"wd:{qid}", country=country
        )
        self.add_claim(line, column, f"{name!r} ({qid})", owner_id, outlet_id, interest)


def import_wikidata(path: Path, data_dir: Path) -> ImportReport:
    """Write data_dir/wikidata/ from newspapers_flat.csv at path; return what was done."""
    run = NewspaperImport.start(LAYER, SOURCE, data_dir, f"wikidata {path.name}")
    items: list[tuple[int, dict[str, str]]] = []
    first_line: dict[str, int] = {}
    for line, item in read_upstream_csv(path, COLUMNS, run.report):
        if not QID.fullmatch(item["qid"]):
            run.report.skip(line, f"{item['qid']!r} is not a QID")
        elif not item["label"]:
            run.report.skip(line, f"{item['qid']} has no label")
        elif item["qid"] in first_line:
            run.report.skip(line, f"{item['qid']} is already on line {first_line[item['qid']]}")
        else:
            first_line[item["qid"]] = line
            items.append((line, item))
    # Owners may be newspapers of the same file, listed further down: know every item's id before any claim.
    run.values_of_qid = {item["qid"]: run.outlet_values(line, item) for line, item in items}
    run.outlet_of_qid = {
        item["qid"]: run.outlet_for(SCHEME, item["qid"], item["label"], run.values_of_qid[item["qid"]])
        or f"wd:{item['qid']}"
        for _, item in items
    }
    for done, (line, item) in enumerate(items, start=1):
        run.add(line, item)
        progress("wikidata newspapers imported", done, len(items))
    return run.finish(data_dir)
