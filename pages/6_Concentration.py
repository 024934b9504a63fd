"""Concentration: how concentrated ownership is in each country's market for each media type (CR4, HHI and the
Media Ownership Monitor's risk band), and how it changed between two dates, so a sale shows its effect."""

import datetime as dt

import streamlit as st

from media_atlas.ui.app import query
from media_atlas.ui.concentration_chart import MARKETS_SHOWN, cr4_bars
from media_atlas.ui.sidebar import sidebar_filters
from media_atlas.ui.tables import COUNT_FORMAT, data_table, show_empty

EMPTY = "No outlets exist in the chosen countries and media types on that date."
# Each market's key figures come first, at widths set to fit a 1280-pixel window beside the sidebar, with the
# market pinned: its largest groups are readable without scrolling sideways; the sizes and coverage behind them follow.
MARKET = {
    "country_name": st.column_config.Column("country", width=135, pinned=True),
    "media_type": st.column_config.Column("media type", width=95, pinned=True),
}
MARKET_COLUMNS = MARKET | {
    "risk_band": st.column_config.Column("risk", width=120),
    "cr4": st.column_config.NumberColumn("CR4 (%)", format="%.1f", width=62),
    "hhi": st.column_config.NumberColumn("HHI", format="%,.0f", width=62),
    "top_groups": st.column_config.Column("largest groups", width=340),
    "outlets": st.column_config.NumberColumn(
        "listed", format=COUNT_FORMAT, help="The market's outlets the atlas lists.", width=70
    ),
    "published_size": st.column_config.NumberColumn(
        "published",
        format=COUNT_FORMAT,
        help="The market's outlets as a statistics office or regulator last counted them on or before the date.",
        width=80,
    ),
    "groups": st.column_config.NumberColumn("groups", format=COUNT_FORMAT, width=70),
    "coverage": st.column_config.NumberColumn(
        "owners known (%)",
        format="%.1f",
        help="Of the listed or published outlets, whichever is more (or of the listed audience): with a known group.",
    ),
    "basis": "basis",
}


def chart_markets(rows, as_of: str, compare_as_of: str | None = None) -> None:
    if not show_empty(rows.dropna(subset=["cr4"]), EMPTY):
        if len(rows) > MARKETS_SHOWN:
            st.caption(f"The chart shows the {MARKETS_SHOWN} markets with most outlets; the table has all of them.")
        bounds = (rules.cr4_low_below, rules.cr4_medium_below)
        st.plotly_chart(cr4_bars(rows, as_of, bounds, compare_as_of), key=f"cr4-{compare_as_of or 'now'}")


rules = query("model_rules").iloc[0]
st.title("Concentration")
st.caption(
    "CR4 is the share of the four largest groups, HHI the sum of every group's squared share (0 to 10,000). Shares are "
    "of the audience where audience figures cover the market and date, otherwise of the outlets (`basis` says "
    "which). Groups are controlling groups; an outlet without one counts as its own. Risk bands (Media Ownership "
    f"Monitor, by CR4): below {rules.cr4_low_below}% low, below {rules.cr4_medium_below}% medium, else high. "
    f"A market with known owners for less than {rules.min_coverage}% of its outlets (or listed audience), or counted "
    f"by outlets with fewer than {rules.min_outlets}, is *insufficient data*: no band. Its outlets are those listed, "
    "or its published size where a statistics office or regulator counted more. Uses the country and media type "
    "filters."
)
params = sidebar_filters()
markets = {"countries": params["countries"], "media_types": params["media_types"], "as_of": params["as_of"]}

# Only the open tab runs (the URL says which): a comparison computes control on a second date, seconds at a
# million outlets.
on_date, change = st.tabs(["On the as-of date", "Change since an earlier date"], key="tab", bind="query-params")
with on_date:
    if on_date.open:
        now = query("concentration", **markets)
        chart_markets(now, params["as_of"])
        data_table(
            "concentration",
            "concentration",
            markets,
            every_row=now,
            columns=MARKET_COLUMNS,
            noun="markets",
            empty=EMPTY,
        )
with change:
    if change.open:
        as_of = dt.date.fromisoformat(params["as_of"])
        compare_date = st.date_input(
            "Compare with",
            value=as_of.replace(year=as_of.year - 5, day=min(as_of.day, 28)),
            max_value=dt.date.today(),
            key="compare",
            bind="query-params",
            format="YYYY-MM-DD",
            help="The chart marks each market's CR4 on this date; the table puts both dates side by side.",
        )
        compare_as_of = (compare_date or as_of).isoformat()
        changes_params = markets | {"compare_as_of": compare_as_of}
        changes = query("concentration_change", **changes_params)
        chart_markets(changes, params["as_of"], compare_as_of)
        st.subheader(f"{compare_as_of} → {params['as_of']}")
        data_table(
            "concentration-change",
            "concentration_change",
            changes_params,
            every_row=changes,
            columns=MARKET
            | {
                "compare_cr4": st.column_config.NumberColumn(f"CR4 {compare_as_of}", format="%.1f", width=100),
                "cr4": st.column_config.NumberColumn(f"CR4 {params['as_of']}", format="%.1f", width=100),
                "cr4_change": st.column_config.NumberColumn("CR4 change", format="%+.1f", width=90),
                "compare_risk_band": st.column_config.Column(f"risk {compare_as_of}", width=120),
                "risk_band": st.column_config.Column(f"risk {params['as_of']}", width=120),
                "top_groups": st.column_config.Column(f"largest groups {params['as_of']}", width=340),
                "compare_top_groups": st.column_config.Column(f"largest groups {compare_as_of}", width=340),
                "compare_hhi": st.column_config.NumberColumn(f"HHI {compare_as_of}", format="%,.0f"),
                "hhi": st.column_config.NumberColumn(f"HHI {params['as_of']}", format="%,.0f"),
                "hhi_change": st.column_config.NumberColumn("HHI change", format="%+,.0f"),
                "compare_coverage": st.column_config.NumberColumn(f"owners known {compare_as_of} (%)", format="%.0f"),
                "coverage": st.column_config.NumberColumn(f"owners known {params['as_of']} (%)", format="%.0f"),
            },
            noun="markets compared",
            empty=EMPTY,
        )
