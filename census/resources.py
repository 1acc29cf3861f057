"""Where census finds its templates: inside the installed package, or beside it in a checkout."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from census.errors import TemplatesMissing
from census.i18n import N_

_PACKAGE = Path(__file__).resolve().parent


@cache
def templates_dir() -> Path:
    """The Jinja2 templates folder.

    A built wheel carries the repository's top-level templates/ as census/templates/ (see
    setup.py); a checkout (editable install) keeps them at the repository's root.
    """
    for folder in (_PACKAGE / "templates", _PACKAGE.parent / "templates"):
        if folder.is_dir():
            return folder
    raise TemplatesMissing(N_("Templates folder not found: {path}"), path=_PACKAGE / "templates")
