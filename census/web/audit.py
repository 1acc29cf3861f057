"""The audit log: logins, uploads, downloads of person-level files, runs and account changes.

Each event names the account, the action, the object (type and id) and a short detail made only
of codes, numbers and file names the portal chose — never a person's name, NIK or other data.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import models

from census.i18n import N_
from census.web.models import Account, AuditEvent

#: Every action the log records, with the words the audit page shows.
ACTIONS = {
    "login": N_("Logged in"),
    "login-failed": N_("Login failed"),
    "logout": N_("Logged out"),
    "password-changed": N_("Password changed"),
    "upload": N_("Workbook uploaded"),
    "upload-refused": N_("Upload refused"),
    "department-file": N_("Department file uploaded"),
    "download": N_("File downloaded"),
    "run-started": N_("Census run started"),
    "run-finished": N_("Census run finished"),
    "run-failed": N_("Census run failed"),
    "round-opened": N_("Round opened"),
    "round-closed": N_("Round closed"),
    "receipt": N_("Unit pack acknowledged"),
    "action-note": N_("Action noted"),
    "attendance": N_("Attendance recorded"),
    "plan-edited": N_("Allocation plan edited"),
    "reminders-sent": N_("Reminders e-mailed"),
    "round-exported": N_("Round exported"),
    "round-purged": N_("Personal data purged"),
    "account-created": N_("Account created"),
    "account-changed": N_("Account changed"),
    "account-deleted": N_("Account deleted"),
}


def record(account: Account | None, action: str, obj: models.Model | None = None,
           detail: str = "", username: str | None = None) -> AuditEvent:
    """Add one event. `detail`: codes and numbers only (see the module docstring)."""
    assert action in ACTIONS, action
    return AuditEvent.objects.create(
        account=account if account is not None and account.pk else None,
        username=(username if username is not None
                  else (account.get_username() if account is not None else "-"))[:150],
        action=action,
        object_type=type(obj).__name__ if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        detail=detail[:300],
    )


def _logged_in(sender: Any, request: Any, user: Account, **kwargs: Any) -> None:
    record(user, "login", user)


def _logged_out(sender: Any, request: Any, user: Account | None, **kwargs: Any) -> None:
    if user is not None:
        record(user, "logout", user)


def _login_failed(sender: Any, credentials: dict[str, Any], request: Any = None,
                  **kwargs: Any) -> None:
    # The name typed is an account name (or a mistyped one), never a password.
    record(None, "login-failed", username=str(credentials.get("username", "-")))


def connect_signals() -> None:
    """Listen to Django's login signals (called once from the app's ready())."""
    user_logged_in.connect(_logged_in, dispatch_uid="census-audit-login")
    user_logged_out.connect(_logged_out, dispatch_uid="census-audit-logout")
    user_login_failed.connect(_login_failed, dispatch_uid="census-audit-login-failed")
