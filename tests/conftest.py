from pathlib import Path

import pytest

from media_atlas import DATA_DIR
from media_atlas.atlas import Atlas
from media_atlas.build.load import build
from media_atlas.filters import no_filters
from tests.importing import imported, imported_db

# Session fixtures of the importer tests, shared by every test file that reads an imported atlas.
__all__ = ["imported", "imported_db"]

TODAY_PARAMS = no_filters("2026-11-27")


@pytest.fixture(scope="session")
def shipped_db(tmp_path_factory) -> Path:
    """The database built from the data shipped in data/, through the production build."""
    db_path = tmp_path_factory.mktemp("shipped") / "atlas.duckdb"
    build(DATA_DIR, db_path)
    return db_path


@pytest.fixture(scope="session")
def atlas(shipped_db) -> Atlas:
    return Atlas(shipped_db)


SMALL_DATA = Path(__file__).resolve().parent / "fixtures" / "small"


@pytest.fixture(scope="session")
def small_db(tmp_path_factory) -> Path:
    """The dashboard tests' small world (tests/fixtures/small), built through the production build."""
    db_path = tmp_path_factory.mktemp("small") / "atlas.duckdb"
    build(SMALL_DATA, db_path)
    return db_path


@pytest.fixture
def small_world(small_db, monkeypatch):
    """The dashboard pointed at the small world, as a page test runs it."""
    monkeypatch.setenv("MEDIA_ATLAS_DB", str(small_db))
    monkeypatch.setenv("MEDIA_ATLAS_DATA", str(SMALL_DATA))
    return small_db
