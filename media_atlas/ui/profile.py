"""The parts of an entity's profile (pages/8_Profile.py): who owns it up to its ultimate owners, what it owns, who
owned and controlled it when, and a search that opens a profile."""

import pandas as pd
import streamlit as st

from media_atlas.ui.app import count, escape_markdown, facet, page, query
from media_atlas.ui.charts import layered_positions, network, ownership_graph, share_label
from media_atlas.ui.history_chart import history_bars
from media_atlas.ui.links import name_link_column, profile_params, profile_urls
from media_atlas.ui.networks import clickable_network, ownership_chain
from media_atlas.ui.tables import CUT, CUT_WARNING, SOURCES, data_table, show_empty
from media_atlas.vocabulary import media_type_label

# The chain's rows come 'up' first: this many are read for the tree, which says so when there are more.
CHAIN_ROWS = 600
TREE_LINKS = 120
FOUND_LISTED = 20
# The history's lines that the chart draws: the claims that count and the controlling groups derived from them.
COUNTED = ("counts", "derived")
# Wide enough for a whole date (2018-05-16).
DATE_COLUMN = st.column_config.TextColumn(width=95)


def ultimate_owners(up: pd.DataFrame) -> pd.DataFrame:
    """The owners at the top of the chain's 'up' rows (held by nobody in it), largest effective share first (by its
    upper then lower end; unknown last), each once with its effective share as the atlas knows it."""
    held = set(up.owned_id)
    tops = up[~up.owner_id.isin(held)].drop_duplicates("owner_id")
    tops = tops.sort_values(
        ["effective_max", "effective_min", "owner_name"], ascending=[False, False, True], na_position="last"
    )
    return pd.DataFrame(
        {
            "rank": range(1, len(tops) + 1),
            "owner_id": tops.owner_id.to_numpy(),
            "owner_name": tops.owner_name.to_numpy(),
            "owner_type": tops.owner_type.to_numpy(),
            "effective_share": [
                share_label(low, high) or "unknown"
                for low, high in zip(tops.effective_min, tops.effective_max, strict=True)
            ],
            "links_up": tops.depth.to_numpy(),
            "cut": tops.cut.fillna(False).astype(bool).to_numpy(),
        }
    )


def owner_tree_edges(up: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The tree's nodes and edges: each edge labelled with its owner's effective share in the profiled entity, where
    known (a word such as "shareholding" on every edge of a fan would overlap its neighbours); the hover says all."""
    nodes, edges = ownership_graph(up)
    effective = [share_label(low, high) for low, high in zip(up.effective_min, up.effective_max, strict=True)]
    edges["label"] = effective
    edges["hover"] += ["<br>effective share: " + (share or "unknown") for share in effective]
    return nodes, edges


def label_clear_of_edges(figure, entity_id: str, held: set[str]) -> None:
    """Each node's name where no edge runs: below the profiled entity (its edges come from above), beside a company
    in between (edges above and below), above an ultimate owner (its edges go down)."""
    for trace in figure.data:
        if trace.customdata is not None and "text" in (trace.mode or ""):
            trace.textposition = [
                "bottom center" if node == entity_id else "middle right" if node in held else "top center"
                for node in trace.customdata
            ]


def owned_by(entity_id: str, as_of: str) -> None:
    """The ultimate owners ranked, the tree up to them (a click opens a node's profile) and the chain's table."""
    chain = page("entity_chain", CHAIN_ROWS, 0, entity_id=entity_id, as_of=as_of)
    up = chain[chain.direction == "up"].reset_index(drop=True)
    if up.empty:
        st.info("Nobody owns it on this date, as far as the atlas knows.")
    else:
        tops = ultimate_owners(up)
        st.markdown(f"**Ultimate owners** ({len(tops)}), by effective share")
        if tops.cut.any():
            st.warning(CUT_WARNING.format(cut=int(tops.cut.sum()), noun="owners"), icon=":material/content_cut:")
        st.dataframe(
            tops.assign(owner_name=profile_urls(tops.owner_id, tops.owner_name))[
                ["rank", "owner_name", "effective_share", "owner_type", "links_up", "cut"]
            ],
            hide_index=True,
            width="stretch",
            height="content",
            column_config={
                "owner_name": name_link_column("ultimate owner"),
                "effective_share": "effective share",
                "owner_type": "type",
                "links_up": "links up",
            }
            | CUT,
        )
        shown = up.head(TREE_LINKS)
        if len(up) > TREE_LINKS:
            st.caption(f"The tree shows the first {TREE_LINKS} links up, nearest first; the table has them all.")
        nodes, edges = owner_tree_edges(shown)
        figure = network(nodes, edges, layered_positions(shown))
        figure.update_layout(height=min(560, 160 + 110 * int(shown.depth.max())))
        label_clear_of_edges(figure, entity_id, set(shown.owned_id))
        clickable_network(figure, key="owner-tree", current=entity_id)


def portfolio(entity_id: str, as_of: str) -> None:
    """The outlets it holds, directly or through others: how many per country and media type, then every one."""
    params = {"entity_id": entity_id, "as_of": as_of}
    markets = facet("entity_portfolio", ("country_name", "media_type"), **params)
    if show_empty(markets, "It holds no outlet on this date, as far as the atlas knows."):
        chain_links(entity_id, as_of)
        return
    by_market = markets.assign(
        country_name=markets.country_name.fillna("country unknown"), media_type=markets.media_type.map(media_type_label)
    ).pivot_table(index="country_name", columns="media_type", values="rows", aggfunc="sum", fill_value=0)
    by_market = by_market.assign(total=by_market.sum(axis=1)).sort_values("total", ascending=False)
    st.dataframe(by_market.reset_index().rename(columns={"country_name": "country"}), hide_index=True)
    data_table(
        f"portfolio-{entity_id}",
        "entity_portfolio",
        params,
        columns={
            "name": "outlet",
            "effective_share": "effective share",
            "group_name": "controlling group",
            "media_type": "type",
            "country_name": "country",
            "depth": "links down",
            "founded": "founded",
        }
        | CUT
        | SOURCES,
        noun="outlets held",
        one="outlet held",
        empty="It holds no outlet on this date.",
    )
    chain_links(entity_id, as_of)


def chain_links(entity_id: str, as_of: str) -> None:
    """Every link of the chain with the effective shares, folded away: the sections above read from it."""
    with st.expander("Every link of its chain, up and down, with effective shares"):
        ownership_chain(entity_id, as_of)


def history(entity_id: str, as_of: str, founded: str | None) -> None:
    """Its owners and controlling groups by period, each change with its date and source."""
    params = {"entity_id": entity_id, "as_of": as_of}
    rows = query("entity_history", **params)
    if show_empty(rows, "The atlas records no owner of it on any date."):
        return
    counted = rows[rows.status.isin(COUNTED)]
    if not counted.empty:
        st.plotly_chart(history_bars(counted, as_of, founded), key="history", config={"displaylogo": False})
        if len(counted) < len(rows):
            st.caption(f"The chart leaves out {len(rows) - len(counted)} claims set aside or that do not own it.")
    data_table(
        f"history-{entity_id}",
        "entity_history",
        params,
        columns={
            "holder_name": "who",
            "line": "as",
            "interest": "interest",
            "share": "share",
            "start_date": DATE_COLUMN | {"label": "from"},
            "end_date": DATE_COLUMN | {"label": "until"},
            "status": "status",
            "on_as_of": f"on {as_of}",
        }
        | SOURCES,
        noun="owners and groups over time",
        one="owner over time",
        empty="The atlas records no owner of it on any date.",
        every_row=rows,
    )


def entity_finder(key: str, label: str = "Find an outlet, organisation or person", *, collapsed: bool = False) -> None:
    """A search by name or alias (ignoring case and accents) whose matches link to their profiles."""
    typed = st.text_input(
        label,
        key=key,
        placeholder="e.g. Hurriyet, Ilgar Huseynov, Albayrak",
        label_visibility="collapsed" if collapsed else "visible",
    )
    if not typed or not typed.strip():
        return
    found = page("entity_search", FOUND_LISTED, 0, q=typed.strip())
    if show_empty(found, f"Nothing is called “{typed.strip()}”, in any spelling the atlas knows."):
        return
    for row in found.itertuples():
        country = row.country if isinstance(row.country, str) else "country unknown"
        st.page_link(
            "pages/8_Profile.py",
            label=escape_markdown(f"{row.name} ({row.entity_type}, {country})"),
            query_params=profile_params(row.entity_id),
        )
    if len(found) == FOUND_LISTED and (matches := count("entity_search", q=typed.strip())) > FOUND_LISTED:
        st.caption(f"The first {FOUND_LISTED} of {matches:,} matches; type more of the name to narrow them.")


def roles_table(view: str, params: dict, name_column: str, header: str, *, noun: str, one: str) -> None:
    """The roles `entity_roles` finds for params, named by one side (the person or where they hold the role)."""
    data_table(
        view,
        "entity_roles",
        params,
        columns={name_column: header, "role": "role", "start_date": "from", "end_date": "until"} | SOURCES,
        noun=noun,
        one=one,
        empty="The atlas records no role here.",
    )


def sources_table(view: str, entity_id: str, *, noun: str, one: str, empty: str = "No fact.") -> None:
    """Every fact about the entity with the source that states it."""
    data_table(
        view,
        "entity_sources",
        {"entity_id": entity_id},
        columns={
            "fact_kind": "fact",
            "fact": "what",
            "source_title": "source title",
            "source_publisher": None,
            "source_url": None,
            "source_published_on": "published",
        },
        noun=noun,
        one=one,
        empty=empty,
    )
