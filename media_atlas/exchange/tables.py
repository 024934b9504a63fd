"""Every table of the built database out as Parquet or CSV (one file per table) or Excel (one sheet per table).

Each table keeps its `layer` column (the data folder a row came from); a table whose rows cite a source also gets
that source's publisher and link (`source_publisher`, `source_url`), so every exported fact stays traceable.
A table's rows are sorted by its columns, so the same database gives the same files.
"""

import io
import os
import re
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import duckdb

from media_atlas.atlas import FORMULA_START, guarded_columns
from media_atlas.build.load import table_names
from media_atlas.progress import QUIET, Progress

FORMATS = ("parquet", "csv", "xlsx")
# Excel's sheet limit is 1,048,576 rows, the header included.
EXCEL_MAX_ROWS = 1_048_576
EXCEL_BATCH = 20_000
_FORMULA = re.compile(FORMULA_START)


class ExportRefused(Exception):
    """The export cannot be written as asked (a table too large for Excel, say); nothing was written."""


@dataclass(frozen=True)
class TableExport:
    table: str
    rows: int
    path: Path


def table_sql(con: duckdb.DuckDBPyConnection, table: str) -> str:
    """The table's rows with their source's publisher and link, in a stable order."""
    columns = [row[0] for row in con.execute(f"describe {table}").fetchall()]
    order = ", ".join(f'"{c}"' for c in columns)
    if "source_id" in columns and table != "sources":
        listed = ", ".join(f't."{c}"' for c in columns)
        return (
            f"select {listed}, s.publisher as source_publisher, s.url as source_url "
            f"from {table} t left join sources s using (source_id) order by {order}"
        )
    return f"select * from {table} order by {order}"


def safe_text(value):
    """A text cell a spreadsheet would run as a formula (=, +, -, @, tab, CR first) gets a leading quote."""
    if isinstance(value, str) and _FORMULA.match(value):
        return "'" + value
    return value


def export_tables(db_path: Path, out: Path, fmt: str, progress: Progress = QUIET) -> list[TableExport]:
    """Write every table of the database at db_path to out: a folder of .parquet or .csv files, or one .xlsx file.

    The files appear all at once (written beside out, then moved into place); ExportRefused leaves out untouched.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")
    with duckdb.connect(str(db_path), read_only=True) as con:
        names = [name for name in table_names() if _exists(con, name)]
        counts = {name: con.execute(f"select count(*) from {name}").fetchall()[0][0] for name in names}
        if fmt == "xlsx":
            too_big = {name: rows for name, rows in counts.items() if rows + 1 > EXCEL_MAX_ROWS}
            if too_big:
                listed = ", ".join(f"{name} ({rows:,} rows)" for name, rows in too_big.items())
                raise ExportRefused(
                    f"Excel holds at most {EXCEL_MAX_ROWS - 1:,} rows a sheet; too many in {listed}. "
                    "Export as parquet or csv instead."
                )
        out.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
        staging.chmod(0o755)
        try:
            if fmt == "xlsx":
                written = _write_excel(con, names, counts, staging / out.name, progress)
                final = [TableExport(t.table, t.rows, out) for t in written]
                os.replace(staging / out.name, out)
            else:
                written = _write_files(con, names, staging, fmt, progress)
                if out.exists():
                    shutil.rmtree(out)
                os.replace(staging, out)
                final = [TableExport(t.table, t.rows, out / t.path.name) for t in written]
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return final


def _exists(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    return bool(con.execute("select 1 from duckdb_tables() where table_name = ?", [name]).fetchall())


def _write_files(con, names: list[str], folder: Path, fmt: str, progress: Progress) -> list[TableExport]:
    written = []
    with progress.stage(f"export {fmt}", total=len(names)) as stage:
        for name in names:
            path = folder / f"{name}.{fmt}"
            sql = table_sql(con, name)
            quoted = str(path).replace("'", "''")
            if fmt == "parquet":
                con.execute(f"copy ({sql}) to '{quoted}' (format parquet, compression zstd)")
            else:
                # Text cells are made safe for a spreadsheet as in every CSV the atlas gives; numbers stay numbers.
                shape = con.execute(f"select column_name, column_type from (describe ({sql}))").fetchall()
                cells = guarded_columns(shape)
                con.execute(f"copy (select {cells} from ({sql})) to '{quoted}' (header, delimiter ',')")
            rows = con.execute(f"select count(*) from {name}").fetchall()[0][0]
            written.append(TableExport(name, rows, path))
            stage.advance()
    return written


def _write_excel(con, names: list[str], counts: dict[str, int], path: Path, progress: Progress) -> list[TableExport]:
    workbook = new_workbook(path)
    written = []
    try:
        with progress.stage("export xlsx", total=sum(counts.values())) as stage:
            for name in names:
                cursor = con.cursor()
                cursor.execute(table_sql(con, name))
                rows = write_sheet(workbook, name, cursor, stage.advance)
                written.append(TableExport(name, rows, path))
    finally:
        workbook.close()
    return written


def new_workbook(target):
    """An xlsxwriter workbook at target (a path or a binary file) that writes strings as strings: it would otherwise
    turn '=…' into a formula and '12' into a number."""
    import xlsxwriter

    options = {"constant_memory": True, "strings_to_formulas": False, "strings_to_numbers": False}
    return xlsxwriter.Workbook(target, options | {"strings_to_urls": False, "in_memory": not isinstance(target, Path)})


def write_sheet(workbook, name: str, cursor, advance=lambda count: None) -> int:
    """Write the cursor's rows (its header first) to a new sheet; text made formula-safe. Returns the row count."""
    sheet = workbook.add_worksheet(name[:31])
    sheet.write_row(0, 0, [d[0] for d in cursor.description])
    row_number = 1
    while batch := cursor.fetchmany(EXCEL_BATCH):
        for row in batch:
            for column, value in enumerate(row):
                if value is None:
                    continue
                if isinstance(value, str):
                    sheet.write_string(row_number, column, safe_text(value))
                else:
                    sheet.write(row_number, column, value)
            row_number += 1
        advance(len(batch))
    return row_number - 1


def dataset_bytes(db_path: Path, fmt: str) -> bytes:
    """The whole dataset as one download: a zip of one file per table (parquet, csv), one workbook (xlsx) or the
    BODS statements (bods). Raises ExportRefused as export_tables does."""
    with tempfile.TemporaryDirectory() as folder:
        if fmt == "bods":
            from media_atlas.exchange.bods_out import export_bods

            export_bods(db_path, Path(folder) / "atlas.bods.json")
            return (Path(folder) / "atlas.bods.json").read_bytes()
        target = Path(folder) / ("atlas.xlsx" if fmt == "xlsx" else "atlas")
        written = export_tables(db_path, target, fmt)
        if fmt == "xlsx":
            return target.read_bytes()
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for table in written:
                archive.write(table.path, table.path.name)
        return buffer.getvalue()


def excel_refusal(db_path: Path) -> str | None:
    """Why the whole dataset cannot be one workbook (a table past Excel's sheet limit), or None."""
    with duckdb.connect(str(db_path), read_only=True) as con:
        for name in table_names():
            if _exists(con, name) and con.execute(f"select count(*) from {name}").fetchall()[0][0] + 1 > EXCEL_MAX_ROWS:
                return f"Excel holds at most {EXCEL_MAX_ROWS - 1:,} rows a sheet; {name} has more."
    return None
