"""Read every layer under data/ and check it against the schema, reporting all problems at once.

The rows of every table are staged in DuckDB (as text, with the file and line they came from) and checked
there, so the same checks run fast on a dozen rows or on millions.
"""

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.csv as pa_csv

from media_atlas.build.schema import ENTITY_TABLES, Column, Table, schema_sql, tables
from media_atlas.vocabulary import country_rows

UTF8_BOM = b"\xef\xbb\xbf"
# Kosovo has no ISO 3166-1 code yet; XK (XKX) is the user-assigned code everyone (iptv-org included) uses.
MAX_PROBLEMS_PER_CHECK = 1000
# One CSV record on one line, quoted only as RFC 4180 says: a quoted field is the whole field, "" inside it.
_PLAIN_FIELD = rb'(?:[^",\n]*|"(?:[^"\n]|"")*")'
PLAIN_CSV_LINE = re.compile(rb"%s(?:,%s)*" % (_PLAIN_FIELD, _PLAIN_FIELD))


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
    """Where the rows of one table from all layers are staged as text (`raw_<table>`), and which files lack columns."""

    table: Table
    files_missing: dict[str, list[str]] = field(default_factory=dict)
    # Files read row by row by the csv module: only their values can hold a line break (a plain file has one
    # record per line and no carriage return).
    files_read_by_rows: list[str] = field(default_factory=list)

    def files_missing_column(self, column: str) -> list[str]:
        return [path for path, missing in self.files_missing.items() if column in missing]

    def create_raw(self, con: duckdb.DuckDBPyConnection) -> None:
        columns = ", ".join(f"{_quote(name)} varchar" for name in self.table.csv_columns)
        con.execute(
            f"create or replace temp table raw_{self.table.name} "
            f"(_file varchar, _layer varchar, _line bigint, {columns})"
        )


def read_table_file(con: duckdb.DuckDBPyConnection, path: Path, label: str, staged: StagedTable) -> list[Problem]:
    """Append the rows of one CSV file to `raw_<table>`; return what is wrong with its shape."""
    table = staged.table
    raw = path.read_bytes()
    if not raw or raw.isspace():
        return [Problem(label, 1, "-", f"file is empty; expected a header row: {','.join(table.csv_columns)}")]
    if raw.startswith(UTF8_BOM):
        bom = Problem(label, 1, "-", "file starts with a byte-order mark (BOM); save it as UTF-8 without BOM")
        return [bom, *stage_with_csv_module(con, raw[len(UTF8_BOM) :], path, label, staged)]
    if stage_plain_file(con, path, label, staged, raw):
        return []
    return stage_with_csv_module(con, raw, path, label, staged)


def stage_plain_file(con: duckdb.DuckDBPyConnection, path: Path, label: str, staged: StagedTable, raw: bytes) -> bool:
    """Stage a file that is plain CSV with Arrow's parallel reader and return True; else stage nothing, return False.

    Plain means: UTF-8, the exact header, LF line ends, no blank line, every quote where RFC 4180 puts it, and
    exactly one record per line, so a record's line number is its position + 2 and Arrow reads every value as
    Python's csv module does. Anything else goes to the csv module, which finds the exact line and message of each
    problem. At a million rows this is the difference between seconds and a minute (and gigabytes of Python strings).
    The bytes are checked as they are: '"', ',' and LF never occur inside a UTF-8 multi-byte character.
    """
    columns = list(staged.table.csv_columns)
    header_end = raw.find(b"\n")
    if b"\r" in raw or b"\n\n" in raw or header_end < 0:
        return False
    try:
        if next(csv.reader([raw[:header_end].decode("utf-8")])) != columns:
            return False
    except UnicodeDecodeError:
        return False
    if b'"' in raw and not all(PLAIN_CSV_LINE.fullmatch(line) for line in raw.split(b"\n") if b'"' in line):
        return False
    try:
        rows = pa_csv.read_csv(
            io.BytesIO(raw),
            read_options=pa_csv.ReadOptions(column_names=columns, skip_rows=1),
            parse_options=pa_csv.ParseOptions(newlines_in_values=False, ignore_empty_lines=False),
            convert_options=pa_csv.ConvertOptions(
                column_types=dict.fromkeys(columns, pa.string()),
                null_values=[""],
                strings_can_be_null=True,
                quoted_strings_can_be_null=True,
                check_utf8=True,
            ),
        )
    except pa.ArrowInvalid:
        return False
    if rows.num_rows != raw.count(b"\n") - (1 if raw.endswith(b"\n") else 0):
        return False
    lines = pa.array(np.arange(2, rows.num_rows + 2, dtype=np.int64))
    insert_rows(con, staged.table, label, path.parent.name, lines, rows)
    return True


def insert_rows(
    con: duckdb.DuckDBPyConnection, table: Table, label: str, layer: str, lines: pa.Array, rows: pa.Table
) -> None:
    """Append one file's rows (text columns in CSV order) with their file, layer and line to `raw_<table>`."""
    size = len(lines)
    staged = pa.table(
        {
            "_file": pa.repeat(pa.scalar(label, pa.string()), size),
            "_layer": pa.repeat(pa.scalar(layer, pa.string()), size),
            "_line": lines,
            **{name: rows[name] for name in table.csv_columns},
        }
    )
    con.register("file_rows", staged)
    con.execute(f"insert into raw_{table.name} select * from file_rows")
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
        return [Problem(label, line, "-", f"byte 0x{raw[error.start]:02x} is not UTF-8; save the file as UTF-8")]
    problems = []
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header = next(reader)
    expected = table.csv_columns
    for name in header:
        if name not in expected:
            problems.append(Problem(label, 1, name, f"unknown column; {table.name} has: {','.join(expected)}"))
    missing = [name for name in expected if name not in header]
    for name in missing:
        problems.append(Problem(label, 1, name, "missing column"))
    if missing:
        staged.files_missing[label] = missing
    positions = [header.index(name) if name in header else None for name in expected]

    columns: list[list] = [[] for _ in expected]
    lines: list[int] = []
    line = reader.line_num
    try:
        for record in reader:
            start, line = line + 1, reader.line_num
            if not record:
                continue
            if len(record) != len(header):
                message = f"row has {len(record)} values but the header has {len(header)}"
                problems.append(Problem(label, start, "-", message))
                continue
            lines.append(start)
            for values, position in zip(columns, positions, strict=True):
                values.append(record[position] or None if position is not None else None)
    except csv.Error as error:
        problems.append(Problem(label, line + 1, "-", f"cannot read CSV: {error}"))
    rows = pa.table({name: pa.array(values, pa.string()) for name, values in zip(expected, columns, strict=True)})
    insert_rows(con, table, label, path.parent.name, pa.array(lines, pa.int64()), rows)
    return problems


def read_layers(con: duckdb.DuckDBPyConnection, data_dir: Path) -> tuple[dict[str, StagedTable], list[Problem]]:
    """Stage every table file of every layer under data_dir as text in `raw_<table>`."""
    staged = {name: StagedTable(table) for name, table in tables().items()}
    for table in staged.values():
        table.create_raw(con)
    problems: list[Problem] = []
    if not data_dir.is_dir():
        return staged, [Problem(str(data_dir), 0, "-", "no such data folder")]
    for layer in layer_dirs(data_dir):
        for path in sorted(layer.glob("*.csv")):
            label = str(path)
            if path.stem not in staged:
                problems.append(Problem(label, 1, "-", f"unknown table; expected one of: {', '.join(staged)}"))
                continue
            problems += read_table_file(con, path, label, staged[path.stem])
    return staged, problems


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _text(expression: str) -> str:
    """SQL that shows a value in a message, quoted."""
    return f"'''' || cast({expression} as varchar) || ''''"


class Checker:
    """Runs the checks on staged tables in one DuckDB connection and collects the problems."""

    def __init__(self, con: duckdb.DuckDBPyConnection, staged: dict[str, StagedTable]):
        self.con = con
        self.staged = staged
        self.problems: list[Problem] = []
        self.pending: dict[str, list[tuple[str, str, str]]] = {}

    def report(self, table: str, column: str, where: str, message_sql: str, stage: str = "typed") -> None:
        """Add a problem for every row of `stage`_`table` that matches `where` (once `find_reported` runs)."""
        self.pending.setdefault(f"{stage}_{table}", []).append((column, where, message_sql))

    def find_reported(self) -> None:
        """Run the reported checks: one scan per staged table tells which checks fail, and only those list rows.

        Good data (the usual case) then costs one pass per table instead of one per check.
        """
        for relation, checks in self.pending.items():
            table = relation.split("_", 1)[1]
            skips = {f"skip_{i}": self.staged[table].files_missing_column(c) for i, (c, _, _) in enumerate(checks)}
            counts = ", ".join(
                f"count(*) filter (where ({where}) and _file not in (select unnest($skip_{i})))"
                for i, (_, where, _) in enumerate(checks)
            )
            failing = self.con.execute(f"select {counts} from {relation}", skips).fetchall()[0]
            for i, ((column, where, message_sql), count) in enumerate(zip(checks, failing, strict=True)):
                if count:
                    self.list_problems(relation, column, where, message_sql, skips[f"skip_{i}"])
        self.pending.clear()

    def list_problems(self, relation: str, column: str, where: str, message_sql: str, skip: list[str]) -> None:
        rows = self.con.execute(
            f"""
            select _file, _line, {message_sql} from {relation}
            where ({where}) and _file not in (select unnest($skip))
            order by _file, _line limit {MAX_PROBLEMS_PER_CHECK}
            """,
            {"skip": skip},
        ).fetchall()
        self.problems += [Problem(path, line, column, message) for path, line, message in rows]

    def stage(self) -> None:
        for name, staged in self.staged.items():
            self.check_text(staged.table)
            typed = ", ".join(
                f"try_cast({_quote(c.name)} as {c.data_type}) as {_quote(c.name)}"
                for c in staged.table.columns
                if c.name in staged.table.csv_columns
            )
            # A view, not a copy: the checks and the load read it twice, and a million typed rows held beside their
            # text made the build spill (17-18 s instead of 18-21 s at 1M).
            self.con.execute(
                f"create or replace temp view typed_{name} as select _file, _line, _layer, {typed} from raw_{name}"
            )

    def check_text(self, table: Table) -> None:
        may_break_lines = bool(self.staged[table.name].files_read_by_rows)
        for column in table.csv_columns:
            name = _quote(column)
            if may_break_lines:
                self.report(
                    table.name,
                    column,
                    f"{name} like '%' || chr(10) || '%' or {name} like '%' || chr(13) || '%'",
                    "'line break inside a value; keep each row on one line'",
                    stage="raw",
                )
            self.report(
                table.name,
                column,
                f"{name} <> trim({name})",
                f"{_text(name)} || ' has leading or trailing spaces'",
                stage="raw",
            )
            data_type = table.column(column).data_type
            if data_type != "VARCHAR":
                self.report(
                    table.name,
                    column,
                    f"{name} is not null and try_cast({name} as {data_type}) is null",
                    f"{_text(name)} || ' is not a {'number' if data_type == 'DOUBLE' else data_type}'",
                    stage="raw",
                )

    def check_values(self, table: Table) -> None:
        for column in table.columns:
            if column.name not in table.csv_columns:
                continue
            self.check_column(table, column)
        for rule in table.rules:
            expression = rule.expression.replace("'", "''")
            shown = " || ', ' || ".join(
                f"'{c} = ' || coalesce(cast({_quote(c)} as varchar), 'empty')" for c in rule.columns
            )
            self.report(
                table.name, rule.columns[0], f"not ({rule.expression})", f"'breaks the rule {expression}: ' || {shown}"
            )

    def check_column(self, table: Table, column: Column) -> None:
        name = _quote(column.name)
        if column.required:
            self.report(table.name, column.name, f"{name} is null", "'is empty; a value is required'")
        if column.allowed:
            allowed = ", ".join(f"'{value}'" for value in column.allowed)
            self.report(
                table.name,
                column.name,
                f"{name} not in ({allowed})",
                f"{_text(name)} || ' is not allowed; use one of: {', '.join(column.allowed)}'",
            )
        if column.partial_date:
            self.report(
                table.name,
                column.name,
                f"not is_partial_date({name})",
                f"{_text(name)} || ' is not a date; write YYYY, YYYY-MM or YYYY-MM-DD'",
            )
        if column.country:
            self.report(
                table.name,
                column.name,
                f"{name} not in (select code from countries)",
                f"{_text(name)} || ' is not an ISO 3166-1 alpha-2 country code'",
            )
        if column.references:
            target_table, target_column = column.references
            if target_table == "entities":
                known, what = (
                    "select entity_id from temp_entities",
                    "is not the id of any organisation, outlet or person",
                )
            else:
                known, what = (
                    f"select {target_column} from typed_{target_table}",
                    f"is not a {target_column} in {target_table}",
                )
            self.report(table.name, column.name, f"{name} not in ({known})", f"{_text(name)} || ' {what}'")

    def check_keys(self) -> None:
        entity_ids = " union all ".join(
            f"select _file, _line, {tables()[t].key[0]} as key from typed_{t}" for t in ENTITY_TABLES
        )
        self.con.execute(f"create or replace temp table temp_entity_rows as {entity_ids}")
        self.con.execute(
            "create or replace temp table temp_entities as select distinct key as entity_id from temp_entity_rows"
        )
        self.check_unique("temp_entity_rows", "key", {t: tables()[t].key[0] for t in ENTITY_TABLES})
        for table in tables().values():
            if table.key and table.name not in ENTITY_TABLES:
                key = " || ' / ' || ".join(f"cast({_quote(c)} as varchar)" for c in table.key)
                self.con.execute(
                    f"create or replace temp view key_rows_{table.name} as "
                    f"select _file, _line, {key} as key from typed_{table.name}"
                )
                self.check_unique(f"key_rows_{table.name}", "key", {table.name: ", ".join(table.key)})

    def check_unique(self, relation: str, key: str, column_of: dict[str, str]) -> None:
        # Numbering every row by key costs a sort of millions of rows; a count says first whether any repeats.
        counted = f"select count({key}) = count(distinct {key}) from {relation}"
        if self.con.execute(counted).fetchall()[0][0]:
            return
        rows = self.con.execute(
            f"""
            with numbered as (
                select _file, _line, {key} as key,
                    first_value(_file || ':' || _line) over (partition by {key} order by _file, _line) as first_at,
                    row_number() over (partition by {key} order by _file, _line) as n
                from {relation} where {key} is not null
            )
            select _file, _line, key, first_at from numbered where n > 1 order by _file, _line
            limit {MAX_PROBLEMS_PER_CHECK}
            """
        ).fetchall()
        for path, line, value, first_at in rows:
            table = Path(path).stem
            self.problems.append(
                Problem(path, line, column_of.get(table, key), f"'{value}' is already used at {first_at}")
            )

    def run(self) -> list[Problem]:
        self.stage()
        self.check_keys()
        for staged in self.staged.values():
            self.check_values(staged.table)
        self.find_reported()
        return self.problems


def stage_and_check(con: duckdb.DuckDBPyConnection, data_dir: Path) -> list[Problem]:
    """Stage every layer of data_dir in con (text in temp tables `raw_<table>`, read with their types through temp
    views `typed_<table>`); return every problem, sorted.

    Also fills the `countries` table, which the checks and the queries share.
    """
    con.executemany("insert into countries values (?, ?, ?)", country_rows())
    staged, problems = read_layers(con, data_dir)
    problems += Checker(con, staged).run()
    return sorted(set(problems))


def validate(data_dir: Path) -> list[Problem]:
    """Every problem in data_dir, sorted by file and line; empty when the data is good."""
    with duckdb.connect() as con:
        con.execute(schema_sql())
        return stage_and_check(con, data_dir)
