"""What every importer shares: reading an upstream CSV with line numbers, the import report, and writing a layer
folder (sorted rows, swapped into place) in the curated table shapes."""

import csv
import datetime
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from media_atlas.build.schema import tables

PARTIAL_DATE = re.compile(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?")
PROGRESS_EVERY = 5000
LINES_SHOWN_PER_REASON = 10


@dataclass
class ImportReport:
    """What an import read, wrote and left out, with the upstream line of every row or value left out."""

    dataset: str
    # What a position counts: an upstream CSV's line, a BODS file's statement.
    unit: str = "line"
    rows_read: int = 0
    imported: int = 0
    skipped: list[tuple[int, str]] = field(default_factory=list)
    dropped: list[tuple[int, str, str]] = field(default_factory=list)
    changed: list[tuple[int, str, str]] = field(default_factory=list)

    def skip(self, line: int, reason: str) -> None:
        """The whole upstream row at `line` is left out."""
        self.skipped.append((line, reason))

    def drop(self, line: int, column: str, reason: str) -> None:
        """One value of the upstream row at `line` is left empty; the row itself is imported."""
        self.dropped.append((line, column, reason))

    def change(self, line: int, column: str, reason: str) -> None:
        """One value of the upstream row at `line` is imported in another form (said in reason)."""
        self.changed.append((line, column, reason))

    def lines(self) -> list[str]:
        result = [
            f"{self.dataset}: read {self.rows_read:,} {'rows' if self.unit == 'line' else self.unit + 's'}, "
            f"imported {self.imported:,}, skipped {len(self.skipped):,}"
        ]
        result += [f"  skipped {self.unit} {line}: {reason}" for line, reason in self.skipped]
        for done, listed in (("left empty", self.dropped), ("changed", self.changed)):
            by_reason: dict[tuple[str, str], list[int]] = {}
            for line, column, reason in listed:
                by_reason.setdefault((column, reason), []).append(line)
            for (column, reason), lines in sorted(by_reason.items(), key=lambda item: (-len(item[1]), item[0])):
                shown = ", ".join(str(n) for n in lines[:LINES_SHOWN_PER_REASON])
                more = f" and {len(lines) - LINES_SHOWN_PER_REASON} more" if len(lines) > LINES_SHOWN_PER_REASON else ""
                result.append(f"  {column} {done} on {len(lines)} row(s) ({reason}): {self.unit} {shown}{more}")
        return result


def progress(label: str, done: int, total: int | None = None) -> None:
    """Tell the person waiting (on stderr) how far a long step has come."""
    if done % PROGRESS_EVERY == 0 and done:
        of_total = f" of {total:,}" if total else ""
        print(f"{label}: {done:,}{of_total}", file=sys.stderr, flush=True)


def read_upstream_csv(path: Path, columns: tuple[str, ...], report: ImportReport) -> Iterator[tuple[int, dict]]:
    """Yield (line, row) for each well-formed row of an upstream CSV; report and skip the malformed ones.

    `line` is the physical line the row starts on, as an editor shows it. Raises ValueError when the header
    lacks one of `columns`.
    """
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle, strict=True)
        header = next(reader, [])
        missing = [name for name in columns if name not in header]
        if missing:
            raise ValueError(f"header lacks column(s) {', '.join(missing)}; is this the right file?")
        line = reader.line_num
        while True:
            start = line + 1
            try:
                record = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                report.rows_read += 1
                report.skip(start, f"cannot read CSV: {error}")
                return
            line = reader.line_num
            if not record:
                continue
            report.rows_read += 1
            if len(record) != len(header):
                report.skip(start, f"row has {len(record)} values but the header has {len(header)}")
                continue
            yield start, {name: clean_text(value) for name, value in zip(header, record, strict=True)}


def clean_text(value: str) -> str:
    """One line, no surrounding or doubled spaces: the form every value in data/ takes."""
    return " ".join(value.split())


def split_values(value: str) -> list[str]:
    """The distinct values of a `;`-joined upstream cell, in their order."""
    return list(dict.fromkeys(part.strip() for part in value.split(";") if part.strip()))


def is_partial_date(value: str) -> bool:
    """YYYY, YYYY-MM or YYYY-MM-DD naming a real day, as schema.sql's is_partial_date accepts."""
    if not PARTIAL_DATE.fullmatch(value):
        return False
    try:
        datetime.date.fromisoformat(value + "-01-01"[len(value) - 4 :])
    except ValueError:
        return False
    return True


class LayerRows:
    """The rows of one layer, table by table, deduplicated; written sorted so a re-run gives identical files."""

    def __init__(self, layer: str):
        self.layer = layer
        self.rows: dict[str, set[tuple[str, ...]]] = {name: set() for name in tables()}

    def add(self, table: str, **values: str | None) -> None:
        columns = tables()[table].csv_columns
        unknown = values.keys() - set(columns)
        if unknown:
            raise ValueError(f"{table} has no column(s) {', '.join(sorted(unknown))}")
        self.rows[table].add(tuple(values.get(name) or "" for name in columns))

    def count(self, table: str) -> int:
        return len(self.rows[table])

    def write(self, data_dir: Path) -> Path:
        """Write the layer to data_dir/<layer>/, replacing only that folder, via a temporary folder beside data_dir."""
        data_dir.mkdir(parents=True, exist_ok=True)
        target = data_dir / self.layer
        staging = Path(tempfile.mkdtemp(prefix=f".{self.layer}-importing-", dir=data_dir.parent))
        try:
            for name, rows in self.rows.items():
                if rows or name == "sources":
                    write_table(staging / f"{name}.csv", tables()[name].csv_columns, sorted(rows))
            swap_in(staging, target)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        return target


def write_table(path: Path, columns: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(rows)


def swap_in(staging: Path, target: Path) -> None:
    """Put the staged folder where target is; the old target is removed only once the new one is in place."""
    retired = target.with_name(f".{target.name}-retired-{os.getpid()}")
    if target.exists():
        os.replace(target, retired)
    os.replace(staging, target)
    shutil.rmtree(retired, ignore_errors=True)


def read_table(layer_dir: Path, table: str) -> list[dict[str, str]]:
    """The rows of one table of a layer folder, as written (empty values as ''); [] when the file is absent."""
    path = layer_dir / f"{table}.csv"
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))
