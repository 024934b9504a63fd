"""The table every page uses: the total count, one page of rows (never the whole result) and a CSV download of
every matching row, made by DuckDB from the same named query and params as the table on screen."""

import hashlib
import json
import math

import pandas as pd
import streamlit as st

from media_atlas.exchange.tables import EXCEL_MAX_ROWS
from media_atlas.filters import describe
from media_atlas.ui.app import count, csv_bytes, facet, page, xlsx_bytes
from media_atlas.ui.charts import share_label
from media_atlas.ui.links import linked_names, name_link_column
from media_atlas.vocabulary import media_type_label

PAGE_SIZE = 50
# Every count in a table with thousands separators; a column of whole numbers given only a header is a count.
COUNT_FORMAT = "localized"
# What a table shows for an unknown value: an empty cell (Streamlit would print "None"). Numbers stay numbers, so a
# count with gaps keeps its column's format (thousands separators) and sorts as a number.
UNKNOWN = ""
SOURCE_COLUMNS = {
    "source_publisher": st.column_config.TextColumn("source"),
    "source_url": st.column_config.LinkColumn("source link", display_text="open"),
}
# Add to a table's columns to show where each row comes from: `columns={...} | SOURCES`.
SOURCES = dict.fromkeys(SOURCE_COLUMNS)
# An outlets table's columns: its controlling group (where the table is not of one group's), type, country, founding.
# Widths are set, not measured from the first rows: a page that begins with outlets without a founding date or with
# short names would cut the dates and names of the rows below.
OUTLET_COLUMNS = {
    "name": st.column_config.Column("name", width=230),
    "group_name": st.column_config.Column("controlling group", width=210),
    "media_type": st.column_config.Column("type", width=100),
    "country_name": "country",
    "founded": st.column_config.Column("founded", width=95),
} | SOURCES
# The column of a row whose effective share comes from a path cut at the depth cap (model/rules.sql § claims): a
# table that shows it says how many of its rows are cut, above the table.
CUT = {"cut": st.column_config.CheckboxColumn("cut at depth cap")}
CUT_WARNING = (
    "{cut:,} of these {noun} marked “cut at depth cap”: a path of ownership through them reached the depth cap and "
    "was not followed further, so the chain goes on beyond it and what lies beyond is not counted in their "
    "effective shares. See Methodology."
)
# Columns a table may show that it makes from a query's two ends of a range: a share as the atlas knows it.
SHARE_COLUMNS = {"share": ("share_min", "share_max"), "effective_share": ("effective_min", "effective_max")}


def csv_file_name(view: str, params: dict) -> str:
    """Named after the view and its filters, e.g. `outlets_country-TR_as-of-2026-11-27.csv`."""
    filters = describe(params)
    return f"{view}_{filters}.csv" if filters else f"{view}.csv"


def data_table(
    view: str,
    query_name: str,
    params: dict,
    *,
    columns: dict[str, str | dict | None],
    noun: str,
    empty: str,
    one: str | None = None,
    every_row: pd.DataFrame | None = None,
    total: int | None = None,
    cut: int | None = None,
) -> int:
    """Show the named query's matching rows a page at a time, with their count and a CSV of all of them.

    columns maps each shown column to its header (or a column config); source columns get links. noun names the
    rows ("outlets"); one names a single row ("outlet") when that differs. every_row is the query's whole result when
    the page has it already (a few hundred markets, say): the table then counts and pages it instead of running a
    slow query twice more. total is the query's row count when the page has it already (a facet of the same query
    and params, summed), so the table does not count the rows again; cut, likewise, how many of them are cut at the
    depth cap (see cut_rows), where the columns show the cut.
    Returns the total count, so a page can say more about it.
    """
    if total is None:
        total = count(query_name, **params) if every_row is None else len(every_row)
    if total == 0:
        st.info(empty)
        return 0
    pages = math.ceil(total / PAGE_SIZE)
    rows_named = one if total == 1 and one else noun
    header, sorter, pager = st.columns([3, 2, 3], vertical_alignment="center")
    # The keyed container gives the count a stable CSS class (st-key-<view>-count) for the browser tests.
    header.container(key=f"{view}-count").markdown(
        f"**{total:,}** {rows_named}" + (f" · page size {PAGE_SIZE}" if pages > 1 else "")
    )
    if "cut" in columns and not warn_of_cut_paths(query_name, params, every_row, noun, cut):
        columns = {column: shown for column, shown in columns.items() if column != "cut"}  # no row is cut: no column
    # One page sorts in the browser (a click on a header); more are sorted by the query, over every row.
    sort, descending = _sort_order(view, columns, sorter) if pages > 1 else (None, False)
    page_number = 1
    if pages > 1:
        with pager:
            # The key carries the params and the sort: either changed starts again at page 1.
            key = f"{view}-page-{_fingerprint(params | {'sort': [sort, descending]})}"
            page_number = st.pagination(pages, key=key, width="stretch")
    offset = (page_number - 1) * PAGE_SIZE
    if every_row is None:
        rows = page(query_name, PAGE_SIZE, offset, sort=sort, descending=descending, **params)
    else:
        if sort:
            every_row = every_row.sort_values(sort, ascending=not descending, na_position="last", kind="stable")
        rows = every_row[offset : offset + PAGE_SIZE]
    if "media_type" in rows:
        rows = rows.assign(media_type=rows.media_type.map(media_type_label))
    for column, (low, high) in SHARE_COLUMNS.items():
        if column in columns and low in rows:
            rows = rows.assign(**{column: [share_label(a, b) for a, b in zip(rows[low], rows[high], strict=True)]})
    rows, linked = linked_names(rows, list(columns))
    # A page of rows at full height: the browser page scrolls, not a box inside it.
    st.dataframe(
        rows[list(columns)],
        hide_index=True,
        width="stretch",
        height="content",
        placeholder=UNKNOWN,
        column_config=_column_config(columns, rows)
        | {column: name_link_column(_header(columns, column), _width(columns, column)) for column in linked},
    )
    st.download_button(
        f"Download {'the' if total == 1 else 'all'} {total:,} {rows_named} as CSV",
        data=lambda: csv_bytes(query_name, sort=sort, descending=descending, **params),
        file_name=csv_file_name(view, params),
        mime="text/csv",
        on_click="ignore",
        key=f"{view}-download",
        icon=":material/download:",
    )
    if total < EXCEL_MAX_ROWS:
        st.download_button(
            "Excel",
            data=lambda: xlsx_bytes(query_name, **params),
            file_name=csv_file_name(view, params).removesuffix(".csv") + ".xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            on_click="ignore",
            key=f"{view}-download-xlsx",
            icon=":material/table_view:",
        )
    return total


def warn_of_cut_paths(
    query_name: str, params: dict, every_row: pd.DataFrame | None, noun: str, cut: int | None = None
) -> int:
    """Say how many of the query's rows come through a path cut at the depth cap, when any do (cut, when the page
    has counted them); that count."""
    if cut is None and every_row is None:
        cut = cut_rows(facet(query_name, ("cut",), **params))
    elif cut is None:
        cut = int(every_row.cut.fillna(False).astype(bool).sum())
    if cut:
        st.warning(CUT_WARNING.format(cut=cut, noun=noun), icon=":material/content_cut:")
    return cut


def cut_rows(counts: pd.DataFrame) -> int:
    """How many rows a facet that has the column `cut` counts as cut at the depth cap."""
    return int(counts.loc[counts.cut.fillna(False).astype(bool), "rows"].sum())


def _sort_order(view: str, columns: dict, place) -> tuple[str | None, bool]:
    """The sort picker (in the URL as `<view>-sort`): the query's own order, or any shown column either way, over
    every matching row. Returns the query column to sort by (a share by its upper end) and whether descending."""
    choices: dict[str, tuple[str | None, bool]] = {"Sort: as listed": (None, False)}
    for column in columns:
        if column not in SOURCE_COLUMNS:
            by = SHARE_COLUMNS[column][1] if column in SHARE_COLUMNS else column
            header = _header(columns, column)
            choices |= {f"{header} ↑": (by, False), f"{header} ↓": (by, True)}
    label = place.selectbox(
        "Sort", list(choices), key=f"{view}-sort", bind="query-params", label_visibility="collapsed"
    )
    return choices[label]


def _column_config(columns: dict, rows: pd.DataFrame) -> dict:
    config = {}
    for column, setting in columns.items():
        if setting is None and column in SOURCE_COLUMNS:
            config[column] = SOURCE_COLUMNS[column]
        elif isinstance(setting, str) and is_count(rows[column]):
            config[column] = st.column_config.NumberColumn(setting, format=COUNT_FORMAT)
        elif isinstance(setting, str):
            config[column] = st.column_config.Column(setting)
        elif setting is not None:
            config[column] = setting
    return config


def is_count(values: pd.Series) -> bool:
    return pd.api.types.is_integer_dtype(values) and not pd.api.types.is_bool_dtype(values)


def _header(columns: dict, column: str) -> str:
    setting = columns[column]
    if isinstance(setting, dict) and setting.get("label"):
        return setting["label"]
    return setting if isinstance(setting, str) else column


def _width(columns: dict, column: str) -> int | str | None:
    setting = columns[column]
    return setting.get("width") if isinstance(setting, dict) else None


def _fingerprint(params: dict) -> str:
    return hashlib.sha1(json.dumps(params, sort_keys=True, default=str).encode()).hexdigest()[:10]


def show_empty(frame: pd.DataFrame, message: str) -> bool:
    """Say why there is nothing to draw (instead of an empty chart); True when frame is empty."""
    if frame.empty:
        st.info(message)
    return frame.empty
