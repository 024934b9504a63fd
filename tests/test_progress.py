"""Long commands show their stages and counts on a terminal (stderr), and print the same summary lines on stdout."""

import sys

from media_atlas.cli import main
from tests.conftest import SMALL_DATA


def run(argv, capsys, monkeypatch, terminal: bool) -> tuple[str, str]:
    monkeypatch.setattr(sys.stderr, "isatty", lambda: terminal, raising=False)
    assert main(argv) == 0
    captured = capsys.readouterr()
    return captured.out, captured.err


def test_build_and_export_show_their_stages_on_a_terminal_only(tmp_path, capsys, monkeypatch):
    db = tmp_path / "atlas.duckdb"
    build = ["build", "--data", str(SMALL_DATA), "--db", str(db)]
    quiet_out, quiet_err = run(build, capsys, monkeypatch, terminal=False)
    shown_out, shown_err = run(build, capsys, monkeypatch, terminal=True)
    assert quiet_err == ""
    for stage in ("build: read and validate", "build: load tables", "build: derive", "build: count and write"):
        assert stage in shown_err
    # The summary is the same, but for the time taken.
    assert quiet_out.splitlines()[:-1] == shown_out.splitlines()[:-1]
    assert shown_out.splitlines()[-1].startswith(f"built {db} in ")
    out, err = run(["export", "bods", str(tmp_path / "a.json"), "--db", str(db)], capsys, monkeypatch, terminal=True)
    assert "export bods: entity statements" in err and "relationship statements" in err
    assert out.splitlines()[-1].startswith(f"exported bods to {tmp_path / 'a.json'} in ")
