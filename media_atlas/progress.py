"""Progress of long work (build, imports, exports) on a terminal: stages and counts on stderr, drawn by rich.

Work reports through a `Progress` and never prints itself; off a terminal (a test, a pipe, CI) nothing is drawn, so
the commands' final summary lines on stdout stay exactly as they were.
"""

import sys
from collections.abc import Iterator
from contextlib import contextmanager


class Progress:
    """Stages of one piece of work, each with an optional count of items done out of a total."""

    def __init__(self, enabled: bool | None = None):
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self._bar = None

    def __enter__(self) -> "Progress":
        if self.enabled:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self._bar = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=Console(stderr=True),
                transient=False,
            )
            self._bar.start()
        return self

    def __exit__(self, *exc) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None

    @contextmanager
    def stage(self, description: str, total: int | None = None) -> Iterator["Stage"]:
        """One step of the work; advance its count as items are done."""
        task = self._bar.add_task(description, total=total) if self._bar is not None else None
        stage = Stage(self._bar, task)
        try:
            yield stage
        finally:
            if self._bar is not None:
                self._bar.update(task, total=stage.done if total is None else total, completed=stage.done or total)


class Stage:
    def __init__(self, bar, task):
        self._bar, self._task, self.done = bar, task, 0

    def advance(self, count: int = 1) -> None:
        self.done += count
        if self._bar is not None:
            self._bar.update(self._task, completed=self.done)


QUIET = Progress(enabled=False)
