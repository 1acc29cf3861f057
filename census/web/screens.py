"""The typed context of every portal page, and the one function that renders a page.

Every template under templates/web/ receives exactly four names: `page` (the page's dataclass
below), `chrome` (the frame: account, menu, language switch), `t` (census.i18n's translator of
the request's language) and `n` (its plural form, `n(singular, plural, count)`: a plain name, so
that `make messages` finds it in templates). Values are display-ready strings unless a field says
otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from census.i18n import N_, translator
from census.web.middleware import language_of
from census.web.models import Account, Role, Round


@dataclass(frozen=True)
class NavLink:
    """One menu entry: `label` (msgid, translated in the template), `href`, `current`."""

    label: str
    href: str
    current: bool = False


@dataclass(frozen=True)
class Chrome:
    """The frame of every page.

    `username`/`role`: the logged-in account ('' when nobody is); `role` is a Role value.
    `nav`: the menu. `lang`: the page's language; `path`: this page (the language switch returns
    here). `is_admin`: show the links to Django's admin.
    """

    username: str
    role: str
    nav: list[NavLink]
    lang: str
    path: str
    is_admin: bool = False


@dataclass(frozen=True)
class ErrorPage:
    """403/404/413 and the like: `status`, a `title` and a `text` (msgids)."""

    status: int
    title: str
    text: str


@dataclass(frozen=True)
class LoginPage:
    """The login form: `error` (msgid or ''), the `username` typed, `next` (where to go after)."""

    error: str
    username: str
    next: str
    locked: bool = False


@dataclass(frozen=True)
class PasswordPage:
    """The password change form: Django's validation messages in `errors`, `done` after a change."""

    errors: list[str]
    done: bool = False


@dataclass(frozen=True)
class RoundRow:
    """A round in the list: `href` is the tracker (department) or the unit's page (operator)."""

    id: int
    name: str
    census_date: str
    is_open: bool
    submitted: int
    units: int
    href: str


@dataclass(frozen=True)
class RoundsPage:
    """Every round, newest first; `can_manage`: the form to open a round; `error`: msgid."""

    rounds: list[RoundRow]
    can_manage: bool
    error: str = ""
    today: str = ""


@dataclass(frozen=True)
class SheetView:
    """How one sheet was understood: `columns` are (letter, header as written, field);
    `skipped`: not a roster; `cases`: a sheet of COVID-19 case records (read as cases)."""

    sheet: str
    category: str
    header_row: str
    rows: int
    columns: list[tuple[str, str, str]]
    skipped: bool
    cases: bool = False


@dataclass(frozen=True)
class FindingRow:
    """One finding: `cell` as Excel names it, `severity` 'error' or 'warning', the message."""

    cell: str
    code: str
    severity: str
    value: str
    message: str


@dataclass(frozen=True)
class FindingGroup:
    """The findings of one sheet ('' = about the whole file)."""

    sheet: str
    findings: list[FindingRow]


@dataclass(frozen=True)
class VersionRow:
    """One version in a unit's history (newest first)."""

    id: int
    version: int
    uploaded_at: str
    uploaded_by: str
    original_name: str
    accepted: bool
    rows: int
    errors: int
    warnings: int
    message: str
    current: bool
    href: str


@dataclass(frozen=True)
class SubmissionView:
    """One version in full: how it was read, every finding by sheet, the change since before.

    `fixed`/`new`: findings gone / added since `previous_version` (None for a first version).
    `annotated_href`/`original_href`: downloads ('' when not available).
    """

    id: int
    unit_code: str
    unit_name: str
    round_name: str
    version: int
    uploaded_at: str
    uploaded_by: str
    original_name: str
    accepted: bool
    message: str
    rows: int
    errors: int
    warnings: int
    sheets: list[SheetView]
    groups: list[FindingGroup]
    previous_version: int | None
    fixed: list[FindingRow]
    new: list[FindingRow]
    kept: int
    annotated_href: str
    original_href: str
    unit_href: str


@dataclass(frozen=True)
class UnitPage:
    """A unit in a round: the upload form (when `can_upload`), the current version, the history.

    `notice`/`error`: the outcome of an upload just made (msgid or the core's line).
    `report_links`: (label, href) of the unit's pack from the round's newest finished run.
    """

    round_id: int
    round_name: str
    round_open: bool
    unit_code: str
    unit_name: str
    can_upload: bool
    limit_mb: str
    current: SubmissionView | None
    history: list[VersionRow]
    report_links: list[tuple[str, str]]
    error: str = ""


@dataclass(frozen=True)
class TrackerRow:
    """One unit in the round's tracker.

    `state`: 'missing' (nothing accepted yet), 'errors', 'warnings' or 'clean'; `coverage`:
    from the newest finished run ('' before any run). `href`: the unit's page ('' for viewers).
    `received`: when the unit head acknowledged the round's pack ('' not yet). `notes`: the
    heads' notes about outstanding people in the round. `pack_href`: the head's page.
    """

    code: str
    name: str
    state: str
    version: int | None
    last_at: str
    last_by: str
    errors: int
    warnings: int
    rows: int
    people: str
    coverage: str
    href: str
    received: str = ""
    notes: int = 0
    pack_href: str = ""


@dataclass(frozen=True)
class MissingUnit:
    """A unit that has not submitted: who to remind. `phone`: '' for viewers."""

    code: str
    name: str
    head: str
    phone: str


@dataclass(frozen=True)
class FileRow:
    """A department file (export or plan) of the round."""

    id: int
    kind: str
    name: str
    uploaded_at: str
    uploaded_by: str
    accepted: bool
    message: str
    rows: int
    href: str


@dataclass(frozen=True)
class RunRow:
    """A census run of the round: `state` is a RunState value."""

    id: int
    created_at: str
    started_by: str
    state: str
    persons: int
    href: str


@dataclass(frozen=True)
class TrackerPage:
    """The department's view of a round: units not done first, what is missing, files, runs.

    `counts`: (label msgid, number) for the head of the page. `can_manage`: upload exports,
    start runs, close/reopen the round (the administrator). `has_run`: a finished run exists
    (the heads' receipts column). `links`: (msgid, href, id) of the round's other pages.
    `purgeable`: closed and past the retention period; `purged`: its personal data is gone.
    """

    round_id: int
    round_name: str
    census_date: str
    round_open: bool
    rows: list[TrackerRow]
    missing: list[MissingUnit]
    counts: list[tuple[str, int]]
    files: list[FileRow]
    runs: list[RunRow]
    can_manage: bool
    limit_mb: str
    error: str = ""
    has_run: bool = False
    links: list[tuple[str, str, str]] = field(default_factory=list)
    purgeable: bool = False
    purged: bool = False


@dataclass(frozen=True)
class OutputFile:
    """An output file of a run: `name` relative to the outputs folder, `href`, its size."""

    name: str
    href: str
    size: str


@dataclass(frozen=True)
class RunPage:
    """A census run: its progress (polled while `active`), its numbers, its files.

    `percent`: 0–100 of the core's stages done. `units`: units in the run's summary.
    """

    id: int
    round_id: int
    round_name: str
    state: str
    active: bool
    stage: str
    percent: int
    message: str
    created_at: str
    started_by: str
    finished_at: str
    persons: int
    errors: int
    warnings: int
    units: int
    files: list[OutputFile]


@dataclass(frozen=True)
class AuditRow:
    """One audit event: `action` is a key of census.web.audit.ACTIONS, `label` its msgid."""

    at: str
    username: str
    action: str
    label: str
    object: str
    detail: str


@dataclass(frozen=True)
class AuditPage:
    """The audit log, newest first, `limit` events at most, filtered by `action` ('' = all)."""

    events: list[AuditRow]
    actions: list[tuple[str, str]]
    action: str
    limit: int = field(default=500)


def chrome(request: HttpRequest, echo_path: bool = True) -> Chrome:
    """The frame for this request's account (`echo_path` False: the language switch leads home,
    so that an error page does not repeat the address that was refused)."""
    user = request.user
    lang = language_of(request)
    here = request.get_full_path() if echo_path else "/"
    if not isinstance(user, Account) or not user.is_authenticated:
        return Chrome("", "", [], lang, here)
    path = request.path
    nav = [NavLink(N_("Rounds"), reverse("portal:rounds"))]
    if user.role in (Role.ADMIN, Role.COORDINATOR):
        current = Round.objects.filter(is_open=True).first()
        if current is not None:
            nav.append(NavLink(N_("Tagana volunteers"), reverse("portal:tagana",
                                                                 args=[current.pk])))
    if user.role == Role.ADMIN:
        nav.append(NavLink(N_("Audit log"), reverse("portal:audit")))
    nav.append(NavLink(N_("Password"), reverse("portal:password")))
    nav = [NavLink(link.label, link.href, path.startswith(link.href)) for link in nav]
    return Chrome(user.get_username(), user.role, nav, lang, here,
                  is_admin=user.role == Role.ADMIN)


def render_page(request: HttpRequest, template: str, page: Any, status: int = 200) -> HttpResponse:
    """Render `templates/web/<template>` with `page`, the frame and the translator."""
    lang = language_of(request)
    frame = chrome(request, echo_path=status < 400)
    t = translator(lang)
    return render(request, f"web/{template}",
                  {"page": page, "chrome": frame, "t": t, "n": t.n}, status=status)


def when(value: Any) -> str:
    """A timestamp as the department reads it (local time, day first)."""
    from django.utils import timezone

    if value is None:
        return ""
    return str(timezone.localtime(value).strftime("%d-%m-%Y %H:%M"))

