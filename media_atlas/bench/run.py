"""`media-atlas bench`: how fast the atlas answers at 10k, 100k or 1M outlets, beside SQLite and pandas.

One run: generate the seeded synthetic world (cached under bench/out/), build it with the production build (in a
child process, so its peak memory is its own), then time every named query with typical filters, every page's
Streamlit rerun (AppTest), the CSV export of all outlets, and the same facet counts on DuckDB, on SQLite with
indexes and on pandas in memory, checking that all three give the same answer. Medians and p95 of several runs.
"""

import datetime as dt
import json
import time
from pathlib import Path

from media_atlas.atlas import Atlas
from media_atlas.bench.engines import measure_side_by_side
from media_atlas.bench.machine import machine_check
from media_atlas.bench.scenarios import (
    build_in_child,
    generate_in_child,
    measure_outlet_chain,
    measure_outlets_table,
    measure_pages,
    measure_queries,
    page_views,
    typical_params,
)
from media_atlas.bench.synthetic import scale_dir
from media_atlas.bench.timing import BUILD_MS, PEAK_RSS_MB, Measurement, Progress, at_most, peak_rss_mb

# Besides today: a date inside the synthetic world's dated changes of owner and one before most of its links, which
# must cost what today costs (every stored form holds periods that any date filters).
EARLIER_DATES = ("2015-01-01", "1990-01-01")


def run_bench(
    scale: str,
    *,
    repeats: int = 7,
    build_repeats: int = 2,
    out_dir: Path | None = None,
    as_of: str | None = None,
    dates: tuple[str, ...] = EARLIER_DATES,
) -> list[Measurement]:
    """Every measurement at `scale`, in the order the table shows them: the build, then the questions and pages on
    `as_of` (default today) and on each of `dates`, then the facets beside SQLite and pandas; between a check of the
    machine's speed at the start and one at the end."""
    started = machine_check("at the start")
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
    measurements = [started, at_most(build, BUILD_MS, "20 s (build)"), build_rss]

    for day in (as_of, *dates):
        atlas = Atlas(db_path)
        params = typical_params(atlas, day)
        views = page_views(atlas, params)
        on_day = measure_queries(atlas, params, repeats)
        on_day += measure_outlet_chain(atlas, params, repeats)
        on_day += measure_outlets_table(atlas, params, repeats, out_dir)
        # A server holds one database open; the pages open their own, so the bench's is closed while they run.
        atlas.connection.close()
        on_day += measure_pages(db_path, data_dir, repeats, day, views)
        for measurement in on_day:
            measurement.as_of = day
        measurements += on_day
    atlas = Atlas(db_path)
    params = typical_params(atlas, as_of)
    serving = Measurement("peak RSS of queries, pages and export", [], peak_rss_mb=round(peak_rss_mb(), 1))
    serving.target, serving.meets_target = "≤ 1.5 GB", serving.peak_rss_mb <= PEAK_RSS_MB
    measurements.append(serving)
    measurements += measure_side_by_side(atlas, params, repeats, out_dir)
    atlas.connection.close()
    return [*measurements, machine_check("at the end")]


def run_navigation(scale: str, clicks: int) -> list[Measurement]:
    """The time to move to each page in Chromium, on the shipped data and on the world of `scale`."""
    from media_atlas import DATA_DIR
    from media_atlas.bench.navigation import measure_navigation

    shipped = scale_dir("shipped") / "atlas.duckdb"
    shipped.parent.mkdir(parents=True, exist_ok=True)
    build_in_child(DATA_DIR, shipped)
    out_dir = scale_dir(scale)
    out_dir.mkdir(parents=True, exist_ok=True)
    data_dir = generate_in_child(scale, out_dir)
    build_in_child(data_dir, out_dir / "atlas.duckdb")
    return [
        *measure_navigation(shipped, DATA_DIR, "shipped", clicks),
        *measure_navigation(out_dir / "atlas.duckdb", data_dir, scale, clicks),
    ]


def format_table(scale: str, measurements: list[Measurement]) -> str:
    """The table: a line above each date's measurements says the date (the build and the facets have none)."""
    header = ("measurement", "median ms", "p95 ms", "runs", "target", "ok", "notes")
    rows = [header]
    day = None
    for m in measurements:
        if m.as_of != day:
            day = m.as_of
            rows.append((f"-- {'on ' + day if day else 'on every date'}", "", "", "", "", "", ""))
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


def run_from_cli(
    scale: str, json_path: Path | None, repeats: int, build_repeats: int | None, *, navigation: bool = False
) -> int:
    started = time.perf_counter()
    Progress.enabled = True
    # A build at 1M takes long enough that one run stays within the five minutes the whole benchmark may take.
    build_repeats = build_repeats or (1 if scale == "1m" else 3)
    measurements = (
        run_navigation(scale, repeats) if navigation else run_bench(scale, repeats=repeats, build_repeats=build_repeats)
    )
    print(format_table(f"{scale} --navigation" if navigation else scale, measurements))
    missed = [f"{m.name} {m.as_of}".strip() for m in measurements if m.meets_target is False]
    print(f"{len(measurements)} measurements in {time.perf_counter() - started:.0f} s; targets missed: {len(missed)}")
    if json_path:
        write_json(json_path, scale, measurements)
        print(f"wrote {json_path}")
    return 0
