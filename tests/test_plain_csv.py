"""The validator's fast path (DuckDB's reader, for plain CSV) must stage exactly what Python's csv module stages.

Every file the fast path accepts is also staged row by row, and the two staged tables and problem lists must be
equal; anything the fast path is unsure of it refuses, and the csv module stages and reports it.
"""

import duckdb
from hypothesis import given, settings
from hypothesis import strategies as st

from media_atlas.build.schema import schema_sql, tables
from media_atlas.build.staging import StagedTable, stage_plain_file, stage_with_csv_module

HEADER = "person_id,name,country,source_id"
PIECES = ["a", "é", "\u0131", " ", ",", '"', '""', "\t", "'", "\\", "NA", "null", "\r", "\n"]


def staged_rows(con, raw: bytes, tmp_path, fast: bool):
    staged = StagedTable(tables()["people"])
    staged.create_raw(con)
    path = tmp_path / "curated" / "people.csv"  # the layer is the folder's name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(raw)
    if fast:
        if not stage_plain_file(con, path, "people.csv", staged, raw):
            return None
        problems = []
    else:
        problems = stage_with_csv_module(con, raw, path, "people.csv", staged)
    return problems, con.execute("select * from raw_people order by _line").fetchall()


field = st.builds(
    lambda body, quoted, before, after: before + ('"' + body.replace('"', '""') + '"' if quoted else body) + after,
    st.lists(st.sampled_from(PIECES), max_size=4).map("".join),
    st.booleans(),
    st.sampled_from(["", "", "", " ", '"', "a"]),
    st.sampled_from(["", "", "", " ", '"', "a"]),
)
row = st.lists(field, min_size=3, max_size=5).map(",".join)


@settings(max_examples=300, deadline=None)
@given(rows=st.lists(row, min_size=1, max_size=3), final_newline=st.booleans())
def test_fast_path_stages_exactly_what_the_csv_module_stages(rows, final_newline, tmp_path_factory):
    raw = (HEADER + "\n" + "\n".join(rows) + ("\n" if final_newline else "")).encode("utf-8")
    tmp_path = tmp_path_factory.mktemp("plain")
    with duckdb.connect() as con:
        con.execute(schema_sql())
        fast = staged_rows(con, raw, tmp_path, fast=True)
        if fast is not None:
            assert fast == staged_rows(con, raw, tmp_path, fast=False)


def test_plain_file_takes_the_fast_path_with_line_numbers_from_positions(tmp_path):
    raw = f'{HEADER}\np1,"Ayşe, Öztürk",TR,s1\np2,NA,,s1\n'.encode()
    with duckdb.connect() as con:
        con.execute(schema_sql())
        assert staged_rows(con, raw, tmp_path, fast=True) == (
            [],
            [
                ("people.csv", "curated", 2, "p1", "Ayşe, Öztürk", "TR", "s1"),
                ("people.csv", "curated", 3, "p2", "NA", None, "s1"),
            ],
        )


def test_files_the_fast_path_cannot_vouch_for_are_refused(tmp_path):
    refused = [
        f"{HEADER}\r\np1,a,,s1\r\n",  # CR LF line ends
        f"{HEADER}\np1,a,,s1\n\np2,b,,s1\n",  # a blank line
        f'{HEADER}\np1,"a\nb",,s1\n',  # a line break inside a quoted value
        f'{HEADER}\np1, "a",,s1\n',  # a quote after a space: literal to the csv module
        f"{HEADER}\np1,a,,s1,\n",  # a trailing comma: one value too many
        "person_id,name,source_id,country\np1,a,s1,\n",  # columns in another order
    ]
    with duckdb.connect() as con:
        con.execute(schema_sql())
        for text in refused:
            assert staged_rows(con, text.encode(), tmp_path, fast=True) is None, text
        assert staged_rows(con, b"person_id,name,country,source_id\np1,\xde,,s1\n", tmp_path, fast=True) is None


def test_a_path_duckdb_would_read_as_a_pattern_is_refused(tmp_path):
    raw = f"{HEADER}\np1,a,,s1\n".encode()
    with duckdb.connect() as con:
        con.execute(schema_sql())
        assert staged_rows(con, raw, tmp_path / "data[1]", fast=True) is None
        assert staged_rows(con, raw, tmp_path / "data", fast=True) is not None


def test_a_large_file_s_rows_keep_their_lines_after_other_files(tmp_path):
    # Enough rows for DuckDB to read the file in parallel batches, appended after a file the csv module staged with
    # gaps in its lines: every row must keep its own line, which the problems name.
    rows = 500_000  # 11 MB: more than one of the 8 MB pieces DuckDB reads a file in
    irregular = f'{HEADER}\r\np0,"two\nlines",,s1\r\n\r\np00,a,,s1\r\n'.encode()
    plain = (HEADER + "\n" + "".join(f"p{i},name {i},,s1\n" for i in range(1, rows + 1))).encode()
    with duckdb.connect() as con:
        con.execute(schema_sql())
        staged = StagedTable(tables()["people"])
        staged.create_raw(con)
        layer = tmp_path / "curated"
        layer.mkdir()
        (layer / "irregular.csv").write_bytes(irregular)
        (layer / "people.csv").write_bytes(plain)
        assert stage_with_csv_module(con, irregular, layer / "irregular.csv", "irregular.csv", staged) == []
        assert stage_plain_file(con, layer / "people.csv", "people.csv", staged, plain)
        lines = con.execute("select _file, _line, person_id from raw_people order by _file, _line").fetchall()
    assert lines[:2] == [("irregular.csv", 2, "p0"), ("irregular.csv", 5, "p00")]
    assert lines[2:] == [("people.csv", i + 1, f"p{i}") for i in range(1, rows + 1)]
