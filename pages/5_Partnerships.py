"""Partnerships: who cooperates with whom — agreements between media groups and outlets as a network in which
links across borders stand out, and the table of agreements with their sources."""

import streamlit as st

from media_atlas.ui.app import query
from media_atlas.ui.charts import partnership_graph
from media_atlas.ui.network_chart import circle_positions, network
from media_atlas.ui.sidebar import sidebar_filters
from media_atlas.ui.tables import SOURCES, data_table, show_empty

PARTY_CAP = 150

st.title("Partnerships")
st.caption(
    "Agreements with at least one party in the chosen countries (this page uses the country filter only). "
    "Orange links cross a border; parties are grouped by country around the circle."
)
params = sidebar_filters()
agreements = {"countries": params["countries"]}
parties = query("partnership_parties", **agreements)
# Every agreement: the network draws them and the table pages and counts them, without asking the database again.
listed = query("partnerships", **agreements)
if not show_empty(parties, "No agreement has a party in the chosen countries."):
    shown_ids = parties.party_id.drop_duplicates().head(PARTY_CAP)
    if parties.party_id.nunique() > PARTY_CAP:
        st.caption(f"The network shows {PARTY_CAP} of {parties.party_id.nunique():,} parties; the table has all.")
    nodes, edges = partnership_graph(parties[parties.party_id.isin(shown_ids)], listed)
    st.plotly_chart(network(nodes, edges, circle_positions(nodes.id.tolist()), directed=False), key="partners")
data_table(
    "partnerships",
    "partnerships",
    agreements,
    every_row=listed,
    columns={
        "title": "title",
        "kind": "kind",
        "signed_on": "signed",
        "place": "place",
        "parties": "parties",
        "cross_border": "cross-border",
    }
    | SOURCES,
    noun="agreements",
    one="agreement",
    empty="No agreement has a party in the chosen countries.",
)
