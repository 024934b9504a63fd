"""The Concentration page's chart: CR4 per market on two dates, coloured by the Media Ownership Monitor risk band.
Takes the rows of the `concentration_change` query, so it can be tested without Streamlit."""

import pandas as pd
import plotly.graph_objects as go

from media_atlas.ui.charts import chart_layout, plain_column
from media_atlas.vocabulary import media_type_label

# Okabe-Ito colours, as in charts.py: green, orange, vermilion; grey where the data supports no verdict.
RISK_BAND_COLOURS = {"low": "#009E73", "medium": "#E69F00", "high": "#D55E00", "insufficient data": "#BBBBBB"}
BAND_NAMES = {"insufficient data": "insufficient data"}
MARKETS_SHOWN = 30


def markets_to_chart(changes: pd.DataFrame, limit: int = MARKETS_SHOWN) -> pd.DataFrame:
    """The `limit` markets with most outlets on the as-of date (with a label each), highest CR4 first."""
    shown = changes.dropna(subset=["cr4"]).nlargest(limit, "outlets", keep="first")
    label = plain_column(shown.country_name.fillna(shown.country) + " · " + shown.media_type.map(media_type_label))
    return shown.assign(market=label).sort_values(["cr4", "market"], ascending=[True, False])


def cr4_bars(
    changes: pd.DataFrame, as_of: str, band_bounds: tuple[float, float], compare_as_of: str | None = None
) -> go.Figure:
    """One bar per market: CR4 on as_of coloured by its risk band, with a marker at its CR4 on compare_as_of (when
    given: changes are then the rows of `concentration_change`, else of `concentration`), and a dotted line at each
    of the bands' bounds (the rules' cr4_low_below and cr4_medium_below)."""
    shown = markets_to_chart(changes)
    traces = []
    hover = f"%{{y}}<br>CR4 on {as_of}: %{{x:.1f}}% (by %{{customdata[0]}})<br>%{{customdata[1]}}<extra></extra>"
    for band, colour in RISK_BAND_COLOURS.items():
        part = shown[shown.risk_band == band]
        why = {
            "customdata": part[["basis", "top_groups"]].assign(top_groups=plain_column(part.top_groups)),
            "hovertemplate": hover,
        }
        traces.append(
            go.Bar(
                x=part.cr4,
                y=part.market,
                orientation="h",
                name=BAND_NAMES.get(band, f"{band} risk"),
                marker_color=colour,
                **why,
            )
        )
    if compare_as_of:
        marker = {"symbol": "line-ns", "size": 16, "line": {"width": 3, "color": "#000000"}}
        name, hover = f"CR4 on {compare_as_of}", f"%{{y}}<br>CR4 on {compare_as_of}: %{{x:.1f}}%<extra></extra>"
        traces.append(
            go.Scatter(
                x=shown.compare_cr4, y=shown.market, mode="markers", name=name, marker=marker, hovertemplate=hover
            )
        )
    # The lines add_vline would draw, given as shapes: add_vline lays each one out on its own.
    bounds = [
        {"type": "line", "x0": x, "x1": x, "xref": "x", "y0": 0, "y1": 1, "yref": "y domain"}
        | {"line": {"dash": "dot", "color": "#888888"}}
        for x in band_bounds
    ]
    layout = chart_layout(
        max(300, 24 * len(shown) + 80),
        shapes=bounds,
        barmode="overlay",
        showlegend=True,
        xaxis={"title": {"text": "CR4 (%)"}, "range": [0, 100]},
        yaxis={
            "categoryorder": "array",
            "categoryarray": shown.market.tolist(),
            "type": "category",
            "automargin": True,
        },
    )
    return go.Figure(traces, layout=layout)
