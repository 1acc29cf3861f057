"""The Jinja2 environment of the portal's pages: autoescaped, strict, with `url` and `static`."""

from __future__ import annotations

from typing import Any

from django.templatetags.static import static
from django.urls import reverse
from jinja2 import Environment, StrictUndefined


def url(name: str, *args: Any) -> str:
    """The path of a named portal URL: url('portal:unit', round.pk, unit.code)."""
    return reverse(name, args=args)


def environment(**options: Any) -> Environment:
    """Called by Django's Jinja2 backend; undefined names are errors, every value is escaped."""
    options["undefined"] = StrictUndefined
    options["autoescape"] = True
    env = Environment(trim_blocks=True, lstrip_blocks=True, **options)
    env.globals.update(url=url, static=static)
    return env
