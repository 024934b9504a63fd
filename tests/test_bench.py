"""The benchmark end to end at the 10k scale: it generates, builds, measures everything and writes its JSON.

Timings are the benchmark's business, never asserted here; this checks that every measurement is produced, that
DuckDB, SQLite and pandas agree (the bench raises otherwise) and that the synthetic world has the promised shape.
"""

import json
import re

import duckdb
import pytest

from media_atlas.atlas import query_names
from media_atlas.bench.run import EARLIER_DATES, format_table, run_bench, write_json
from media_atlas.bench.scenarios import page_files
from media_atlas.bench.synthetic import SCALES, ensure_generated, generate

QUERY_NAMES = query_names()
# Besides every page as it opens, the Profile of an outlet and of the biggest group.
PROFILES_OPENED = ("8_Profile of one outlet", "8_Profile of the biggest group")


@pytest.fixture(scope="session")
def bench_run(tmp_path_factory):
    out_dir = tmp_path_factory.mktemp("bench")
    measurements = run_bench("10k", repeats=2, build_repeats=1, out_dir=out_dir, as_of="2026-11-27")
    return out_dir, measurements


def test_every_measurement_is_produced(bench_run):
    _, measurements = bench_run
    names = [m.name for m in measurements]
    on_each_date = [
        *(f"query {name}" for name in QUERY_NAMES),
        "entity_chain of one outlet",
        "outlets first page, no filter",
        "outlets count, no filter",
        "CSV export of all outlets",
        *(
            f"page {view}{suffix}"
            for view in (*(path.stem for path in page_files()), *PROFILES_OPENED)
            for suffix in (" first run", " rerun", " rerun, caches cleared")
        ),
    ]
    expected = [
        "machine check, at the start: a fixed loop on one core",
        "build (validate + load + derive)",
        "peak RSS of the build",
        *(on_each_date * (1 + len(EARLIER_DATES))),
        "peak RSS of queries, pages and export",
        "facet outlets per country",
        "facet outlets per media type",
        "facet per country, filtered by type + founded + text",
        "facet per media type, filtered by countries + founded + text",
        "count of outlets filtered by countries + type + founded + text",
        "machine check, at the end: a fixed loop on one core",
    ]
    assert names == expected
    checks = [m for m in measurements if m.name.startswith("machine check")]
    together = r"on two cores at once [0-9,]+ and [0-9,]+ ms"
    assert all(m.samples_ms[0] > 0 and re.fullmatch(together, m.note) for m in checks)
    dates = [m.as_of for m in measurements if m.as_of]
    assert sorted(set(dates)) == sorted({"2026-11-27", *EARLIER_DATES})
    assert all(dates.count(day) == len(on_each_date) for day in set(dates))
    timed = [m for m in measurements if not m.name.startswith("peak RSS")]  # a failed query or page has no times
    assert all(m.samples_ms and not m.note.startswith(("ERROR", "skipped")) for m in timed), [
        (m.name, m.note) for m in timed if not m.samples_ms or m.note.startswith(("ERROR", "skipped"))
    ]
    build = next(m for m in measurements if m.name.startswith("build"))
    assert build.extra == {"outlets": 10_000, "ownership_links": build.extra["ownership_links"]}
    assert 1.8 <= build.extra["ownership_links"] / 10_000 <= 2.2
    assert all(m.peak_rss_mb > 0 for m in measurements if m.name.startswith("peak RSS"))


def test_json_has_one_object_per_measurement_with_ratios(bench_run, tmp_path):
    _, measurements = bench_run
    path = tmp_path / "bench.json"
    write_json(path, "10k", measurements)
    objects = json.loads(path.read_text(encoding="utf-8"))
    assert [o["name"] for o in objects] == [m.name for m in measurements]
    assert all({"name", "median_ms", "p95_ms", "scale"} <= o.keys() for o in objects)
    facets = [o for o in objects if "sqlite_median_ms" in o]
    assert len(facets) == 5
    assert all({"faster_than_sqlite", "faster_than_pandas", "pandas_median_ms"} <= o.keys() for o in facets)
    assert "peak_rss_mb" in next(o for o in objects if o["name"].startswith("build"))
    table = format_table("10k", measurements)
    assert table.splitlines()[0] == "media-atlas bench --scale 10k"
    sections = sum(
        1
        for before, m in zip([None, *measurements], measurements, strict=False)
        if m.as_of != getattr(before, "as_of", None)
    )
    assert sections == 5  # the machine check and the build, three dates, the facets and the check at the end
    assert len(table.splitlines()) == len(measurements) + 2 + sections
    assert "-- on 1990-01-01" in table.splitlines()


def test_synthetic_world_has_the_promised_shape(bench_run):
    out_dir, _ = bench_run
    with duckdb.connect(str(out_dir / "atlas.duckdb"), read_only=True) as con:
        (countries, media_types, ranged, unknown, dated, people, parties) = con.execute(
            """
            select
                (select count(distinct country) from outlets),
                (select count(distinct media_type) from outlets),
                (select count(*) from ownership where share_min < share_max),
                (select count(*) from ownership where share_min is null and interest = 'shareholding'),
                (select count(*) from ownership where end_date is not null),
                (select count(*) from roles),
                (select count(*) from partnership_parties)
            """
        ).fetchall()[0]
        sourced = con.execute("select count(*) from ownership where source_id is null").fetchall()[0][0]
        depths = con.execute(
            """
            with recursive majority as (
                select owner_id, owned_id from ownership
                where (interest = 'control' or share_min > 50) and end_date is null
            ),
            up(outlet_id, entity_id, depth) as (
                select outlet_id, outlet_id, 0 from outlets
                union all
                select up.outlet_id, majority.owner_id, up.depth + 1
                from up join majority on majority.owned_id = up.entity_id
                where up.depth < 10
            )
            select min(depth), max(depth) from (select max(depth) as depth from up group by outlet_id) where depth > 0
            """
        ).fetchall()[0]
    assert countries == 200
    assert media_types == 6
    assert min(ranged, unknown, dated, people, parties) > 0
    assert sourced == 0
    assert depths == (1, 6)


def test_generation_is_deterministic(tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    generate(500, first)
    generate(500, second)
    for path in sorted(first.glob("*/*.csv")):
        assert path.read_bytes() == (second / path.parent.name / path.name).read_bytes(), path.name


def test_unknown_scale_is_refused(tmp_path):
    with pytest.raises(ValueError, match="unknown scale '2m'; use one of: 10k, 100k, 1m"):
        ensure_generated("2m", tmp_path)
    assert set(SCALES) == {"10k", "100k", "1m"}
