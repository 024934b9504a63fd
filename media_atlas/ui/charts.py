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
ENTITY_KIND_STYLE = {
    "organisation": {"color": "#444444", "symbol": "square"},
    "outlet": {"color": "#0072B2", "symbol": "circle"},
    "person": {"color": "#D55E00", "symbol": "diamond"},
}
EN_DASH = "\u2013"
NAMED_NODES = 40
# A treemap of more tiles than this reads as noise: the smallest fold into one.
TREEMAP_TILES = 30
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


def _layout(figure: go.Figure, height: int) -> go.Figure:
    figure.update_layout(height=height, margin={"l": 10, "r": 10, "t": 30, "b": 10}, legend_title_text="")
    return figure


def world_map(by_country: pd.DataFrame) -> go.Figure:
    """Outlets per country; by_country has alpha_3, country_name and rows (the number of outlets).

    The colour follows the logarithm of the count, so one country with 15,000 outlets does not wash out the
    others; the colour bar is labelled in outlets.
    """
    shade = np.log10(by_country.rows.astype(float))
    top = max(float(shade.max()), 1.0)
    ticks = [10**power for power in range(math.floor(top) + 1)]
    figure = go.Figure(
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
        )
    )
    figure.update_geos(
        fitbounds=False,
        projection_type="natural earth",
        resolution=110,
        showframe=False,
        showcountries=True,
        countrycolor="#cccccc",
        showland=True,
        landcolor="#f2f2f2",
    )
    return _layout(figure, 420)


def group_bars(counts: pd.DataFrame, height: int) -> go.Figure:
    """One horizontal bar per group, largest on top, stacked by media type; counts has group_name, media_type
    and rows."""
    figure = go.Figure()
    order = counts.groupby("group_name", sort=False)["rows"].sum().sort_values().index.map(_short_plain).tolist()
    for media_type, label in MEDIA_TYPE_LABELS.items():
        part = counts[counts.media_type == media_type]
        if not part.empty:
            figure.add_trace(
                go.Bar(
                    x=part.rows,
                    y=part.group_name.map(_short_plain),
                    customdata=plain_column(part.group_name),
                    name=label,
                    orientation="h",
                    marker_color=MEDIA_TYPE_COLOURS[label],
                    hovertemplate=f"%{{customdata}}<br>{label}: %{{x:,}} outlets<extra></extra>",
                )
            )
    figure.update_layout(barmode="stack", legend_traceorder="normal")
    figure.update_yaxes(categoryorder="array", categoryarray=order, type="category", automargin=True)
    figure.update_xaxes(tickangle=0)
    return _whole_number_ticks(_layout(figure, height), "x", counts.groupby("group_name")["rows"].sum().max())


def _short_plain(name: str, limit: int = 30) -> str:
    """A long name cut to fit an axis label (the hover shows it whole), as plain text."""
    return plain(name if len(name) <= limit else name[: limit - 1] + "\u2026")


def period_bars(counts: pd.DataFrame, bucket: str, what: str, *, height: int) -> go.Figure:
    """Counts per year or decade (`period`, its first year) on a time axis, stacked by media type when counts
    has a media_type column."""
    figure = go.Figure()
    width = 8 if bucket == "decade" else 0.8
    label = "%{x}s" if bucket == "decade" else "%{x}"
    series = (
        [(MEDIA_TYPE_LABELS[t], counts[counts.media_type == t]) for t in MEDIA_TYPE_LABELS]
        if "media_type" in counts
        else [(what, counts)]
    )
    for name, part in series:
        if not part.empty:
            figure.add_trace(
                go.Bar(
                    x=part.period,
                    y=part.rows,
                    width=width,
                    name=name,
                    marker_color=MEDIA_TYPE_COLOURS.get(name, SAME_COUNTRY_COLOUR),
                    hovertemplate=f"{label}<br>{name}: %{{y:,}} {what}<extra></extra>",
                )
            )
    figure.update_layout(barmode="stack", legend_traceorder="normal", showlegend="media_type" in counts)
    step = 10 if bucket == "decade" else 1
    span = (counts.period.max() - counts.period.min()) / step
    # A tick on every bar when there are few, so a year never shows twice between bars.
    figure.update_xaxes(type="linear", tickformat="d", dtick=step if span <= 12 else None)
    return _whole_number_ticks(_layout(figure, height), "y", counts.groupby("period")["rows"].sum().max())


def _whole_number_ticks(figure: go.Figure, axis: str, largest: int) -> go.Figure:
    """Counts are whole numbers: no 0.5 ticks on small charts."""
    figure.update_layout({f"{axis}axis": {"tickformat": ",d", "dtick": 1 if largest <= 8 else None}})
    return figure


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
    figure = go.Figure(
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
        )
    )
    _layout(figure, 420)
    if countries_only:
        figure.update_layout(
            title={"text": "Outlets by country: click a country for its media types", "font_size": 13},
            margin_t=45,
        )
    return figure


def share_label(share_min: float | None, share_max: float | None) -> str:
    """A share as the atlas knows it: exact ("51%"), a range (25 to 30, joined by an en dash) or unknown ("")."""
    if share_min is None or pd.isna(share_min):
        return ""
    low, high = f"{share_min:g}", f"{share_max:g}"
    return f"{low}%" if low == high else f"{low}{EN_DASH}{high}%"


def layered_positions(links: pd.DataFrame) -> dict[str, tuple[float, float]]:
    """Owners above what they own: an entity's level is one more than the highest thing it owns (cycles cut)."""
    owned_by_owner = links.groupby("owner_id")["owned_id"].apply(list).to_dict()
    levels: dict[str, int] = {}

    def level(entity_id: str, visiting: frozenset = frozenset()) -> int:
        if entity_id not in levels:
            below = [child for child in owned_by_owner.get(entity_id, []) if child not in visiting]
            levels[entity_id] = 1 + max((level(child, visiting | {entity_id}) for child in below), default=-1)
        return levels[entity_id]

    for entity_id in pd.concat([links.owner_id, links.owned_id]).unique():
        level(entity_id)
    rows: dict[int, list[str]] = {}
    for entity_id, entity_level in levels.items():
        rows.setdefault(entity_level, []).append(entity_id)
    # Top row by id; each row below sits under the mean position of its owners, so fewer links cross.
    owners_of = links.groupby("owned_id")["owner_id"].apply(list).to_dict()
    across: dict[str, float] = {}
    positions: dict[str, tuple[float, float]] = {}
    for entity_level in sorted(rows, reverse=True):
        row = sorted(
            rows[entity_level], key=lambda entity_id: (_mean_of(owners_of.get(entity_id, []), across), entity_id)
        )
        for index, entity_id in enumerate(row):
            across[entity_id] = (index + 1) / (len(row) + 1)
            positions[entity_id] = (across[entity_id], float(entity_level))
    return positions


def _mean_of(entity_ids: list[str], across: dict[str, float]) -> float:
    placed = [across[entity_id] for entity_id in entity_ids if entity_id in across]
    return sum(placed) / len(placed) if placed else 0.0


def circle_positions(node_ids: list[str]) -> dict[str, tuple[float, float]]:
    """Nodes around a circle in the given order (callers sort by country so neighbours share a border)."""
    count = max(len(node_ids), 1)
    return {
        node_id: (math.cos(2 * math.pi * index / count), math.sin(2 * math.pi * index / count))
        for index, node_id in enumerate(node_ids)
    }


def network(nodes: pd.DataFrame, edges: pd.DataFrame, positions: dict[str, tuple[float, float]]) -> go.Figure:
    """Nodes (id, name, kind, hover) and edges (source, target, label, hover, link, colour) at given positions.

    Each node carries its id as customdata, so a page can act on a clicked node. Edge labels and hover text sit
    on an invisible marker at each edge's middle.
    """
    figure = go.Figure()
    for (link, colour), part in edges.groupby(["link", "colour"], sort=True):
        xs: list[float | None] = []
        ys: list[float | None] = []
        for source, target in zip(part.source, part.target, strict=True):
            xs += [positions[source][0], positions[target][0], None]
            ys += [positions[source][1], positions[target][1], None]
        line = {"color": colour, "width": 1.5}
        figure.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line=line, hoverinfo="skip", name=link))
    middles = [
        ((positions[s][0] + positions[t][0]) / 2, (positions[s][1] + positions[t][1]) / 2)
        for s, t in zip(edges.source, edges.target, strict=True)
    ]
    figure.add_trace(
        go.Scatter(
            x=[x for x, _ in middles],
            y=[y for _, y in middles],
            mode="text+markers",
            text=edges.label.tolist(),
            textfont={"size": 10, "color": "#333333"},
            marker={"size": 6, "opacity": 0},
            hovertext=edges.hover.tolist(),
            hoverinfo="text",
            name="link",
            showlegend=False,
        )
    )
    for kind, part in nodes.groupby("kind", sort=True):
        style = ENTITY_KIND_STYLE.get(kind, {"color": "#999999", "symbol": "circle"})
        figure.add_trace(
            go.Scatter(
                x=[positions[node_id][0] for node_id in part.id],
                y=[positions[node_id][1] for node_id in part.id],
                # Names on the chart only where they fit; the hover always has them.
                mode="markers+text" if len(part) <= NAMED_NODES else "markers",
                text=plain_column(part.name).tolist(),
                textposition="top center",
                textfont={"size": 10},
                marker={"size": 14, "color": style["color"], "symbol": style["symbol"]},
                customdata=part.id.tolist(),
                hovertext=part.hover.tolist(),
                hoverinfo="text",
                name=kind,
            )
        )
    # Room either side for the names of the outermost nodes.
    across = [x for x, _ in positions.values()] or [0.0]
    margin = 0.2 * ((max(across) - min(across)) or 1)
    figure.update_xaxes(visible=False, range=[min(across) - margin, max(across) + margin])
    figure.update_yaxes(visible=False)
    # No clickmode or dragmode here: Streamlit sets them so a click on a node selects it.
    figure.update_layout(showlegend=True)
    return _layout(figure, 560)


def ownership_graph(links: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Nodes and edges of ownership links (owner_*, owned_*, interest, share_min, share_max, source_url)."""
    ends = [
        links[[f"{end}_id", f"{end}_name", f"{end}_type"]].set_axis(["id", "name", "kind"], axis=1)
        for end in ("owner", "owned")
    ]
    nodes = pd.concat(ends).drop_duplicates("id").reset_index(drop=True)
    nodes["hover"] = plain_column(nodes.name) + " (" + nodes.kind + ")"
    if "owner_links" in links:
        holdings = links.drop_duplicates("owner_id").set_index("owner_id").owner_links
        held = nodes.id.map(holdings)
        nodes["hover"] += held.map(lambda count: f"<br>{int(count):,} links in this view" if pd.notna(count) else "")
    shares = [share_label(low, high) for low, high in zip(links.share_min, links.share_max, strict=True)]
    publisher = links.source_publisher if "source_publisher" in links else pd.Series("", index=links.index)
    edges = pd.DataFrame(
        {
            "source": links.owner_id,
            "target": links.owned_id,
            "label": shares,
            "hover": plain_column(
                links.owner_name
                + " → "
                + links.owned_name
                + ": "
                + links.interest
                + pd.Series([f" {share}" if share else "" for share in shares], index=links.index)
            )
            + "<br>source: "
            + plain_column(publisher.fillna("") + " " + links.source_url.fillna("unknown")),
            "link": "ownership link",
            "colour": SAME_COUNTRY_COLOUR,
        }
    )
    return nodes, edges


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
