"""Helpers of the portal's tests: units, accounts, rounds and uploads through the real views."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from django.test import Client
from django.urls import reverse

from census.web.models import Account, Role, Round, Submission, Unit

ROOT = Path(__file__).resolve().parent.parent
INPUTS = ROOT / "inputs"
READ_DATA = ROOT / "tests" / "data" / "read"
PASSWORD = "Sandi-uji-Rahasia-2022"
AS_OF = date(2022, 3, 31)


def make_unit(code: str, name: str | None = None, phone: str = "") -> Unit:
    return Unit.objects.create(code=code, name=name or f"UPT {code}", head=f"Kepala {code}",
                               head_phone=phone)


def make_account(username: str, role: str, unit: Unit | None = None) -> Account:
    account = Account(username=username, role=role, unit=unit)
    account.set_password(PASSWORD)
    account.save()
    return account


def make_round(name: str = "Putaran uji", census_date: date = AS_OF) -> Round:
    return Round.objects.create(name=name, census_date=census_date)


def client_for(account: Account | None) -> Client:
    client = Client()
    if account is not None:
        client.force_login(account)
    return client


def upload(client: Client, round_: Round, unit_code: str, path: Path,
           name: str | None = None) -> Submission:
    """Upload `path` to the unit's page as a browser would; the newest submission after it."""
    url = reverse("portal:unit", args=[round_.pk, unit_code])
    with path.open("rb") as handle:
        from django.core.files.uploadedfile import SimpleUploadedFile

        file = SimpleUploadedFile(name or path.name, handle.read())
    response = client.post(url, {"file": file})
    assert response.status_code == 302, response.status_code
    return Submission.objects.filter(round=round_, unit__code=unit_code).order_by("-version")[0]


def text_of(html: bytes) -> str:
    """The visible text of a page (tags dropped, spaces collapsed)."""
    text = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html.decode(), flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text)).strip()


__all__ = ["PASSWORD", "Role", "client_for", "make_account", "make_round", "make_unit",
           "text_of", "upload"]
