"""Who may see what, decided on the server for every request: roles, units, output files.

A department administrator sees everything; a unit operator sees their own unit only (another
unit's pages and files answer 404, as if they did not exist); a viewer sees the department's
summary only. Pages refuse a role with 403.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from pathlib import PurePosixPath
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from census.web.models import Account, CensusRun, Role, Submission, Unit

View = Callable[..., HttpResponse]

#: Output files of a run a viewer may open: the department's numbers, no person in them.
SUMMARY_FILES = {"summary.html", "summary.xlsx", "summary.json"}


def account(request: HttpRequest) -> Account:
    """The logged-in account of a request that passed `roles(...)`."""
    user = request.user
    assert isinstance(user, Account)
    return user


def roles(*allowed: str) -> Callable[[View], View]:
    """Only logged-in accounts of these roles: others are sent to log in, or answered 403."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not isinstance(user, Account) or user.role not in allowed or not user.is_active:
                raise PermissionDenied
            if user.role in Role.OF_A_UNIT and user.unit_id is None:
                raise PermissionDenied  # an operator or head without a unit sees nothing
            return view(request, *args, **kwargs)

        return wrapper

    return decorate


EVERYONE = (Role.ADMIN, Role.OPERATOR, Role.VIEWER, Role.HEAD, Role.COORDINATOR)
DEPARTMENT = (Role.ADMIN, Role.VIEWER)


def unit_or_404(request: HttpRequest, code: str) -> Unit:
    """The unit `code` if this account may see it; 404 otherwise (existence is not revealed)."""
    unit = Unit.objects.filter(code=code).first()
    if unit is None or not account(request).sees_unit(unit):
        raise Http404
    return unit


def submission_or_404(request: HttpRequest, pk: int) -> Submission:
    """The submission if this account may see its unit; 404 otherwise."""
    submission = get_object_or_404(Submission.objects.select_related("unit", "round", "file"),
                                   pk=pk)
    if not account(request).sees_unit(submission.unit):
        raise Http404
    return submission


def may_open(user: Account, relative: str) -> bool:
    """May `user` open this output file of a run (path relative to the run's output folder)?"""
    path = PurePosixPath(relative)
    if user.role == Role.ADMIN:
        return True
    if user.role == Role.VIEWER:
        return relative in SUMMARY_FILES
    if user.role == Role.COORDINATOR:
        # The Tagana allocation only (the volunteers, masked NIKs): no unit's pack.
        return len(path.parts) == 2 and path.parts[0] == "tagana"
    if user.role in Role.OF_A_UNIT and user.unit is not None:
        return len(path.parts) == 2 and path.parts[0] == "units" and path.stem == user.unit.code
    return False


def is_person_level(relative: str) -> bool:
    """Files with people in them: their downloads go into the audit log."""
    return relative not in SUMMARY_FILES


def run_files_for(user: Account, run: CensusRun) -> list[str]:
    """The output files of `run` this account may see."""
    return [name for name in run.files if may_open(user, name)]
