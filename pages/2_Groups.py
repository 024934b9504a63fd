"""Groups: one media group's profile — the outlets it controls by media type, its ownership structure, the people
in roles, its partnerships, when its outlets were founded, and the source of every fact."""

import streamlit as st

from media_atlas.exchange.bods_out import entity_bods_bytes
from media_atlas.filters import no_filters
from media_atlas.text import slug
from media_atlas.ui.app import escape_markdown, facet, query
from media_atlas.ui.charts import by_period, period_bars, portfolio_treemap
from media_atlas.ui.networks import network_members, ownership_chain, ownership_network_chart
from media_atlas.ui.profile import sources_table
from media_atlas.ui.sidebar import listed_groups, sidebar_filters
from media_atlas.ui.tables import OUTLET_COLUMNS, SOURCES, data_table, show_empty


def group_and_members() -> dict:
    """The group and the companies and outlets its ownership network shows: whose people and partnerships to list."""
    return {"entity_ids": sorted({group_id, *network_members("ownership_network", group)}), "person_ids": []}


st.title("Groups")
st.caption("A group's profile on the as-of date. The sidebar's country and group filters narrow the list of groups.")
params = sidebar_filters()
options = query("group_options", as_of=params["as_of"])
if params["countries"]:
    options = options[options.country.isin(params["countries"])]
if params["groups"]:
    options = options[options.group_id.isin(params["groups"])]
if show_empty(options, "No group controls an outlet on this date with these filters."):
    st.stop()
group_id_by_label = listed_groups(options, find_label="Find a group", key="profile", largest_first=True)
label = st.selectbox("Group", list(group_id_by_label), key="profile", bind="query-params")
group_id = group_id_by_label[label]
group = no_filters(params["as_of"]) | {"groups": [group_id]}
st.header(escape_markdown(label))

# Only the open tab runs (the URL says which: `?tab=Ownership`): the largest group's network and chain take seconds
# at a million outlets, and a profile opens on its portfolio.
portfolio, structure, people, partnerships, timeline, sources = st.tabs(
    ["Portfolio", "Ownership", "People", "Partnerships", "Founding timeline", "Sources"], key="tab", bind="query-params"
)
with portfolio:
    if portfolio.open:
        markets = facet("outlets", ("country_name", "media_type"), **group)
        st.plotly_chart(portfolio_treemap(markets, label), key="portfolio", config={"displaylogo": False})
        data_table(
            "group-outlets",
            "outlets",
            group,
            columns={column: header for column, header in OUTLET_COLUMNS.items() if column != "group_name"},
            noun="outlets",
            one="outlet",
            empty="This group controls no outlet on this date.",
        )
with structure:
    if structure.open:
        ownership_network_chart(
            "ownership_network", group, key="group-network", empty="No ownership link of this group on this date."
        )
        ownership_chain(group_id, params["as_of"])
with people:
    if people.open:
        data_table(
            "group-people",
            "entity_roles",
            group_and_members(),
            columns={
                "person_name": "person",
                "role": "role",
                "entity_name": "at",
                "start_date": "from",
                "end_date": "until",
            }
            | SOURCES,
            noun="people in roles",
            one="person in a role",
            empty="The atlas records nobody in a role at this group or the companies and outlets it owns.",
        )
with partnerships:
    if partnerships.open:
        data_table(
            "group-partnerships",
            "entity_partnerships",
            group_and_members(),
            columns={
                "title": "title",
                "kind": "kind",
                "signed_on": "signed",
                "parties": "parties",
                "cross_border": "cross-border",
            }
            | SOURCES,
            noun="partnerships",
            one="partnership",
            empty="The atlas records no partnership of this group or the companies and outlets it owns.",
        )
with timeline:
    if timeline.open:
        founded = facet("outlet_events", ("year", "event", "media_type"), **group)
        founded = by_period(founded[founded.event == "founded"], "year", "year")
        if not show_empty(founded, "None of this group's outlets has a known founding date."):
            st.plotly_chart(period_bars(founded, "year", "outlets founded", height=320), key="group-founded")
with sources:
    if sources.open:
        sources_table(
            "group-sources",
            group_id,
            noun="facts about the group itself",
            one="fact about the group itself",
            empty="No fact about this group.",
        )
        st.download_button(
            "This group's ownership as BODS 0.4 statements (JSON)",
            data=lambda: entity_bods_bytes(group_id, params["as_of"]),
            file_name=f"{slug(group_id)}.bods.json",
            mime="application/json",
            on_click="ignore",
            key="group-bods",
            icon=":material/download:",
        )
