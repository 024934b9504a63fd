"""Shared by the importer and reconciliation tests: the fixture datasets (rows cut from the real files) and a data
folder with a small curated layer into which both importers have run."""

import csv
import shutil
from pathlib import Path

import pytest

from media_atlas.build.load import build
from media_atlas.importers.iptv_org import import_iptv_org
from media_atlas.importers.wikidata import import_wikidata

FIXTURES = Path(__file__).parent / "fixtures" / "importers"
CHANNELS = FIXTURES / "iptv-org" / "channels.csv"
NEWSPAPERS = FIXTURES / "wikidata-newspapers" / "newspapers_flat.csv"
CURATED = FIXTURES / "data" / "curated"


def rows(data_dir: Path, layer: str, table: str) -> list[dict[str, str]]:
    with (data_dir / layer / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def layer_bytes(data_dir: Path) -> dict[str, bytes]:
    return {str(path.relative_to(data_dir)): path.read_bytes() for path in sorted(data_dir.glob("*/*.csv"))}


def fresh_data(tmp_path: Path, with_curated: bool = True) -> Path:
    data = tmp_path / "data"
    if with_curated:
        shutil.copytree(CURATED, data / "curated")
    else:
        data.mkdir()
    return data


@pytest.fixture(scope="session")
def imported(tmp_path_factory) -> tuple[Path, dict]:
    """(data folder, import reports): the curated fixture layer, then Wikidata, then iptv-org imported."""
    data = fresh_data(tmp_path_factory.mktemp("imported"))
    reports = {"wikidata": import_wikidata(NEWSPAPERS, data), "iptv-org": import_iptv_org(CHANNELS.parent, data)}
    return data, reports


@pytest.fixture(scope="session")
def imported_db(imported, tmp_path_factory) -> Path:
    """The database built from the imported fixture layers through the production build."""
    db_path = tmp_path_factory.mktemp("imported-db") / "atlas.duckdb"
    build(imported[0], db_path)
    return db_path
