"""Helpers of the portal's tests: units, accounts, rounds and uploads through the real views."""

from __future__ import annotations

import html as html_lib
import re
from datetime import date
from pathlib import Path

from django.test import Client
from django.urls import reverse

from census.web.models import Account, Role, Round, Submission, Unit  # noqa: F401 - Role for tests

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
    return html_lib.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text)).strip())



def corrected_jombang(folder: Path) -> Path:
    """The demo's Jombang workbook with its two planted errors fixed, as an operator would fix
    them after reading the findings: the NIK's missing digit typed back (its birth date and sex
    part: 58 10 88, a woman born 18-10-1988), and dose 1 dated as the health office recorded it.
    """
    import openpyxl

    workbook = openpyxl.load_workbook(INPUTS / "upt_pstw_jombang.xlsx")
    assert workbook["Honorer"]["C15"].value == "351721581082243"
    workbook["Honorer"]["C15"].value = "3517215810882243"
    assert workbook["PNS"]["G17"].value == "31/02/2021"
    workbook["PNS"]["G17"].value = "03/03/2021"
    target = folder / "upt_pstw_jombang_perbaikan.xlsx"
    workbook.save(target)
    return target


def planted(file: str) -> list[tuple[str, str]]:
    """(cell, code) of the demo's planted findings in `file` (tests/fixtures)."""
    import csv

    with (ROOT / "tests" / "fixtures" / "demo_validate_findings.csv").open(encoding="utf-8") as f:
        rows = csv.DictReader(line for line in f if not line.startswith("#"))
        return [(f"{r['sheet']}!{r['column']}{r['row']}", r["code"]) for r in rows
                if r["file"] == file]
