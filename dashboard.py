"""Media Ownership Atlas: the start page. Headline counts and the agreements, from the real database."""

import streamlit as st

from media_atlas.app import query, today

st.set_page_config(page_title="Media Ownership Atlas", layout="wide")
st.title("Media Ownership Atlas")
st.caption("Who owns the news: media groups, outlets, owners and partnerships, every fact with its source.")

as_of = today()
counts = query("headline_counts", as_of=as_of).iloc[0]
for column, (label, value) in zip(
    st.columns(6),
    [
        ("Outlets", counts.outlets),
        ("Organisations", counts.organisations),
        ("People", counts.people),
        ("Ownership links", counts.ownership_links),
        ("Partnerships", counts.partnerships),
        ("Sources", counts.sources),
    ],
    strict=True,
):
    column.metric(label, f"{value:,}")

st.subheader("Partnerships between media groups")
partnerships = query("partnerships", countries=[])
st.dataframe(
    partnerships[["title", "kind", "signed_on", "place", "parties", "cross_border", "source_url"]],
    hide_index=True,
    width="stretch",
    column_config={"source_url": st.column_config.LinkColumn("source")},
)
