"""The demo province as the portal's first round: units, accounts (one per role), uploads."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from census.config import load_config_file
from census.read import find_inputs
from census.web import blobstore, intake
from census.web.accounts import new_password, sync_units
from census.web.models import Account, DepartmentFile, Role, Round, Unit
from census.web.tasks import start_run


@dataclass(frozen=True)
class DemoAccount:
    """A demo account as printed at start."""

    username: str
    password: str
    role: str
    unit: str


def load_demo(inputs: Path, second: Path | None = None) -> list[DemoAccount]:
    """Load `inputs` (the demo province) once as round 1 (closed) and `second` (its round 2,
    default demo/round2 beside it) as round 2 (open), and queue a census run of each (round 2
    compared with round 1); every start gives the demo accounts new passwords."""
    instance = settings.INSTANCE
    if not Path(instance.config_file).exists() and (inputs / "census.toml").is_file():
        shutil.copyfile(inputs / "census.toml", instance.config_file)
    config = instance.config()
    sync_units(config)
    accounts = _demo_accounts()
    if not Round.objects.exists():
        first = _load_round(inputs, config.as_of, "Putaran 1 — Maret 2022")
        if second is None:
            second = inputs.resolve().parent / "demo" / "round2"
        admin = Account.objects.get(username="admin")
        if (second / "census.toml").is_file():
            first.is_open, first.closed_at = False, timezone.now()
            first.save(update_fields=["is_open", "closed_at"])
            as_of = load_config_file(second / "census.toml").as_of
            later = _load_round(second, as_of, "Putaran 2 — Juni 2022")
            start_run(first, admin)
            start_run(later, admin)
        else:
            start_run(first, admin)
    return accounts


def _demo_accounts() -> list[DemoAccount]:
    wanted = [("admin", Role.ADMIN, None), ("viewer", Role.VIEWER, None),
              ("koordinator", Role.COORDINATOR, None)]
    wanted += [(f"op_{unit.code}", Role.OPERATOR, unit) for unit in Unit.objects.all()]
    wanted += [(f"kepala_{unit.code}", Role.HEAD, unit) for unit in Unit.objects.all()]
    printed = []
    for username, role, unit in wanted:
        password = new_password()
        account = Account.objects.filter(username=username).first() or Account(username=username)
        account.role, account.unit = role, unit
        account.set_password(password)
        account.save()
        printed.append(DemoAccount(username, password, role, unit.code if unit else ""))
    return printed


def _load_round(inputs: Path, census_date: date, name: str) -> Round:
    round_ = Round.objects.create(name=name, census_date=census_date)
    rosters, exports = find_inputs(inputs)
    for path in rosters:
        unit = Unit.objects.filter(code=path.stem).first()
        if unit is None:
            continue
        operator = Account.objects.filter(role=Role.OPERATOR, unit=unit).first()
        stored = blobstore.store(path)
        reading = intake.read_roster(stored, unit.code, round_.census_date)
        intake.record_submission(round_, unit, operator, stored, path.name, reading)
    admin = Account.objects.filter(role=Role.ADMIN).first()
    plans = [p for p in (inputs / "tagana_plan.toml", inputs / "tagana_plan.xlsx") if p.is_file()]
    for kind, path in [(DepartmentFile.Kind.REGISTRY, p) for p in exports] + \
            [(DepartmentFile.Kind.PLAN, p) for p in plans[:1]]:
        stored = blobstore.store(path)
        reading = intake.read_department_file(stored, kind, round_.census_date)
        DepartmentFile.objects.create(
            round=round_, kind=kind, uploaded_by=admin, file=stored, original_name=path.name,
            outcome=reading.outcome, message=reading.message, message_values=reading.values,
            rows=reading.rows,
        )
    return round_
