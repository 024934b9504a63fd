# ruff: noqa: RUF001 -- Turkish names: the dotless i is data, not a typo.
"""Every dashboard page under Streamlit's AppTest on the small fixture world: each page runs and shows its parts,
the URL's query parameters set the sidebar filters, tables show exactly the matching rows, and the CSV holds
exactly the filtered rows."""

import base64
import csv
import datetime as dt
import io
import json
import re

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from media_atlas import PROJECT_ROOT
from media_atlas.atlas import Atlas, query_names, query_parameters, query_sql
from media_atlas.filters import describe, no_filters
from media_atlas.ui import sidebar
from media_atlas.ui.app import escape_markdown
from media_atlas.ui.tables import csv_file_name
from tests.conftest import SMALL_DATA

AS_OF = "2026-11-27"


@pytest.fixture
def small_world(small_db, monkeypatch):
    monkeypatch.setenv("MEDIA_ATLAS_DB", str(small_db))
    monkeypatch.setenv("MEDIA_ATLAS_DATA", str(SMALL_DATA))
    return small_db


def run_page(path: str, **query_params) -> AppTest:
    app = AppTest.from_file(str(PROJECT_ROOT / path), default_timeout=30)
    app.query_params["as_of"] = AS_OF
    for key, value in query_params.items():
        app.query_params[key] = value
    app.run()
    assert not app.exception, app.exception
    return app


def decoded(values):
    """A figure array as a list: plotly 7 writes numeric arrays as base64 (`bdata`) with their dtype."""
    if isinstance(values, dict) and "bdata" in values:
        return np.frombuffer(base64.b64decode(values["bdata"]), dtype=values["dtype"]).tolist()
    return values


def table_counts(app: AppTest) -> list[str]:
    return [markdown.value for markdown in app.markdown if re.match(r"\*\*[0-9,]+\*\* ", markdown.value)]


@pytest.mark.parametrize(
    ("path", "title", "counts"),
    [
        ("pages/1_Outlets.py", "Outlets", ["**12** outlets"]),
        ("pages/3_Ownership.py", "Ownership", ["**18** ownership links"]),
        ("pages/4_Timeline.py", "Timeline", ["**4** foundings and closings"]),
        ("pages/5_Partnerships.py", "Partnerships", ["**1** agreement"]),
        ("pages/7_Data.py", "Data", ["**16** sources"]),
    ],
)
def test_every_page_runs_with_its_table_and_download(small_world, path, title, counts):
    app = run_page(path)
    assert app.title[0].value == title
    assert table_counts(app) == counts
    assert app.get("download_button")
    assert [button.label for button in app.sidebar.button] == ["Reset filters"]


def test_overview_shows_counts_map_groups_and_agreements(small_world):
    app = run_page("dashboard.py")
    metrics = {metric.label: metric.value for metric in app.metric}
    assert metrics == {
        "Outlets": "12",
        "Organisations": "12",
        "People": "9",
        "Ownership links": "20",
        "Partnerships": "1",
        "Sources": "16",
    }
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


def test_the_url_sets_country_and_the_table_shows_exactly_its_outlets(small_world):
    app = run_page("pages/1_Outlets.py", country="Azerbaijan")
    assert app.sidebar.multiselect(key="country").value == ["Azerbaijan"]
    assert table_counts(app) == ["**1** outlet"]
    assert list(app.dataframe[0].value.name) == ["Trend News Agency"]


def test_media_type_and_an_earlier_date_show_the_owners_of_that_date(small_world):
    app = run_page("pages/1_Outlets.py", type="TV", as_of="2015-01-01")
    table = app.dataframe[0].value
    assert table_counts(app) == ["**5** outlets"]
    assert list(table.name) == ["CNN Türk", "Kanal 7", "Kanal D", "NTV", "Star TV"]
    groups = dict(zip(table.name, table.group_name, strict=True))
    assert (groups["CNN Türk"], groups["Kanal D"], groups["Star TV"]) == ("Doğan Holding",) * 2 + ("Doğuş Holding",)


def test_search_ignores_accents_and_founding_period_keeps_its_precision(small_world):
    searched = run_page("pages/1_Outlets.py", q="hurriyet")
    assert list(searched.dataframe[0].value.name) == ["Hürriyet"]
    founded = run_page("pages/1_Outlets.py", founded=["1940", "1990"])
    assert table_counts(founded) == ["**2** outlets"]
    assert list(founded.dataframe[0].value.founded) == ["1948-05-01", "1989-03-01"]


def test_group_filter_by_name_and_reset_clears_every_filter(small_world):
    app = run_page("pages/1_Outlets.py", group="Demirören Holding", q="kanal")
    assert list(app.dataframe[0].value.name) == ["Kanal D"]
    app.sidebar.button[0].click().run()
    assert table_counts(app) == ["**12** outlets"]
    assert app.sidebar.multiselect(key="group").value == []
    assert app.sidebar.text_input(key="q").value == ""


def test_with_many_groups_the_pickers_list_the_largest_and_a_find_box_reaches_the_rest(small_world, monkeypatch):
    """Past GROUPS_LISTED the browser gets the largest groups only; typing part of a name (any case or accents)
    lists the others, and a chosen group stays listed when the find box changes or a link names it."""
    monkeypatch.setattr(sidebar, "GROUPS_LISTED", 2)
    app = run_page("pages/1_Outlets.py")
    groups = app.sidebar.multiselect(key="group")
    assert groups.options == ["Demirören Holding", "Albayrak Group Holding"]
    app.sidebar.text_input(key="group-find").input("DOGUS").run()
    assert app.sidebar.multiselect(key="group").options == ["Doğuş Holding"]
    app.sidebar.multiselect(key="group").select("Doğuş Holding").run()
    app.sidebar.text_input(key="group-find").input("").run()
    picker = app.sidebar.multiselect(key="group")
    assert picker.options == ["Demirören Holding", "Albayrak Group Holding", "Doğuş Holding"]
    assert picker.value == ["Doğuş Holding"]
    assert list(app.dataframe[0].value.name) == ["NTV", "Star TV"]

    linked = run_page("pages/1_Outlets.py", group="Hayat Görsel Yayıncılık")
    assert linked.sidebar.multiselect(key="group").value == ["Hayat Görsel Yayıncılık"]
    assert table_counts(linked) == ["**1** outlet"]

    profile = run_page("pages/2_Groups.py", profile="Doğuş Holding")
    assert profile.selectbox(key="profile").options == ["Demirören Holding", "Albayrak Group Holding", "Doğuş Holding"]
    assert profile.header[0].value == "Doğuş Holding"
    # The largest group stays first, the selectbox's default, which Streamlit leaves out of the URL: a group found
    # in the box is never the default, so a link names it.
    profile.text_input(key="profile-find").input("hayat gorsel").run()
    assert profile.selectbox(key="profile").options == [
        "Demirören Holding",
        "Hayat Görsel Yayıncılık",
        "Doğuş Holding",
    ]


def test_a_find_box_that_matches_no_group_leaves_the_largest(small_world, monkeypatch):
    """Doğan Holding controlled outlets in 2015 and none today: moving the date drops it from the picker, and with
    nothing matching the find box the profile falls back to the largest group instead of failing."""
    monkeypatch.setattr(sidebar, "GROUPS_LISTED", 2)
    app = run_page("pages/2_Groups.py", as_of="2015-01-01", profile="Doğan Holding")
    app.text_input(key="profile-find").input("zzz").run()
    assert app.selectbox(key="profile").options == ["Albayrak Group Holding", "Doğan Holding"]
    app.sidebar.date_input(key="as_of").set_value(dt.date.fromisoformat(AS_OF)).run()
    assert not app.exception, app.exception
    assert app.selectbox(key="profile").options == ["Demirören Holding"]
    assert app.header[0].value == "Demirören Holding"


def test_group_profile_shows_portfolio_people_and_sources(small_world):
    """Each tab runs only when open (`?tab=...`); the profile opens on the portfolio."""
    app = run_page("pages/2_Groups.py", profile="Doğuş Holding")
    assert app.header[0].value == "Doğuş Holding"
    assert table_counts(app) == ["**2** outlets"]
    assert list(app.dataframe[0].value.name) == ["NTV", "Star TV"]

    ownership = run_page("pages/2_Groups.py", profile="Doğuş Holding", tab="Ownership")
    assert table_counts(ownership) == ["**3** links in the chain"]
    chain = ownership.dataframe[0].value
    assert sorted(zip(chain.owner_name, chain.owned_name, strict=True)) == [
        ("Doğuş Holding", "Doğuş Media Group"),
        ("Doğuş Media Group", "NTV"),
        ("Doğuş Media Group", "Star TV"),
    ]

    people = run_page("pages/2_Groups.py", profile="Doğuş Holding", tab="People")
    assert table_counts(people) == ["**1** person in a role"]
    assert list(people.dataframe[0].value.person_name) == ["Ferit Şahenk"]

    partnerships = run_page("pages/2_Groups.py", profile="Doğuş Holding", tab="Partnerships")
    assert [info.value for info in partnerships.info] == [
        "The atlas records no partnership of this group or the companies and outlets it owns."
    ]

    sources = run_page("pages/2_Groups.py", profile="Doğuş Holding", tab="Sources")
    assert table_counts(sources) == ["**3** facts about the group itself"]


def test_ownership_search_finds_dogan_without_its_accent(small_world):
    app = run_page("pages/3_Ownership.py", entity="dogan")
    assert app.selectbox(key="entity-choice").options == [
        "Aydın Doğan (person, TR)",
        "Doğan Holding (organisation, TR)",
        "Doğan Media Group (organisation, TR)",
    ]


def test_following_an_entity_shows_its_chain_and_neighbours(small_world):
    app = run_page("pages/3_Ownership.py", entity="hayat gorsel")
    assert app.selectbox(key="entity-choice").value == "Hayat Görsel Yayıncılık (organisation, TR)"
    assert table_counts(app) == ["**18** ownership links", "**5** links in the chain"]
    chain = app.dataframe[1].value
    shares = chain.assign(share=chain.share_min.fillna(-1)).sort_values(["owner_name", "owned_name"])
    assert list(zip(shares.owner_name, shares.owned_name, shares.share, strict=True)) == [
        ("Hayat Görsel Yayıncılık", "Kanal 7", -1),
        ("Mustafa Çelik", "Hayat Görsel Yayıncılık", 25.0),
        ("Zahid Akman", "Hayat Görsel Yayıncılık", 25.0),
        ("Zekeriya Karaman", "Hayat Görsel Yayıncılık", 25.0),
        ("İsmail Karahan", "Hayat Görsel Yayıncılık", 25.0),
    ]


def test_empty_results_say_so_instead_of_drawing_nothing(small_world):
    app = run_page("dashboard.py", q="no such outlet anywhere")
    assert [info.value for info in app.info][:2] == [
        "No outlet with a known country matches these filters.",
        "No outlet matching these filters has a known controlling group.",
    ]
    outlets = run_page("pages/1_Outlets.py", q="no such outlet anywhere")
    assert [info.value for info in outlets.info] == [
        "No outlet matches these filters. Remove a filter, or move the as-of date."
    ]


def test_the_csv_holds_exactly_the_filtered_rows_with_their_sources(small_db):
    params = no_filters(AS_OF) | {"countries": ["TR"], "media_types": ["newspaper"]}
    rows = list(csv.DictReader(io.StringIO(Atlas(small_db).csv_bytes("outlets", **params).decode("utf-8"))))
    assert [row["name"] for row in rows] == ["Hürriyet", "Milliyet", "Yeni Şafak"]
    assert [row["source_publisher"] for row in rows] == [
        "Proto Thema",
        "State Media Monitor (Media and Journalism Research Center)",
        "Trend News Agency",
    ]
    assert csv_file_name("outlets", params) == "outlets_country-TR_type-newspaper_as-of-2026-11-27.csv"


@pytest.mark.parametrize(
    ("filters", "slug"),
    [
        ({}, "as-of-2026-11-27"),
        ({"countries": ["AZ", "TR"]}, "country-AZ+TR_as-of-2026-11-27"),
        ({"groups": ["wd:Q1"], "q": "Doğan"}, "group-wd-Q1_q-Dogan_as-of-2026-11-27"),
        ({"founded_from": 1950, "founded_to": None}, "founded-1950-_as-of-2026-11-27"),
    ],
)
def test_file_names_describe_the_filters(filters, slug):
    assert describe(no_filters(AS_OF) | filters) == slug


def test_queries_taking_the_sidebar_filters_share_one_definition_of_them():
    """Every query with the sidebar's parameters reads outlets through the one macro, which applies them all."""
    sidebar = set(no_filters(AS_OF))
    takers = [name for name in query_names() if query_parameters(query_sql(name)) == sidebar]
    assert {"outlets", "outlet_events", "ownership_network"} <= set(takers)
    for name in takers:
        sql = " ".join(query_sql(name).split())
        call = (
            "from outlets_matching( $as_of, $countries::varchar[], $groups::varchar[], $media_types::varchar[], "
            "$founded_from, $founded_to, $q{} ) as outlets"
        )
        assert call.format("") in sql or call.format(", with_groups := false") in sql, name


def test_overview_counts_the_filtered_outlets_and_maps_only_their_countries(small_world):
    app = run_page("dashboard.py", country="Azerbaijan")
    metrics = {metric.label: metric.value for metric in app.metric}
    assert metrics["Outlets matching the filters"] == "1"
    shapes = json.loads(app.get("plotly_chart")[0].proto.spec)["data"][0]
    assert (shapes["locations"], shapes["text"]) == (["AZE"], ["Azerbaijan"])


def test_timeline_counts_foundings_by_decade(small_world):
    app = run_page("pages/4_Timeline.py", bucket="decade")
    founded = json.loads(app.get("plotly_chart")[0].proto.spec)["data"]
    assert {bar["name"]: decoded(bar["x"]) for bar in founded} == {
        "TV": [1980, 1990],
        "Newspaper": [1940],
        "News agency": [1920],
    }
    assert [info.value for info in app.info] == ["No outlet matching these filters has a known closing date."]


def test_partnership_network_marks_the_border_it_crosses(small_world):
    app = run_page("pages/5_Partnerships.py")
    traces = json.loads(app.get("plotly_chart")[0].proto.spec)["data"]
    assert [trace["name"] for trace in traces] == ["across a border", "link", "organisation", "outlet"]
    assert [trace["text"] for trace in traces[2:]] == [["Albayrak Media Group (TR)"], ["Trend News Agency (AZ)"]]


def test_data_page_counts_rows_per_layer(small_world):
    app = run_page("pages/7_Data.py", tab="Rows per layer")
    layers = app.dataframe[0].value
    assert layers.loc["outlets", "curated"] == 12
    assert layers.loc["sources", "curated"] == 16


def test_data_page_lists_conflicts_and_findings_in_their_tabs(small_world):
    conflicts = run_page("pages/7_Data.py", tab="Conflicting ownership claims")
    findings = run_page("pages/7_Data.py", tab="Data-quality findings")
    assert [info.value for info in conflicts.info] == [
        "No entity has owners that disagree between sources on this date."
    ]
    assert [info.value for info in findings.info] == ["No data-quality finding on this date."]
    assert table_counts(conflicts) == table_counts(findings) == []  # the sources tab did not run


@pytest.mark.parametrize(
    ("text", "shown"),
    [("Doğan [1](javascript:x)", r"Doğan \[1\]\(javascript\:x\)"), ("**bold** <b>", r"\*\*bold\*\* \<b\>")],
)
def test_data_text_is_escaped_before_it_reaches_markdown(text, shown):
    assert escape_markdown(text) == shown
