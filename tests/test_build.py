"""The build on the shipped data: counts, the seed's facts, atomic replacement, staleness."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb

from media_atlas import DATA_DIR, PROJECT_ROOT
from media_atlas.build.load import build, is_stale
from media_atlas.build.validate import validate
from media_atlas.cli import main
from tests.conftest import SMALL_DATA


def test_shipped_data_has_no_problems():
    assert validate(DATA_DIR) == []


def test_every_fact_row_has_a_resolvable_source(shipped_db):
    with duckdb.connect(str(shipped_db), read_only=True) as con:
        for table in ("organisations", "outlets", "people", "ownership", "roles", "partnerships", "audience"):
            orphans = con.execute(
                f"select count(*) from {table} left join sources using (source_id) where sources.url is null"
            ).fetchall()[0][0]
            assert orphans == 0, table


def test_build_prints_counts_per_table_and_time(tmp_path, capsys):
    assert main(["build", "--data", str(DATA_DIR), "--db", str(tmp_path / "atlas.duckdb")]) == 0
    out = capsys.readouterr().out
    with duckdb.connect(str(tmp_path / "atlas.duckdb"), read_only=True) as con:
        outlets = con.execute("select count(*) from outlets").fetchall()[0][0]
    printed = dict(line.split() for line in out.splitlines() if len(line.split()) == 2)
    assert printed["outlets"] == f"{outlets:,}"
    assert set(printed) >= {"sources", "organisations", "ownership", "partnerships", "entities"}
    assert "layer curated: sources" in out
    assert out.splitlines()[-1].startswith(f"built {tmp_path / 'atlas.duckdb'} in ")


def test_a_good_build_replaces_the_database_atomically(tmp_path):
    db_path = tmp_path / "atlas.duckdb"
    db_path.write_bytes(b"an older database")
    report = build(DATA_DIR, db_path)
    assert report.row_counts["partnerships"] >= 1
    with duckdb.connect(str(db_path), read_only=True) as con:
        assert con.execute("select count(*) from partnership_parties").fetchall()[0][0] >= 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["atlas.duckdb"]


def test_database_is_stale_when_missing_or_older_than_data(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR / "curated", data / "curated")
    db_path = tmp_path / "atlas.duckdb"
    assert is_stale(data, db_path)
    build(data, db_path)
    assert not is_stale(data, db_path)
    later = db_path.stat().st_mtime + 10
    os.utime(data / "curated" / "outlets.csv", (later, later))
    assert is_stale(data, db_path)


def test_partial_dates_keep_their_precision(shipped_db):
    with duckdb.connect(str(shipped_db), read_only=True) as con:
        founded = con.execute("select founded from organisations where org_id = 'albayrak-holding'").fetchall()
    assert founded == [("1952",)]


def test_schema_is_the_single_definition_of_csv_headers():
    from media_atlas.build.schema import tables

    for path in Path(DATA_DIR).glob("*/*.csv"):
        header = path.read_text(encoding="utf-8").splitlines()[0].split(",")
        assert tuple(header) == tables()[path.stem].csv_columns, path


def test_the_build_creates_the_tables_of_the_schema_without_its_keys_and_checks(shipped_db):
    from media_atlas.build.schema import schema_sql

    columns = "select table_name, column_name, data_type, is_nullable from duckdb_columns() where not internal"
    with duckdb.connect() as con:
        con.execute(schema_sql())
        declared = sorted(con.execute(columns).fetchall())
    with duckdb.connect(str(shipped_db), read_only=True) as con:
        built = sorted(row for row in con.execute(columns).fetchall() if row[0] in {table for table, *_ in declared})
        kinds = con.execute("select distinct constraint_type from duckdb_constraints()").fetchall()
    assert built == declared
    assert kinds == [("NOT NULL",)]


def table_digests(db_path: Path) -> dict[str, str]:
    """Every table and view of a database, each as a digest of its rows in a fixed order."""
    digest = 'select md5(string_agg(row::varchar, chr(10) order by row::varchar)) from (select "{0}" as row from "{0}")'
    with duckdb.connect(str(db_path), read_only=True) as con:
        names = [row[0] for row in con.execute("select table_name from duckdb_tables() where not temporary").fetchall()]
        names += [row[0] for row in con.execute("select view_name from duckdb_views() where not internal").fetchall()]
        return {name: con.execute(digest.format(name)).fetchall()[0][0] for name in sorted(names)}


def test_the_built_database_does_not_depend_on_the_day_of_the_build(tmp_path):
    """Two builds of the same data under two clocks (libfaketime) store the same rows in every table."""
    digests = []
    for day in ("2027-03-01", "2031-06-15"):
        db_path = tmp_path / f"built-{day}.duckdb"
        command = [sys.executable, "-m", "media_atlas.cli", "build", "--data", str(SMALL_DATA), "--db", str(db_path)]
        done = subprocess.run(["faketime", day, *command], capture_output=True, text=True, cwd=PROJECT_ROOT)
        assert done.returncode == 0, done.stderr
        digests.append(table_digests(db_path))
    assert digests[0] == digests[1]
    stored = {"holding_periods", "holding_periods_by_owner", "outlet_rows", "interest_holders"}
    assert stored <= set(digests[0])
