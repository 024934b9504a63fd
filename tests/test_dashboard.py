"""The start page, run with Streamlit's AppTest against the database built from the shipped data."""

from streamlit.testing.v1 import AppTest

from media_atlas import PROJECT_ROOT


def test_start_page_shows_counts_and_the_seed_partnership(shipped_db, monkeypatch):
    monkeypatch.setenv("MEDIA_ATLAS_DB", str(shipped_db))
    app = AppTest.from_file(str(PROJECT_ROOT / "dashboard.py"), default_timeout=30).run()
    assert not app.exception
    metrics = {metric.label: metric.value for metric in app.metric}
    assert int(metrics["Partnerships"].replace(",", "")) >= 1
    table = app.dataframe[0].value
    seed = table[table.title == "Protocol of Intent to create a joint media platform"].iloc[0]
    assert seed.signed_on == "2020-12-15"
    assert seed.place == "Istanbul"
