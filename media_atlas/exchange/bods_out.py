"""`media-atlas export bods`: the built database as BODS 0.4 statements (entity, person and relationship records).

- Organisations and outlets are entity records, people person records; the record id is the atlas id, or the
  upstream record id an import kept (`identifiers`, scheme `bods-record`).
- Each (owner, owned, source) becomes one relationship record whose interests are the atlas's ownership rows:
  shareholding as `shareholding`, every other atlas interest as `otherInfluenceOrControl` with the atlas word as
  details; the share exact, or as minimum/maximum; start and end dates; `direct`. `beneficialOwnershipOrControl` is
  true for a person's shareholding or control. A person's roles become relationships with a board or senior-official
  interest whose details are the role.
- Every statement names its source (`source`: the title, link, publisher, retrieval date) and carries annotations:
  the atlas source and layer it came from, and the precision of any date the atlas knows only to the year or month.
- `as_of` keeps only the entities that exist and the interests and roles that count on that date; the statements
  are then dated that day. Entity and person statements come before the relationships that name them.
"""

import datetime as dt
import json
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from media_atlas.exchange.bods import (
    BODS_VERSION,
    ENTITY_TYPES,
    INTERNAL_SCHEMES,
    OTHER_INTEREST,
    OUTLET_DETAILS,
    PUBLISHER,
    RECORD_SCHEME,
    UNSPECIFIED_SCHEME,
    as_uri,
    full_date,
    precision_note,
    role_interest,
    statement_id,
)
from media_atlas.progress import QUIET, Progress

ORG_ID_SCHEME = __import__("re").compile(r"^[A-Z]{2,3}-[A-Z0-9]+$")


@dataclass
class BodsReport:
    path: Path
    counts: dict[str, int] = field(default_factory=lambda: {"entity": 0, "person": 0, "relationship": 0})
    left_out: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    def lines(self) -> list[str]:
        lines = [f"{kind} statements: {count:,}" for kind, count in self.counts.items()]
        lines += [f"left out: {count:,} {why}" for why, count in self.left_out.items()]
        lines.append(f"{sum(self.counts.values()):,} statements -> {self.path}")
        return lines


def _as_of_filter(start: str, end: str) -> str:
    return (
        f"($as_of is null or (({start} is null or first_day({start}) <= $as_of::date)"
        f" and ({end} is null or first_day({end}) > $as_of::date)))"
    )


def _only(column: str) -> str:
    return f"($only is null or list_contains($only, {column}))"


def _touches(party: str, subject: str) -> str:
    """With one entity asked for, only the links that have it at one end."""
    return f"($only is null or {party} = $only[1] or {subject} = $only[1])"


class _Exporter:
    def __init__(
        self, con: duckdb.DuckDBPyConnection, as_of: str | None, published: str, report: BodsReport, look_through=False
    ):
        self.con, self.as_of, self.report, self.look_through = con, as_of, report, look_through
        # One entity's statements only: it, its direct owners and holdings, and the people with roles in it.
        self.only: list[str] | None = None
        self.day = as_of or published
        self.published = published
        self.countries = dict(con.execute("select code, name from countries").fetchall())
        self.sources = {row[0]: row for row in con.execute("select * exclude (layer) from sources").fetchall()}
        self.identifiers: dict[str, list[tuple[str, str]]] = {}
        for entity_id, scheme, value in con.execute(
            "select entity_id, scheme, value from identifiers order by entity_id, scheme, value"
        ).fetchall():
            self.identifiers.setdefault(entity_id, []).append((scheme, value))
        self.aliases: dict[str, list[str]] = {}
        for entity_id, alias in con.execute("select entity_id, alias from aliases order by all").fetchall():
            self.aliases.setdefault(entity_id, []).append(alias)
        self.record_ids: dict[str, str] = {}
        self.kinds: dict[str, str] = {}
        self.unspecified: dict[str, dict] = {}

    def rows(self, sql: str) -> Iterator[tuple]:
        cursor = self.con.cursor()
        params = {"as_of": self.as_of, "only": self.only}
        cursor.execute(sql, {k: v for k, v in params.items() if f"${k}" in sql} or None)
        while batch := cursor.fetchmany(10_000):
            yield from batch

    def record_id(self, entity_id: str) -> str:
        kept = [value for scheme, value in self.identifiers.get(entity_id, ()) if scheme == RECORD_SCHEME]
        return kept[0] if kept else entity_id

    def statement(self, record_type, record_id, subject, details, source_id, layer, entity_id, notes) -> dict:
        statement = {
            "statementId": statement_id(record_type, record_id, self.day),
            "declarationSubject": subject,
            "statementDate": self.day,
            "recordId": record_id,
            "recordType": record_type,
            "recordStatus": "new",
            "recordDetails": details,
            "publicationDetails": {
                "publicationDate": self.published,
                "bodsVersion": BODS_VERSION,
                "publisher": PUBLISHER,
            },
        }
        annotations = [
            {
                "motivation": "transformation",
                "statementPointerTarget": "",
                "description": f"atlas {entity_id} in layer {layer}",
            }
        ]
        source = self.sources.get(source_id)
        if source is not None:
            _, title, publisher, url, published_on, retrieved_on, license_ = source
            statement["source"] = {"type": ["thirdParty"], "description": title}
            if as_uri(url):
                statement["source"]["url"] = as_uri(url)
            if retrieved_on:
                statement["source"]["retrievedAt"] = full_date(retrieved_on)
            statement["source"]["assertedBy"] = [{"name": publisher}]
            said = f"atlas source {source_id}: published {published_on or 'on an unknown date'}"
            annotations.append(
                {
                    "motivation": "commenting",
                    "statementPointerTarget": "/source",
                    "description": said + (f"; license {license_}" if license_ else ""),
                }
            )
        for pointer, value in notes:
            note = precision_note(value)
            if note:
                annotations.append({"motivation": "commenting", "statementPointerTarget": pointer, "description": note})
        statement["annotations"] = annotations
        return statement

    def entity_details(self, entity_id, name, local_name, entity_type, details, country, founded, dissolved, website):
        record = {"isComponent": False, "entityType": {"type": entity_type}}
        if details:
            record["entityType"]["details"] = details
        record["name"] = name
        alternate = [n for n in [local_name, *self.aliases.get(entity_id, ())] if n and n != name]
        if alternate:
            record["alternateNames"] = list(dict.fromkeys(alternate))
        if country:
            record["jurisdiction"] = {"name": self.countries.get(country, country), "code": country}
        identifiers = self.public_identifiers(entity_id)
        if identifiers:
            record["identifiers"] = identifiers
        if founded:
            record["foundingDate"] = full_date(founded)
        if dissolved:
            record["dissolutionDate"] = full_date(dissolved)
        if website and website.startswith(("http://", "https://")) and as_uri(website):
            record["uri"] = as_uri(website)
        return record, [("/recordDetails/foundingDate", founded), ("/recordDetails/dissolutionDate", dissolved)]

    def public_identifiers(self, entity_id: str) -> list[dict]:
        identifiers = []
        for scheme, value in self.identifiers.get(entity_id, ()):
            if scheme in INTERNAL_SCHEMES:
                continue
            key = "scheme" if ORG_ID_SCHEME.match(scheme) else "schemeName"
            identifier = {"id": value, key: scheme}
            if scheme == "wikidata":
                identifier["uri"] = f"https://www.wikidata.org/wiki/{value}"
            identifiers.append(identifier)
        return identifiers

    def entities(self) -> Iterator[dict]:
        for entity_id, scheme_value in (
            (e, v) for e, pairs in self.identifiers.items() for s, v in pairs if s == UNSPECIFIED_SCHEME
        ):
            self.unspecified[entity_id] = scheme_value
        organisations = self.rows(
            "select org_id, name, local_name, kind, country, founded, dissolved, website, source_id, layer "
            f"from organisations where {_as_of_filter('founded', 'dissolved')} and {_only('org_id')} order by org_id"
        )
        for org_id, name, local_name, kind, country, founded, dissolved, website, source_id, layer in organisations:
            if org_id in self.unspecified:
                continue
            details, notes = self.entity_details(
                org_id,
                name,
                local_name,
                ENTITY_TYPES.get(kind, "registeredEntity"),
                None if kind == "company" else kind,
                country,
                founded,
                dissolved,
                website,
            )
            yield self.emit("entity", org_id, details, source_id, layer, notes)
        outlets = self.rows(
            "select outlet_id, name, local_name, media_type, country, founded, closed, website, source_id, layer "
            f"from outlets where {_as_of_filter('founded', 'closed')} and {_only('outlet_id')} order by outlet_id"
        )
        for outlet_id, name, local_name, media_type, country, founded, closed, website, source_id, layer in outlets:
            details, notes = self.entity_details(
                outlet_id,
                name,
                local_name,
                "registeredEntity",
                OUTLET_DETAILS + media_type,
                country,
                founded,
                closed,
                website,
            )
            yield self.emit("entity", outlet_id, details, source_id, layer, notes)

    def emit(self, record_type: str, entity_id: str, details: dict, source_id, layer, notes, subject=None) -> dict:
        record_id = self.record_id(entity_id)
        self.record_ids[entity_id] = record_id
        self.kinds[entity_id] = record_type
        self.report.counts[record_type] += 1
        return self.statement(record_type, record_id, subject or record_id, details, source_id, layer, entity_id, notes)

    def people(self) -> Iterator[dict]:
        subjects = dict(
            self.con.execute(
                "select person_id, min(subject) from (select owner_id as person_id, owned_id as subject from ownership"
                " union all select person_id, entity_id from roles) group by person_id"
            ).fetchall()
        )
        for person_id, name, country, source_id, layer in self.rows(
            "select person_id, name, country, source_id, layer from people "
            f"where {_only('person_id')} order by person_id"
        ):
            details = {
                "isComponent": False,
                "personType": "knownPerson",
                "names": [{"type": "legal", "fullName": name}],
            }
            identifiers = self.public_identifiers(person_id)
            if identifiers:
                details["identifiers"] = identifiers
            if country:
                details["nationalities"] = [{"name": self.countries.get(country, country), "code": country}]
            subject = subjects.get(person_id)
            subject_record = self.record_ids.get(subject) if subject else None
            yield self.emit("person", person_id, details, source_id, layer, [], subject_record)

    def relationship(self, key: tuple, interests: list[tuple[dict, list]], layer: str) -> dict | None:
        kind, party, subject, source_id = key
        if subject not in self.record_ids or self.kinds.get(subject) != "entity":
            self.report.left_out["interest(s) in an entity not exported (a person, or not existing on the date)"] = (
                self.report.left_out.get(
                    "interest(s) in an entity not exported (a person, or not existing on the date)", 0
                )
                + len(interests)
            )
            return None
        if party in self.unspecified:
            record_id, reason = self.unspecified[party].rsplit("#", 1)
            name = self.con.execute("select name, local_name from organisations where org_id = ?", [party]).fetchall()[
                0
            ]
            interested: str | dict = {"reason": reason}
            if name[1]:
                interested["description"] = name[1]
            interests = []
        elif party in self.record_ids:
            interested = self.record_ids[party]
            record_id = f"{kind}:{party}:{subject}:{source_id}"
        else:
            why = "interest(s) held by an entity not exported (not existing on the date)"
            self.report.left_out[why] = self.report.left_out.get(why, 0) + len(interests)
            return None
        details = {"isComponent": False, "subject": self.record_ids[subject], "interestedParty": interested}
        if interests:
            details["interests"] = [interest for interest, _ in interests]
        notes = [
            (f"/recordDetails/interests/{i}/{name}", value)
            for i, (_, dates) in enumerate(interests)
            for name, value in dates
        ]
        self.report.counts["relationship"] += 1
        return self.statement(
            "relationship",
            record_id,
            self.record_ids[subject],
            details,
            source_id,
            layer,
            f"{kind} {party} in {subject}",
            notes,
        )

    def relationships(self) -> Iterator[dict]:
        # An ownership claim holds on the dates the model says (model/rules.sql § claims: `claims`); a role on its own
        # dates.
        for table, (party, subject, what), (start, end), kind, interest_of in (
            ("claims", ("owner_id", "owned_id", "interest"), ("holds_from", "holds_until"), "ownership",
             self.ownership_interest),
            ("roles", ("person_id", "entity_id", "role"), ("start_date", "end_date"), "role", self.role_interest),
        ):  # fmt: skip
            shares = "share_min, share_max" if table == "claims" else "null, null"
            yield from self.grouped(
                self.rows(
                    f"select {party}, {subject}, {what}, {shares}, start_date, end_date, source_id, layer "
                    f"from {table} where {_as_of_filter(start, end)} "
                    f"and {_only(party)} and {_only(subject)} and {_touches(party, subject)} "
                    f"order by {subject}, {party}, source_id, start_date nulls first, {what}"
                ),
                kind,
                interest_of,
            )
        if self.look_through:
            yield from self.indirect()

    def indirect(self) -> Iterator[dict]:
        """Each owner's look-through interest in what it holds through others on the day: `indirect`, with the
        effective share; the paths behind it are the direct relationships."""
        for owner, owned, share_min, share_max, depth, paths in self.rows(
            "select owner_id, owned_id, effective_min, effective_max, depth, paths from lookthrough_as_of($as_of) "
            "where depth > 1 order by owned_id, owner_id"
        ):
            if owned not in self.record_ids or owner not in self.record_ids or self.kinds.get(owned) != "entity":
                continue
            interest: dict = {"type": "shareholding", "directOrIndirect": "indirect"}
            interest["beneficialOwnershipOrControl"] = self.kinds.get(owner) == "person"
            if share_min is not None and share_min == share_max:
                interest["share"] = {"exact": share_min}
            elif share_min is not None or share_max is not None:
                interest["share"] = {k: v for k, v in (("minimum", share_min), ("maximum", share_max)) if v is not None}
            record_id = f"lookthrough:{owner}:{owned}"
            details = {
                "isComponent": False,
                "subject": self.record_ids[owned],
                "interestedParty": self.record_ids[owner],
                "interests": [interest],
            }
            statement = self.statement(
                "relationship",
                record_id,
                self.record_ids[owned],
                details,
                None,
                "derived",
                f"look-through {owner} in {owned}",
                [],
            )
            statement["annotations"].append(
                {
                    "motivation": "commenting",
                    "statementPointerTarget": "/recordDetails/interests/0",
                    "description": f"the atlas's look-through on {self.day}: {paths} path(s) of shareholding or "
                    f"control, the shortest {depth} links; the share is the product along each path, paths summed",
                }
            )
            self.report.counts["relationship"] += 1
            yield statement

    def grouped(self, rows, kind, interest_of) -> Iterator[dict]:
        key, interests, layer = None, [], None
        for party, subject, interest, share_min, share_max, start, end, source_id, row_layer in rows:
            row_key = (kind, party, subject, source_id)
            if row_key != key and key is not None:
                made = self.relationship(key, interests, layer)
                if made:
                    yield made
                interests = []
            key, layer = row_key, row_layer
            interests.append(interest_of(party, interest, share_min, share_max, start, end))
        if key is not None:
            made = self.relationship(key, interests, layer)
            if made:
                yield made

    def ownership_interest(self, party, interest, share_min, share_max, start, end) -> tuple[dict, list]:
        made: dict = {"type": "shareholding"} if interest == "shareholding" else {"type": OTHER_INTEREST}
        if interest != "shareholding":
            made["details"] = interest
        made["directOrIndirect"] = "direct"
        made["beneficialOwnershipOrControl"] = self.kinds.get(party) == "person" and interest in (
            "shareholding",
            "control",
        )
        if share_min is not None and share_min == share_max:
            made["share"] = {"exact": share_min}
        elif share_min is not None or share_max is not None:
            made["share"] = {k: v for k, v in (("minimum", share_min), ("maximum", share_max)) if v is not None}
        return self.dated(made, start, end)

    def role_interest(self, party, role, _min, _max, start, end) -> tuple[dict, list]:
        made = {"type": role_interest(role), "details": role, "directOrIndirect": "direct"}
        made["beneficialOwnershipOrControl"] = False
        return self.dated(made, start, end)

    @staticmethod
    def dated(made: dict, start, end) -> tuple[dict, list]:
        if start:
            made["startDate"] = full_date(start)
        if end:
            made["endDate"] = full_date(end)
        return made, [("startDate", start), ("endDate", end)]


def export_bods(
    db_path: Path,
    path: Path,
    *,
    as_of: str | None = None,
    published: str | None = None,
    look_through: bool = False,
    entity_id: str | None = None,
    progress: Progress = QUIET,
) -> BodsReport:
    """Write the database's statements to path as one JSON array; the file appears whole or not at all.

    published is the publication date (default today), and the statements' date unless as_of is given; look_through
    adds every owner's indirect interest (the atlas's look-through) on as_of (default: that day). entity_id limits
    the statements to one entity: it, its direct owners and holdings, the people with roles in it and those links."""
    started = time.perf_counter()
    if as_of is not None:
        try:
            dt.date.fromisoformat(as_of)
        except ValueError:
            raise ValueError(f"--as-of {as_of!r} is not a date (YYYY-MM-DD)") from None
    report = BodsReport(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    writing = path.with_name(f".{path.name}.writing-{os.getpid()}")
    try:
        with duckdb.connect(str(db_path), read_only=True) as con, writing.open("w", encoding="utf-8") as out:
            published = published or dt.date.today().isoformat()
            if look_through and as_of is None:
                as_of = published
            exporter = _Exporter(con, as_of, published, report, look_through)
            if entity_id is not None:
                exporter.only = [entity_id, *neighbours(con, entity_id)]
            out.write("[")
            first = True
            for stage_name, statements in (
                ("entity statements", exporter.entities),
                ("person statements", exporter.people),
                ("relationship statements", exporter.relationships),
            ):
                with progress.stage(f"export bods: {stage_name}") as stage:
                    for statement in statements():
                        out.write("\n" if first else ",\n")
                        out.write(json.dumps(statement, ensure_ascii=False))
                        first = False
                        stage.advance()
            out.write("\n]\n")
        os.replace(writing, path)
    finally:
        writing.unlink(missing_ok=True)
    report.seconds = time.perf_counter() - started
    return report


def neighbours(con: duckdb.DuckDBPyConnection, entity_id: str) -> list[str]:
    """The ids one ownership link or role away from entity_id."""
    rows = con.execute(
        "select owner_id from ownership where owned_id = $id "
        "union select owned_id from ownership where owner_id = $id "
        "union select person_id from roles where entity_id = $id "
        "union select entity_id from roles where person_id = $id",
        {"id": entity_id},
    ).fetchall()
    return sorted(row[0] for row in rows if row[0] != entity_id)


def entity_bods_bytes(entity_id: str, as_of: str | None = None, db_path: Path | None = None) -> bytes:
    """One entity's statements (see export_bods) on as_of, as the bytes of a JSON file, for a download button."""
    import tempfile

    from media_atlas.build.load import default_db_path

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "entity.bods.json"
        export_bods(db_path or default_db_path(), path, as_of=as_of, entity_id=entity_id)
        return path.read_bytes()
