"""Attribute fusion (model/rules.sql § attributes): every layer's statement of an outlet's founding date, website,
country, … is kept; the atlas shows the curated layer's value, else the first other layer's by name, and lists
disagreements."""

import pytest

from media_atlas.atlas import Atlas
from tests.importing import rows
from tests.small_worlds import SOURCE_ROW, built_atlas, outlet

WIKIDATA = SOURCE_ROW | {"source_id": "wikidata-dump", "url": "https://example.org/wikidata"}
IPTV = SOURCE_ROW | {"source_id": "iptv-dump", "url": "https://example.org/iptv"}


def stated(entity_id: str, attribute: str, value: str, source_id: str) -> dict:
    return {"entity_id": entity_id, "attribute": attribute, "value": value, "source_id": source_id}


@pytest.fixture(scope="module")
def fused_atlas(tmp_path_factory) -> Atlas:
    outlets = [
        outlet("blank-paper", "newspaper"),
        outlet("dated-tv", founded="1993-12-19"),
        outlet("vague-tv", founded="2000"),
        outlet("closed-tv", founded="1990", closed="2001"),
    ]
    curated = {"outlets": outlets}
    return built_atlas(
        tmp_path_factory.mktemp("fused") / "data",
        curated,
        wikidata={
            "sources": [WIKIDATA],
            "attributes": [
                stated("blank-paper", "founded", "1950", "wikidata-dump"),
                stated("blank-paper", "website", "https://paper.example", "wikidata-dump"),
            ],
        },
        **{
            "iptv-org": {
                "sources": [IPTV],
                "attributes": [
                    stated("blank-paper", "founded", "1951", "iptv-dump"),
                    stated("dated-tv", "founded", "1993-09-20", "iptv-dump"),
                    stated("vague-tv", "founded", "2000-12-25", "iptv-dump"),
                    stated("closed-tv", "founded", "2005", "iptv-dump"),
                ],
            }
        },
    )


def shown(atlas: Atlas, outlet_id: str, column: str) -> str | None:
    return (
        atlas.connection.cursor()
        .execute(f"select {column} from outlets where outlet_id = $id", {"id": outlet_id})
        .fetchall()[0][0]
    )


def test_an_attribute_the_curated_row_leaves_empty_comes_from_the_first_other_layer(fused_atlas):
    assert shown(fused_atlas, "blank-paper", "founded") == "1951"  # iptv-org before wikidata, by name
    assert shown(fused_atlas, "blank-paper", "website") == "https://paper.example"
    query = "select source_id from attribute_values where entity_id = 'blank-paper' and attribute = $a and chosen"
    chosen = fused_atlas.connection.cursor().execute(query, {"a": "founded"}).fetchall()
    assert chosen == [("iptv-dump",)]


def test_the_curated_value_wins_and_disagreements_are_listed(fused_atlas):
    assert shown(fused_atlas, "dated-tv", "founded") == "1993-12-19"
    conflicts = fused_atlas.query("attribute_conflicts", q="")
    assert list(zip(conflicts.entity_id, conflicts.attribute, conflicts.shown_value, strict=True)) == [
        ("blank-paper", "founded", "1951"),
        ("closed-tv", "founded", "1990"),
        ("dated-tv", "founded", "1993-12-19"),
    ]
    assert conflicts.stated_values.iloc[2] == (
        "1993-12-19 (curated: Media Ownership Atlas tests); 1993-09-20 (iptv-org: Media Ownership Atlas tests)"
    )


def test_dates_that_differ_only_in_precision_agree(fused_atlas):
    assert "vague-tv" not in set(fused_atlas.query("attribute_conflicts", q="").entity_id)


def test_a_mapped_channels_attributes_are_kept_by_its_importer(imported):
    data, _ = imported
    tvnet = [row for row in rows(data, "iptv-org", "attributes") if row["entity_id"] == "tvnet"]
    assert {row["attribute"]: row["value"] for row in tvnet} == {
        "media_type": "tv",
        "country": "TR",
        "founded": "2005-04-08",
        "website": "https://www.tvnet.com.tr/",
    }
