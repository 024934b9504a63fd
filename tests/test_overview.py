"""The Overview (dashboard.py): headline counts, the map, the largest groups, the newest agreements."""

import json

from streamlit.testing.v1 import AppTest

from media_atlas import DATA_DIR, PROJECT_ROOT
from media_atlas.atlas import Atlas
from tests.conftest import TODAY_PARAMS
from tests.page_runs import run_page, shown_cells


def test_overview_shows_counts_map_groups_and_agreements(small_world):
    app = run_page("dashboard.py")
    metrics = {metric.label: metric.value for metric in app.metric}
    assert metrics == {"Outlets": "12", "Controlling groups": "5", "Countries": "2", "Partnerships": "1"}
    assert app.caption[1].value == (
        "The atlas holds 12 organisations, 9 people, 20 ownership links on 2026-11-27 and 16 sources. "
        "How each number is made: see Methodology."
    )
    world_map, groups = app.get("plotly_chart")
    assert json.loads(world_map.proto.config)["topojsonURL"] == "app/static/"
    shapes = json.loads(world_map.proto.spec)["data"][0]
    assert (shapes["type"], shapes["locations"], shapes["text"]) == (
        "choropleth",
        ["TUR", "AZE"],
        ["Türkiye", "Azerbaijan"],
    )
    bars = json.loads(groups.proto.spec)["data"]
    assert [bar["name"] for bar in bars] == ["TV", "Newspaper", "Online", "News agency"]
    assert list(app.dataframe[0].value.title) == ["Protocol of Intent to create a joint media platform"]


def test_overview_counts_the_filtered_outlets_and_maps_only_their_countries(small_world):
    app = run_page("dashboard.py", country="Azerbaijan")
    metrics = {metric.label: metric.value for metric in app.metric}
    assert metrics == {
        "Outlets matching the filters": "1",
        "Their controlling groups": "0",
        "Their countries": "1",
        "Partnerships with a party there": "1",
    }
    shapes = json.loads(app.get("plotly_chart")[0].proto.spec)["data"][0]
    assert (shapes["locations"], shapes["text"]) == (["AZE"], ["Azerbaijan"])


def test_headline_counts_match_the_tables(atlas):
    counts = atlas.query("headline_counts", as_of="2026-11-27").iloc[0]
    assert counts.partnerships == atlas.count("partnerships", countries=[])
    assert counts.outlets == atlas.count("outlets", **TODAY_PARAMS)


def test_overview_shows_the_shipped_atlas(shipped_db, monkeypatch):
    monkeypatch.setenv("MEDIA_ATLAS_DB", str(shipped_db))
    monkeypatch.setenv("MEDIA_ATLAS_DATA", str(DATA_DIR))
    app = AppTest.from_file(str(PROJECT_ROOT / "dashboard.py"), default_timeout=30).run()
    assert not app.exception
    counts = Atlas(shipped_db).query("headline_counts", as_of=app.sidebar.date_input(key="as_of").value.isoformat())
    metrics = {metric.label: int(metric.value.replace(",", "")) for metric in app.metric}
    assert metrics["Outlets"] == counts.outlets[0]
    assert metrics["Partnerships"] == counts.partnerships[0]
    assert metrics["Countries"] == counts.countries[0]
    world_map = json.loads(app.get("plotly_chart")[0].proto.spec)["data"][0]
    assert "TUR" in world_map["locations"]
    newest = shown_cells(app.dataframe[0])
    assert list(newest.signed_on) == sorted(newest.signed_on, reverse=True)
    assert "" in set(newest.place), "an agreement without a place shows a blank cell"  # not "None"


def test_three_ways_in_a_country_filters_every_page_a_group_and_a_name_open_profiles(small_world):
    app = run_page("dashboard.py")
    assert app.selectbox(key="start-country").options == ["Türkiye", "Azerbaijan"]  # most outlets first
    app.selectbox(key="start-country").select("Azerbaijan").run()
    assert app.sidebar.multiselect(key="country").value == ["Azerbaijan"]
    assert {metric.label: metric.value for metric in app.metric}["Outlets matching the filters"] == "1"
    links = {link.label: link.proto.query_string for link in app.main.get("page_link")}
    assert links["The outlets in Azerbaijan"] == "country=Azerbaijan&as_of=2026-11-27"
    assert set(links) >= {"Who owns them", "How concentrated the markets of Azerbaijan are"}

    groups = run_page("dashboard.py")
    assert groups.selectbox(key="start-group").options[:2] == ["Demirören Holding", "Albayrak Group Holding"]
    groups.selectbox(key="start-group").select("Doğuş Holding").run()
    profile = [link for link in groups.main.get("page_link") if link.label == "Doğuş Holding: its profile"]
    assert profile[0].proto.query_string == "id=dogus-holding&as_of=2026-11-27"
