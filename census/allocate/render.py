"""Write the coordinator's report: OUT/tagana/allocation.xlsx, allocation.html, assignments.json."""

from __future__ import annotations

import json
import numbers
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pandas as pd
import xlsxwriter

from census.allocate.assign import Allocation
from census.allocate.page import AllocationPage, build_page, word
from census.config import Config
from census.i18n import N_, Translator
from census.report.excel import DATE_FORMAT, fit_header, page_setup
from census.report.html import environment
from census.report.mask import mask_nik, mask_phone

#: Text written as text: never a formula, URL or number (a name may start with '=').
WORKBOOK_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False,
                    "strings_to_numbers": False, "nan_inf_to_errors": True}


def write_allocation_report(
    allocation: Allocation, out_dir: Path, config: Config, lang: str = "id"
) -> list[Path]:
    """Write out_dir/tagana/allocation.xlsx, allocation.html and assignments.json (the
    volunteers by phase with masked NIKs: the portal's attendance checklist); return their
    paths (the PDF is printed from the HTML afterwards: census.report.pdf)."""
    folder = out_dir / "tagana"
    folder.mkdir(parents=True, exist_ok=True)
    brands = {brand.code: brand.label for brand in config.rules().brands}
    page = build_page(allocation, config.department, lang, brands)
    xlsx = folder / "allocation.xlsx"
    write_xlsx(allocation, page, xlsx, brands)
    html = folder / "allocation.html"
    html.write_text(render(page), encoding="utf-8")
    listed = folder / "assignments.json"
    listed.write_text(assignments_json(allocation), encoding="utf-8")
    return [xlsx, html, listed]


def assignments_json(allocation: Allocation) -> str:
    """The phases (census.allocate.assign.PHASE_COLUMNS) and the assignments (phase,
    person_id, name, masked NIK, kabkota, dose, due, outcome) as JSON."""
    table = allocation.assignments
    items = [
        {"phase": phase, "person_id": str(pid), "name": name if isinstance(name, str) else "",
         "nik": mask_nik(nik if isinstance(nik, str) else None),
         "kabkota": kabkota if isinstance(kabkota, str) else None, "dose": str(dose),
         "due": _cell(due).isoformat() if _cell(due) is not None else None,
         "outcome": str(outcome)}
        for phase, pid, name, nik, kabkota, dose, due, outcome in zip(
            table["phase"], table["person_id"], table["name"], table["nik"], table["kabkota"],
            table["dose"], table["due"], table["outcome"], strict=True)
    ]
    phases = [
        {key: (_cell(value).isoformat() if isinstance(_cell(value), date) else _cell(value))
         for key, value in row.items()}
        for row in allocation.phases.to_dict("records")
    ]
    return json.dumps({"phases": phases, "assignments": items}, ensure_ascii=False, indent=0,
                      default=int)


def render(page: AllocationPage) -> str:
    """templates/allocation/allocation.html filled with `page`."""
    return environment().get_template("allocation/allocation.html").render(page=page, t=page.t)


def _cell(value: Any) -> Any:
    """A value as the workbook stores it: None for empty, date for dates, else as is."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    return value


def write_xlsx(allocation: Allocation, page: AllocationPage, path: Path,
               brands: dict[str, str] | None = None) -> None:
    """The workbook: Info, then one sheet per table, each with a frozen header and filters,
    printed landscape one page wide with the header on every page; `brands`: code → name."""
    t = page.t
    with xlsxwriter.Workbook(str(path), WORKBOOK_OPTIONS) as book:
        formats = {
            "head": book.add_format({"bold": True, "bg_color": "#E7ECF2", "border": 1,
                                     "text_wrap": True, "valign": "top"}),
            "date": book.add_format({"num_format": DATE_FORMAT, "align": "left"}),
            "bold": book.add_format({"bold": True}),
            "brands": brands or {},
        }
        info = book.add_worksheet(t("Info"))
        page_setup(info, t, landscape=False)
        info.set_column(0, 0, 24)
        info.set_column(1, 1, 60)
        lines = [
            (t("Title"), page.title), (t("Department"), page.department),
            (t("As of"), allocation.as_of), (t("Plan"), page.source),
            (t("Total doses"), page.total_doses), (t("Volunteers"), page.volunteers),
            ("", t("Made by census. NIKs are masked.")),
        ]
        for row, (key, value) in enumerate(lines):
            info.write_string(row, 0, key, formats["bold"])
            _write(info, row, 1, value, formats)

        phases = allocation.phases.assign(
            kabkota=allocation.phases["kabkota"].replace("", t("all Kab/Kota")))
        _table(book, t("Phases"), phases, [
            ("phase", N_("Phase"), 18), ("start", N_("Start"), 12), ("end", N_("End"), 12),
            ("kabkota", N_("Kab/Kota"), 34), ("quota", N_("Quota"), 9),
            ("assigned", N_("Assigned (doses)"), 11), ("administered", N_("Administered"), 11),
            ("administered_unassigned", N_("Administered (unassigned)"), 14),
            ("remaining", N_("Remaining"), 9), ("no_shows", N_("No-shows"), 11),
            ("pending", N_("Pending"), 10)], t, formats)
        regions = allocation.regions.assign(
            kabkota=allocation.regions["kabkota"].fillna(t("(Kab/Kota unknown)")))
        _table(book, t("Regions"), regions, [
            ("kabkota", N_("Kab/Kota"), 30), ("volunteers", N_("Volunteers"), 10),
            ("need_now", N_("Need a dose"), 11), ("assigned", N_("Assigned (doses)"), 11),
            ("administered", N_("Administered"), 11), ("no_shows", N_("No-shows"), 11),
            ("unassigned_need", N_("Need, no phase"), 13)], t, formats)
        person = [("person_id", N_("ID"), 9), ("nik", N_("NIK"), 18),
                  ("name", N_("Name"), 28), ("kabkota", N_("Kab/Kota"), 22)]
        phone = ("phone", N_("Phone"), 15)
        _table(book, t("Volunteers by Phase"), allocation.assignments, [
            ("phase", N_("Phase"), 14), *person, phone, ("priority", N_("Priority"), 16),
            ("dose", N_("Dose"), 10), ("due", N_("Due from"), 12),
            ("status_at_start", N_("Status at phase start"), 20), ("status", N_("Status now"), 20),
            ("given", N_("Date given"), 13), ("outcome", N_("Outcome"), 14)], t, formats)
        _table(book, t("No Phase"), allocation.unassigned, [
            *person, phone, ("status", N_("Status now"), 20), ("dose", N_("Dose"), 10),
            ("due", N_("Due from"), 12), ("reason", N_("Reason"), 30)], t, formats)
        _table(book, t("Outside Phases"), allocation.outside, [
            *person, ("dose", N_("Dose"), 10), ("date", N_("Date"), 12),
            ("brand", N_("Vaccine"), 14), ("reason", N_("Reason"), 30)], t, formats)


#: Columns whose codes print as words: column → Translator.value prefix.
_CODED = {"priority": "priority", "dose": "dose", "status": "status",
          "status_at_start": "status", "outcome": "outcome", "reason": "reason"}


def _table(book: Any, name: str, frame: pd.DataFrame, columns: list[tuple[str, str, int]],
           t: Translator, formats: dict[str, Any]) -> None:
    sheet = book.add_worksheet(name)
    page_setup(sheet, t, landscape=True)
    sheet.repeat_rows(0)
    for col, (_, label, width) in enumerate(columns):
        sheet.write_string(0, col, t(label), formats["head"])
        sheet.set_column(col, col, width)
    fit_header(sheet, 0, [t(label) for _, label, _ in columns], [w for _, _, w in columns])
    for row, rec in enumerate(frame.to_dict("records"), start=1):
        for col, (key, _, _) in enumerate(columns):
            value = _cell(rec.get(key))
            if key == "nik":
                value = mask_nik(value)
            elif key == "phone":
                value = mask_phone(value) or None
            elif key == "brand" and value is not None:
                value = formats["brands"].get(str(value), value)
            elif key in _CODED and value is not None:
                value = word(t, _CODED[key], value)
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
