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
from media_atlas.atlas import Atlas, formula_guard, guarded_columns
from media_atlas.filters import describe, no_filters
from media_atlas.ui.tables import csv_file_name
from tests.conftest import TODAY_PARAMS
from tests.page_runs import run_page
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
    cells = ["=A1", "+A1", "-A1", "@A1", "\tA1", "\rA1", "-0.53", "+90", "1e5", "-2E-3", "A1", "", None, "=", "-",
             "İ=A1", "'=A1", " =A1", "<A1"]  # fmt: skip
    with duckdb.connect() as con:
        guarded = con.execute(f"select {formula_guard('cell')} from unnest($cells) as t(cell)", {"cells": cells})
        assert [row[0] for row in guarded.fetchall()] == [
            "'=A1", "'+A1", "'-A1", "'@A1", "'\tA1", "'\rA1", "-0.53", "+90", "1e5", "-2E-3", "A1", "", None,
            "'=", "'-", "İ=A1", "'=A1", " =A1", "<A1"
        ]  # fmt: skip


def test_the_guard_keeps_the_rows_of_a_sorted_view_in_order(tmp_path):
    """DuckDB writes a COPY on every thread and keeps the order of a sorted view only while each step above the sort
    keeps it: the guard must add no step that does not (a join: DuckDB plans `in` a list of character codes as one,
    which let rows of this table out of place)."""
    path = tmp_path / "sorted.csv"
    starts = ["=", "-", "+", "@", "", "1", "A", "ä"]
    with duckdb.connect() as con:
        con.execute("set threads = 4")
        con.execute(
            "create table cells as select $starts[1 + i % 8] || md5(i::varchar) as text, i as number "
            "from range(300000) as t(i)",
            {"starts": starts},
        )
        shape = con.execute("select column_name, column_type from (describe cells)").fetchall()
        expected = [number for _, number in sorted(con.execute("select text, number from cells").fetchall())]
        view = "select * from cells order by text"
        con.execute(f"copy (select {guarded_columns(shape)} from ({view})) to '{path}' (header)")
    with path.open(newline="", encoding="utf-8") as handle:
        written = list(csv.DictReader(handle))
    assert [int(row["number"]) for row in written] == expected
    assert {row["text"][:2] for row in written if row["text"].startswith("'")} == {"'=", "'-", "'+", "'@"}


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


def test_a_page_run_writes_no_csv_until_the_download_is_asked_for(small_world, monkeypatch):
    """The CSV of all outlets is 222 MB at a million: the table gives the download button a function, which Streamlit
    runs when the button is clicked, so a run of the page (each filter or page change) writes none. (The browser test
    clicks it and reads the file.)"""
    made = []
    export_csv = Atlas.export_csv
    monkeypatch.setattr(
        Atlas, "export_csv", lambda self, *args, **kwargs: made.append(args[0]) or export_csv(self, *args, **kwargs)
    )
    app = run_page("pages/1_Outlets.py")
    button = next(button for button in app.get("download_button") if button.proto.label.endswith("as CSV"))
    assert button.proto.label == "Download all 12 outlets as CSV"
    assert made == []
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
