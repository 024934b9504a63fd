"""What every Streamlit page shares: the database (rebuilt when its data folder is newer, and picked up without a
restart when a build replaces it) and cached query results."""

import datetime as dt
import os
import re
import threading
from pathlib import Path

import pandas as pd
import streamlit as st

from media_atlas.atlas import Atlas
from media_atlas.build.load import build_if_stale, default_data_dir, default_db_path, newest_data_mtime
from media_atlas.build.staging import ValidationError

RESULT_CACHE_SECONDS = 600
# Rows are fetched in blocks of this many and cut here: a chart's first 120 links, the table's first page of 50 and
# the pages after it share one run of the query, and a result shorter than a block needs no count of its own.
PAGE_BLOCK = 600
PROBLEMS_SHOWN = 5


def database_file() -> str:
    """$MEDIA_ATLAS_DB or data/atlas.duckdb, built first (or again, when its data folder is newer). With no database
    to serve and data that does not build, the page says why and stops."""
    database_problems()
    return str(default_db_path())


@st.cache_resource(max_entries=16, show_spinner="Building the atlas from data/: validating and loading every layer…")
def refresh_database(db_file: str, data_dir: str, data_mtime: float) -> list[str]:
    """Build the database when its data is newer, once per state of the data (the time of its newest file) in this
    process. Returns the data's problems when that build failed: the last good database stays in place and serves
    on."""
    return build_if_stale(Path(data_dir), Path(db_file))


def database_problems() -> list[str]:
    """The problems of the data that the last rebuild refused, while an older database serves; [] when none. The
    database is built first if its data is newer (see database_file)."""
    db_path, data_dir = default_db_path(), default_data_dir()
    if not db_path.exists():
        refresh_database.clear()
    try:
        return refresh_database(str(db_path), str(data_dir), newest_data_mtime(data_dir))
    except ValidationError as error:
        st.error(problems_text(error.problems, "so the atlas cannot be built"))
        st.stop()


def problems_text(problems: list, consequence: str) -> str:
    """A banner's text: how many problems the data has, what follows, and the first few, as text."""
    listed = "; ".join(escape_markdown(problem) for problem in problems[:PROBLEMS_SHOWN])
    more = f" (and {len(problems) - PROBLEMS_SHOWN:,} more)" if len(problems) > PROBLEMS_SHOWN else ""
    return f"The data has {len(problems):,} problem(s), {consequence}: {listed}{more}. Run `media-atlas validate`."


def database_version() -> str:
    """The database file as it is now (its path, inode and modification time): part of every cache key, so a
    rebuilt or replaced database is opened afresh and no result of the one it replaced is reused."""
    db_file = database_file()
    stat = os.stat(db_file)
    return f"{db_file}@{stat.st_ino}-{stat.st_mtime_ns}"


@st.cache_resource(max_entries=4, show_spinner="Opening the atlas…")
def _open(version: str) -> Atlas:
    """One read-only connection per version of the database file. DuckDB hands a new connection to a path the
    database it already has open there, which after a rebuild is the replaced file; a link made for this version
    gives it a path of its own, removed once it is open (the connection keeps the file)."""
    db_file, file_version = version.rsplit("@", 1)
    link = Path(f"{db_file}.open-{file_version}-{os.getpid()}-{threading.get_ident()}")
    link.unlink(missing_ok=True)
    os.link(db_file, link)
    try:
        return Atlas(link)
    finally:
        link.unlink()


def atlas() -> Atlas:
    return _open(database_version())


@st.cache_data(ttl=RESULT_CACHE_SECONDS, max_entries=256, show_spinner=False)
def _query(version: str, name: str, **params) -> pd.DataFrame:
    return _open(version).query(name, **params)


@st.cache_data(ttl=RESULT_CACHE_SECONDS, max_entries=256, show_spinner=False)
def _count(version: str, name: str, where: dict | None = None, **params) -> int:
    return _open(version).count(name, where=where, **params)


@st.cache_data(ttl=RESULT_CACHE_SECONDS, max_entries=256, show_spinner=False)
def _page(
    version: str, name: str, limit: int, offset: int, sort: str | None, descending: bool, where: dict | None, **params
) -> pd.DataFrame:
    return _open(version).page(
        name, limit=limit, offset=offset, sort=sort, descending=descending, where=where, **params
    )


@st.cache_data(ttl=RESULT_CACHE_SECONDS, max_entries=256, show_spinner=False)
def _facet(version: str, name: str, columns: tuple[str, ...], where: dict | None = None, **params) -> pd.DataFrame:
    return _open(version).facet(name, list(columns), where=where, **params)


def query(name: str, **params) -> pd.DataFrame:
    """Every row of the named query (cached)."""
    return _query(database_version(), name, **params)


def count(name: str, *, where: dict | None = None, **params) -> int:
    """How many rows the named query returns (cached); given where, how many of them have columns equal to its
    values (Atlas.count)."""
    first_block = _page(database_version(), name, PAGE_BLOCK, 0, None, False, where, **params)
    if len(first_block) < PAGE_BLOCK:
        return len(first_block)
    return _count(database_version(), name, where, **params)


def page(
    name: str,
    limit: int,
    offset: int,
    *,
    sort: str | None = None,
    descending: bool = False,
    where: dict | None = None,
    **params,
) -> pd.DataFrame:
    """One page of the named query's rows (cached by block), in its order or sorted over all rows by the column sort;
    given where, of the rows whose columns equal its values, so the query need not make the others (Atlas.page)."""
    first, last = offset // PAGE_BLOCK, (offset + limit - 1) // PAGE_BLOCK
    blocks = [
        _page(database_version(), name, PAGE_BLOCK, block * PAGE_BLOCK, sort, descending, where, **params)
        for block in range(first, last + 1)
    ]
    rows = pd.concat(blocks, ignore_index=True) if len(blocks) > 1 else blocks[0]
    start = offset - first * PAGE_BLOCK
    return rows.iloc[start : start + limit].reset_index(drop=True)


def facet(name: str, columns: tuple[str, ...], *, where: dict | None = None, **params) -> pd.DataFrame:
    """Row counts per value of columns over the named query (cached); given where, over the rows whose columns equal
    its values (Atlas.facet)."""
    return _facet(database_version(), name, columns, where, **params)


def csv_bytes(name: str, **params) -> bytes:
    """Not cached: a download is made once, when asked for, by DuckDB's COPY."""
    return atlas().csv_bytes(name, **params)


def xlsx_bytes(name: str, **params) -> bytes:
    """Not cached, as csv_bytes: the workbook is made when asked for."""
    return atlas().xlsx_bytes(name, **params)


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
