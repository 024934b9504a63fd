"""The read side: open the built database and run the named queries in queries/ with bound parameters."""

import io
import re
import tempfile
import warnings
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

from media_atlas import QUERIES_DIR
from media_atlas.memory import give_freed_memory_back
from media_atlas.model import LISTED_AS_STORED
from media_atlas.text import register_fold

PARAMETER = re.compile(r"\$([A-Za-z_]\w*)")
# A spreadsheet runs a text cell that starts with one of these as a formula, unless the cell is just a number
# ("-0.53", "+90"), which it reads as one. Numbers and dates are not text and are written as they are.
FORMULA_START = r"^[=+\-@\t\r]"
PLAIN_NUMBER = r"^[+-]?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?$"


def formula_guard(cell: str) -> str:
    """SQL for a text cell as a spreadsheet may open it: with a leading quote if it would run as a formula.
    Every formula start sorts before 'A', so a comparison with 'A' leaves the regular expressions only the cells that
    start with a digit, a space or a sign. (Not `in` a list of first characters: DuckDB plans that as a join, which
    lets the rows of a sorted view out of order.)"""
    runs = (
        f"{cell} < 'A' and regexp_matches({cell}, '{FORMULA_START}') and not regexp_matches({cell}, '{PLAIN_NUMBER}')"
    )
    return f"if({runs}, '''' || {cell}, {cell})"


def quote_name(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def guarded_columns(shape: list[tuple]) -> str:
    """The select list of a CSV's columns, given (name, type) pairs: text cells through the formula guard, every other
    column as it is, so numbers and dates stay numbers and dates."""
    return ", ".join(
        f"{formula_guard(quote_name(column))} as {quote_name(column)}" if str(kind) == "VARCHAR" else quote_name(column)
        for column, kind, *_ in shape
    )


# DuckDB would keep the buffers of its largest queries up to 80% of RAM. Every page's queries fit under this cap at
# a million outlets; the unfiltered ownership network's walk, which cannot spill, needs most of it.
MEMORY_LIMIT = "1GB"
JOIN_KEYS_PUSHED_AT_MOST = 1000
# Arrow from a cursor copies the rows once more than from a relation, which DuckDB warns of; a relation would plan
# its query twice.
warnings.filterwarnings("ignore", "Arrow output on a DB-API result", UserWarning)
# Integer columns with nulls become these rather than floats, as DuckDB's own conversion to pandas gives them.
NULLABLE_INTEGERS = {
    pa.int8(): pd.Int8Dtype(),
    pa.int16(): pd.Int16Dtype(),
    pa.int32(): pd.Int32Dtype(),
    pa.int64(): pd.Int64Dtype(),
    pa.uint8(): pd.UInt8Dtype(),
    pa.uint16(): pd.UInt16Dtype(),
    pa.uint32(): pd.UInt32Dtype(),
    pa.uint64(): pd.UInt64Dtype(),
}
# A query's last clause when it only sorts the rows (nothing but names after it: no subquery, window, LIMIT).
FINAL_ORDER_BY = re.compile(r"\border\s+by\s[^()]*$", re.IGNORECASE)


class QueryError(Exception):
    """A named query could not run; the message says which and why."""


def query_names() -> list[str]:
    return sorted(path.stem for path in QUERIES_DIR.glob("*.sql"))


def query_sql(name: str) -> str:
    path = QUERIES_DIR / f"{name}.sql"
    if not re.fullmatch(r"[a-z0-9_]+", name) or not path.exists():
        raise QueryError(f"no query named {name!r}; there are: {', '.join(query_names())}")
    return path.read_text(encoding="utf-8")


def query_parameters(sql: str) -> set[str]:
    """The $names a query's SQL binds (comments included, so headers may document them)."""
    code = "\n".join(line.split("--", 1)[0] for line in sql.splitlines())
    return set(PARAMETER.findall(code))


def bind(name: str, sql: str, params: dict) -> dict:
    """The subset of params that the query uses; every parameter it uses must be given."""
    used = query_parameters(sql)
    missing = used - params.keys()
    if missing:
        raise QueryError(f"query {name!r} needs parameter(s): {', '.join(sorted(missing))}")
    return {key: params[key] for key in used}


def without_final_order(sql: str) -> str:
    """The query without its final ORDER BY: the same rows in any order, for a count or a facet over it, which DuckDB
    would otherwise sort first (at a million rows the sort is most of their cost). Unchanged when in doubt."""
    code = sql.rstrip().rstrip(";")
    final = FINAL_ORDER_BY.search(code)
    if not final:
        return code
    # A quoted word ('outlet') or a parameter ($entity_id) is only compared; a LIMIT, perhaps hidden in a comment or
    # a string, would change the rows.
    clause = re.sub(r"'[a-z_ ]*'(?!')|\$[a-z_]+", "0", final.group(0))
    if re.search(r"\b(limit|offset|fetch)\b|--|'|\$", clause, re.IGNORECASE):
        return code
    return code[: final.start()]


def sort_clause(sort: str | None, descending: bool) -> tuple[str, dict]:
    """The ORDER BY that sorts a query's rows by its column `sort` (unknown values last, ties by the other columns),
    and the parameter it binds: the column's name as an anchored pattern for COLUMNS, never pasted into the SQL.
    None sorts nothing: the rows keep the query's own order."""
    if not sort:
        return "", {}
    order = f"order by columns($sort_column) {'desc' if descending else 'asc'} nulls last, columns(*)"
    return order, {"sort_column": f"^{re.escape(sort)}$"}


def where_clause(where: dict | None) -> tuple[str, dict]:
    """The WHERE that keeps a query's rows whose column equals the value, for each column and value in where, and the
    parameters it binds: each column's name as an anchored pattern for COLUMNS (as sort_clause binds it) and each
    value, never pasted into the SQL. DuckDB pushes the test into the query, so a branch of it whose rows can never
    pass (one direction of a chain) is not run at all. None keeps every row."""
    if not where:
        return "", {}
    tests, bound = [], {}
    for number, (column, value) in enumerate(where.items()):
        tests.append(f"columns($where_column_{number}) = $where_value_{number}")
        bound |= {f"where_column_{number}": f"^{re.escape(column)}$", f"where_value_{number}": value}
    return "where " + " and ".join(tests), bound


def summed_facet(counts: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """A facet's counts (Atlas.facet) summed over some of its columns, as Atlas.facet lists a facet of those columns:
    largest first, then by their values, unknown last. So one facet of a slow query serves several."""
    summed = counts.groupby(columns, dropna=False, as_index=False, sort=True)["rows"].sum()
    return summed.sort_values("rows", ascending=False, kind="stable").reset_index(drop=True)


class Atlas:
    """One read-only connection to the atlas database; each query gets its own cursor."""

    def __init__(self, db_path: Path):
        self.db_path = Path(db_path)
        give_freed_memory_back()
        self.connection = duckdb.connect(str(self.db_path), read_only=True)
        register_fold(self.connection)
        # Set, not passed to connect: a connect with its own config fails while another connection to the file in
        # this process (a test's, the bench's) has a different one.
        self.connection.execute(f"set memory_limit = '{MEMORY_LIMIT}'")
        # DuckDB's allocator otherwise keeps the pages a heavy query freed, and an idle server holds them.
        self.connection.execute("set allocator_background_threads = true")
        # A join pushes its keys into the scan of its other side as a list, which skips the row groups holding none
        # of them, only up to this many: at DuckDB's 50 the links into a network's few hundred outlets read them all.
        self.connection.execute(f"set global dynamic_or_filter_threshold = {JOIN_KEYS_PUSHED_AT_MOST}")

    def _execute(
        self,
        name: str,
        wrap: str,
        params: dict,
        extra: dict | None = None,
        *,
        ordered: bool = True,
        where: dict | None = None,
    ):
        sql = query_sql(name)
        rows = sql.rstrip().rstrip(";") if ordered else without_final_order(sql)
        kept, kept_params = where_clause(where)
        if kept:
            rows = f"select * from ({rows}) {kept}"
        statement = wrap.format(query=rows)
        try:
            return self.connection.cursor().execute(statement, bind(name, sql, params) | (extra or {}) | kept_params)
        except duckdb.Error as error:
            raise QueryError(f"query {name!r} failed: {error}") from error

    def query(self, name: str, **params) -> pd.DataFrame:
        """All rows of the named query, by way of Arrow: for thousands of rows of text faster than DuckDB's own
        conversion to pandas (a page of a few rows uses that one: see `page`)."""
        table = self._execute(name, "{query}", params).to_arrow_table()
        frame = table.to_pandas()
        for field in table.schema:
            if pa.types.is_integer(field.type) and table[field.name].null_count:
                frame[field.name] = table[field.name].to_pandas(types_mapper=NULLABLE_INTEGERS.get)
        return frame

    def count(self, name: str, *, where: dict | None = None, **params) -> int:
        """How many rows the named query returns (of those whose columns equal the values in where, if given)."""
        counted = self._execute(name, "select count(*) from ({query})", params, ordered=False, where=where)
        return counted.fetchall()[0][0]

    def page(
        self,
        name: str,
        *,
        limit: int,
        offset: int = 0,
        sort: str | None = None,
        descending: bool = False,
        where: dict | None = None,
        **params,
    ) -> pd.DataFrame:
        """One page of the named query's rows, in the query's order; or, given the name of one of its columns as sort,
        of all its rows sorted by that column (unknown values last, ties by the other columns). The column's name is
        bound as a parameter (an anchored pattern for COLUMNS), never pasted into the SQL. Given where, only the rows
        whose columns equal its values (see where_clause)."""
        order, extra = sort_clause(sort, descending)
        wrap = f"select * from ({{query}}) {order} limit $page_limit offset $page_offset"
        return self._execute(name, wrap, params, extra | {"page_limit": limit, "page_offset": offset}, where=where).df()

    def facet(self, name: str, columns: list[str], *, where: dict | None = None, **params) -> pd.DataFrame:
        """How many of the named query's rows share each value of columns (Datasette's facets): the same SQL and
        parameters as the table, so a chart's counts always add up to the table's count. Largest first. Given where,
        over the rows whose columns equal its values (see where_clause)."""
        listed = ", ".join(f'"{column}"' for column in columns)
        wrap = f"select {listed}, count(*) as rows from ({{query}}) group by all order by rows desc, {listed}"
        if all(re.fullmatch(r"[a-z_][a-z0-9_]*", column) for column in columns):
            try:
                return self._execute(name, wrap, params, ordered=False, where=where).df()
            except QueryError:
                pass  # say which columns the query lacks, if that is why; else fail as the query does below
        # Asked only when needed: planning the query a second time costs as much as a small facet.
        known = set(self._execute(name, "select * from ({query}) limit 0", params).df().columns)
        unknown = [column for column in columns if column not in known]
        if unknown:
            raise QueryError(f"query {name!r} has no column(s): {', '.join(unknown)}")
        return self._execute(name, wrap, params, ordered=False, where=where).df()

    def export_csv(self, name: str, path: Path, *, sort: str | None = None, descending: bool = False, **params) -> int:
        """Write every row of the named query to path as CSV, safe to open in a spreadsheet, in the order the table
        shows them (sorted by the column `sort`, as `page`, or in the query's order); return the count. DuckDB writes
        the rows as they come, on every thread: they are sorted only when the order asks for it, that is unless the
        query lists its rows as they are stored (LISTED_AS_STORED) and reads them straight from the stored table."""
        shape = self._execute(name, "select * from ({query}) limit 0", params).description
        columns = guarded_columns(shape)
        order, extra = sort_clause(sort, descending)
        quoted_path = str(path).replace("'", "''")
        wrap = f"copy (select {columns} from ({{query}}) {order}) to '{quoted_path}' (header, delimiter ',')"
        result = self._execute(name, wrap, params, extra, ordered=not (sort or self.read_as_stored(name)))
        rows = result.fetchall()
        return rows[0][0] if rows else 0

    def read_as_stored(self, name: str) -> bool:
        """Whether the named query's rows come from its stored table in the order it lists them (LISTED_AS_STORED)."""
        return name in LISTED_AS_STORED

    def xlsx_bytes(self, name: str, **params) -> bytes:
        """Every row of the named query as an Excel workbook of one sheet, text made formula-safe."""
        from media_atlas.exchange.tables import new_workbook, write_sheet

        buffer = io.BytesIO()
        workbook = new_workbook(buffer)
        write_sheet(workbook, name, self._execute(name, "{query}", params))
        workbook.close()
        return buffer.getvalue()

    def csv_bytes(self, name: str, *, sort: str | None = None, descending: bool = False, **params) -> bytes:
        """The CSV of every row of the named query (in the order of `export_csv`), as bytes for a download button."""
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"{name}.csv"
            self.export_csv(name, path, sort=sort, descending=descending, **params)
            return path.read_bytes()
