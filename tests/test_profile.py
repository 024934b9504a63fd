# ruff: noqa: RUF001 -- Turkish names: the dotless i is data, not a typo.
"""Profile: one page per outlet, organisation or person at `/Profile?id=<entity_id>`: facts with sources, owners up
to the ultimate ones, holdings, history by period, roles, partnerships and sources."""

import json

import pandas as pd
import pytest
import streamlit as st

from media_atlas.atlas import Atlas
from media_atlas.ui import profile
from media_atlas.ui.charts import portfolio_treemap
from media_atlas.ui.history_chart import history_bars
from media_atlas.ui.profile import owner_tree_edges, section_key, ultimate_owners
from tests.page_runs import decoded, open_chain, profile_links, run_page, shown_cells, shown_names, table_counts


def test_an_outlet_s_profile_shows_its_facts_owners_and_history(small_world):
    app = run_page("pages/8_Profile.py", id="hurriyet")
    assert app.title[0].value == "Hürriyet"
    assert [header.value for header in app.header] == [
        "Owned by",
        "Owns and controls",
        "History",
        "People in roles",
        "Partnerships",
        "Sources",
        "Filters",
    ]
    assert table_counts(app) == [
        "**8** facts",
        "**5** owners and groups over time",
        "**3** facts with their sources",
    ]
    facts = app.dataframe[0].value
    assert dict(zip(facts.fact, facts.value, strict=True)) == {
        "type": "outlet",
        "name": "Hürriyet",
        "local name": "Hürriyet",
        "media type": "newspaper",
        "periodicity": "daily",
        "country": "Türkiye (TR)",
        "founded": "1948-05-01",
        "layer": "curated",
    }
    assert set(facts.source_publisher) == {"Proto Thema"}
    owners = app.dataframe[1].value
    assert shown_names(owners.owner_name) == ["Demirören Holding"]
    assert list(owners.effective_share) == ["unknown"]
    tree = {  # each name where no edge runs
        node: position
        for trace in json.loads(app.get("plotly_chart")[0].proto.spec)["data"]
        if "customdata" in trace
        for node, position in zip(trace["customdata"], trace["textposition"], strict=True)
    }
    assert tree == {
        "demiroren-holding": "top center",
        "demiroren-media-group": "middle right",
        "hurriyet": "bottom center",
    }
    history = shown_cells(app.dataframe[2])
    assert list(
        zip(shown_names(history.holder_name), history.line, history.start_date, history.end_date, strict=True)
    ) == [
        # Doğan Holding's hold on its media group and Demirören Holding's on its own are cited from 2018 and 2019
        # reports: the atlas asserts them from then, not before.
        ("Doğan Media Group", "controlling group", "1994", "2018"),
        ("Demirören Media Group", "controlling group", "2018", "2019-05-03"),
        ("Demirören Holding", "controlling group", "2019-05-03", ""),
        ("Doğan Media Group", "owner", "1994", "2018"),
        ("Demirören Media Group", "owner", "2018", ""),
    ]
    assert list(history.source_publisher) == ["", "", "", "Daily Sabah", "Daily Sabah"]
    # The chain's table is read once its expander is opened.
    assert table_counts(open_chain(app, "hurriyet"))[1] == "**2** links in the chain"


def test_the_history_follows_the_as_of_date(small_world):
    app = run_page("pages/8_Profile.py", id="hurriyet", as_of="2015-06-01")
    owners = app.dataframe[1].value
    assert shown_names(owners.owner_name) == ["Doğan Media Group"]
    history = app.dataframe[2].value
    assert list(history.on_as_of) == [True, False, False, True, False]


def test_a_person_s_profile_lists_roles_holdings_and_partnerships(small_world):
    app = run_page("pages/8_Profile.py", id="ilgar-huseynov")
    assert app.title[0].value == "Ilgar Huseynov"
    assert [header.value for header in app.header] == ["Roles", "Holdings", "Partnerships", "Sources", "Filters"]
    assert table_counts(app) == ["**3** facts", "**1** role", "**1** partnership", "**2** facts with their sources"]
    roles = app.dataframe[1].value
    assert list(zip(shown_names(roles.entity_name), roles.role, strict=True)) == [
        ("Trend News Agency", "Director-General")
    ]
    assert list(app.dataframe[2].value.title) == ["Protocol of Intent to create a joint media platform"]

    shareholder = run_page("pages/8_Profile.py", id="zahid-akman")
    assert table_counts(open_chain(shareholder, "zahid-akman"))[1:3] == [
        "**1** outlet held",
        "**2** links in the chain",
    ]
    held = shown_cells(shareholder.dataframe[2])
    # 25% of an owner whose share in Kanal 7 is unknown: unknown.
    assert list(zip(shown_names(held.name), held.effective_share, strict=True)) == [("Kanal 7", "")]


def test_a_group_s_profile_counts_its_outlets_by_country_and_type(small_world):
    app = run_page("pages/8_Profile.py", id="albayrak-holding")
    by_market = app.dataframe[1].value
    assert by_market.to_dict("records") == [{"country": "Türkiye", "Newspaper": 1, "Online": 2, "total": 3}]
    counts = json.loads(app.dataframe[1].proto.columns)
    assert {
        column: counts[column]["type_config"]["format"] for column in ("Newspaper", "Online", "total")
    } == dict.fromkeys(("Newspaper", "Online", "total"), "localized"), (
        "counts with thousands separators, as every table's"
    )
    treemap = json.loads(app.get("plotly_chart")[-1].proto.spec)["data"][0]
    assert list(zip(treemap["labels"], decoded(treemap["values"]), strict=True)) == [
        ("Albayrak Group Holding", 3),
        ("Türkiye", 3),
        ("Online", 2),
        ("Newspaper", 1),
    ]
    outlets = app.dataframe[2].value
    assert shown_names(outlets.name) == ["TVNET", "Yeni Şafak", "gzt.com"]
    assert shown_names(outlets.group_name) == ["Albayrak Group Holding"] * 3


@pytest.fixture
def asked(monkeypatch) -> list[tuple[str, str, dict | None]]:
    """Each query the database runs while the fixture is in use, as (how, query name, where): no result is cached."""
    calls = []

    def spied(how: str):
        run = getattr(Atlas, how)

        def spy(self, name, *args, **options):
            calls.append((how, name, options.get("where")))
            return run(self, name, *args, **options)

        return spy

    for how in ("query", "count", "page", "facet"):
        monkeypatch.setattr(Atlas, how, spied(how))
    st.cache_data.clear()
    return calls


def test_the_owners_read_the_chain_up_and_its_table_is_read_only_once_opened(small_world, asked):
    """A big group's chain holds hundreds of thousands of links down, which only the
    chain's table shows: the ultimate owners and the tree read the rows up alone, so DuckDB never walks down the chain
    for them; the table is read when its expander is opened, and shows both directions."""
    app = run_page("pages/8_Profile.py", id="albayrak-media-group")
    assert [call for call in asked if call[1] == "entity_chain"] == [("page", "entity_chain", {"direction": "up"})]
    assert shown_names(app.dataframe[1].value.owner_name) == ["Albayrak Group Holding"]
    assert not any("in the chain" in counted for counted in table_counts(app))
    expander = folded_section(app, "Every link of its chain")
    assert expander.label == "Every link of its chain, up and down, with effective shares: a table, read when opened"
    assert not expander.children
    open_chain(app, "albayrak-media-group")
    assert ("page", "entity_chain", None) in asked
    assert "**4** links in the chain" in table_counts(app)
    chain = next(table.value for table in app.dataframe if "direction" in table.value)
    assert list(chain.direction) == ["up", "down", "down", "down"]


def test_a_group_s_outlets_are_counted_by_one_facet(small_world, asked):
    """The treemap, the markets' table and the outlets' table (its count and its cut rows) read one facet of the
    portfolio, which at a million outlets takes as long as the table's page."""
    run_page("pages/8_Profile.py", id="albayrak-holding")
    assert sorted((how, where) for how, name, where in asked if name == "entity_portfolio") == [
        ("facet", None),
        ("page", None),
    ]


def test_a_big_holder_s_outlets_and_sources_are_read_only_once_opened(small_world, asked, monkeypatch):
    """A holder of more outlets than FOLDED_ABOVE (a big group holds hundreds of thousands) shows its
    markets from the portfolio's facet; its outlets' table and its sources, which name and sort every outlet and
    interest, are folded and read only when opened. A smaller holder's open at once."""
    small = run_page("pages/8_Profile.py", id="albayrak-holding")
    assert folded_section(small, "Every outlet it holds").proto.expanded
    assert {"**3** outlets held", "**3** facts with their sources"} <= set(table_counts(small))

    monkeypatch.setattr(profile, "FOLDED_ABOVE", 2)
    asked.clear()
    st.cache_data.clear()
    app = run_page("pages/8_Profile.py", id="albayrak-holding")
    outlets = folded_section(app, "Every outlet it holds")
    assert outlets.label == "Every outlet it holds (3): a table, read when opened"
    sources = folded_section(app, "Every fact with its source")
    assert not outlets.children and not sources.children
    assert not outlets.proto.expanded
    assert [(how, name) for how, name, _ in asked if name in ("entity_portfolio", "entity_sources")] == [
        ("facet", "entity_portfolio")
    ]
    assert not {"**3** outlets held", "**3** facts with their sources"} & set(table_counts(app))

    app.session_state[section_key("portfolio-outlets", "albayrak-holding")] = True
    app.session_state[section_key("sources", "albayrak-holding")] = True
    app.run()
    assert not app.exception, app.exception
    assert {"**3** outlets held", "**3** facts with their sources"} <= set(table_counts(app))
    assert {("page", "entity_portfolio"), ("page", "entity_sources")} <= {(how, name) for how, name, _ in asked}


def folded_section(app, label_start: str):
    return next(expander for expander in app.expander if expander.label.startswith(label_start))


def test_a_portfolio_in_many_countries_folds_the_smallest_into_one_tile_that_counts_them():
    """40 countries holding 1 to 40 outlets each: the 29 largest get a tile, the other 11 one."""
    markets = pd.DataFrame(
        {"country_name": [f"Country {n}" for n in range(1, 40)] + [None], "media_type": "tv", "rows": range(1, 41)}
    )
    treemap = portfolio_treemap(markets, "Big <b>Group</b>").data[0]
    tiles = dict(zip(treemap.ids, zip(treemap.labels, treemap.values, strict=True), strict=True))
    assert len([tile for tile in tiles if tile.startswith("country/")]) == 29
    assert tiles["all"] == ("Big &lt;b&gt;Group&lt;/b&gt;", sum(range(1, 41)))
    assert tiles["more"] == ("11 more countries", sum(range(1, 12)))
    assert tiles["country/country unknown"] == ("country unknown", 40)
    assert tiles["market/country unknown/TV"] == ("TV", 40)
    assert "country/Country 11" not in tiles and tiles["country/Country 12"] == ("Country 12", 12)
    assert treemap.maxdepth == -1  # 29 countries of one media type each, and the rest: 30 tiles


def test_a_portfolio_of_more_markets_than_tiles_shows_its_countries_and_opens_each_on_a_click():
    """8 countries with 5 media types each: 40 markets would be too many tiles; the 8 countries show."""
    markets = pd.DataFrame(
        {
            "country_name": [f"Country {n}" for n in range(8) for _ in range(5)],
            "media_type": ["tv", "radio", "newspaper", "online", "magazine"] * 8,
            "rows": range(1, 41),
        }
    )
    treemap = portfolio_treemap(markets, "Group").data[0]
    assert treemap.maxdepth == 2
    assert "more" not in treemap.ids
    tiles = dict(zip(treemap.ids, treemap.values, strict=True))
    # A country's tile is the sum of its markets' (plotly's branchvalues="total" needs it), each of them there.
    assert tiles["country/Country 2"] == sum(range(11, 16))
    assert tiles["market/Country 2/Radio"] == 12
    assert len([tile for tile in tiles if tile.startswith("market/")]) == 40
    few = portfolio_treemap(markets.head(30), "Group")
    assert few.data[0].maxdepth == -1 and not few.layout.title.text


def test_an_unknown_id_offers_the_search(small_world):
    app = run_page("pages/8_Profile.py", in_app=True, id="nobody")
    app.text_input(key="profile-find").input("dogan").run()
    assert [warning.value for warning in app.warning] == ["The atlas has no entity with the id “nobody”."]
    assert [link.label for link in profile_links(app)] == [
        "Doğan Holding · TR",
        "Doğan Media Group · TR",
        "Aydın Doğan · TR",
    ]


def test_ultimate_owners_rank_by_effective_share_with_ranges_kept():
    up = pd.DataFrame(
        {
            "owner_id": ["a", "b", "c", "mid"],
            "owner_name": ["A", "B", "C", "Mid"],
            "owner_type": ["person", "person", "organisation", "organisation"],
            "owned_id": ["mid", "x", "x", "x"],
            "depth": [2, 1, 1, 1],
            "interest": ["shareholding", "shareholding", "control", "shareholding"],
            "effective_min": [20.0, 25.0, None, 40.0],
            "effective_max": [20.0, 30.0, None, 40.0],
            "cut": [True, False, False, False],
        }
    )
    tops = ultimate_owners(up)
    assert list(zip(tops["rank"], tops.owner_name, tops.effective_share, tops.cut, strict=True)) == [
        (1, "B", "25–30%", False),
        (2, "A", "20%", True),
        (3, "C", "unknown", False),
    ]
    links = up.assign(
        owned_name=up.owned_id, owned_type="organisation", share_min=None, share_max=None, source_url=None
    )
    _, edges = owner_tree_edges(links)
    assert list(edges.label) == ["20%", "25–30%", "", "40%"]
    assert edges.hover[2].endswith("<br>effective share: unknown")


def test_the_history_chart_draws_one_bar_per_period_up_to_the_as_of_date():
    history = pd.DataFrame(
        {
            "line": ["controlling group", "owner", "owner"],
            "holder_name": ["Doğan Holding", "Doğan Media Group", "Demirören Media Group"],
            "interest": [None, "control", "control"],
            "share_min": [None, None, 51.0],
            "share_max": [None, None, 51.0],
            "start_date": [None, "1994", "2018-05-16"],
            "end_date": ["2018-05-16", "2018-05-16", None],
            "status": ["derived", "counts", "counts"],
            "source_publisher": [None, "Medyatava", "KAP"],
        }
    )
    bars = history_bars(history, "2020-01-01", founded="1948-05-01").data[0]
    assert list(bars.y) == [
        "Doğan Holding · controlling group",
        "Doğan Media Group · control",
        "Demirören Media Group · control",
    ]
    # An unknown start: the earliest date a claim knows.
    assert list(bars.base) == [pd.Timestamp("1994-01-01"), pd.Timestamp("1994-01-01"), pd.Timestamp("2018-05-16")]
    assert list(bars.text) == [
        "start unknown – 2018-05-16",
        "1994 – 2018-05-16",
        "2018-05-16 – open · 51%",
    ]
    ends = [base + pd.Timedelta(milliseconds=width) for base, width in zip(bars.base, decoded(bars.x), strict=True)]
    assert ends[:2] == [pd.Timestamp("2018-05-16")] * 2
    # Open: past the as-of date by a fifth of the 26 years from 1994.
    assert ends[2] == pd.Timestamp("2025-03-14 04:48")


def test_hurriyet_s_2018_sale_reads_in_its_history(atlas):
    history = atlas.query("entity_history", entity_id="hurriyet", as_of="2026-11-27")
    counted = history[history.status.isin(["counts", "derived"])].fillna({"end_date": ""})
    periods = zip(
        counted.line, counted.holder_name, counted.start_date, counted.end_date, counted.on_as_of, strict=True
    )
    # The Simavi family's period starts with the paper's first issue (1948-05-01), its claim in 1948.
    assert list(periods) == [
        ("controlling group", "Simavi family", "1948-05-01", "1994", False),
        ("controlling group", "Doğan Media Group", "1994", "2009-09-08", False),
        ("controlling group", "Doğan Holding", "2009-09-08", "2018-05-16", False),
        ("controlling group", "Demirören Media Group", "2018-05-16", "2019-05-03", False),
        ("controlling group", "Demirören Holding", "2019-05-03", "", True),
        ("owner", "Simavi family", "1948", "1994", False),
        ("owner", "Doğan Media Group", "1994", "2018-05-16", False),
        ("owner", "Demirören Media Group", "2018-05-16", "", True),
    ]
    sources = counted[counted.line == "owner"].set_index("holder_name").source_id
    assert sources["Demirören Media Group"] == "kap-2018-05-16-dogan-media-sale"
    assert sources["Doğan Media Group"] == "medyatava-erol-simavi-obituary"
    assert sources["Simavi family"] == "akdeniz-thesis-demiroren-media-group"
    assert set(history[~history.status.isin(["counts", "derived"])].layer) == {"wikidata"}
