"""Methodology: the rules behind the numbers, their constants read from the model's SQL, and live coverage."""

from media_atlas.atlas import Atlas
from tests.conftest import TODAY_PARAMS
from tests.page_runs import run_page, table_counts


def test_the_page_states_the_rules_with_the_model_s_constants_and_the_coverage(small_world, small_db):
    app = run_page("pages/9_Methodology.py")
    text = "\n".join(markdown.value for markdown in app.markdown)
    assert "follows at most **100 links** among owners" in text
    assert "an **undated claim holds from its source's date**" in text
    assert "fewer than **5**, is *insufficient data*" in text
    assert "the owner with more than **50%**" in text
    assert "below **25** low, below **50** medium, else high" in text
    # What the build stores, each with its order and why, as STORED declares and the database holds.
    stored = [line for line in text.splitlines() if line.startswith("- `") and ", sorted by " in line]
    assert any(line.startswith("- `outlet_rows`, sorted by media_type, country, founded") for line in stored)
    tables = Atlas(small_db).connection.execute("select table_name from duckdb_tables()").fetchall()
    names = {row[0] for row in tables}
    assert {line.split("`")[1] for line in stored} <= names
    assert table_counts(app) == ["**9** coverage measures"]
    coverage = app.dataframe[0].value
    assert dict(zip(coverage.measure, zip(coverage.counted, coverage.total, strict=True), strict=True)) == {
        "outlets with a known country": (12, 12),
        "outlets with a founding date": (4, 12),
        "outlets with a controlling group": (11, 12),
        "outlets with an audience share": (0, 12),
        "ownership interests with a known share": (4, 20),
        "ownership interests with a start date": (6, 20),
        "ownership interests from the curated layer": (20, 20),
        "ownership interests set aside because a curated claim wins": (0, 20),
        "organisations with a known country": (12, 12),
    }


def test_the_constants_are_those_the_database_applies(atlas):
    rules = atlas.query("model_rules").iloc[0]
    assert (rules.depth_cap, rules.majority, rules.cr4_low_below, rules.cr4_medium_below) == (100, 50, 25, 50)
    markets = atlas.query("concentration", countries=[], media_types=[], as_of=TODAY_PARAMS["as_of"])
    judged = markets[markets.risk_band != "insufficient data"]
    expected = judged.cr4.map(
        lambda cr4: "low" if cr4 < rules.cr4_low_below else "medium" if cr4 < rules.cr4_medium_below else "high"
    )
    assert list(judged.risk_band) == list(expected)
    assert set(markets.risk_band) == {"low", "medium", "high", "insufficient data"}
