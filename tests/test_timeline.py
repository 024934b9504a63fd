"""Timeline: foundings and closings by year and decade, partial dates kept in their period."""

import json

import pandas as pd
import pytest

from media_atlas import DATA_DIR
from media_atlas.atlas import Atlas
from media_atlas.filters import no_filters
from media_atlas.ui.charts import (
    by_period,
)
from tests.page_runs import decoded, run_page, table_counts


def test_timeline_counts_foundings_by_decade(small_world):
    app = run_page("pages/4_Timeline.py", bucket="decade")
    founded = json.loads(app.get("plotly_chart")[0].proto.spec)["data"]
    assert {bar["name"]: decoded(bar["x"]) for bar in founded} == {
        "TV": [1980, 1990],
        "Newspaper": [1940],
        "News agency": [1920],
    }
    assert [info.value for info in app.info] == ["No outlet matching these filters has a known closing date."]


def test_periods_keep_partial_dates_in_their_year_and_decade():
    counts = pd.DataFrame(
        {"founded": ["1948-05-01", "1948", "1993", "1989-03"], "media_type": ["tv", "tv", "tv", "radio"], "rows": 1}
    )
    years = by_period(counts, "founded", "year")
    assert list(zip(years.period, years.media_type, years.rows, strict=True)) == [
        (1948, "tv", 2),
        (1989, "radio", 1),
        (1993, "tv", 1),
    ]
    decades = by_period(counts, "founded", "decade")
    assert list(zip(decades.period, decades.media_type, decades.rows, strict=True)) == [
        (1940, "tv", 2),
        (1980, "radio", 1),
        (1990, "tv", 1),
    ]


def test_periods_take_years_as_numbers_and_leave_unknown_years_out():
    counts = pd.DataFrame({"year": [1948, 1948, None, 1993], "event": "founded", "rows": [2, 1, 5, 1]})
    counts["year"] = counts.year.astype("Int64")
    decades = by_period(counts, "year", "decade")
    assert list(zip(decades.period, decades.rows, strict=True)) == [(1940, 3), (1990, 1)]


def first_day(value: str) -> str:
    """A partial date's first day, as the model reads it ('1994' -> '1994-01-01')."""
    return value + "-01-01"[len(value) - 4 :]


@pytest.mark.parametrize("as_of", ["2026-11-27", "2015-01-01", "1990-01-01", "1994-06-15"])
def test_events_are_every_founding_and_closing_by_the_date_in_the_year_of_its_date(atlas, as_of):
    """outlet_events against the outlets' own dates: a founding of every outlet founded by the date, a closing of
    every one of those closed by it, each in the year its date (full or partial) names."""
    outlets = atlas.connection.cursor().execute("select outlet_id, founded, closed from outlets").fetchall()
    expected = set()
    for outlet_id, founded, closed in outlets:
        if founded is not None and first_day(founded) > as_of:
            continue  # not founded yet: neither event is listed
        if founded is not None:
            expected.add(("founded", founded, int(founded[:4]), outlet_id))
        if closed is not None and first_day(closed) <= as_of:
            expected.add(("closed", closed, int(closed[:4]), outlet_id))
    events = atlas.query("outlet_events", **no_filters(as_of))
    listed = list(zip(events.event, events.event_date, events.year, events.outlet_id, strict=True))
    assert len(listed) == len(set(listed))
    assert set(listed) == expected
    assert any(event == "closed" for event, *_ in expected)
    years = atlas.facet("outlet_events", ["year", "event"], **no_filters(as_of))
    assert years.rows.sum() == len(expected)


@pytest.mark.parametrize("as_of", ["2026-11-27", "1990-01-01"])
def test_the_table_counts_every_founding_and_closing_from_the_chart_s_counts(shipped_db, monkeypatch, as_of):
    """The table's total is the facet the charts draw, summed: the same as counting the query's rows, closings too."""
    monkeypatch.setenv("MEDIA_ATLAS_DB", str(shipped_db))
    monkeypatch.setenv("MEDIA_ATLAS_DATA", str(DATA_DIR))
    app = run_page("pages/4_Timeline.py", as_of=as_of)
    events = Atlas(shipped_db).facet("outlet_events", ["event"], **no_filters(as_of))
    assert set(events.event) == {"founded", "closed"}
    assert table_counts(app)[0].startswith(f"**{events.rows.sum():,}** ")
