"""Running a dashboard page under Streamlit's AppTest on the small fixture world, and reading what it shows."""

import base64
import re

import numpy as np
from streamlit.testing.v1 import AppTest

from media_atlas import PROJECT_ROOT

AS_OF = "2026-11-27"


def run_page(path: str, **query_params) -> AppTest:
    app = AppTest.from_file(str(PROJECT_ROOT / path), default_timeout=30)
    app.query_params["as_of"] = AS_OF
    for key, value in query_params.items():
        app.query_params[key] = value
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
