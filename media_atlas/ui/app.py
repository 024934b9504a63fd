"""What every Streamlit page shares: the database (built on first use when stale) and cached query results."""

import datetime as dt
import os
import re
from pathlib import Path

import pandas as pd
import streamlit as st

from media_atlas import DATA_DIR
from media_atlas.atlas import Atlas
from media_atlas.build.load import build, default_db_path, is_stale

RESULT_CACHE_SECONDS = 600
# Rows are fetched in blocks of this many and cut here: a chart's first 120 links, the table's first page of 50 and
# the pages after it share one run of the query, and a result shorter than a block needs no count of its own.
PAGE_BLOCK = 600


def database_file() -> str:
    """$MEDIA_ATLAS_DB or data/atlas.duckdb; part of every cache key, so two databases never share results."""
    return str(default_db_path())


def data_folder() -> Path:
    """Where the database is built from: $MEDIA_ATLAS_DATA (e.g. a test fixture folder) or data/."""
    return Path(os.environ.get("MEDIA_ATLAS_DATA") or DATA_DIR)


@st.cache_resource(show_spinner="Opening the atlas…")
def _open(db_file: str, data_dir: Path) -> Atlas:
    """One read-only connection per database file; builds the database first if its data folder is newer."""
    if is_stale(data_dir, Path(db_file)):
        build(data_dir, Path(db_file))
    return Atlas(Path(db_file))


def atlas() -> Atlas:
    return _open(database_file(), data_folder())


@st.cache_data(ttl=RESULT_CACHE_SECONDS, max_entries=256, show_spinner=False)
def _query(db_file: str, name: str, **params) -> pd.DataFrame:
    return atlas().query(name, **params)


@st.cache_data(ttl=RESULT_CACHE_SECONDS, max_entries=256, show_spinner=False)
def _count(db_file: str, name: str, **params) -> int:
    return atlas().count(name, **params)


@st.cache_data(ttl=RESULT_CACHE_SECONDS, max_entries=256, show_spinner=False)
def _page(db_file: str, name: str, limit: int, offset: int, **params) -> pd.DataFrame:
    return atlas().page(name, limit=limit, offset=offset, **params)


@st.cache_data(ttl=RESULT_CACHE_SECONDS, max_entries=256, show_spinner=False)
def _facet(db_file: str, name: str, columns: tuple[str, ...], **params) -> pd.DataFrame:
    return atlas().facet(name, list(columns), **params)


def query(name: str, **params) -> pd.DataFrame:
    """Every row of the named query (cached)."""
    return _query(database_file(), name, **params)


def count(name: str, **params) -> int:
    """How many rows the named query returns (cached)."""
    first_block = _page(database_file(), name, PAGE_BLOCK, 0, **params)
    if len(first_block) < PAGE_BLOCK:
        return len(first_block)
    return _count(database_file(), name, **params)


def page(name: str, limit: int, offset: int, **params) -> pd.DataFrame:
    """One page of the named query's rows (cached by block)."""
    first, last = offset // PAGE_BLOCK, (offset + limit - 1) // PAGE_BLOCK
    blocks = [
        _page(database_file(), name, PAGE_BLOCK, block * PAGE_BLOCK, **params) for block in range(first, last + 1)
    ]
    rows = pd.concat(blocks, ignore_index=True) if len(blocks) > 1 else blocks[0]
    start = offset - first * PAGE_BLOCK
    return rows.iloc[start : start + limit].reset_index(drop=True)


def facet(name: str, columns: tuple[str, ...], **params) -> pd.DataFrame:
    """Row counts per value of columns over the named query (cached)."""
    return _facet(database_file(), name, columns, **params)


def csv_bytes(name: str, **params) -> bytes:
    """Not cached: a download is made once, when asked for, by DuckDB's COPY."""
    return atlas().csv_bytes(name, **params)


def escape_markdown(text: str) -> str:
    """Text from the data, safe inside st.markdown/st.subheader: shown as written, never as markup or a link.

    Streamlit links a bare `https://…`, `www.…` or `name@host` even when its characters are escaped, so an
    invisible word joiner (U+2060) goes where it breaks that pattern."""
    unlinked = AUTOLINK_START.sub(WORD_JOINER, str(text))
    return "".join(f"\\{char}" if char in r"\`*_{}[]()<>#+-.!|~$:" else char for char in unlinked)


WORD_JOINER = "\u2060"
AUTOLINK_START = re.compile(r"(?<=:)(?=//)|(?<=www)(?=\.)|(?<=@)", re.IGNORECASE)


def today() -> str:
    return dt.date.today().isoformat()
