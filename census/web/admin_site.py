"""Django's admin site, closed to every role but the department administrator (403, not a
second login form): one login page for the portal, rate-limited by django-axes."""

from __future__ import annotations

from collections.abc import Callable
from functools import update_wrapper
from typing import Any

from django.contrib.admin import AdminSite
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import reverse


class PortalAdminSite(AdminSite):
    """The admin of the portal: accounts, units, rounds (in the page's language)."""

    site_header = "Portal sensus tuntas vaksin"
    site_title = "census"
    index_title = "Administrasi"

    def login(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        if request.user.is_authenticated:
            raise PermissionDenied  # logged in, but not the administrator
        return redirect_to_login(request.GET.get("next", reverse("admin:index")),
                                 reverse("portal:login"))

    def admin_view(self, view: Callable[..., HttpResponse],
                   cacheable: bool = False) -> Callable[..., HttpResponse]:
        inner = super().admin_view(view, cacheable)

        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.user.is_authenticated and not self.has_permission(request):
                raise PermissionDenied
            return inner(request, *args, **kwargs)

        return update_wrapper(wrapper, view)
