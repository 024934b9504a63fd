"""`media-atlas bench`: how fast the atlas answers at 10k, 100k or 1M outlets, beside SQLite and pandas.

One run: generate the seeded synthetic world (cached under bench/out/), build it with the production build (in a
child process, so its peak memory is its own), then time every named query with typical filters, every page's
Streamlit rerun (AppTest), the CSV export of all outlets, and the same facet counts on DuckDB, on SQLite with
indexes and on pandas in memory, checking that all three give the same answer. Medians and p95 of several runs.
"""

import contextlib
import datetime as dt
import json
import os
import resource
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pandas as pd

from media_atlas import PROJECT_ROOT
from media_atlas.atlas import Atlas, QueryError, query_names, query_parameters, query_sql
from media_atlas.bench.synthetic import scale_dir
from media_atlas.filters import NARROWING_PARAMETERS, no_filters

# The targets at 1M outlets / 2M links on two cores.
FILTER_QUERY_MS = 30
PAGE_RERUN_MS = 300
LOOKTHROUGH_MS = 2000
CHAIN_MS = 20
CSV_EXPORT_MS = 500
BUILD_MS = 20_000
PEAK_RSS_MB = 1536
FASTER_THAN_SQLITE = 10
FASTER_THAN_PANDAS = 3

# Stop repeating a slow measurement once it has used this much time (see `timed`).
TIME_PER_MEASUREMENT_S = 6.0
PAGE_TIMEOUT_S = 300
# A query returning more rows than this is timed as count(*) over it: fetching millions of rows into pandas measures
# the transfer, not the question, and no page does it (the CSV export measures the full transfer of all outlets).
FETCHED_ROWS_AT_MOST = 100_000


class Progress:
    """Whether each measurement is shown on stderr as it is taken (the CLI's long runs)."""

    enabled = False


class BenchError(Exception):
    """The benchmark could not measure honestly: a failed step, or engines that disagree."""


@dataclass
class Measurement:
    name: str
    samples_ms: list[float]
    target: str = ""
    meets_target: bool | None = None
    peak_rss_mb: float | None = None
    sqlite_median_ms: float | None = None
    pandas_median_ms: float | None = None
    note: str = ""
    extra: dict = field(default_factory=dict)

    def __post_init__(self):
        if Progress.enabled:
            shown = f"{self.median_ms:,.1f} ms" if self.samples_ms else "-"
            print(f"  {self.name}: {shown} {self.note}", file=sys.stderr, flush=True)

    @property
    def median_ms(self) -> float:
        return statistics.median(self.samples_ms) if self.samples_ms else float("nan")

    @property
    def p95_ms(self) -> float:
        ordered = sorted(self.samples_ms)
        return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))] if ordered else float("nan")

    @property
    def faster_than_sqlite(self) -> float | None:
        return None if self.sqlite_median_ms is None else self.sqlite_median_ms / self.median_ms

    @property
    def faster_than_pandas(self) -> float | None:
        return None if self.pandas_median_ms is None else self.pandas_median_ms / self.median_ms

    def as_json(self) -> dict:
        fields = asdict(self)
        del fields["samples_ms"], fields["extra"]
        timed = bool(self.samples_ms)  # a memory-only measurement has no times: null, not NaN (which is not JSON)
        result = {
            "name": self.name,
            "median_ms": round(self.median_ms, 3) if timed else None,
            "p95_ms": round(self.p95_ms, 3) if timed else None,
        }
        result["runs"] = len(self.samples_ms)
        result |= {
            key: round(value, 3) if isinstance(value, float) else value
            for key, value in fields.items()
            if key != "name" and value not in (None, "")
        }
        if self.sqlite_median_ms is not None:
            result["faster_than_sqlite"] = round(self.faster_than_sqlite, 2)
            result["faster_than_pandas"] = round(self.faster_than_pandas, 2)
        return result | self.extra


def timed(action: Callable[[], object], repeats: int) -> tuple[list[float], object]:
    """Run action once to warm up, then up to `repeats` more times (fewer when slow); the times in ms and a result.

    A warm-up slower than half the time allowed per measurement is the only sample: at 1M a few queries take
    seconds, and the whole run must stay within minutes.
    """
    started = time.perf_counter()
    result = action()
    first = time.perf_counter() - started
    if first > TIME_PER_MEASUREMENT_S / 2:
        return [first * 1000], result
    runs = max(2, min(repeats, int(TIME_PER_MEASUREMENT_S / max(first, 1e-6))))
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        result = action()
        samples.append((time.perf_counter() - started) * 1000)
    return samples, result


def at_most(measurement: Measurement, limit_ms: float, label: str) -> Measurement:
    measurement.target = f"≤ {label}"
    measurement.meets_target = measurement.median_ms <= limit_ms
    return measurement


def peak_rss_mb() -> float:
    """The most memory this process has held so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# ---------------------------------------------------------------------------------------------------------------
# Building, in child processes so the build's own peak memory is measured apart from the benchmark's.


def run_child(code: str) -> dict:
    """Run Python code in a fresh interpreter; it prints one JSON object last, which is returned."""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=PROJECT_ROOT)
    if done.returncode != 0:
        raise BenchError(f"child process failed:\n{done.stdout}\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def generate_in_child(scale: str, out_dir: Path) -> Path:
    result = run_child(
        "import json; from pathlib import Path; from media_atlas.bench.synthetic import ensure_generated; "
        f"print(json.dumps(str(ensure_generated({scale!r}, Path({str(out_dir)!r})))))"
    )
    return Path(result)


def build_in_child(data_dir: Path, db_path: Path) -> tuple[float, float, dict[str, int]]:
    """Build with the production build; (seconds, peak RSS in MB, row counts)."""
    result = run_child(
        "import json, resource; from pathlib import Path; from media_atlas.build.load import build; "
        f"report = build(Path({str(data_dir)!r}), Path({str(db_path)!r})); "
        "print(json.dumps({'seconds': report.seconds, 'rows': report.row_counts, "
        "'rss_mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))"
    )
    return result["seconds"], result["rss_mb"], result["rows"]


# ---------------------------------------------------------------------------------------------------------------
# Typical parameters, found in the built data the way an analyst would pick them.


def typical_params(atlas: Atlas, as_of: str) -> dict:
    """Filters an analyst would set: two big countries, TV, 1950-2000, a name search, the biggest group."""
    connection = atlas.connection.cursor()
    countries = [
        row[0]
        for row in connection.execute(
            "select country from outlets where country is not null group by country order by count(*) desc, country "
            "limit 2"
        ).fetchall()
    ]
    group = biggest_group(atlas, as_of)
    return {
        "countries": countries,
        "groups": [group] if group else [],
        "media_types": ["tv"],
        "founded_from": 1950,
        "founded_to": 2000,
        "as_of": as_of,
        "compare_as_of": "2015-01-01",
        "q": "sabah",
        "entity_id": group,
        "entity_ids": [group] if group else [],
    }


def biggest_group(atlas: Atlas, as_of: str) -> str | None:
    if "group_options" in query_names():
        groups = atlas.query("group_options", as_of=as_of)
        return None if groups.empty else str(groups.group_id.iloc[0])
    rows = atlas.connection.cursor().execute("select owner_id from ownership group by 1 order by count(*) desc limit 1")
    found = rows.fetchall()
    return found[0][0] if found else None


def unfiltered(params: dict) -> dict:
    return params | no_filters(params["as_of"])


# ---------------------------------------------------------------------------------------------------------------
# The atlas itself: named queries, the Outlets table's first page, the CSV export, the pages.


def measure_queries(atlas: Atlas, params: dict, repeats: int) -> list[Measurement]:
    measurements = []
    for name in query_names():
        used = query_parameters(query_sql(name))
        missing = used - params.keys()
        if missing:
            measurements.append(Measurement(f"query {name}", [], note=f"skipped: no typical value for {missing}"))
            continue
        try:
            total = atlas.count(name, **params)
        except QueryError as error:  # a broken query is reported in its row, and the other rows still measured
            measurements.append(Measurement(f"query {name}", [], note=f"ERROR: {error}"[:300], meets_target=False))
            continue
        if total > FETCHED_ROWS_AT_MOST:
            samples, _ = timed(lambda name=name: atlas.count(name, **params), repeats)
            note = f"{total:,} rows, counted in DuckDB (no page fetches that many)"
        else:
            samples, _ = timed(lambda name=name: atlas.query(name, **params), repeats)
            note = f"{total:,} rows"
        measurement = Measurement(f"query {name}", samples, note=note)
        if name == "lookthrough":
            at_most(measurement, LOOKTHROUGH_MS, "2 s (full look-through)")
        elif name == "entity_chain":
            at_most(measurement, CHAIN_MS, "20 ms (one entity's chain)")
        elif used & NARROWING_PARAMETERS:
            at_most(measurement, FILTER_QUERY_MS, "30 ms (filter query)")
        measurements.append(measurement)
    return measurements


def measure_outlets_table(atlas: Atlas, params: dict, repeats: int, out_dir: Path) -> list[Measurement]:
    """What the Outlets page asks with no filter: the first page of rows and the total; and the CSV of all."""
    everything = {key: value for key, value in unfiltered(params).items() if key in outlet_params()}
    page_samples, _ = timed(lambda: atlas.page("outlets", limit=50, offset=0, **everything), repeats)
    count_samples, total = timed(lambda: atlas.count("outlets", **everything), repeats)
    csv_path = out_dir / "outlets-export.csv"
    export_samples, written = timed(lambda: atlas.export_csv("outlets", csv_path, **everything), repeats)
    disordered = rows_out_of_order(atlas, csv_path)
    csv_path.unlink(missing_ok=True)
    if disordered:
        raise BenchError(f"the CSV of all outlets has {disordered:,} rows out of the outlets query's order")
    # No filter is set, so these are not filter queries: they are what the Outlets page's rerun asks for.
    return [
        at_most(Measurement("outlets first page, no filter", page_samples), PAGE_RERUN_MS, "300 ms (page rerun)"),
        at_most(
            Measurement("outlets count, no filter", count_samples, note=f"{total:,} outlets"),
            PAGE_RERUN_MS,
            "300 ms (page rerun)",
        ),
        at_most(
            Measurement("CSV export of all outlets", export_samples, note=f"{written:,} rows"),
            CSV_EXPORT_MS,
            "0.5 s (CSV of all outlets)",
        ),
    ]


def rows_out_of_order(atlas: Atlas, csv_path: Path) -> int:
    """How many rows of an outlets CSV come before the row above them in the outlets query's order (name, then id).
    DuckDB writes a COPY on every thread, in no order, unless each step of its select keeps the order: the formula
    guard with `left(...) in (...)` in place of a regular expression wrote 188 rows of 916k out of order."""
    quoted = str(csv_path).replace("'", "''")
    in_file_order = f"""
        select name, outlet_id, lag(name) over () as previous_name, lag(outlet_id) over () as previous_id
        from read_csv('{quoted}', all_varchar = true)
    """
    before = "previous_id is not null and (name, outlet_id) < (previous_name, previous_id)"
    query = f"select count(*) filter (where {before}) from ({in_file_order})"
    return atlas.connection.cursor().execute(query).fetchall()[0][0]


def measure_earlier_date(atlas: Atlas, params: dict, repeats: int) -> list[Measurement]:
    """What every page asks with no filter but an earlier as-of date (the comparison date): the groups of the
    sidebar, the Outlets table's first page and count. Control on a date outside the build's stored window is
    computed from all the links, where the build day's is read from its stored tables."""
    earlier = params["compare_as_of"]
    everything = {key: value for key, value in unfiltered(params).items() if key in outlet_params()}
    on_earlier = everything | {"as_of": earlier}
    groups_samples, groups = timed(lambda: atlas.query("group_options", as_of=earlier), repeats)
    page_samples, _ = timed(lambda: atlas.page("outlets", limit=50, offset=0, **on_earlier), repeats)
    count_samples, total = timed(lambda: atlas.count("outlets", **on_earlier), repeats)
    return [
        Measurement(f"group_options on {earlier}", groups_samples, note=f"{len(groups):,} rows"),
        at_most(Measurement(f"outlets first page on {earlier}", page_samples), PAGE_RERUN_MS, "300 ms (page rerun)"),
        at_most(
            Measurement(f"outlets count on {earlier}", count_samples, note=f"{total:,} outlets"),
            PAGE_RERUN_MS,
            "300 ms (page rerun)",
        ),
    ]


def measure_outlet_chain(atlas: Atlas, params: dict, repeats: int) -> list[Measurement]:
    """One outlet's chain: the question an analyst asks most (who is above this channel?), beside the biggest
    group's whole chain that `query entity_chain` measures."""
    if "entity_chain" not in query_names() or not params["groups"]:
        return []
    in_group = {key: value for key, value in unfiltered(params).items() if key in outlet_params()}
    outlet = atlas.page("outlets", limit=1, offset=0, **(in_group | {"groups": params["groups"]})).outlet_id.iloc[0]
    chain = {"entity_id": outlet, "as_of": params["as_of"]}
    samples, rows = timed(lambda: atlas.query("entity_chain", **chain), repeats)
    measurement = Measurement("entity_chain of one outlet", samples, note=f"{outlet}: {len(rows):,} rows")
    return [at_most(measurement, CHAIN_MS, "20 ms (one entity's chain)")]


def outlet_params() -> set[str]:
    return query_parameters(query_sql("outlets"))


def page_files() -> list[Path]:
    return [PROJECT_ROOT / "dashboard.py", *sorted((PROJECT_ROOT / "pages").glob("*.py"))]


@contextlib.contextmanager
def pointing_at(db_path: Path, data_dir: Path):
    """The dashboard's environment, pointed at the bench database and the folder it was built from."""
    saved = {key: os.environ.get(key) for key in ("MEDIA_ATLAS_DB", "MEDIA_ATLAS_DATA")}
    os.environ["MEDIA_ATLAS_DB"], os.environ["MEDIA_ATLAS_DATA"] = str(db_path), str(data_dir)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def measure_pages(db_path: Path, data_dir: Path, repeats: int) -> list[Measurement]:
    """Each page's first run, its rerun (results cached, as when a widget changes nothing the queries read) and
    its rerun with the result caches cleared (as when a new filter sends every query to the database)."""
    import streamlit as st
    from streamlit import config
    from streamlit.logger import set_log_level
    from streamlit.testing.v1 import AppTest

    # AppTest runs without a server; its warnings about that would bury the table. Each run re-reads the level
    # from the config, so it is set there.
    config.set_option("logger.level", "error")
    set_log_level("error")

    measurements = []
    with pointing_at(db_path, data_dir):
        for path in page_files():
            name = path.stem
            app = AppTest.from_file(str(path), default_timeout=PAGE_TIMEOUT_S)
            started = time.perf_counter()
            app.run()
            first = [(time.perf_counter() - started) * 1000]
            if app.exception:
                error = "; ".join(str(e.message) for e in app.exception)[:300]
                measurements.append(Measurement(f"page {name}", first, note=f"ERROR: {error}", meets_target=False))
                continue

            def cold_rerun(app=app):
                st.cache_data.clear()
                app.run()

            rerun, _ = timed(app.run, repeats)
            cold, _ = timed(cold_rerun, repeats)
            measurements += [
                Measurement(f"page {name} first run", first),
                at_most(Measurement(f"page {name} rerun", rerun), PAGE_RERUN_MS, "300 ms (page rerun)"),
                at_most(Measurement(f"page {name} rerun, caches cleared", cold), PAGE_RERUN_MS, "300 ms (page rerun)"),
            ]
    return measurements


# ---------------------------------------------------------------------------------------------------------------
# Side by side: the same facet counts on DuckDB (the atlas's own queries), SQLite with indexes, pandas in memory.

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


# ---------------------------------------------------------------------------------------------------------------
# The run and its report.


def run_bench(
    scale: str, *, repeats: int = 7, build_repeats: int = 2, out_dir: Path | None = None, as_of: str | None = None
) -> list[Measurement]:
    """Every measurement at `scale`, in the order the table shows them."""
    out_dir = out_dir or scale_dir(scale)
    out_dir.mkdir(parents=True, exist_ok=True)
    as_of = as_of or dt.date.today().isoformat()
    data_dir = generate_in_child(scale, out_dir)
    db_path = out_dir / "atlas.duckdb"
    builds = [build_in_child(data_dir, db_path) for _ in range(build_repeats)]
    rows = builds[-1][2]
    build = Measurement(
        "build (validate + load + derive)",
        [seconds * 1000 for seconds, _, _ in builds],
        peak_rss_mb=round(max(rss for _, rss, _ in builds), 1),
        note=f"{rows['outlets']:,} outlets, {rows['ownership']:,} ownership links",
        extra={"outlets": rows["outlets"], "ownership_links": rows["ownership"]},
    )
    build_rss = Measurement("peak RSS of the build", [], peak_rss_mb=build.peak_rss_mb, target="≤ 1.5 GB")
    build_rss.meets_target = build_rss.peak_rss_mb <= PEAK_RSS_MB
    measurements = [at_most(build, BUILD_MS, "20 s (build)"), build_rss]

    atlas = Atlas(db_path)
    params = typical_params(atlas, as_of)
    measurements += measure_queries(atlas, params, repeats)
    measurements += measure_outlet_chain(atlas, params, repeats)
    measurements += measure_outlets_table(atlas, params, repeats, out_dir)
    measurements += measure_earlier_date(atlas, params, repeats)
    measurements += measure_pages(db_path, data_dir, repeats)
    serving = Measurement("peak RSS of queries, pages and export", [], peak_rss_mb=round(peak_rss_mb(), 1))
    serving.target, serving.meets_target = "≤ 1.5 GB", serving.peak_rss_mb <= PEAK_RSS_MB
    measurements.append(serving)
    measurements += measure_side_by_side(atlas, params, repeats, out_dir)
    atlas.connection.close()
    return measurements


def format_table(scale: str, measurements: list[Measurement]) -> str:
    header = ("measurement", "median ms", "p95 ms", "runs", "target", "ok", "notes")
    rows = [header]
    for m in measurements:
        notes = [m.note] if m.note else []
        if m.peak_rss_mb is not None:
            notes.append(f"peak RSS {m.peak_rss_mb:,.0f} MB")
        if m.sqlite_median_ms is not None:
            notes.append(
                f"SQLite {m.sqlite_median_ms:,.1f} ms (x{m.faster_than_sqlite:,.1f}), "
                f"pandas {m.pandas_median_ms:,.1f} ms (x{m.faster_than_pandas:,.1f})"
            )
        ok = "" if m.meets_target is None else ("yes" if m.meets_target else "NO")
        median = f"{m.median_ms:,.1f}" if m.samples_ms else "-"
        p95 = f"{m.p95_ms:,.1f}" if m.samples_ms else "-"
        rows.append((m.name, median, p95, str(len(m.samples_ms)), m.target, ok, "; ".join(notes)))
    widths = [max(len(row[i]) for row in rows) for i in range(len(header) - 1)]
    lines = [f"media-atlas bench --scale {scale}"]
    for row in rows:
        cells = [
            cell.rjust(w) if i in (1, 2, 3) else cell.ljust(w)
            for i, (cell, w) in enumerate(zip(row, widths, strict=False))
        ]
        lines.append("  ".join([*cells, row[-1]]).rstrip())
    return "\n".join(lines)


def write_json(path: Path, scale: str, measurements: list[Measurement]) -> None:
    objects = [{"scale": scale} | m.as_json() for m in measurements]
    path.write_text(json.dumps(objects, indent=2, ensure_ascii=False, allow_nan=False) + "\n", encoding="utf-8")


def run_from_cli(scale: str, json_path: Path | None, repeats: int, build_repeats: int | None) -> int:
    started = time.perf_counter()
    Progress.enabled = True
    # A build at 1M takes long enough that one run stays within the five minutes the whole benchmark may take.
    build_repeats = build_repeats or (1 if scale == "1m" else 3)
    measurements = run_bench(scale, repeats=repeats, build_repeats=build_repeats)
    print(format_table(scale, measurements))
    missed = [m.name for m in measurements if m.meets_target is False]
    print(f"{len(measurements)} measurements in {time.perf_counter() - started:.0f} s; targets missed: {len(missed)}")
    if json_path:
        write_json(json_path, scale, measurements)
        print(f"wrote {json_path}")
    return 0
