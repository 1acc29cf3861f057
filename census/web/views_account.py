"""Logging in and out, changing one's password, the language switch, and the error pages."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate, login, logout, update_session_auth_hash
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from census.i18n import LANGUAGES, N_
from census.web import audit
from census.web.access import EVERYONE, account, roles
from census.web.models import Role, Round, Unit
from census.web.screens import ErrorPage, LoginPage, PasswordPage, render_page


def _safe_next(request: HttpRequest, target: str, fallback: str) -> str:
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    """Username and password; wrong attempts are counted by django-axes (see settings)."""
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if request.method == "POST":
        username = request.POST.get("username", "")[:150]
        password = request.POST.get("password", "")
        user = authenticate(request, username=username, password=password)
        if user is not None and user.is_active:
            login(request, user)
            return redirect(_safe_next(request, next_url, reverse("portal:home")))
        if getattr(request, "axes_locked_out", False):
            return locked_out(request)
        page = LoginPage(N_("Wrong username or password."), username, next_url)
        return render_page(request, "login.html", page, status=200)
    if request.user.is_authenticated:
        return redirect("portal:home")
    return render_page(request, "login.html", LoginPage("", "", next_url))


def locked_out(request: HttpRequest, credentials: Any = None, *args: Any,
               **kwargs: Any) -> HttpResponse:
    """What django-axes answers after too many wrong passwords (429)."""
    page = LoginPage(N_("Too many wrong passwords: try again in 15 minutes."), "", "", locked=True)
    return render_page(request, "login.html", page, status=429)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("portal:login")


@roles(*EVERYONE)
@require_http_methods(["GET", "POST"])
def password_view(request: HttpRequest) -> HttpResponse:
    """Change one's own password (the old one first; Django's password rules)."""
    user = account(request)
    if request.method == "POST":
        old = request.POST.get("old_password", "")
        new = request.POST.get("new_password", "")
        again = request.POST.get("new_password2", "")
        errors: list[str] = []
        if not user.check_password(old):
            errors.append(N_("The current password is wrong."))
        elif new != again:
            errors.append(N_("The two new passwords differ."))
        else:
            try:
                validate_password(new, user)
            except ValidationError as exc:
                errors.extend(exc.messages)
        if errors:
            return render_page(request, "password.html", PasswordPage(errors), status=200)
        user.set_password(new)
        user.save(update_fields=["password"])
        update_session_auth_hash(request, user)
        audit.record(user, "password-changed", user)
        return render_page(request, "password.html", PasswordPage([], done=True))
    return render_page(request, "password.html", PasswordPage([]))


@require_POST
def language_view(request: HttpRequest) -> HttpResponse:
    """The switch: remember the language in a cookie and go back to the page."""
    lang = request.POST.get("lang", "")
    response = HttpResponseRedirect(
        _safe_next(request, request.POST.get("next", ""), reverse("portal:home"))
    )
    if lang in LANGUAGES:
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME, lang, max_age=365 * 24 * 3600,
            httponly=True, samesite="Lax", secure=getattr(settings, "LANGUAGE_COOKIE_SECURE", False),
        )
    return response


@roles(*EVERYONE)
def home_view(request: HttpRequest) -> HttpResponse:
    """Operators go to their unit in the open round; the department to the open round's tracker."""
    user = account(request)
    current = Round.objects.filter(is_open=True).first()
    if current is None:
        return redirect("portal:rounds")
    if user.role == Role.OPERATOR:
        unit = Unit.objects.get(pk=user.unit_id)
        return redirect("portal:unit", current.pk, unit.code)
    if user.role == Role.HEAD:
        # The pack of the newest round with a finished run (the open round may have none yet).
        unit = Unit.objects.get(pk=user.unit_id)
        done = Round.objects.filter(runs__state="done").distinct().first() or current
        return redirect("portal:pack", done.pk, unit.code)
    if user.role == Role.COORDINATOR:
        return redirect("portal:tagana", current.pk)
    return redirect("portal:tracker", current.pk)


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render_page(request, "error.html",
                       ErrorPage(403, N_("Not allowed"), N_("Your account may not open this page.")), 403)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render_page(request, "error.html",
                       ErrorPage(404, N_("Not found"), N_("There is no such page.")), 404)


def error_500(request: HttpRequest) -> HttpResponse:
    return render_page(request, "error.html", ErrorPage(
        500, N_("Something went wrong"), N_("The error was recorded; please tell the administrator.")
    ), 500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render_page(request, "error.html", ErrorPage(
        403, N_("Form expired"), N_("Reload the page and send the form again.")
    ), 403)
