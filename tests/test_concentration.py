"""Market concentration on a fixture market with hand-computed CR4 and HHI, by outlet count and by audience share,
and the effect of a sale between two dates. Built from CSV by the production build."""

import json

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from media_atlas import PROJECT_ROOT
from media_atlas.atlas import Atlas
from media_atlas.vocabulary import MEDIA_TYPES, allowed
from tests.small_worlds import built_atlas, link, org, outlet

BEFORE_SALE, AFTER_SALE = "2020-06-01", "2021-06-01"
ALL = {"countries": [], "media_types": []}

TR_TV = [f"tr-tv-{name}" for name in ("a1", "a2", "a3", "a4", "b1", "b2", "c1", "d1", "d2", "d3")]
TR_RADIO = [f"tr-radio-{n:02d}" for n in range(10)]
TR_NEWSPAPERS = [f"tr-paper-{n:02d}" for n in range(20)]
AZ_TV = [f"az-tv-{n}" for n in range(1, 7)]
TR_MAGAZINES = [f"tr-magazine-{n}" for n in range(6)]
AZ_RADIO = [f"az-radio-{n}" for n in range(3)]
LINKS = [
    link("g1", "g1-sub", 100),
    *(link("g1-sub", f"tr-tv-a{n}", 100) for n in range(1, 5)),
    # g2 sells its two channels to g1's subsidiary at the start of 2021.
    *(link("g2", channel, 100, end="2021-01-01") for channel in ("tr-tv-b1", "tr-tv-b2")),
    *(link("g1-sub", channel, 100, start="2021-01-01") for channel in ("tr-tv-b1", "tr-tv-b2")),
    *(link(owner, owned, 100) for owner, owned in (("g3", "tr-tv-c1"), ("ga", "az-tv-1"), ("ga", "az-tv-2"))),
    link("gb", "az-tv-3", 100),
    # Every radio and newspaper has an owner of its own; of the six magazines one has a known owner.
    *(link(f"owner-{outlet_id}", outlet_id, 100) for outlet_id in TR_RADIO + TR_NEWSPAPERS + TR_MAGAZINES[:1]),
    *(link("az-radio-owner", radio, 100) for radio in AZ_RADIO),
]
AUDIENCE_2020 = {"az-tv-1": 30, "az-tv-2": 20, "az-tv-3": 25, "az-tv-4": 10, "az-tv-5": 5}
# Published counts of Türkiye's newspapers (the atlas lists 20, each with a known owner): 30 in 2015, 50 in 2022,
# then 10 in 2023 (fewer than listed).
NEWSPAPER_SIZES = {"2015": 30, "2022": 50, "2023": 10}


@pytest.fixture(scope="module")
def market_atlas(tmp_path_factory) -> Atlas:
    outlets = [outlet(name) for name in TR_TV] + [outlet(name, "radio") for name in TR_RADIO]
    outlets += [outlet(name, "newspaper") for name in TR_NEWSPAPERS] + [outlet(name, country="AZ") for name in AZ_TV]
    outlets += [outlet(name, "magazine") for name in TR_MAGAZINES] + [outlet(name, "radio", "AZ") for name in AZ_RADIO]
    audience = [
        {"outlet_id": id_, "market": "AZ", "period": "2020", "share_pct": pct} for id_, pct in AUDIENCE_2020.items()
    ]
    organisations = [org(name) for name in ("g1", "g1-sub", "g2", "g3")] + [org(n, "AZ") for n in ("ga", "gb")]
    organisations += [org(f"owner-{outlet_id}") for outlet_id in TR_RADIO + TR_NEWSPAPERS + TR_MAGAZINES[:1]]
    organisations += [org("az-radio-owner", "AZ")]
    sizes = [
        {"country": "TR", "media_type": "newspaper", "period": period, "outlets": count}
        for period, count in NEWSPAPER_SIZES.items()
    ]
    curated = {"organisations": organisations, "outlets": outlets, "ownership": LINKS, "audience": audience}
    curated["market_sizes"] = sizes
    return built_atlas(tmp_path_factory.mktemp("market") / "data", curated)


def markets(atlas: Atlas, as_of: str) -> dict[tuple[str, str], dict]:
    rows = atlas.query("concentration", as_of=as_of, **ALL)
    return {(row["country"], row["media_type"]): row for row in rows.to_dict("records")}


def test_outlet_count_basis_by_controlling_group(market_atlas):
    # g1 40% (four channels through its subsidiary), g2 20%, g3 10%, three independents 10% each.
    tv = markets(market_atlas, BEFORE_SALE)["TR", "tv"]
    assert (tv["basis"], tv["outlets"], tv["groups"], tv["cr4"], tv["hhi"], tv["risk_band"]) == (
        "outlet count",
        10,
        6,
        80.0,  # 40 + 20 + 10 + 10
        2400.0,  # 40² + 20² + 4 * 10²
        "high",
    )
    assert tv["top_groups"] == "G1 40.0%; G2 20.0%; G3 10.0%; Tr Tv D1 10.0%"


def test_a_market_of_unknown_owners_or_a_handful_of_outlets_is_insufficient_data(market_atlas):
    """Six magazines of which one has a known owner would score 'low' (each its own group); three radios of one
    owner would score 'high'. Neither is a verdict the data supports."""
    found = markets(market_atlas, BEFORE_SALE)
    magazines, az_radio = found["TR", "magazine"], found["AZ", "radio"]
    assert (magazines["coverage"], magazines["cr4"], magazines["risk_band"]) == (16.7, 66.67, "insufficient data")
    assert (az_radio["coverage"], az_radio["cr4"], az_radio["risk_band"]) == (100.0, 100.0, "insufficient data")
    assert found["TR", "tv"]["coverage"] == 70.0


def test_risk_bands_follow_the_cr4_thresholds(market_atlas):
    found = markets(market_atlas, BEFORE_SALE)
    radio, papers = found["TR", "radio"], found["TR", "newspaper"]
    assert (radio["cr4"], radio["hhi"], radio["risk_band"]) == (40.0, 1000.0, "medium")
    assert (papers["cr4"], papers["hhi"], papers["risk_band"]) == (20.0, 500.0, "low")


def test_a_published_size_larger_than_the_listing_lowers_coverage(market_atlas):
    """20 newspapers listed, all with known owners: against 30 published in 2015 that is 66.7% covered (a band);
    against 50 published in 2022, 40% (insufficient data), though CR4 and HHI over the listed ones are unchanged."""
    before, later = markets(market_atlas, BEFORE_SALE), markets(market_atlas, "2022-06-01")
    paper_2020, paper_2022 = before["TR", "newspaper"], later["TR", "newspaper"]
    assert (paper_2020["outlets"], paper_2020["published_size"], paper_2020["published_period"]) == (20, 30, "2015")
    assert (paper_2020["coverage"], paper_2020["risk_band"]) == (66.7, "low")
    assert (paper_2022["published_size"], paper_2022["published_period"]) == (50, "2022")
    assert (paper_2022["coverage"], paper_2022["cr4"], paper_2022["hhi"]) == (40.0, 20.0, 500.0)
    assert paper_2022["risk_band"] == "insufficient data"


def test_the_latest_published_size_on_or_before_the_date_counts(market_atlas):
    """In 2023 the latest count (10) is below the 20 listed: the listing is the larger, so coverage is full again;
    the 2023 count does not reach back to 2022."""
    paper_2023 = markets(market_atlas, "2023-06-01")["TR", "newspaper"]
    assert (paper_2023["published_size"], paper_2023["published_period"]) == (10, "2023")
    assert (paper_2023["coverage"], paper_2023["risk_band"]) == (100.0, "low")
    assert markets(market_atlas, "2022-12-31")["TR", "newspaper"]["published_size"] == 50


def test_a_market_without_a_published_size_keeps_its_listing(market_atlas):
    tv = markets(market_atlas, BEFORE_SALE)["TR", "tv"]
    assert pd.isna(tv["published_size"]) and pd.isna(tv["published_period"])
    assert (tv["outlets"], tv["coverage"], tv["risk_band"]) == (10, 70.0, "high")


def test_market_sizes_take_the_outlets_media_types():
    assert allowed("market_sizes", "media_type") == MEDIA_TYPES


def test_audience_share_basis_where_audience_covers_the_market(market_atlas):
    # ga 30 + 20 = 50, gb 25, then 10 and 5; the sixth channel has no audience figure and counts 0.
    az = markets(market_atlas, BEFORE_SALE)["AZ", "tv"]
    assert (az["basis"], az["audience_period"], az["outlets"], az["groups"], az["cr4"], az["hhi"]) == (
        "audience share",
        "2020",
        6,
        5,
        90.0,
        3250.0,  # 50² + 25² + 10² + 5²
    )


def test_outlet_count_once_the_audience_figures_are_out_of_date(market_atlas):
    az = markets(market_atlas, "2022-06-01")["AZ", "tv"]
    # ga 2 of 6 channels, gb and three independents 1 of 6 each.
    assert (az["basis"], az["cr4"], az["hhi"]) == ("outlet count", 83.33, 2222.22)
    assert pd.isna(az["audience_period"])


def test_filters_limit_the_markets(market_atlas):
    rows = market_atlas.query("concentration", as_of=BEFORE_SALE, countries=["TR"], media_types=["tv", "radio"])
    assert list(zip(rows.country, rows.media_type, strict=True)) == [("TR", "radio"), ("TR", "tv")]
    assert list(rows.country_name) == ["Türkiye", "Türkiye"]


def test_a_sale_shows_its_effect_side_by_side(market_atlas):
    rows = market_atlas.query("concentration_change", as_of=AFTER_SALE, compare_as_of=BEFORE_SALE, **ALL)
    tv = rows[(rows.country == "TR") & (rows.media_type == "tv")].iloc[0]
    assert (tv.compare_cr4, tv.cr4, tv.cr4_change) == (80.0, 90.0, 10.0)  # g1 now 60 + three 10s
    assert (tv.compare_hhi, tv.hhi, tv.hhi_change) == (2400.0, 4000.0, 1600.0)  # 60² + 4 * 10²
    assert (tv.compare_groups, tv.groups) == (6, 5)
    assert tv.top_groups == "G1 60.0%; G3 10.0%; Tr Tv D1 10.0%; Tr Tv D2 10.0%"
    unchanged = rows[(rows.country == "TR") & (rows.media_type == "radio")].iloc[0]
    assert (unchanged.cr4_change, unchanged.hhi_change, unchanged.risk_band_changed) == (0.0, 0.0, False)


@pytest.fixture
def run(market_atlas, monkeypatch):
    """Run the Concentration page over the fixture market (Türkiye after the sale, unless query_params say else)."""
    monkeypatch.setenv("MEDIA_ATLAS_DB", str(market_atlas.db_path))
    monkeypatch.setenv("MEDIA_ATLAS_DATA", str(market_atlas.db_path.parent / "data"))

    def run_page(**query_params) -> AppTest:
        app = AppTest.from_file(str(PROJECT_ROOT / "pages" / "6_Concentration.py"), default_timeout=30)
        for key, value in ({"as_of": AFTER_SALE, "country": "Türkiye"} | query_params).items():
            app.query_params[key] = value
        app.run()
        assert not app.exception, app.exception
        return app

    return run_page


def test_the_concentration_page_draws_each_date_in_its_tab(run, market_atlas):
    """The page opens on the as-of date; the comparison, which computes control on a second date, has its own tab.
    The chart marks the risk bands' bounds as the rules set them."""

    def traces(app: AppTest) -> list[str]:
        return [trace["name"] for trace in json.loads(app.get("plotly_chart")[0].proto.spec)["data"]]

    def band_bounds(app: AppTest) -> list[float]:
        return [shape["x0"] for shape in json.loads(app.get("plotly_chart")[0].proto.spec)["layout"]["shapes"]]

    def counts(app: AppTest) -> list[str]:
        return [markdown.value for markdown in app.markdown if markdown.value.startswith("**")]

    on_date = run()
    assert traces(on_date) == ["low risk", "medium risk", "high risk", "insufficient data"]
    # magazines (too few known owners), newspapers, radio, TV in Türkiye
    assert list(on_date.dataframe[0].value["cr4"]) == [66.67, 20.0, 40.0, 90.0]
    assert list(on_date.dataframe[0].value["risk_band"]) == ["insufficient data", "low", "medium", "high"]
    assert counts(on_date) == ["**4** markets"]

    compared = run(tab="Change since an earlier date", compare=BEFORE_SALE)
    assert traces(compared) == ["low risk", "medium risk", "high risk", "insufficient data", f"CR4 on {BEFORE_SALE}"]
    assert list(compared.dataframe[0].value["cr4_change"]) == [0.0, 0.0, 0.0, 10.0]
    assert counts(compared) == ["**4** markets compared"]


# The main area beside the sidebar in a 1280-pixel window, as Chromium draws the page.
MAIN_AREA_WIDTH = 820
KEY_COLUMNS = ["country_name", "media_type", "risk_band", "cr4", "hhi", "top_groups"]


def test_the_market_table_shows_its_key_columns_whole_and_counts_with_separators(run):
    """The market, its risk, CR4, HHI and largest groups come first and fit a 1280-pixel window, the market pinned
    when the sizes behind them are scrolled to. Every count has thousands separators, the published size too, though
    most markets have none: its gaps are empty cells of a number column, not text (which showed 1019, not 1,019, on
    a page without gaps)."""
    table = run().dataframe[0]
    config = json.loads(table.proto.columns)
    assert list(table.value.columns[: len(KEY_COLUMNS)]) == KEY_COLUMNS
    assert sum(config[column]["width"] for column in KEY_COLUMNS) <= MAIN_AREA_WIDTH
    assert config["country_name"]["pinned"] and config["media_type"]["pinned"]
    for count in ("outlets", "published_size", "groups"):
        assert config[count]["type_config"] == {"type": "number", "format": "localized"}
    assert config["hhi"]["type_config"]["format"] == "%,.0f"
    assert table.value.published_size.isna().sum() == 3 and pd.api.types.is_numeric_dtype(table.value.published_size)
    assert table.proto.HasField("placeholder") and table.proto.placeholder == ""


def test_the_comparisons_later_side_is_the_concentration_on_that_date(atlas):
    """What the comparison shows for the as-of date is the concentration on that date, market for market."""
    shown = ["country_name", "media_type", "basis", "outlets", "groups", "cr4", "hhi", "risk_band", "top_groups"]
    markets = {"countries": [], "media_types": [], "as_of": "2026-11-27"}
    now = atlas.query("concentration", **markets)[shown].reset_index(drop=True)
    compared = atlas.query("concentration_change", **markets, compare_as_of="2015-01-01")
    later = compared.dropna(subset=["outlets"])[shown].reset_index(drop=True)
    assert len(now) > 100
    pd.testing.assert_frame_equal(now, later, check_dtype=False)
