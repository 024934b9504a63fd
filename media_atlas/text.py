"""One fold for every comparison of names: search text at build, the search box, owner reconciliation, the group
finder, and the file names of downloads. anyascii transliterates every script to ASCII (Doğan, Azərbaycan, Xəzər,
İstanbul, Łódź, Straße), so a name typed without its accents or on a Latin keyboard finds the same rows."""

import re

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
from anyascii import anyascii

UNSAFE_IN_FILE_NAME = re.compile(r"[^A-Za-z0-9_.+-]+")


class _Transliteration(dict):
    """anyascii's ASCII for each character (it transliterates one character at a time), looked up once: str.translate
    then applies it to a whole text in one call."""

    def __missing__(self, codepoint: int) -> str:
        self[codepoint] = ascii_ = anyascii(chr(codepoint))
        return ascii_


_TO_ASCII = _Transliteration()


def ascii_text(text: str) -> str:
    """text in ASCII letters: 'Xəzər TV' -> 'Xezer TV', 'İhlas' -> 'Ihlas'."""
    return text if text.isascii() else text.translate(_TO_ASCII)


def fold(text: str) -> str:
    """What two spellings of a name share: ASCII in lower case, 'DOĞAN' -> 'dogan', 'Azərbaycan' -> 'azerbaycan'."""
    return ascii_text(text).lower()


def slug(text: str) -> str:
    """text as a safe file name part: 'q-Doğan Holding' -> 'q-Dogan-Holding'."""
    return UNSAFE_IN_FILE_NAME.sub("-", ascii_text(text))


# Up to this many values are folded one by one in Python: Arrow's five compute calls cost more than that, and DuckDB
# folds a search box's one value while it plans every query that searches (and again while it optimizes).
FOLDED_ONE_BY_ONE_AT_MOST = 16


def _fold_column(texts: pa.Array | pa.ChunkedArray) -> pa.Array:
    """fold() of every value: Arrow lowers the ASCII ones, only the others go through Python."""
    if len(texts) <= FOLDED_ONE_BY_ONE_AT_MOST:
        return pa.array([None if text is None else fold(text) for text in texts.to_pylist()], pa.string())
    if isinstance(texts, pa.ChunkedArray):
        texts = texts.combine_chunks()
    not_ascii = pc.invert(pc.fill_null(pc.string_is_ascii(texts), True))
    if pc.any(not_ascii).as_py():
        transliterated = [ascii_text(text) for text in pc.filter(texts, not_ascii).to_pylist()]
        texts = pc.replace_with_mask(texts, not_ascii, pa.array(transliterated, texts.type))
    return pc.ascii_lower(texts)


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
