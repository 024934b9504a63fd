"""Data: where the atlas's facts come from — the sources with links, how many rows each data layer adds, the
conflicts between layers and the data-quality findings."""

from pathlib import Path

import streamlit as st

from media_atlas.exchange.tables import dataset_bytes, excel_refusal
from media_atlas.ui.app import database_file, query
from media_atlas.ui.sidebar import sidebar_filters
from media_atlas.ui.tables import data_table

st.title("Data")
st.caption("Every fact in the atlas cites one of these sources. The search filter narrows the sources list.")
params = sidebar_filters()

# Only the open tab runs (the URL says which: `?tab=Conflicts`): conflicts and findings read every ownership link,
# seconds at a million outlets.
sources, layers, conflicts, attributes, quality, everything = st.tabs(
    [
        "Sources",
        "Rows per layer",
        "Conflicting ownership claims",
        "Conflicting attributes",
        "Data-quality findings",
        "Whole dataset",
    ],
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
with everything:
    if everything.open:
        st.caption(
            "Every table of the atlas, each row with its layer and its source's publisher and link: Parquet or CSV "
            "(one file per table, zipped), Excel (one sheet per table; text a spreadsheet would run as a formula "
            "starts with '), or the ownership as BODS 0.4 statements. Not filtered."
        )
        db = Path(database_file())
        formats = [
            ("Parquet (zip)", "parquet", "atlas-parquet.zip", "application/zip"),
            ("CSV (zip)", "csv", "atlas-csv.zip", "application/zip"),
            ("Excel", "xlsx", "atlas.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            ("BODS 0.4 (JSON)", "bods", "atlas.bods.json", "application/json"),
        ]
        refusal = excel_refusal(db)
        for column, (label, fmt, file_name, mime) in zip(st.columns(len(formats)), formats, strict=True):
            if fmt == "xlsx" and refusal:
                column.info(refusal + " Download Parquet or CSV instead.")
                continue
            column.download_button(
                label,
                data=lambda fmt=fmt: dataset_bytes(db, fmt),
                file_name=file_name,
                mime=mime,
                on_click="ignore",
                key=f"dataset-{fmt}",
                icon=":material/download:",
                width="stretch",
            )
