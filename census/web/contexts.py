"""The typed contexts of the portal's second part: the unit head's pack, the round comparison,
a person's page, the Tagana coordinator's checklist, reminders and the round's data.

As in census.web.screens, each page's dataclass is the template's `page`; values are
display-ready strings unless a field says otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from census.report.context import Kpi
from census.rounds.changes_page import ChangeTable


@dataclass(frozen=True)
class Download:
    """A file of the pack: `label` (e.g. 'PDF'), `name` (the run's file), `href`."""

    label: str
    name: str
    href: str


@dataclass(frozen=True)
class NoteView:
    """A head's note: `action` (the msgid naming a census.web.models.Action), `on_date` ('' if none),
    `text`, `by`, `at`."""

    action: str
    on_date: str
    text: str
    by: str
    at: str


@dataclass(frozen=True)
class OutstandingRow:
    """An outstanding person of the unit: masked NIK; `due`, `late` ('' or the days overdue);
    `note`: the newest note in this round; `earlier`: the newest note of the previous round
    (its roster had to confirm it: the person is still outstanding); `href`: the person's page."""

    person_id: str
    name: str
    nik: str
    categories: str
    status: str
    next_dose: str
    due: str
    late: str
    href: str
    note: NoteView | None = None
    earlier: NoteView | None = None


@dataclass(frozen=True)
class PackPage:
    """The unit head's page: the unit's pack of the round's newest run.

    `has_run`: False before any finished run (nothing else is then filled). `kpis`: the unit's
    numbers. `downloads`: PDF, xlsx, html. `pack_href`: the pack's HTML shown in a frame.
    `receipt`: 'Received on … by …' or ''. `can_receive`/`can_note`: the head's forms (a
    closed round is frozen). `actions`: (value, msgid) of the note choices. `rows`: the
    outstanding people, overdue first. `changes_href`: the unit's changes since the last round.
    """

    round_id: int
    round_name: str
    round_open: bool
    unit_code: str
    unit_name: str
    has_run: bool
    kpis: list[Kpi] = field(default_factory=list)
    downloads: list[Download] = field(default_factory=list)
    pack_href: str = ""
    receipt: str = ""
    can_receive: bool = False
    can_note: bool = False
    actions: list[tuple[str, str]] = field(default_factory=list)
    rows: list[OutstandingRow] = field(default_factory=list)
    changes_href: str = ""
    error: str = ""


@dataclass(frozen=True)
class ChangesView:
    """A round's changes since the previous round (census.rounds.changes_page), for the
    department or one unit (`unit_name` '' for the department).

    `available`: False when the round has no run compared with an earlier one. `as_of`: the two
    dates. `kpis`, `tables`: the core's change report. `chart`: the coverage over the rounds
    (SVG markup from the core, '' when fewer than two rounds). `unit_links`: (name, href) of
    each unit's scoped comparison (department view only).
    """

    round_id: int
    round_name: str
    unit_name: str
    available: bool
    as_of: str = ""
    kpis: list[Kpi] = field(default_factory=list)
    tables: list[ChangeTable] = field(default_factory=list)
    empty: str = ""
    chart: str = ""
    unit_links: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class PersonPage:
    """A person: `rounds` as (census date, status msgid, overdue) per round (status '' when
    not in that round); `explanation`: the core's `census explain` text ('' when the run's
    inputs are gone); `notes`: the heads' notes about the person, newest first."""

    round_id: int
    person_id: str
    name: str
    units: str
    rounds: list[tuple[str, str, bool]]
    explanation: str
    notes: list[NoteView]


@dataclass(frozen=True)
class CheckRow:
    """A volunteer assigned to the phase: masked NIK, the dose assigned, the run's outcome in
    words (`outcome_code`: administered, no_show, pending), and what the coordinator recorded
    (`came`, `slot`, `given_on`)."""

    person_id: str
    name: str
    nik: str
    kabkota: str
    dose: str
    outcome: str
    outcome_code: str
    came: bool
    slot: str
    given_on: str


@dataclass(frozen=True)
class PhaseCountRow:
    """A phase's numbers in the newest run (allocation report) and the records since."""

    phase: str
    period: str
    quota: int
    assigned: int
    administered: int
    remaining: int
    no_shows: int
    pending: int
    recorded: int
    href: str
    current: bool


@dataclass(frozen=True)
class TaganaPage:
    """The coordinator's page: the phases, one phase's checklist, the plan.

    `phase`: the phase shown ('' when the plan has none). `rows`: its checklist. `session_day`:
    the default date of the doses recorded (the phase's last day, at most the census date).
    `plan_text`: the current plan as TOML (edited here); `plan_error`: the core's reason when
    an edit was refused. `report_href`: the newest run's allocation.html. `can_edit`: the round
    is open. `run_href`: the newest run's page; `run_active`: a run is on its way.
    """

    round_id: int
    round_name: str
    has_run: bool
    phases: list[PhaseCountRow] = field(default_factory=list)
    phase: str = ""
    rows: list[CheckRow] = field(default_factory=list)
    slots: list[str] = field(default_factory=list)
    session_day: str = ""
    plan_text: str = ""
    plan_error: str = ""
    report_href: str = ""
    can_edit: bool = False
    run_state: str = ""
    saved: int = 0


@dataclass(frozen=True)
class Reminder:
    """One reminder: `kind` (missing, receipt, volunteers), the `unit` code it concerns, to
    whom, the `text`, the `wa_href` (wa.me link, '' without a phone)."""

    kind: str
    unit: str
    to: str
    phone: str
    text: str
    wa_href: str


@dataclass(frozen=True)
class RemindersPage:
    """Reminder texts of a round: units not submitted, heads not acknowledged, volunteers due
    in the next phase. `sent`: e-mails sent by the last POST (-1: none sent yet)."""

    round_id: int
    round_name: str
    reminders: list[Reminder]
    sent: int = -1
