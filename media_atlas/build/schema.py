"""The tables as declared in schema.sql, read back from DuckDB's catalog."""

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

BUILD_FILLED_COLUMNS = ("layer",)
DERIVED_TABLES = ("entities", "countries")
SCHEMA_SQL = Path(__file__).with_name("schema.sql")
ENTITY_TABLES = {"organisations": "organisation", "outlets": "outlet", "people": "person"}


@dataclass(frozen=True)
class Column:
    name: str
    data_type: str
    required: bool
    allowed: tuple[str, ...] = ()
    partial_date: bool = False
    country: bool = False
    references: tuple[str, str] | None = None


@dataclass(frozen=True)
class Rule:
    """A CHECK constraint that is not about a single column's kind of value."""

    columns: tuple[str, ...]
    expression: str


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()
    rules: tuple[Rule, ...] = field(default=())

    @property
    def csv_columns(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.name not in BUILD_FILLED_COLUMNS)

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


_IN_LIST = re.compile(r"^\((\w+) IN \((.*)\)\)$")
_REFERENCE = re.compile(r"^references (\w+)\.(\w+)$")


def schema_sql() -> str:
    return SCHEMA_SQL.read_text(encoding="utf-8")


# A column's `primary key` (it stays `not null`) and a table's `primary key (a, b)` clause.
_COLUMN_KEY = re.compile(r" primary key(?=,?\n)")
_TABLE_KEY = re.compile(r",\n\s*primary key \([^)]*\)(?=\n\);)")
# Where a column's `check (...)` or a table's `, check (...)` starts (its expression ends at the matching parenthesis).
_CHECK_START = re.compile(r",?\s+check \(")


def build_schema_sql() -> str:
    """schema.sql without its primary keys and checks, as the build creates the database: the validator has checked
    every key and every check before a row is loaded, no query looks a row up through a key, and filling their
    indexes and testing the checks again for every row loaded cost seconds at a million outlets."""
    return _without_checks(_TABLE_KEY.sub("", _COLUMN_KEY.sub(" not null", schema_sql())))


def _without_checks(sql: str) -> str:
    kept, position = [], 0
    while found := _CHECK_START.search(sql, position):
        kept.append(sql[position : found.start()])
        depth, position = 1, found.end()
        while depth:
            depth += {"(": 1, ")": -1}.get(sql[position], 0)
            position += 1
    return "".join(kept) + sql[position:]


@functools.cache
def tables() -> dict[str, Table]:
    """Every curated table (in load order), as schema.sql declares it."""
    con = duckdb.connect()
    con.execute(schema_sql())
    columns = con.execute(
        """
        select table_name, column_name, data_type, is_nullable, comment
        from duckdb_columns() where schema_name = 'main' and not internal order by table_oid, column_index
        """
    ).fetchall()
    constraints = con.execute(
        """
        select table_name, constraint_type, constraint_column_names, expression
        from duckdb_constraints() where schema_name = 'main' and constraint_type in ('CHECK', 'PRIMARY KEY')
        order by table_oid, constraint_index
        """
    ).fetchall()
    con.close()

    result: dict[str, Table] = {}
    for table_name in dict.fromkeys(row[0] for row in columns):
        if table_name in DERIVED_TABLES:
            continue
        facts: dict[str, dict] = {}
        for _, column_name, data_type, nullable, comment in (r for r in columns if r[0] == table_name):
            reference = _REFERENCE.match(comment or "")
            facts[column_name] = {
                "name": column_name,
                "data_type": data_type,
                "required": not nullable,
                "references": reference.groups() if reference else None,
            }
        key: tuple[str, ...] = ()
        rules: list[Rule] = []
        for _, kind, column_names, expression in (r for r in constraints if r[0] == table_name):
            if kind == "PRIMARY KEY":
                key = tuple(column_names)
            elif (allowed := _IN_LIST.match(expression)) and len(column_names) == 1:
                facts[column_names[0]]["allowed"] = tuple(re.findall(r"'([^']*)'", allowed.group(2)))
            elif expression.startswith("is_partial_date("):
                facts[column_names[0]]["partial_date"] = True
            elif expression.startswith("is_country_code("):
                facts[column_names[0]]["country"] = True
            else:
                rules.append(Rule(tuple(dict.fromkeys(column_names)), expression))
        result[table_name] = Table(table_name, tuple(Column(**f) for f in facts.values()), key, tuple(rules))
    return result
