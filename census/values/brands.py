"""Vaccine brands as typed: spellings folded, filler words dropped, one brand code or none.

The spellings themselves are data (the dated rule table, census/data/rules.toml [[brands]]); this
module is how any stage reads a typed brand against them, so validation and the register agree:
a cell with no letters or digits ('-', '?') names no brand (brand-missing when its dose has a
date); a cell that names no programme vaccine ('Vaksin Nusantara') is *unknown* (brand-unknown,
and the dose is not counted).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

#: Words around a brand in a cell that say nothing about the brand ('Vaksin Sinovac dosis 2').
BRAND_FILLER = frozenset(
    ["vaksin", "vaksinasi", "vaccine", "vaccin", "covid", "19", "covid19", "dosis", "dose", "ke",
     "booster", "lanjutan", "pertama", "kedua", "ketiga", "i", "ii", "iii", "1", "2", "3", "4"]
)

_PUNCTUATION = re.compile(r"[^0-9a-z]+")


def normalise_brand_text(text: str) -> str:
    """Lower-case a brand as typed and fold punctuation and spaces ('Pfizer-BioNTech' → 'pfizer biontech')."""
    return _PUNCTUATION.sub(" ", text.lower().replace("&", " ")).strip()


class BrandTable:
    """Brand spellings (normalised spelling → canonical code) and how a typed text is read."""

    def __init__(self, spellings: Mapping[str, str]) -> None:
        self.by_spelling = dict(spellings)
        self._phrases = [
            (re.compile(rf"(?<![0-9a-z]){re.escape(spelling)}(?![0-9a-z])"), code)
            for spelling, code in self.by_spelling.items()
        ]
        self._cache: dict[str, str | None] = {}

    def code(self, text: object) -> str | None:
        """The canonical brand code of a typed text, or None (no brand typed, or unknown).

        Exact spellings first; then the text without filler words ('Vaksin Sinovac', 'Pfizer
        (booster)'); then a spelling inside the text when all spellings found name one brand
        ('Sinovac / CoronaVac'). 'Vaksin Nusantara' stays unknown.
        """
        if _missing(text):
            return None
        key = normalise_brand_text(str(text))
        if key in self._cache:
            return self._cache[key]
        found = self._code(key)
        if len(self._cache) < 10_000:
            self._cache[key] = found
        return found

    def _code(self, key: str) -> str | None:
        code = self.by_spelling.get(key)
        if code is not None or not key:
            return code
        stripped = " ".join(word for word in key.split() if word not in BRAND_FILLER)
        code = self.by_spelling.get(stripped)
        if code is not None or not stripped:
            return code
        found = {code for pattern, code in self._phrases if pattern.search(stripped)}
        return found.pop() if len(found) == 1 else None


def names_a_brand(text: object) -> bool:
    """Was anything typed that could name a brand (letters or digits, not just '-')?"""
    return not _missing(text) and normalise_brand_text(str(text)) != ""


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and value != value)
