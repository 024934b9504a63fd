"""Import BODS 0.4 statements (a JSON array as `media-atlas export bods` writes, or JSON Lines) as the
`bods` layer.

- An entity record becomes an organisation `bods:<recordId>` (an outlet when its entityType details say
  'media outlet: <type>', as the atlas's export writes), a person record a person; the recordId is kept in
  `identifiers` (scheme `bods-record`), and so are the record's own identifiers. A record that another layer's
  `identifiers` already maps (the same recordId, or the same Wikidata QID, say) adds its claims to that entity.
- A relationship's interests become ownership rows: `shareholding` as shareholding; `otherInfluenceOrControl` whose
  details is an atlas interest (control, operator, publisher, affiliation) as that; a person's board or senior
  official interest as a role; every other interest (votingRights, appointmentOfBoard, …) as control, reported. The
  share exact or as minimum/maximum, the start and end dates (a date the annotations say is known only to the year
  or month keeps that precision). A relationship with no interests is an affiliation: a tie of unknown nature.
- An interested party the statement declares unknown (an Unspecified Record: a reason and a description) becomes an
  organisation of kind 'other' named after the reason, with an `bods-unspecified` identifier, so the export writes
  it back inline; its tie is an affiliation, so look-through and control never count it as an owner.
- Each distinct statement source (with its publisher) becomes one `sources` row.
- A statement that cannot be read (not an object, no recordId, an unknown recordType, a relationship naming a record
  the file does not hold) is reported with its position (1 = the first statement) and skipped.
- When one record has several statements, the last one read wins (a BODS stream lists a record's updates in order);
  a relationship whose last statement is `closed` ends its open interests on that statement's date.
"""

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from media_atlas.exchange.bods import (
    ENTITY_TYPES,
    OTHER_INTEREST,
    OUTLET_DETAILS,
    PRECISION_NOTE,
    RECORD_SCHEME,
    ROLE_INTERESTS,
    UNSPECIFIED_SCHEME,
)
from media_atlas.importers.layer import ImportReport, LayerRows, is_partial_date
from media_atlas.importers.owners import EntityIndex
from media_atlas.progress import QUIET, Progress
from media_atlas.vocabulary import INTERESTS, MEDIA_TYPES, ORGANISATION_KINDS, country_codes

LAYER = "bods"
ID_PREFIX = "bods:"
# A sources row needs a link; a statement that names none (neither its source nor its publisher) cites the standard.
STANDARD_URL = "https://standard.openownership.org/en/0.4.0/"
ATLAS_SOURCE_NOTE = re.compile(r"^atlas source (\S+): published (\S+)(?:; license (.+))?$")
RECORD_TYPES = ("entity", "person", "relationship")


class BodsFileError(ValueError):
    """The file is not BODS JSON at all (not JSON, or not a list of statements)."""


@dataclass
class BodsImport:
    rows: LayerRows
    report: ImportReport
    index: EntityIndex
    countries: frozenset[str] = field(default_factory=country_codes)
    atlas_ids: dict[str, str] = field(default_factory=dict)
    record_types: dict[str, str] = field(default_factory=dict)
    source_ids: dict[str, str] = field(default_factory=dict)

    def source_id(self, statement: dict) -> str:
        """The `sources` row of this statement's source and publisher, added the first time it is seen."""
        source = statement.get("source") if isinstance(statement.get("source"), dict) else {}
        publication = (
            statement.get("publicationDetails") if isinstance(statement.get("publicationDetails"), dict) else {}
        )
        publisher = publication.get("publisher") if isinstance(publication.get("publisher"), dict) else {}
        notes = [
            a.get("description", "") for a in annotations(statement) if a.get("statementPointerTarget") == "/source"
        ]
        key = json.dumps([source, publisher, publication.get("license"), notes], sort_keys=True, ensure_ascii=False)
        if key in self.source_ids:
            return self.source_ids[key]
        source_id = "bods-source-" + hashlib.sha1(key.encode()).hexdigest()[:12]
        asserted = [a.get("name") for a in source.get("assertedBy", []) if isinstance(a, dict) and a.get("name")]
        published = text(publication.get("publicationDate"))[:10]
        license_ = text(publication.get("license"))
        for note in notes:
            if found := ATLAS_SOURCE_NOTE.match(note):
                published = found.group(2) if is_partial_date(found.group(2)) else ""
                license_ = found.group(3) or ""
        urls = [text(source.get("url")), text(publisher.get("url")), text(publisher.get("uri"))]
        url = next((u for u in urls if re.fullmatch(r"https?://\S+", u)), STANDARD_URL)
        retrieved = text(source.get("retrievedAt"))[:10]
        self.rows.add(
            "sources",
            source_id=source_id,
            title=text(source.get("description")) or f"BODS statements published by {publisher_name(publisher)}",
            publisher=(asserted[0] if asserted else publisher_name(publisher)),
            url=url,
            published_on=published if is_partial_date(published) else "",
            retrieved_on=retrieved if is_partial_date(retrieved) else "",
            license=license_,
        )
        self.source_ids[key] = source_id
        return source_id

    def entity_id(self, record_id: str, identifiers: list[tuple[str, str]]) -> tuple[str, bool]:
        """The atlas id for this record, and whether another layer already has it."""
        for identifier in [(RECORD_SCHEME, record_id), *identifiers]:
            if found := self.index.by_identifier.get(identifier):
                return found, True
        return ID_PREFIX + record_id, False

    def add_entity(self, position: int, statement: dict, details: dict) -> None:
        record_id = statement["recordId"]
        identifiers = record_identifiers(details)
        entity_id, known = self.entity_id(record_id, identifiers)
        self.atlas_ids[record_id], self.record_types[record_id] = entity_id, "entity"
        if known:
            self.report.change(position, "recordId", "already in another layer: its claims are added to that entity")
            return
        source_id = self.source_id(statement)
        entity_type = details.get("entityType") if isinstance(details.get("entityType"), dict) else {}
        kind_details = text(entity_type.get("details"))
        name = text(details.get("name"))
        if not name:
            name = f"{text(entity_type.get('type')) or 'entity'} {record_id}"
            self.report.change(position, "name", "none given: named after its type and recordId")
        country = self.country(position, details.get("jurisdiction"), "jurisdiction")
        founded = self.date(position, statement, "/recordDetails/foundingDate", details.get("foundingDate"))
        ended = self.date(position, statement, "/recordDetails/dissolutionDate", details.get("dissolutionDate"))
        if founded and ended and ended < founded:
            self.report.drop(position, "dissolutionDate", "before the founding date")
            ended = ""
        website = text(details.get("uri"))
        # The first other name is the local name (the export lists it first), the rest are aliases.
        alternates = [text(n) for n in details.get("alternateNames") or [] if text(n) and text(n) != name]
        local_name = alternates[0] if alternates else ""
        if kind_details.startswith(OUTLET_DETAILS) and kind_details[len(OUTLET_DETAILS) :] in MEDIA_TYPES:
            self.rows.add(
                "outlets",
                outlet_id=entity_id,
                name=name,
                local_name=local_name,
                media_type=kind_details[len(OUTLET_DETAILS) :],
                country=country,
                founded=founded,
                closed=ended,
                website=website,
                source_id=source_id,
            )
        else:
            kind = kind_details if kind_details in ORGANISATION_KINDS else None
            if kind is None:
                kind = "state" if entity_type.get("type") in ENTITY_TYPES.values() else "company"
            self.rows.add(
                "organisations",
                org_id=entity_id,
                name=name,
                local_name=local_name,
                kind=kind,
                country=country,
                founded=founded,
                dissolved=ended,
                website=website,
                source_id=source_id,
            )
        self.add_names_and_ids(entity_id, record_id, name, alternates[1:], identifiers)

    def add_person(self, position: int, statement: dict, details: dict) -> None:
        record_id = statement["recordId"]
        identifiers = record_identifiers(details)
        entity_id, known = self.entity_id(record_id, identifiers)
        self.atlas_ids[record_id], self.record_types[record_id] = entity_id, "person"
        if known:
            self.report.change(position, "recordId", "already in another layer: its claims are added to that entity")
            return
        names = [n for n in details.get("names", []) if isinstance(n, dict) and text(n.get("fullName"))]
        names.sort(key=lambda n: n.get("type") != "legal")
        name = text(names[0]["fullName"]) if names else ""
        if not name:
            name = f"{text(details.get('personType')) or 'person'} {record_id}"
            self.report.change(position, "names", "no full name: named after its person type and recordId")
        nationalities = details.get("nationalities") if isinstance(details.get("nationalities"), list) else []
        country = self.country(position, nationalities[0] if nationalities else None, "nationalities")
        self.rows.add("people", person_id=entity_id, name=name, country=country, source_id=self.source_id(statement))
        others = [n["fullName"] for n in names[1:]]
        self.add_names_and_ids(entity_id, record_id, name, others, identifiers)

    def add_names_and_ids(self, entity_id, record_id, name, alternates, identifiers) -> None:
        self.rows.add("identifiers", entity_id=entity_id, scheme=RECORD_SCHEME, value=record_id)
        for scheme, value in identifiers:
            if (scheme, value) not in self.index.by_identifier:
                self.rows.add("identifiers", entity_id=entity_id, scheme=scheme, value=value)
        for alias in alternates if isinstance(alternates, list) else []:
            if text(alias) and text(alias) != name:
                self.rows.add("aliases", entity_id=entity_id, alias=text(alias))

    def add_relationship(self, position: int, statement: dict, details: dict) -> None:
        record_id = statement["recordId"]
        subject, party = details.get("subject"), details.get("interestedParty")
        if not isinstance(subject, str):
            self.report.skip(
                position, f"relationship {record_id}: its subject is not a record (an unspecified subject)"
            )
            return
        if self.record_types.get(subject) != "entity":
            why = "no record in the file" if subject not in self.record_types else "a person, not an entity"
            self.report.skip(position, f"relationship {record_id}: its subject {subject} is {why}")
            return
        owned_id = self.atlas_ids[subject]
        source_id = self.source_id(statement)
        if isinstance(party, dict) and text(party.get("reason")):
            owner_id = ID_PREFIX + record_id + ":interestedParty"
            reason = text(party["reason"])
            self.rows.add(
                "organisations",
                org_id=owner_id,
                name=f"unspecified interested party ({reason})",
                local_name=text(party.get("description")),
                kind="other",
                source_id=source_id,
            )
            self.rows.add("identifiers", entity_id=owner_id, scheme=UNSPECIFIED_SCHEME, value=f"{record_id}#{reason}")
            party_type = "unspecified"
        elif isinstance(party, str) and party in self.record_types:
            owner_id, party_type = self.atlas_ids[party], self.record_types[party]
        else:
            self.report.skip(
                position, f"relationship {record_id}: its interested party {party!r} is no record in the file"
            )
            return
        if owner_id == owned_id:
            self.report.skip(position, f"relationship {record_id}: an entity's interest in itself")
            return
        interests = details.get("interests") if isinstance(details.get("interests"), list) else []
        closed_on = text(statement.get("statementDate"))[:10] if statement.get("recordStatus") == "closed" else ""
        if not interests or party_type == "unspecified":
            self.rows.add(
                "ownership", owner_id=owner_id, owned_id=owned_id, interest="affiliation", source_id=source_id
            )
        for number, interest in enumerate(interests if party_type != "unspecified" else []):
            if not isinstance(interest, dict):
                self.report.drop(position, f"interests/{number}", "not an object")
                continue
            self.add_interest(
                position, statement, number, interest, owner_id, owned_id, party_type, source_id, closed_on
            )
        self.report.imported += 1

    def add_interest(self, position, statement, number, interest, owner_id, owned_id, party_type, source_id, closed_on):
        pointer = f"/recordDetails/interests/{number}"
        kind, details = text(interest.get("type")), text(interest.get("details"))
        start = self.date(position, statement, f"{pointer}/startDate", interest.get("startDate"))
        end = self.date(position, statement, f"{pointer}/endDate", interest.get("endDate")) or closed_on
        if start and end and end < start:
            self.report.drop(position, f"interests/{number}/endDate", "before the start date")
            end = ""
        if kind in ROLE_INTERESTS and party_type == "person":
            self.rows.add(
                "roles",
                person_id=owner_id,
                entity_id=owned_id,
                role=details or kind,
                start_date=start,
                end_date=end,
                source_id=source_id,
            )
            return
        if kind == "shareholding":
            atlas_interest = "shareholding"
        elif kind == OTHER_INTEREST and details in INTERESTS:
            atlas_interest = details
        else:
            atlas_interest = "control"
            self.report.change(position, f"interests/{number}/type", f"{kind or 'no type'} read as control")
        share_min, share_max = self.share(position, number, interest.get("share"))
        self.rows.add(
            "ownership",
            owner_id=owner_id,
            owned_id=owned_id,
            interest=atlas_interest,
            share_min=share_min,
            share_max=share_max,
            start_date=start,
            end_date=end,
            source_id=source_id,
        )

    def share(self, position: int, number: int, share) -> tuple[str, str]:
        if not isinstance(share, dict):
            return "", ""
        low = share.get("exact", share.get("minimum", share.get("exclusiveMinimum")))
        high = share.get("exact", share.get("maximum", share.get("exclusiveMaximum")))
        values = []
        for value in (low, high):
            ok = isinstance(value, int | float) and not isinstance(value, bool) and 0 <= value <= 100
            if value is not None and not ok:
                self.report.drop(position, f"interests/{number}/share", "not a percentage from 0 to 100")
            values.append(number_text(value) if ok else "")
        if values[0] and values[1] and float(values[0]) > float(values[1]):
            self.report.drop(position, f"interests/{number}/share", "minimum above maximum")
            return "", ""
        return values[0], values[1]

    def country(self, position: int, place, column: str) -> str:
        code = text(place.get("code")) if isinstance(place, dict) else ""
        if code and code not in self.countries:
            self.report.drop(position, column, f"{code} is not an ISO 3166-1 alpha-2 code")
            return ""
        return code

    def date(self, position: int, statement: dict, pointer: str, value) -> str:
        """A BODS date as the atlas keeps it: at the precision an annotation gives, else the full date."""
        value = text(value)[:10]
        if not value:
            return ""
        if not is_partial_date(value):
            self.report.drop(position, pointer.rsplit("/", 1)[-1], "not a date")
            return ""
        for note in annotations(statement):
            if note.get("statementPointerTarget") == pointer:
                found = PRECISION_NOTE.match(text(note.get("description")))
                if found and value.startswith(found.group(1)):
                    return found.group(1)
        return value


def text(value) -> str:
    return " ".join(value.split()) if isinstance(value, str) else ""


def number_text(value) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def publisher_name(publisher: dict) -> str:
    return text(publisher.get("name")) or "unknown publisher"


def annotations(statement: dict) -> list[dict]:
    found = statement.get("annotations")
    return [a for a in found if isinstance(a, dict)] if isinstance(found, list) else []


def record_identifiers(details: dict) -> list[tuple[str, str]]:
    found = []
    for identifier in details.get("identifiers", []) if isinstance(details.get("identifiers"), list) else []:
        if not isinstance(identifier, dict):
            continue
        scheme = text(identifier.get("scheme")) or text(identifier.get("schemeName"))
        value = text(identifier.get("id"))
        if scheme and value:
            found.append((scheme, value))
    return found


def read_statements(path: Path) -> list:
    """The statements of a JSON array (or one statement), or of JSON Lines (one statement a line)."""
    text = path.read_text(encoding="utf-8-sig")
    try:
        statements = json.loads(text)
    except json.JSONDecodeError as error:
        lines = [line for line in text.splitlines() if line.strip()]
        try:
            statements = [json.loads(line) for line in lines]
        except json.JSONDecodeError:
            raise BodsFileError(f"not JSON: {error}") from error
        if len(lines) < 2:
            raise BodsFileError(f"not JSON: {error}") from error
    if isinstance(statements, dict):
        statements = [statements]
    if not isinstance(statements, list):
        raise BodsFileError("not a list of BODS statements")
    return statements


def import_bods(path: Path, data_dir: Path, progress: Progress = QUIET) -> ImportReport:
    """Write data_dir/bods/ from the BODS 0.4 JSON file at path; return what was done."""
    statements = read_statements(path)
    run = BodsImport(
        LayerRows(LAYER),
        ImportReport(f"BODS {path.name}", unit="statement"),
        EntityIndex.from_data(data_dir, exclude=LAYER),
    )
    run.report.rows_read = len(statements)
    # The last statement of each record wins; records are read before the relationships that name them.
    latest: dict[str, tuple[int, dict]] = {}
    for position, statement in enumerate(statements, start=1):
        if not isinstance(statement, dict):
            run.report.skip(position, "not a JSON object")
            continue
        record_id, record_type = statement.get("recordId"), statement.get("recordType")
        details = statement.get("recordDetails")
        if not isinstance(record_id, str) or not record_id.strip():
            run.report.skip(position, "no recordId (BODS 0.4 statements are record-based)")
        elif record_type not in RECORD_TYPES:
            run.report.skip(position, f"record {record_id}: unknown recordType {record_type!r}")
        elif not isinstance(details, dict):
            run.report.skip(position, f"record {record_id}: no recordDetails object")
        else:
            if record_id in latest:
                run.report.skip(latest[record_id][0], f"record {record_id}: replaced by statement {position}")
            latest[record_id] = (position, statement)
    ordered = sorted(latest.values(), key=lambda item: (item[1]["recordType"] == "relationship", item[0]))
    add = {"entity": run.add_entity, "person": run.add_person, "relationship": run.add_relationship}
    with progress.stage("import bods: statements", total=len(ordered)) as stage:
        for position, statement in ordered:
            kind = statement["recordType"]
            add[kind](position, statement, statement["recordDetails"])
            if kind != "relationship":
                run.report.imported += 1
            stage.advance()
    run.rows.write(data_dir)
    return run.report
