"""Read inputs/tagana_plan.xlsx (a 'Rencana' / 'Plan' sheet) into a checked Plan."""

from __future__ import annotations

import re
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

from census.allocate.plan import (
    Plan,
    PlanError,
    Problems,
    RawPhase,
    check_plan,
    parse_flag,
    place,
)
from census.i18n import N_

#: Header spellings (folded: lower case, punctuation as spaces) → plan key.
HEADERS = {
    "name": {"fase", "phase", "tahap", "nama tahap", "nama fase", "phase name", "nama"},
    "start": {"mulai", "start", "tanggal mulai", "tgl mulai", "start date", "dari", "from"},
    "end": {"selesai", "end", "tanggal selesai", "tgl selesai", "end date", "sampai", "until",
            "akhir", "to"},
    "quota": {"kuota", "quota", "jumlah dosis", "dosis", "doses", "alokasi", "alokasi dosis"},
    "kabkota": {"kab kota", "kabupaten kota", "kabkota", "wilayah", "region", "regions",
                "kab kota sasaran"},
}
TOTAL_LABELS = {"total dosis", "total doses", "total", "jumlah total", "total alokasi",
                "jumlah dosis total"}
#: Yes/no options written as a label with 'Ya' / 'Tidak' in a cell to its right.
FLAG_LABELS = {
    "count_boosters": {"hitung booster", "termasuk booster", "count boosters"},
    "reassign_no_shows": {"alihkan yang tidak hadir", "alihkan tidak hadir",
                          "reassign no shows"},
}
SHEET_NAMES = ("rencana", "plan")
_NOT_ALNUM = re.compile(r"[^0-9a-z]+")


def _fold(value: Any) -> str:
    return _NOT_ALNUM.sub(" ", str(value).lower()).strip() if value is not None else ""


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def read_xlsx(path: Path, as_of: date) -> Plan:
    """The plan in a workbook: a header row (Fase, Mulai, Selesai, Kuota, Kab/Kota), one row per
    phase, and a 'Total Dosis' label with the number in a cell to its right (above or below)."""
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    source = path.name
    problems = Problems()
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError):
        problems.add("unreadable", N_("the workbook cannot be read (not an .xlsx file, or damaged)"),
                     where=source)
        raise PlanError(source, problems.items) from None
    try:
        sheet_name = _plan_sheet(book.sheetnames)
        if sheet_name is None:
            names = ", ".join(book.sheetnames)
            problems.add("no-sheet", N_("no sheet named 'Rencana' or 'Plan' (sheets: {names})"),
                         where=source, names=names)
            raise PlanError(source, problems.items)
        rows = [tuple(row) for row in book[sheet_name].iter_rows(values_only=True)]
    finally:
        book.close()
    total, total_row = _labelled(rows, TOTAL_LABELS)
    flags: dict[str, bool] = {}
    for key, labels in FLAG_LABELS.items():
        value, flag_row = _labelled(rows, labels)
        flag = parse_flag(value)
        if flag is None:
            problems.add("bad-value", N_("write Ya (yes) or Tidak (no) instead of '{value}'"),
                         line=flag_row, where=place(flag_row, sheet_name), value=value)
        flags[key] = bool(flag)
    header_row, columns = _header(rows)
    if header_row is None:
        problems.add("no-header", N_("no header row (Fase, Mulai, Selesai, Kuota) found"),
                     where=place(None, sheet_name))
        raise PlanError(source, problems.items)
    raw: list[RawPhase] = []
    for number in range(header_row + 1, len(rows) + 1):
        row = rows[number - 1]
        cells = {key: row[col] if col < len(row) else None for key, col in columns.items()}
        if all(_empty(v) for v in cells.values()) or number == total_row:
            continue
        if _fold(cells.get("name")) in TOTAL_LABELS.union(*FLAG_LABELS.values()):
            continue
        lines = dict.fromkeys(cells, number)
        raw.append(RawPhase(len(raw) + 1, cells, lines, number, sheet_name))
    total_where = place(total_row, sheet_name)
    return check_plan(source, total, total_row, total_where, raw, problems, as_of,
                      count_boosters=flags["count_boosters"],
                      reassign_no_shows=flags["reassign_no_shows"])


def _plan_sheet(names: list[str]) -> str | None:
    for wanted in SHEET_NAMES:
        for name in names:
            if _fold(name).startswith(wanted):
                return name
    return names[0] if len(names) == 1 else None


def _header(rows: list[tuple[Any, ...]]) -> tuple[int | None, dict[str, int]]:
    """The first row naming at least a phase, a start and a quota column; key → column index."""
    for number, row in enumerate(rows, start=1):
        columns: dict[str, int] = {}
        for col, value in enumerate(row):
            folded = _fold(value)
            for key, spellings in HEADERS.items():
                if folded in spellings and key not in columns:
                    columns[key] = col
        if {"name", "start", "quota"} <= set(columns):
            return number, columns
    return None, {}


def _labelled(rows: list[tuple[Any, ...]], labels: set[str]) -> tuple[Any, int | None]:
    """The value right of the first cell holding one of `labels`, and its row (None, None)."""
    for number, row in enumerate(rows, start=1):
        for col, value in enumerate(row):
            if _fold(value) in labels:
                rest = [v for v in row[col + 1:] if not _empty(v)]
                return (rest[0] if rest else None), number
    return None, None
