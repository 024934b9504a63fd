# ruff: noqa: RUF001 -- Turkish names: the dotless i is data, not a typo.
"""Ownership: the network, a chain with effective shares, and how the network is laid out and labelled."""

import json
from itertools import combinations

import numpy as np
import pandas as pd
import pytest

from media_atlas import DATA_DIR
from media_atlas.ui import network_chart
from media_atlas.ui.charts import share_label
from media_atlas.ui.label_placement import Box, _crossed, place_labels, text_box
from media_atlas.ui.network_chart import (
    COUNT_KIND,
    PLOT_WIDTH,
    SET_ASIDE_LINK,
    fold_fans,
    fold_full_runs,
    layered_positions,
    network,
    ownership_graph,
)
from tests.conftest import TODAY_PARAMS
from tests.page_runs import decoded, run_page, shown_names, table_counts
from tests.small_worlds import built_atlas, link, org, outlet


def test_following_an_entity_shows_its_chain_and_neighbours(small_world):
    app = run_page("pages/3_Ownership.py", in_app=True, entity="hayat gorsel")
    assert app.selectbox(key="entity-choice").value == "Hayat Görsel Yayıncılık (organisation, TR)"
    assert table_counts(app) == ["**18** ownership links", "**5** links in the chain"]
    chain = app.dataframe[1].value
    links = zip(shown_names(chain.owner_name), shown_names(chain.owned_name), chain.share, strict=True)
    assert sorted(links) == [
        ("Hayat Görsel Yayıncılık", "Kanal 7", ""),  # unknown: a blank cell
        ("Mustafa Çelik", "Hayat Görsel Yayıncılık", "25%"),
        ("Zahid Akman", "Hayat Görsel Yayıncılık", "25%"),
        ("Zekeriya Karaman", "Hayat Görsel Yayıncılık", "25%"),
        ("İsmail Karahan", "Hayat Görsel Yayıncılık", "25%"),
    ]


def test_network_ranks_each_owner_s_links_by_name_then_interest(atlas):
    """Two interests of one owner in one entity (Turkuvaz's control and shareholding in ATV) get fixed ranks, so the
    first N rows (what the network draws) are the same on every run."""
    links = atlas.query("ownership_network", **(TODAY_PARAMS | {"countries": ["TR"]}))
    keys = ["owned_name", "owned_id", "interest", "start_date", "end_date", "share_min", "share_max", "source_id"]
    for _, owned in links.groupby(["owner_id", "set_aside"]):
        assert list(owned.sort_values(keys, na_position="last").rank_in_owner) == list(range(1, len(owned) + 1))
    atv = links[(links.owner_id == "turkuvaz-media-group") & (links.owned_id == "atv-turkey")]
    assert list(atv.interest) == ["control", "shareholding"]


@pytest.mark.parametrize(
    ("low", "high", "label"),
    [(51.0, 51.0, "51%"), (25.0, 30.5, "25\u201330.5%"), (None, None, ""), (float("nan"), float("nan"), "")],
)
def test_share_labels(low, high, label):
    assert share_label(low, high) == label


def test_owners_sit_above_what_they_own_even_around_a_cycle():
    links = pd.DataFrame(
        {
            "owner_id": ["holding", "group", "group", "a", "b"],
            "owned_id": ["group", "tv", "paper", "b", "a"],
        }
    )
    y = {node: xy[1] for node, xy in layered_positions(links).items()}
    assert y["holding"] > y["group"] > y["tv"]
    assert y["group"] > y["paper"]
    assert y["a"] != y["b"]


def test_a_label_takes_its_first_free_place_or_none():
    boxes = {name: Box(left, 0, left + 10, 10) for name, left in [("a", 0), ("b", 5), ("c", 30), ("d", 100)]}
    candidates = [
        ("first", [boxes["a"]]),
        ("second", [boxes["b"], boxes["c"]]),  # b overlaps the first: it takes c
        ("third", [boxes["a"], boxes["c"]]),  # both taken: no label
        ("fourth", [boxes["d"]]),  # on a node's marker: no label
    ]
    assert place_labels(candidates, obstacles=[Box(95, 0, 105, 10)]) == {"first": 0, "second": 1}


def passes_through(box, segment) -> bool:
    """One box and one segment, clipped to the box's edges one at a time: whether a stretch of it lies inside."""
    (left, top, right, bottom), (x0, y0, x1, y1) = box, segment
    low, high = 0.0, 1.0
    for step, room in [(x0 - x1, x0 - left), (x1 - x0, right - x0), (y0 - y1, y0 - top), (y1 - y0, bottom - y0)]:
        if step == 0:
            if room < 0:
                return False
        elif step < 0:
            low = max(low, room / step)
        else:
            high = min(high, room / step)
    return low < high


def test_a_box_is_crossed_where_a_segment_passes_through_it_and_only_there():
    boxes = [(0, 0, 10, 10), (20, 0, 30, 10), (0, 20, 10, 30), (40, 40, 50, 50)]
    segments = [
        (-5, 5, 15, 5),  # straight through the first
        (18, 12, 32, 12),  # below the second, its bounding box touching none
        (-1, 31, 11, 19),  # across the third's corner, through it
        (30, 45, 45, 30),  # its bounding box covers the fourth's corner, the segment misses it
    ]
    assert _crossed(np.array(boxes, dtype=float), np.array(segments, dtype=float)).tolist() == [
        True,
        False,
        True,
        False,
    ]
    rng = np.random.default_rng(7)
    boxes = rng.integers(0, 40, (60, 4)).astype(float)
    boxes[:, 2:] = boxes[:, :2] + rng.integers(0, 8, (60, 2))
    segments = rng.integers(0, 48, (80, 4)).astype(float)  # some vertical, some horizontal, some points
    expected = [any(passes_through(box, segment) for segment in segments) for box in boxes]
    assert _crossed(boxes, segments).tolist() == expected
    assert not _crossed(boxes, np.empty((0, 4))).any()


def test_a_text_box_grows_with_its_text_and_sits_where_plotly_puts_it():
    short, long = (
        text_box("TRT", 100, 100, "top center", 11),
        text_box("Turkish Radio and TV", 100, 100, "top center", 11),
    )
    assert long.right - long.left > short.right - short.left
    assert short.bottom < 100 and (short.left + short.right) / 2 == 100
    assert text_box("TRT", 100, 100, "middle right", 11).left > 100


def star(outlets: int) -> pd.DataFrame:
    """One owner holding many outlets with long names, half of them 51%."""
    return pd.DataFrame(
        {
            "owner_id": "owner",
            "owner_name": "The Owner",
            "owner_type": "organisation",
            "owned_id": [f"outlet-{index}" for index in range(outlets)],
            "owned_name": [f"Long-named outlet number {index}" for index in range(outlets)],
            "owned_type": "outlet",
            "interest": "shareholding",
            "share_min": [51.0 if index % 2 else None for index in range(outlets)],
            "share_max": [51.0 if index % 2 else None for index in range(outlets)],
            "source_url": "https://example.org",
        }
    )


def drawn_labels(figure) -> list[tuple[str, Box]]:
    """The estimated box of every label a network figure shows."""
    x0, x1 = figure.layout.xaxis.range
    y0, y1 = figure.layout.yaxis.range
    height = figure.layout.height - figure.layout.margin.t - figure.layout.margin.b
    labels = []
    for trace in figure.data:
        if trace.mode and "text" in trace.mode:
            positions = (
                trace.textposition if isinstance(trace.textposition, tuple) else ["middle center"] * len(trace.x)
            )
            for text, x, y, anchor in zip(trace.text, trace.x, trace.y, positions, strict=True):
                if text:
                    pixel = ((x - x0) / (x1 - x0) * PLOT_WIDTH, (y1 - y) / (y1 - y0) * height)
                    labels.append((text, text_box(text, *pixel, anchor, trace.textfont.size)))
    return labels


@pytest.mark.parametrize("outlets", [3, 12, 60])
def test_a_network_labels_what_fits_and_no_two_labels_overlap(outlets):
    links = star(outlets)
    nodes, edges = ownership_graph(links)
    labels = drawn_labels(network(nodes, edges, layered_positions(links), first=f"outlet-{outlets // 2}"))
    names = [text for text, _ in labels]
    assert "The Owner" in names and f"Long-named outlet number {outlets // 2}" in names
    assert not [(a, b) for (a, box_a), (b, box_b) in combinations(labels, 2) if box_a.overlaps(box_b)]
    if outlets == 3:
        assert len(names) == 1 + 3 + 1  # every name and the one known share
    if outlets == 60:
        assert len([name for name in names if name.startswith("Long-named")]) < 60


def row_of_owners(owners: int) -> pd.DataFrame:
    """Links from a row of owners into one company, none of them with a known share."""
    return pd.DataFrame(
        {
            "owner_id": [f"owner-{index}" for index in range(owners)],
            "owner_name": [f"Owner Company {chr(ord('A') + index)}" for index in range(owners)],
            "owner_type": "organisation",
            "owned_id": "held",
            "owned_name": "Held Company",
            "owned_type": "organisation",
            "interest": "shareholding",
            "share_min": None,
            "share_max": None,
            "source_url": "https://example.org",
        }
    )


def test_a_name_with_no_place_beside_its_node_takes_a_free_corner_and_moves_no_other_label(monkeypatch):
    links = row_of_owners(13)
    nodes, edges = ownership_graph(links)
    labels = drawn_labels(network(nodes, edges, layered_positions(links)))
    assert not [(a, b) for (a, box_a), (b, box_b) in combinations(labels, 2) if box_a.overlaps(box_b)]
    monkeypatch.setattr(network_chart, "CORNERS", [])
    beside = drawn_labels(network(nodes, edges, layered_positions(links)))
    assert set(beside) < set(labels), "the corners add names and move none"


def test_each_link_has_an_arrowhead_short_of_what_it_owns():
    links = star(2)
    nodes, edges = ownership_graph(links)
    lines = network(nodes, edges, layered_positions(links)).data[0]
    assert lines.marker.symbol == "arrow" and lines.marker.angleref == "previous"
    assert list(decoded(lines.marker.size)) == [0, 10, 0, 0] * 2


def fan(owner_fan=None) -> pd.DataFrame:
    links = star(9).assign(owned_media_type=["tv"] * 7 + ["newspaper"] * 2, owned_country="TR", set_aside=False)
    links.loc[0, "set_aside"] = True
    return links if owner_fan is None else links.assign(owner_fan=owner_fan)


def test_more_than_five_outlets_of_one_type_and_country_fold_into_a_count_node():
    folded = fold_fans(fan())
    assert list(folded.owned_name) == [
        "Long-named outlet number 0",  # set aside: drawn as it is
        "6 TV outlets (TR)",  # in place of the fan's first link
        "Long-named outlet number 7",
        "Long-named outlet number 8",
    ]
    count = ownership_graph(folded)[0].set_index("name").loc["6 TV outlets (TR)"]
    assert (count.kind, count.opens) == (COUNT_KIND, "owner")
    assert len(fold_fans(fan().head(6))) == 6  # five TV outlets stay five
    assert "312 TV outlets (TR)" in set(fold_fans(fan(owner_fan=312)).owned_name)


def test_a_set_aside_link_is_dashed_and_labelled_with_its_source():
    links = star(2).assign(set_aside=[True, False], source_publisher="Wikidata")
    _, edges = ownership_graph(links)
    assert list(edges.link) == [SET_ASIDE_LINK, "ownership link"]
    assert list(edges.dash) == ["dash", "solid"]
    assert list(edges.label) == ["Wikidata", "51%"]


def chain(rows: list[tuple[str, str, float | None]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["owner_id", "owned_id", "share_min"]).assign(
        owned_name=lambda frame: frame.owned_id.str.title(), owned_type="organisation", interest="shareholding"
    )


def test_a_run_of_whole_holdings_folds_into_one_via_link():
    links = chain([("top", "a", 100), ("a", "b", 100), ("b", "tv", 100), ("minor", "tv", 40)])
    folded = fold_full_runs(links, keep="tv")
    assert (folded.owner_id[0], folded.owned_id[0], folded.via[0]) == ("top", "tv", 2)
    assert folded.interest[0] == "via 2 companies held 100%: A, B"
    assert list(folded.owner_id[1:]) == ["minor"]
    # A company with two owners, or held in part, is not passed through.
    assert len(fold_full_runs(chain([("top", "a", 100), ("x", "a", 100), ("a", "tv", 100)]), keep="tv")) == 3
    assert len(fold_full_runs(chain([("top", "a", 60), ("a", "tv", 100)]), keep="tv")) == 2


def test_set_aside_claims_are_marked_and_what_is_above_only_them_too(atlas):
    """Doğan sold Hürriyet in 2018; Wikidata still says Doğan publishes and holds it. The curated layer covers
    Hürriyet, so those claims are set aside, and Doğan Holding's control of Doğan Media Group, above Turkish outlets
    only through them, is hidden with them."""
    links = atlas.query("ownership_network", **(TODAY_PARAMS | {"countries": ["TR"]}))
    marked = links.set_index(["owner_id", "owned_id", "interest"]).set_aside
    assert marked["dogan-media-group", "hurriyet", "publisher"]
    assert marked["dogan-media-group", "hurriyet", "shareholding"]
    assert marked["dogan-holding", "dogan-media-group", "control"]
    assert not marked["demiroren-media-group", "hurriyet", "control"]
    assert list(links.set_aside) == sorted(links.set_aside)  # the counted links come first


@pytest.fixture
def shipped_world(shipped_db, monkeypatch):
    monkeypatch.setenv("MEDIA_ATLAS_DB", str(shipped_db))
    monkeypatch.setenv("MEDIA_ATLAS_DATA", str(DATA_DIR))


def edges_drawn(app) -> set[tuple[str, str]]:
    traces = json.loads(app.get("plotly_chart")[0].proto.spec)["data"]
    return {trace["name"] for trace in traces}


def test_set_aside_claims_are_drawn_only_when_switched_on(shipped_world):
    app = run_page("pages/3_Ownership.py", country="Türkiye")
    switch = app.toggle(key="network-set-aside")
    assert not switch.value
    assert SET_ASIDE_LINK not in edges_drawn(app)
    switch.set_value(True).run()
    assert SET_ASIDE_LINK in edges_drawn(app)


def test_a_profile_folds_a_run_of_whole_holdings_until_switched_open(tmp_path, monkeypatch):
    """Top holds A holds B holds the TV, each wholly: the tree draws one "via 2" link until asked for every company."""
    data = tmp_path / "data"
    chain_links = [link("top", "a", 100), link("a", "b", 100), link("b", "tv", 100), link("minor", "tv", 30)]
    built_atlas(
        data,
        {
            "organisations": [org(o) for o in ("top", "a", "b", "minor")],
            "outlets": [outlet("tv")],
            "ownership": chain_links,
        },
    )
    monkeypatch.setenv("MEDIA_ATLAS_DB", str(tmp_path / "atlas.duckdb"))
    monkeypatch.setenv("MEDIA_ATLAS_DATA", str(data))
    app = run_page("pages/8_Profile.py", id="tv")

    def tree() -> tuple[set, list]:
        traces = json.loads(app.get("plotly_chart")[0].proto.spec)["data"]
        drawn = [trace for trace in traces if trace["name"] in ("organisation", "outlet")]
        nodes = {node for trace in drawn for node in trace["customdata"]}
        return nodes, next(trace["text"] for trace in traces if trace["name"] == "link")

    nodes, labels = tree()
    assert nodes == {"top", "minor", "tv"}
    assert "100% via 2" in labels
    app.toggle(key="owner-tree-runs").set_value(True).run()
    nodes, labels = tree()
    assert nodes == {"top", "a", "b", "minor", "tv"}
    assert not any("via" in label for label in labels)
