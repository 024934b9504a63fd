"""Plotly figures the pages share. The same media type has the same colour on every page; data is aggregated or
capped before it reaches a figure, and each builder takes plain DataFrames so it can be tested without Streamlit."""

import html
import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from media_atlas.vocabulary import MEDIA_TYPE_LABELS, media_type_label

# Okabe-Ito: distinguishable with the common colour-vision deficiencies.
MEDIA_TYPE_COLOURS = {
    "TV": "#0072B2",
    "Radio": "#E69F00",
    "Newspaper": "#009E73",
    "Magazine": "#CC79A7",
    "Online": "#56B4E9",
    "News agency": "#D55E00",
}
EN_DASH = "\u2013"
# A treemap of more tiles than this reads as noise: the smallest fold into one.
TREEMAP_TILES = 30
TILE_TEXT_MIN = 10
CROSS_BORDER_COLOUR = "#D55E00"
SAME_COUNTRY_COLOUR = "#999999"
# Where plotly.js finds world_110m.json: the app's own static/ folder, never a CDN (the app runs offline).
MAP_CONFIG = {"topojsonURL": "app/static/", "displaylogo": False}


def plain(text: object) -> str:
    """Text from the data as a Plotly label, hover or tick: Plotly renders a subset of HTML there (`<a href>` is a
    link, `<b>` bold), so <, > and & go in as entities, which it shows as the characters themselves."""
    return html.escape(str(text), quote=False)


def plain_column(values: pd.Series) -> pd.Series:
    """Every value of a column as plain(value); missing values stay missing."""
    return values.map(plain, na_action="ignore")


def chart_layout(height: int, *, legend: dict | None = None, **parts) -> dict:
    """A chart's layout: its height, narrow margins and a legend without a title, with the parts given. A figure is
    made with its layout in one call: each of Plotly's updates would validate the whole figure again."""
    margin = {"l": 10, "r": 10, "t": 30, "b": 10}
    return {"height": height, "margin": margin, "legend": {"title": {"text": ""}} | (legend or {})} | parts


def world_map(by_country: pd.DataFrame) -> go.Figure:
    """Outlets per country; by_country has alpha_3, country_name and rows (the number of outlets).

    The colour follows the logarithm of the count, so one country with 15,000 outlets does not wash out the
    others; the colour bar is labelled in outlets.
    """
    shade = np.log10(by_country.rows.astype(float))
    top = max(float(shade.max()), 1.0)
    ticks = [10**power for power in range(math.floor(top) + 1)]
    return go.Figure(
        go.Choropleth(
            locations=by_country.alpha_3,
            z=shade,
            zmin=0,
            zmax=top,
            text=plain_column(by_country.country_name),
            customdata=by_country.rows,
            locationmode="ISO-3",
            # Starts at a visible blue: a country with one outlet must not look like one with none.
            colorscale=[[0, "#c6dbef"], [1, "#08306b"]],
            marker_line_color="#ffffff",
            colorbar={
                "title": "Outlets",
                "tickvals": [math.log10(tick) for tick in ticks],
                "ticktext": [f"{tick:,}" for tick in ticks],
            },
            hovertemplate="%{text}: %{customdata:,} outlets<extra></extra>",
        ),
        layout=chart_layout(
            420,
            geo={
                "fitbounds": False,
                "projection": {"type": "natural earth"},
                "resolution": 110,
                "showframe": False,
                "showcountries": True,
                "countrycolor": "#cccccc",
                "showland": True,
                "landcolor": "#f2f2f2",
            },
        ),
    )


def group_bars(counts: pd.DataFrame, height: int) -> go.Figure:
    """One horizontal bar per group, largest on top, stacked by media type; counts has group_name, media_type
    and rows."""
    traces = []
    order = counts.groupby("group_name", sort=False)["rows"].sum().sort_values().index.map(short_plain).tolist()
    for media_type, label in MEDIA_TYPE_LABELS.items():
        part = counts[counts.media_type == media_type]
        if not part.empty:
            traces.append(
                go.Bar(
                    x=part.rows,
                    y=part.group_name.map(short_plain),
                    customdata=plain_column(part.group_name),
                    name=label,
                    orientation="h",
                    marker_color=MEDIA_TYPE_COLOURS[label],
                    hovertemplate=f"%{{customdata}}<br>{label}: %{{x:,}} outlets<extra></extra>",
                )
            )
    largest = counts.groupby("group_name")["rows"].sum().max()
    layout = chart_layout(
        height,
        barmode="stack",
        # Under the bars: beside them it took the width the bars and their count ticks need.
        legend={"traceorder": "normal", "orientation": "h", "x": 0, "y": -0.12, "yanchor": "top"},
        yaxis={"categoryorder": "array", "categoryarray": order, "type": "category", "automargin": True},
        xaxis={"tickangle": 0, "nticks": 4} | whole_number_ticks(largest),
    )
    return go.Figure(traces, layout=layout)


def short_plain(name: str, limit: int = 30) -> str:
    """A long name cut to fit an axis label (the hover shows it whole), as plain text."""
    return plain(short_text(name, limit))


def short_text(name: str, limit: int = 30) -> str:
    """A long name cut to `limit` characters, the last an ellipsis."""
    return name if len(name) <= limit else name[: limit - 1] + "\u2026"


def period_bars(counts: pd.DataFrame, bucket: str, what: str, *, height: int) -> go.Figure:
    """Counts per year or decade (`period`, its first year) on a time axis, stacked by media type when counts
    has a media_type column."""
    traces = []
    width = 8 if bucket == "decade" else 0.8
    label = "%{x}s" if bucket == "decade" else "%{x}"
    series = (
        [(MEDIA_TYPE_LABELS[t], counts[counts.media_type == t]) for t in MEDIA_TYPE_LABELS]
        if "media_type" in counts
        else [(what, counts)]
    )
    for name, part in series:
        if not part.empty:
            traces.append(
                go.Bar(
                    x=part.period,
                    y=part.rows,
                    width=width,
                    name=name,
                    marker_color=MEDIA_TYPE_COLOURS.get(name, SAME_COUNTRY_COLOUR),
                    hovertemplate=f"{label}<br>{name}: %{{y:,}} {what}<extra></extra>",
                )
            )
    step = 10 if bucket == "decade" else 1
    span = (counts.period.max() - counts.period.min()) / step
    layout = chart_layout(
        height,
        barmode="stack",
        legend={"traceorder": "normal"},
        showlegend="media_type" in counts,
        # A tick on every bar when there are few, so a year never shows twice between bars.
        xaxis={"type": "linear", "tickformat": "d", "dtick": step if span <= 12 else None},
        yaxis=whole_number_ticks(counts.groupby("period")["rows"].sum().max()),
    )
    return go.Figure(traces, layout=layout)


def whole_number_ticks(largest: int) -> dict:
    """A count axis's ticks: counts are whole numbers, so no 0.5 ticks on small charts."""
    return {"tickformat": ",d", "dtick": 1 if largest <= 8 else None}


def by_period(counts: pd.DataFrame, date_column: str, bucket: str) -> pd.DataFrame:
    """Counts with a date column (partial dates allowed, or years) summed per year or decade: `period` is the first
    year."""
    years = pd.to_numeric(counts[date_column].astype("string").str[:4], errors="coerce")
    known = counts[years.notna()].assign(year=years.dropna().astype(int))
    period = known.year // 10 * 10 if bucket == "decade" else known.year
    keys = [column for column in counts.columns if column not in (date_column, "rows")]
    return known.assign(period=period).groupby(["period", *keys], as_index=False)["rows"].sum()


def market_labels(markets: pd.DataFrame) -> pd.DataFrame:
    """markets with each country and media type as a reader sees it: a media type's label, a missing country named."""
    return markets.assign(
        country_name=markets.country_name.fillna("country unknown"), media_type=markets.media_type.map(media_type_label)
    )


def portfolio_treemap(markets: pd.DataFrame, title: str, tiles: int = TREEMAP_TILES) -> go.Figure:
    """Outlets held per country, each country's tile split by media type. At most `tiles` tiles show: past that
    many countries the largest `tiles` - 1 show and the rest are one tile that counts them and their outlets; past
    that many markets (country and media type) the chart shows the countries, and a click on one opens its media
    types. markets has country_name (missing: unknown), media_type and rows (outlets)."""
    markets = market_labels(markets)
    by_country = markets.groupby("country_name")["rows"].sum().sort_values(ascending=False, kind="stable")
    shown = by_country if len(by_country) <= tiles else by_country[: tiles - 1]
    rest = by_country.drop(shown.index)
    inside = markets[markets.country_name.isin(shown.index)].sort_values("rows", ascending=False, kind="stable")
    ids = ["all", *(f"country/{name}" for name in shown.index)]
    ids += [f"market/{country}/{kind}" for country, kind in zip(inside.country_name, inside.media_type, strict=True)]
    labels = [plain(title), *plain_column(shown.index.to_series()), *inside.media_type]
    parents = ["", *["all"] * len(shown), *(f"country/{name}" for name in inside.country_name)]
    values = [int(by_country.sum()), *shown, *inside.rows]
    colours = ["#ffffff", *["#dde4ec"] * len(shown), *inside.media_type.map(MEDIA_TYPE_COLOURS).fillna("#999999")]
    hover = ["", *(f"{count:,} outlets" for count in shown)]
    hover += [f"{plain(name)}: {count:,} outlets" for name, count in zip(inside.country_name, inside.rows, strict=True)]
    if not rest.empty:
        ids.append("more")
        labels.append(f"{len(rest):,} more countries")
        parents.append("all")
        values.append(int(rest.sum()))
        colours.append("#f2f2f2")
        hover.append(f"{int(rest.sum()):,} outlets in {len(rest):,} more countries; the table counts each")
    countries_only = len(inside) + (not rest.empty) > tiles
    # A tile too small for its label at a readable size shows none (its hover has it), not a smudge of tiny text.
    layout = chart_layout(420, uniformtext={"minsize": TILE_TEXT_MIN, "mode": "hide"})
    if countries_only:
        layout["title"] = {"text": "Outlets by country: click a country for its media types", "font": {"size": 13}}
        layout["margin"]["t"] = 45
    return go.Figure(
        go.Treemap(
            ids=ids,
            labels=labels,
            parents=parents,
            values=values,
            branchvalues="total",
            marker_colors=colours,
            customdata=hover,
            texttemplate="%{label}<br>%{value:,}",
            hovertemplate="%{label}<br>%{customdata}<extra></extra>",
            maxdepth=2 if countries_only else -1,
            sort=True,
        ),
        layout=layout,
    )


def share_label(share_min: float | None, share_max: float | None) -> str:
    """A share as the atlas knows it: exact ("51%"), a range (25 to 30, joined by an en dash) or unknown ("")."""
    if share_min is None or pd.isna(share_min):
        return ""
    low, high = f"{share_min:g}", f"{share_max:g}"
    return f"{low}%" if low == high else f"{low}{EN_DASH}{high}%"


def partnership_graph(parties: pd.DataFrame, partnerships: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Parties as nodes, one edge per pair of parties to the same agreement; cross-border edges stand out."""
    nodes = (
        parties[["party_id", "party_name", "party_type", "party_country"]]
        .drop_duplicates("party_id")
        .set_axis(["id", "name", "kind", "country"], axis=1)
        .sort_values(["country", "name"], na_position="last")
        .reset_index(drop=True)
    )
    nodes["hover"] = plain_column(nodes.name + " (" + nodes.country.fillna("country unknown") + ")")
    nodes["name"] = nodes.name + " (" + nodes.country.fillna("?") + ")"
    pairs = parties.merge(parties, on="partnership_id", suffixes=("_a", "_b"))
    pairs = pairs[pairs.party_id_a < pairs.party_id_b].merge(
        partnerships[["partnership_id", "title", "signed_on", "source_publisher", "source_url"]], on="partnership_id"
    )
    cross_border = pairs.party_country_a.fillna("?") != pairs.party_country_b.fillna("?")
    edges = pd.DataFrame(
        {
            "source": pairs.party_id_a,
            "target": pairs.party_id_b,
            "label": "",
            "hover": plain_column(pairs.title + " (" + pairs.signed_on.fillna("date unknown") + ")")
            + "<br>source: "
            + plain_column(pairs.source_publisher.fillna("") + " " + pairs.source_url.fillna("")),
            "link": cross_border.map({True: "across a border", False: "within a country"}),
            "colour": cross_border.map({True: CROSS_BORDER_COLOUR, False: SAME_COUNTRY_COLOUR}),
        }
    )
    return nodes, edges
