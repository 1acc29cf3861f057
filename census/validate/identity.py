"""NIK and NIP checks (DOMAIN §2), vectorised over a whole roster table."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import cache

import numpy as np
import pandas as pd

from census.model import STAFF_CATEGORIES, Severity
from census.validate.columns import Columns
from census.validate.common import NAT, SEX_IDS, Emitter, sex_texts
from census.validate.plain_nik import PlainNiks, plain_niks
from census.validate.regions import district_numbers, known_regions
from census.values.nik import (
    NIK_LENGTH,
    NIP_LENGTH,
    OLD_NIP_LENGTH,
    NikState,
    nik_states,
    nip_parts,
    take_ids,
)
from census.values.sex import FEMALE, MALE

_STAFF = {str(c) for c in STAFF_CATEGORIES}


def check_nik(
    rows: Columns,
    emit: Emitter,
    as_of: date,
    birth: np.ndarray,
    sex: np.ndarray,
) -> np.ndarray:
    """Every NIK finding; returns each row's 16-digit NIK as an int64 (0 where none or a
    placeholder), for duplicate-nik.

    The cells are read by census.values.nik (the register keys people on the same reading), so
    a NIK is usable exactly when it has no error here and is no placeholder. Most cells are a
    plain NIK that needs no finding (census.validate.plain_nik tells them apart with whole-column
    arithmetic); only the others are read cell by cell.
    """
    n = len(rows)
    numbers = np.zeros(n, dtype=np.int64)
    if not emit.any_column("nik"):
        return numbers
    from_number = rows.flags("nik_from_number")
    plain = plain_niks(rows)
    at = plain.at
    # Typed as text, a known region, a date, and the row's birth date and sex agree: no finding.
    parts = plain.parts
    fine = ~from_number[at] & ~parts.placeholder & parts.date_ok & known_regions()[parts.region]
    fine &= _same_birth(plain, birth[at]) & _same_sex(plain, sex[at])
    numbers[at[fine]] = plain.number[fine]
    others = np.ones(n, dtype=bool)
    others[at[fine]] = False
    rest = np.flatnonzero(others)
    if rest.size:
        _check_cells(rows, emit, as_of, rest, from_number[rest], birth[rest],
                     sex_texts(sex[rest]), numbers)
    return numbers


def _same_birth(plain: PlainNiks, born: np.ndarray) -> np.ndarray:
    """Per plain NIK: does its DDMMYY say the row's birth date (or is that unknown)? Then its
    birth date in either century is the row's, and nik-birthdate-mismatch cannot hold."""
    first, codes = _ddmmyy_table()
    offset = born.view(np.int64) - first
    inside = ~np.isnat(born) & (offset >= 0) & (offset < len(codes))
    said = (plain.parts.day * 100 + plain.parts.month) * 100 + plain.parts.yy
    same = codes[np.where(inside, offset, 0)] == said
    return np.isnat(born) | (inside & same)


@cache
def _ddmmyy_table() -> tuple[int, np.ndarray]:
    """(day number of 1 Jan 1900, DDMMYY as an integer of every day of 1900-2099 from it): a
    birth date's DDMMYY is one lookup. Built a month at a time (np.repeat over the months'
    lengths): the day numbers' calendar arithmetic divides 73,000 integers a dozen times."""
    years = np.arange(1900, 2100)
    leap = (years % 4 == 0) & ((years % 100 != 0) | (years % 400 == 0))
    lengths = np.tile(_MONTH_DAYS, len(years))
    lengths[1::12] += leap  # February
    mmyy = np.tile(np.arange(1, 13), len(years)) * 100 + np.repeat(years % 100, 12)
    firsts = np.cumsum(lengths) - lengths  # each month's first day, counted from 1 Jan 1900
    day = np.arange(int(lengths.sum())) - np.repeat(firsts, lengths) + 1
    codes = (day * 10000 + np.repeat(mmyy, lengths)).astype(np.int32)
    return int(np.datetime64("1900-01-01", "D").astype(np.int64)), codes


_MONTH_DAYS = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])


def _same_sex(plain: PlainNiks, sex_ids: np.ndarray) -> np.ndarray:
    """Per plain NIK: does the row's sex say the NIK's (or is it empty)?"""
    nik_sex = np.where(plain.parts.female, np.int8(SEX_IDS[FEMALE]), np.int8(SEX_IDS[MALE]))
    return (sex_ids == SEX_IDS[""]) | (sex_ids == nik_sex)


def _check_cells(
    rows: Columns,
    emit: Emitter,
    as_of: date,
    at: np.ndarray,
    from_number: np.ndarray,
    birth: np.ndarray,
    sex: np.ndarray,
    numbers: np.ndarray,
) -> None:
    """The NIK findings of the rows at positions `at` (the other arrays are over those rows),
    read by census.values.nik; fills `numbers` at those rows."""
    n = len(at)
    niks = nik_states(rows.take("nik", at).astype(object), from_number)
    ids, states = niks.ids, niks.states
    raw = ids.raw
    staff = pd.Series(rows.take("category", at).astype(object)).isin(_STAFF).to_numpy()
    severity = np.where(staff, str(Severity.ERROR), str(Severity.WARNING))
    emit.emit("nik-missing", emit.has_column("nik", at) & ~ids.present, "nik", raw,
              severity=severity, at=at)
    emit.emit("nik-stored-as-number", states == NikState.FROM_NUMBER, "nik", raw, at=at)
    emit.emit("nik-not-digits", states == NikState.NOT_DIGITS, "nik", raw, at=at)
    emit.emit("nik-length", ids.is_digits & (ids.lengths != NIK_LENGTH), "nik", raw,
              length=ids.lengths, at=at)

    full, parts = niks.full, niks.parts
    if full.size == 0:
        return
    placeholder = parts.placeholder
    emit.emit("nik-placeholder", _spread(n, full, placeholder), "nik", raw, at=at)
    keep = ~placeholder
    numbers[at[full[keep]]] = ids.digits[full[keep]].astype(np.int64)
    unknown = keep & ~np.isin(parts.region, district_numbers())
    emit.emit("nik-region-unknown", _spread(n, full, unknown), "nik", raw,
              region=lambda i: str(ids.digits[i])[:6], at=at)
    emit.emit("nik-birthdate-invalid", _spread(n, full, keep & ~parts.date_ok), "nik", raw,
              part=lambda i: str(ids.digits[i])[6:12], at=at)

    born = birth[full]
    nik_date = parts.birth_dates(born, np.datetime64(as_of, "D"))
    valid = keep & parts.date_ok
    differs = valid & ~np.isnat(born) & (nik_date != born)
    emit.emit("nik-birthdate-mismatch", _spread(n, full, differs), "nik", raw,
              nik_date=_spread_values(n, full, nik_date), row_date=birth, at=at)

    nik_sex = np.where(parts.female, FEMALE, MALE)
    row_sex = sex[full]
    sex_differs = valid & (row_sex != "") & (row_sex != nik_sex)
    emit.emit("nik-sex-mismatch", _spread(n, full, sex_differs), "nik", raw,
              nik_sex=_spread_values(n, full, nik_sex.astype(object)),
              row_sex=rows.take("sex", at).astype(object), at=at)


def check_duplicates(emit: Emitter, raw_nik: Callable[[int], object], usable: np.ndarray) -> None:
    """duplicate-nik: a usable NIK seen earlier in the same sheet (the later rows are reported)."""
    has = np.flatnonzero(usable != 0)
    if has.size < 2:
        return
    # One int64 key per (sheet, NIK): sheet * 10^16 + NIK while that fits (up to 900 sheets),
    # else the NIK's code among the distinct NIKs.
    sheets = emit.sheet_codes[has].astype(np.int64)
    if len(emit.places) < 900:
        key = pd.Series(sheets * 10**16 + usable[has])
    else:
        nik_codes, distinct = pd.factorize(usable[has])
        key = pd.Series(sheets * len(distinct) + nik_codes)
    # Sorted, a key seen twice sits beside itself: most rosters have none, and sorting 64-bit
    # integers costs a fraction of hashing them.
    ordered = np.sort(key.to_numpy())
    if not (ordered[1:] == ordered[:-1]).any():
        return
    later = key.duplicated(keep="first").to_numpy()
    first_rows = pd.Series(emit.row_numbers[has][~later], index=key[~later].to_numpy())
    other = np.zeros(len(usable), dtype=np.int64)
    other[has[later]] = first_rows.reindex(key[later].to_numpy()).to_numpy()
    mask = np.zeros(len(usable), dtype=bool)
    mask[has[later]] = True
    emit.emit("duplicate-nik", mask, "nik", raw_nik, other_row=other)


def check_nip(
    rows: Columns, emit: Emitter, as_of: date, birth: np.ndarray, sex_ids: np.ndarray
) -> None:
    """NIP findings: format (PNS and PPPK shapes, old 9-digit NIPs), then agreement with the row."""
    if not emit.any_column("nip"):
        return
    ids = take_ids(rows.values("nip").astype(object))
    if not ids.present.any():
        return
    n, raw = len(rows), ids.raw
    from_number = rows.flags("nip_from_number")
    sex = sex_texts(sex_ids)
    emit.emit("nip-stored-as-number", ids.present & from_number & (ids.lengths > 15), "nip", raw)
    full = np.flatnonzero(ids.is_digits & (ids.lengths == NIP_LENGTH))
    bad = ids.present & ~(
        ids.is_digits & ((ids.lengths == NIP_LENGTH) | (ids.lengths == OLD_NIP_LENGTH))
    )
    if full.size:
        parts = nip_parts(ids.digits[full], np.datetime64(as_of, "D"))
        shape_ok = parts.shape_ok
        bad[full[~shape_ok]] = True
        born = birth[full]
        differs = shape_ok & ~np.isnat(born) & (parts.birth != born)
        emit.emit("nip-birthdate-mismatch", _spread(n, full, differs), "nip", raw,
                  nip_date=_spread_values(n, full, parts.birth), row_date=birth)
        nip_sex = np.where(parts.female, FEMALE, MALE)
        row_sex = sex[full]
        sex_differs = shape_ok & (row_sex != "") & (row_sex != nip_sex)
        emit.emit("nip-sex-mismatch", _spread(n, full, sex_differs), "nip", raw,
                  nip_sex=_spread_values(n, full, nip_sex.astype(object)),
                  row_sex=rows.values("sex").astype(object))
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
