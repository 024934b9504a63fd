"""The `media-atlas` command line: validate, build (and the commands later issues add)."""

import argparse
import csv
import json
import os
import sys
import time
from pathlib import Path

from media_atlas import DATA_DIR
from media_atlas.build.load import Terminated, build, default_db_path
from media_atlas.build.staging import ValidationError
from media_atlas.build.validate import validate
from media_atlas.exchange.tables import FORMATS, ExportRefused, export_tables
from media_atlas.importers.bods import BodsFileError, import_bods
from media_atlas.importers.duplicates import duplicate_lines
from media_atlas.importers.iptv_org import import_iptv_org
from media_atlas.importers.review import dangling_references, report_lines
from media_atlas.importers.wikidata import import_wikidata
from media_atlas.progress import Progress


def cmd_validate(args: argparse.Namespace) -> int:
    problems = validate(args.data)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s) in {args.data}", file=sys.stderr)
        return 1
    print(f"{args.data}: no problems")
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    try:
        with Progress() as progress:
            report = build(args.data, args.db, progress)
    except ValidationError as error:
        for problem in error.problems:
            print(problem)
        print(f"{len(error.problems)} problem(s) in {args.data}; {args.db} left as it was", file=sys.stderr)
        return 1
    except Terminated as error:
        print(f"{error}; {args.db} left as it was", file=sys.stderr)
        return 143
    width = max(len(name) for name in report.row_counts)
    for name, count in report.row_counts.items():
        print(f"{name:<{width}}  {count:>9,}")
    for layer, counts in report.layer_counts.items():
        print(f"layer {layer}: " + ", ".join(f"{name} {count:,}" for name, count in counts.items()))
    print(f"built {report.db_path} in {report.seconds:.2f} s")
    return 0


CORES = os.cpu_count() or 1
IMPORTERS = {"bods": import_bods, "iptv-org": import_iptv_org, "wikidata": import_wikidata}


def cmd_import(args: argparse.Namespace) -> int:
    if not args.path.exists():
        print(f"no such file or folder: {args.path}", file=sys.stderr)
        return 1
    try:
        if args.source == "bods":
            with Progress() as progress:
                report = import_bods(args.path, args.data, progress)
        else:
            report = IMPORTERS[args.source](args.path, args.data)
    except (BodsFileError, ValueError, csv.Error, UnicodeDecodeError) as error:
        print(f"{args.path}: cannot import: {error}; {args.data / args.source} left as it was", file=sys.stderr)
        return 1
    print("\n".join(report.lines()))
    for layer, ids in dangling_references(args.data).items():
        shown = ", ".join(ids[:5]) + (" ..." if len(ids) > 5 else "")
        print(
            f"layer {layer} names {len(ids)} id(s) no layer defines any more ({shown}); "
            f"re-run `media-atlas import {layer}` so it reconciles its owners again",
            file=sys.stderr,
        )
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    if not args.db.exists():
        print(f"no database at {args.db}: run `media-atlas build` first", file=sys.stderr)
        return 1
    started = time.perf_counter()
    try:
        with Progress() as progress:
            if args.format == "bods":
                from media_atlas.exchange.bods_out import export_bods

                report = export_bods(
                    args.db, args.path, as_of=args.as_of, look_through=args.look_through, progress=progress
                )
                lines = report.lines()
            else:
                written = export_tables(args.db, args.path, args.format, progress)
                lines = [f"{t.table}: {t.rows:,} rows -> {t.path}" for t in written]
    except ExportRefused as refused:
        print(f"{args.path}: not written: {refused}", file=sys.stderr)
        return 1
    except ValueError as error:  # an --as-of that is no date
        print(f"{args.path}: not written: {error}", file=sys.stderr)
        return 1
    print("\n".join(lines))
    print(f"exported {args.format} to {args.path} in {time.perf_counter() - started:.2f} s")
    return 0


def cmd_propose(args: argparse.Namespace) -> int:
    from media_atlas.curate.propose import proposal_lines, propose

    if not args.article.exists():
        print(f"no such file: {args.article}", file=sys.stderr)
        return 1
    text = args.article.read_text(encoding="utf-8-sig")
    proposal = propose(text, url=args.url, published=args.published, publisher=args.publisher, data_dir=args.data)
    if args.json:
        print(json.dumps(proposal, indent=2, ensure_ascii=False))
    else:
        print("\n".join(proposal_lines(proposal)))
    return 0


def cmd_reconcile(args: argparse.Namespace) -> int:
    if args.merge and not args.duplicates:
        print("--merge goes with --duplicates", file=sys.stderr)
        return 2
    if args.duplicates:
        print("\n".join(duplicate_lines(args.data, args.limit, args.merge)))
    else:
        print("\n".join(report_lines(args.data, args.limit)))
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    if args.load:
        from media_atlas.bench.load import run_load_from_cli  # playwright loads only for the load test

        return run_load_from_cli(args.sessions, args.seconds, args.replicas, args.browser, args.json)
    from media_atlas.bench.run import run_from_cli  # streamlit, SQLite and pandas load only for the benchmark

    return run_from_cli(args.scale, args.json, args.repeats, args.build_repeats, navigation=args.navigation)


def cmd_serve(args: argparse.Namespace) -> int:
    from media_atlas.serve import serve

    return serve(args.replicas, args.port, args.address, args.run_dir)


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="media-atlas", description="Media Ownership Atlas: who owns the news.")
    commands = root.add_subparsers(dest="command", required=True)

    check = commands.add_parser("validate", help="check every layer under the data folder")
    check.add_argument("--data", type=Path, default=DATA_DIR, help="data folder (default: data/)")
    check.set_defaults(run=cmd_validate)

    make = commands.add_parser("build", help="validate, then build the database atomically")
    make.add_argument("--data", type=Path, default=DATA_DIR, help="data folder (default: data/)")
    make.add_argument(
        "--db", type=Path, default=None, help="database path (default: $MEDIA_ATLAS_DB or data/atlas.duckdb)"
    )
    make.set_defaults(run=cmd_build)

    load = commands.add_parser("import", help="write a public dataset as its own layer under the data folder")
    load.add_argument("source", choices=sorted(IMPORTERS), help="which dataset")
    load.add_argument("path", type=Path, help="the dataset's file (or, for iptv-org, its folder)")
    load.add_argument("--data", type=Path, default=DATA_DIR, help="data folder (default: data/)")
    load.set_defaults(run=cmd_import)

    out = commands.add_parser("export", help="write every table (parquet, csv, xlsx) or BODS 0.4 statements")
    out.add_argument("format", choices=[*FORMATS, "bods"], help="what to write")
    out.add_argument("path", type=Path, help="folder (parquet, csv) or file (xlsx, bods JSON) to write")
    out.add_argument(
        "--db", type=Path, default=None, help="database path (default: $MEDIA_ATLAS_DB or data/atlas.duckdb)"
    )
    out.add_argument("--as-of", default=None, help="bods: only the interests and entities that count on this date")
    out.add_argument(
        "--look-through",
        action="store_true",
        help="bods: add each owner's indirect interest (effective share) on --as-of (default: today)",
    )
    out.set_defaults(run=cmd_export)

    article = commands.add_parser("propose", help="the curated rows a news article about an agreement proposes")
    article.add_argument("article", type=Path, help="the article as a text file")
    article.add_argument("--url", default="", help="the article's address, for its source row")
    article.add_argument("--published", default="", help="its publication date (default: its 'date' line, if any)")
    article.add_argument("--publisher", default="", help="who published it (default: the agency it credits)")
    article.add_argument("--json", action="store_true", help="print a JSON object keyed by table name")
    article.add_argument(
        "--data", type=Path, default=DATA_DIR, help="data folder whose names it knows (default: data/)"
    )
    article.set_defaults(run=cmd_propose)

    review = commands.add_parser("reconcile", help="review how imported owners and outlets match curated ones")
    report = review.add_mutually_exclusive_group(required=True)
    report.add_argument("--report", action="store_true", help="print the owner review report")
    report.add_argument(
        "--duplicates", action="store_true", help="print the duplicate outlets and organisations: attached, to review"
    )
    review.add_argument(
        "--merge", action="store_true", help="with --duplicates: record the certain pairs in curated identifiers"
    )
    review.add_argument("--limit", type=int, default=50, help="names listed per section (default: 50)")
    review.add_argument("--data", type=Path, default=DATA_DIR, help="data folder (default: data/)")
    review.set_defaults(run=cmd_reconcile)

    timing = commands.add_parser("bench", help="time the atlas on a synthetic world, beside SQLite and pandas")
    kind = timing.add_mutually_exclusive_group(required=True)
    kind.add_argument("--scale", choices=["10k", "100k", "1m"], help="how many outlets")
    kind.add_argument(
        "--load", action="store_true", help="many browser sessions at once: one process, then `serve --replicas`"
    )
    timing.add_argument("--json", type=Path, default=None, help="also write the measurements as JSON to this path")
    timing.add_argument("--repeats", type=int, default=7, help="timed runs per measurement (default: 7)")
    timing.add_argument("--build-repeats", type=int, default=None, help="builds timed (default: 3; 1 at 1m)")
    timing.add_argument(
        "--navigation",
        action="store_true",
        help="instead, time a click on each page's link in Chromium until the page has drawn, on the shipped data "
        "and on this scale's world (--repeats clicks per page after a warm-up round)",
    )
    timing.add_argument("--sessions", type=int, default=20, help="--load: browser sessions at once (default: 20)")
    timing.add_argument("--seconds", type=float, default=60, help="--load: how long each run lasts (default: 60)")
    timing.add_argument("--replicas", type=int, default=CORES, help=f"--load: replicas served (default: {CORES})")
    timing.add_argument("--browser", action="store_true", help="--load: Chromium pages instead of stream clients")
    timing.set_defaults(run=cmd_bench)

    many = commands.add_parser("serve", help="the dashboard for many analysts: replicas behind nginx")
    many.add_argument("--replicas", type=int, default=CORES, help=f"Streamlit processes (default: cores, {CORES})")
    many.add_argument("--port", type=int, default=8501, help="the port analysts open (default: 8501)")
    many.add_argument("--address", default="0.0.0.0", help="the address nginx listens on (default: all)")
    many.add_argument("--run-dir", type=Path, default=None, help="nginx config and logs (default: a temporary one)")
    many.set_defaults(run=cmd_serve)
    return root


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if getattr(args, "db", "unset") is None:
        args.db = default_db_path()
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
