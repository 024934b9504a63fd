"""The named queries on the shipped data: the seed's facts, filters, pages, counts and safe CSV."""

import csv

import pytest

from media_atlas.atlas import Atlas, QueryError, query_names, query_parameters, query_sql
from media_atlas.build.load import build
from tests.conftest import TODAY_PARAMS
from tests.small_worlds import SOURCE_ROW, outlet, write_layer


def test_the_seed_partnership_with_date_place_parties_and_source(atlas):
    rows = atlas.query("partnerships", countries=["AZ"])
    protocol = rows[rows.partnership_id == "trend-albayrak-joint-media-platform-2020"].iloc[0]
    assert protocol.kind == "protocol_of_intent"
    assert protocol.signed_on == "2020-12-15"
    assert protocol.place == "Istanbul"
    assert protocol.parties == "Albayrak Media Group (TR); Trend News Agency (AZ)"
    assert protocol.cross_border
    assert protocol.source_url == "https://en.trend.az/azerbaijan/society/3353246.html"


def test_partnership_parties_one_row_per_party(atlas):
    parties = atlas.query("partnership_parties", countries=["TR"])
    seed = parties[parties.partnership_id == "trend-albayrak-joint-media-platform-2020"]
    assert sorted(seed.party_id) == ["albayrak-media-group", "trend-news-agency"]


def test_outlet_filters_by_country_type_and_text(atlas):
    params = TODAY_PARAMS | {"countries": ["TR"], "media_types": ["magazine"], "q": "bilge"}
    rows = atlas.query("outlets", **params)
    assert list(rows.outlet_id) == ["bilge-cocuk", "bilge-minik"]


def test_text_search_ignores_case_and_accents(atlas):
    rows = atlas.query("outlets", **(TODAY_PARAMS | {"q": "YENI SAFAK"}))
    assert "yeni-safak" in set(rows.outlet_id)
    assert set(rows.name) >= {"Yeni Şafak"}


def test_the_seed_outlets_belong_to_albayrak(atlas):
    rows = atlas.query("outlets", **(TODAY_PARAMS | {"groups": ["albayrak-holding"]}))
    assert {"yeni-safak", "tvnet", "gzt-com", "post-oyku"} <= set(rows.outlet_id)
    assert set(rows.group_name) == {"Albayrak Group Holding"}


def test_organisations_filter_by_country_and_name_with_the_outlets_they_control(atlas):
    albayrak = atlas.query("organisations", countries=["TR"], as_of=TODAY_PARAMS["as_of"], q="ALBAYRAK")
    assert list(albayrak.org_id) == ["albayrak-holding", "albayrak-media-group"]
    holding = albayrak.iloc[0]
    assert (holding.country_name, holding.source_publisher) == ("Türkiye", "Trend News Agency")
    groups = atlas.query("group_options", as_of=TODAY_PARAMS["as_of"]).set_index("group_id")
    assert holding.outlets_controlled == groups.outlets["albayrak-holding"] > 10
    assert atlas.query("organisations", countries=["AZ"], as_of=TODAY_PARAMS["as_of"], q="albayrak").empty


def test_network_ranks_each_owner_s_links_by_name_then_interest(atlas):
    """Two interests of one owner in one entity (Turkuvaz's control and shareholding in ATV) get fixed ranks, so the
    first N rows (what the network draws) are the same on every run."""
    links = atlas.query("ownership_network", **(TODAY_PARAMS | {"countries": ["TR"]}))
    keys = ["owned_name", "owned_id", "interest", "start_date", "end_date", "share_min", "share_max", "source_id"]
    for _, owned in links.groupby("owner_id"):
        assert list(owned.sort_values(keys, na_position="last").rank_in_owner) == list(range(1, len(owned) + 1))
    atv = links[(links.owner_id == "turkuvaz-media-group") & (links.owned_id == "atv-turkey")]
    assert list(atv.interest) == ["control", "shareholding"]


def test_count_and_page_agree_with_the_full_query(atlas):
    everything = atlas.query("outlets", **TODAY_PARAMS)
    assert atlas.count("outlets", **TODAY_PARAMS) == len(everything)
    page = atlas.page("outlets", limit=3, offset=2, **TODAY_PARAMS)
    assert list(page.outlet_id) == list(everything.outlet_id[2:5])


def test_entity_sources_lists_each_fact_with_its_url(atlas):
    facts = atlas.query("entity_sources", entity_id="trend-news-agency")
    assert set(facts.fact_kind) >= {"record", "role", "partnership"}
    assert set(facts.source_url) >= {"https://en.trend.az/azerbaijan/society/3353246.html"}


def test_headline_counts_match_the_tables(atlas):
    counts = atlas.query("headline_counts", as_of="2026-11-27").iloc[0]
    assert counts.partnerships == atlas.count("partnerships", countries=[])
    assert counts.outlets == atlas.count("outlets", **TODAY_PARAMS)


# Names a spreadsheet would run as formulas, each beside what the CSV must hold. (A carriage return, which the
# export also guards, cannot reach the data: the validator refuses a line break inside a value.)
FORMULA_NAMES = {
    '=HYPERLINK("http://x")': '\'=HYPERLINK("http://x")',
    "+90 TV": "'+90 TV",
    "-minus": "'-minus",
    "@mention": "'@mention",
    "\ttab": "'\ttab",
    "Plain TV": "Plain TV",
    "TV = 1": "TV = 1",
}


def test_csv_export_neutralises_formulas(tmp_path):
    """A cell that starts with =, +, -, @, a tab or a carriage return gets a leading quote, so a spreadsheet shows it
    as text; every other cell is written as it is."""
    data = tmp_path / "data"
    outlets = [outlet(f"formula-{number}") | {"name": name} for number, name in enumerate(FORMULA_NAMES)]
    write_layer(data / "curated", sources=[SOURCE_ROW], outlets=outlets)
    build(data, tmp_path / "atlas.duckdb")
    path = tmp_path / "out.csv"
    rows = Atlas(tmp_path / "atlas.duckdb").export_csv("outlets", path, **TODAY_PARAMS)
    with path.open(newline="", encoding="utf-8") as handle:
        written = {row["outlet_id"]: row["name"] for row in csv.DictReader(handle)}
    assert rows == len(FORMULA_NAMES)
    assert [written[f"formula-{number}"] for number in range(len(FORMULA_NAMES))] == list(FORMULA_NAMES.values())


def test_every_query_documents_grain_and_parameters():
    for name in query_names():
        header = query_sql(name).splitlines()[0]
        assert header.startswith("-- One row"), name
        documented = (
            set(query_sql(name).split("params:", 1)[1].splitlines()[0].replace("$", "").replace(",", " ").split())
            if query_parameters(query_sql(name))
            else set()
        )
        assert query_parameters(query_sql(name)) <= documented | {"page_limit", "page_offset"}, name


def test_unknown_query_and_missing_parameter_are_clear_errors(atlas):
    with pytest.raises(QueryError, match="no query named 'nope'"):
        atlas.query("nope")
    with pytest.raises(QueryError, match="needs parameter"):
        atlas.query("outlets")
