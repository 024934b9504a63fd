"""Partnerships: the agreements, their parties, and the network that marks borders crossed."""

import json

import pandas as pd

from media_atlas.ui.charts import CROSS_BORDER_COLOUR, SAME_COUNTRY_COLOUR, partnership_graph
from tests.page_runs import run_page


def test_partnership_network_marks_the_border_it_crosses(small_world):
    app = run_page("pages/5_Partnerships.py")
    traces = json.loads(app.get("plotly_chart")[0].proto.spec)["data"]
    assert [trace["name"] for trace in traces] == ["across a border", "link", "organisation", "outlet"]
    assert [trace["text"] for trace in traces[2:]] == [["Albayrak Media Group (TR)"], ["Trend News Agency (AZ)"]]


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
