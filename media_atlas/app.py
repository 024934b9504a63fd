"""What every Streamlit page shares: the database (built on first use when stale) and cached query results."""

import datetime as dt

import pandas as pd
import streamlit as st

from media_atlas import DATA_DIR
from media_atlas.build import build, default_db_path, is_stale
from media_atlas.database import Atlas

RESULT_CACHE_SECONDS = 600
PAGE_SIZE = 50


@st.cache_resource(show_spinner="Opening the atlas…")
def atlas() -> Atlas:
    """The one read-only connection of this process; builds the database first if data/ is newer."""
    db_path = default_db_path()
    if is_stale(DATA_DIR, db_path):
        build(DATA_DIR, db_path)
    return Atlas(db_path)


@st.cache_data(ttl=RESULT_CACHE_SECONDS, max_entries=256, show_spinner=False)
def query(name: str, **params) -> pd.DataFrame:
    return atlas().query(name, **params)


@st.cache_data(ttl=RESULT_CACHE_SECONDS, max_entries=256, show_spinner=False)
def count(name: str, **params) -> int:
    return atlas().count(name, **params)


@st.cache_data(ttl=RESULT_CACHE_SECONDS, max_entries=256, show_spinner=False)
def page(name: str, limit: int, offset: int, **params) -> pd.DataFrame:
    return atlas().page(name, limit=limit, offset=offset, **params)


@st.cache_data(ttl=RESULT_CACHE_SECONDS, max_entries=256, show_spinner=False)
def facet(name: str, columns: tuple[str, ...], **params) -> pd.DataFrame:
    return atlas().facet(name, list(columns), **params)


def csv_bytes(name: str, **params) -> bytes:
    """Not cached: a download is made once, when asked for, by DuckDB's COPY."""
    return atlas().csv_bytes(name, **params)


def today() -> str:
    return dt.date.today().isoformat()
