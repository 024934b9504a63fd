"""The parts of an entity's profile (pages/8_Profile.py): who owns it up to its ultimate owners, what it owns, who
owned and controlled it when, and a search that opens a profile."""

import pandas as pd
import streamlit as st

from media_atlas.atlas import summed_facet
from media_atlas.ui.app import escape_markdown, facet, page, query
from media_atlas.ui.charts import market_labels, portfolio_treemap, share_label
from media_atlas.ui.history_chart import history_bars
from media_atlas.ui.links import PROFILE_PAGE, name_link_column, profile_params, profile_urls
from media_atlas.ui.network_chart import fold_full_runs, layered_positions, network, ownership_graph
from media_atlas.ui.networks import clickable_network, ownership_chain
from media_atlas.ui.tables import COUNT_FORMAT, CUT, CUT_WARNING, SOURCES, cut_rows, data_table, show_empty

# This many of the chain's 'up' rows are read for the tree, which says so when there are more.
CHAIN_ROWS = 600
# A holder of more outlets than this has its outlets' table and its sources folded, each read only when opened:
# the treemap and the markets' table sum its outlets up, and naming and sorting hundreds of thousands of outlets and
# interests is what such a profile would otherwise wait for.
FOLDED_ABOVE = 1_000
TREE_LINKS = 120
FOUND_LISTED = 20
# The characters of a found entity's link that fit the sidebar at its default width, in bold (the current page's).
MATCH_LABEL_FITS = 28
ENTITY_ICONS = {"organisation": ":material/domain:", "person": ":material/person:", "outlet": ":material/newspaper:"}
# The markets' table shows this many countries and scrolls the rest.
MARKET_ROWS = 10
MARKET_TABLE_HEIGHT = 35 * (MARKET_ROWS + 1) + 3
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
    known (a word such as "shareholding" on every edge of a fan would overlap its neighbours), and with "via N
    companies" where it stands for a run of whole holdings (fold_full_runs); the hover says all."""
    nodes, edges = ownership_graph(up)
    effective = [share_label(low, high) for low, high in zip(up.effective_min, up.effective_max, strict=True)]
    via = up.via if "via" in up else pd.Series(None, index=up.index, dtype="float")
    edges["label"] = [
        " ".join(part for part in (share, "" if pd.isna(run) else f"via {int(run)}") if part)
        for share, run in zip(effective, via, strict=True)
    ]
    edges["hover"] += ["<br>effective share: " + (share or "unknown") for share in effective]
    return nodes, edges


def owned_by(entity_id: str, as_of: str) -> None:
    """The ultimate owners ranked, the tree up to them (a click opens a node's profile) and the chain's table."""
    # Only the rows up: DuckDB then never walks down the chain, which for a big group is hundreds of thousands of links.
    up = page("entity_chain", CHAIN_ROWS, 0, where={"direction": "up"}, entity_id=entity_id, as_of=as_of)
    if up.empty:
        st.info("Nobody owns it on this date, as far as the atlas knows.")
    else:
        tops = ultimate_owners(up)
        st.markdown(f"**Ultimate owners** ({len(tops)}), by effective share")
        if tops.cut.any():
            st.warning(CUT_WARNING.format(cut=int(tops.cut.sum()), noun="owners"), icon=":material/content_cut:")
        st.dataframe(
            tops.assign(owner_name=profile_urls(tops.owner_id, tops.owner_name))[
                ["rank", "owner_name", "effective_share", "owner_type", "links_up"]
                + (["cut"] if tops.cut.any() else [])
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
        folded = fold_full_runs(shown, entity_id)
        if len(folded) < len(shown) and st.toggle(
            "Show every company in runs of whole (100%) holdings", key="owner-tree-runs"
        ):
            folded = shown
        nodes, edges = owner_tree_edges(folded)
        figure = network(nodes, edges, layered_positions(folded), first=entity_id)
        clickable_network(figure, key="owner-tree", current=entity_id)


def portfolio(entity_id: str, name: str, as_of: str) -> int:
    """The outlets it holds, directly or through others: a treemap of its markets (country and media type), their
    counts, then every outlet (folded for a holder of more than FOLDED_ABOVE). Returns how many it holds."""
    params = {"entity_id": entity_id, "as_of": as_of}
    # One facet of the query serves the chart, the markets' table and the outlets' table (its count and its cut rows).
    counts = facet("entity_portfolio", ("country_name", "media_type", "cut"), **params)
    markets = summed_facet(counts, ["country_name", "media_type"])
    if show_empty(markets, "It holds no outlet on this date, as far as the atlas knows."):
        chain_links(entity_id, as_of)
        return 0
    st.plotly_chart(portfolio_treemap(markets, name), key="portfolio", config={"displaylogo": False})
    by_market = market_labels(markets).pivot_table(
        index="country_name", columns="media_type", values="rows", aggfunc="sum", fill_value=0
    )
    by_market = by_market.assign(total=by_market.sum(axis=1)).sort_values("total", ascending=False)
    st.dataframe(
        by_market.reset_index().rename(columns={"country_name": "country"}),
        hide_index=True,
        height="content" if len(by_market) <= MARKET_ROWS else MARKET_TABLE_HEIGHT,
        column_config={column: st.column_config.NumberColumn(format=COUNT_FORMAT) for column in by_market.columns},
    )
    held = int(counts.rows.sum())
    outlets = read_when_opened(
        f"Every outlet it holds ({held:,}): a table, read when opened",
        section_key("portfolio-outlets", entity_id),
        expanded=held <= FOLDED_ABOVE,
    )
    if outlets:
        with outlets:
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
                total=held,
                cut=cut_rows(counts),
            )
    chain_links(entity_id, as_of)
    return held


def chain_links(entity_id: str, as_of: str) -> None:
    """Every link of the chain with the effective shares, folded away and read only once opened: a big group's chain
    has hundreds of thousands of links, which nothing above it needs."""
    links = read_when_opened(
        "Every link of its chain, up and down, with effective shares: a table, read when opened",
        chain_links_key(entity_id),
    )
    if links:
        with links:
            ownership_chain(entity_id, as_of)


def read_when_opened(label: str, key: str, *, expanded: bool = False):
    """A folded section whose content the page reads only while it is open (opening it reruns the page): the
    section to fill when it is open, else None."""
    section = st.expander(label, expanded=expanded, key=key, on_change="rerun", icon=":material/table_rows:")
    return section if section.open else None


def section_key(section: str, entity_id: str) -> str:
    """The key of a profile's folded section: True in the session state when it is open."""
    return f"{section}-{entity_id}"


def chain_links_key(entity_id: str) -> str:
    return section_key("chain-links", entity_id)


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
    if typed and typed.strip():
        profile_matches(typed.strip(), FOUND_LISTED)


def profile_matches(typed: str, listed: int) -> None:
    """Links to the profiles of the first `listed` organisations, people and outlets whose name or alias matches
    typed (the likeliest first, as entity_search orders them), keeping the filters, and how many match in all."""
    found = page("entity_search", listed, 0, q=typed)
    if show_empty(found, f"Nothing is called “{typed}”, in any spelling the atlas knows."):
        return
    for row in found.itertuples():
        country = row.country if isinstance(row.country, str) else None
        st.page_link(
            PROFILE_PAGE,
            label=escape_markdown(match_label(row.name, country)),
            icon=ENTITY_ICONS[row.entity_type],
            help=f"{escape_markdown(row.name)}: {row.entity_type}, {country or 'country unknown'}. Open its profile.",
            query_params=profile_params(row.entity_id),
        )
    if (matches := int(found.matches.iloc[0])) > listed:
        st.caption(f"The first {listed} of {matches:,} matches; type more of the name to narrow them.")


def match_label(name: str, country: str | None) -> str:
    """A found entity's link: its name, and its country where both fit the sidebar (the kind is the icon, and the
    tooltip says all three in words). A link's text is cut at the sidebar's edge, and a country code cut short reads
    as another country's (TR as TF)."""
    labelled = f"{name} · {country}"
    return labelled if country and len(labelled) <= MATCH_LABEL_FITS else name


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


def sources_table(
    view: str, entity_id: str, *, noun: str, one: str, empty: str = "No fact.", folded: bool = False
) -> None:
    """Every fact about the entity with the source that states it; folded (read when opened) for a big holder,
    whose facts are each of its interests."""
    place = (
        read_when_opened(f"Every {one}: a table, read when opened", section_key("sources", entity_id))
        if folded
        else st.container()
    )
    if place is None:
        return
    with place:
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
