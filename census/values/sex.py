"""Sex as rosters write it: one table of spellings for validation, the register and the reader.

'L', 'L.', 'Lk', 'Laki - laki', 'Laki-laki', 'Laki2', 'Pria' → 'L'; 'P', 'Pr', 'Perempuan',
'Wanita', 'W' → 'P' (case, punctuation and spaces do not matter). Anything else is no accepted
spelling: validation reports it (sex-invalid) and the register leaves the sex empty.
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
import pandas as pd

MALE, FEMALE = "L", "P"
#: Sentinel of sex_code for a non-empty value that is no accepted spelling.
UNKNOWN = "?"

#: Accepted spellings (lower case, letters only, words joined by one space) → 'L' or 'P'.
SEX_SPELLINGS: dict[str, str] = {
    **dict.fromkeys(
        ["l", "lk", "lki", "laki", "laki laki", "lakilaki", "laki2", "lelaki", "pria", "cowok",
         "m", "male", "man"],
        MALE,
    ),
    **dict.fromkeys(
        ["p", "pr", "pw", "prp", "perempuan", "wanita", "w", "wn", "cewek", "f", "female",
         "woman"],
        FEMALE,
    ),
}

_NOT_LETTER = re.compile(r"[^a-z2]+")


def fold(text: str) -> str:
    """'Laki - laki' → 'laki laki', 'L.' → 'l', 'Laki2' → 'laki2' (the '2' of a repeated word)."""
    return " ".join(_NOT_LETTER.sub(" ", text.lower()).split())


@lru_cache(maxsize=1024)
def sex_code(value: str) -> str:
    """'L', 'P', '' for a blank value, UNKNOWN ('?') for a value that is no accepted spelling."""
    text = value.strip()
    if not text:
        return ""
    return SEX_SPELLINGS.get(fold(text), UNKNOWN)


def is_sex(value: object) -> bool:
    """Is `value` an accepted spelling of a sex? (The reader uses it to tell data rows.)"""
    return isinstance(value, str) and sex_code(value) not in ("", UNKNOWN)


def sex_codes(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """('L'/'P'/'' per row, True where a non-empty value is no accepted spelling).

    Each distinct value is looked up once: rosters repeat the same few spellings.
    """
    codes, uniques = pd.factorize(np.asarray(values, dtype=object), use_na_sentinel=True)
    table = np.array([sex_code(str(value)) for value in uniques] + [""], dtype=object)
    found = table[np.where(codes < 0, len(uniques), codes)]
    bad = found == UNKNOWN
    return np.where(bad, "", found).astype(object), bad
