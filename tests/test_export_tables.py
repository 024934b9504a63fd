"""`media-atlas export parquet|csv|xlsx`: every table, with its layer and sources, one file or sheet per table."""

import csv
import shutil

import duckdb
import openpyxl
import pyarrow.parquet as pq
import pytest

from media_atlas.build.load import build, table_names
from media_atlas.cli import main
from media_atlas.exchange import tables as exchange_tables
from tests.conftest import SMALL_DATA


@pytest.fixture(scope="module")
def risky_db(tmp_path_factory):
    """The small world plus an outlet whose name a spreadsheet would run, and an owner with a 62.5% share."""
    data = tmp_path_factory.mktemp("risky") / "data"
    shutil.copytree(SMALL_DATA, data)
    with (data / "curated" / "outlets.csv").open("a", encoding="utf-8") as f:
        f.write('risky,"=HYPERLINK(""http://x"")",@SUM(A1),online,,TR,,,,,trend-2020-12-21-joint-media-platform\n')
    with (data / "curated" / "ownership.csv").open("a", encoding="utf-8") as f:
        f.write("albayrak-media-group,risky,shareholding,62.5,62.5,2019,,trend-2020-12-21-joint-media-platform\n")
    db = data / "atlas.duckdb"
    build(data, db)
    return db


def counts(db) -> dict[str, int]:
    with duckdb.connect(str(db), read_only=True) as con:
        return {name: con.execute(f"select count(*) from {name}").fetchall()[0][0] for name in table_names()}


def test_parquet_writes_every_table_with_layer_and_source_columns(risky_db, tmp_path, capsys):
    out = tmp_path / "parquet"
    assert main(["export", "parquet", str(out), "--db", str(risky_db)]) == 0
    assert sorted(p.stem for p in out.iterdir()) == sorted(table_names())
    for name, rows in counts(risky_db).items():
        assert pq.read_metadata(out / f"{name}.parquet").num_rows == rows, name
    ownership = pq.read_table(out / "ownership.parquet").to_pylist()
    risky = next(r for r in ownership if r["owned_id"] == "risky")
    assert risky["layer"] == "curated"
    assert risky["share_min"] == 62.5
    assert risky["source_publisher"] == "Trend News Agency"
    assert risky["source_url"] == "https://en.trend.az/azerbaijan/society/3353246.html"
    assert capsys.readouterr().out.splitlines()[-1].startswith(f"exported parquet to {out} in ")


def test_csv_writes_one_file_per_table_and_makes_formulas_text(risky_db, tmp_path):
    out = tmp_path / "csv"
    assert main(["export", "csv", str(out), "--db", str(risky_db)]) == 0
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{name}.csv" for name in table_names())
    with (out / "outlets.csv").open(encoding="utf-8") as f:
        risky = next(row for row in csv.DictReader(f) if row["outlet_id"] == "risky")
    assert (risky["name"], risky["local_name"], risky["layer"]) == ('\'=HYPERLINK("http://x")', "'@SUM(A1)", "curated")
    with (out / "ownership.csv").open(encoding="utf-8") as f:
        share = next(row for row in csv.DictReader(f) if row["owned_id"] == "risky")["share_min"]
    assert share == "62.5"


def test_excel_has_one_sheet_per_table_text_made_safe_and_numbers_kept(risky_db, tmp_path):
    out = tmp_path / "atlas.xlsx"
    assert main(["export", "xlsx", str(out), "--db", str(risky_db)]) == 0
    book = openpyxl.load_workbook(out, read_only=True)
    assert book.sheetnames == [name for name in table_names()]
    for name, rows in counts(risky_db).items():
        assert sum(1 for _ in book[name].iter_rows()) == rows + 1, name
    outlets = list(book["outlets"].iter_rows(values_only=True))
    header = outlets[0]
    risky = dict(zip(header, next(r for r in outlets if r[0] == "risky"), strict=True))
    assert risky["name"] == '\'=HYPERLINK("http://x")'
    assert risky["local_name"] == "'@SUM(A1)"
    ownership = list(book["ownership"].iter_rows(values_only=True))
    row = dict(zip(ownership[0], next(r for r in ownership if r[1] == "risky"), strict=True))
    assert row["share_min"] == 62.5 and isinstance(row["share_min"], float)
    assert row["start_date"] == "2019"


def test_excel_refuses_a_table_past_the_sheet_limit_and_writes_nothing(risky_db, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(exchange_tables, "EXCEL_MAX_ROWS", 20)
    out = tmp_path / "atlas.xlsx"
    assert main(["export", "xlsx", str(out), "--db", str(risky_db)]) == 1
    error = capsys.readouterr().err
    assert "Excel holds at most 19 rows a sheet; too many in" in error
    assert "entities (" in error and "parquet or csv" in error
    assert list(tmp_path.iterdir()) == []


def test_formula_safe_text_leaves_numbers_and_plain_text_alone():
    cells = ["=1+2", "+1", "-x", "@a", "\tx", "\rx", "plain", 3.5, -2, None]
    assert [exchange_tables.safe_text(c) for c in cells] == [
        "'=1+2",
        "'+1",
        "'-x",
        "'@a",
        "'\tx",
        "'\rx",
        "plain",
        3.5,
        -2,
        None,
    ]
