"""Ownership networks and chains as the Groups and Ownership pages show them: capped, said so, clickable."""

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from media_atlas.ui.app import count, facet, page
from media_atlas.ui.charts import plain, plain_column
from media_atlas.ui.links import open_profile
from media_atlas.ui.network_chart import (
    COUNT_KIND,
    FAN_LIMIT,
    fold_fans,
    layered_positions,
    network,
    ownership_graph,
)
from media_atlas.ui.tables import CUT, SOURCES, data_table
from media_atlas.vocabulary import MEDIA_TYPE_LABELS, media_type_label

NETWORK_CAP = 120
# Read beyond the cap so that an owner's fan of outlets folds into one count node with its whole size.
LINKS_READ = 400
SET_ASIDE_SHOWN = 40
# Above this many matching outlets the Ownership page draws the largest groups and counts instead of the links above
# the outlets: at a million outlets, walking up from all of them takes seconds.
NETWORK_OUTLETS_AT_MOST = 2_000
LARGEST_GROUPS = 12


def ownership_network_chart(query_name: str, params: dict, *, key: str, empty: str) -> None:
    """Draw the ownership links the named query returns (at most NETWORK_CAP, saying so when there are more), large
    fans folded into count nodes; the claims set aside only when asked. A click on a node opens its profile."""
    total = count(query_name, **params)
    if total == 0:
        st.info(empty)
        return
    show_aside = st.toggle(
        "Show set-aside and stale claims",
        key=f"{key}-set-aside",
        help="Claims the model does not count: another layer's claim about an entity the curated layer covers "
        "(curated wins), and links above the outlets only through such a claim. Drawn dashed, labelled with their "
        "source.",
    )
    # The query returns the counted links first, so the rows read say how many there are unless they are all counted.
    read = page(query_name, LINKS_READ, 0, **params)
    links = read[~read.set_aside]
    if show_aside:
        counted = int(facet(query_name, ("set_aside",), **params).query("~set_aside").rows.sum())
        set_aside = page(query_name, SET_ASIDE_SHOWN, counted, **params)
        if set_aside.empty:
            st.caption("No claim here is set aside.")
        links = pd.concat([links.head(NETWORK_CAP - len(set_aside)), set_aside], ignore_index=True)
    elif links.empty:
        st.info(f"{empty} (Claims set aside only: switch them on to see them.)")
        return
    drawn = fold_fans(links).head(NETWORK_CAP)
    stands_for = int(drawn.stands_for.fillna(1).sum()) if "stands_for" in drawn else len(drawn)
    folds = (
        f"An owner's outlets of one type and country beyond {FAN_LIMIT} are one count node (a click on it opens the "
        "owner's profile)"
    )
    if stands_for < total:
        st.caption(
            f"The chart stands for {stands_for:,} of the table's {total:,} ownership links: the links between "
            f"organisations, then up to 5 outlets of each owner, largest owners first; set-aside claims only when "
            f"switched on. {folds}. Narrow the filters to see more."
        )
    elif len(drawn) < len(links):
        st.caption(f"{folds}; the table lists every link.")
    clickable_network(ownership_figure(drawn), key=key)


@st.cache_data(max_entries=32, show_spinner=False)
def ownership_figure(drawn: pd.DataFrame) -> dict:
    """The network of the drawn links, laid out and labelled once per set of links (a rerun that changes nothing
    here reuses it), as the plain dict Plotly's figure makes."""
    nodes, edges = ownership_graph(drawn)
    return network(nodes, edges, layered_positions(drawn)).to_dict()


def largest_groups_chart(params: dict, *, key: str, empty: str) -> None:
    """The LARGEST_GROUPS largest groups that control the outlets matching the filters, each above a count node of
    those outlets; a click on either opens the group's profile. Reads only the first rows of group_media_types
    (largest groups first, a row per media type), as the table's first page does."""
    groups = largest_groups_by_media_type(params, LARGEST_GROUPS)
    if groups.empty:
        st.info(empty)
        return
    clickable_network(groups_figure(groups), key=key)


def largest_groups_by_media_type(params: dict, groups: int) -> pd.DataFrame:
    """The rows of group_media_types of the `groups` largest groups that control the matching outlets (a row per
    media type, largest groups first), read from its first rows. Each row says how many groups there are in all
    (`group_count`)."""
    rows = page("group_media_types", groups * (len(MEDIA_TYPE_LABELS) + 1), 0, **params)
    return rows[rows.group_id.isin(rows.group_id.drop_duplicates().head(groups))]


@st.cache_data(max_entries=32, show_spinner=False)
def groups_figure(groups: pd.DataFrame) -> dict:
    """The largest groups' chart, laid out once per set of rows, as a plain dict: each group above one count node of
    the outlets it controls, whose hover says how many of each media type."""
    links = group_count_links(groups)
    nodes, edges = ownership_graph(links)
    edges["hover"] = plain_column(links.owner_name + " controls " + links.owned_name)
    by_type = groups.groupby("group_id", sort=False).apply(media_type_counts, include_groups=False)
    names = dict(zip(links.owner_id, links.owner_name, strict=True))
    counted = nodes.kind == COUNT_KIND
    nodes.loc[counted, "hover"] = [
        f"{plain(names[group_id])} controls {by_type[group_id]}<br>a click opens the group"
        for group_id in nodes.opens[counted]
    ]
    return network(nodes, edges, layered_positions(links)).to_dict()


def media_type_counts(rows: pd.DataFrame) -> str:
    """'4,703 online, 4,263 TV and 3,831 radio outlets' from one group's rows of media_type and outlets."""
    parts = [
        f"{outlets:,} {media_type_label(kind) if isinstance(kind, str) else 'other'}"
        for kind, outlets in zip(rows.media_type, rows.outlets, strict=True)
    ]
    listed = ", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else parts[0]
    return f"{listed} outlets"


def group_count_links(groups: pd.DataFrame) -> pd.DataFrame:
    """Links from each controlling group to one count node of the outlets it controls, in the columns ownership_graph
    reads, from rows of group_id, group_name, group_type, media_type, outlets and group_outlets (the query
    group_media_types), in their order. A click on a count node opens the group's profile, as one on a fold_fans count
    node does."""
    each = groups.drop_duplicates("group_id")
    return pd.DataFrame(
        {
            "owner_id": each.group_id,
            "owner_name": each.group_name,
            "owner_type": each.group_type.fillna("organisation"),
            "owned_id": "fan:" + each.group_id + "/outlets",
            "owned_name": each.group_outlets.map("{:,} outlets".format),
            "owned_type": COUNT_KIND,
            "interest": "controls",
            "share_min": None,
            "share_max": None,
            "source_url": None,
        }
    ).reset_index(drop=True)


def clickable_network(figure: go.Figure | dict, *, key: str, current: str | None = None) -> None:
    """Draw a network whose nodes carry their entity ids; a click on one (but the current entity's) opens its
    profile."""
    event = st.plotly_chart(figure, key=key, on_select="rerun", selection_mode="points", config={"displaylogo": False})
    clicked = [point["customdata"] for point in event.selection.points if point.get("customdata")]
    if clicked and clicked[0] != current:
        open_profile(clicked[0])


def network_members(query_name: str, params: dict) -> list[str]:
    """The ids of the entities on the first links ownership_network_chart draws for the same query and params."""
    links = page(query_name, NETWORK_CAP, 0, **params)
    links = links[~links.set_aside]
    return pd.concat([links.owner_id, links.owned_id]).drop_duplicates().tolist()


def ownership_chain(entity_id: str, as_of: str) -> None:
    """The chain up to the ultimate owners and down to everything held, with effective (multiplied) shares."""
    params = {"entity_id": entity_id, "as_of": as_of}
    # The table's warning counts the links cut at the depth cap; that count's sum is the total, so a big group's chain
    # (hundreds of thousands of links) is not walked again to count it.
    links = int(facet("entity_chain", ("cut",), **params).rows.sum())
    data_table(
        f"chain-{entity_id}",
        "entity_chain",
        params,
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
        total=links,
    )
