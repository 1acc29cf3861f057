"""Rosters that are not workbooks: CSV exports (any of the usual encodings and separators) and
web pages saved as .xls (an HTML table). Each becomes the same grid of cells a worksheet gives,
so header detection, aliases and checks are the workbook's own."""

from __future__ import annotations

import codecs
import csv
import io
import re
from html.parser import HTMLParser
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
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableWorkbook(
            N_("Cannot open the file {name}: {reason}"), name=path.name, reason=exc.strerror
        ) from None
    parser = _Tables()
    parser.feed(_html_text(data, path.name))
    parser.close()
    sheets = []
    for number, table in enumerate(parser.tables, start=1):
        rows, merged = _table_grid(table)
        if rows:
            sheets.append(RawSheet("HTML" if number == 1 else f"HTML {number}", rows, (0, 0), merged))
    if not sheets:
        raise UnreadableWorkbook(
            N_("{name} is a web page (HTML) saved as .xls without a table: open it in Excel and "
               "save it as .xlsx"), name=path.name,
        )
    return sheets


_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", re.IGNORECASE)


def _html_text(data: bytes, name: str) -> str:
    """A web page's text: the charset its <meta> names, else UTF-8, else Windows-1252."""
    declared = _CHARSET.search(data[:4096])
    if declared:
        try:
            return data.decode(declared[1].decode("ascii"), errors="replace")
        except LookupError:
            pass
    return decode(data, name)


#: A table cell as parsed: its text, colspan, rowspan.
_Cell = tuple[str, int, int]


class _Tables(HTMLParser):
    """The outermost tables of a page as rows of cells (text, colspan, rowspan); the standard
    library's forgiving parser copes with the unclosed tags such exports are full of."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[_Cell]]] = []
        self._depth = 0
        self._cell: list[str] | None = None
        self._spans = (1, 1)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._depth += 1
            if self._depth == 1:
                self.tables.append([])
        elif self._depth != 1:
            return
        elif tag == "tr":
            self._end_cell()
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._end_cell()
            if not self.tables[-1]:
                self.tables[-1].append([])
            values = dict(attrs)
            self._spans = (_span(values.get("colspan")), _span(values.get("rowspan")))
            self._cell = []
        elif tag == "br" and self._cell is not None:
            self._cell.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag == "table" and self._depth:
            if self._depth == 1:
                self._end_cell()
            self._depth -= 1
        elif self._depth == 1 and tag in ("td", "th", "tr"):
            self._end_cell()

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)

    def _end_cell(self) -> None:
        if self._cell is not None:
            self.tables[-1][-1].append((" ".join("".join(self._cell).split()), *self._spans))
            self._cell = None


def _span(value: str | None) -> int:
    try:
        return max(1, min(int((value or "1").strip() or 1), 1000))
    except ValueError:
        return 1


def _table_grid(table: list[list[_Cell]]) -> tuple[list[list], list]:
    """The cells of an HTML table as rows of text; a spanned cell's text in its top-left cell."""
    taken: dict[tuple[int, int], str] = {}
    merged = []
    height = width = 0
    for i, row in enumerate(table):
        j = 0
        for text, across, down in row:
            while (i, j) in taken:
                j += 1
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
