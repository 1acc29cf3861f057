"""A pause of Python's cycle collector while a round's many small objects are made.

The collector starts after every 700 new containers (lists, dicts, models) and, every so
often, walks every object the run holds: reading a history.json or making a diff's lists at
100,000 people starts it thousands of times, over millions of objects — more time than the
work itself. What these steps make holds no reference cycles, so nothing waits for the
collector; it runs again as usual after the pause.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector off inside the block (as it was again after it)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
