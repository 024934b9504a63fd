"""The Curate page and the save behind it: proposed rows are checked cell by cell, a refused or interrupted save
leaves data/ and the database as they were, and two saves at once are served one after the other."""

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from media_atlas import PROJECT_ROOT
from media_atlas.build.load import build
from media_atlas.curate import save as saving
from media_atlas.curate.propose import propose
from media_atlas.curate.save import SaveRefused, check, save
from tests.conftest import SMALL_DATA

SEED = Path(__file__).parent / "fixtures" / "articles" / "trend-albayrak-2020-12-21.txt"
SECOND = (
    " date 2021-05-06 BAKU, May 6\n\nTrend:\n\nAzerbaijan\u2019s Trend News Agency and Turkey\u2019s Yeni Safak "
    "signed a memorandum of understanding on 5 May in Baku, providing for the exchange of news."
)


@pytest.fixture
def curating(tmp_path, monkeypatch):
    """A copy of the small world's data folder and its database, with the dashboard pointed at them."""
    data = tmp_path / "data"
    shutil.copytree(SMALL_DATA, data)
    db = tmp_path / "atlas.duckdb"
    build(data, db)
    monkeypatch.setenv("MEDIA_ATLAS_DATA", str(data))
    monkeypatch.setenv("MEDIA_ATLAS_DB", str(db))
    return data, db


def snapshot(data: Path, db: Path) -> dict[str, bytes]:
    files = {str(p.relative_to(data.parent)): p.read_bytes() for p in sorted(data.rglob("*")) if p.is_file()}
    return files | {"db": db.read_bytes()}


def curate_page(text: str, url: str = "") -> AppTest:
    app = AppTest.from_file(str(PROJECT_ROOT / "pages" / "8_Curate.py"), default_timeout=60)
    app.run()
    app.text_area(key="article").input(text)
    app.text_input(key="url").input(url)
    app.run()
    app.button(key="propose").click().run()
    assert not app.exception, app.exception
    return app


def test_the_page_shows_the_verdict_per_cell_and_refuses_an_invalid_save(curating):
    data, db = curating
    before = snapshot(data, db)
    app = curate_page(SEED.read_text(encoding="utf-8"))  # no URL: the source row cannot be saved
    verdict = app.dataframe[-1].value
    assert verdict.loc[0, "source_id"] == "trend-news-agency-2020-12-21"
    assert verdict.loc[0, "verdict"] == "url: is empty; a value is required"
    app.button(key="accept").click().run()
    assert [error.value for error in app.error] == ["Not saved: 1 problem(s). data/ and the database are as they were."]
    assert "`curated/sources.csv:18` url: is empty; a value is required" in [m.value for m in app.markdown][-1]
    assert snapshot(data, db) == before


def save_from_the_page(text: str, url: str) -> None:
    """One analyst's session, in its own process (`python -m tests.test_curate`): propose, then accept with a build
    that takes a second longer (so two saves are in flight at once); print what the page said as JSON."""
    real_build = saving.build

    def build_slowly(*args):
        time.sleep(1)
        return real_build(*args)

    saving.build = build_slowly
    app = curate_page(text, url)
    app.button(key="accept").click().run()
    print(json.dumps([[e.value for e in app.error], [s.value for s in app.success], repr(app.exception)]))


def test_two_saves_at_once_are_served_one_after_the_other(curating):
    data, db = curating
    environment = os.environ | {"MEDIA_ATLAS_DATA": str(data), "MEDIA_ATLAS_DB": str(db)}
    analysts = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.test_curate", text, url],
            cwd=PROJECT_ROOT,
            env=environment,
            stdout=subprocess.PIPE,
            text=True,
        )
        for text, url in (
            (SEED.read_text(encoding="utf-8"), "https://en.trend.az/azerbaijan/society/3353246.html"),
            (SECOND, "https://example.org/trend-yeni-safak"),
        )
    ]
    said = [json.loads(analyst.communicate(timeout=300)[0].splitlines()[-1]) for analyst in analysts]
    for errors, successes, exception in said:
        assert errors == [] and exception == "ElementList()", (errors, exception)
        assert len(successes) == 1 and successes[0].startswith("Saved ")
    parties = (data / "curated" / "partnership_parties.csv").read_text().splitlines()
    added = [line.split(",")[0] for line in parties[-4:]]
    # Each save's rows stay together, whichever came first.
    assert added in (
        ["trend-news-agency-albayrak-media-group-protocol-of-intent-2020"] * 2
        + ["trend-news-agency-yeni-safak-memorandum-of-understanding-2021"] * 2,
        ["trend-news-agency-yeni-safak-memorandum-of-understanding-2021"] * 2
        + ["trend-news-agency-albayrak-media-group-protocol-of-intent-2020"] * 2,
    )
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        signed = con.execute("select partnership_id, signed_on, place from partnerships order by 1").fetchall()
    assert ("trend-news-agency-yeni-safak-memorandum-of-understanding-2021", "2021-05-05", "Baku") in signed
    assert ("trend-news-agency-albayrak-media-group-protocol-of-intent-2020", "2020-12-15", "Istanbul") in signed


def test_an_interrupted_save_leaves_data_and_database_as_they_were(curating, monkeypatch):
    data, db = curating
    before = snapshot(data, db)
    proposal = propose(SECOND, url="https://example.org/x", data_dir=data)
    real_replace = saving.os.replace

    def fail_on_the_database(source, target):
        if Path(target) == db:
            raise OSError("disk full")
        return real_replace(source, target)

    monkeypatch.setattr(saving.os, "replace", fail_on_the_database)
    with pytest.raises(OSError, match="disk full"):
        save(data, db, proposal)
    assert snapshot(data, db) == before
    # No staged copy or retired folder is left behind (the lock file may stay).
    assert sorted(p.name for p in data.parent.iterdir() if not p.name.endswith(".lock")) == ["atlas.duckdb", "data"]


def test_a_second_save_of_the_same_rows_is_refused(curating):
    data, db = curating
    proposal = propose(SECOND, url="https://example.org/x", data_dir=data)
    assert check(data, proposal) == []
    save(data, db, proposal)
    before = snapshot(data, db)
    with pytest.raises(SaveRefused) as refused:
        save(data, db, proposal)
    assert {(p.table, p.row, p.column) for p in refused.value.problems} >= {
        ("sources", 0, "source_id"),
        ("partnerships", 0, "partnership_id"),
    }
    assert snapshot(data, db) == before


if __name__ == "__main__":
    save_from_the_page(sys.argv[1], sys.argv[2])
