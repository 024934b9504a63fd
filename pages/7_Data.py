"""Data: where the atlas's facts come from — the sources with links, how many rows each data layer adds, the
conflicts between layers and the data-quality findings."""

import streamlit as st

from media_atlas.ui.app import query
from media_atlas.ui.sidebar import sidebar_filters
from media_atlas.ui.tables import data_table

st.title("Data")
st.caption("Every fact in the atlas cites one of these sources. The search filter narrows the sources list.")
params = sidebar_filters()

# Only the open tab runs (the URL says which: `?tab=Conflicts`): conflicts and findings read every ownership link,
# seconds at a million outlets.
sources, layers, conflicts, attributes, quality = st.tabs(
    ["Sources", "Rows per layer", "Conflicting ownership claims", "Conflicting attributes", "Data-quality findings"],
    key="tab",
    bind="query-params",
)
with sources:
    if sources.open:
        data_table(
            "sources",
            "sources",
            params,
            columns={
                "title": "title",
                "publisher": "publisher",
                "url": st.column_config.LinkColumn("link"),
                "published_on": "published",
                "facts": "facts citing it",
                "layer": "layer",
            },
            noun="sources",
            one="source",
            empty="No source title or publisher matches the search.",
        )
with layers:
    if layers.open:
        per_layer = query("layer_counts").pivot_table(index="table_name", columns="layer", values="rows", fill_value=0)
        st.dataframe(per_layer, width="stretch")
with conflicts:
    if conflicts.open:
        data_table(
            "conflicts",
            "conflicts",
            params,
            columns={
                "owned_name": "owned entity",
                "owned_type": "type",
                "country": "country",
                "owners": "owners named",
                "sources": "sources",
                "claims": "claims",
            },
            noun="conflicts",
            one="conflict",
            empty="No entity has owners that disagree between sources on this date.",
        )
with attributes:
    if attributes.open:
        st.caption(
            "An outlet's or organisation's founding date, website, country, … as several layers state it: the atlas "
            "shows the curated layer's value, else the first other layer's by name, and lists the others here."
        )
        data_table(
            "attribute-conflicts",
            "attribute_conflicts",
            {"q": params["q"]},
            columns={
                "entity_name": "entity",
                "attribute": "attribute",
                "shown_value": "shown",
                "stated_values": "stated",
            },
            noun="conflicting attributes",
            one="conflicting attribute",
            empty="No layers disagree on an attribute of an entity that matches the search.",
        )
with quality:
    if quality.open:
        data_table(
            "data-quality",
            "data_quality",
            params,
            columns={
                "check": "check",
                "entity_name": "entity",
                "detail": "detail",
                "source_url": None,
            },
            noun="findings",
            one="finding",
            empty="No data-quality finding on this date.",
        )
