"""The Profile page's history: one bar per owner and controlling group over the period it held, with the as-of date
marked. Takes the rows of the `entity_history` query, so it can be tested without Streamlit."""

import pandas as pd
import plotly.graph_objects as go

from media_atlas.ui.charts import EN_DASH, chart_layout, share_label

# Okabe-Ito, as in charts.py: a controlling group, an owner's claim that counts, one that does not.
LINE_COLOURS = {"controlling group": "#0072B2", "counts": "#009E73", "other": "#BBBBBB"}
BAR_HEIGHT = 34


def first_day(value: object) -> pd.Timestamp | None:
    """A partial ISO date ('1994', '2018-05') as its first day; None where unknown."""
    if value is None or pd.isna(value):
        return None
    text = str(value)
    try:
        return pd.Timestamp(text + "-01-01"[: 10 - len(text)]) if len(text) in (4, 7, 10) else None
    except ValueError:
        return None


def history_bars(history: pd.DataFrame, as_of: str, founded: str | None = None) -> go.Figure:
    """history: the rows of `entity_history` that count (claims set aside or that do not own stay in the table). A
    period with an unknown start begins at the earliest date known (a claim's, else the founding) and says so; one
    still open runs past the as-of date, by a fifth of the span shown, so its label fits. A history has a few rows:
    they are read as records and the figure is made in one call (each of Plotly's updates validates it again)."""
    rows = history.to_dict("records")
    starts, ends = [first_day(row["start_date"]) for row in rows], [first_day(row["end_date"]) for row in rows]
    as_of_day = pd.Timestamp(as_of)
    known = [day for day in [*starts, *ends] if day is not None]
    known = known or [day for day in [first_day(founded)] if day is not None]
    earliest = min([*known, as_of_day]) if known else as_of_day - pd.DateOffset(years=10)
    latest = max([*(day for day in ends if day is not None), as_of_day])
    latest += max((latest - earliest) / 5, pd.Timedelta(days=365))
    begins = [earliest if start is None else start for start in starts]
    finishes = [latest if end is None else end for end in ends]
    widths = [(finish - begin).total_seconds() * 1000 for begin, finish in zip(begins, finishes, strict=True)]
    return go.Figure(
        go.Bar(
            y=[f"{row['holder_name']} · {_line_kind(row)}" for row in rows],
            base=begins,
            x=widths,
            orientation="h",
            marker_color=[_colour(row) for row in rows],
            text=[_period(row) for row in rows],
            # Inside the bar where the period fits at full size, else just after it (a short period's label
            # shrunk to its bar could not be read).
            textposition="auto",
            insidetextanchor="start",
            cliponaxis=False,
            customdata=[[_text(row["status"]), _text(row["source_publisher"])] for row in rows],
            hovertemplate="%{y}<br>%{text}<br>%{customdata[0]}<br>source: %{customdata[1]}<extra></extra>",
        ),
        layout=chart_layout(
            80 + BAR_HEIGHT * len(rows),
            # The right margin takes what a label after the last short period runs past the axis.
            margin={"l": 10, "r": 60, "t": 30, "b": 10},
            showlegend=False,
            shapes=[
                {
                    "type": "line",
                    "x0": as_of_day,
                    "x1": as_of_day,
                    "xref": "x",
                    "y0": 0,
                    "y1": 1,
                    "yref": "y domain",
                    "line": {"dash": "dash", "color": "#333333"},
                }
            ],
            annotations=[
                {
                    "x": as_of_day,
                    "y": 1,
                    "yref": "paper",
                    "text": f"as of {as_of}",
                    "showarrow": False,
                    "yanchor": "bottom",
                    "xanchor": "right",
                }
            ],
            xaxis={"type": "date", "range": [earliest - (latest - earliest) / 50, latest]},
            yaxis={"autorange": "reversed", "automargin": True, "type": "category"},
        ),
    )


def _text(value: object) -> str:
    return "" if value is None or pd.isna(value) else str(value)


def _line_kind(row: dict) -> str:
    """What a bar stands for: the controlling group, or an owner's interest."""
    return _text(row["interest"]) if row["line"] == "owner" else row["line"]


def _period(row: dict) -> str:
    period = f"{_text(row['start_date']) or 'start unknown'} {EN_DASH} {_text(row['end_date']) or 'open'}"
    share = share_label(row["share_min"], row["share_max"])
    return f"{period} · {share}" if share else period


def _colour(row: dict) -> str:
    kind = row["line"] if row["line"] == "controlling group" else row["status"]
    return LINE_COLOURS.get(kind, LINE_COLOURS["other"])
