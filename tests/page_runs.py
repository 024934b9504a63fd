"""Running a dashboard page under Streamlit's AppTest on the small fixture world, and reading what it shows."""

import base64
import re

import numpy as np
import pandas as pd
from streamlit.testing.v1 import AppTest

from media_atlas import PROJECT_ROOT
from media_atlas.ui.profile import chain_links_key

AS_OF = "2026-11-27"


def run_page(path: str, *, in_app: bool = False, **query_params) -> AppTest:
    """Run one page. in_app runs it as the app does, through dashboard.py's navigation, where its links to other
    pages resolve (a page run on its own knows no other page)."""
    if in_app:
        app = AppTest.from_file(str(PROJECT_ROOT / "dashboard.py"), default_timeout=30)
        app.switch_page(path)
    else:
        app = AppTest.from_file(str(PROJECT_ROOT / path), default_timeout=30)
    app.query_params["as_of"] = AS_OF
    for key, value in query_params.items():
        app.query_params[key] = value
    app.run()
    assert not app.exception, app.exception
    return app


def open_chain(app: AppTest, entity_id: str) -> AppTest:
    """Open a profile's expander of every link in its chain, whose table is read only then, and rerun the page."""
    app.session_state[chain_links_key(entity_id)] = True
    app.run()
    assert not app.exception, app.exception
    return app


def decoded(values):
    """A figure array as a list: plotly 7 writes numeric arrays as base64 (`bdata`) with their dtype."""
    if isinstance(values, dict) and "bdata" in values:
        return np.frombuffer(base64.b64decode(values["bdata"]), dtype=values["dtype"]).tolist()
    return values


def table_counts(app: AppTest) -> list[str]:
    return [markdown.value for markdown in app.markdown if re.match(r"\*\*[0-9,]+\*\* ", markdown.value)]


def shown_cells(table) -> pd.DataFrame:
    """A table's values as it shows them: an unknown value as the table's placeholder (an empty cell, not "None")."""
    assert table.proto.HasField("placeholder")
    return table.value.astype(object).where(table.value.notna(), table.proto.placeholder)


def shown_names(column) -> list[str]:
    """The names a table shows: a name linked to its profile is held as `Profile?id=...#<name>`."""
    return [
        value.split("#", 1)[1] if isinstance(value, str) and value.startswith("Profile?") else value for value in column
    ]


def profile_links(app: AppTest) -> list:
    """The links to a profile in the page (the sidebar lists the pages)."""
    return [link for link in app.main.get("page_link") if link.proto.page.endswith("Profile")]


def found_profiles(app: AppTest) -> list[tuple[str, str]]:
    """The sidebar search's results: (label, query string) of each link to a profile it lists."""
    return [
        (link.label, link.proto.query_string)
        for link in app.sidebar.get("page_link")
        if link.proto.page.endswith("Profile") and link.proto.query_string.startswith("id=")
    ]
