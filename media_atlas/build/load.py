"""Build the atlas database from data/: validate, load with explicit types, swap the file into place."""

import fcntl
import os
import shutil
import signal
import sys
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb

from media_atlas import DATA_DIR, PROJECT_ROOT
from media_atlas.build.schema import SCHEMA_SQL, build_schema_sql, tables
from media_atlas.build.staging import ValidationError
from media_atlas.build.validate import stage_and_check
from media_atlas.model import RULES_FILE, model_sql
from media_atlas.progress import QUIET, Progress
from media_atlas.text import register_fold

# DuckDB would otherwise hold every staged table in memory (its default cap is 80% of RAM); with this cap it spills
# to a temporary folder beside the database and removes it on close, and a 1M-outlet build stays under 1.5 GB
# without slowing down (a lower cap spills too much).
BUILD_MEMORY_LIMIT = "768MB"
# Tables are stored in row groups of this many rows, and a scan skips every group whose min/max rule its filter out:
# with DuckDB's default (122,880) a lookup of one outlet's few holders reads a quarter of a million rows.
ROW_GROUP_SIZE = 8192


@dataclass(frozen=True)
class BuildReport:
    db_path: Path
    row_counts: dict[str, int]
    layer_counts: dict[str, dict[str, int]]
    seconds: float


def default_db_path() -> Path:
    """Where the dashboard and the CLI find the database: $MEDIA_ATLAS_DB, else data/atlas.duckdb."""
    return Path(os.environ.get("MEDIA_ATLAS_DB") or PROJECT_ROOT / "data" / "atlas.duckdb")


def default_data_dir() -> Path:
    """Where the dashboard builds its database from: $MEDIA_ATLAS_DATA (e.g. a test fixture folder) or data/."""
    return Path(os.environ.get("MEDIA_ATLAS_DATA") or DATA_DIR)


def build_if_stale(data_dir: Path, db_path: Path) -> list[str]:
    """Build db_path when data_dir is newer, under a lock every session and server process shares: with several
    dashboard processes exactly one builds, the others wait and then find the database fresh. Returns the data's
    problems when that build failed and the last good database stays in place; raises ValidationError when there is
    no database to fall back on."""
    db_path.parent.mkdir(parents=True, exist_ok=True)
    with open(f"{db_path}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not is_stale(data_dir, db_path):
            return []
        try:
            report = build(data_dir, db_path)
        except ValidationError as error:
            if not db_path.exists():
                raise
            return [str(problem) for problem in error.problems]
    # A server's log says which process rebuilt, and when.
    print(
        f"media-atlas: process {os.getpid()} built {db_path} from {data_dir} in {report.seconds:.2f} s", file=sys.stderr
    )
    return []


def build(data_dir: Path, db_path: Path, progress: Progress = QUIET) -> BuildReport:
    """Validate data_dir and build a fresh database at db_path atomically; progress shows its stages.

    Raises ValidationError with every problem found, leaving any existing db_path untouched.
    """
    started = time.perf_counter()
    db_path.parent.mkdir(parents=True, exist_ok=True)
    building = db_path.with_name(f"{db_path.name}.building-{os.getpid()}")
    remove_stale_builds(db_path)
    with removed_on_sigterm(building):
        return _build(data_dir, db_path, building, started, progress)


def _build(data_dir: Path, db_path: Path, building: Path, started: float, progress: Progress) -> BuildReport:
    try:
        spill_dir = f"{building}.tmp"
        with duckdb.connect(config={"memory_limit": BUILD_MEMORY_LIMIT, "temp_directory": spill_dir}) as con:
            quoted = str(building).replace("'", "''")
            register_fold(con)
            con.execute(f"attach '{quoted}' as atlas (row_group_size {ROW_GROUP_SIZE}); use atlas")
            con.execute(build_schema_sql())
            with progress.stage(f"build: read and validate {data_dir}"):
                problems = stage_and_check(con, data_dir)
            if problems:
                raise ValidationError(problems)
            with progress.stage("build: load tables", total=len(tables())) as stage:
                load(con, stage.advance)
            with progress.stage("build: derive look-through, control and listings"):
                con.execute(model_sql())
            with progress.stage("build: count and write"):
                row_counts = {name: con.execute(f"select count(*) from {name}").fetchone()[0] for name in table_names()}
                layer_counts = count_by_layer(con)
                con.execute("checkpoint")
        os.replace(building, db_path)
    finally:
        _remove(building)
    return BuildReport(db_path, row_counts, layer_counts, time.perf_counter() - started)


def table_names() -> list[str]:
    return [*tables(), "entities", "countries"]


def load(con: duckdb.DuckDBPyConnection, loaded=lambda: None) -> None:
    """Copy the checked staging tables into the real ones; loaded() after each."""
    for name, table in tables().items():
        values = ", ".join("_layer" if c.name == "layer" else f'"{c.name}"' for c in table.columns)
        # Staged file by file, line by line, so already in order: sorting two million links again costs a second.
        con.execute(f"insert into {name} select {values} from typed_{name}")
        # The staged rows are checked and loaded: freeing them leaves the memory cap to the derived tables.
        con.execute(f"drop view typed_{name}; drop view raw_{name}; drop table staged_{name}")
        loaded()


def count_by_layer(con: duckdb.DuckDBPyConnection) -> dict[str, dict[str, int]]:
    counts: dict[str, dict[str, int]] = {}
    for name in tables():
        for layer, count in con.execute(f"select layer, count(*) from {name} group by layer order by layer").fetchall():
            counts.setdefault(layer, {})[name] = count
    return counts


def remove_stale_builds(db_path: Path) -> None:
    """Remove what a killed build left beside db_path: `<name>.building-<pid>` (and its .wal and .tmp) of a
    process that no longer runs. A build still running elsewhere keeps its file."""
    prefix = f"{db_path.name}.building-"
    for leftover in db_path.parent.glob(f"{prefix}*"):
        pid = leftover.name.removeprefix(prefix).split(".")[0]
        if pid.isdigit() and (int(pid) == os.getpid() or not _is_running(int(pid))):
            _remove(leftover.with_name(prefix + pid))


def _is_running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class Terminated(Exception):
    """SIGTERM arrived during a build."""


@contextmanager
def removed_on_sigterm(building: Path):
    """Turn SIGTERM into an exception while the build runs, so its half-built file is removed before the process
    ends. Signal handlers can only be set from the main thread (the CLI); the dashboard builds in another."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def terminate(signum, frame):
        raise Terminated(f"build stopped by signal {signum}; {building.name} removed")

    previous = signal.signal(signal.SIGTERM, terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
        _remove(building)


def _remove(path: Path) -> None:
    for leftover in (path, path.with_name(path.name + ".wal")):
        leftover.unlink(missing_ok=True)
    shutil.rmtree(path.with_name(path.name + ".tmp"), ignore_errors=True)


def newest_data_mtime(data_dir: Path) -> float:
    """The time of the latest change to any table file (or the schema) the database is built from."""
    paths = [*data_dir.glob("*/*.csv"), SCHEMA_SQL, RULES_FILE]
    return max(p.stat().st_mtime for p in paths if p.exists())


def is_stale(data_dir: Path, db_path: Path) -> bool:
    return not db_path.exists() or db_path.stat().st_mtime < newest_data_mtime(data_dir)
