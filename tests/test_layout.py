"""The package's layout is its architecture: the dashboard's modules (ui/) read the atlas through the query runner,
and nothing below them (build, model, importers, the query runner) imports the dashboard or Streamlit."""

import ast
import re
from pathlib import Path

import pytest

from media_atlas import PROJECT_ROOT
from media_atlas.model import RULES_FILE, rule_sections

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
    """The rules are the one file read top to bottom, as a document with a table of contents: each of its sections
    is held to the length of a file instead."""
    sources = [*PACKAGE.rglob("*.py"), *PACKAGE.rglob("*.sql"), *(PROJECT_ROOT / "queries").glob("*.sql")]
    sources += [*(PROJECT_ROOT / "pages").glob("*.py"), PROJECT_ROOT / "dashboard.py"]
    texts = {str(path.relative_to(PROJECT_ROOT)): path.read_text() for path in sources if path != RULES_FILE}
    texts |= {f"rules.sql § {name}": sql for name, sql in rule_sections().items()}
    long = {name: n for name, text in texts.items() if (n := len(text.splitlines())) > LARGEST_SOURCE_FILE}
    assert long == {}


def test_the_rules_are_one_file_whose_contents_list_its_sections_in_order():
    from media_atlas.model import RULE_SECTIONS

    opening = RULES_FILE.read_text().split("\n-- § ")[0]
    assert re.findall(r"^-- +\d+\. ([a-z_]+):", opening, re.MULTILINE) == list(RULE_SECTIONS)
    assert list(rule_sections()) == list(RULE_SECTIONS)
    assert sorted(path.name for path in RULES_FILE.parent.glob("*.sql")) == ["rules.sql"]
