"""Freed memory handed back to the system between stages, so a big census's peak is what it
holds at once, not the sum of what its stages once held."""

from __future__ import annotations

import functools
from collections.abc import Callable


def give_back() -> None:
    """Return the free memory of this process's heap to the system (glibc's malloc_trim).

    glibc keeps the memory a stage let go (a million people's tables: hundreds of MiB, in
    pieces between what is still held) for later allocations, which reuse only part of it: a
    million people's run peaked at 1,550 MiB without this call at each stage's end, 1,409 MiB
    with it (README, Benchmarks), for some 0.15 s in all. Elsewhere (no glibc) it does nothing.
    """
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    import ctypes  # here: only a run that ends a stage needs it

    try:
        trim: Callable[[int], int] = ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):  # not glibc (macOS, musl, Windows): nothing to do
        return None
    return trim
