"""Find a sheet's header under its title rows, join merged multi-row headers, map columns to fields."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time

from census.read.aliases import ROW_NUMBER, field_of, is_sub_header

#: How far down a sheet the header is looked for (title rows are few).
SCAN_ROWS = 60
#: At most this many header rows are joined ('Vaksinasi' / 'Dosis 1' / 'Tanggal').
MAX_LEVELS = 3

#: Header text → (canonical field, priority): the roster's table by default; a cases sheet
#: passes its own (census.cases), so every sheet is found and joined the same tolerant way.
FieldsOf = Callable[[str], tuple[str | None, int]]

_COLUMN_NUMBER = re.compile(r"\(?\s*(\d{1,3})\s*\)?")


@dataclass
class Header:
    """Where a sheet's table starts and what its columns are (indices relative to the cut rows)."""

    top: int
    bottom: int
    data_start: int
    columns: dict[str, int] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    #: The name column's header cell as typed ('Nama Lengkap'): a row of the table holding it
    #: there is the header again.
    name_label: str = ""


def column_letter(index: int) -> str:
    """0-based column index → Excel letter: 0 → 'A', 27 → 'AB'."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def shown(text: str) -> str:
    """A header cell as one line: line breaks and runs of spaces become one space."""
    # str.split() cuts at the characters str.isspace calls whitespace, as \s does in a regex
    # (a regex substitution costs three times as much; the sheets' first rows call it often).
    return " ".join(text.split())


def _text(cell: object) -> str:
    if isinstance(cell, str):
        return shown(cell)
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        return str(cell)
    return ""


def is_blank(cell: object) -> bool:
    """An empty cell, or one of whitespace only."""
    return cell is None or cell == "" or (isinstance(cell, str) and not cell.strip())


def _name_columns(row: list, fields: FieldsOf = field_of) -> list[int]:
    return [j for j, cell in enumerate(row) if isinstance(cell, str) and fields(cell)[0] == "name"]


def is_sub_header_row(row: list, name_col: int, fields: FieldsOf = field_of) -> bool:
    """A row of sub-headers under merged cells: blank under the name, only header-like labels."""
    if not is_blank(row[name_col]):
        return False
    labels = [cell for cell in row if not is_blank(cell)]
    if not labels:
        return False
    for cell in labels:
        if isinstance(cell, bool | date | datetime | time):
            return False
        text = _text(cell)
        if not (is_sub_header(text) or fields(text)[0] is not None):
            return False
    return True


def is_column_number_row(row: list) -> bool:
    """A row of column numbers 1 2 3 … under the header."""
    numbers = []
    for cell in row:
        if is_blank(cell):
            continue
        if isinstance(cell, bool):
            return False
        if isinstance(cell, int | float):
            if not float(cell).is_integer():
                return False
            numbers.append(int(cell))
            continue
        match = _COLUMN_NUMBER.fullmatch(cell.strip()) if isinstance(cell, str) else None
        if match is None:
            return False
        numbers.append(int(match[1]))
    return len(numbers) >= 3 and all(b > a for a, b in zip(numbers, numbers[1:], strict=False))


def _merge_anchor(merged: list, row: int, col: int, levels: list[int]) -> tuple[int, int] | None:
    """The top-left cell of the merged range covering (row, col) within the header rows."""
    for (r0, c0), (r1, c1) in merged:
        if r0 <= row <= r1 and c0 <= col <= c1 and r0 >= levels[0]:
            return r0, c0
    return None


def _joined_texts(rows: list[list], levels: list[int], merged: list) -> list[list[str]]:
    """Per column, the text of each header level, merged cells and blanks over sub-headers filled."""
    width = len(rows[levels[0]])
    resolved = [[_text(rows[level][j]) for j in range(width)] for level in levels]
    for depth, level in enumerate(levels):
        for j in range(width):
            if resolved[depth][j]:
                continue
            anchor = _merge_anchor(merged, level, j, levels)
            if anchor is not None:
                resolved[depth][j] = _text(rows[anchor[0]][anchor[1]])
            elif (
                # No merge information: a blank over a sub-header continues the group on its left.
                j > 0
                and resolved[depth][j - 1]
                and any(resolved[d][j] and resolved[d][j - 1] for d in range(depth + 1, len(levels)))
            ):
                resolved[depth][j] = resolved[depth][j - 1]
    columns = []
    for j in range(width):
        parts: list[str] = []
        for depth in range(len(levels)):
            part = resolved[depth][j]
            if part and part not in parts:
                parts.append(part)
        columns.append(parts)
    return columns


def _map_columns(parts_by_column: list[list[str]], fields: FieldsOf) -> Header:
    best: dict[str, tuple[int, int, str]] = {}
    for j, parts in enumerate(parts_by_column):
        if not parts:
            continue
        candidates = [" ".join(parts), parts[-1], parts[0]] if len(parts) > 1 else parts
        for text in candidates:
            found, priority = fields(text)
            if found is None:
                continue
            if found not in best or priority > best[found][0]:
                best[found] = (priority, j, " ".join(parts))
            break
    header = Header(top=0, bottom=0, data_start=0)
    for name, (_, j, text) in sorted(best.items(), key=lambda item: item[1][1]):
        header.columns[name] = j
        header.texts[name] = text
    return header


def _is_upper_row(rows: list[list], top: int, merged: list, fields: FieldsOf) -> bool:
    """Is the row above the name row part of the header? Only when it gives meaning to a
    column below: 'Identitas' over 'Nama' is not needed, 'Vaksin Dosis 1' over 'Tanggal' is."""
    if all(is_blank(cell) for cell in rows[top - 1]):
        return False
    for j, parts in enumerate(_joined_texts(rows, [top - 1, top], merged)):
        lower = _text(rows[top][j])
        if len(parts) == 2 and fields(lower)[0] is None and fields(" ".join(parts))[0]:
            return True
    return False


def _build(rows: list[list], top: int, merged: list, fields: FieldsOf) -> Header:
    name_col = _name_columns(rows[top], fields)[0]
    levels = [top]
    while (
        levels[-1] + 1 < len(rows)
        and len(levels) < MAX_LEVELS
        and is_sub_header_row(rows[levels[-1] + 1], name_col, fields)
    ):
        levels.append(levels[-1] + 1)
    if top > 0 and len(levels) < MAX_LEVELS and _is_upper_row(rows, top, merged, fields):
        levels.insert(0, top - 1)
    header = _map_columns(_joined_texts(rows, levels, merged), fields)
    header.top, header.bottom = levels[0], levels[-1]
    header.name_label = str(rows[top][name_col])
    start = levels[-1] + 1
    while start < len(rows) and all(is_blank(cell) for cell in rows[start]):
        start += 1
    if start < len(rows) and is_column_number_row(rows[start]):
        start += 1
    header.data_start = start
    return header


def find_header(
    rows: list[list], start: tuple[int, int], merged: list, fields: FieldsOf = field_of
) -> Header | None:
    """The header of a sheet's table: the first row with a name column (and another known one).

    `merged` holds calamine's merged ranges in absolute 0-based cells; `start` is where the
    cut rows begin in the sheet. `fields` maps a header text to its field (the roster's table
    by default).
    """
    relative = [
        ((r0 - start[0], c0 - start[1]), (r1 - start[0], c1 - start[1]))
        for (r0, c0), (r1, c1) in merged
    ]
    fallback: Header | None = None
    for i in range(min(len(rows), SCAN_ROWS)):
        if not _name_columns(rows[i], fields):
            continue
        header = _build(rows, i, relative, fields)
        if len([name for name in header.columns if name != ROW_NUMBER]) >= 2:
            return header
        fallback = fallback or header
    return fallback
