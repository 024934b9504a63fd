"""Outlets: every outlet matching the filters — name, type, country, founding date at its own precision, the group
that controls it on the as-of date, and the source of each row."""

import streamlit as st

from media_atlas.ui.sidebar import sidebar_filters
from media_atlas.ui.tables import OUTLET_COLUMNS, data_table

st.title("Outlets")
st.caption("Outlets that exist on the as-of date and match the filters, with the group that controls each.")
params = sidebar_filters()
data_table(
    "outlets",
    "outlets",
    params,
    columns=OUTLET_COLUMNS,
    noun="outlets",
    one="outlet",
    empty="No outlet matches these filters. Remove a filter, or move the as-of date.",
)
