"""Annotated copies of roster workbooks: flagged cells filled and commented, a findings sheet."""

from __future__ import annotations

from collections import defaultdict
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from census.errors import OutputError
from census.findings import Finding, message
from census.i18n import LANGUAGES, N_, Translator, translator
from census.model import Severity
from census.output import save_atomic
from census.read.book import RosterBook

#: The first sheet, listing every finding ('Temuan' in Indonesian).
if TYPE_CHECKING:
    import openpyxl
    from openpyxl.styles import PatternFill
    from openpyxl.worksheet.worksheet import Worksheet

# openpyxl is imported where a copy is written, not with census.validate: importing it costs
# `census validate` and every other command start-up time they do not need.
SHEET = N_("Findings")
ERROR_COLOUR, WARNING_COLOUR = "FFC7CE", "FFEB9C"


@cache
def _fill(error: bool) -> PatternFill:
    """The red (error) or yellow (warning) fill of a marked cell."""
    from openpyxl.styles import PatternFill

    return PatternFill("solid", fgColor=ERROR_COLOUR if error else WARNING_COLOUR)
_HEADERS = (N_("Sheet"), N_("Cell"), N_("Code"), N_("Severity"), N_("Value"), N_("Message"))
_AUTHOR = "census"


def annotate_workbook(
    book: RosterBook, findings: list[Finding], out_dir: Path, lang: str = "id"
) -> Path:
    """Write a copy of the book's workbook into `out_dir` with every finding marked.

    Flagged cells get a red (error) or yellow (warning) fill and one comment with all their
    messages; a finding about a whole row marks the row's first cell. A first sheet 'Temuan'
    ('Findings') lists every finding with a link to its cell. The original file is never written.
    Every word is in `lang`.
    """
    t = translator(lang)
    target = Path(out_dir) / book.path.name
    if target.exists() and target.resolve() == book.path.resolve():
        raise OutputError(N_(
            "The --annotate folder is the workbooks' own folder; the originals are never "
            "overwritten: {path}"
        ), path=out_dir)
    try:
        Path(out_dir).mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(
            N_("Cannot create the folder {path}: {reason}"), path=out_dir, reason=exc.strerror
        ) from exc
    import openpyxl

    workbook = openpyxl.load_workbook(book.path)
    for language in LANGUAGES:  # a copy annotated before, in either language
        if translator(language)(SHEET) in workbook.sheetnames:
            del workbook[translator(language)(SHEET)]

    by_cell: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for finding in findings:
        if finding.sheet is not None and finding.sheet in workbook.sheetnames \
                and finding.row is not None:
            by_cell[(finding.sheet, f"{finding.column or 'A'}{finding.row}")].append(finding)
    for (sheet, coordinate), here in by_cell.items():
        _mark(workbook[sheet], coordinate, here, t)

    _list_sheet(workbook, findings, t)
    try:
        save_atomic(target, workbook.save)
    except OSError as exc:
        raise OutputError(
            N_("Cannot write {path}: {reason}"), path=target, reason=exc.strerror
        ) from exc
    return target


def _mark(sheet: Worksheet, coordinate: str, here: list[Finding], t: Translator) -> None:
    from openpyxl.cell.cell import MergedCell
    from openpyxl.comments import Comment

    cell = sheet[coordinate]
    if isinstance(cell, MergedCell):
        # Only the top-left cell of a merged range can hold a comment and a fill.
        for merged in sheet.merged_cells.ranges:
            if coordinate in merged:
                cell = sheet.cell(merged.min_row, merged.min_col)
                break
    error = any(f.severity == Severity.ERROR for f in here)
    cell.fill = _fill(error)
    lines = [f"[{f.code}] {message(f, t.lang)}" for f in here]
    if cell.comment is not None and cell.comment.author != _AUTHOR:
        lines.append(f"({cell.comment.author or '-'}: {cell.comment.text})")
    comment = Comment("\n".join(lines), _AUTHOR)
    comment.width = 360
    comment.height = min(80 + 45 * len(lines), 400)
    cell.comment = comment


def _list_sheet(workbook: openpyxl.Workbook, findings: list[Finding], t: Translator) -> None:
    from openpyxl.styles import Font
    from openpyxl.worksheet.hyperlink import Hyperlink

    listing = workbook.create_sheet(t(SHEET), 0)
    listing.append([t(header) for header in _HEADERS])
    for cell in listing[1]:
        cell.font = Font(bold=True)
    for finding in findings:
        listing.append([
            finding.sheet or "",
            finding.cell,
            finding.code,
            t.severity(finding.severity),
            finding.value or "",
            message(finding, t.lang),
        ])
        row = listing.max_row
        listing.cell(row, 4).fill = _fill(finding.severity == Severity.ERROR)
        if finding.sheet is not None and finding.sheet in workbook.sheetnames \
                and finding.row is not None:
            link = listing.cell(row, 2)
            quoted = finding.sheet.replace("'", "''")
            link.hyperlink = Hyperlink(
                ref=link.coordinate, location=f"'{quoted}'!{finding.column or 'A'}{finding.row}"
            )
            link.style = "Hyperlink"
    for letter, width in zip("ABCDEF", (16, 14, 24, 12, 22, 100), strict=True):
        listing.column_dimensions[letter].width = width
    listing.freeze_panes = "A2"
    if findings:
        listing.auto_filter.ref = f"A1:F{listing.max_row}"
    for sheet in workbook.worksheets:
        sheet.sheet_view.tabSelected = False
    listing.sheet_view.tabSelected = True
    workbook.active = 0
