"""Measuring: a measurement with its samples and target, timing an action, memory held."""

import resource
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

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
    as_of: str = ""  # the date the atlas answered for; empty for what no date changes (the build, the facets)

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
