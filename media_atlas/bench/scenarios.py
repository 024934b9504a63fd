"""What the bench measures on the atlas itself: the build (in a child process, so its peak memory is its own), every
named query with typical filters, the Outlets table and its CSV, an earlier date, one outlet's chain, every page."""

import contextlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from media_atlas import PROJECT_ROOT
from media_atlas.atlas import Atlas, QueryError, query_names, query_parameters, query_sql
from media_atlas.bench.timing import (
    CHAIN_MS,
    CSV_EXPORT_MS,
    FETCHED_ROWS_AT_MOST,
    FILTER_QUERY_MS,
    LOOKTHROUGH_MS,
    PAGE_RERUN_MS,
    PAGE_TIMEOUT_S,
    BenchError,
    Measurement,
    at_most,
    timed,
)
from media_atlas.filters import NARROWING_PARAMETERS, no_filters

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
        "person_ids": [],
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


# Queries no page reads beyond their first rows, timed as the pages ask: the finders list at most 50 matches (the
# Ownership page's), each row saying how many match in all.
FIRST_ROWS_ASKED = {"entity_search": 50}


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
        if name in FIRST_ROWS_ASKED:
            first = FIRST_ROWS_ASKED[name]
            samples, _ = timed(
                lambda name=name, first=first: atlas.page(name, limit=first, offset=0, **params), repeats
            )
            note = f"the first {first} of {total:,} rows, as the pages ask"
        elif total > FETCHED_ROWS_AT_MOST:
            samples, _ = timed(lambda name=name: atlas.count(name, **params), repeats)
            note = f"{total:,} rows, counted in DuckDB (no page fetches that many)"
        else:
            samples, _ = timed(lambda name=name: atlas.query(name, **params), repeats)
            note = f"{total:,} rows"
        measurement = Measurement(f"query {name}", samples, note=note)
        if name == "lookthrough":
            at_most(measurement, LOOKTHROUGH_MS, "2 s (full look-through)")
        elif name == "entity_chain":
            # The biggest group's whole chain is no one outlet's: what an analyst waits for is its Profile page,
            # held to the pages' target (page_views); one outlet's chain to CHAIN_MS (measure_outlet_chain).
            measurement.note += " (the biggest group's whole chain)"
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
    """How many rows of an outlets CSV come before the row above them in the outlets query's order (media type,
    country, founding date, id; unknown values last). DuckDB writes a COPY on every thread, in no order, unless each
    step of its select keeps the order: the rows of another date, with that date's groups joined in, came out of an
    unsorted COPY with some ninety of 878k rows out of order."""
    quoted = str(csv_path).replace("'", "''")
    order = ["media_type", "country", "founded", "outlet_id"]
    key = ", ".join(f"{column} is null, {column}" for column in order)
    in_file_order = (
        f"select ({key}) as key, lag(({key})) over () as previous from read_csv('{quoted}', all_varchar = true)"
    )
    query = f"select count(*) filter (where previous is not null and key < previous) from ({in_file_order})"
    return atlas.connection.cursor().execute(query).fetchall()[0][0]


def measure_outlet_chain(atlas: Atlas, params: dict, repeats: int) -> list[Measurement]:
    """One outlet's chain: the question an analyst asks most (who is above this channel?), beside the biggest
    group's whole chain that `query entity_chain` measures."""
    if "entity_chain" not in query_names() or not params["groups"]:
        return []
    outlet = group_outlet(atlas, params)
    chain = {"entity_id": outlet, "as_of": params["as_of"]}
    samples, rows = timed(lambda: atlas.query("entity_chain", **chain), repeats)
    measurement = Measurement("entity_chain of one outlet", samples, note=f"{outlet}: {len(rows):,} rows")
    return [at_most(measurement, CHAIN_MS, "20 ms (one outlet's chain)")]


def group_outlet(atlas: Atlas, params: dict) -> str:
    """The biggest group's first outlet by name: the same outlet in every run."""
    in_group = {key: value for key, value in unfiltered(params).items() if key in outlet_params()}
    first = atlas.page("outlets", limit=1, offset=0, sort="name", **(in_group | {"groups": params["groups"]}))
    return first.outlet_id.iloc[0]


def page_views(atlas: Atlas, params: dict) -> list[tuple[str, Path, dict]]:
    """Each page as it opens (name, file, URL parameters), and the Profile (which opens as a finder) of an outlet and
    of the date's biggest group, whose chain runs to hundreds of thousands of links."""
    views = [(path.stem, path, {}) for path in page_files()]
    if params["groups"]:
        profile = next(path for path in page_files() if path.stem.endswith("_Profile"))
        views += [
            (f"{profile.stem} of one outlet", profile, {"id": group_outlet(atlas, params)}),
            (f"{profile.stem} of the biggest group", profile, {"id": params["groups"][0]}),
        ]
    return views


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


def measure_pages(
    db_path: Path, data_dir: Path, repeats: int, as_of: str, views: list[tuple[str, Path, dict]]
) -> list[Measurement]:
    """Each view's (page_views) first run on `as_of`, its rerun (results cached, as when a widget changes nothing the
    queries read) and its rerun with the result caches cleared (as when a new filter sends every query to the
    database)."""
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
        for name, path, url_params in views:
            app = AppTest.from_file(str(path), default_timeout=PAGE_TIMEOUT_S)
            app.query_params["as_of"] = as_of
            for key, value in url_params.items():
                app.query_params[key] = value
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
    st.cache_resource.clear()  # closes the pages' database: the bench's own opens next, never beside it
    return measurements
