"""NIK and NIP checks (DOMAIN §2), vectorised over a whole roster table."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from census.model import Severity
from census.validate.common import NAT, Emitter
from census.validate.regions import district_numbers

#: Cell texts that mean "this person has no NIK/NIP" rather than a wrong one.
NO_ID = re.compile(
    r"(?i)^(?:[-–—_./0 ]+|tidak ada|tdk ada|belum ada|blm ada|tidak punya|belum punya|belum"
    r"|nihil|n/?a)$"
)


@dataclass
class Ids:
    """An ID column taken apart: raw text, presence, cleaned digits and their length."""

    raw: Callable[[int], str | None]  # row position → the text as typed (stripped) or None
    present: np.ndarray    # bool: a value that is not 'no ID' ('-', '0', 'tidak ada', ...)
    is_digits: np.ndarray  # bool: present and only digits once separators are removed
    digits: np.ndarray     # unicode: the digits (separators removed)
    lengths: np.ndarray    # int: number of digits


def take_ids(rows: pd.DataFrame, column: str, separators: str) -> Ids:
    """Split an ID column with numpy string functions; only odd cells take a Python look."""
    raw = rows[column].to_numpy(dtype=object)
    missing = pd.isna(raw)
    stripped = np.strings.strip(np.where(missing, "", raw).astype("U"))
    filled = np.strings.str_len(stripped) > 0
    digits = stripped.copy()
    # Separators (spaces, dots) are removed only where the cell is not plain digits already.
    odd = np.flatnonzero(filled & ~np.strings.isdigit(stripped))
    if odd.size:
        cleaned = stripped[odd]
        for separator in separators:
            cleaned = np.strings.replace(cleaned, separator, "")
        digits[odd] = cleaned
    lengths = np.strings.str_len(digits).astype(np.int64)
    is_digits = np.strings.isdigit(digits) & (lengths > 0)
    if digits.size and digits.dtype.itemsize:
        # isdigit() also accepts other scripts' digits ('３', '٣'): only 0-9 make an ID.
        chars = np.ascontiguousarray(digits).view(np.uint32).reshape(len(digits), -1)
        is_digits &= ~(chars > ord("9")).any(axis=1)
    # A cell of zeros ('0', '0000') is a placeholder for "no number", not a wrong number.
    absent = ~filled | (is_digits & (np.strings.lstrip(digits, "0") == ""))
    for i in np.flatnonzero(filled & ~is_digits):
        if NO_ID.match(str(stripped[i])):
            absent[i] = True
    is_digits &= ~absent
    return Ids(lambda i: str(stripped[i]) or None, ~absent, is_digits, digits, lengths)


def digit_matrix(digits: np.ndarray, width: int) -> np.ndarray:
    """Unicode strings of exactly `width` digits → an int matrix, one column per digit."""
    if digits.size == 0:
        return np.zeros((0, width), dtype=np.int64)
    codes = digits.astype(f"U{width}").view(np.uint32).reshape(-1, width)
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


def _years(dates: np.ndarray) -> np.ndarray:
    years = dates.astype("datetime64[Y]").astype(np.int64) + 1970
    return np.where(np.isnat(dates), -1, years)


def check_nik(
    rows: pd.DataFrame,
    emit: Emitter,
    as_of: date,
    staff: np.ndarray,
    birth: np.ndarray,
    sex: np.ndarray,
) -> np.ndarray:
    """Every NIK finding; returns each row's usable NIK as an int64 (0 where none)."""
    n = len(rows)
    usable = np.zeros(n, dtype=np.int64)
    if not emit.has_column("nik").any():
        return usable
    ids = take_ids(rows, "nik", " .")
    raw = ids.raw
    severity = np.where(staff, str(Severity.ERROR), str(Severity.WARNING))
    emit.emit("nik-missing", emit.has_column("nik") & ~ids.present, "nik", raw, severity=severity)
    from_number = rows["nik_from_number"].fillna(False).to_numpy(dtype=bool)
    emit.emit("nik-stored-as-number", ids.present & from_number, "nik", raw)
    emit.emit("nik-not-digits", ids.present & ~ids.is_digits, "nik", raw)
    emit.emit("nik-length", ids.is_digits & (ids.lengths != 16), "nik", raw, length=ids.lengths)

    full = np.flatnonzero(ids.is_digits & (ids.lengths == 16))
    if full.size == 0:
        return usable
    m = digit_matrix(ids.digits[full], 16)
    placeholder = (m[:, 6:12] == 0).all(axis=1)
    emit.emit("nik-placeholder", _spread(n, full, placeholder), "nik", raw)
    keep = ~placeholder
    usable[full[keep]] = number(m[keep], 0, 16)

    region = number(m, 0, 6)
    unknown = keep & ~np.isin(region, district_numbers())
    emit.emit("nik-region-unknown", _spread(n, full, unknown), "nik", raw,
              region=lambda i: str(ids.digits[i])[:6])

    nik_day, month, yy = number(m, 6, 8), number(m, 8, 10), number(m, 10, 12)
    female = nik_day > 40
    day = np.where(female, nik_day - 40, nik_day)
    d19, ok19 = calendar_dates(1900 + yy, month, day)
    d20, ok20 = calendar_dates(2000 + yy, month, day)
    # YY names two centuries: the one agreeing with the birth-date column wins, else the one
    # not after the census date.
    born = birth[full]
    born_year = _years(born)
    not_after = (2000 + yy) * 10000 + month * 100 + day <= as_of.year * 10000 + as_of.month * 100 \
        + as_of.day
    use20 = np.where(born_year == 2000 + yy, True,
                     np.where(born_year == 1900 + yy, False, not_after))
    nik_date = np.where(use20, d20, d19)
    valid = np.where(use20, ok20, ok19)
    emit.emit("nik-birthdate-invalid", _spread(n, full, keep & ~valid), "nik", raw,
              part=lambda i: str(ids.digits[i])[6:12])

    differs = keep & valid & ~np.isnat(born) & (nik_date != born)
    emit.emit("nik-birthdate-mismatch", _spread(n, full, differs), "nik", raw,
              nik_date=_spread_values(n, full, nik_date), row_date=birth)

    nik_sex = np.where(female, "P", "L")
    row_sex = sex[full]
    sex_differs = keep & valid & (row_sex != "") & (row_sex != nik_sex)
    emit.emit("nik-sex-mismatch", _spread(n, full, sex_differs), "nik", raw,
              nik_sex=_spread_values(n, full, nik_sex.astype(object)),
              row_sex=rows["sex"].to_numpy(dtype=object))
    return usable


def check_duplicates(emit: Emitter, raw_nik: np.ndarray, usable: np.ndarray) -> None:
    """duplicate-nik: a usable NIK seen earlier in the same sheet (the later rows are reported)."""
    has = np.flatnonzero(usable != 0)
    if has.size < 2:
        return
    # One int64 key per (sheet, NIK): a NIK is < 10**16, and a workbook has < 900 sheets.
    key = pd.Series(emit.sheet_codes[has].astype(np.int64) * 10**16 + usable[has])
    later = key.duplicated(keep="first").to_numpy()
    if not later.any():
        return
    first_rows = pd.Series(emit.row_numbers[has][~later], index=key[~later].to_numpy())
    other = np.zeros(len(usable), dtype=np.int64)
    other[has[later]] = first_rows.reindex(key[later].to_numpy()).to_numpy()
    mask = np.zeros(len(usable), dtype=bool)
    mask[has[later]] = True
    emit.emit("duplicate-nik", mask, "nik", raw_nik, other_row=other)


def check_nip(
    rows: pd.DataFrame, emit: Emitter, as_of: date, birth: np.ndarray, sex: np.ndarray
) -> None:
    """NIP findings: format (PNS and PPPK shapes, old 9-digit NIPs), then agreement with the row."""
    if not emit.has_column("nip").any():
        return
    ids = take_ids(rows, "nip", " .-")
    if not ids.present.any():
        return
    n, raw = len(rows), ids.raw
    from_number = rows["nip_from_number"].fillna(False).to_numpy(dtype=bool)
    emit.emit("nip-stored-as-number", ids.present & from_number & (ids.lengths > 15), "nip", raw)
    full = np.flatnonzero(ids.is_digits & (ids.lengths == 18))
    bad = ids.present & ~(ids.is_digits & ((ids.lengths == 18) | (ids.lengths == 9)))
    if full.size:
        m = digit_matrix(ids.digits[full], 18)
        birth_year = number(m, 0, 4)
        nip_date, date_ok = calendar_dates(birth_year, number(m, 4, 6), number(m, 6, 8))
        date_ok &= (birth_year >= 1900) & (nip_date <= np.datetime64(as_of, "D"))
        start_year = number(m, 8, 12)
        year_ok = (start_year >= birth_year + 15) & (start_year <= as_of.year + 1)
        start_month = number(m, 12, 14)
        pns = (start_month >= 1) & (start_month <= 12)
        # PPPK: the year of appointment is followed by '2' and a contract count, not a month.
        pppk = m[:, 12] == 2
        sex_digit = m[:, 14]
        shape_ok = date_ok & year_ok & (pns | pppk) & ((sex_digit == 1) | (sex_digit == 2))
        bad[full[~shape_ok]] = True
        born = birth[full]
        differs = shape_ok & ~np.isnat(born) & (nip_date != born)
        emit.emit("nip-birthdate-mismatch", _spread(n, full, differs), "nip", raw,
                  nip_date=_spread_values(n, full, nip_date), row_date=birth)
        nip_sex = np.where(sex_digit == 2, "P", "L")
        row_sex = sex[full]
        sex_differs = shape_ok & (row_sex != "") & (row_sex != nip_sex)
        emit.emit("nip-sex-mismatch", _spread(n, full, sex_differs), "nip", raw,
                  nip_sex=_spread_values(n, full, nip_sex.astype(object)),
                  row_sex=rows["sex"].to_numpy(dtype=object))
    emit.emit("nip-format", bad, "nip", raw)


def _spread(n: int, positions: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """A mask over a subset (rows `positions`) as a mask over all n rows."""
    out = np.zeros(n, dtype=bool)
    out[positions[mask]] = True
    return out


def _spread_values(n: int, positions: np.ndarray, values: np.ndarray) -> np.ndarray:
    out = np.full(n, NAT) if values.dtype.kind == "M" else np.empty(n, dtype=object)
    out[positions] = values
    return out
