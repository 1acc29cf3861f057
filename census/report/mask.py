"""Masking of NIKs (and any long digit run) in everything a unit report prints."""

from __future__ import annotations

import re

import pandas as pd

#: A run of at least 12 digits, possibly grouped by single spaces, dots or dashes
#: ('3578 0112 3400 0001'). Used on findings, whose values are often NIKs that lost or gained a
#: digit (nik-length, nik-stored-as-number) or NIPs.
_DIGIT_RUN = re.compile(r"(?<!\d)\d(?:[ .\-]?\d){11,}(?!\d)")
#: 15+ digits: used on names, remarks and phone numbers, which keep a phone number (≤ 13 digits)
#: but not a NIK typed into the wrong column.
_PHONE_RUN = re.compile(r"(?<!\d)\d(?:[ .\-]?\d){14,}(?!\d)")


def mask_digits(digits: str) -> str:
    """'3578********0001': the first 4 and last 4 digits kept, the rest starred."""
    if len(digits) <= 8:
        return "*" * len(digits)
    return digits[:4] + "*" * (len(digits) - 8) + digits[-4:]


def mask_nik(value: object) -> str:
    """A NIK as printed in reports: '3578********0001'; '-' when there is none."""
    if value is None or (isinstance(value, float) and value != value) or value is pd.NA:
        return "-"
    digits = re.sub(r"\D", "", str(value))
    if not digits.strip("0"):  # '0' and other placeholders carry nothing
        return "-"
    return mask_digits(digits)


def mask_text(text: object) -> str:
    """Text with every long digit run (a NIK, a NIP) masked; '' for None/NaN."""
    if text is None or (isinstance(text, float) and text != text) or text is pd.NA:
        return ""
    return _DIGIT_RUN.sub(_mask_match, str(text))


def mask_phone(text: object) -> str:
    """A phone cell as printed: a phone number (at most 13 digits) kept, a NIK typed into the
    phone column (15+ digits) masked; '' for None/NaN."""
    if text is None or (isinstance(text, float) and text != text) or text is pd.NA:
        return ""
    return _PHONE_RUN.sub(_mask_match, str(text))


def mask_series(values: pd.Series, min_digits: int = 12) -> pd.Series:
    """mask_text over a column, vectorised (empty values become ''); runs of ≥ min_digits (12/15).

    The column's texts are searched joined by NUL, which no run can cross and which bounds a
    run as a cell's start or end does: one C-level search tells whether any cell holds a run
    (most columns hold none), one substitution masks them all."""
    texts = values.astype("string").fillna("")
    pattern = _PHONE_RUN if min_digits >= 15 else _DIGIT_RUN
    cells = texts.tolist()
    joined = "\0".join(cells)
    if pattern.search(joined) is None:
        return texts.astype(object)
    if joined.count("\0") != len(cells) - 1:  # a NUL inside a cell: it would not split back
        return texts.str.replace(pattern, _mask_match, regex=True).astype(object)
    masked = pattern.sub(_mask_match, joined).split("\0")
    return pd.Series(masked, index=values.index, dtype=object, name=values.name)


def nik_series(values: pd.Series) -> pd.Series:
    """mask_nik over a column: the digits of every cell kept by one substitution over the
    column's texts joined by line breaks; 16-digit NIKs masked here, the odd ones by mask_nik."""
    cells = values.astype("string").fillna("").tolist()
    joined = "\n".join(cells)
    if cells and joined.count("\n") == len(cells) - 1:
        digits = re.sub(r"[^\d\n]", "", joined).split("\n")
    else:  # a line break inside a cell: it would not split back
        digits = [re.sub(r"\D", "", cell) for cell in cells]
    originals = values.tolist()
    masked = [d[:4] + "********" + d[12:] if len(d) == 16 else mask_nik(originals[i])
              for i, d in enumerate(digits)]
    return pd.Series(masked, index=values.index, dtype=object, name=values.name)


def _mask_match(match: re.Match[str]) -> str:
    return mask_digits(re.sub(r"\D", "", match.group(0)))
