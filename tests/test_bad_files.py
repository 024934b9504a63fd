"""Files the build cannot read, and what a stopped build leaves behind: reported or removed, never a traceback."""

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb

from media_atlas import DATA_DIR, PROJECT_ROOT
from media_atlas.build.load import build
from media_atlas.build.validate import validate
from tests.conftest import SMALL_DATA

CASES = Path(__file__).parent / "bad_inputs"


def test_unreadable_file_is_reported_with_its_follow_on_references(tmp_path, monkeypatch):
    # Tests run as root, for whom no permission bit stops a read: the refusal comes from os.open, as it would.
    shutil.copytree(CASES / "named_pipe" / "data", tmp_path / "data")
    (tmp_path / "data" / "curated" / "people.csv").write_text("person_id,name,country,source_id\nahmet,Ahmet,TR,seed\n")
    real_open = os.open

    def refusing_open(path, flags, *args, **kwargs):
        if str(path).endswith("people.csv"):
            raise PermissionError(13, "Permission denied")
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refusing_open)
    monkeypatch.chdir(tmp_path)
    assert [str(p) for p in validate(Path("data"))] == [
        "data/curated/people.csv:1: -: cannot be read: permission denied",
        "data/curated/people.csv:1: references: 1 unresolved reference(s) to this file's table are not listed: "
        "they may only follow from its rows not read; fix this and validate again",
    ]


def test_one_bad_byte_in_the_shipped_outlets_is_one_cause_not_hundreds_of_errors(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data, ignore=shutil.ignore_patterns("*.duckdb*"))
    outlets = data / "curated" / "outlets.csv"
    lines = outlets.read_bytes().split(b"\n")
    lines[4] = lines[4].replace(b",", b"\xde,", 1)
    outlets.write_bytes(b"\n".join(lines))
    problems = [str(p) for p in validate(data)]
    assert (
        problems[0] == f"{outlets}:5: -: byte 0xde is not UTF-8; save the file as UTF-8 (no row of this file is read)"
    )
    assert len(problems) == 2
    count = int(problems[1].removeprefix(f"{outlets}:5: references: ").split()[0])
    assert count > 100


def test_next_build_removes_what_a_killed_build_left(tmp_path):
    db_path = tmp_path / "atlas.duckdb"
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead_pid = int(dead.stdout)
    for name in (f"atlas.duckdb.building-{dead_pid}", f"atlas.duckdb.building-{dead_pid}.wal"):
        (tmp_path / name).write_bytes(b"half built")
    (tmp_path / f"atlas.duckdb.building-{dead_pid}.tmp").mkdir()
    running = tmp_path / f"atlas.duckdb.building-{os.getppid()}"
    running.write_bytes(b"another build, still running")
    build(SMALL_DATA, db_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["atlas.duckdb", running.name]


STOPPED_BUILD = """
import sys, time
from pathlib import Path
import media_atlas.build.load as load

def slow_check(con, data_dir):
    print("building", flush=True)
    time.sleep(60)

load.stage_and_check = slow_check
from media_atlas.cli import main
sys.exit(main(["build", "--data", sys.argv[1], "--db", sys.argv[2]]))
"""


def test_sigterm_during_a_build_removes_its_half_built_file(tmp_path):
    db_path = tmp_path / "atlas.duckdb"
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    process = subprocess.Popen(
        [sys.executable, "-c", STOPPED_BUILD, str(SMALL_DATA), str(db_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert process.stdout.readline() == "building\n"
    building = f"atlas.duckdb.building-{process.pid}"
    assert sorted(p.name for p in tmp_path.iterdir()) == [building, f"{building}.wal"]
    started = time.monotonic()
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=20) == 143
    assert time.monotonic() - started < 10
    assert list(tmp_path.iterdir()) == []
    assert "build stopped by signal 15" in process.stderr.read()


def test_accepted_on_purpose(tmp_path):
    """CRLF line ends, columns in another order, blank lines, quoted values, a header-only file, a symbolic link to a
    regular file, files that are not CSV and an announced end (closed 2031) are all read as meant (README)."""
    curated = tmp_path / "data" / "curated"
    curated.mkdir(parents=True)
    source = "seed,Seed article,Trend News Agency,https://en.trend.az/a,2020-12-21,,\r\n"
    (curated / "sources.csv").write_bytes(
        b"source_id,title,publisher,url,published_on,retrieved_on,license\r\n" + source.encode()
    )
    (tmp_path / "outlets.txt").write_text(
        "source_id,country,outlet_id,name,local_name,media_type,periodicity,language,founded,closed,website\n"
        '\nseed,TR,yeni-safak,"Yeni ""Şafak""",,newspaper,,,1995-01-02,2031,\n\n'
    )
    (curated / "outlets.csv").symlink_to(tmp_path / "outlets.txt")
    (curated / "people.csv").write_text("person_id,name,country,source_id\n")
    (curated / "notes.md").write_text("not a table")
    (tmp_path / "data" / "README.md").write_text("not a table")
    assert validate(tmp_path / "data") == []
    report = build(tmp_path / "data", tmp_path / "atlas.duckdb")
    assert (report.row_counts["sources"], report.row_counts["outlets"], report.row_counts["people"]) == (1, 1, 0)
    with duckdb.connect(str(report.db_path), read_only=True) as con:
        assert con.execute("select name, country, founded, closed from outlets").fetchall() == [
            ('Yeni "Şafak"', "TR", "1995-01-02", "2031")
        ]
