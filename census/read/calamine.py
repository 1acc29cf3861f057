"""python-calamine's side of reading a workbook: open it, and a sheet's cells, its place and merged
ranges, with calamine's own errors (and panics) turned into a CensusError."""

from __future__ import annotations

from pathlib import Path

from python_calamine import CalamineWorkbook

from census.errors import UnreadableWorkbook
from census.i18n import N_


def open_calamine(path: Path) -> CalamineWorkbook:
    """The workbook at `path` opened by python-calamine (after the budget), or UnreadableWorkbook."""
    try:
        if path.suffix.lower() in (".xlsx", ".xlsm", ".ods"):
            return CalamineWorkbook.from_path(str(path))
        # A workbook under another name (an .xlsx saved as .xls): calamine tells it by its bytes.
        with path.open("rb") as handle:
            return CalamineWorkbook.from_filelike(handle)
    except BaseException as exc:  # calamine raises its own errors and pyo3 panics
        if isinstance(exc, KeyboardInterrupt | SystemExit):
            raise
        raise UnreadableWorkbook(
            N_("The workbook is damaged or not an .xlsx workbook: {name}"), name=path.name
        ) from None


def worksheet_names(book: CalamineWorkbook) -> list[str]:
    """The names of the book's worksheets, in order (chart and macro sheets hold no table)."""
    return [meta.name for meta in book.sheets_metadata
            if str(getattr(meta, "typ", "WorkSheet")).rsplit(".", 1)[-1] == "WorkSheet"]


def read_sheet(book: CalamineWorkbook, name: str, path: Path) -> tuple[list[list], tuple[int, int], list]:
    """(cell values with the empty outer area cut off, (first row, first column) 0-based, merged ranges)."""
    try:
        sheet = book.get_sheet_by_name(name)
        rows = sheet.to_python(skip_empty_area=True)
        start = sheet.start or (0, 0)
        merged = sheet.merged_cell_ranges or []
    except BaseException as exc:
        if isinstance(exc, KeyboardInterrupt | SystemExit):
            raise
        raise UnreadableWorkbook(
            N_("Sheet '{sheet}' of {name} cannot be read."), sheet=name, name=path.name
        ) from None
    return rows, (int(start[0]), int(start[1])), list(merged)
