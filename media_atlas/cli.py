"""The `media-atlas` command line: validate, build (and the commands later issues add)."""

import argparse
import csv
import sys
from pathlib import Path

from media_atlas import DATA_DIR
from media_atlas.build.load import Terminated, build, default_db_path
from media_atlas.build.staging import ValidationError
from media_atlas.build.validate import validate
from media_atlas.importers.iptv_org import import_iptv_org
from media_atlas.importers.review import dangling_references, report_lines
from media_atlas.importers.wikidata import import_wikidata


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
        report = build(args.data, args.db)
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


IMPORTERS = {"iptv-org": import_iptv_org, "wikidata": import_wikidata}


def cmd_import(args: argparse.Namespace) -> int:
    if not args.path.exists():
        print(f"no such file or folder: {args.path}", file=sys.stderr)
        return 1
    try:
        report = IMPORTERS[args.source](args.path, args.data)
    except (ValueError, csv.Error, UnicodeDecodeError) as error:
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


def cmd_reconcile(args: argparse.Namespace) -> int:
    print("\n".join(report_lines(args.data, args.limit)))
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    from media_atlas.bench.run import run_from_cli  # streamlit, SQLite and pandas load only for the benchmark

    return run_from_cli(args.scale, args.json, args.repeats, args.build_repeats)


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

    review = commands.add_parser("reconcile", help="review how imported owner names match curated organisations")
    review.add_argument("--report", action="store_true", required=True, help="print the review report")
    review.add_argument("--limit", type=int, default=50, help="names listed per section (default: 50)")
    review.add_argument("--data", type=Path, default=DATA_DIR, help="data folder (default: data/)")
    review.set_defaults(run=cmd_reconcile)

    timing = commands.add_parser("bench", help="time the atlas on a synthetic world, beside SQLite and pandas")
    timing.add_argument("--scale", choices=["10k", "100k", "1m"], required=True, help="how many outlets")
    timing.add_argument("--json", type=Path, default=None, help="also write the measurements as JSON to this path")
    timing.add_argument("--repeats", type=int, default=7, help="timed runs per measurement (default: 7)")
    timing.add_argument("--build-repeats", type=int, default=None, help="builds timed (default: 3; 1 at 1m)")
    timing.set_defaults(run=cmd_bench)
    return root


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if getattr(args, "db", "unset") is None:
        args.db = default_db_path()
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
