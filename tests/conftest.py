"""Shared pytest set-up: the repository root importable (census, demo, bench); the portal's Django.

Every test process gets its own throw-away portal instance folder; census runs started by portal
tests execute at once (huey's immediate mode). The database is SQLite unless DATABASE_URL names
a PostgreSQL server (`python -m tests.postgres pytest ...` starts one; `make test` does both).
"""

import atexit
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def pytest_configure(config: object) -> None:
    # Before pytest-django sets Django up (its hook runs last): a private instance per process.
    instance = tempfile.mkdtemp(prefix="census-test-instance-")
    atexit.register(shutil.rmtree, instance, ignore_errors=True)
    os.environ["CENSUS_INSTANCE"] = instance
    os.environ.pop("CENSUS_CONFIG", None)
    os.environ["CENSUS_TASKS_IMMEDIATE"] = "1"
    os.environ["DJANGO_SETTINGS_MODULE"] = "census.web.settings"
    from django.conf import settings

    settings.INSTALLED_APPS  # noqa: B018 - loads the settings: pytest-django sets Django up next
    # In pytest-xdist's workers pytest-django has set Django up already, with the controller's
    # instance folder (inherited in the environment): give each worker its own, or two workers'
    # census runs of the same number would share a folder.
    from census.web.instance import locate

    if settings.INSTANCE.root != Path(instance):
        settings.INSTANCE = locate()
        settings.INSTANCE.create()
        settings.FILE_UPLOAD_TEMP_DIR = str(settings.INSTANCE.tmp)
