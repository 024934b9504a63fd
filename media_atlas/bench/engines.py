"""Side by side: the same facet counts on DuckDB (the atlas's own queries), SQLite with indexes and pandas in memory,
checked equal before they are timed."""

import json
import os
import sqlite3
import statistics
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from media_atlas.atlas import Atlas
from media_atlas.bench.scenarios import outlet_params, unfiltered
from media_atlas.bench.timing import FASTER_THAN_PANDAS, FASTER_THAN_SQLITE, BenchError, Measurement, timed

SQLITE_SCHEMA = """
create table outlets (
    outlet_id text primary key, name text, media_type text, country text, founded text, closed text,
    founded_year integer, search_text text
);
create table countries (code text primary key, name text);
"""
SQLITE_INDEXES = """
create index outlets_country on outlets (country, founded, closed);
create index outlets_media_type on outlets (media_type, founded, closed);
create index outlets_country_media_type on outlets (country, media_type, founded_year);
create index outlets_founded_year on outlets (founded_year);
"""
OUTLET_COLUMNS_SQL = """
select outlets.outlet_id, outlets.name, outlets.media_type, outlets.country, outlets.founded, outlets.closed,
    try_cast(left(outlets.founded, 4) as integer) as founded_year, entities.search_text
from outlets join entities on entities.entity_id = outlets.outlet_id
order by outlets.outlet_id
"""
SQLITE_EXISTS = "(founded is null or founded <= :as_of) and (closed is null or closed > :as_of)"
SQLITE_FILTERS = {
    "countries": "country in (select value from json_each(:countries))",
    "media_types": "media_type in (select value from json_each(:media_types))",
    "founded_from": "founded_year >= :founded_from",
    "founded_to": "founded_year <= :founded_to",
    "q": "instr(search_text, :q) > 0",
}


def sqlite_copy(atlas: Atlas, path: Path) -> sqlite3.Connection:
    """The outlets (with their search text) and countries in SQLite with indexes; rebuilt when the atlas is newer."""
    if not path.exists() or path.stat().st_mtime < atlas.db_path.stat().st_mtime:
        path.unlink(missing_ok=True)
        building = path.with_suffix(".building")
        building.unlink(missing_ok=True)
        con = sqlite3.connect(building)
        con.executescript(SQLITE_SCHEMA)
        rows = atlas.connection.cursor().execute(OUTLET_COLUMNS_SQL)
        while batch := rows.fetchmany(100_000):
            con.executemany("insert into outlets values (?, ?, ?, ?, ?, ?, ?, ?)", batch)
        countries = atlas.connection.cursor().execute("select code, name from countries").fetchall()
        con.executemany("insert into countries values (?, ?)", countries)
        con.executescript(SQLITE_INDEXES)
        con.execute("analyze")
        con.commit()
        con.close()
        os.replace(building, path)
    return sqlite3.connect(path)


def pandas_copy(atlas: Atlas) -> tuple[pd.DataFrame, pd.DataFrame]:
    """What a naive Streamlit dashboard holds: the outlets frame and the countries frame, in memory."""
    outlets = atlas.connection.cursor().execute(OUTLET_COLUMNS_SQL).df()
    countries = atlas.connection.cursor().execute("select code, name from countries").df()
    return outlets, countries


def sqlite_where(as_of: str, filters: dict) -> tuple[str, dict]:
    """The WHERE clause and bound values of the filters in SQLite (lists travel as JSON)."""
    where = " and ".join([SQLITE_EXISTS, *(SQLITE_FILTERS[key] for key in filters)])
    values = {key: json.dumps(value) if isinstance(value, list) else value for key, value in filters.items()}
    return where, values | {"as_of": as_of}


def sqlite_facet(con: sqlite3.Connection, column: str, as_of: str, filters: dict) -> list[tuple]:
    where, values = sqlite_where(as_of, filters)
    sql = f"select {column}, count(*) from outlets where {where} and {column} is not null group by {column}"
    return con.execute(sql, values).fetchall()


def sqlite_count(con: sqlite3.Connection, as_of: str, filters: dict) -> int:
    where, values = sqlite_where(as_of, filters)
    return con.execute(f"select count(*) from outlets where {where}", values).fetchall()[0][0]


def pandas_mask(outlets: pd.DataFrame, as_of: str, filters: dict) -> pd.Series:
    mask = (outlets.founded.isna() | (outlets.founded <= as_of)) & (outlets.closed.isna() | (outlets.closed > as_of))
    if "countries" in filters:
        mask &= outlets.country.isin(filters["countries"])
    if "media_types" in filters:
        mask &= outlets.media_type.isin(filters["media_types"])
    if "founded_from" in filters:
        mask &= outlets.founded_year >= filters["founded_from"]
    if "founded_to" in filters:
        mask &= outlets.founded_year <= filters["founded_to"]
    if "q" in filters:
        mask &= outlets.search_text.str.contains(filters["q"], regex=False)
    return mask


def pandas_facet(outlets: pd.DataFrame, column: str, as_of: str, filters: dict) -> list[tuple]:
    counts = outlets.loc[pandas_mask(outlets, as_of, filters), column].value_counts()
    return list(counts.items())


def query_pairs(atlas: Atlas, name: str, as_of: str, column: str) -> list[tuple]:
    frame = atlas.query(name, as_of=as_of)
    return list(zip(frame[column], frame["outlets"], strict=True))


def same_counts(name: str, answers: dict[str, object]) -> None:
    """Every engine must give the same answer; anything else is a bench error, not a result."""
    normalised = {
        engine: sorted((str(k), int(v)) for k, v in answer) if isinstance(answer, list) else int(answer)
        for engine, answer in answers.items()
    }
    first = next(iter(normalised.values()))
    if any(answer != first for answer in normalised.values()):
        shown = {engine: str(answer)[:200] for engine, answer in normalised.items()}
        raise BenchError(f"{name}: the engines disagree: {shown}")


def measure_side_by_side(atlas: Atlas, params: dict, repeats: int, out_dir: Path) -> list[Measurement]:
    as_of = params["as_of"]
    sqlite = sqlite_copy(atlas, out_dir / "atlas.sqlite")
    outlets, _ = pandas_copy(atlas)
    normalised_q = atlas.connection.cursor().execute("select fold($q)", {"q": params["q"]}).fetchall()[0][0]
    typical = {key: params[key] for key in ("countries", "media_types", "founded_from", "founded_to")}
    typical["q"] = normalised_q
    without_countries = {key: value for key, value in typical.items() if key != "countries"}
    without_types = {key: value for key, value in typical.items() if key != "media_types"}
    outlet_filters = {key: value for key, value in unfiltered(params).items() if key in outlet_params()}

    def atlas_facet(column: str, filters: dict) -> Callable[[], list[tuple]]:
        chosen = outlet_filters | {key: params[key] for key in filters}

        def run() -> list[tuple]:
            frame = atlas.facet("outlets", [column], **chosen)
            return [(key, count) for key, count in zip(frame[column], frame["rows"], strict=True) if key is not None]

        return run

    comparisons: list[tuple[str, Callable, Callable, Callable]] = [
        (
            "facet outlets per country",
            lambda: query_pairs(atlas, "country_options", as_of, "country"),
            lambda: sqlite_facet(sqlite, "country", as_of, {}),
            lambda: pandas_facet(outlets, "country", as_of, {}),
        ),
        (
            "facet outlets per media type",
            lambda: [
                tuple(r) for r in atlas.query("media_type_options", as_of=as_of)[["media_type", "outlets"]].values
            ],
            lambda: sqlite_facet(sqlite, "media_type", as_of, {}),
            lambda: pandas_facet(outlets, "media_type", as_of, {}),
        ),
        (
            "facet per country, filtered by type + founded + text",
            atlas_facet("country", without_countries),
            lambda: sqlite_facet(sqlite, "country", as_of, without_countries),
            lambda: pandas_facet(outlets, "country", as_of, without_countries),
        ),
        (
            "facet per media type, filtered by countries + founded + text",
            atlas_facet("media_type", without_types),
            lambda: sqlite_facet(sqlite, "media_type", as_of, without_types),
            lambda: pandas_facet(outlets, "media_type", as_of, without_types),
        ),
        (
            "count of outlets filtered by countries + type + founded + text",
            lambda: atlas.count("outlets", **(outlet_filters | {key: params[key] for key in typical})),
            lambda: sqlite_count(sqlite, as_of, typical),
            lambda: int(pandas_mask(outlets, as_of, typical).sum()),
        ),
    ]
    measurements = []
    for name, on_duckdb, on_sqlite, on_pandas in comparisons:
        duckdb_samples, duckdb_answer = timed(on_duckdb, repeats)
        sqlite_samples, sqlite_answer = timed(on_sqlite, repeats)
        pandas_samples, pandas_answer = timed(on_pandas, repeats)
        same_counts(name, {"duckdb": duckdb_answer, "sqlite": sqlite_answer, "pandas": pandas_answer})
        measurement = Measurement(
            name,
            duckdb_samples,
            sqlite_median_ms=statistics.median(sqlite_samples),
            pandas_median_ms=statistics.median(pandas_samples),
            target=f"≥ {FASTER_THAN_SQLITE}x SQLite, ≥ {FASTER_THAN_PANDAS}x pandas",
        )
        measurement.meets_target = (
            measurement.faster_than_sqlite >= FASTER_THAN_SQLITE
            and measurement.faster_than_pandas >= FASTER_THAN_PANDAS
        )
        measurements.append(measurement)
    sqlite.close()
    return measurements
