"""census.memory.give_back: memory a stage let go goes back to the system."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from census.memory import _malloc_trim, give_back

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux") or _malloc_trim() is None, reason="glibc only"
)


def _resident_mib() -> float:
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * 4096 / 2**20


def test_freed_blocks_between_held_ones_go_back_to_the_system() -> None:
    # 100 KiB blocks come from the heap (below glibc's mmap threshold); every other one is
    # kept, so the freed half lies in holes that the heap's own trimming never returns.
    blocks = [bytearray(b"x" * 100_000) for _ in range(2_000)]
    kept = blocks[1::2]
    del blocks
    before = _resident_mib()
    give_back()
    after = _resident_mib()
    assert before - after > 50, (before, after)  # ~95 MiB were free
    assert len(kept) == 1_000
