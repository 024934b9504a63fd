"""Read every layer under data/ and check it against the schema, reporting all problems at once.

The rows of every table are staged in DuckDB (as text, with the file and line they came from) and checked
there, so the same checks run fast on a dozen rows or on millions.
"""

from collections import Counter
from datetime import date
from pathlib import Path

import duckdb

from media_atlas.build.schema import ENTITY_TABLES, Column, Table, schema_sql, tables
from media_atlas.build.staging import Problem, StagedTable, quote, read_layers
from media_atlas.vocabulary import country_rows

MAX_PROBLEMS_PER_CHECK = 1000
# Characters below U+0020 (but the line breaks, reported on their own) and DEL: invisible, and no name needs one.
CONTROL_RANGE = "\\x00-\\x09\\x0b\\x0c\\x0e-\\x1f\\x7f"
EARLIEST_YEAR = "1000"
# The dates that may lie after the build day: an end a source announces (a licence or a contract running to 2030).
ANNOUNCED_ENDS = frozenset({"end_date", "closed", "dissolved"})


def _text(expression: str) -> str:
    """SQL that shows a value in a message, quoted."""
    return f"'''' || cast({expression} as varchar) || ''''"


def skipping(files: list[str], parameter: str) -> str:
    """SQL that leaves out the rows of `files` (passed as $parameter), or nothing when there are none: a test of
    every row against an empty list costs a join per check."""
    return f" and not list_contains(${parameter}, _file)" if files else ""


class Checker:
    """Runs the checks on staged tables in one DuckDB connection and collects the problems."""

    def __init__(self, con: duckdb.DuckDBPyConnection, staged: dict[str, StagedTable]):
        self.con = con
        self.staged = staged
        self.problems: list[Problem] = []
        self.pending: dict[str, list[tuple[str, str, str, tuple[str, int] | None]]] = {}
        self.suppressed: Counter[tuple[str, int]] = Counter()

    def report(
        self,
        table: str,
        column: str,
        where: str,
        message_sql: str,
        stage: str = "typed",
        follows_from: tuple[str, int] | None = None,
    ) -> None:
        """Add a problem for every row of `stage`_`table` that matches `where` (once `find_reported` runs).

        With `follows_from` (a file and line whose rows were not read), the rows are counted there, not listed.
        """
        self.pending.setdefault(f"{stage}_{table}", []).append((column, where, message_sql, follows_from))

    def find_reported(self) -> None:
        """Run the reported checks: one scan per staged table tells which checks fail, and only those list rows.

        Good data (the usual case) then costs one pass per table instead of one per check.
        """
        for relation, checks in self.pending.items():
            table = relation.split("_", 1)[1]
            skips = [self.staged[table].files_missing_column(column) for column, _, _, _ in checks]
            counts = ", ".join(
                f"count(*) filter (where ({where}){skipping(skip, f'skip_{i}')})"
                for i, ((_, where, _, _), skip) in enumerate(zip(checks, skips, strict=True))
            )
            parameters = {f"skip_{i}": skip for i, skip in enumerate(skips) if skip}
            failing = self.con.execute(f"select {counts} from {relation}", parameters).fetchall()[0]
            for (column, where, message_sql, follows_from), skip, count in zip(checks, skips, failing, strict=True):
                if count and follows_from:
                    self.suppressed[follows_from] += count
                elif count:
                    self.list_problems(relation, column, where, message_sql, skip)
        self.pending.clear()
        for (path, line), count in self.suppressed.items():
            message = (
                f"{count} unresolved reference(s) to this file's table are not listed: they may only follow from "
                "its rows not read; fix this and validate again"
            )
            self.problems.append(Problem(path, line, "references", message))
        self.suppressed.clear()

    def unread_at(self, table: str) -> tuple[str, int] | None:
        """The first file and line of `table` (or of any entity table) whose rows were not all read."""
        names = ENTITY_TABLES if table == "entities" else [table]
        unread = sorted(item for name in names for item in self.staged[name].unread.items())
        return unread[0] if unread else None

    def list_problems(self, relation: str, column: str, where: str, message_sql: str, skip: list[str]) -> None:
        rows = self.con.execute(
            f"""
            select _file, _line, {message_sql} from {relation}
            where ({where}){skipping(skip, "skip")}
            order by _file, _line limit {MAX_PROBLEMS_PER_CHECK}
            """,
            {"skip": skip} if skip else {},
        ).fetchall()
        self.problems += [Problem(path, line, column, message) for path, line, message in rows]

    def stage(self) -> None:
        for name, staged in self.staged.items():
            self.check_text(staged.table)
            typed = ", ".join(
                f"try_cast({quote(c.name)} as {c.data_type}) as {quote(c.name)}"
                for c in staged.table.columns
                if c.name in staged.table.csv_columns
            )
            # A view, not a copy: a million typed rows held beside their text would make the build spill.
            self.con.execute(
                f"create or replace temp view typed_{name} as select _file, _line, _layer, {typed} from raw_{name}"
            )

    def check_text(self, table: Table) -> None:
        may_break_lines = bool(self.staged[table.name].files_read_by_rows)
        has_control = bool(self.staged[table.name].files_with_control)
        for column in table.csv_columns:
            name = quote(column)
            if may_break_lines:
                self.report(
                    table.name,
                    column,
                    f"{name} like '%' || chr(10) || '%' or {name} like '%' || chr(13) || '%'",
                    "'line break inside a value; keep each row on one line'",
                    stage="raw",
                )
            if has_control:
                self.report(
                    table.name,
                    column,
                    f"regexp_matches({name}, '[{CONTROL_RANGE}]')",
                    f"'has the control character U+' || "
                    f"printf('%04X', unicode(regexp_extract({name}, '[{CONTROL_RANGE}]'))) || ' at character ' || "
                    f"(length(regexp_extract({name}, '^[^{CONTROL_RANGE}]*')) + 1) || '; remove it'",
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
                f"'{c} = ' || coalesce(cast({quote(c)} as varchar), 'empty')" for c in rule.columns
            )
            self.report(
                table.name, rule.columns[0], f"not ({rule.expression})", f"'breaks the rule {expression}: ' || {shown}"
            )

    def check_column(self, table: Table, column: Column) -> None:
        name = quote(column.name)
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
            self.check_date_range(table, column)
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
            follows_from = self.unread_at(target_table)
            self.report(
                table.name,
                column.name,
                f"{name} not in ({known})",
                f"{_text(name)} || ' {what}'",
                follows_from=follows_from,
            )

    def check_date_range(self, table: Table, column: Column) -> None:
        """A date records something that happened, so it is not after the build day; an end (ANNOUNCED_ENDS) may
        be, as a source can give a term ahead. No date is before the year 1000 (a typo such as 0202 or 0000)."""
        name = quote(column.name)
        today = date.today().isoformat()
        ahead = "false" if column.name in ANNOUNCED_ENDS else f"first_day({name}) > date '{today}'"
        self.report(
            table.name,
            column.name,
            f"{name} is not null and is_partial_date({name}) and ({name} < '{EARLIEST_YEAR}' or {ahead})",
            f"{_text(name)} || case when {name} < '{EARLIEST_YEAR}' then ' is before the year {EARLIEST_YEAR}'"
            " else ' is after the build day; only an end (end_date, closed, dissolved) may lie ahead' end",
        )

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
                key = " || ' / ' || ".join(f"cast({quote(c)} as varchar)" for c in table.key)
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
    """Stage every layer of data_dir in con (text in temp views `raw_<table>`, read with their types through temp
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
