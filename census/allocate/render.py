"""Write the coordinator's report: OUT/tagana/allocation.xlsx and allocation.html."""

from __future__ import annotations

import numbers
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pandas as pd
import xlsxwriter

from census.allocate.assign import Allocation
from census.allocate.labels import Labels
from census.allocate.page import AllocationPage, build_page
from census.config import Config
from census.report.html import environment
from census.report.mask import mask_nik

#: Text written as text: never a formula, URL or number (a name may start with '=').
WORKBOOK_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False,
                    "strings_to_numbers": False, "nan_inf_to_errors": True}


def write_allocation_report(
    allocation: Allocation, out_dir: Path, config: Config, lang: str = "id"
) -> list[Path]:
    """Write out_dir/tagana/allocation.xlsx and allocation.html; return their paths."""
    folder = out_dir / "tagana"
    folder.mkdir(parents=True, exist_ok=True)
    page = build_page(allocation, config.department, lang)
    xlsx = folder / "allocation.xlsx"
    write_xlsx(allocation, page, xlsx)
    html = folder / "allocation.html"
    html.write_text(render(page), encoding="utf-8")
    return [xlsx, html]


def render(page: AllocationPage) -> str:
    """templates/allocation/allocation.html filled with `page`."""
    return environment().get_template("allocation/allocation.html").render(page=page)


def _cell(value: Any) -> Any:
    """A value as the workbook stores it: None for empty, date for dates, else as is."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    return value


def write_xlsx(allocation: Allocation, page: AllocationPage, path: Path) -> None:
    """The workbook: Info, then one sheet per table, each with a frozen header and filters."""
    t = page.t
    with xlsxwriter.Workbook(str(path), WORKBOOK_OPTIONS) as book:
        formats = {
            "head": book.add_format({"bold": True, "bg_color": "#E7ECF2", "border": 1,
                                     "text_wrap": True, "valign": "top"}),
            "date": book.add_format({"num_format": "dd/mm/yyyy"}),
            "bold": book.add_format({"bold": True}),
        }
        info = book.add_worksheet(t["sheet_info"])
        info.set_column(0, 0, 24)
        info.set_column(1, 1, 60)
        lines = [
            (t["title_label"], page.title), (t["department"], page.department),
            (t["as_of"], allocation.as_of), (t["plan_file"], page.source),
            (t["total_doses"], page.total_doses), (t["volunteers"], page.volunteers),
            ("", t["generated"]),
        ]
        for row, (key, value) in enumerate(lines):
            info.write_string(row, 0, key, formats["bold"])
            _write(info, row, 1, value, formats)

        phases = allocation.phases.assign(
            kabkota=allocation.phases["kabkota"].replace("", t["all_regions"]))
        _table(book, t["sheet_phases"], phases, [
            ("phase", "col_phase", 18), ("start", "col_start", 12), ("end", "col_end", 12),
            ("kabkota", "col_regions", 34), ("quota", "col_quota", 9),
            ("assigned", "col_assigned", 11), ("administered", "col_administered", 11),
            ("administered_unassigned", "col_administered_unassigned", 14),
            ("remaining", "col_remaining", 9), ("no_shows", "col_no_shows", 11),
            ("pending", "col_pending", 10)], t, formats)
        regions = allocation.regions.assign(
            kabkota=allocation.regions["kabkota"].fillna(t["unknown_region"]))
        _table(book, t["sheet_regions"], regions, [
            ("kabkota", "col_kabkota", 30), ("volunteers", "col_volunteers", 10),
            ("need_now", "col_need_now", 11), ("assigned", "col_assigned", 11),
            ("administered", "col_administered", 11), ("no_shows", "col_no_shows", 11),
            ("unassigned_need", "col_unassigned_need", 13)], t, formats)
        person = [("person_id", "col_person", 9), ("nik", "col_nik", 18),
                  ("name", "col_name", 28), ("kabkota", "col_kabkota", 22)]
        _table(book, t["sheet_lists"], allocation.assignments, [
            ("phase", "col_phase", 14), *person, ("priority", "col_priority", 16),
            ("dose", "col_dose", 10), ("due", "col_due", 12),
            ("status_at_start", "col_status_at_start", 15), ("status", "col_status", 15),
            ("given", "col_given", 13), ("outcome", "col_outcome", 14)], t, formats)
        _table(book, t["sheet_unassigned"], allocation.unassigned, [
            *person, ("status", "col_status", 15), ("dose", "col_dose", 10),
            ("due", "col_due", 12), ("reason", "col_reason", 30)], t, formats)
        _table(book, t["sheet_outside"], allocation.outside, [
            *person, ("dose", "col_dose", 10), ("date", "col_date", 12),
            ("brand", "col_brand", 14), ("reason", "col_reason", 30)], t, formats)


#: Columns whose codes print as words: column → Labels.value prefix.
_CODED = {"priority": "priority", "dose": "dose", "status": "status",
          "status_at_start": "status", "outcome": "outcome", "reason": "reason"}


def _table(book: Any, name: str, frame: pd.DataFrame, columns: list[tuple[str, str, int]],
           t: Labels, formats: dict[str, Any]) -> None:
    sheet = book.add_worksheet(name)
    for col, (_, label, width) in enumerate(columns):
        sheet.write_string(0, col, t[label], formats["head"])
        sheet.set_column(col, col, width)
    for row, rec in enumerate(frame.to_dict("records"), start=1):
        for col, (key, _, _) in enumerate(columns):
            value = _cell(rec.get(key))
            if key == "nik":
                value = mask_nik(value)
            elif key in _CODED and value is not None:
                value = t.value(_CODED[key], value)
            _write(sheet, row, col, value, formats)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(len(frame), 1), len(columns) - 1)


def _write(sheet: Any, row: int, col: int, value: Any, formats: dict[str, Any]) -> None:
    if value is None:
        sheet.write_blank(row, col, None)
    elif isinstance(value, datetime | date):
        sheet.write_datetime(row, col, value, formats["date"])
    elif isinstance(value, bool):
        sheet.write_boolean(row, col, value)
    elif isinstance(value, numbers.Real):
        sheet.write_number(row, col, value)
    else:
        sheet.write_string(row, col, str(value))
