"""How fast this machine's cores run while the bench does: one fixed loop of Python timed on one core, then on two at
once. On a shared machine, other work on the host can slow a core for minutes at a time, and every timing moves
with it. A check at the start and at the end of a run tells a slowed machine from a slowed atlas."""

import subprocess
import sys
import time

from media_atlas.bench.timing import Measurement

LOOP_STEPS = 10_000_000
# Long enough for both children to start Python and import this module before the loop begins.
CHILD_START_S = 1.0


def loop_ms(steps: int = LOOP_STEPS) -> float:
    """Milliseconds for a fixed loop of Python: one core's speed, whatever the atlas does."""
    started = time.perf_counter()
    total = 0
    for step in range(steps):
        total += step
    return (time.perf_counter() - started) * 1000


def loop_at(start: float) -> None:
    """Wait until the wall-clock time `start`, then print the loop's time: two processes given one start run it at
    once."""
    time.sleep(max(0.0, start - time.time()))
    print(loop_ms())


def machine_check(when: str) -> Measurement:
    """The loop on one core alone, and on each of two at once: a core slowed by its host shows as the second time of
    the pair well above the first. (Two Python processes of their own, each told when to start: a fork would copy
    DuckDB's threads, and multiprocessing's spawned workers never reported once the bench had run its pages.)"""
    alone = loop_ms()
    start = time.time() + CHILD_START_S
    code = f"from media_atlas.bench.machine import loop_at; loop_at({start!r})"
    children = [subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True) for _ in range(2)]
    together = sorted(float(child.communicate()[0]) for child in children)
    return Measurement(
        f"machine check, {when}: a fixed loop on one core",
        [alone],
        note=f"on two cores at once {together[0]:,.0f} and {together[1]:,.0f} ms",
    )
