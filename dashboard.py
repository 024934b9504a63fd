"""Media Ownership Atlas: the page navigation, and the Overview page — headline counts, a world map of outlets
by country, the largest groups and the newest agreements, all for the filters in the sidebar."""

from pathlib import Path

import pandas as pd
import streamlit as st

from media_atlas.filters import no_filters
from media_atlas.ui.app import count, escape_markdown, page, query
from media_atlas.ui.charts import MAP_CONFIG, group_bars, world_map
from media_atlas.ui.links import (
    PROFILE_PAGE,
    carry_filters,
    current_filters,
    page_links,
    profile_params,
    remember_filters,
    set_filter,
    url_behind,
)
from media_atlas.ui.networks import largest_groups_by_media_type
from media_atlas.ui.profile import entity_finder
from media_atlas.ui.sidebar import COUNTRY, group_labels, sidebar_filters
from media_atlas.ui.tables import UNKNOWN, show_empty

PAGES_DIR = Path(__file__).resolve().parent / "pages"
LARGEST_GROUPS = 15
GROUPS_OFFERED = 200
# Where a chosen country leads (each page filtered to it).
COUNTRY_PAGES = (
    ("pages/1_Outlets.py", "The outlets in {where}"),
    ("pages/3_Ownership.py", "Who owns them"),
    ("pages/6_Concentration.py", "How concentrated the markets of {where} are"),
)
NEWEST_AGREEMENTS = 5


def overview() -> None:
    st.title("Media Ownership Atlas")
    st.caption("Who owns the news: media groups, outlets, owners and partnerships, every fact with its source.")
    params = sidebar_filters()
    ways_in(params)
    headline_counts(params)
    left, right = st.columns([3, 2])
    with left:
        st.subheader("Outlets by country")
        outlets_map(params)
    with right:
        st.subheader("Largest groups")
        largest_groups(params)
    st.subheader("Newest agreements")
    newest_agreements(params)


def ways_in(params: dict) -> None:
    """Three ways in: a country (which filters every page), a group (its profile), a name (its profile)."""
    by_country, by_group, by_name = st.columns(3)
    with by_country:
        st.markdown("**Start with a country**")
        countries = query("country_options", as_of=params["as_of"]).sort_values("outlets", ascending=False)
        st.selectbox(
            "Country",
            list(countries.country_name),
            index=None,
            key="start-country",
            on_change=lambda: set_filter(COUNTRY.key, [st.session_state["start-country"]]),
            placeholder=f"{len(countries):,} countries, most outlets first",
            label_visibility="collapsed",
        )
        if params["countries"]:
            filters = current_filters()
            where = " and ".join(countries.set_index("country").country_name.reindex(params["countries"]).dropna())
            for path, label in COUNTRY_PAGES:
                st.page_link(path, label=escape_markdown(label.format(where=where)), query_params=filters)
    with by_group:
        st.markdown("**Start with a group**")
        groups = query("group_options", as_of=params["as_of"])
        if params["countries"]:
            groups = groups[groups.country.isin(params["countries"])]
        id_by_label = group_labels(groups.head(GROUPS_OFFERED))
        label = st.selectbox(
            "Group",
            list(id_by_label),
            index=None,
            key="start-group",
            placeholder=f"The {len(id_by_label):,} largest groups",
            label_visibility="collapsed",
        )
        if label:
            st.page_link(
                PROFILE_PAGE,
                label=f"{escape_markdown(label)}: its profile",
                query_params=profile_params(id_by_label[label]),
            )
    with by_name:
        st.markdown("**Start with a name**")
        entity_finder("find", label="Outlet, organisation or person", collapsed=True)


def headline_counts(params: dict) -> None:
    """The counts for the filters in the sidebar; what the whole atlas holds below them."""
    markets = query("outlet_market_counts", **params)
    groups = largest_groups_by_media_type(params, LARGEST_GROUPS)
    filtered = params != no_filters(params["as_of"])
    figures = [
        ("Outlets matching the filters" if filtered else "Outlets", int(markets.outlets.sum())),
        ("Their controlling groups" if filtered else "Controlling groups", group_count(groups)),
        ("Their countries" if filtered else "Countries", markets.country.nunique()),
        (
            "Partnerships with a party there" if params["countries"] else "Partnerships",
            count("partnerships", countries=params["countries"]),
        ),
    ]
    for column, (label, value) in zip(st.columns(len(figures)), figures, strict=True):
        column.metric(label, f"{value:,}")
    totals = query("headline_counts", as_of=params["as_of"]).iloc[0]
    st.caption(
        f"The atlas holds {totals.organisations:,} organisations, {totals.people:,} people, "
        f"{totals.ownership_links:,} ownership links on {params['as_of']} and {totals.sources:,} sources. "
        "How each number is made: see Methodology."
    )


def outlets_map(params: dict) -> None:
    by_country = query("outlet_market_counts", **params).groupby("country", as_index=False).outlets.sum()
    by_country = by_country.sort_values(["outlets", "country"], ascending=[False, True])
    by_country = by_country.merge(query("countries"), left_on="country", right_on="code").rename(
        columns={"name": "country_name", "outlets": "rows"}
    )
    if show_empty(by_country, "No outlet with a known country matches these filters."):
        return
    st.plotly_chart(world_map(by_country), config=MAP_CONFIG, key="map")


def largest_groups(params: dict) -> None:
    top = largest_groups_by_media_type(params, LARGEST_GROUPS)
    if show_empty(top, "No outlet matching these filters has a known controlling group."):
        return
    st.plotly_chart(group_bars(top.rename(columns={"outlets": "rows"}), height=420), key="groups")
    st.caption(f"The {top.group_id.nunique()} of {group_count(top):,} groups that control most matching outlets.")


def group_count(groups: pd.DataFrame) -> int:
    return 0 if groups.empty else int(groups.group_count.iloc[0])


def newest_agreements(params: dict) -> None:
    agreements = page("partnerships", NEWEST_AGREEMENTS, 0, countries=params["countries"])
    if show_empty(agreements, "No agreement has a party in the chosen countries."):
        return
    st.dataframe(
        agreements[["title", "kind", "signed_on", "place", "parties", "cross_border", "source_url"]],
        hide_index=True,
        placeholder=UNKNOWN,
        width="stretch",
        column_config={
            "title": st.column_config.TextColumn("title", width="medium"),
            "parties": st.column_config.TextColumn("parties", width="medium"),
            "signed_on": "signed",
            "cross_border": "cross-border",
            "source_url": st.column_config.LinkColumn("source", display_text="open"),
        },
    )
    st.page_link("pages/5_Partnerships.py", label="All partnerships", icon=":material/handshake:")


st.set_page_config(page_title="Media Ownership Atlas", layout="wide")
pages = [
    st.Page(overview, title="Overview", icon=":material/public:", default=True),
    *(st.Page(path) for path in sorted(PAGES_DIR.glob("*.py"))),
]
# Streamlit's own navigation drops the filters: they are carried to the next page and its URL, and the sidebar
# lists the pages itself, each link with the filters (to open in a new tab or copy). The links are drawn again after
# the page, whose filter widgets put their values in the URL as they are drawn; a page that stops early (st.stop)
# keeps the first ones, since nothing drawn after a stop reaches the browser.
navigation = st.navigation(pages, position="hidden")
carried = carry_filters(navigation.url_path)
links = st.sidebar.empty()
with links.container():
    page_links(pages)
try:
    navigation.run()
finally:
    remember_filters(navigation.url_path)
    with links.container():
        page_links(pages)
if carried or url_behind():
    st.rerun()
