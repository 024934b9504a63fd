"""The Ownership page where many outlets match: the network's walk through the stored links among holders gives every
link above the matching outlets, and too many matching outlets draw the largest groups instead of their links."""

import json

import pytest

from media_atlas import DATA_DIR
from media_atlas.filters import no_filters
from media_atlas.ui.network_chart import COUNT_KIND
from tests.page_runs import run_page, shown_names, table_counts

DATES = ["2026-11-27", "2015-01-01", "1990-01-01"]
FILTERS = [{}, {"countries": ["TR"]}, {"media_types": ["tv"]}, {"countries": ["US"], "q": "news"}]


def links_above(atlas, params: dict) -> set[tuple]:
    """The reference: every link that holds on the date (but affiliations) into a matching outlet or an owner above
    one, found by walking all of them in Python, each with whether the model sets it aside."""
    as_of = params["as_of"]
    cursor = atlas.connection.cursor()
    links = cursor.execute(
        "select owner_id, owned_id, interest, source_id, layer from interests_as_of(?)", [as_of]
    ).fetchall()
    curated = {row[0] for row in cursor.execute("select owned_id from curated_claims").fetchall()}
    matching = set(atlas.query("outlets", **params).outlet_id)

    def above(counted_only: bool) -> set[str]:
        reached, frontier = set(matching), set(matching)
        while frontier:
            frontier = {
                owner
                for owner, owned, _, _, layer in links
                if owned in frontier and not (counted_only and layer != "curated" and owned in curated)
            } - reached
            reached |= frontier
        return reached

    everything, counted = above(False), above(True)
    return {
        (owner, owned, interest, source, owned not in counted or (layer != "curated" and owned in curated))
        for owner, owned, interest, source, layer in links
        if owned in everything
    }


@pytest.mark.parametrize("as_of", DATES)
@pytest.mark.parametrize("filters", FILTERS)
def test_the_network_is_every_link_above_the_matching_outlets(atlas, as_of, filters):
    params = no_filters(as_of) | filters
    network = atlas.query("ownership_network", **params)
    shown = set(
        zip(network.owner_id, network.owned_id, network.interest, network.source_id, network.set_aside, strict=True)
    )
    assert shown == links_above(atlas, params)
    assert len(shown) == len(network)


@pytest.mark.parametrize("as_of", DATES)
@pytest.mark.parametrize("filters", FILTERS)
def test_groups_by_media_type_count_every_matching_outlet_a_group_controls(atlas, as_of, filters):
    params = no_filters(as_of) | filters
    groups = atlas.query("group_media_types", **params)
    outlets = atlas.query("outlets", **params).dropna(subset=["group_id"])
    expected = outlets.groupby(["group_id", "media_type"], dropna=False).size()
    assert (
        groups.set_index(["group_id", "media_type"]).outlets.sort_index().to_dict() == expected.sort_index().to_dict()
    )
    assert (groups.groupby("group_id").outlets.sum() == groups.groupby("group_id").group_outlets.first()).all()
    assert list(groups.group_outlets) == sorted(groups.group_outlets, reverse=True)  # the largest groups first
    assert set(groups.group_count) == ({groups.group_id.nunique()} if len(groups) else set())


@pytest.mark.parametrize("as_of", DATES)
@pytest.mark.parametrize("filters", [*FILTERS, {"founded_from": 1990}])
def test_market_counts_count_every_matching_outlet(atlas, as_of, filters):
    """The counts per market, stored or counted, are the outlets query's rows grouped, with the largest groups too."""
    largest = atlas.query("group_options", as_of=as_of).group_id[:2].tolist()
    for params in (no_filters(as_of) | filters, no_filters(as_of) | filters | {"groups": largest}):
        counts = atlas.query("outlet_market_counts", **params)
        outlets = atlas.query("outlets", **params)
        expected = outlets.groupby(["country", "media_type"], dropna=False).size().sort_index().to_dict()
        assert counts.set_index(["country", "media_type"]).outlets.sort_index().to_dict() == expected
    assert len(largest) == 2


@pytest.fixture
def shipped_world(shipped_db, monkeypatch):
    monkeypatch.setenv("MEDIA_ATLAS_DB", str(shipped_db))
    monkeypatch.setenv("MEDIA_ATLAS_DATA", str(DATA_DIR))


def node_traces(app) -> dict[str, dict]:
    traces = json.loads(app.get("plotly_chart")[0].proto.spec)["data"]
    return {trace["name"]: trace for trace in traces if trace.get("mode") == "markers+text"}


def test_too_many_matching_outlets_draw_the_largest_groups_and_list_them(shipped_world, atlas):
    """Every outlet of the atlas is too many to draw the links above: the page draws the largest groups over count
    nodes of their outlets by media type, lists every group by media type and says how to see the links."""
    app = run_page("pages/3_Ownership.py")
    groups = atlas.query("group_media_types", **no_filters("2026-11-27"))
    assert table_counts(app)[0].startswith(f"**{len(groups):,}** groups and media types")
    assert "too many to draw the links above them" in app.caption[0].value
    nodes = node_traces(app)
    assert "outlet" not in nodes
    largest = groups[groups.group_id == groups.group_id.iloc[0]]
    assert nodes[COUNT_KIND]["text"][0] == f"{largest.group_outlets.iloc[0]:,} outlets"
    assert nodes[COUNT_KIND]["hovertext"][0].startswith(
        f"{largest.group_name.iloc[0]} controls {largest.outlets.iloc[0]:,} "
    )
    assert nodes[COUNT_KIND]["customdata"][0] == largest.group_id.iloc[0]  # a click opens the group
    listed = shown_names(app.dataframe[0].value.group_name)
    assert listed[0] == groups.group_name.iloc[0]
    with pytest.raises(KeyError):
        app.toggle(key="network-set-aside")  # no link is drawn, so none is set aside


def test_a_country_s_outlets_draw_the_links_above_them(shipped_world):
    app = run_page("pages/3_Ownership.py", country="Türkiye")
    assert " ownership links" in table_counts(app)[0]
    assert "above the outlets matching the filters" in app.caption[0].value
    assert app.toggle(key="network-set-aside")
