"""Memory the Python side frees goes back to the system once an atlas is open, so a server's past peaks do not stay
added to DuckDB's (glibc's malloc options: see GLIBC_MALLOC_OPTIONS in media_atlas/memory.py)."""

import subprocess
import sys

import pytest

from media_atlas import PROJECT_ROOT
from media_atlas.memory import give_freed_memory_back

# In a fresh interpreter: a large block freed (as pandas frees a big frame: glibc then raises its threshold, up to
# 32 MB), then blocks of a few MB, each followed by a small one that stays; the MB still held once they are freed.
HELD_AFTER_FREEING = """
import sys
from media_atlas.memory import give_freed_memory_back

def rss_mb():
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:")) / 1024

if sys.argv[1] == "given back":
    assert give_freed_memory_back()
large = bytearray(16 << 20)
del large
before = rss_mb()
blocks, kept = [], []
for _ in range(32):
    blocks.append(bytearray(2 << 20))
    kept.append(bytearray(4096))
del blocks
print(rss_mb() - before)
"""


def held_after_freeing(mode: str) -> float:
    done = subprocess.run(
        [sys.executable, "-c", HELD_AFTER_FREEING, mode], capture_output=True, text=True, cwd=PROJECT_ROOT, check=True
    )
    return float(done.stdout.strip().splitlines()[-1])


@pytest.mark.skipif(not give_freed_memory_back(), reason="malloc is not glibc's")
def test_freed_blocks_go_back_to_the_system_once_the_options_are_set():
    assert held_after_freeing("default") > 48  # glibc's own options keep the 64 MB freed
    assert held_after_freeing("given back") < 8
