"""Find the table files under data/ and read their bytes, refusing what the build cannot read.

A table file is `data/<layer>/<table>.csv`, a regular file (a symbolic link to one counts). Any other CSV file under
data/ is reported, not silently ignored; a named pipe, a folder or a broken link is refused without opening it for
reading, so nothing hangs.
"""

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path

_KINDS = {
    stat.S_IFIFO: "a named pipe",
    stat.S_IFSOCK: "a socket",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
}


@dataclass(frozen=True)
class Misplaced:
    """A CSV file under data/ that the build does not read, and the table it looks like (if any)."""

    path: Path
    table: str | None
    message: str


def is_csv_name(name: str) -> bool:
    return name.lower().endswith(".csv")


def table_files(data_dir: Path) -> tuple[list[Path], list[Misplaced]]:
    """The `<layer>/*.csv` entries the build reads (whatever their kind), and every other CSV file under data_dir."""
    found: list[Path] = []
    misplaced: list[Misplaced] = []
    for entry in sorted(data_dir.iterdir()):
        if entry.is_dir() and not entry.is_symlink():
            found += _layer_files(entry, misplaced)
        elif is_csv_name(entry.name):
            message = f"not read: a table file goes in a layer folder, as {data_dir / 'curated' / entry.name.lower()}"
            misplaced.append(Misplaced(entry, _stem(entry.name), message))
    return found, misplaced


def _layer_files(layer: Path, misplaced: list[Misplaced]) -> list[Path]:
    found = []
    for entry in sorted(layer.iterdir()):
        if entry.name.endswith(".csv"):
            found.append(entry)
        elif is_csv_name(entry.name):
            message = f"not read: the build reads names ending in lowercase .csv; rename it {_stem(entry.name)}.csv"
            misplaced.append(Misplaced(entry, _stem(entry.name), message))
        elif entry.is_dir() and not entry.is_symlink():
            for folder, _, names in sorted(os.walk(entry)):
                for name in sorted(n for n in names if is_csv_name(n)):
                    message = f"not read: the build reads no subfolder of a layer; move it to {layer / name.lower()}"
                    misplaced.append(Misplaced(Path(folder) / name, _stem(name), message))
    return found


def _stem(name: str) -> str:
    return name[: -len(".csv")].lower()


class Unreadable(Exception):
    """A table file that is not a regular file or cannot be opened; the message says which and why."""


def read_regular_file(path: Path) -> bytes:
    """The bytes of path, a regular file; raise Unreadable for anything else, without blocking on a pipe."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError:
        if path.is_symlink():
            raise Unreadable(f"is a symbolic link to '{os.readlink(path)}', which does not exist") from None
        raise Unreadable("no longer exists") from None
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise Unreadable("is a symbolic link that leads back to itself (a loop)") from None
        raise Unreadable(f"cannot be read: {error.strerror.lower()}") from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        if stat.S_ISDIR(mode):
            raise Unreadable("is a folder, not a file; a table is one CSV file")
        kind = _KINDS.get(stat.S_IFMT(mode), "a special file")
        raise Unreadable(f"is {kind}, not a regular file; a table is one CSV file")
    with os.fdopen(fd, "rb") as file:
        try:
            return file.read()
        except OSError as error:
            raise Unreadable(f"cannot be read: {error.strerror.lower()}") from None
