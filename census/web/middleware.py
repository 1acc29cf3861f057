"""Two small middlewares: Indonesian unless the person chose English; nothing loaded from outside."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation

from census.i18n import DEFAULT_LANGUAGE, LANGUAGES


def language_of(request: HttpRequest) -> str:
    """The language chosen with the switch (a cookie); Indonesian otherwise.

    The browser's Accept-Language is deliberately ignored: the department works in Indonesian
    whatever language an office computer's browser was installed in.
    """
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    return chosen if chosen in LANGUAGES else DEFAULT_LANGUAGE


class PortalLanguage:
    """Activates the chosen language for the request (Django's admin follows it too)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        lang = language_of(request)
        request.LANGUAGE_CODE = lang
        with translation.override(lang):
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", lang)
        return response


class ContentSecurityPolicy:
    """Pages may load scripts, styles and images only from the portal itself (nothing online)."""

    POLICY = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
              "img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; "
              "frame-ancestors 'none'")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith("/admin/"):
            response.headers.setdefault("Content-Security-Policy", self.POLICY)
        return response
