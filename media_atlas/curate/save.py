"""Adding reviewed rows to data/curated/: checked by the build's own validator on a copy first, then written and the
database rebuilt as one step, under a lock.

- `check` appends the rows to a temporary copy of the data folder and validates it: every problem comes back with
  the table, the proposed row and the column it is about, so a page can mark each cell.
- `save` takes the data folder's lock (two analysts saving at once are served one after the other, never
  interleaved), checks again against the data as it is now, builds the new database from the staged copy beside the
  real one, and only then swaps the staged curated folder in and the new database into place. A refused save (any
  problem) writes nothing; a save that fails half-way puts the old curated folder back, so data/ and the database
  stay as they were.
"""

import csv
import os
import shutil
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from filelock import FileLock

from media_atlas.build.load import BuildReport, build
from media_atlas.build.schema import tables
from media_atlas.build.staging import Problem
from media_atlas.build.validate import validate

CURATED = "curated"
LOCK_TIMEOUT_SECONDS = 600


@dataclass(frozen=True)
class CellProblem:
    """A problem the validator found: in a proposed row's cell (table, row, column), or elsewhere (row None)."""

    table: str
    row: int | None
    column: str
    message: str
    where: str


class SaveRefused(Exception):
    """The rows were not saved: the data with them would have these problems. Nothing was written."""

    def __init__(self, problems: list[CellProblem]):
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s); nothing was saved")


def lock_for(data_dir: Path) -> FileLock:
    """The one lock every save into data_dir takes (a file beside the data folder, so no layer sees it)."""
    return FileLock(str(data_dir.parent / f".{data_dir.name}.curate.lock"), timeout=LOCK_TIMEOUT_SECONDS)


def row_count(proposal: dict[str, list[dict]]) -> int:
    return sum(len(rows) for rows in proposal.values())


def check(data_dir: Path, proposal: dict[str, list[dict]]) -> list[CellProblem]:
    """Every problem the validator finds in data_dir with the proposal's rows appended to data/curated/."""
    with _staged(data_dir, proposal) as (staged, first_lines):
        return _cell_problems(validate(staged), staged, first_lines)


def save(data_dir: Path, db_path: Path, proposal: dict[str, list[dict]]) -> BuildReport:
    """Append the proposal's rows to data_dir/curated/ and rebuild db_path, all or nothing; raise SaveRefused."""
    with lock_for(data_dir), _staged(data_dir, proposal) as (staged, first_lines):
        problems = _cell_problems(validate(staged), staged, first_lines)
        if problems:
            raise SaveRefused(problems)
        building = db_path.with_name(f".{db_path.name}.curating-{os.getpid()}")
        try:
            report = build(staged, building)
            _swap_curated(staged / CURATED, data_dir / CURATED, lambda: os.replace(building, db_path))
        finally:
            building.unlink(missing_ok=True)
    return BuildReport(db_path, report.row_counts, report.layer_counts, report.seconds)


def _swap_curated(staged: Path, target: Path, then) -> None:
    """Put staged in target's place and run then(); if anything fails, target is as it was."""
    retired = target.with_name(f".{target.name}-retired-{os.getpid()}")
    os.replace(target, retired)
    try:
        os.replace(staged, target)
        try:
            then()
        except BaseException:
            os.replace(target, staged)
            raise
    except BaseException:
        os.replace(retired, target)
        raise
    shutil.rmtree(retired, ignore_errors=True)


@contextmanager
def _staged(data_dir: Path, proposal: dict[str, list[dict]]):
    """A copy of data_dir's tables (beside it, so a swap is a rename) with the rows appended to curated/; yields it
    and, per table, the file line the first proposed row is on."""
    folder = Path(tempfile.mkdtemp(prefix=f".{data_dir.name}-curating-", dir=data_dir.parent))
    staged = folder / data_dir.name
    try:
        for layer in sorted(p for p in data_dir.iterdir() if p.is_dir()):
            (staged / layer.name).mkdir(parents=True)
            for table_file in layer.glob("*.csv"):
                shutil.copy2(table_file, staged / layer.name / table_file.name)
        (staged / CURATED).mkdir(parents=True, exist_ok=True)
        first_lines = {}
        for table, rows in proposal.items():
            if rows:
                first_lines[table] = _append(staged / CURATED / f"{table}.csv", table, rows)
        yield staged, first_lines
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _append(path: Path, table: str, rows: list[dict]) -> int:
    """Append rows (in the table's columns; missing values empty) to the CSV at path; the line of the first."""
    columns = tables()[table].csv_columns
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if not text:
        text = ",".join(columns) + "\n"
    elif not text.endswith("\n"):
        text += "\n"
    first_line = text.count("\n") + 1
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(text)
        writer = csv.writer(handle, lineterminator="\n")
        for row in rows:
            writer.writerow(["" if row.get(c) is None else str(row.get(c)) for c in columns])
    return first_line


def _cell_problems(problems: list[Problem], staged: Path, first_lines: dict[str, int]) -> list[CellProblem]:
    found = []
    for problem in problems:
        path = Path(problem.path)
        table = path.stem
        row = None
        if path.parent.name == CURATED and table in first_lines and problem.line >= first_lines[table]:
            row = problem.line - first_lines[table]
        where = f"{path.parent.name}/{path.name}:{problem.line}"
        found.append(CellProblem(table, row, problem.column, problem.message, where))
    return found


def append(data_dir: Path, proposal: dict[str, list[dict]]) -> None:
    """Append the proposal's rows to data_dir/curated/ without building (a database older than data/ is rebuilt by
    the dashboard or `media-atlas build`): checked first, under the lock; raise SaveRefused."""
    with lock_for(data_dir):
        problems = check(data_dir, proposal)
        if problems:
            raise SaveRefused(problems)
        for table, rows in proposal.items():
            if rows:
                _append(data_dir / CURATED / f"{table}.csv", table, rows)
