"""Duplicate organisations across layers (media_atlas/importers/duplicates.py, the rule outlets follow): a certain
pair is merged through curated identifiers and stays merged on the next import, an uncertain one is listed for
review, and companies of one name in different countries stay apart."""

import json

from media_atlas.cli import main
from tests.importing import rows
from tests.small_worlds import SOURCE_ROW, write_layer


def statement(record_id: str, record_type: str, details: dict) -> dict:
    """A BODS 0.4 statement, as a register publishes one."""
    return {
        "statementId": f"statement-{record_id}",
        "declarationSubject": record_id,
        "statementDate": "2026-04-17",
        "publicationDetails": {
            "publicationDate": "2026-04-17",
            "bodsVersion": "0.4",
            "publisher": {"name": "A register", "uri": "https://register.example/"},
        },
        "recordId": record_id,
        "recordStatus": "new",
        "recordType": record_type,
        "recordDetails": {"isComponent": False} | details,
    }


def entity(record_id: str, name: str, country: str, identifiers: list[dict] | None = None) -> dict:
    details = {"entityType": {"type": "registeredEntity"}, "name": name, "jurisdiction": {"code": country}}
    return statement(record_id, "entity", details | {"identifiers": identifiers or []})


CURATED_ORGANISATIONS = [
    {"org_id": "kanal-holding", "name": "Kanal Holding", "kind": "holding", "country": "TR"},
    {"org_id": "nova-holding", "name": "Nova Holding", "kind": "holding", "country": "BG"},
    {"org_id": "star-media", "name": "Star Media", "kind": "company", "country": "TR"},
    {"org_id": "star-media-group", "name": "Star Media Group", "kind": "media_group"},
]
STATEMENTS = [
    entity("rec-kanal", "Kanal Group A.Ş.", "TR", [{"scheme": "TR-MERSIS", "id": "0123"}]),  # Kanal Holding
    entity("rec-nova", "Nova Holding", "RO"),  # another company: Bulgaria's Nova Holding is not Romania's
    entity("rec-star", "Star Media Holding", "TR"),  # two curated organisations of the name: to review
    statement("rec-ayse", "person", {"personType": "knownPerson", "names": [{"type": "legal", "fullName": "Ayşe K"}]}),
    statement(
        "rec-ayse-kanal",
        "relationship",
        {"subject": "rec-kanal", "interestedParty": "rec-ayse", "interests": [{"type": "shareholding"}]},
    ),
]


def reconcile(data, capsys, *extra: str) -> list[str]:
    assert main(["reconcile", "--duplicates", "--data", str(data), *extra]) == 0
    lines = capsys.readouterr().out.splitlines()
    return lines[lines.index("Organisations") :]


def test_a_certain_pair_is_merged_an_uncertain_one_reviewed_and_other_countries_kept_apart(tmp_path, capsys):
    data = tmp_path / "data"
    write_layer(data / "curated", sources=[SOURCE_ROW], organisations=CURATED_ORGANISATIONS)
    (tmp_path / "register.json").write_text(json.dumps(STATEMENTS), encoding="utf-8")
    assert main(["import", "bods", str(tmp_path / "register.json"), "--data", str(data)]) == 0

    assert reconcile(data, capsys) == [
        "Organisations",
        "Attached to the organisation they duplicate: 0",
        "The same organisation, still apart: 1",
        "  Kanal Group A.Ş. [bods:rec-kanal, bods, TR, no site] ~ Kanal Holding [kanal-holding, curated, TR, no site]",
        "To review (merge by adding the upstream id to data/curated/identifiers.csv): 2",
        "  Star Media Holding [bods:rec-star, bods, TR, no site] ~ Star Media [star-media, curated, TR, no site]",
        "  Star Media Holding [bods:rec-star, bods, TR, no site] ~ Star Media Group [star-media-group, curated, ?, "
        "no site]",
    ]

    merged = reconcile(data, capsys, "--merge")
    assert merged[-1].startswith("Merged: 1 pair(s), their 2 upstream id(s) now in ")
    assert {(r["entity_id"], r["scheme"], r["value"]) for r in rows(data, "curated", "identifiers")} == {
        ("kanal-holding", "bods-record", "rec-kanal"),
        ("kanal-holding", "TR-MERSIS", "0123"),
    }
    # The layer now says what an importer attaching the item says: Kanal Holding's name and country, as stated there.
    assert [row["org_id"] for row in rows(data, "bods", "organisations")] == ["bods:rec-nova", "bods:rec-star"]
    assert ("kanal-holding", "Kanal Group A.Ş.") in {
        (r["entity_id"], r["alias"]) for r in rows(data, "bods", "aliases")
    }
    assert ("kanal-holding", "country", "TR") in {
        (r["entity_id"], r["attribute"], r["value"]) for r in rows(data, "bods", "attributes")
    }
    assert [(r["owner_id"], r["owned_id"]) for r in rows(data, "bods", "ownership")] == [
        ("bods:rec-ayse", "kanal-holding")
    ]
    assert main(["validate", "--data", str(data)]) == 0

    # The next import finds Kanal Holding by its id: one organisation, and nothing left to merge.
    assert main(["import", "bods", str(tmp_path / "register.json"), "--data", str(data)]) == 0
    capsys.readouterr()
    assert [row["org_id"] for row in rows(data, "bods", "organisations")] == ["bods:rec-nova", "bods:rec-star"]
    assert {row["owned_id"] for row in rows(data, "bods", "ownership")} == {"kanal-holding"}
    assert reconcile(data, capsys)[2:4] == ["The same organisation, still apart: 0", merged[4]]
