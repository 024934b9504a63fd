"""The `media-atlas` command line: validate, build (and the commands later issues add)."""

import argparse
import sys
from pathlib import Path

from media_atlas import DATA_DIR
from media_atlas.build import build, default_db_path
from media_atlas.validate import ValidationError, validate


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
    width = max(len(name) for name in report.row_counts)
    for name, count in report.row_counts.items():
        print(f"{name:<{width}}  {count:>9,}")
    for layer, counts in report.layer_counts.items():
        print(f"layer {layer}: " + ", ".join(f"{name} {count:,}" for name, count in counts.items()))
    print(f"built {report.db_path} in {report.seconds:.2f} s")
    return 0


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
    return root


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if getattr(args, "db", "unset") is None:
        args.db = default_db_path()
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
