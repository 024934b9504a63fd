"""The chart builders on small hand-made frames: labels, periods, layouts and graph edges are exactly as meant."""

import pandas as pd
import pytest

from media_atlas.ui.charts import (
    CROSS_BORDER_COLOUR,
    SAME_COUNTRY_COLOUR,
    by_period,
    layered_positions,
    partnership_graph,
    share_label,
)


@pytest.mark.parametrize(
    ("low", "high", "label"),
    [(51.0, 51.0, "51%"), (25.0, 30.5, "25\u201330.5%"), (None, None, ""), (float("nan"), float("nan"), "")],
)
def test_share_labels(low, high, label):
    assert share_label(low, high) == label


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


def test_owners_sit_above_what_they_own_even_around_a_cycle():
    links = pd.DataFrame(
        {
            "owner_id": ["holding", "group", "group", "a", "b"],
            "owned_id": ["group", "tv", "paper", "b", "a"],
        }
    )
    positions = layered_positions(links)
    assert positions["tv"][1] == positions["paper"][1] == 0.0
    assert positions["group"][1] == 1.0
    assert positions["holding"][1] == 2.0
    assert {positions["a"][1], positions["b"][1]} == {0.0, 1.0}


def test_partnership_edges_mark_crossing_a_border():
    parties = pd.DataFrame(
        {
            "partnership_id": ["p", "p", "p"],
            "party_id": ["trend", "albayrak", "yeni"],
            "party_name": ["Trend", "Albayrak", "Yeni"],
            "party_type": ["outlet", "organisation", "outlet"],
            "party_country": ["AZ", "TR", "TR"],
        }
    )
    agreements = pd.DataFrame(
        {
            "partnership_id": ["p"],
            "title": ["Protocol"],
            "signed_on": ["2020-12-15"],
            "source_publisher": ["Trend"],
            "source_url": ["https://en.trend.az/azerbaijan/society/3353246.html"],
        }
    )
    nodes, edges = partnership_graph(parties, agreements)
    assert list(nodes.name) == ["Trend (AZ)", "Albayrak (TR)", "Yeni (TR)"]
    colours = {(edge.source, edge.target): edge.colour for edge in edges.itertuples()}
    assert colours == {
        ("albayrak", "trend"): CROSS_BORDER_COLOUR,
        ("albayrak", "yeni"): SAME_COUNTRY_COLOUR,
        ("trend", "yeni"): CROSS_BORDER_COLOUR,
    }
    assert edges.hover.iloc[0] == (
        "Protocol (2020-12-15)<br>source: Trend https://en.trend.az/azerbaijan/society/3353246.html"
    )


def test_periods_take_years_as_numbers_and_leave_unknown_years_out():
    counts = pd.DataFrame({"year": [1948, 1948, None, 1993], "event": "founded", "rows": [2, 1, 5, 1]})
    counts["year"] = counts.year.astype("Int64")
    decades = by_period(counts, "year", "decade")
    assert list(zip(decades.period, decades.rows, strict=True)) == [(1940, 3), (1990, 1)]
