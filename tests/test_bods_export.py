"""`media-atlas export bods`: BODS 0.4 statements that the standard's schema accepts, exactly as expected."""

import json
from pathlib import Path

import duckdb

from media_atlas.build.load import build
from media_atlas.cli import main
from media_atlas.exchange.bods_out import export_bods
from tests.bods_check import record_types, schema_errors

ATLAS = Path(__file__).parent / "fixtures" / "bods" / "atlas"
EXPECTED = Path(__file__).parent / "fixtures" / "bods" / "atlas.expected.json"


def test_the_shipped_data_exports_as_bods_with_no_schema_error(shipped_db, tmp_path, capsys):
    out = tmp_path / "atlas.bods.json"
    assert main(["export", "bods", str(out), "--db", str(shipped_db)]) == 0
    printed = capsys.readouterr().out.splitlines()
    statements = json.loads(out.read_text(encoding="utf-8"))
    with duckdb.connect(str(shipped_db), read_only=True) as con:
        organisations, outlets, people = (
            con.execute(f"select count(*) from {t}").fetchall()[0][0] for t in ("organisations", "outlets", "people")
        )
    counts = record_types(statements)
    assert counts["entity"] == organisations + outlets
    assert counts["person"] == people
    assert printed[:3] == [f"{kind} statements: {counts[kind]:,}" for kind in ("entity", "person", "relationship")]
    assert schema_errors(out) == []


def test_a_small_world_exports_exactly_the_expected_statements(tmp_path):
    build(ATLAS, tmp_path / "atlas.duckdb")
    report = export_bods(tmp_path / "atlas.duckdb", tmp_path / "out.json", published="2026-11-27")
    assert report.counts == {"entity": 3, "person": 1, "relationship": 5}
    assert json.loads((tmp_path / "out.json").read_text(encoding="utf-8")) == json.loads(EXPECTED.read_text())
    assert schema_errors(tmp_path / "out.json") == []


def test_as_of_keeps_the_interests_and_entities_of_that_date(tmp_path):
    build(ATLAS, tmp_path / "atlas.duckdb")
    export_bods(tmp_path / "atlas.duckdb", tmp_path / "out.json", as_of="2000-06-30", published="2026-11-27")
    statements = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert {s["statementDate"] for s in statements} == {"2000-06-30"}
    # North Fund (2010), the 2021 stakes, Ayşe's stake (2005) and chair (2010) are left out; the 1999 holding counts.
    assert [s["recordId"] for s in statements] == [
        "example-media-holding",
        "channel-nine",
        "ayse-example",
        "ownership:example-media-holding:channel-nine:register-2019",
    ]
    interests = statements[3]["recordDetails"]["interests"]
    assert [(i["type"], i.get("share")) for i in interests] == [
        ("otherInfluenceOrControl", None),
        ("shareholding", {"exact": 100.0}),
    ]
    assert schema_errors(tmp_path / "out.json") == []


def test_look_through_adds_each_owners_indirect_interest(tmp_path):
    build(ATLAS, tmp_path / "atlas.duckdb")
    export_bods(tmp_path / "atlas.duckdb", tmp_path / "out.json", as_of="2022-01-01", look_through=True)
    statements = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    indirect = [s for s in statements if s["recordId"].startswith("lookthrough:")]
    # Ayşe holds 60% of the holding, which holds 51% of Channel Nine since March 2021: 30.6% through it.
    assert [(s["recordId"], s["recordDetails"]["interests"]) for s in indirect] == [
        (
            "lookthrough:ayse-example:channel-nine",
            [
                {
                    "type": "shareholding",
                    "directOrIndirect": "indirect",
                    "beneficialOwnershipOrControl": True,
                    "share": {"exact": 30.6},
                }
            ],
        )
    ]
    assert schema_errors(tmp_path / "out.json") == []


def test_one_entitys_statements_are_it_its_links_and_what_they_name(tmp_path):
    build(ATLAS, tmp_path / "atlas.duckdb")
    export_bods(tmp_path / "atlas.duckdb", tmp_path / "out.json", entity_id="north-fund", published="2026-11-27")
    statements = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert [s["recordId"] for s in statements] == [
        "north-fund",
        "channel-nine",
        "ownership:north-fund:channel-nine:news-2021",
    ]
    assert schema_errors(tmp_path / "out.json") == []


def test_the_group_profile_offers_its_bods_statements(small_world):
    from tests.page_runs import run_page

    app = run_page("pages/2_Groups.py", profile="Doğuş Holding", tab="Sources")
    labels = [button.proto.label for button in app.get("download_button")]
    assert "This group's ownership as BODS 0.4 statements (JSON)" in labels
