"""Every page under Streamlit's AppTest on the small fixture world: it runs, shows its table and download, says
why when there is nothing to show, and shows data as text."""

import pytest

from media_atlas.ui.app import escape_markdown
from tests.page_runs import run_page, table_counts


@pytest.mark.parametrize(
    ("path", "title", "counts"),
    [
        ("pages/1_Outlets.py", "Outlets", ["**12** outlets"]),
        ("pages/3_Ownership.py", "Ownership", ["**18** ownership links"]),
        ("pages/4_Timeline.py", "Timeline", ["**4** foundings and closings"]),
        ("pages/5_Partnerships.py", "Partnerships", ["**1** agreement"]),
        ("pages/7_Data.py", "Data", ["**16** sources"]),
        ("pages/9_Methodology.py", "Methodology", ["**9** coverage measures"]),
    ],
)
def test_every_page_runs_with_its_table_and_download(small_world, path, title, counts):
    app = run_page(path)
    assert app.title[0].value == title
    assert table_counts(app) == counts
    assert app.get("download_button")
    assert [button.label for button in app.sidebar.button] == ["Reset filters"]


def test_empty_results_say_so_instead_of_drawing_nothing(small_world):
    app = run_page("dashboard.py", q="no such outlet anywhere")
    assert [info.value for info in app.info][:2] == [
        "No outlet with a known country matches these filters.",
        "No outlet matching these filters has a known controlling group.",
    ]
    outlets = run_page("pages/1_Outlets.py", q="no such outlet anywhere")
    assert [info.value for info in outlets.info] == [
        "No outlet matches these filters. Remove a filter, or move the as-of date."
    ]


@pytest.mark.parametrize(
    ("text", "shown"),
    [("Doğan [1](javascript:x)", r"Doğan \[1\]\(javascript\:x\)"), ("**bold** <b>", r"\*\*bold\*\* \<b\>")],
)
def test_data_text_is_escaped_before_it_reaches_markdown(text, shown):
    assert escape_markdown(text) == shown
