"""A running dashboard follows its data: a change under data/ is built and shown at the next rerun, a database that
`media-atlas build` replaces is opened afresh, and data that does not build leaves the last good database serving
under a banner that names the problems. No restart in between: one AppTest session runs throughout."""

import os
import shutil
import time

from streamlit.testing.v1 import AppTest

from media_atlas import PROJECT_ROOT
from media_atlas.build.load import build
from tests.conftest import SMALL_DATA
from tests.page_runs import AS_OF, table_counts

NEW_OUTLET = "fresh-tv,Fresh TV,,tv,,TR,,1990,,,trend-2020-12-21-joint-media-platform\n"
BAD_OUTLET = "broken-tv,Broken TV,,tv,,XX,,,,,trend-2020-12-21-joint-media-platform\n"


def append(path, line: str) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.write(line)
    later = time.time() + 2
    os.utime(path, (later, later))


def test_the_dashboard_follows_rebuilds_and_keeps_serving_through_bad_data(tmp_path, monkeypatch):
    data = tmp_path / "data"
    shutil.copytree(SMALL_DATA, data)
    db_path = tmp_path / "atlas.duckdb"
    monkeypatch.setenv("MEDIA_ATLAS_DB", str(db_path))
    monkeypatch.setenv("MEDIA_ATLAS_DATA", str(data))
    app = AppTest.from_file(str(PROJECT_ROOT / "pages" / "1_Outlets.py"), default_timeout=60)
    app.query_params["as_of"] = AS_OF
    outlets = data / "curated" / "outlets.csv"

    app.run()
    assert table_counts(app) == ["**12** outlets"]

    append(outlets, NEW_OUTLET)  # an analyst adds a row: the next rerun builds and shows it
    app.run()
    assert table_counts(app) == ["**13** outlets"]
    assert not app.warning

    append(outlets, NEW_OUTLET.replace("fresh", "second"))
    build(data, db_path)  # `media-atlas build` replaces the file the server has open
    app.run()
    assert table_counts(app) == ["**14** outlets"]

    append(outlets, BAD_OUTLET)  # data that does not build: the last good database serves on, and says why
    app.run()
    assert not app.exception
    assert table_counts(app) == ["**14** outlets"]
    assert "The data has 1 problem(s), so the atlas shows its last good build" in app.warning[0].value
    assert "outlets.csv:16: country" in app.warning[0].value.replace("\\", "")

    outlets.write_text(outlets.read_text(encoding="utf-8").replace(BAD_OUTLET, ""), encoding="utf-8")
    later = time.time() + 4
    os.utime(outlets, (later, later))
    app.run()
    assert not app.warning
    assert table_counts(app) == ["**14** outlets"]
