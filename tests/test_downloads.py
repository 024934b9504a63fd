"""Downloads: the CSV holds exactly the filtered rows, is safe in a spreadsheet and is named for its filters."""

import csv
import io
import re
import tomllib

import duckdb
import pandas as pd
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from media_atlas import PROJECT_ROOT
from media_atlas.atlas import Atlas, formula_guard
from media_atlas.filters import describe, no_filters
from media_atlas.ui.tables import csv_file_name
from tests.conftest import TODAY_PARAMS
from tests.small_worlds import built_atlas, outlet

AS_OF = "2026-11-27"


# Names a spreadsheet would run as formulas, each beside what the CSV must hold, and names it would not. (A tab or a
# carriage return, which the export also guards, cannot reach the data: the validator refuses control characters.)
FORMULA_NAMES = {
    '=HYPERLINK("http://x")': '\'=HYPERLINK("http://x")',
    "+90 TV": "'+90 TV",
    "-minus": "'-minus",
    "@mention": "'@mention",
    "=1+2": "'=1+2",
    "Plain TV": "Plain TV",
    "TV = 1": "TV = 1",
    "-0.53": "-0.53",
    "+90": "+90",
}


@pytest.mark.parametrize(
    ("filters", "slug"),
    [
        ({}, "as-of-2026-11-27"),
        ({"countries": ["AZ", "TR"]}, "country-AZ+TR_as-of-2026-11-27"),
        ({"groups": ["wd:Q1"], "q": "Doğan"}, "group-wd-Q1_q-Dogan_as-of-2026-11-27"),
        ({"founded_from": 1950, "founded_to": None}, "founded-1950-_as-of-2026-11-27"),
    ],
)
def test_file_names_describe_the_filters(filters, slug):
    assert describe(no_filters(AS_OF) | filters) == slug


def test_the_csv_holds_exactly_the_filtered_rows_with_their_sources(small_db):
    params = no_filters(AS_OF) | {"countries": ["TR"], "media_types": ["newspaper"]}
    rows = list(csv.DictReader(io.StringIO(Atlas(small_db).csv_bytes("outlets", **params).decode("utf-8"))))
    assert [row["name"] for row in rows] == ["Hürriyet", "Milliyet", "Yeni Şafak"]
    assert [row["source_publisher"] for row in rows] == [
        "Proto Thema",
        "State Media Monitor (Media and Journalism Research Center)",
        "Trend News Agency",
    ]
    assert csv_file_name("outlets", params) == "outlets_country-TR_type-newspaper_as-of-2026-11-27.csv"


def test_the_csv_lists_the_rows_in_the_order_the_table_shows_them(atlas):
    """Unsorted on any date (its rows come from the stored table in the order the outlets query lists them), sorted
    when the table is sorted by a column: the same rows in the same order as the table."""
    for as_of in (TODAY_PARAMS["as_of"], "2005-06-01", "1990-01-01"):
        params = no_filters(as_of)
        assert atlas.read_as_stored("outlets")
        listed = atlas.query("outlets", **params)
        assert len(listed) > 100
        for sort, descending, expected in (
            (None, False, listed),
            ("name", True, atlas.page("outlets", limit=len(listed), sort="name", descending=True, **params)),
            ("founded", False, atlas.page("outlets", limit=len(listed), sort="founded", **params)),
        ):
            written = pd.read_csv(
                io.BytesIO(atlas.csv_bytes("outlets", sort=sort, descending=descending, **params)), dtype=str
            )
            assert list(written.outlet_id) == list(expected.outlet_id), (as_of, sort)


def test_csv_export_neutralises_formulas(tmp_path):
    """A text cell that starts with =, +, -, @, a tab or a carriage return gets a leading quote, so a spreadsheet
    shows it as text, unless it is just a number; every other cell is written as it is."""
    data = tmp_path / "data"
    outlets = [outlet(f"formula-{number}") | {"name": name} for number, name in enumerate(FORMULA_NAMES)]
    path = tmp_path / "out.csv"
    rows = built_atlas(data, {"outlets": outlets}).export_csv("outlets", path, **TODAY_PARAMS)
    with path.open(newline="", encoding="utf-8") as handle:
        written = {row["outlet_id"]: row["name"] for row in csv.DictReader(handle)}
    assert rows == len(FORMULA_NAMES)
    assert [written[f"formula-{number}"] for number in range(len(FORMULA_NAMES))] == list(FORMULA_NAMES.values())


def test_the_guard_quotes_the_five_formula_starts_and_no_number():
    cells = ["=A1", "+A1", "-A1", "@A1", "\tA1", "\rA1", "-0.53", "+90", "1e5", "-2E-3", "A1", "", None]
    with duckdb.connect() as con:
        guarded = con.execute(f"select {formula_guard('cell')} from unnest($cells) as t(cell)", {"cells": cells})
        assert [row[0] for row in guarded.fetchall()] == [
            "'=A1", "'+A1", "'-A1", "'@A1", "'\tA1", "'\rA1", "-0.53", "+90", "1e5", "-2E-3", "A1", "", None
        ]  # fmt: skip


def test_negative_numbers_round_trip_as_numbers(atlas):
    """The concentration change's negative changes come back from the CSV as the same numbers, not as text."""
    params = {"countries": [], "media_types": [], "as_of": "2026-11-27", "compare_as_of": "2012-01-01"}
    expected = atlas.query("concentration_change", **params)
    written = pd.read_csv(io.BytesIO(atlas.csv_bytes("concentration_change", **params)), keep_default_na=False)
    numbers = expected.select_dtypes("number").columns
    assert (expected[numbers] < 0).sum().sum() > 10
    assert list(written.columns) == list(expected.columns)
    for column in numbers:
        assert pd.to_numeric(written[column]).tolist() == pytest.approx(
            expected[column].astype(float).tolist(), nan_ok=True
        )
    assert not any(str(cell).startswith("'") for cell in written.to_numpy().ravel())


def test_the_tables_own_csv_download_is_hidden():
    """st.dataframe's toolbar download writes cells unguarded: the client config hides it (and the copy of cells)."""
    config = tomllib.loads((PROJECT_ROOT / ".streamlit" / "config.toml").read_text())
    assert config["client"]["disableDataExport"] is True


FORMULA_CHARACTERS = "=+-@\t\r"
JUST_A_NUMBER = re.compile(r"[+-]?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?")
ANY_TEXT = st.text(alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"))


@settings(max_examples=200, deadline=None)
@given(
    texts=st.lists(
        st.text(alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00")), min_size=1
    ),
    numbers=st.lists(st.floats(allow_nan=False, allow_infinity=False), min_size=1),
)
@example(texts=["=1+2", "-0.53", "+90", "@x", "\tx", "\rx", "-x", ""], numbers=[-0.53, -1e-300, 0.0])
def test_csv_round_trip_of_any_text_and_number(tmp_path_factory, texts, numbers):
    """Through DuckDB's COPY with the guard, as export_csv writes: a text cell comes back as written, with one quote
    before it exactly when a spreadsheet would run it; a number comes back as the same number, never quoted."""
    path = tmp_path_factory.mktemp("round-trip") / "cells.csv"
    with duckdb.connect() as con:
        con.execute("create table cells (text varchar, number double)")
        size = max(len(texts), len(numbers))
        rows = [(texts[i % len(texts)], numbers[i % len(numbers)]) for i in range(size)]
        con.executemany("insert into cells values (?, ?)", rows)
        con.execute(f"copy (select {formula_guard('text')} as text, number from cells) to '{path}' (header)")
    with path.open(newline="", encoding="utf-8") as handle:
        written = list(csv.DictReader(handle))
    for (text, number), row in zip(rows, written, strict=True):
        runs = text[:1] in set(FORMULA_CHARACTERS) and not re.fullmatch(
            r"[+-]?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?", text
        )
        assert row["text"] == ("'" + text if runs else text)
        assert float(row["number"]) == number
