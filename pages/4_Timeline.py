"""Timeline: when the outlets matching the filters were founded and closed, by year or decade, and when media
groups signed their agreements."""

import streamlit as st

from media_atlas.ui.app import facet
from media_atlas.ui.charts import by_period, period_bars
from media_atlas.ui.sidebar import sidebar_filters
from media_atlas.ui.tables import SOURCES, data_table, show_empty

st.title("Timeline")
st.caption(
    "Foundings and closings of the outlets matching the filters, up to the as-of date (outlets closed by then "
    "count too). Dates kept at their precision; a year-only date counts in its year."
)
params = sidebar_filters()
bucket = st.segmented_control("Count by", ["year", "decade"], default="year", key="bucket", bind="query-params")
events = facet("outlet_events", ("year", "event", "media_type"), **params)
for event, title, noun in [("founded", "Outlets founded", "founding"), ("closed", "Outlets closed", "closing")]:
    st.subheader(title)
    counts = by_period(events[events.event == event], "year", bucket or "year")
    if not show_empty(counts, f"No outlet matching these filters has a known {noun} date."):
        st.plotly_chart(period_bars(counts, bucket or "year", f"outlets {event}", height=300), key=f"{event}-chart")

st.subheader("Agreements signed")
signed = by_period(facet("partnerships", ("signed_on",), countries=params["countries"]), "signed_on", bucket or "year")
if not show_empty(signed, "No agreement with a known signing date has a party in the chosen countries."):
    st.plotly_chart(period_bars(signed, bucket or "year", "agreements", height=260), key="agreements")

st.subheader("Every founding and closing")
data_table(
    "timeline",
    "outlet_events",
    params,
    columns={
        "event": "event",
        "event_date": "date",
        "name": "outlet",
        "media_type": "type",
        "country_name": "country",
        "group_name": "controlling group",
    }
    | SOURCES,
    noun="foundings and closings",
    one="founding or closing",
    empty="No outlet matching these filters has a known founding or closing date.",
    total=int(events.rows.sum()),
)
