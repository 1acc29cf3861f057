"""Accounts and units from outside a request: `census createuser`, the demo, census.toml's units."""

from __future__ import annotations

import secrets

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from census.config import Config
from census.errors import CensusError
from census.web import audit
from census.web.models import Account, Role, Unit


class AccountError(CensusError):
    """An account cannot be made as asked (unknown role or unit, weak password, name taken)."""


def new_password() -> str:
    """A random password people can type (about 80 bits)."""
    return secrets.token_urlsafe(10)


@transaction.atomic
def create_account(username: str, role: str, unit_code: str | None, password: str,
                   check_password: bool = True) -> Account:
    """Make an account; an operator or a unit head needs a unit, other roles have none."""
    if role not in Role.values:
        raise AccountError(f"peran tidak dikenal (unknown role): {role}; pilih {', '.join(Role.values)}")
    unit = None
    if role in Role.OF_A_UNIT:
        if not unit_code:
            raise AccountError(f"peran {role} memerlukan --unit (a unit operator or head needs --unit)")
        unit = Unit.objects.filter(code=unit_code).first()
        if unit is None:
            raise AccountError(f"unit tidak dikenal (unknown unit): {unit_code}")
    if Account.objects.filter(username=username).exists():
        raise AccountError(f"nama akun sudah dipakai (username taken): {username}")
    account = Account(username=username, role=role, unit=unit)
    if check_password:
        try:
            validate_password(password, account)
        except ValidationError as exc:
            raise AccountError("kata sandi ditolak (password refused): " + " ".join(exc.messages)) from None
    account.set_password(password)
    account.save()
    audit.record(None, "account-created", account, f"{username} {role}", username="census")
    return account


def sync_units(config: Config) -> int:
    """Create or update the units census.toml names (its values win); returns how many."""
    for code, unit in config.units.items():
        Unit.objects.update_or_create(code=code, defaults={
            "name": unit.name, "head": unit.head or "", "head_nip": unit.head_nip or "",
            "head_phone": unit.head_phone or "",
        })
    return len(config.units)
