"""Every malformed data folder under tests/bad_inputs/ gets exactly its expected messages and builds nothing.

A case is a folder with `data/` and `expected.txt`; what git cannot hold (a named pipe, a folder or a symbolic link
named like a table) is listed in its `special.txt`, one `KIND PATH [TARGET]` a line, and made in a copy of the case.
"""

import os
import shutil
from pathlib import Path

import pytest

from media_atlas.build.load import build
from media_atlas.build.staging import ValidationError
from media_atlas.build.validate import validate
from media_atlas.cli import main

CASES = sorted(p for p in (Path(__file__).parent / "bad_inputs").iterdir() if p.is_dir())
GOOD_SEED = Path(__file__).parent / "bad_inputs" / "missing_source"


def expected_lines(case: Path) -> list[str]:
    return (case / "expected.txt").read_text(encoding="utf-8").splitlines()


def make_special_files(case: Path, copy: Path) -> None:
    specials = case / "special.txt"
    for kind, path, *target in (line.split() for line in specials.read_text().splitlines()):
        made = copy / path
        if kind == "fifo":
            os.mkfifo(made)
        elif kind == "folder":
            made.mkdir()
        elif kind == "symlink":
            made.symlink_to(target[0])
        else:
            raise ValueError(f"{specials}: unknown kind {kind}")


def use_case(case: Path, into: Path, monkeypatch) -> None:
    """Copy the case to `into`, make its special files and work there, so paths read as `data/...`."""
    shutil.copytree(case / "data", into / "data", symlinks=True)
    if (case / "special.txt").exists():
        make_special_files(case, into)
    monkeypatch.chdir(into)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_validate_reports_exact_problems(case, tmp_path, monkeypatch):
    use_case(case, tmp_path, monkeypatch)
    assert [str(p) for p in validate(Path("data"))] == expected_lines(case)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_failed_build_leaves_previous_database_untouched(case, tmp_path, monkeypatch, shipped_db):
    db_path = tmp_path / "db" / "atlas.duckdb"
    db_path.parent.mkdir()
    shutil.copy(shipped_db, db_path)
    before = db_path.read_bytes()
    use_case(case, tmp_path / "case", monkeypatch)
    with pytest.raises(ValidationError) as raised:
        build(Path("data"), db_path)
    assert [str(p) for p in raised.value.problems] == expected_lines(case)
    assert db_path.read_bytes() == before
    assert sorted(p.name for p in db_path.parent.iterdir()) == ["atlas.duckdb"]


def test_cli_validate_prints_problems_and_exits_1(capsys, monkeypatch):
    case = Path(__file__).parent / "bad_inputs" / "dangling_owner"
    monkeypatch.chdir(case)
    assert main(["validate", "--data", "data"]) == 1
    assert capsys.readouterr().out.splitlines() == expected_lines(case)


def test_cli_build_refuses_bad_data_without_creating_a_database(tmp_path, monkeypatch, capsys):
    case = Path(__file__).parent / "bad_inputs" / "share_over_100"
    monkeypatch.chdir(case)
    assert main(["build", "--data", "data", "--db", str(tmp_path / "new.duckdb")]) == 1
    assert capsys.readouterr().out.splitlines() == expected_lines(case)
    assert list(tmp_path.iterdir()) == []
