"""Ownership: who owns the outlets matching the filters, as a network with shares on the links (or, when too many
outlets match to draw, the largest groups and what they control); then any entity's chain up to its ultimate owners
and down to what it holds, with effective shares, and its neighbours on demand."""

import streamlit as st

from media_atlas.ui.app import escape_markdown, page, query
from media_atlas.ui.links import PROFILE_PAGE, profile_params
from media_atlas.ui.networks import (
    LARGEST_GROUPS,
    NETWORK_OUTLETS_AT_MOST,
    largest_groups_chart,
    ownership_chain,
    ownership_network_chart,
)
from media_atlas.ui.sidebar import sidebar_filters
from media_atlas.ui.tables import SOURCES, data_table

SEARCH_RESULTS = 50
LINK_COLUMNS = {
    "owner_name": "owner",
    "owned_name": "owned",
    "share": "share",
    "interest": "interest",
    "start_date": "from",
    "set_aside": "set aside",
} | SOURCES
GROUP_COLUMNS = {
    "group_name": "controlling group",
    "group_country": "group's country",
    "media_type": "media type",
    "outlets": "outlets",
    "group_outlets": "outlets in all",
}

st.title("Ownership")
params = sidebar_filters()
matching = int(query("outlet_market_counts", **params).outlets.sum())
if matching > NETWORK_OUTLETS_AT_MOST:
    st.caption(
        f"{matching:,} outlets match the filters on {params['as_of']}: too many to draw the links above them. The "
        f"chart shows the {LARGEST_GROUPS} largest groups that control them and how many each controls (by media type "
        "on hover); the table lists every group by media type. Narrow the filters (a country, a group, a media type) "
        "to draw and list the ownership links. A click on a node opens the group's profile."
    )
    no_group = "No group controls an outlet matching these filters on this date."
    largest_groups_chart(params, key="largest-groups", empty=no_group)
    data_table(
        "groups-by-media-type",
        "group_media_types",
        params,
        columns=GROUP_COLUMNS,
        noun="groups and media types",
        one="group and media type",
        empty=no_group,
    )
else:
    st.caption(
        "Ownership links on the as-of date above the outlets matching the filters. A click on a node opens its profile."
    )
    ownership_network_chart(
        "ownership_network", params, key="network", empty="No ownership link above the outlets matching these filters."
    )
    data_table(
        "ownership-links",
        "ownership_network",
        params,
        columns=LINK_COLUMNS,
        noun="ownership links",
        one="ownership link",
        empty="No ownership link above the outlets matching these filters.",
    )

st.subheader("Follow an entity")
search = st.text_input("Find an organisation, outlet or person", key="entity", bind="query-params")
found = page("entity_search", SEARCH_RESULTS, 0, q=search or "")
labels = {
    f"{row.name} ({row.entity_type}, {row.country if isinstance(row.country, str) else '?'})": row.entity_id
    for row in found.itertuples()
}
if not found.empty and (matches := int(found.matches.iloc[0])) > SEARCH_RESULTS:
    st.caption(f"The first {SEARCH_RESULTS} of {matches:,} matches by name; type more of the name to narrow them.")
if labels:
    entity_name = st.selectbox("Matching entities", list(labels), key="entity-choice")
    entity_id = labels[entity_name]
else:
    entity_id = entity_name = None
    st.info("Type part of a name to find an entity, or click a node in the network to open its profile.")
if entity_id:
    st.markdown(f"Ownership chain of **{escape_markdown(entity_name)}** on {params['as_of']}")
    st.page_link(PROFILE_PAGE, label="Its profile", icon=":material/badge:", query_params=profile_params(entity_id))
    ownership_chain(entity_id, params["as_of"])
    st.markdown("**Direct neighbours**, including operators, publishers and network ties")
    ownership_network_chart(
        "entity_neighbours",
        {"entity_id": entity_id, "as_of": params["as_of"]},
        key="neighbours",
        empty="No direct owner or holding on this date.",
    )
