"""Dates as offices write them (DOMAIN §5): one parser for cells, columns, remarks and plans.

Day first; Indonesian and English month names and abbreviations ('5 Mrt 2022', '5 Agt 21');
ISO; Excel dates; Excel serial numbers typed into number cells in the workbook's date system
(1900, or 1904 for workbooks saved with it); dates inside free text. The same text gives the
same date wherever it is read: a roster cell (`parse_dates`, each distinct value once), one
value (`parse_date`), a remark (`dates_in_text`) or an allocation plan.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime, timedelta
from itertools import repeat

import numpy as np
import pandas as pd

MONTHS: dict[str, int] = {
    **dict.fromkeys(["januari", "january", "jan", "janu"], 1),
    **dict.fromkeys(["februari", "pebruari", "february", "feb", "peb", "febr"], 2),
    **dict.fromkeys(["maret", "march", "mar", "mrt"], 3),
    **dict.fromkeys(["april", "apr", "apl"], 4),
    **dict.fromkeys(["mei", "may"], 5),
    **dict.fromkeys(["juni", "june", "jun"], 6),
    **dict.fromkeys(["juli", "july", "jul"], 7),
    **dict.fromkeys(["agustus", "august", "agu", "ags", "agt", "aug", "agus", "agst"], 8),
    **dict.fromkeys(["september", "sep", "sept", "spt"], 9),
    **dict.fromkeys(["oktober", "october", "okt", "oct"], 10),
    **dict.fromkeys(["november", "nopember", "nov", "nop"], 11),
    **dict.fromkeys(["desember", "december", "des", "dec", "dez"], 12),
}
_WEEKDAYS = r"(?:senin|selasa|rabu|kamis|jumat|jum at|sabtu|minggu|ahad)"

_ISO = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}[:.]\d{2}(?:[:.]\d{2}(?:\.\d+)?)?)?")
_DMY = re.compile(r"(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{4}|\d{2})(?: \d{1,2}[:.]\d{2}(?:[:.]\d{2})?)?")
_D_MONTH_Y = re.compile(r"(\d{1,2})\s*[-/.]?\s*([a-z]+)\.?\s*[-/.,]?\s*(\d{4}|\d{2})")
_WEEKDAY_PREFIX = re.compile(rf"^{_WEEKDAYS}\s*,?\s*", re.IGNORECASE)
_DIGITS = re.compile(r"\d+")

#: Excel's day zero (serial 1 is 1900-01-01; the 1900 leap-year bug makes day 0 fall on 30 Dec).
_EXCEL_EPOCH = date(1899, 12, 30)
#: Day zero of a workbook saved in the 1904 date system (old Mac Excel): 1462 days later.
_EXCEL_EPOCH_1904 = date(1904, 1, 1)
_MIN_YEAR, _MAX_YEAR = 1850, 2200
_NAT = np.datetime64("NaT", "ns")


def _two_digit_year(year: int) -> int:
    """'21' → 2021, '80' → 1980: a two-digit year not after this year is this century's."""
    this_year = date.today().year
    century = this_year - this_year % 100
    return century + year if century + year <= this_year else century - 100 + year


def _make(year: int, month: int, day: int) -> date | None:
    if year < 100:
        year = _two_digit_year(year)
    if not _MIN_YEAR <= year <= _MAX_YEAR:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _epoch(date1904: bool) -> date:
    return _EXCEL_EPOCH_1904 if date1904 else _EXCEL_EPOCH


def _from_serial(serial: float, date1904: bool = False) -> date | None:
    """An Excel serial day number (integral part) as a date; None when not plausible."""
    if not 1 <= serial < 2958466:
        return None
    day = _epoch(date1904) + timedelta(days=int(serial))
    return day if _MIN_YEAR <= day.year <= _MAX_YEAR else None


def _from_digits(text: str, date1904: bool = False) -> date | None:
    """A date typed as digits only: a serial ('44382') or 8 digits ddmmyyyy / yyyymmdd."""
    if len(text) == 8:
        if text[:2] in ("19", "20"):
            found = _make(int(text[:4]), int(text[4:6]), int(text[6:]))
            if found:
                return found
        return _make(int(text[4:]), int(text[2:4]), int(text[:2]))
    if 4 <= len(text) <= 5:
        return _from_serial(int(text), date1904)
    return None


def _from_text(text: str, date1904: bool = False) -> date | None:
    cleaned = _WEEKDAY_PREFIX.sub("", text.strip().lower()).strip().rstrip(".")
    if cleaned.isdigit():
        return _from_digits(cleaned, date1904)
    match = _ISO.fullmatch(cleaned)
    if match:
        return _make(int(match[1]), int(match[2]), int(match[3]))
    match = _DMY.fullmatch(cleaned)
    if match:
        return _make(int(match[3]), int(match[2]), int(match[1]))
    match = _D_MONTH_Y.fullmatch(cleaned)
    if match:
        month = MONTHS.get(match[2])
        return _make(int(match[3]), month, int(match[1])) if month else None
    return None


def number_text(value: float | int) -> str:
    """A number as a person reads it: 44382.0 → '44382', 3.57801234567891e15 → '3578012345678910'."""
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer():
            return str(int(value))
        return repr(value)
    return str(value)


def parse_one(value: object, date1904: bool = False) -> tuple[date | None, str | None]:
    """(date or None, raw text or None) of one cell value.

    `date1904`: the workbook uses the 1904 date system (serial numbers count from 1904-01-01).
    """
    if value is None:
        return None, None
    if isinstance(value, str):
        if not value.strip():
            return None, None
        return _from_text(value, date1904), value
    if isinstance(value, bool):
        return None, str(value).upper()
    if isinstance(value, datetime | pd.Timestamp):
        if pd.isna(value):
            return None, None
        day = value.date()
        return day, day.isoformat()
    if isinstance(value, date):
        return value, value.isoformat()
    if isinstance(value, int | float | np.integer | np.floating):
        number = float(value)
        if math.isnan(number):
            return None, None
        found = _from_serial(number, date1904) if number.is_integer() else None
        if found is None and number.is_integer() and 1e7 <= number < 1e8:
            found = _from_digits(str(int(number)))
        return found, number_text(value.item() if isinstance(value, np.generic) else value)
    return None, str(value)


def parse_date(value: object, date1904: bool = False) -> date | None:
    """One value (a cell, a TOML value, a form field) as a date, or None when it is not one."""
    return parse_one(value, date1904)[0]


_MONTH_WORDS = "|".join(sorted(MONTHS, key=len, reverse=True))
#: Date-shaped pieces of free text; each piece found is read by the cell parser (_from_text), so
#: a remark and a cell agree on every date. Digits glued to other digits are not a date.
_IN_TEXT = re.compile(
    r"(?<!\d)(?<!\d[/.-])(?:"
    r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}"
    rf"|\d{{1,2}}[\s\-./]*(?:{_MONTH_WORDS})\.?[\s\-./,]*(?:\d{{4}}|\d{{2}})"
    r"|\d{1,2}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*(?:\d{4}|\d{2})"
    r")(?![\d/-])(?!\.\d)",
    re.IGNORECASE,
)


def find_dates(text: str) -> list[tuple[int, int, date]]:
    """(start, end, date) of every date written in free text, in order of appearance.

    A piece that looks like a date but is none ('31/02/2021') is skipped.
    """
    found = []
    for match in _IN_TEXT.finditer(text):
        day = _from_text(match.group(0))
        if day is not None:
            found.append((match.start(), match.end(), day))
    return found


def dates_in_text(text: str) -> list[date]:
    """Every date written in free text (a remark), in order of appearance.

    'positif covid 5 Mrt 2022', 'isoman 2022-03-20', 'positif 1/9/2021, sembuh 14/9/2021'.
    """
    return [day for _, _, day in find_dates(text)]


_NUMERIC_DATE = re.compile(r"\s*(\d{1,4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,4})\s*")
_MONTH_NAME_DATE = re.compile(r"\s*(\d{1,2})\s*[-/.]?\s*([a-z]+)\.?\s*[-/.,]?\s*(\d{4}|\d{2})\s*")
_DAY = np.timedelta64(1, "D")
_UNIX_ORDINAL = date(1970, 1, 1).toordinal()


_FIRST_DAY = np.datetime64(f"{_MIN_YEAR}-01-01", "D")
_LAST_DAY = np.datetime64(f"{_MAX_YEAR}-12-31", "D")


def _in_range(days: np.ndarray) -> np.ndarray:
    """Per day: a date in a year from _MIN_YEAR to _MAX_YEAR (NaT is not)."""
    return (days >= _FIRST_DAY) & (days <= _LAST_DAY)


def _assemble(years: np.ndarray, months: np.ndarray, days: np.ndarray) -> np.ndarray:
    """datetime64[D] from parts in bulk; NaT where the parts are not a date in range."""
    this_year = date.today().year
    century = this_year - this_year % 100
    short = years < 100
    years = np.where(short & (century + years > this_year), century - 100 + years, years)
    years = np.where(short & (years < 100), century + years, years)
    ok = (years >= _MIN_YEAR) & (years <= _MAX_YEAR) & (months >= 1) & (months <= 12) & (days >= 1)
    out = np.full(len(years), np.datetime64("NaT", "D"))
    if not ok.any():
        return out
    first = ((years[ok] - 1970) * 12 + (months[ok] - 1)).astype("datetime64[M]")
    found = first.astype("datetime64[D]") + (days[ok] - 1)
    # 31/02 rolls into March: only keep days that stay in their month.
    same_month = found < (first + 1).astype("datetime64[D]")
    out[np.flatnonzero(ok)[same_month]] = found[same_month]
    return out


#: Where the separators of 'dd/mm/yyyy' and of 'yyyy-mm-dd' are; the other places are digits.
_DAY_FIRST_SEPARATORS, _ISO_SEPARATORS = (2, 5), (4, 7)
_SEPARATORS = tuple(ord(c) for c in "-/.")


def _ten_characters(
    texts: np.ndarray, days: np.ndarray, lengths: np.ndarray | None = None
) -> np.ndarray:
    """Fill `days` for the texts written dd/mm/yyyy or yyyy-mm-dd (ASCII digits, any of - / .
    between): what _NUMERIC_DATE reads them as, decoded as a table of code points. The positions
    of the texts left to the patterns. `lengths`: the texts' lengths, when known."""
    if lengths is None:
        lengths = np.fromiter(map(len, texts.tolist()), dtype=np.int64, count=len(texts))
    ten = np.flatnonzero(lengths == 10)
    if not ten.size:
        return np.arange(len(texts))
    # The code points of the texts joined end to end, as UTF-32 (what a "U10" array holds; a
    # lone surrogate passes as its code point): a third of what converting each text costs.
    joined = "".join(texts[ten].tolist()).encode("utf-32-le", "surrogatepass")
    points = np.frombuffer(joined, dtype=np.uint32).reshape(-1, 10).astype(np.int64)
    digit = (points >= ord("0")) & (points <= ord("9"))
    separator = points == _SEPARATORS[0]
    for code in _SEPARATORS[1:]:  # three comparisons: a fifth of what np.isin costs here
        separator |= points == code
    numbers = points - ord("0")
    done = np.zeros(len(texts), dtype=bool)
    for places, iso in ((_DAY_FIRST_SEPARATORS, False), (_ISO_SEPARATORS, True)):
        others = [k for k in range(10) if k not in places]
        shaped = separator[:, list(places)].all(axis=1) & digit[:, others].all(axis=1)
        if not shaped.any():
            continue
        n = numbers[shaped]
        if iso:
            years, months, day = n[:, 0] * 1000 + n[:, 1] * 100 + n[:, 2] * 10 + n[:, 3], \
                n[:, 5] * 10 + n[:, 6], n[:, 8] * 10 + n[:, 9]
        else:
            day, months, years = n[:, 0] * 10 + n[:, 1], n[:, 3] * 10 + n[:, 4], \
                n[:, 6] * 1000 + n[:, 7] * 100 + n[:, 8] * 10 + n[:, 9]
        days[ten[shaped]] = _assemble(years, months, day)
        done[ten[shaped]] = True
    return np.flatnonzero(~done)


def _parse_texts(
    texts: np.ndarray, date1904: bool = False, lengths: np.ndarray | None = None
) -> np.ndarray:
    """Day-first text dates → datetime64[D]: the usual forms in bulk, the rest one by one.
    `lengths`: the texts' lengths, when known."""
    days = np.full(len(texts), np.datetime64("NaT", "D"))
    todo = _ten_characters(texts, days, lengths)
    for pattern in (_NUMERIC_DATE, _MONTH_NAME_DATE):
        if not todo.size:
            break
        subject = texts[todo] if pattern is _NUMERIC_DATE else [t.lower() for t in texts[todo]]
        matches = [pattern.fullmatch(text) for text in subject]
        hit = np.array([match is not None for match in matches], dtype=bool)
        if not hit.any():
            continue
        parts = [match.groups() for match in matches if match is not None]
        if pattern is _NUMERIC_DATE:
            numbers = np.array(
                [(int(a), int(b), int(c), len(a), len(c)) for a, b, c in parts], dtype=np.int64
            ).reshape(-1, 5)
            first, second, third = numbers[:, 0], numbers[:, 1], numbers[:, 2]
            iso = numbers[:, 3] == 4
            valid = iso | ((numbers[:, 3] <= 2) & np.isin(numbers[:, 4], (2, 4)))
            found = _assemble(np.where(iso, first, third), second, np.where(iso, third, first))
        else:
            numbers = np.array(
                [(int(a), MONTHS.get(b, 0), int(c)) for a, b, c in parts], dtype=np.int64
            ).reshape(-1, 3)
            valid = numbers[:, 1] > 0
            found = _assemble(numbers[:, 2], numbers[:, 1], numbers[:, 0])
        found[~valid] = np.datetime64("NaT", "D")
        where = todo[hit]
        days[where] = found
        todo = todo[~hit]
    for i in todo:
        found_one = _from_text(texts[i], date1904)
        if found_one is not None:
            days[i] = np.datetime64(found_one, "D")
    return days


def _parse_numbers(numbers: np.ndarray, date1904: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Serial day numbers → (datetime64[D], their text)."""
    values = numbers.astype(float)
    integral = np.isfinite(values) & (values == np.floor(values))
    serial = integral & (values >= 1) & (values < 2958466)
    days = np.full(len(values), np.datetime64("NaT", "D"))
    days[serial] = np.datetime64(_epoch(date1904), "D") + values[serial].astype(np.int64) * _DAY
    days[~_in_range(days)] = np.datetime64("NaT", "D")
    for i in np.flatnonzero(integral & (values >= 1e7) & (values < 1e8)):
        found = _from_digits(str(int(values[i])))  # 12052021 typed as a number
        if found is not None:
            days[i] = np.datetime64(found, "D")
    raws = np.empty(len(values), dtype=object)
    whole = integral & (np.abs(values) < 9e18)
    raws[whole] = integer_texts(values[whole])
    for i in np.flatnonzero(~whole):
        raws[i] = number_text(numbers[i])
    return days, raws


def integer_texts(values: np.ndarray) -> np.ndarray:
    """Whole numbers (a float or integer array, within int64) as text without '.0' (object
    array of str): Python's str of each, a third cheaper than numpy's astype(str) then object."""
    out = np.empty(len(values), dtype=object)
    out[:] = list(map(str, values.astype(np.int64).tolist()))
    return out


def iso_texts(days: np.ndarray) -> np.ndarray:
    """Days (datetime64[D], years 1000 to 9999) as ISO text 'yyyy-mm-dd' (object array of str):
    the same text as numpy's astype("U10") gives, at a third of its cost (numpy formats each
    date on its own, then each text becomes a str on its own).

    The calendar date of each day is worked out in bulk (the civil-from-days algorithm of
    Howard Hinnant's chrono date library), written as ASCII bytes with a comma after each, and
    cut into the texts by one str.split."""
    z = days.astype(np.int64) + 719468  # days since 0000-03-01
    era = z // 146097
    day_of_era = z - era * 146097
    year_of_era = (day_of_era - day_of_era // 1460 + day_of_era // 36524
                   - day_of_era // 146096) // 365
    day_of_year = day_of_era - (365 * year_of_era + year_of_era // 4 - year_of_era // 100)
    shifted = (5 * day_of_year + 2) // 153  # months from March
    day = day_of_year - (153 * shifted + 2) // 5 + 1
    month = np.where(shifted < 10, shifted + 3, shifted - 9)
    year = year_of_era + era * 400 + (month <= 2)
    out = np.empty((len(days), 11), dtype=np.uint8)
    for k, place in enumerate((1000, 100, 10, 1)):
        out[:, k] = year // place % 10 + 48
    out[:, 5], out[:, 6] = month // 10 + 48, month % 10 + 48
    out[:, 8], out[:, 9] = day // 10 + 48, day % 10 + 48
    out[:, 4] = out[:, 7] = ord("-")
    out[:, 10] = ord(",")
    texts = out.tobytes().decode("ascii").split(",")
    texts.pop()  # after the last comma
    shown = np.empty(len(texts), dtype=object)
    shown[:] = texts
    return shown


_KIND_DATE, _KIND_NUMBER, _KIND_TEXT = 1, 2, 3
_KINDS = {date: _KIND_DATE, datetime: _KIND_DATE, float: _KIND_NUMBER, int: _KIND_NUMBER,
          str: _KIND_TEXT}


def _parse_unique(uniques: np.ndarray, date1904: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """(datetime64[D], raw text) of distinct cell values, each kind converted in bulk."""
    days = np.full(len(uniques), np.datetime64("NaT", "D"))
    raws = np.full(len(uniques), None, dtype=object)
    kinds = np.fromiter(
        map(_KINDS.get, map(type, uniques.tolist()), repeat(0)), dtype=np.int8, count=len(uniques)
    )
    done = np.zeros(len(uniques), dtype=bool)
    mask = kinds == _KIND_DATE
    if mask.any():
        cells = uniques[mask].tolist()
        ordinals = np.fromiter(map(date.toordinal, cells), dtype=np.int64, count=len(cells))
        found = (ordinals - _UNIX_ORDINAL).astype("datetime64[D]")
        in_range = _in_range(found)
        # What the cell said, as ISO: in range, the text of the date found (written in bulk,
        # a fifth of what each cell's isoformat costs); out of range, still shown.
        shown = np.full(len(cells), None, dtype=object)
        shown[in_range] = iso_texts(found[in_range])
        for i in np.flatnonzero(~in_range):
            shown[i] = cells[i].isoformat()[:10]
        found[~in_range] = np.datetime64("NaT", "D")
        days[mask], raws[mask] = found, shown
        done |= mask
    mask = kinds == _KIND_NUMBER
    if mask.any():
        days[mask], raws[mask] = _parse_numbers(uniques[mask], date1904)
        done |= mask
    mask = kinds == _KIND_TEXT
    if mask.any():
        texts = uniques[mask]
        lengths = np.fromiter(map(len, texts.tolist()), dtype=np.int64, count=len(texts))
        found_days = _parse_texts(texts, date1904, lengths)
        days[mask] = found_days
        # Whitespace only is no text (str.strip and str.isspace agree on what whitespace is).
        # A text read as a date has digits: only the empty ones and those left are looked at.
        blank = lengths == 0
        unread = np.flatnonzero(np.isnat(found_days) & ~blank)
        blank[unread] = np.fromiter(
            map(str.isspace, texts[unread].tolist()), dtype=bool, count=unread.size
        )
        raws[mask] = np.where(blank, None, texts)
        done |= mask
    for i in np.flatnonzero(~done):
        one, raws[i] = parse_one(uniques[i], date1904)
        if one is not None:
            days[i] = np.datetime64(one, "D")
    return days, raws


def parse_dates(values: pd.Series, date1904: bool = False) -> tuple[pd.Series, pd.Series]:
    """(datetime64[ns] with NaT where empty or unreadable, the cell text or None where empty).

    Rosters repeat the same dates many times, so each distinct value is parsed once, and each
    kind of value (Excel dates, serial numbers, text) is converted in bulk. `date1904`: the
    workbook's serial numbers count in the 1904 date system.
    """
    [(days, raws)] = parse_date_columns([values.to_numpy(dtype=object)], date1904)
    return (
        pd.Series(days, index=values.index, name=values.name),
        pd.Series(raws, index=values.index, name=values.name, dtype=object),
    )


def parse_date_columns(
    columns: list[np.ndarray], date1904: bool = False
) -> list[tuple[np.ndarray, np.ndarray]]:
    """parse_dates for several columns of cells (object arrays) at once: per column, its dates
    (datetime64[ns], NaT where empty or unreadable) and its cells' text (None where empty).

    The distinct values of all the columns together are found and parsed in one batch: a
    sheet's date columns, or a workbook's, cost one pass, and a date written in several
    columns is read once.
    """
    if len(columns) > 1:
        every = np.concatenate(columns)
        codes, distinct = pd.factorize(every, use_na_sentinel=True)
        if not _ZERO_ONE.isdisjoint(distinct.tolist()):
            # A hash table counts True, 1 and 1.0 as one value: found across columns, one
            # column's TRUE could be read as another's 1. Each column on its own, then.
            return [parse_date_columns([column], date1904)[0] for column in columns]
    elif columns:
        codes, distinct = pd.factorize(columns[0], use_na_sentinel=True)
    else:
        return []
    days, raws = _parse_unique(np.asarray(distinct, dtype=object), date1904)
    # The missing cells (code -1) take the NaT / None appended after the distinct values.
    days = np.append(days.astype("datetime64[ns]"), _NAT)
    raws = np.append(raws, np.array([None], dtype=object))
    picks = np.where(codes < 0, len(days) - 1, codes)
    every_day, every_raw = days[picks], raws[picks]
    out = []
    offset = 0
    for column in columns:
        end = offset + len(column)
        out.append((every_day[offset:end], every_raw[offset:end]))
        offset = end
    return out


#: What a hash table takes True and False for (see parse_date_columns).
_ZERO_ONE = frozenset({0, 1})
