"""The package's layout is its architecture: the dashboard's modules (ui/) read the atlas through the query runner,
and nothing below them (build, model, importers, the query runner) imports the dashboard or Streamlit."""

import ast
from pathlib import Path

import pytest

from media_atlas import PROJECT_ROOT

PACKAGE = PROJECT_ROOT / "media_atlas"
# Modules that run the dashboard or time it, and so may import Streamlit and the ui modules.
DASHBOARD_SIDE = ("media_atlas.ui", "media_atlas.bench")
LARGEST_SOURCE_FILE = 500


def module_name(path: Path) -> str:
    return ".".join(path.relative_to(PROJECT_ROOT).with_suffix("").parts).removesuffix(".__init__")


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    return names | {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda path: module_name(path))
def test_only_the_dashboard_side_imports_the_dashboard_or_streamlit(path):
    if module_name(path).startswith(DASHBOARD_SIDE):
        return
    wrong = {name for name in imported_modules(path) if name.startswith(("streamlit", "media_atlas.ui"))}
    assert not wrong, f"{module_name(path)} imports {sorted(wrong)}"


def test_no_source_file_is_longer_than_a_reader_takes_in():
    sources = [*PACKAGE.rglob("*.py"), *PACKAGE.rglob("*.sql"), *(PROJECT_ROOT / "queries").glob("*.sql")]
    sources += [*(PROJECT_ROOT / "pages").glob("*.py"), PROJECT_ROOT / "dashboard.py"]
    long = {
        str(path.relative_to(PROJECT_ROOT)): n for path in sources if (n := len(path.read_text().splitlines())) > 500
    }
    assert long == {}


def test_named_queries_read_the_rules_never_a_stored_table():
    """What the build stores for speed (`*_built`) is read through the rules' views and macros, so a query states its
    question in the rules' terms and a change of what is stored changes no query."""
    from media_atlas.atlas import query_names, query_sql

    assert [name for name in query_names() if "_built" in query_sql(name)] == []
