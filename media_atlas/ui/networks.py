"""Ownership networks and chains as the Groups and Ownership pages show them: capped, said so, clickable."""

import plotly.graph_objects as go
import streamlit as st

from media_atlas.ui.app import count, page
from media_atlas.ui.charts import layered_positions, network, ownership_graph
from media_atlas.ui.links import open_profile
from media_atlas.ui.tables import CUT, SOURCES, data_table

NETWORK_CAP = 120


def ownership_network_chart(query_name: str, params: dict, *, key: str, empty: str) -> None:
    """Draw the ownership links the named query returns (at most NETWORK_CAP, saying so when there are more); a click
    on a node opens its profile."""
    total = count(query_name, **params)
    if total == 0:
        st.info(empty)
        return
    links = page(query_name, NETWORK_CAP, 0, **params)
    if total > NETWORK_CAP:
        st.caption(
            f"Showing {NETWORK_CAP} of {total:,} ownership links: the links between organisations, then up to 5 "
            "outlets of each owner, largest owners first. Narrow the filters to see more; the table has them all."
        )
    nodes, edges = ownership_graph(links)
    clickable_network(network(nodes, edges, layered_positions(links)), key=key)


def clickable_network(figure: go.Figure, *, key: str, current: str | None = None) -> None:
    """Draw a network whose nodes carry their entity ids; a click on one (but the current entity's) opens its
    profile."""
    event = st.plotly_chart(figure, key=key, on_select="rerun", selection_mode="points", config={"displaylogo": False})
    clicked = [point["customdata"] for point in event.selection.points if point.get("customdata")]
    if clicked and clicked[0] != current:
        open_profile(clicked[0])


def network_members(query_name: str, params: dict) -> list[str]:
    """The ids of the nodes ownership_network_chart draws for the same query and params (the same cached rows)."""
    links = page(query_name, NETWORK_CAP, 0, **params)
    return [] if links.empty else ownership_graph(links)[0].id.tolist()


def ownership_chain(entity_id: str, as_of: str) -> None:
    """The chain up to the ultimate owners and down to everything held, with effective (multiplied) shares."""
    data_table(
        f"chain-{entity_id}",
        "entity_chain",
        {"entity_id": entity_id, "as_of": as_of},
        columns={
            "owner_name": "owner",
            "owned_name": "owned",
            "effective_share": "effective share",
            "interest": "interest",
            "share": "share",
            "direction": "direction",
            "depth": "depth",
        }
        | CUT
        | SOURCES,
        noun="links in the chain",
        one="link in the chain",
        empty="Nobody owns this entity and it owns nothing on this date, as far as the atlas knows.",
    )
