"""NIK and NIP (DOMAIN §2): one way to clean what was typed, and what the digits say.

Both numbers are cleaned the same way everywhere (validation, the register, the portal to come):
spaces (also no-break), dots, dashes and the apostrophe Excel users type to force text are
separators; what is left must be ASCII digits 0-9. A cell that says "no number" ('-', '0',
'tidak ada', 'belum ada') is an absent number, not a wrong one.

A NIK is *usable* — it identifies a person — when it is 16 digits typed as text (a number cell
may have lost the 16th digit), is no placeholder (a region code followed by zeros: a temporary
"NIK sementara") and its DDMMYY part is a date (women's day + 40). `nik_states` says which of
these holds for every cell: validation reports the failures, the register keys people on the
usable ones, so the two can never disagree.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import IntEnum

import numpy as np
import pandas as pd

NAT = np.datetime64("NaT", "D")

#: Characters people put between the digits of an ID: removed before anything else is looked at.
ID_SEPARATORS = " \t\n\r\u00a0\u2007\u202f.-\u2010\u2011\u2012\u2013\u2014'`\u2019"
_SEPARATOR_TABLE = str.maketrans("", "", ID_SEPARATORS)

#: Cell texts that mean "this person has no NIK/NIP" rather than a wrong one.
NO_ID = re.compile(
    r"(?i)^(?:[-–—_./0 ]+|tidak ada|tdk ada|belum ada|blm ada|tidak punya|belum punya|belum"
    r"|nihil|n/?a)$"
)

NIK_LENGTH = 16
NIP_LENGTH = 18
OLD_NIP_LENGTH = 9
#: Digits a number cell keeps: the first 15 of a NIK typed into one are still the person's.
PREFIX_LENGTH = 15


def id_digits(value: object) -> str | None:
    """The digits of one typed ID with separators removed; None when absent or not all digits.

    '3578 0112 8000 0001', '3578.0112.8000.0001' and '3578-0112-8000-0001' → '3578011280000001'.
    """
    if value is None or (isinstance(value, float) and value != value):
        return None
    text = str(value).strip()
    if not text or NO_ID.match(text):
        return None
    digits = text.translate(_SEPARATOR_TABLE)
    if not (digits.isascii() and digits.isdigit()) or not digits.strip("0"):
        return None
    return digits


@dataclass
class Ids:
    """An ID column taken apart: raw text, presence, cleaned digits and their length."""

    raw: Callable[[int], str | None]  # row position → the text as typed (stripped) or None
    present: np.ndarray    # bool: a value that is not 'no ID' ('-', '0', 'tidak ada', ...)
    is_digits: np.ndarray  # bool: present and only digits 0-9 once separators are removed
    digits: np.ndarray     # unicode: the digits (separators removed)
    lengths: np.ndarray    # int: number of digits


def take_ids(values: np.ndarray) -> Ids:
    """Split an ID column with numpy string functions; only odd cells take a Python look."""
    raw = np.asarray(values, dtype=object)
    missing = pd.isna(raw)
    stripped = np.strings.strip(np.where(missing, "", raw).astype("U"))
    lengths = np.strings.str_len(stripped).astype(np.int64)
    filled = lengths > 0
    digits = stripped
    # Separators are removed only where the cell is not plain digits already.
    odd = np.flatnonzero(filled & ~np.strings.isdigit(stripped))
    if odd.size:
        digits = stripped.copy()
        # Spaces ('19680506 199203 1 004') all at once; other separators cell by cell.
        cleaned = np.strings.replace(stripped[odd], " ", "")
        rest = np.flatnonzero(~np.strings.isdigit(cleaned))
        if rest.size:
            cleaned[rest] = [str(text).translate(_SEPARATOR_TABLE) for text in cleaned[rest]]
        digits[odd] = cleaned
        lengths = np.strings.str_len(digits).astype(np.int64)
    is_digits = np.strings.isdigit(digits) & (lengths > 0)
    absent = ~filled
    if digits.size and digits.dtype.itemsize:
        # One code point per column, padded with 0: only 0-9 make an ID (isdigit() also
        # accepts '３', '٣'), and a cell of zeros ('0', '0000') is a placeholder for "no number".
        chars = np.ascontiguousarray(digits).view(np.uint32).reshape(len(digits), -1)
        is_digits &= (chars <= ord("9")).all(axis=1)
        absent |= is_digits & (chars <= ord("0")).all(axis=1)
    for i in np.flatnonzero(filled & ~is_digits):
        if NO_ID.match(str(stripped[i])):
            absent[i] = True
    is_digits &= ~absent
    return Ids(lambda i: str(stripped[i]) or None, ~absent, is_digits, digits, lengths)


def digit_matrix(digits: np.ndarray, width: int) -> np.ndarray:
    """Unicode strings of exactly `width` digits → an int matrix, one column per digit."""
    if digits.size == 0:
        return np.zeros((0, width), dtype=np.int64)
    codes = np.ascontiguousarray(digits.astype(f"U{width}")).view(np.uint32).reshape(-1, width)
    return codes.astype(np.int64) - 48


def number(matrix: np.ndarray, start: int, stop: int) -> np.ndarray:
    """The integer formed by digits start..stop-1 of each row."""
    powers = 10 ** np.arange(stop - start - 1, -1, -1, dtype=np.int64)
    return matrix[:, start:stop] @ powers


def calendar_dates(
    year: np.ndarray, month: np.ndarray, day: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """(datetime64[D] dates, True where year/month/day is a real calendar date)."""
    month_ok = (month >= 1) & (month <= 12)
    months = (year - 1970) * 12 + np.clip(month, 1, 12) - 1
    first = months.astype("datetime64[M]")
    dates = first.astype("datetime64[D]") + (np.clip(day, 1, 31) - 1).astype("timedelta64[D]")
    ok = month_ok & (day >= 1) & (day <= 31) & (dates.astype("datetime64[M]") == first)
    return np.where(ok, dates, NAT), ok


@dataclass
class NikParts:
    """What 16-digit NIKs say, one entry per NIK (arrays of equal length).

    `region`: the 6-digit district code; `day` (women's +40 removed), `month`, `yy`; `female`:
    the day had 40 added; `placeholder`: digits 7-12 are zero (a temporary NIK); `date_ok`: DDMMYY
    is a date in 19YY or in 20YY (they differ only for 29 Feb 00); `serial`: the last 4 digits.
    """

    region: np.ndarray
    day: np.ndarray
    month: np.ndarray
    yy: np.ndarray
    female: np.ndarray
    placeholder: np.ndarray
    date_ok: np.ndarray
    serial: np.ndarray

    def birth_dates(self, birth: np.ndarray, as_of: np.datetime64) -> np.ndarray:
        """The NIK's birth dates (datetime64[D], NaT where none): of the two centuries YY can
        name, the one agreeing with the birth-date column `birth`, else the one not after
        `as_of`, else 19YY; a century in which DDMM is no date is never chosen."""
        d19, ok19 = calendar_dates(1900 + self.yy, self.month, self.day)
        d20, ok20 = calendar_dates(2000 + self.yy, self.month, self.day)
        years = birth.astype("datetime64[Y]").astype(np.int64) + 1970
        years = np.where(np.isnat(birth), -1, years)
        not_after = ok20 & (d20 <= as_of)
        use20 = np.where(years == 2000 + self.yy, True,
                         np.where(years == 1900 + self.yy, False, not_after))
        use20 = np.where(ok20 & ~ok19, True, np.where(ok19 & ~ok20, False, use20))
        return np.where(use20, d20, d19)


_MONTH_DAYS = np.array([0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])


def nik_parts(digits: np.ndarray) -> NikParts:
    """The parts of 16-digit NIK strings (unicode array)."""
    return nik_parts_of_matrix(digit_matrix(np.asarray(digits), NIK_LENGTH))


def nik_parts_of_matrix(m: np.ndarray) -> NikParts:
    """The parts of 16-digit NIKs given as a digit matrix (one row per NIK, one column per digit;
    validation's fast path hands its byte matrix here, so both read a NIK by one rule)."""
    pair = [column.astype(np.int64) for column in digit_pairs(m).T]
    raw_day, month, yy = pair[3], pair[4], pair[5]
    female = raw_day > 40
    day = np.where(female, raw_day - 40, raw_day)
    # A date in 19YY or 20YY: 29 Feb only in a year divisible by 4 (2000 was a leap year).
    in_month = day <= _MONTH_DAYS[np.clip(month, 0, 12)]
    date_ok = (month >= 1) & (month <= 12) & (day >= 1) & in_month
    date_ok &= ~((month == 2) & (day == 29)) | (yy % 4 == 0)
    return NikParts(
        region=(pair[0] * 100 + pair[1]) * 100 + pair[2],
        day=day,
        month=month,
        yy=yy,
        female=female,
        placeholder=(raw_day == 0) & (month == 0) & (yy == 0),
        date_ok=date_ok,
        serial=pair[6] * 100 + pair[7],
    )


def digit_pairs(m: np.ndarray) -> np.ndarray:
    """Each two neighbouring digits of a digit matrix (an even number of columns) as one number
    0-99: column k is digits 2k and 2k+1. A byte matrix is read two bytes at a time (one
    little-endian 16-bit word: the first digit is its low byte), several times cheaper than
    taking its columns one by one."""
    if m.dtype == np.uint8 and m.flags.c_contiguous and m.shape[1] % 2 == 0:
        words = m.view("<u2")
        return (words & 0xFF) * 10 + (words >> 8)
    return m[:, 0::2].astype(np.int64) * 10 + m[:, 1::2]


def pairs_number(pairs: np.ndarray) -> np.ndarray:
    """The integer written by digit pairs (digit_pairs), as int64 (up to 9 pairs)."""
    out = np.zeros(len(pairs), dtype=np.int64)
    for k in range(pairs.shape[1]):
        out *= 100
        out += pairs[:, k]
    return out


class NikState(IntEnum):
    """What a NIK cell is, in the order the checks decide it (validation codes in brackets)."""

    ABSENT = 0            # empty or 'no NIK' (nik-missing)
    NOT_DIGITS = 1        # letters or symbols (nik-not-digits)
    FROM_NUMBER = 2       # typed into a number cell (nik-stored-as-number)
    LENGTH = 3            # not 16 digits (nik-length)
    PLACEHOLDER = 4       # region code + zeros (nik-placeholder, a warning: no usable NIK)
    BIRTHDATE_INVALID = 5  # DDMMYY is no date (nik-birthdate-invalid)
    USABLE = 6            # identifies the person


@dataclass
class Niks:
    """A NIK column read: the cells taken apart, each cell's NikState, and the 16-digit ones.

    `full`: row positions of the 16-digit cells (text or number); `parts`: their NikParts.
    """

    ids: Ids
    states: np.ndarray
    full: np.ndarray
    parts: NikParts

    def usable(self) -> np.ndarray:
        """Per row: does the cell hold a usable NIK?"""
        return self.states == NikState.USABLE

    def keys(self) -> np.ndarray:
        """Per row: the usable NIK (str) or None."""
        out = np.full(len(self.states), None, dtype=object)
        usable = np.flatnonzero(self.usable())
        out[usable] = self.ids.digits[usable].astype(object)
        return out


def nik_states(values: np.ndarray, from_number: np.ndarray) -> Niks:
    """Read a NIK column (`values` as typed, `from_number`: the cell was a number)."""
    ids = take_ids(values)
    numeric = np.asarray(from_number, dtype=bool)
    states = np.full(len(ids.present), NikState.ABSENT, dtype=np.int8)
    states[ids.present] = NikState.NOT_DIGITS
    states[ids.is_digits] = NikState.LENGTH
    full = np.flatnonzero(ids.is_digits & (ids.lengths == NIK_LENGTH))
    parts = nik_parts(ids.digits[full])
    states[full] = np.where(
        parts.placeholder, NikState.PLACEHOLDER,
        np.where(parts.date_ok, NikState.USABLE, NikState.BIRTHDATE_INVALID),
    )
    states[ids.is_digits & numeric] = NikState.FROM_NUMBER
    return Niks(ids, states, full, parts)


def nik_prefixes(niks: Niks, from_number: np.ndarray) -> np.ndarray:
    """Per row: the first 15 digits of a NIK typed into a number cell (15 or 16 digits), else None.

    Excel keeps 15 significant digits, so these still identify the person together with the
    birth date and the name (DOMAIN §2).
    """
    ids = niks.ids
    numeric = np.asarray(from_number, dtype=bool) & ids.is_digits
    numeric &= (ids.lengths >= PREFIX_LENGTH) & (ids.lengths <= NIK_LENGTH)
    out = np.full(len(numeric), None, dtype=object)
    at = np.flatnonzero(numeric)
    out[at] = [str(digits)[:PREFIX_LENGTH] for digits in ids.digits[at]]
    return out


@dataclass
class NipParts:
    """What 18-digit NIPs say: birth date, appointment year, PNS/PPPK shape, sex digit.

    `shape_ok`: the birth date is real (from 1900, not after `as_of`), the appointment year is
    15+ years after birth and not after next year, digits 13-14 are a month (PNS) or '2' + a
    contract count (PPPK), and the sex digit is 1 or 2.
    """

    birth: np.ndarray
    female: np.ndarray
    shape_ok: np.ndarray


def nip_parts(digits: np.ndarray, as_of: np.datetime64) -> NipParts:
    """The parts of 18-digit NIP strings (unicode array) on the census date `as_of`."""
    m = digit_matrix(np.asarray(digits), NIP_LENGTH)
    birth_year = number(m, 0, 4)
    birth, date_ok = calendar_dates(birth_year, number(m, 4, 6), number(m, 6, 8))
    date_ok &= (birth_year >= 1900) & (birth <= as_of)
    as_of_year = int(as_of.astype("datetime64[Y]").astype(np.int64)) + 1970
    start_year = number(m, 8, 12)
    year_ok = (start_year >= birth_year + 15) & (start_year <= as_of_year + 1)
    start_month = number(m, 12, 14)
    pns = (start_month >= 1) & (start_month <= 12)
    pppk = m[:, 12] == 2  # PPPK: the year of appointment is followed by '2' and a contract count
    sex_digit = m[:, 14]
    shape_ok = date_ok & year_ok & (pns | pppk) & ((sex_digit == 1) | (sex_digit == 2))
    return NipParts(birth=birth, female=sex_digit == 2, shape_ok=shape_ok)


@dataclass
class TextNiks:
    """Per cell of a NIK column: `plain`, typed as text of exactly 16 ASCII digits (most of a
    roster's cells); `usable`, plain and usable (NikState.USABLE: no placeholder, DDMMYY a
    date). nik_states reads the plain cells the same way (tests/test_values_text_niks.py)."""

    plain: np.ndarray
    usable: np.ndarray


#: Cells text_niks reads at a time: a block's bytes stay in cache, and a million cells' are never
#: held at once (nik_states' code points and digit matrices of a million took ~390 MiB).
_TEXT_BLOCK = 1 << 16
#: Bytes a cell is read in (three 8-byte words): the 16 digits, then the end of the text.
_TEXT_BYTES = 24


def text_niks(values: np.ndarray, from_number: np.ndarray) -> TextNiks:
    """Which cells of `values` (NIKs as typed, str or None) are str of 16 ASCII digits from a
    text cell (`from_number` False), and which of those are usable, read as bytes a block at a
    time: no Python string is made. Every other cell is left to nik_states."""
    values = np.asarray(values, dtype=object)
    numeric = np.asarray(from_number, dtype=bool)
    plain = np.zeros(len(values), dtype=bool)
    usable = np.zeros(len(values), dtype=bool)
    for start in range(0, len(values), _TEXT_BLOCK):
        block = values[start : start + _TEXT_BLOCK]
        at, m = _exact(block, *_sixteen_digits(block))
        text = ~numeric[start + at]
        at, m = at[text] + start, m[text]
        parts = nik_parts_of_matrix(m)
        plain[at] = True
        usable[at] = ~parts.placeholder & parts.date_ok
    return TextNiks(plain, usable)


def sixteen_digit_numbers(values: np.ndarray) -> np.ndarray:
    """Per cell of `values`: the number a str of 16 ASCII digits writes (int64), else -1; usable
    NIKs (nik_keys) made integers a block at a time, as text_niks reads them."""
    values = np.asarray(values, dtype=object)
    out = np.full(len(values), -1, dtype=np.int64)
    for start in range(0, len(values), _TEXT_BLOCK):
        at, m = _sixteen_digits(values[start : start + _TEXT_BLOCK])
        out[start + at] = pairs_number(digit_pairs(m))
    return out


def _sixteen_digits(cells: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(positions of the cells that read as 16 ASCII digits, their digits as a C-contiguous
    uint8 matrix, one row each). As numpy reads cells, any object is its str() and zero
    characters ending a text are not seen (_exact leaves such cells out)."""
    n = len(cells)
    try:
        text = cells.astype(f"S{_TEXT_BYTES}")  # None reads 'None'; a longer text is cut
    except UnicodeEncodeError:  # a non-ASCII character somewhere: four bytes a character
        codes = cells.astype(f"U{NIK_LENGTH + 1}").view(np.uint32).reshape(n, NIK_LENGTH + 1)
        digits = codes[:, :NIK_LENGTH] - np.uint32(ord("0"))  # below '0' wraps round
        at = np.flatnonzero((codes[:, NIK_LENGTH] == 0) & (digits <= 9).all(axis=1))
        return at, np.ascontiguousarray(digits[at], dtype=np.uint8)
    return ascii_digit_rows(text, NIK_LENGTH)


def ascii_digit_rows(text: np.ndarray, width: int) -> tuple[np.ndarray, np.ndarray]:
    """(positions of the cells of `text` that are exactly `width` ASCII digits, their digits as
    a C-contiguous uint8 matrix, one row each), eight characters at a time: `text` is
    fixed-width bytes wider than `width`, both whole 8-byte words (numpy is slow over short
    rows, and a byte matrix of the column costs more than the tests)."""
    n, size = len(text), text.dtype.itemsize
    words = text.view(np.uint64).reshape(n, size // 8)
    bad = np.zeros(n, dtype=np.uint64)
    for k in range(width // 8):
        # Each byte XOR '0' is 0-9 for a digit: its high half must be zero, and adding 6 to its
        # low half must not reach 16 (no carry crosses a byte: at most 15 + 6).
        x = words[:, k] ^ _ZEROS
        bad |= (x & _HIGH_HALVES) | ((x + _SIXES) & _SIXTEENS)
    at = np.flatnonzero((text.view(np.uint8)[width::size] == 0) & (bad == 0))
    digits = np.take(words, at, axis=0)[:, : width // 8] ^ _ZEROS
    return at, np.ascontiguousarray(digits).view(np.uint8)


_ZEROS = np.uint64(0x3030303030303030)  # '0' in every byte
_HIGH_HALVES = np.uint64(0xF0F0F0F0F0F0F0F0)
_SIXES = np.uint64(0x0606060606060606)
_SIXTEENS = np.uint64(0x1010101010101010)


def _exact(cells: np.ndarray, at: np.ndarray, digits: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """`at` and `digits` (_sixteen_digits) of the cells that are str of exactly 16 characters."""
    try:
        # Joined in C: all str (else TypeError), and as long as their digits.
        if len("".join(cells[at])) == NIK_LENGTH * len(at):
            return at, digits
    except TypeError:
        pass
    exact = np.fromiter((isinstance(cell, str) and len(cell) == NIK_LENGTH for cell in cells[at]),
                        dtype=bool, count=len(at))
    return at[exact], digits[exact]
