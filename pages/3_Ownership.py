"""Ownership: who owns the outlets matching the filters, as a network with shares on the links; then any entity's
chain up to its ultimate owners and down to what it holds, with effective shares, and its neighbours on demand."""

import streamlit as st

from media_atlas.ui.app import count, escape_markdown, page
from media_atlas.ui.links import PROFILE_PAGE, profile_params
from media_atlas.ui.networks import ownership_chain, ownership_network_chart
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

st.title("Ownership")
st.caption(
    "Ownership links on the as-of date above the outlets matching the filters. A click on a node opens its profile."
)
params = sidebar_filters()
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
if len(found) == SEARCH_RESULTS and (matches := count("entity_search", q=search)) > SEARCH_RESULTS:
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
