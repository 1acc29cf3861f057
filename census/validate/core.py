"""validate_books: every roster-level finding of DOMAIN §7 for a list of read workbooks."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import numpy as np
import pandas as pd

from census.findings import Finding
from census.i18n import N_, Message
from census.model import STAFF_CATEGORIES
from census.read.book import RosterBook
from census.rules.table import Rules
from census.validate.columns import Columns
from census.validate.common import SEX_IDS, Cells, DateCells, Emitter, sex_ids, show_date
from census.validate.doses import check_doses
from census.validate.free_text import check_phones, check_remarks
from census.validate.identity import check_duplicates, check_nik, check_nip
from census.values.sex import UNKNOWN

#: Oldest plausible age on the census date; an older birth date is a typing mistake.
MAX_AGE = 120
_STAFF = {str(c) for c in STAFF_CATEGORIES}


def validate_books(
    books: list[RosterBook], as_of: date, rules: Rules, rows: pd.DataFrame | None = None
) -> list[Finding]:
    """Every roster-level finding for `books` (plus the reader's own), sorted by place and code.

    The checks run once over the rows of every book together (`rows`: their concatenation in
    book order when the caller has it, else made here). Cross-roster findings (name-mismatch,
    possible-duplicate, registry-conflict, status-unverified) belong to the register stage and
    are not produced here.
    """
    table = Columns([rows] if rows is not None else [book.rows for book in books])
    emit = Emitter(books, table)
    for book in books:
        for info in book.sheets:
            emit.findings.extend(info.findings)
        _check_sheets(book, emit)
    if len(table):
        _check_rows(table, emit, as_of, rules)
    return sorted(_unknown_cells_dropped(books, emit.findings), key=finding_order)


def _unknown_cells_dropped(books: list[RosterBook], findings: list[Finding]) -> list[Finding]:
    """A formula cell whose value was never saved reads as empty: its sheet's formula-no-value
    finding says so, and no finding about its (unknown) value is made ('name empty')."""
    unknown = {(book.file, info.sheet, cell) for book in books for info in book.sheets
               for cell in info.formulas}
    if not unknown:
        return findings
    return [
        finding for finding in findings
        if finding.row is None
        or (finding.file, finding.sheet, f"{finding.column}{finding.row}") not in unknown
    ]


def finding_order(finding: Finding) -> tuple[str, str, int, int, str, str]:
    """Sort key: file, sheet, row, column in Excel order (B before AA), code."""
    column = finding.column or ""
    return (finding.file, finding.sheet or "", finding.row or 0, len(column), column, finding.code)


def _check_sheets(book: RosterBook, emit: Emitter) -> None:
    """missing-column: a roster sheet of staff without a NIK column."""
    for info in book.sheets:
        if info.header_row is None or "name" not in info.columns or "nik" in info.columns:
            continue
        if info.category is not None:
            staff = info.category in _STAFF
        else:
            rows = book.rows
            categories = rows.loc[rows["sheet"] == info.sheet, "category"]
            staff = bool(categories.isin(_STAFF).any())
        if staff:
            emit.emit_sheet("missing-column", book, info.sheet, info.header_row, field="NIK")


def _check_rows(rows: Columns, emit: Emitter, as_of: date, rules: Rules) -> None:
    name = Cells(rows, "name")
    emit.emit("name-missing", emit.has_column("name") & ~name.present, "name")

    sex_typed = Cells(rows, "sex")
    sex = sex_ids(rows)
    sex_bad = sex == SEX_IDS[UNKNOWN]
    sex[sex_bad] = SEX_IDS[""]  # no accepted spelling: compared with nothing
    emit.emit("sex-invalid", sex_bad, "sex", sex_typed)

    birth_raw = DateCells(rows, "birth_date")
    birth = birth_raw.dates
    unknown = np.isnat(birth)
    empty = unknown.copy()
    empty[unknown] = ~birth_raw.present_at(np.flatnonzero(unknown))
    too_old = birth < np.datetime64(_years_before(as_of, MAX_AGE + 1), "D") + 1
    future = ~unknown & (birth > np.datetime64(as_of, "D"))
    impossible = future | (~unknown & too_old)
    # Age decides eligibility, and people without a NIK are told apart by name and birth date,
    # so a sheet that has a birth-date column needs it filled on every row.
    empty_required = emit.has_column("birth_date") & empty
    unreadable = ~empty & unknown
    shown = _birth_shown(birth_raw, birth)
    for mask, reason in (
        (empty_required, N_("is empty")),
        (unreadable, N_("'{text}' cannot be read")),
        (future, N_("{text} is after the census date")),
        (impossible & ~future, N_("{text} means an age over 120")),
    ):
        emit.emit("birthdate-invalid", mask, "birth_date", birth_raw,
                  reason=lambda i, m=reason, s=shown: Message.of(m, text=s(i)))
    # An impossible birth date would turn into bogus NIK/NIP/dose comparisons: ignore it there.
    birth = np.where(impossible, np.datetime64("NaT", "D"), birth)

    usable = check_nik(rows, emit, as_of, birth, sex)
    check_duplicates(emit, lambda i: rows.at("nik", i), usable)
    check_nip(rows, emit, as_of, birth, sex)
    check_doses(rows, emit, as_of, rules, birth)
    check_remarks(rows, emit, rules)
    check_phones(rows, emit)


def _years_before(day: date, years: int) -> date:
    """The same calendar day `years` earlier (28 Feb for 29 Feb in a common year)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def _birth_shown(raw: Cells, birth: np.ndarray) -> Callable[[int], str]:
    """A birth date for a message: dd-mm-yyyy when it was read, else the text as typed."""
    return lambda i: show_date(birth[i]) if not np.isnat(birth[i]) else (raw(i) or "")
