"""A pause of Python's cycle collector while a round's many small objects are made.

The collector starts after every 700 new containers (lists, dicts, models) and, every so
often, walks every object the run holds: reading a history.json or making a diff's lists at
100,000 people starts it thousands of times, over millions of objects — more time than the
work itself. What these steps make holds no reference cycles, so nothing waits for the
collector. After the pause the objects made in it are moved to the oldest generation as they
are (gc.freeze, then gc.unfreeze): re-enabled plainly, the collector's next young pass would
walk all of them at once (half a second at 100,000 people); the oldest generation is walked
only as often as it grows by a quarter.
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
            gc.freeze()  # every tracked object to the permanent generation, young count reset
            gc.unfreeze()  # … and from there into the oldest generation, unwalked
            gc.enable()
