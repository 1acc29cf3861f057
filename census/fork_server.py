"""Imported only in a worker pool's fork server (census.workers preloads it first): when the pool
stops the server, it ends at once instead of tearing down every module it imported (pandas and
the stages: a few tenths of a second the run would wait for at its end)."""

from __future__ import annotations

import atexit
import os

# The server ends by SystemExit when the pool closes it; the first exit handler to run (the last
# registered) ends the process there. Its children, the workers, end by os._exit and never run
# exit handlers, and nothing in the server needs writing out.
atexit.register(os._exit, 0)
