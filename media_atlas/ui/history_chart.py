"""The Profile page's history: one bar per owner and controlling group over the period it held, with the as-of date
marked. Takes the rows of the `entity_history` query, so it can be tested without Streamlit."""

import pandas as pd
import plotly.graph_objects as go

from media_atlas.ui.charts import EN_DASH, share_label

# Okabe-Ito, as in charts.py: a controlling group, an owner's claim that counts, one that does not.
LINE_COLOURS = {"controlling group": "#0072B2", "counts": "#009E73", "other": "#BBBBBB"}
BAR_HEIGHT = 34


def first_day(dates: pd.Series) -> pd.Series:
    """Partial ISO dates ('1994', '2018-05') as their first day; NaT where unknown."""
    text = dates.astype("string")
    text = text.where(text.str.len() != 4, text + "-01-01")
    return pd.to_datetime(text.where(text.str.len() != 7, text + "-01"), errors="coerce", format="%Y-%m-%d")


def history_bars(history: pd.DataFrame, as_of: str, founded: str | None = None) -> go.Figure:
    """history: the rows of `entity_history` that count (claims set aside or that do not own stay in the table). A
    period with an unknown start begins at the earliest date known (a claim's, else the founding) and says so; one
    still open runs past the as-of date, by a fifth of the span shown, so its label fits."""
    starts, ends = first_day(history.start_date), first_day(history.end_date)
    as_of_day = pd.Timestamp(as_of)
    known = pd.concat([starts, ends]).dropna()
    if known.empty:
        known = first_day(pd.Series([founded])).dropna()
    earliest = min(known.min(), as_of_day) if not known.empty else as_of_day - pd.DateOffset(years=10)
    latest = max(ends.max() if ends.notna().any() else as_of_day, as_of_day)
    latest += max((latest - earliest) / 5, pd.Timedelta(days=365))
    rows = history.assign(
        begin=starts.fillna(earliest),
        finish=ends.fillna(latest),
        who=history.holder_name + " · " + history.line.where(history.line != "owner", history.interest.fillna("")),
        period=history.start_date.fillna("start unknown") + f" {EN_DASH} " + history.end_date.fillna("open"),
        share=[share_label(low, high) for low, high in zip(history.share_min, history.share_max, strict=True)],
        colour=history.line.where(history.line == "controlling group", history.status).map(
            lambda kind: LINE_COLOURS.get(kind, LINE_COLOURS["other"])
        ),
    )
    figure = go.Figure(
        go.Bar(
            y=rows.who,
            base=rows.begin,
            x=(rows.finish - rows.begin).dt.total_seconds() * 1000,
            orientation="h",
            marker_color=rows.colour,
            text=rows.period + rows.share.map(lambda share: f" · {share}" if share else ""),
            # Inside the bar where the period fits at full size, else just after it (a short period's label
            # shrunk to its bar could not be read).
            textposition="auto",
            insidetextanchor="start",
            cliponaxis=False,
            customdata=rows[["status", "source_publisher"]].fillna("").to_numpy(),
            hovertemplate="%{y}<br>%{text}<br>%{customdata[0]}<br>source: %{customdata[1]}<extra></extra>",
        )
    )
    figure.add_vline(x=as_of_day.timestamp() * 1000, line_dash="dash", line_color="#333333")
    figure.add_annotation(
        x=as_of_day, y=1, yref="paper", text=f"as of {as_of}", showarrow=False, yanchor="bottom", xanchor="right"
    )
    figure.update_xaxes(type="date", range=[earliest - (latest - earliest) / 50, latest])
    figure.update_yaxes(autorange="reversed", automargin=True, type="category")
    height = 80 + BAR_HEIGHT * len(rows)
    # The right margin takes what a label after the last short period runs past the axis.
    figure.update_layout(height=height, margin={"l": 10, "r": 60, "t": 30, "b": 10}, showlegend=False)
    return figure
