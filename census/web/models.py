"""What the portal remembers: units, rounds, accounts, stored files, submissions, runs, the audit log.

Files themselves live in the instance's file store under their SHA-256 (`census.web.blobstore`);
the database holds who sent what, when, and what the core found in it. Every model works on
SQLite and PostgreSQL (no database-specific fields).
"""

from __future__ import annotations

from typing import Any, Final

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone

from census.i18n import N_


class Role:
    """What an account may do.

    The unit head receives their unit's pack (one unit, like an operator); the Tagana
    coordinator tracks the volunteers' phases (Tagana volunteers only, no unit's roster).
    Plain string constants (not Django's TextChoices) so that the type checker sees strings.
    """

    ADMIN: Final = "admin"
    OPERATOR: Final = "operator"
    VIEWER: Final = "viewer"
    HEAD: Final = "head"
    COORDINATOR: Final = "coordinator"
    choices: Final = [(ADMIN, N_("Department administrator")), (OPERATOR, N_("Unit operator")),
                      (VIEWER, N_("Viewer")), (HEAD, N_("Unit head")),
                      (COORDINATOR, N_("Tagana coordinator"))]
    values: Final = [value for value, _ in choices]
    #: Roles that work for one unit and see nothing of any other.
    OF_A_UNIT: Final = (OPERATOR, HEAD)


class Unit(models.Model):
    """A unit of the department (head office, a UPT, Tagana): its code is the workbook's name."""

    code = models.SlugField(max_length=64, unique=True)
    name = models.CharField(max_length=200)
    head = models.CharField(max_length=200, blank=True)
    head_nip = models.CharField(max_length=32, blank=True)
    head_phone = models.CharField(max_length=32, blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        # Django's admin shows these; the admin is the department's, in Indonesian.
        ordering = ["code"]
        verbose_name, verbose_name_plural = "unit", "unit"

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class Account(AbstractUser):
    """A person who logs in: a role, and for a unit operator the one unit they work for."""

    role = models.CharField(max_length=20, choices=Role.choices, default=Role.VIEWER)
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT,
                             related_name="accounts")

    class Meta:
        ordering = ["username"]
        verbose_name, verbose_name_plural = "akun", "akun"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Django's admin is for the department administrator alone: its flags follow the role.
        self.is_staff = self.is_superuser = self.role == Role.ADMIN
        if "update_fields" in kwargs and kwargs["update_fields"] is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "is_staff", "is_superuser"}
        super().save(*args, **kwargs)

    def sees_unit(self, unit: Unit) -> bool:
        """May this account see the unit's submissions and files?"""
        if self.role == Role.ADMIN:
            return True
        return self.role in Role.OF_A_UNIT and self.unit_id == unit.pk


class Round(models.Model):
    """A census round: a census date, open for uploads until the department closes it."""

    name = models.CharField(max_length=120)
    census_date = models.DateField()
    is_open = models.BooleanField(default=True)
    opened_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    #: When the round's personal data was purged (census.web.retention): aggregates remain.
    purged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-census_date", "-pk"]
        verbose_name, verbose_name_plural = "putaran", "putaran"

    def __str__(self) -> str:
        return self.name


class StoredFile(models.Model):
    """One file's bytes as they came, kept once in the file store under its SHA-256."""

    sha256 = models.CharField(max_length=64, unique=True)
    size = models.BigIntegerField()
    kind = models.CharField(max_length=16)  # what the bytes are: xlsx, xlsm, ods, ole, csv, other
    first_seen = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.sha256[:12]


class Outcome:
    """Whether the core could read an uploaded file."""

    ACCEPTED: Final = "accepted"
    REFUSED: Final = "refused"
    choices: Final = [(ACCEPTED, N_("Read")), (REFUSED, N_("Refused"))]


class Submission(models.Model):
    """One upload of a unit's roster workbook for a round: the versions form its history.

    `version` counts every upload of the unit in the round, refused ones too; the current
    submission is the newest accepted one. `understood` is the JSON of how the workbook was read
    (sheets, categories, header rows, column mapping; no personal data). `message` is the core's
    one line when refused: a message id with its values (`message_values`), put into the
    reader's language when shown (census.web.speech.say).
    """

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="submissions")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="submissions")
    version = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(Account, null=True, on_delete=models.SET_NULL,
                                    related_name="submissions")
    uploaded_at = models.DateTimeField(default=timezone.now)
    file = models.ForeignKey(StoredFile, null=True, blank=True, on_delete=models.PROTECT)
    original_name = models.CharField(max_length=255)
    outcome = models.CharField(max_length=16, choices=Outcome.choices)
    message = models.TextField(blank=True)
    message_values: Any = models.JSONField(default=dict)
    rows = models.PositiveIntegerField(default=0)
    errors = models.PositiveIntegerField(default=0)
    warnings = models.PositiveIntegerField(default=0)
    understood: Any = models.JSONField(default=dict)

    class Meta:
        ordering = ["round", "unit", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["round", "unit", "version"], name="one_version"),
        ]

    def __str__(self) -> str:
        return f"{self.unit.code} v{self.version}"

    @property
    def accepted(self) -> bool:
        return self.outcome == Outcome.ACCEPTED


class SubmissionFinding(models.Model):
    """One finding of the core in one submission (the fields of census.findings.Finding)."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="findings")
    code = models.CharField(max_length=64)
    severity = models.CharField(max_length=16)
    sheet = models.CharField(max_length=255, blank=True)
    row = models.PositiveIntegerField(null=True)
    column = models.CharField(max_length=8, blank=True)
    header = models.CharField(max_length=255, blank=True)
    value = models.TextField(blank=True)
    context: Any = models.JSONField(default=list)

    class Meta:
        ordering = ["pk"]


class DepartmentFile(models.Model):
    """A file the department adds to a round: a health-office export or the Tagana plan."""

    class Kind:
        REGISTRY: Final = "registry"
        PLAN: Final = "plan"
        choices: Final = [(REGISTRY, N_("Health-office export")),
                          (PLAN, N_("Tagana allocation plan"))]
        values: Final = [REGISTRY, PLAN]

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="department_files")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    uploaded_by = models.ForeignKey(Account, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)
    file = models.ForeignKey(StoredFile, null=True, blank=True, on_delete=models.PROTECT)
    original_name = models.CharField(max_length=255)
    outcome = models.CharField(max_length=16, choices=Outcome.choices)
    message = models.TextField(blank=True)
    message_values: Any = models.JSONField(default=dict)
    rows = models.PositiveIntegerField(default=0)
    active = models.BooleanField(default=True)  # the department can withdraw a file from a round

    class Meta:
        ordering = ["round", "-uploaded_at", "-pk"]


class RunState:
    """Where a census run is."""

    QUEUED: Final = "queued"
    RUNNING: Final = "running"
    DONE: Final = "done"
    FAILED: Final = "failed"
    choices: Final = [(QUEUED, N_("Waiting")), (RUNNING, N_("Running")), (DONE, N_("Done")),
                      (FAILED, N_("Failed"))]


class CensusRun(models.Model):
    """A census over a round's current submissions, run by the task queue into its own folder.

    `stage`/`step`: the core's last progress message and how many it sent. `units`: per unit
    code, the numbers of summary.json the tracker shows (people, coverage). `files`: the output
    files, relative to the run's output folder.
    """

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="runs")
    started_by = models.ForeignKey(Account, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    state = models.CharField(max_length=16, choices=RunState.choices, default=RunState.QUEUED)
    stage = models.CharField(max_length=200, blank=True)
    step = models.PositiveSmallIntegerField(default=0)
    message = models.TextField(blank=True)
    message_values: Any = models.JSONField(default=dict)
    submissions = models.ManyToManyField(Submission, related_name="runs")
    department_files = models.ManyToManyField(DepartmentFile, related_name="runs")
    persons = models.PositiveIntegerField(default=0)
    errors = models.PositiveIntegerField(default=0)
    warnings = models.PositiveIntegerField(default=0)
    by_status: Any = models.JSONField(default=dict)
    units: Any = models.JSONField(default=dict)
    files: Any = models.JSONField(default=list)
    #: The earlier round's run this one was compared with (`census run --previous`).
    previous = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")

    class Meta:
        ordering = ["-created_at", "-pk"]


class Receipt(models.Model):
    """A unit head's acknowledgement that they received the unit's pack of a run ("Diterima")."""

    run = models.ForeignKey(CensusRun, on_delete=models.CASCADE, related_name="receipts")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="receipts")
    account = models.ForeignKey(Account, null=True, on_delete=models.SET_NULL, related_name="+")
    username = models.CharField(max_length=150)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at"]
        constraints = [models.UniqueConstraint(fields=["run", "unit"], name="one_receipt")]


class Action:
    """What a unit head reports done about an outstanding person: a note, never a status."""

    SCHEDULED: Final = "scheduled"
    PROOF_TO_FOLLOW: Final = "proof"
    MOVED: Final = "moved"
    DIED: Final = "died"
    REFUSES: Final = "refuses"
    choices: Final = [(SCHEDULED, N_("Scheduled on")),
                      (PROOF_TO_FOLLOW, N_("Vaccinated, proof to follow")),
                      (MOVED, N_("Moved away")), (DIED, N_("Died")), (REFUSES, N_("Refuses"))]
    values: Final = [value for value, _ in choices]


class ActionNote(models.Model):
    """A head's note about one outstanding person of their unit in a round (newest counts).

    It changes no status: the next round's roster and exports must confirm it. `person_id`
    is the census's stable id (census.rounds); `on_date` the date of a scheduled dose.
    """

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="notes")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="notes")
    person_id = models.CharField(max_length=32, db_index=True)
    action = models.CharField(max_length=16, choices=Action.choices)
    on_date = models.DateField(null=True, blank=True)
    text = models.CharField(max_length=300, blank=True)
    account = models.ForeignKey(Account, null=True, on_delete=models.SET_NULL, related_name="+")
    username = models.CharField(max_length=150)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]


class Attendance(models.Model):
    """The Tagana coordinator's record of one volunteer at one phase: came, and which dose.

    `slot`: the dose given (dose1, dose2, ..., booster1; '' when none); `given_on`: its date.
    Doses recorded here reach the next census run as the department's own export.
    """

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="attendance")
    phase = models.CharField(max_length=120)
    person_id = models.CharField(max_length=32)
    came = models.BooleanField(default=False)
    slot = models.CharField(max_length=16, blank=True)
    brand = models.CharField(max_length=40, blank=True)
    given_on = models.DateField(null=True, blank=True)
    account = models.ForeignKey(Account, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["phase", "person_id"]
        constraints = [models.UniqueConstraint(fields=["round", "phase", "person_id"],
                                               name="one_attendance")]


class AuditEvent(models.Model):
    """Who did what, when, to which object. Never personal data beyond the account name."""

    at = models.DateTimeField(default=timezone.now, db_index=True)
    account = models.ForeignKey(Account, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")
    username = models.CharField(max_length=150)  # kept when the account is deleted
    action = models.CharField(max_length=40, db_index=True)
    object_type = models.CharField(max_length=40, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    detail = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
