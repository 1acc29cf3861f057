"""`census serve`: set the portal up (database, units, demo) and serve it with waitress.

Waitress is a pure-Python production WSGI server that runs the same on the office's Windows
laptop and on Linux; census runs are worked by a thread of the same process, so one command is
the whole portal. A bigger installation puts gunicorn behind the office's web server instead
(README, "Portal").
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from census.i18n import N_

INTERRUPTED = N_("Interrupted when the server stopped: start the run again.")

if TYPE_CHECKING:  # models can be imported only after configure()
    from census.web.demo_round import DemoAccount


def configure(instance: Path | None = None, config: Path | None = None) -> None:
    """Point the settings at an instance folder / census.toml and start Django."""
    if instance is not None:
        os.environ["CENSUS_INSTANCE"] = str(instance)
    if config is not None:
        os.environ["CENSUS_CONFIG"] = str(config)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "census.web.settings")
    import django

    django.setup()


def prepare(demo_inputs: Path | None = None, serving: bool = False) -> list[DemoAccount]:
    """Create the instance's folders, apply migrations, take the units from census.toml; with
    `demo_inputs`, load the demo province as the first round and return the demo accounts.
    `serving`: this process works the queue (`census serve`), so a run left 'running' died."""
    from django.conf import settings
    from django.core.management import call_command

    from census.web.accounts import sync_units
    from census.web.demo_round import load_demo

    settings.INSTANCE.create()
    call_command("migrate", interactive=False, verbosity=0)
    if serving:
        _interrupted_runs()
    if demo_inputs is not None:
        return load_demo(demo_inputs)
    sync_units(settings.INSTANCE.config())
    return []


def serve(host: str, port: int, threads: int = 8,
          ready: Callable[[], None] | None = None) -> None:
    """Serve until interrupted, working the census-run queue in a thread beside the server."""
    from django.conf import settings
    from waitress.server import create_server

    from census.web.tasks import start_worker
    from census.web.wsgi import application

    thread, stop = start_worker()
    server = create_server(
        application, host=host, port=port, threads=threads, ident="census",
        # Bodies up to twice the upload limit reach the portal (it records them as refused);
        # anything larger is cut off by the server itself.
        max_request_body_size=2 * settings.CENSUS_UPLOAD_LIMIT + (1 << 20),
    )
    if ready is not None:
        ready()
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        server.close()
        thread.join(timeout=5)


def _interrupted_runs() -> None:
    """A run that was running when the process stopped will not finish: say so on its page.

    (Waiting runs stay queued: the queue is kept on disk and the worker takes them up again.)
    """
    from django.utils import timezone

    from census.web.models import CensusRun, RunState

    CensusRun.objects.filter(state=RunState.RUNNING).update(
        state=RunState.FAILED, finished_at=timezone.now(), message=INTERRUPTED, message_values={},
    )
