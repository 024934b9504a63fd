"""Stage the CSV files of every layer under data/ in DuckDB as text, with the file and line each row came from, so
the checks in validate.py run on a dozen rows or millions alike. Plain files (one record a line) are read by
DuckDB's CSV reader; any other by the csv module, row by row."""

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa

from media_atlas.build.files import Unreadable, read_regular_file, table_files
from media_atlas.build.schema import Table, tables

UTF8_BOM = b"\xef\xbb\xbf"
# Every byte but the control characters validate.py refuses (all below 0x20 but LF and CR, and DEL): no UTF-8
# multi-byte character holds those, so whether a file's bytes keep any once these are deleted tells whether its values
# need the check at all (bytes.translate deletes in one pass, without a regular expression's search).
NOT_CONTROL_BYTES = bytes(range(0x20, 0x7F)) + bytes(range(0x80, 0x100)) + b"\n\r"
# One CSV record on one line, quoted only as RFC 4180 says: a quoted field is the whole field, "" inside it.
_PLAIN_FIELD = rb'(?:[^",\n]*|"(?:[^"\n]|"")*")'
PLAIN_CSV_LINE = re.compile(rb"%s(?:,%s)*" % (_PLAIN_FIELD, _PLAIN_FIELD))
_QUOTED_VALUE = re.compile(rb'"(?:[^"\n]|"")*"')
GLOB_CHARACTERS = re.compile(r"[*?\[{]")
# One field of a line as it starts at a position: quoted as RFC 4180 says, or unquoted up to the next comma.
_QUOTED_FIELD = re.compile(r'"(?:[^"]|"")*"(?=,|$)')
_UNQUOTED_FIELD = re.compile(r"[^,]*")


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.column}: {self.message}"


class ValidationError(Exception):
    """The data under data/ has problems; nothing was built."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s) in the data")


def layer_dirs(data_dir: Path) -> list[Path]:
    """Every folder of CSV tables under data_dir: the curated layer and one per importer."""
    return sorted(p for p in data_dir.iterdir() if p.is_dir() and any(p.glob("*.csv")))


@dataclass
class StagedTable:
    """Where the rows of one table from all layers are staged as text (read as `raw_<table>`), and which files lack
    columns."""

    table: Table
    files_missing: dict[str, list[str]] = field(default_factory=dict)
    # Files read row by row by the csv module: only their values can hold a line break (a plain file has one
    # record per line and no carriage return).
    files_read_by_rows: list[str] = field(default_factory=list)
    # Files whose rows were not all staged, with the first line left out: references to this table that do not
    # resolve may only follow from it, so they are counted rather than listed.
    unread: dict[str, int] = field(default_factory=dict)
    # Files with a control character somewhere: only their tables' values are checked for one.
    files_with_control: list[str] = field(default_factory=list)

    def leave_out(self, label: str, line: int) -> None:
        self.unread.setdefault(label, line)

    def files_missing_column(self, column: str) -> list[str]:
        return [path for path, missing in self.files_missing.items() if column in missing]

    def create_raw(self, con: duckdb.DuckDBPyConnection) -> None:
        """The table `staged_<table>` the rows are appended to, and the view `raw_<table>` the checks read them from,
        with each row's line: its position in the table plus its `_line_offset` (a file's rows are appended in the
        file's order, so a plain file's rows share one offset and DuckDB reads the file on every core; numbering
        them as they are read would keep the reading to one)."""
        name = self.table.name
        columns = ", ".join(quote(column) for column in self.table.csv_columns)
        typed = ", ".join(f"{quote(column)} varchar" for column in self.table.csv_columns)
        con.execute(
            f"create or replace temp table staged_{name} (_file varchar, _layer varchar, _line_offset bigint, {typed})"
        )
        con.execute(
            f"create or replace temp view raw_{name} as "
            f"select _file, _layer, rowid + _line_offset as _line, {columns} from staged_{name}"
        )

    def first_line_offset(self, con: duckdb.DuckDBPyConnection, first_line: int) -> int:
        """The `_line_offset` that gives the next row appended the line `first_line`."""
        return first_line - con.execute(f"select count(*) from staged_{self.table.name}").fetchall()[0][0]


def read_table_file(con: duckdb.DuckDBPyConnection, path: Path, label: str, staged: StagedTable) -> list[Problem]:
    """Stage the rows of one CSV file (see StagedTable.create_raw); return what is wrong with its shape."""
    table = staged.table
    try:
        raw = read_regular_file(path)
    except Unreadable as error:
        staged.leave_out(label, 1)
        return [Problem(label, 1, "-", str(error))]
    if raw.translate(None, NOT_CONTROL_BYTES):
        staged.files_with_control.append(label)
    if not raw or raw.isspace():
        staged.leave_out(label, 1)
        return [Problem(label, 1, "-", f"file is empty; expected a header row: {','.join(table.csv_columns)}")]
    if raw.startswith(UTF8_BOM):
        bom = Problem(label, 1, "-", "file starts with a byte-order mark (BOM); save it as UTF-8 without BOM")
        return [bom, *stage_with_csv_module(con, raw[len(UTF8_BOM) :], path, label, staged)]
    if stage_plain_file(con, path, label, staged, raw):
        return []
    return stage_with_csv_module(con, raw, path, label, staged)


def stage_plain_file(con: duckdb.DuckDBPyConnection, path: Path, label: str, staged: StagedTable, raw: bytes) -> bool:
    """Stage a file that is plain CSV with DuckDB's parallel reader and return True; else stage nothing, return False.

    Plain means: UTF-8, the exact header, LF line ends, no blank line, every quote where RFC 4180 puts it, and
    exactly one record per line, so a record's line number is its position + 2 and DuckDB reads every value as
    Python's csv module does. Anything else goes to the csv module, which finds the exact line and message of each
    problem. At a million rows this is the difference between seconds and a minute (and gigabytes of Python strings).
    The bytes read (`raw`) are checked as they are: '"', ',' and LF never occur inside a UTF-8 multi-byte character;
    DuckDB reads the file again, and its rows are kept only if they are as many as the lines checked.
    """
    columns = list(staged.table.csv_columns)
    header_end = raw.find(b"\n")
    # (DuckDB would read a path with * ? [ or { as a pattern of file names.)
    if b"\r" in raw or b"\n\n" in raw or header_end < 0 or GLOB_CHARACTERS.search(str(path.absolute())):
        return False
    try:
        if next(csv.reader([raw[:header_end].decode("utf-8")])) != columns:
            return False
    except UnicodeDecodeError:
        return False
    quoted_lines = [line for line in raw.split(b"\n") if b'"' in line] if b'"' in raw else []
    if not all(PLAIN_CSV_LINE.fullmatch(line) for line in quoted_lines):
        return False
    # As many separators as every line's values need (DuckDB refuses a line with too few, but reads one that ends in
    # a comma too many as if it were not there).
    lines = raw.count(b"\n") - (1 if raw.endswith(b"\n") else 0)
    in_values = sum(line.count(b",") - _QUOTED_VALUE.sub(b"", line).count(b",") for line in quoted_lines)
    if raw.count(b",") - in_values != (len(columns) - 1) * (lines + 1):
        return False
    as_text = ", ".join(f"{quote(name)}: 'VARCHAR'" for name in columns)
    con.execute("begin")
    try:
        # The rows in the file's order (DuckDB keeps the order it reads them in), from line 2.
        staged_rows = con.execute(
            f"""
            insert into staged_{staged.table.name}
            select $label, $layer, $line_offset, *
            from read_csv($path, columns = {{{as_text}}}, header = true, delim = ',', quote = '"', escape = '"',
                new_line = '\\n', auto_detect = false, strict_mode = true)
            """,
            {
                "label": label,
                "layer": path.parent.name,
                "line_offset": staged.first_line_offset(con, 2),
                "path": str(path.absolute()),
            },
        ).fetchone()[0]
    except duckdb.Error:
        staged_rows = None
    if staged_rows != lines:
        con.execute("rollback")
        return False
    con.execute("commit")
    return True


def insert_rows(
    con: duckdb.DuckDBPyConnection, staged: StagedTable, label: str, layer: str, lines: list[int], rows: pa.Table
) -> None:
    """Append one file's rows (text columns in CSV order) with their file, layer and lines to `staged_<table>`."""
    size = len(lines)
    offset = staged.first_line_offset(con, 0)
    table = pa.table(
        {
            "_file": pa.repeat(pa.scalar(label, pa.string()), size),
            "_layer": pa.repeat(pa.scalar(layer, pa.string()), size),
            "_line_offset": pa.array([line + offset - position for position, line in enumerate(lines)], pa.int64()),
            **{name: rows[name] for name in staged.table.csv_columns},
        }
    )
    con.register("file_rows", table)
    con.execute(f"insert into staged_{staged.table.name} select * from file_rows")
    con.unregister("file_rows")


def stage_with_csv_module(
    con: duckdb.DuckDBPyConnection, raw: bytes, path: Path, label: str, staged: StagedTable
) -> list[Problem]:
    """Stage a file row by row with Python's csv module, reporting each malformed row and header problem."""
    table = staged.table
    staged.files_read_by_rows.append(label)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        staged.leave_out(label, line)
        message = f"byte 0x{raw[error.start]:02x} is not UTF-8; save the file as UTF-8 (no row of this file is read)"
        return [Problem(label, line, "-", message)]
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except csv.Error:
        staged.leave_out(label, 1)
        return [Problem(label, 1, "-", "the header has a quote that is never closed; no row of this file is read")]
    problems = header_problems(label, header, staged)
    if len(set(header)) < len(header):
        staged.leave_out(label, 1)
        return problems
    expected = table.csv_columns
    positions = [header.index(name) if name in header else None for name in expected]
    physical_lines = text.split("\n")

    columns: list[list] = [[] for _ in expected]
    lines: list[int] = []
    line = reader.line_num
    while True:
        try:
            record = next(reader, None)
        except csv.Error as error:
            start = line + 1
            staged.leave_out(label, start)
            if "unexpected end of data" in str(error):
                problems.append(
                    Problem(label, start, "-", "a quote opened here is never closed; the rest of the file is not read")
                )
                break
            problems.append(Problem(label, start, "-", f"cannot read CSV: {error}; the row is not read"))
            line = reader.line_num
            continue
        if record is None:
            break
        start, line = line + 1, reader.line_num
        if not record:
            continue
        if len(record) != len(header):
            staged.leave_out(label, start)
            message = f"row has {len(record)} values but the header has {len(header)}"
            problems.append(Problem(label, start, "-", message))
            continue
        if start == line and '"' in physical_lines[start - 1]:
            problems += stray_quote(label, start, physical_lines[start - 1].removesuffix("\r"), header)
        lines.append(start)
        for values, position in zip(columns, positions, strict=True):
            values.append(record[position] or None if position is not None else None)
    rows = pa.table({name: pa.array(values, pa.string()) for name, values in zip(expected, columns, strict=True)})
    insert_rows(con, staged, label, path.parent.name, lines, rows)
    return problems


def header_problems(label: str, header: list[str], staged: StagedTable) -> list[Problem]:
    """Unknown, repeated and missing columns of a file's header; notes the missing ones in `staged`."""
    table = staged.table
    expected = table.csv_columns
    problems = []
    for name in dict.fromkeys(header):
        if name not in expected:
            problems.append(Problem(label, 1, visible(name), f"unknown column; {table.name} has: {','.join(expected)}"))
        elif header.count(name) > 1:
            where = " and ".join(str(i + 1) for i, other in enumerate(header) if other == name)
            problems.append(
                Problem(
                    label,
                    1,
                    name,
                    f"appears {header.count(name)} times in the header (columns {where}); no row of this file is read",
                )
            )
    missing = [name for name in expected if name not in header]
    for name in missing:
        problems.append(Problem(label, 1, name, "missing column"))
    if missing:
        staged.files_missing[label] = missing
    if set(missing) & set(table.key[:1]):
        staged.leave_out(label, 1)
    return problems


def visible(text: str) -> str:
    """text with its control characters written as escapes (\\x00), for a message."""
    return re.sub(r"[\x00-\x1f\x7f]", lambda found: f"\\x{ord(found.group()):02x}", text)


def stray_quote(label: str, line: int, text: str, header: list[str]) -> list[Problem]:
    """A quote inside an unquoted value, which the csv module would keep as written: name its column."""
    position, index = 0, 0
    while True:
        field = _QUOTED_FIELD.match(text, position) or _UNQUOTED_FIELD.match(text, position)
        if '"' in field.group() and not field.group().startswith('"'):
            column = header[index] if index < len(header) else "-"
            value = field.group()
            quoted = '"' + value.replace('"', '""') + '"'
            message = f"'{value}' has a quote inside an unquoted value; quote the value and double its quotes: {quoted}"
            return [Problem(label, line, column, message)]
        position, index = field.end() + 1, index + 1
        if position > len(text):
            return []


def read_layers(con: duckdb.DuckDBPyConnection, data_dir: Path) -> tuple[dict[str, StagedTable], list[Problem]]:
    """Stage every table file of every layer under data_dir as text, read as `raw_<table>`."""
    staged = {name: StagedTable(table) for name, table in tables().items()}
    for table in staged.values():
        table.create_raw(con)
    problems: list[Problem] = []
    if not data_dir.is_dir():
        return staged, [Problem(str(data_dir), 0, "-", "no such data folder")]
    paths, misplaced = table_files(data_dir)
    for path in paths:
        label = str(path)
        if path.stem not in staged:
            problems.append(Problem(label, 1, "-", f"unknown table; expected one of: {', '.join(staged)}"))
            continue
        problems += read_table_file(con, path, label, staged[path.stem])
    for file in misplaced:
        problems.append(Problem(str(file.path), 1, "-", file.message))
        if file.table in staged:
            staged[file.table].leave_out(str(file.path), 1)
    return staged, problems


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
