"""How long each dashboard page takes to rerun under AppTest on the shipped data: the median of several reruns after
a first run has warmed the caches (a rerun is what a user waits for after touching a widget). Prints, never asserts.

    python -m tests.page_rerun_times [--reruns N]
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

from media_atlas import DATA_DIR, PROJECT_ROOT
from media_atlas.build.load import build

PAGES = ["dashboard.py", *sorted(str(path.relative_to(PROJECT_ROOT)) for path in (PROJECT_ROOT / "pages").glob("*.py"))]


def rerun_seconds(page: str, reruns: int) -> tuple[float, float]:
    """The first run's time and the median rerun time of one page."""
    app = AppTest.from_file(str(PROJECT_ROOT / page), default_timeout=120)
    started = time.perf_counter()
    app.run()
    first = time.perf_counter() - started
    if app.exception:
        sys.exit(f"{page} failed: {app.exception[0].message}")
    times = []
    for _ in range(reruns):
        started = time.perf_counter()
        app.run()
        times.append(time.perf_counter() - started)
    return first, statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reruns", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db_path = Path(folder) / "atlas.duckdb"
        report = build(DATA_DIR, db_path)
        os.environ["MEDIA_ATLAS_DB"] = str(db_path)
        os.environ["MEDIA_ATLAS_DATA"] = str(DATA_DIR)
        print(f"shipped data: {report.row_counts['outlets']:,} outlets, {report.row_counts['ownership']:,} links")
        print(f"{'page':<28} {'first run':>10} {'median rerun':>13}")
        for page in PAGES:
            first, median = rerun_seconds(page, args.reruns)
            print(f"{page:<28} {first * 1000:>8.0f}ms {median * 1000:>11.0f}ms")


if __name__ == "__main__":
    main()
