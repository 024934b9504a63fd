"""One fold for every comparison of names: search text at build, the search box, owner reconciliation, the group
finder, and the file names of downloads. anyascii transliterates every script to ASCII (Doğan, Azərbaycan, Xəzər,
İstanbul, Łódź, Straße), so a name typed without its accents or on a Latin keyboard finds the same rows."""

import re

import duckdb
import pyarrow as pa
from anyascii import anyascii

UNSAFE_IN_FILE_NAME = re.compile(r"[^A-Za-z0-9_.+-]+")


def ascii_text(text: str) -> str:
    """text in ASCII letters: 'Xəzər TV' -> 'Xezer TV', 'İhlas' -> 'Ihlas'."""
    return text if text.isascii() else anyascii(text)


def fold(text: str) -> str:
    """What two spellings of a name share: ASCII in lower case, 'DOĞAN' -> 'dogan', 'Azərbaycan' -> 'azerbaycan'."""
    return ascii_text(text).lower()


def slug(text: str) -> str:
    """text as a safe file name part: 'q-Doğan Holding' -> 'q-Dogan-Holding'."""
    return UNSAFE_IN_FILE_NAME.sub("-", ascii_text(text))


def _fold_column(texts: pa.Array) -> pa.Array:
    return pa.array([None if text is None else fold(text) for text in texts.to_pylist()], pa.string())


def register_fold(connection: duckdb.DuckDBPyConnection) -> None:
    """Make fold(varchar) callable from SQL on this connection, for the search text and the search box. Connections
    to one database file in one process share their functions: the first registers it for all."""
    try:
        connection.create_function(
            "fold",
            _fold_column,
            [duckdb.sqltype("VARCHAR")],
            duckdb.sqltype("VARCHAR"),
            type="arrow",
            side_effects=False,
        )
    except duckdb.CatalogException as error:
        if "already exists" not in str(error):
            raise
