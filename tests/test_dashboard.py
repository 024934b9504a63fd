"""The Overview page, run with Streamlit's AppTest against the database built from the shipped data."""

import json

from streamlit.testing.v1 import AppTest

from media_atlas import DATA_DIR, PROJECT_ROOT
from media_atlas.atlas import Atlas


def test_overview_shows_the_shipped_atlas(shipped_db, monkeypatch):
    monkeypatch.setenv("MEDIA_ATLAS_DB", str(shipped_db))
    monkeypatch.setenv("MEDIA_ATLAS_DATA", str(DATA_DIR))
    app = AppTest.from_file(str(PROJECT_ROOT / "dashboard.py"), default_timeout=30).run()
    assert not app.exception
    counts = Atlas(shipped_db).query("headline_counts", as_of=app.sidebar.date_input(key="as_of").value.isoformat())
    metrics = {metric.label: int(metric.value.replace(",", "")) for metric in app.metric}
    assert metrics["Outlets"] == counts.outlets[0]
    assert metrics["Partnerships"] == counts.partnerships[0]
    world_map = json.loads(app.get("plotly_chart")[0].proto.spec)["data"][0]
    assert "TUR" in world_map["locations"]
    newest = app.dataframe[0].value
    assert list(newest.signed_on) == sorted(newest.signed_on, reverse=True)
