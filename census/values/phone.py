"""Indonesian phone numbers as rosters write them, in one normal form.

'0812-3456-7890', '0812 3456 7890', '+62 812 3456 7890', '6281234567890', '(031) 8290123' and
81234567890 (a number cell that dropped the leading 0) are all written `0812…` / `031…`;
`international` gives the `+62812…` form (for a wa.me link). A text with no plausible number
(too short or too long, letters only, one digit repeated) is *invalid*: validation warns about
it and the register keeps no phone for that row.
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
import pandas as pd

#: Digits of a national number with its leading 0: area code or mobile prefix + subscriber.
MIN_DIGITS, MAX_DIGITS = 9, 13
_CANDIDATE = re.compile(r"\+?\(?\d[\d\s().\-\u00a0]*\d")
_NOT_DIGIT = re.compile(r"\D")
_NONE = re.compile(r"(?i)^(?:[-–—_./0 ]*|tidak ada|tdk ada|belum ada|blm ada|tidak punya|nihil|n/?a)$")


def _national(digits: str) -> str | None:
    """Digits as typed → '0…' national form, or None when they are no plausible number."""
    for prefix in ("0062", "62"):
        if digits.startswith(prefix) and len(digits) - len(prefix) >= MIN_DIGITS - 1:
            digits = "0" + digits[len(prefix):]
            break
    if digits.startswith("8") and MIN_DIGITS <= len(digits) + 1 <= MAX_DIGITS:
        digits = "0" + digits  # a number cell drops the leading zero of 0812…
    if not (digits.startswith("0") and digits[1:2] != "0"):
        return None
    if not MIN_DIGITS <= len(digits) <= MAX_DIGITS:
        return None
    if len(set(digits[1:])) <= 2:  # '0888888888', '0812121212…': a filler, not a number
        return None
    return digits


@lru_cache(maxsize=65536)
def read_phone(value: str) -> tuple[str | None, bool]:
    """(the first plausible number in `value` in national form or None, True when `value` says
    anything: a non-empty text that is not 'no number')."""
    text = value.strip()
    if _NONE.match(text):
        return None, False
    for match in _CANDIDATE.finditer(text):
        found = _national(_NOT_DIGIT.sub("", match.group(0)))
        if found is not None:
            return found, True
    return None, True


def phone_number(value: object) -> str | None:
    """One value's phone number in national form ('0812…'), or None."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return read_phone(str(value))[0]


def international(phone: str) -> str:
    """'08123456789' → '+628123456789' (a national-form number, as phone_number returns)."""
    return "+62" + phone[1:] if phone.startswith("0") else phone


def phones(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(national-form number or None per row, True where a non-empty value holds no number).

    Each distinct value is looked at once.
    """
    codes, uniques = pd.factorize(np.asarray(values, dtype=object), use_na_sentinel=True)
    read = [read_phone(str(value)) for value in uniques]
    numbers = np.array([number for number, _ in read] + [None], dtype=object)
    invalid = np.array([said and number is None for number, said in read] + [False], dtype=bool)
    picks = np.where(codes < 0, len(uniques), codes)
    return numbers[picks], invalid[picks]
