"""Rosters that are not workbooks: CSV exports (any of the usual encodings and separators) and
web pages saved as .xls (an HTML table). Each becomes the same grid of cells a worksheet gives,
so header detection, aliases and checks are the workbook's own."""

from __future__ import annotations

import codecs
import csv
import io
from pathlib import Path

from census.errors import UnreadableWorkbook
from census.i18n import N_
from census.read.book import RawSheet

#: The sheet name a CSV roster's findings carry (its rows are the file's lines).
CSV_SHEET = "CSV"
#: Separators secretaries' CSV files use, the usual first (Excel in Indonesian writes ';').
DELIMITERS = (";", ",", "\t", "|")
_SAMPLE_LINES = 40


def decode(data: bytes, name: str) -> str:
    """The text of a CSV file: UTF-16 or UTF-8 by their byte-order mark, else UTF-8 when the
    bytes are valid UTF-8, else Windows-1252 (what Excel on Windows writes for 'CSV')."""
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                break
    if b"\x00" in data[:4096]:
        raise UnreadableWorkbook(N_("{name} is not a text (CSV) file"), name=name)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        # Windows-1252 leaves five bytes undefined; they are no letter of a roster.
        return data.decode("cp1252", errors="replace")


def delimiter_of(text: str) -> str:
    """The separator of a CSV text: csv.Sniffer among ; , tab |, checked by the number of fields
    it gives each line (title lines above the table have one field whatever the separator)."""
    lines = [line for line in text.splitlines()[:_SAMPLE_LINES] if line.strip()]
    sample = "\n".join(lines)

    def score(delimiter: str) -> tuple[int, int]:
        counts = [len(row) for row in csv.reader(lines, delimiter=delimiter)]
        wide = [count for count in counts if count > 1]
        if not wide:
            return (0, 0)
        mode = max(set(wide), key=wide.count)
        return (wide.count(mode), mode)

    try:
        sniffed = csv.Sniffer().sniff(sample, delimiters="".join(DELIMITERS)).delimiter
    except csv.Error:
        sniffed = None
    best = max(DELIMITERS, key=score)
    if sniffed in DELIMITERS and score(sniffed) >= score(best):
        return str(sniffed)
    return best


def text_sheet(path: Path) -> RawSheet:
    """A CSV (or .txt/.tsv) roster as one sheet named 'CSV'; row N is the file's Nth record."""
    try:
        text = decode(path.read_bytes(), path.name)
    except OSError as exc:
        raise UnreadableWorkbook(
            N_("Cannot open the file {name}: {reason}"), name=path.name, reason=exc.strerror
        ) from None
    delimiter = delimiter_of(text)
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error:
        raise UnreadableWorkbook(N_("{name} is not a readable CSV file"), name=path.name) from None
    width = max(map(len, rows), default=0)
    grid = [[cell.replace("\x00", "") for cell in row] + [""] * (width - len(row)) for row in rows]
    while grid and not any(cell.strip() for cell in grid[-1]):
        grid.pop()
    return RawSheet(CSV_SHEET, grid)


def html_sheets(path: Path) -> list[RawSheet]:
    """The tables of a web page saved as .xls (what many web systems export), one sheet per table
    ('HTML', 'HTML 2', …), merged cells (colspan, rowspan) as a workbook has them."""
    import lxml.html  # only for web pages: a few files a year

    try:
        document = lxml.html.fromstring(path.read_bytes())
    except (ValueError, OSError, lxml.etree.ParserError):
        raise UnreadableWorkbook(
            N_("{name} is a web page (HTML) saved as .xls and cannot be read: open it in Excel "
               "and save it as .xlsx"), name=path.name,
        ) from None
    tables = [table for table in document.iter("table") if not table.xpath("ancestor::table")]
    sheets = []
    for number, table in enumerate(tables, start=1):
        rows, merged = _table_grid(table)
        if rows:
            sheets.append(RawSheet("HTML" if number == 1 else f"HTML {number}", rows, (0, 0), merged))
    if not sheets:
        raise UnreadableWorkbook(
            N_("{name} is a web page (HTML) saved as .xls without a table: open it in Excel and "
               "save it as .xlsx"), name=path.name,
        )
    return sheets


def _span(cell: object, name: str) -> int:
    try:
        return max(1, min(int(str(cell.get(name, "1")).strip() or 1), 1000))  # type: ignore[attr-defined]
    except ValueError:
        return 1


def _table_grid(table: object) -> tuple[list[list], list]:
    """The cells of an HTML table as rows of text; a spanned cell's text in its top-left cell."""
    taken: dict[tuple[int, int], str] = {}
    merged = []
    height = width = 0
    rows = table.xpath("./tr | ./thead/tr | ./tbody/tr | ./tfoot/tr")  # type: ignore[attr-defined]
    for i, row in enumerate(rows):
        j = 0
        for cell in row.xpath("./td | ./th"):
            while (i, j) in taken:
                j += 1
            across, down = _span(cell, "colspan"), _span(cell, "rowspan")
            text = " ".join(cell.text_content().split())
            for di in range(down):
                for dj in range(across):
                    taken[(i + di, j + dj)] = text if (di, dj) == (0, 0) else ""
            if across > 1 or down > 1:
                merged.append(((i, j), (i + down - 1, j + across - 1)))
            height = max(height, i + down)
            width = max(width, j + across)
            j += across
    grid = [[taken.get((i, j), "") for j in range(width)] for i in range(height)]
    return grid, merged
