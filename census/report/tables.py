"""Display-ready tables of a unit pack: outstanding list, refused/exempt list, findings, quality."""

from __future__ import annotations

import dataclasses
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from census.findings import Finding, unit_message
from census.i18n import Message, Translator, translator
from census.model import OUTSTANDING_STATUSES, Severity
from census.report.mask import mask_series, mask_text, nik_series
from census.report.summary import CATEGORIES, MemberKeys, member_keys
from census.rules.vocab import role_label

if TYPE_CHECKING:  # the register's modules are not loaded for this
    from census.register.build import TableKeys

OUTSTANDING = [str(s) for s in OUTSTANDING_STATUSES]
REFUSED_EXEMPT = ["refused", "exempt"]

#: Columns of the outstanding list, in order (all text but `from_date` and `overdue`).
OUTSTANDING_COLUMNS = [
    "name", "nik", "category", "status", "next_dose", "from_date", "overdue", "reason", "phone",
]  # fmt: skip
REFUSED_COLUMNS = ["name", "nik", "category", "status", "reason", "phone"]
FINDING_COLUMNS = ["file", "sheet", "row", "cell", "severity", "message", "code"]


@dataclass(frozen=True)
class UnitTables:
    """The people lists and findings of every unit, keyed by unit code, ready to print.

    `outstanding[unit]`: OUTSTANDING_COLUMNS; `from_date` is datetime64 (NaT when unknown),
    `overdue` bool; everything else masked text. `refused[unit]`: REFUSED_COLUMNS.
    `findings[unit]`: FINDING_COLUMNS (`row` Int64, <NA> for sheet-level findings). Units without rows are absent.
    """

    outstanding: dict[str, pd.DataFrame]
    refused: dict[str, pd.DataFrame]
    findings: dict[str, pd.DataFrame]


def unit_tables(
    persons: pd.DataFrame, memberships: pd.DataFrame, findings: list[Finding], t: Translator,
    keys: TableKeys | None = None,
) -> UnitTables:
    """Split the people to follow up and the findings by unit, sorted and masked. `keys`: the
    register's integer keys of these tables (Register.keys), checked (member_keys), saving
    the look-up of every person's id."""
    is_listed = persons["status"].astype(str).isin(OUTSTANDING + REFUSED_EXEMPT).to_numpy()
    listed = persons[is_listed]
    checked = member_keys(persons, memberships, keys)
    rows = _unit_people(listed, memberships, t, None if checked is None else (checked, is_listed))
    outstanding = rows[rows["status_code"].isin(OUTSTANDING)].sort_values(
        ["unit", "_late", "from_date", "_name_key"], ascending=[True, False, True, True],
        na_position="last", kind="stable",
    )
    refused = rows[rows["status_code"].isin(REFUSED_EXEMPT)].sort_values(
        ["unit", "status_code", "_name_key"], kind="stable"
    )
    return UnitTables(
        outstanding=_split(outstanding, OUTSTANDING_COLUMNS),
        refused=_split(refused, REFUSED_COLUMNS),
        findings=_split(findings_table(findings, t), FINDING_COLUMNS),
    )


def _unit_people(persons: pd.DataFrame, memberships: pd.DataFrame, t: Translator,
                 keyed: tuple[MemberKeys, np.ndarray] | None = None) -> pd.DataFrame:
    """One row per (unit, person) with the person's categories in that unit joined.

    `keyed`: the checked keys of memberships and which people of the whole persons table are
    these: people are then their places in it (in the order of their ids), not their ids."""
    # The memberships of the listed people (a third of everyone) first: the duplicates are
    # then looked for among their rows only (a duplicate has the person of its first).
    if keyed is None:
        person_ids = memberships["person_id"].astype(str)
        kept = person_ids.isin(persons["person_id"].astype(str)).to_numpy()
        person_key: pd.Series = person_ids[kept]
        people_key = persons["person_id"].astype(str)
    else:
        keys, is_listed = keyed
        kept = is_listed[keys.person]
        person_key = pd.Series(keys.person[kept], index=memberships.index[kept])
        people_key = pd.Series(np.flatnonzero(is_listed), index=persons.index)
    listed = memberships[kept]
    members = pd.DataFrame(
        {
            "person_id": person_key,
            "unit": listed["unit"].astype(str),
            "category": listed["category"].astype(str),
            "role": _column(listed, "role").astype(object),
        }
    ).drop_duplicates(["person_id", "unit", "category"])
    order = {c: i for i, c in enumerate(CATEGORIES)}
    members = members.assign(_order=members["category"].map(order).fillna(len(order)))
    members = members.sort_values(["unit", "person_id", "_order"], kind="stable")
    labels = {c: t.category(c) for c in members["category"].unique()}
    words = translator(t.lang)
    roles = {r: role_label(r, words) for r in members["role"].dropna().unique()}
    # The role inside the unit goes with the category: 'PTT / Non ASN · Pamdal'.
    # Object columns throughout: with pyarrow installed pandas 3 stores text as Arrow strings,
    # which will not add to the all-blank float column a unit without roles maps to.
    category = members["category"].map(labels).astype(object)
    role = members["role"].map(roles).astype(object)
    members["category"] = category.where(members["role"].isna(), category + " · " + role)
    # Most people have one category per unit: join only the few that have more.
    several = members.duplicated(["unit", "person_id"], keep=False)
    joined = (
        members[several].groupby(["unit", "person_id"], sort=False)["category"].agg(", ".join)
    )
    members = pd.concat(
        [members.loc[~several, ["unit", "person_id", "category"]], joined.reset_index()],
        ignore_index=True,
    )

    people = persons.assign(person_id=people_key)
    status = people["status"].astype(str)
    next_due = pd.to_datetime(people["next_due"], errors="coerce")
    eligible_from = pd.to_datetime(people["eligible_from"], errors="coerce")
    primary = pd.to_numeric(people["primary_doses"], errors="coerce").fillna(0).astype(int)
    # A person on the outstanding list always needs some dose: the next primary one by default.
    fallback = "dose" + (primary + 1).clip(upper=3).astype(str)
    next_dose = people["next_dose"].astype(object).where(people["next_dose"].notna(), fallback)
    dose_words = {slot: t.dose(slot) for slot in pd.unique(next_dose)}
    names = people["name"].astype("string").fillna("")
    table = pd.DataFrame(
        {
            "person_id": people["person_id"],
            "name": mask_series(names, min_digits=15),
            "_name_key": names.str.casefold(),
            "nik": nik_series(people["nik"]),
            "status_code": status,
            "status": status.map({s: t.status(s) for s in status.unique()}),
            "next_dose": next_dose.map(dose_words),
            "from_date": next_due.where(next_due.notna(), eligible_from),
            "overdue": people["overdue"].astype("boolean").fillna(False).astype(bool),
            "reason": mask_series(people["reason"], min_digits=15),
            "phone": mask_series(_column(people, "phone"), min_digits=15),
        }
    )
    table["_late"] = table["overdue"]
    return members.merge(table, on="person_id", how="inner")


def _column(table: pd.DataFrame, name: str) -> pd.Series:
    if name in table.columns:
        return table[name]
    return pd.Series([None] * len(table), index=table.index, dtype=object)


def _split(table: pd.DataFrame, columns: list[str]) -> dict[str, pd.DataFrame]:
    """Per unit (in order of first appearance) its rows of `table`, `columns` only."""
    if table.empty:
        return {}
    units = table["unit"].to_numpy()
    starts = np.flatnonzero(np.r_[True, units[1:] != units[:-1]])
    if len(starts) != len(pd.unique(units)):  # a unit's rows apart: grouped
        return {
            str(unit): part.loc[:, columns].reset_index(drop=True)
            for unit, part in table.groupby("unit", sort=False)
        }
    # Sorted by unit (the lists are): each unit's rows are a slice of the columns taken once.
    chosen = table.loc[:, columns].reset_index(drop=True)
    stops = [*starts[1:].tolist(), len(table)]
    return {str(units[start]): chosen.iloc[start:stop].reset_index(drop=True)
            for start, stop in zip(starts.tolist(), stops, strict=True)}


def findings_table(findings: list[Finding], t: Translator) -> pd.DataFrame:
    """Findings as rows (unit, FINDING_COLUMNS...), messages in t's language as the unit's head
    reads them (never naming a person of another roster: `unit_message`), the digit runs of
    their values masked (a NIK, a NIP) — not those of the message's own words (an example
    phone number)."""
    severity = {Severity.ERROR: t("Error"), Severity.WARNING: t("Warning")}
    records = [
        (
            f.unit,
            f.file,
            f.sheet or "",
            f.row,
            _cell(f),
            severity.get(f.severity, str(f.severity)),
            unit_message(_masked(f), t.lang),
            f.code,
        )
        for f in findings
        if f.unit is not None
    ]
    table = pd.DataFrame(records, columns=["unit", *FINDING_COLUMNS])
    table["row"] = pd.array([f.row for f in findings if f.unit is not None], dtype="Int64")
    for column in ("file", "sheet"):
        table[column] = mask_series(table[column])
    return table


def _masked(finding: Finding) -> Finding:
    """The finding with every long digit run of its value and context masked."""
    return dataclasses.replace(
        finding,
        value=mask_text(finding.value) if finding.value is not None else None,
        context=tuple((key, _masked_value(value)) for key, value in finding.context),
    )


def _masked_value(value: str | Message) -> str | Message:
    if isinstance(value, Message):
        return Message(value.msgid, tuple(
            (k, _masked_value(v) if isinstance(v, str | Message) else v) for k, v in value.values
        ), value.plural, value.count)
    return mask_text(value)


def _cell(finding: Finding) -> str:
    if finding.column and finding.row is not None:
        cell = f"{finding.column}{finding.row}"
    else:
        cell = finding.column or "-"
    return f"{cell} ({mask_text(finding.header)})" if finding.header else cell


@dataclass(frozen=True)
class QualityRow:
    """Findings of one unit for the department's data-quality table. `top_codes`: (code,
    count, severity) of the most frequent codes, errors before warnings."""

    unit: str | None
    errors: int
    warnings: int
    top_codes: list[tuple[str, int, str]]


def quality_rows(findings: list[Finding], units: list[str], top: int = 3) -> list[QualityRow]:
    """Errors, warnings and the most frequent codes per unit (units without findings: zeros).

    The most frequent codes rank errors before warnings (what must be fixed first), then by
    count, then by code. Findings without a unit come last as a row with unit None
    (department only).
    """
    by_unit: dict[str | None, Counter[tuple[str, str]]] = {}
    severities: dict[str | None, Counter[str]] = {}
    for finding in findings:
        by_unit.setdefault(finding.unit, Counter())[(finding.code, str(finding.severity))] += 1
        severities.setdefault(finding.unit, Counter())[str(finding.severity)] += 1
    keys: list[str | None] = list(units)
    keys += sorted(u for u in by_unit if u is not None and u not in units)
    if None in by_unit:
        keys.append(None)
    return [
        QualityRow(
            unit=unit,
            errors=severities.get(unit, Counter())["error"],
            warnings=severities.get(unit, Counter())["warning"],
            top_codes=_ranked(by_unit.get(unit, Counter()), top),
        )
        for unit in keys
    ]


def _ranked(counts: Counter[tuple[str, str]], top: int) -> list[tuple[str, int, str]]:
    order = sorted(counts.items(), key=lambda item: (item[0][1] != str(Severity.ERROR),
                                                     -item[1], item[0][0]))
    return [(code, n, severity) for (code, severity), n in order[:top]]
