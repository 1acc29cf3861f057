"""How far the cell references of a sheet part reach: the rows and columns named by every
r="C12" of a cell and r="12" of a row, found in bulk.

census.read.budget refuses a sheet whose area from its first to its last referenced cell is over
the limit, before calamine builds that area. Decoding every reference with a regular expression
cost more than calamine's own reading of the sheet, so the usual spelling (`r="C12"`, what every
spreadsheet program writes) is decoded with numpy: every '=' of the part is found at once, and
the bytes after each `r="` are read as a small table. Whenever the part spells a reference any
other way XML allows (spaces around '=', single quotes, spaces inside the quotes), or holds an
'=' after a space, the regular expression reads the whole part instead: both ways give the
same extent.
"""

from __future__ import annotations

import re
from typing import Literal, NamedTuple

import numpy as np

# Every r="C12" of a cell and r="12" of a row, spelt however XML allows.
REFERENCE = re.compile(rb'\sr\s*=\s*["\']\s*([A-Za-z]{0,3})(\d{1,7})\s*["\']')

_SPACE_BYTE = ord(" ")
_EQUALS, _R, _QUOTE, _APOSTROPHE = ord("="), ord("r"), ord('"'), ord("'")
_LETTERS, _DIGITS = 3, 7
_PAD = _LETTERS + _DIGITS + 4
#: Per byte: its letter's number (A and a → 1, Z and z → 26), 0 for any other byte.
_LETTER = np.zeros(256, dtype=np.int64)
_LETTER[np.arange(65, 91)] = _LETTER[np.arange(97, 123)] = np.arange(1, 27)
#: Per byte: its digit's value, -1 for any other byte.
_DIGIT = np.full(256, -1, dtype=np.int64)
_DIGIT[np.arange(48, 58)] = np.arange(10)


class Extent(NamedTuple):
    """The first and last row and column (1-based) that references name; a sheet whose
    references name no column counts as column 1."""

    first_row: int
    last_row: int
    first_column: int
    last_column: int


def reference_extent(data: bytes) -> Extent | None:
    """The extent of every cell and row reference in the sheet part `data`; None if it has none."""
    found = _plain_references(data)
    return found if found is not False else _any_references(data)


def column_index(letters: str) -> int:
    """'A' → 1, 'XFD' → 16384."""
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number


def _any_references(data: bytes) -> Extent | None:
    """The extent by the regular expression: any spelling."""
    references = REFERENCE.findall(data)
    if not references:
        return None
    row_numbers = [int(digits) for _, digits in references]
    columns = [column_index(text) for text in {letters.decode() for letters, _ in references if letters}]
    columns = columns or [1]
    return Extent(min(row_numbers), max(row_numbers), min(columns), max(columns))


def surely_within(data: bytes, cells: int) -> bool:
    """Can no reference of the sheet part `data` reach beyond an area of `cells` cells? True
    when every reference is spelt r="C12" and the longest of them bound the area: no column
    of three letters, and so few row digits that the widest columns they allow times the
    longest row number stay within `cells`. False is no verdict: the extent decides.

    This costs a look at two or three bytes of each reference where decoding costs a dozen:
    a sheet of a few thousand rows never needs its extent."""
    buffer = np.frombuffer(data, dtype=np.uint8)
    starts = _plain_starts(buffer)
    if starts is False:
        return False
    if starts is None:
        return True
    lead = buffer[starts]
    first = _is_letter(lead)
    if not (first | _is_digit(lead)).all():
        return False  # r=" C3": the extent decides
    second = first & _is_letter(buffer[starts + 1])
    if (second & _is_letter(buffer[starts + 2])).any():
        return False
    widest = 702 if second.any() else 26  # ZZ, Z
    digits = 0  # row numbers of this many digits at most keep within the area
    while 10 ** (digits + 1) * widest <= cells and digits < _DIGITS:
        digits += 1
    if digits == 0:
        return False
    # A row number longer than `digits` has a digit right after its first `digits` ones.
    letters = first.astype(np.intp) + second
    return not _is_digit(buffer[starts + letters + digits]).any()


# Bytes told apart by arithmetic on uint8 (wrapping below zero): a lookup in a 256-entry table
# would first turn every byte into a 64-bit index, which costs more than the test itself.
def _is_space(part: np.ndarray) -> np.ndarray:
    """Per byte: what \\s means in a bytes pattern (space, \\t \\n \\v \\f \\r)?"""
    return (part == _SPACE_BYTE) | ((part - np.uint8(9)) < 5)


def _is_letter(part: np.ndarray) -> np.ndarray:
    """Per byte: an ASCII letter, A-Z or a-z?"""
    return ((part | np.uint8(32)) - np.uint8(97)) < 26


def _is_digit(part: np.ndarray) -> np.ndarray:
    """Per byte: an ASCII digit?"""
    return (part - np.uint8(48)) < 10


def _plain_starts(buffer: np.ndarray) -> np.ndarray | None | Literal[False]:
    """Where the letters of every reference begin (the byte after r="), when every reference is
    spelt r="C12" with room after it for the longest (None: no reference); else False."""
    # A reference needs two bytes before its '=' (a space and the r) and a quote after it.
    equals = np.flatnonzero(buffer[2:-1] == _EQUALS) + 2
    before = buffer[equals - 1]
    if _is_space(before).any():
        return False  # 'r = "C12"', or an '=' after a space in some text: the pattern decides
    equals = equals[before == _R]
    equals = equals[_is_space(buffer[equals - 2])]
    opening = buffer[equals + 1]
    if (_is_space(opening) | (opening == _APOSTROPHE)).any():
        return False
    # An r=" followed by anything else is no reference (r=1 in some text): the pattern agrees.
    starts = equals[opening == _QUOTE] + 2
    if not starts.size:
        return None
    if starts[-1] + _PAD > len(buffer):
        return False  # a reference at the very end of the part (none is, in a sheet part)
    return starts


def _plain_references(data: bytes) -> Extent | None | Literal[False]:
    """The extent when every reference is spelt r="C12" (None: no reference), else False."""
    buffer = np.frombuffer(data, dtype=np.uint8)
    starts = _plain_starts(buffer)
    if starts is None or starts is False:
        return starts
    # Each place of the references is decoded across all of them at once (Horner's rule),
    # following only the references that go on: the letters, then the digits after them.
    columns = np.zeros(len(starts), dtype=np.int64)
    ends = starts.copy()
    going = np.arange(len(starts))
    for _ in range(_LETTERS + 1):
        value = _LETTER[buffer[ends[going]]]
        going = going[value > 0]
        columns[going] = columns[going] * 26 + value[value > 0]
        ends[going] += 1
    if going.size:
        return False  # four letters: the pattern decides
    named = columns[ends > starts]
    letter_ends = ends.copy()
    rows = np.zeros(len(starts), dtype=np.int64)
    going = np.arange(len(starts))
    for _ in range(_DIGITS + 1):
        value = _DIGIT[buffer[ends[going]]]
        going = going[value >= 0]
        rows[going] = rows[going] * 10 + value[value >= 0]
        ends[going] += 1
    if going.size:
        return False  # eight digits
    closing = buffer[ends]
    digits_seen = ends > letter_ends
    if not (digits_seen & ((closing == _QUOTE) | (closing == _APOSTROPHE))).all():
        return False  # spaces inside the quotes, no digits: the pattern decides
    if not named.size:
        named = np.ones(1, dtype=np.int64)
    return Extent(int(rows.min()), int(rows.max()), int(named.min()), int(named.max()))
