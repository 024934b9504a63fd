"""Methodology: the rules behind the numbers, their constants read from the model's SQL, and live coverage."""

import pytest

from media_atlas import methodology
from media_atlas.methodology import RuleNotFound, model_rules
from tests.conftest import TODAY_PARAMS
from tests.page_runs import run_page, table_counts


def test_the_page_states_the_rules_with_the_model_s_constants_and_the_coverage(small_world):
    app = run_page("pages/9_Methodology.py")
    text = "\n".join(markdown.value for markdown in app.markdown)
    assert "follows at most **20 links** among owners" in text
    assert "the owner with more than **50%**" in text
    assert "below **25** low, below **50** medium, else high" in text
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
    rules = model_rules()
    assert atlas.connection.execute("select lookthrough_depth_cap()").fetchall() == [(rules.depth_cap,)]
    markets = atlas.query("concentration", countries=[], media_types=[], as_of=TODAY_PARAMS["as_of"])
    expected = markets.cr4.map(
        lambda cr4: "low" if cr4 < rules.low_below else "medium" if cr4 < rules.medium_below else "high"
    )
    assert list(markets.risk_band) == list(expected)
    assert set(markets.risk_band) == {"low", "medium", "high"}


def test_a_rule_moved_in_the_model_fails_loudly(tmp_path, monkeypatch):
    for file in ("claims.sql", "control.sql", "concentration.sql"):
        text = (methodology.MODEL_DIR / file).read_text(encoding="utf-8")
        (tmp_path / file).write_text(text.replace("lookthrough_depth_cap() as 20", "lookthrough_depth_cap() as x"))
    monkeypatch.setattr(methodology, "MODEL_DIR", tmp_path)
    with pytest.raises(RuleNotFound, match=r"model/claims\.sql"):
        model_rules()
