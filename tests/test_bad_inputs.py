"""Every malformed data folder under tests/bad_inputs/ gets exactly its expected messages and builds nothing."""

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


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_validate_reports_exact_problems(case, monkeypatch):
    monkeypatch.chdir(case)
    assert [str(p) for p in validate(Path("data"))] == expected_lines(case)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_failed_build_leaves_previous_database_untouched(case, tmp_path, monkeypatch, shipped_db):
    db_path = tmp_path / "atlas.duckdb"
    shutil.copy(shipped_db, db_path)
    before = db_path.read_bytes()
    monkeypatch.chdir(case)
    with pytest.raises(ValidationError) as raised:
        build(Path("data"), db_path)
    assert [str(p) for p in raised.value.problems] == expected_lines(case)
    assert db_path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["atlas.duckdb"]


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
