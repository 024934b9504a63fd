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

# One table per tab: (tab, view, query, columns, noun, one, what it says when empty, a caption or None).
TABLES = [
    ("Sources", "sources", "sources",
     {"title": "title", "publisher": "publisher", "url": st.column_config.LinkColumn("link"),
      "published_on": "published", "facts": "facts citing it", "layer": "layer"},
     "sources", "source", "No source title or publisher matches the search.", None),
    ("Conflicting ownership claims", "conflicts", "conflicts",
     {"owned_name": "owned entity", "owned_type": "type", "country": "country", "owners": "owners named",
      "sources": "sources", "claims": "claims"},
     "conflicts", "conflict", "No entity has owners that disagree between sources on this date.", None),
    ("Conflicting attributes", "attribute-conflicts", "attribute_conflicts",
     {"entity_name": "entity", "attribute": "attribute", "shown_value": "shown", "stated_values": "stated"},
     "conflicting attributes", "conflicting attribute",
     "No layers disagree on an attribute of an entity that matches the search.",
     "An outlet's or organisation's founding date, website, country, … as several layers state it: the atlas shows "
     "the curated layer's value, else the first other layer's by name, and lists the others here."),
    ("Data-quality findings", "data-quality", "data_quality",
     {"check": "check", "entity_name": "entity", "detail": "detail", "source_url": None},
     "findings", "finding", "No data-quality finding on this date.", None),
]  # fmt: skip

# Only the open tab runs (the URL says which: `?tab=Conflicts`): conflicts and findings read every ownership link,
# seconds at a million outlets.
tabs = st.tabs(
    [TABLES[0][0], "Rows per layer", *(table[0] for table in TABLES[1:]), "Whole dataset"],
    key="tab",
    bind="query-params",
)
layers, everything = tabs[1], tabs[-1]
for tab, (_, view, name, columns, noun, one, empty, caption) in zip([tabs[0], *tabs[2:-1]], TABLES, strict=True):
    with tab:
        if tab.open:
            if caption:
                st.caption(caption)
            data_table(view, name, params, columns=columns, noun=noun, one=one, empty=empty)
with layers:
    if layers.open:
        per_layer = query("layer_counts").pivot_table(index="table_name", columns="layer", values="rows", fill_value=0)
        st.dataframe(per_layer, width="stretch")
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
