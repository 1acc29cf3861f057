"""Builders of the persons / memberships / doses tables the Tagana allocation tests start from."""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd

from census.model import PERSON_COLUMNS, PERSON_EXTRA_COLUMNS

PERSON_FIELDS = list(PERSON_COLUMNS) + list(PERSON_EXTRA_COLUMNS)


def d(text: str) -> date:
    """date.fromisoformat, short."""
    return date.fromisoformat(text)


def volunteer(number: int, status: str, kabkota: str | None = "Kota Surabaya",
              **values: Any) -> dict[str, Any]:
    """One persons-table row: person P000<number>, NIK 3578..<number>, every column filled."""
    row: dict[str, Any] = dict.fromkeys(PERSON_FIELDS)
    row.update(
        person_id=f"P{number:06d}",
        nik=f"35780112800{number:05d}",
        name=f"Relawan {number}",
        birth_date=d("1980-12-01"),
        sex="L",
        units="tagana",
        categories="tagana",
        status=status,
        primary_doses=0,
        booster_doses=0,
        overdue=False,
        verified=False,
        kabkota=kabkota,
        dose_brands="",
    )
    if status == "unvaccinated":
        row["next_dose"] = "dose1"
    row.update(values)
    return row


def tables(rows: list[dict[str, Any]], doses: list[tuple[str, str, str, str]] = (),
           others: list[dict[str, Any]] = ()) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """persons, memberships (rows are Tagana volunteers, `others` ASN), doses (pid, slot, date, brand)."""
    persons = pd.DataFrame(list(rows) + list(others), columns=PERSON_FIELDS)
    memberships = pd.DataFrame(
        [(r["person_id"], "tagana", "tagana") for r in rows]
        + [(r["person_id"], "dinsos", "asn") for r in others],
        columns=["person_id", "unit", "category"],
    )
    dose_table = pd.DataFrame(
        [(pid, slot, pd.Timestamp(day), brand, "roster", False) for pid, slot, day, brand in doses],
        columns=["person_id", "slot", "date", "brand", "source", "verified"],
    )
    dose_table["date"] = dose_table["date"].astype("datetime64[ns]")
    return persons, memberships, dose_table
