"""An official letter (census.report.letter.Letter) as a printable workbook sheet."""

from __future__ import annotations

from typing import Any

from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from census.report.excel import A4
from census.report.letter import Letter

#: Columns of the letter sheet: a narrow label column, the colon, then the text (merged across).
_WIDTHS = (12, 2, 20, 20, 20, 20)
_LAST = len(_WIDTHS) - 1


def confidential(ws: Worksheet, letter: Letter) -> None:
    """'RAHASIA' in the header of every printed page (and page numbers in the footer)."""
    t = letter.t
    if letter.confidential:
        ws.set_header(f'&R&"Arial,Bold"&14{t("CONFIDENTIAL")}')
    pages = t("Page {page} of {pages}", page="&P", pages="&N")
    ws.set_footer(f"&C{pages}")


def write_letter_sheet(book: Workbook, letter: Letter, name: str) -> Worksheet:
    """Add sheet `name` holding the letter, laid out for A4 portrait."""
    t = letter.t
    ws = book.add_worksheet(name)
    ws.set_paper(A4)
    ws.set_portrait()
    ws.set_margins(left=0.9, right=0.7, top=0.8, bottom=0.7)
    ws.fit_to_pages(1, 0)
    ws.hide_gridlines(2)
    confidential(ws, letter)
    for column, width in enumerate(_WIDTHS):
        ws.set_column(column, column, width)
    base = {"font_name": "Times New Roman", "font_size": 12, "valign": "top"}

    def fmt(**extra: Any) -> Any:
        return book.add_format({**base, **extra})

    centre, plain = fmt(align="center"), fmt()
    wrap = fmt(text_wrap=True, align="justify")
    row = 0
    if letter.confidential:
        ws.merge_range(row, 0, row, _LAST, t("CONFIDENTIAL"),
                       fmt(bold=True, align="right", font_color="#A11D1D", font_name="Arial"))
        row += 1
    top = row
    head = letter.letterhead
    if head.logo_path is not None:
        ws.insert_image(row, 0, str(head.logo_path),
                        {"x_scale": 0.5, "y_scale": 0.5, "object_position": 3})
    lines = [(head.government, fmt(bold=True, align="center", font_size=14)),
             (head.agency, fmt(bold=True, align="center", font_size=16))]
    contacts = [f"{label} {value}" for label, value in (
        (t("Telephone"), head.phone), (t("E-mail"), head.email), (t("Website"), head.website))
        if value]
    lines += [(head.address, fmt(align="center", font_size=10)),
              (" · ".join(contacts), fmt(align="center", font_size=10))]
    for text, style in lines:
        if text:
            ws.merge_range(row, 1, row, _LAST, text, style)
            row += 1
    rule = fmt(top=6)  # the double rule under the letterhead
    row = max(row, top + 4)  # room for the logo
    for column in range(_LAST + 1):
        ws.write_blank(row, column, None, rule)
    ws.set_row(row, 6)
    row += 1
    ws.merge_range(row, 3, row, _LAST, letter.place_date, fmt(align="right"))
    row += 2
    for label, value, bold in (
        (t("Number"), letter.number, False), (t("Classification"), letter.classification, False),
        (t("Attachment"), letter.attachments, False), (t("Subject"), letter.subject, True),
    ):
        ws.write_string(row, 0, label, plain)
        ws.write_string(row, 1, ":", plain)
        ws.merge_range(row, 2, row, _LAST, value, fmt(bold=bold, text_wrap=True))
        row += 1
    row += 1
    to = t("To")
    for i, line in enumerate(letter.addressee):
        ws.merge_range(row, 0, row, _LAST, f"{to} {line}" if i == 0 else f"       {line}", plain)
        row += 1
    ws.merge_range(row, 0, row, _LAST, f"       {letter.address_place}", plain)
    row += 2
    for paragraph in letter.body:
        ws.merge_range(row, 0, row, _LAST, "        " + paragraph, wrap)
        # A merged cell does not grow with its text: give it the height of its lines.
        ws.set_row(row, 16 * max(1, len(paragraph) // 88 + 1))
        row += 1
    row += 1
    for line in letter.signer.position:
        ws.merge_range(row, 3, row, _LAST, line, centre)
        row += 1
    row += 4
    name = letter.signer.name or "(" + "." * 40 + ")"
    ws.merge_range(row, 3, row, _LAST, name, fmt(align="center", bold=bool(letter.signer.name),
                                                  underline=1 if letter.signer.name else 0))
    row += 1
    if letter.signer.rank:
        ws.merge_range(row, 3, row, _LAST, letter.signer.rank, centre)
        row += 1
    ws.merge_range(row, 3, row, _LAST, f"NIP. {letter.signer.nip or '.' * 36}", centre)
    row += 2
    if letter.copies:
        copies = t("Copies")
        ws.write_string(row, 0, f"{copies}:", plain)
        row += 1
        for number, copy in enumerate(letter.copies, start=1):
            ws.merge_range(row, 0, row, _LAST, f"{number}. {copy}", plain)
            row += 1
    return ws


def write_attachment_heading(ws: Worksheet, book: Workbook, letter: Letter, col: int) -> int:
    """The 'Lampiran Surat / Nomor / Tanggal / Perihal' lines at the top right of an attachment
    sheet, from column `col`; returns the next free row."""
    style = book.add_format({"font_name": "Arial", "font_size": 10})
    for row, line in enumerate(letter.attachment_title):
        ws.write_string(row, col, line, style)
    return len(letter.attachment_title) + 1
