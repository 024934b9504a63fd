"""`media-atlas import bods`: BODS 0.4 statements as the `bods` layer, and back out through the export.

For each fixture of the bods-v04-fixtures package the test imports, builds and exports, then lists every
difference between the fixture's statements and the exported ones (matched by recordId, relationships by their
subject and interested party): the record details and the source, field by field. What differs is exactly what the
atlas's tables cannot hold, named here; everything else comes back.
"""

import json
import shutil
from pathlib import Path

import bods_fixtures
import pytest

from media_atlas.build.load import build
from media_atlas.build.validate import validate
from media_atlas.cli import main
from media_atlas.exchange.bods_out import export_bods
from media_atlas.importers.bods import import_bods
from tests.bods_check import schema_errors

FIXTURES = Path(bods_fixtures.__file__).parent / "data"
ATLAS = Path(__file__).parent / "fixtures" / "bods" / "atlas"
# The BODS fields the atlas does not keep (a source's type, a person's given and family names and birth date) or
# keeps in its own words (an interest other than a shareholding is `control`), and what the export adds: the
# source's publisher as who asserts it, and the publisher's link as the source's (a source row needs a link).
OWN_SOURCE = (
    "source/assertedBy: missing -> [{'name': 'bods-fixtures'}]",
    "source/type/0: 'primaryResearch' -> 'thirdParty'",
    "source/url: missing -> 'https://github.com/StephenAbbott/bods-fixtures'",
)


def own_source(*records: str) -> list[str]:
    return [f"{record} {difference}" for record in records for difference in OWN_SOURCE]


EXPECTED_DIFFERENCES = {
    "core/01-direct-ownership": sorted(
        [
            *own_source("rec-acme-holdings-ltd", "rec-jane-smith-1975", "rec-jane-smith-1975->rec-acme-holdings-ltd"),
            "rec-jane-smith-1975 recordDetails/birthDate: '1975-06-20' -> missing",
            "rec-jane-smith-1975 recordDetails/names/0/familyName: 'Smith' -> missing",
            "rec-jane-smith-1975 recordDetails/names/0/givenName: 'Jane' -> missing",
            "rec-jane-smith-1975->rec-acme-holdings-ltd recordDetails/interests/1/details: missing -> 'control'",
            "rec-jane-smith-1975->rec-acme-holdings-ltd recordDetails/interests/1/type: 'votingRights' -> "
            "'otherInfluenceOrControl'",
        ]
    ),
    "edge-cases/10-circular-ownership": own_source(
        "rec-alpha-corp", "rec-alpha-corp->rec-beta-corp", "rec-beta-corp", "rec-beta-corp->rec-alpha-corp"
    ),
    "edge-cases/11-anonymous-person": own_source(
        "rec-opaque-holdings-sa", "subjectUnableToConfirmOrIdentifyBeneficialOwner->rec-opaque-holdings-sa"
    ),
}


def keyed(statements: list[dict]) -> dict[str, dict]:
    """Statements by recordId; relationships by '<interested party>-><subject>' (an unspecified party by reason)."""
    found = {}
    for statement in statements:
        details = statement["recordDetails"]
        if statement["recordType"] == "relationship":
            party = details["interestedParty"]
            key = f"{party if isinstance(party, str) else party['reason']}->{details['subject']}"
            details = dict(details, interests=sorted(details.get("interests", []), key=_interest_order))
        else:
            key = statement["recordId"]
        found[key] = {
            "recordType": statement["recordType"],
            "recordDetails": details,
            "source": statement.get("source"),
        }
    return found


def _interest_order(interest: dict) -> tuple:
    return (interest.get("startDate", ""), interest["type"] != "shareholding", interest["type"])


def differences(before, after, path="") -> list[str]:
    if isinstance(before, dict) and isinstance(after, dict):
        return [
            d
            for k in sorted(before.keys() | after.keys())
            for d in differences(before.get(k, _MISSING), after.get(k, _MISSING), f"{path}/{k}")
        ]
    if isinstance(before, list) and isinstance(after, list) and len(before) == len(after):
        return [d for i, (b, a) in enumerate(zip(before, after, strict=True)) for d in differences(b, a, f"{path}/{i}")]
    if before == after:
        return []
    return [f"{path[1:]}: {_shown(before)} -> {_shown(after)}"]


_MISSING = object()


def _shown(value) -> str:
    return "missing" if value is _MISSING else repr(value)


def round_trip(statements_path: Path, tmp_path: Path) -> tuple[list[dict], list[str]]:
    data = tmp_path / "data"
    import_bods(statements_path, data)
    assert validate(data) == []
    build(data, tmp_path / "atlas.duckdb")
    export_bods(tmp_path / "atlas.duckdb", tmp_path / "out.json", published="2026-11-27")
    assert schema_errors(tmp_path / "out.json") == []
    before = keyed(json.loads(statements_path.read_text(encoding="utf-8")))
    exported = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    after = keyed(exported)
    assert sorted(before) == sorted(after)
    return exported, [f"{key} {d}" for key in sorted(before) for d in differences(before[key], after[key])]


@pytest.mark.parametrize("fixture", sorted(EXPECTED_DIFFERENCES))
def test_a_bods_fixture_imports_builds_and_comes_back_out(fixture, tmp_path):
    _, found = round_trip(FIXTURES / f"{fixture}.json", tmp_path)
    assert sorted(found) == sorted(EXPECTED_DIFFERENCES[fixture])


def test_the_circular_fixture_keeps_both_edges(tmp_path):
    exported, _ = round_trip(FIXTURES / "edge-cases/10-circular-ownership.json", tmp_path)
    edges = [
        (s["recordDetails"]["interestedParty"], s["recordDetails"]["subject"])
        for s in exported
        if s["recordType"] == "relationship"
    ]
    assert sorted(edges) == [("rec-alpha-corp", "rec-beta-corp"), ("rec-beta-corp", "rec-alpha-corp")]


def test_the_atlas_round_trips_through_bods(tmp_path):
    """The atlas's own export, imported into an empty data folder, exports the same facts again."""
    build(ATLAS, tmp_path / "first.duckdb")
    export_bods(tmp_path / "first.duckdb", tmp_path / "first.json", published="2026-11-27")
    _, found = round_trip(tmp_path / "first.json", tmp_path)
    assert found == []


def test_a_re_run_writes_identical_files(tmp_path):
    source = FIXTURES / "core/01-direct-ownership.json"
    import_bods(source, tmp_path / "data")
    first = {p.name: p.read_bytes() for p in (tmp_path / "data" / "bods").iterdir()}
    import_bods(source, tmp_path / "data")
    assert {p.name: p.read_bytes() for p in (tmp_path / "data" / "bods").iterdir()} == first
    assert (tmp_path / "data" / "bods" / "ownership.csv").read_text() == (
        "owner_id,owned_id,interest,share_min,share_max,start_date,end_date,source_id\n"
        "bods:rec-jane-smith-1975,bods:rec-acme-holdings-ltd,control,75,75,2010-01-01,,bods-source-93cad960a836\n"
        "bods:rec-jane-smith-1975,bods:rec-acme-holdings-ltd,shareholding,75,75,2010-01-01,,bods-source-93cad960a836\n"
    )


def test_bad_statements_are_reported_with_their_position_and_skipped(tmp_path, capsys):
    statements = json.loads((FIXTURES / "core/01-direct-ownership.json").read_text())
    broken_relationship = json.loads(json.dumps(statements[2]))
    broken_relationship["recordId"] = "rec-rel-nobody"
    broken_relationship["recordDetails"]["interestedParty"] = "rec-nobody"
    bad = [
        *statements,
        "not a statement",
        {"recordType": "entity"},
        {"recordId": "x", "recordType": "trust", "recordDetails": {}},
        broken_relationship,
    ]
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bad))
    assert main(["import", "bods", str(path), "--data", str(tmp_path / "data")]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "BODS bad.json: read 7 statements, imported 3, skipped 4",
        "  skipped statement 4: not a JSON object",
        "  skipped statement 5: no recordId (BODS 0.4 statements are record-based)",
        "  skipped statement 6: record x: unknown recordType 'trust'",
        "  skipped statement 7: relationship rec-rel-nobody: its interested party 'rec-nobody' is no record in "
        "the file",
        "  interests/1/type changed on 1 row(s) (votingRights read as control): statement 3",
    ]
    assert validate(tmp_path / "data") == []


def test_a_file_that_is_not_json_leaves_the_layer_as_it_was(tmp_path, capsys):
    import_bods(FIXTURES / "core/01-direct-ownership.json", tmp_path / "data")
    before = {p.name: p.read_bytes() for p in (tmp_path / "data" / "bods").iterdir()}
    (tmp_path / "bad.json").write_text("[{")
    assert main(["import", "bods", str(tmp_path / "bad.json"), "--data", str(tmp_path / "data")]) == 1
    assert "cannot import: not JSON" in capsys.readouterr().err
    assert {p.name: p.read_bytes() for p in (tmp_path / "data" / "bods").iterdir()} == before


def test_a_record_another_layer_has_adds_its_claims_to_that_entity(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(ATLAS, data)
    (data / "curated" / "identifiers.csv").write_text(
        "entity_id,scheme,value\nexample-media-holding,TR-MERSIS,0123456789\nchannel-nine,wikidata,Q999999\n"
        "north-fund,GB-COH,10000001\n"
    )
    import_bods(FIXTURES / "core/01-direct-ownership.json", data)
    assert validate(data) == []
    ownership = (data / "bods" / "ownership.csv").read_text().splitlines()
    assert ownership[1].startswith("bods:rec-jane-smith-1975,north-fund,control,75,75,")
    assert not (data / "bods" / "organisations.csv").exists()


def test_json_lines_import_as_a_json_array_does(tmp_path):
    statements = json.loads((FIXTURES / "core/01-direct-ownership.json").read_text())
    (tmp_path / "lines.jsonl").write_text("\n".join(json.dumps(s) for s in statements) + "\n")
    import_bods(FIXTURES / "core/01-direct-ownership.json", tmp_path / "array")
    import_bods(tmp_path / "lines.jsonl", tmp_path / "lines")
    array = {p.name: p.read_bytes() for p in (tmp_path / "array" / "bods").iterdir()}
    assert {p.name: p.read_bytes() for p in (tmp_path / "lines" / "bods").iterdir()} == array
