"""Memory the Python side frees goes back to the system. A module of its own, so a test's fresh interpreter can set
it without loading pandas, whose own allocations change what glibc holds."""

import ctypes
import sys

# glibc's malloc (Python's, pandas', Streamlit's) otherwise keeps what they free: a freed large block raises the size
# below which blocks come from the heap (so the next ones stay there), and each thread that allocates (a script
# run) gets an arena of its own. Fixed thresholds and two arenas give the freed pages back, so a server's Python
# side does not add its past peaks to DuckDB's. (DuckDB allocates with its own jemalloc.)
M_TRIM_THRESHOLD, M_MMAP_THRESHOLD, M_ARENA_MAX = -1, -3, -8
GLIBC_MALLOC_OPTIONS = {M_TRIM_THRESHOLD: 1 << 20, M_MMAP_THRESHOLD: 1 << 20, M_ARENA_MAX: 2}


def give_freed_memory_back() -> bool:
    """Set glibc's malloc options (GLIBC_MALLOC_OPTIONS) for this process; False where malloc is not glibc's."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        mallopt = ctypes.CDLL("libc.so.6").mallopt
    except (OSError, AttributeError):  # another C library (musl)
        return False
    return all(mallopt(option, value) == 1 for option, value in GLIBC_MALLOC_OPTIONS.items())
