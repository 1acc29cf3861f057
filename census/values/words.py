"""Words with one meaning wherever they are typed: categories of people and yes/no answers."""

from __future__ import annotations

import re
from functools import lru_cache

from census.model import Category

_SPLIT_DIGITS = re.compile(r"(?<=[a-z])(?=\d)|(?<=\d)(?=[a-z])")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=4096)
def normalise(text: str) -> str:
    """Lower case, punctuation and line breaks folded to single spaces, letters split from digits.

    'Tgl.\\nVaksin-1' → 'tgl vaksin 1'; 'L/P' → 'l p'; 'NIK (16 digit)' → 'nik 16 digit'.
    """
    folded = _NON_ALNUM.sub(" ", text.lower())
    return _SPLIT_DIGITS.sub(" ", folded).strip()


# Order matters: 'non asn' and 'keluarga asn' before 'asn', 'sahabat tagana' is tagana.
_CATEGORY_RULES: list[tuple[str, re.Pattern[str]]] = [
    (Category.KLIEN, re.compile(r"\b(anak asuh|penerima manfaat|warga binaan)\b")),
    (Category.KELUARGA, re.compile(
        r"\bkeluarga\b|^(kel|istri|suami|anak|anak kandung|orang tua|ortu|ayah|ibu|mertua)$"
    )),
    (Category.TAGANA, re.compile(r"\b(tagana|sahabat tagana|relawan)\b")),
    (Category.PTT, re.compile(
        r"\b(ptt|non asn|nonasn|non pns|honorer|honor|outsourcing|outsource|os|thl|kontrak"
        r"|pamdal|ob|office boy|pppnpn|tenaga kontrak|pegawai tidak tetap|sopir|driver)\b"
    )),
    (Category.ASN, re.compile(r"\b(asn|pns|pppk|cpns|p3k|pegawai negeri)\b")),
    (Category.KLIEN, re.compile(
        r"\b(klien|pm|lansia|binaan|wbs|pmks|disabilitas|difabel|abh)\b"
    )),
]


@lru_cache(maxsize=1024)
def category_of(text: str) -> str | None:
    """The Category value a sheet name, unit name or category cell names, or None.

    A text naming two categories ('ASN dan PTT') names none, except that family wins
    ('Keluarga ASN' is family). Matched words are consumed, so 'Non ASN' is not also ASN.
    """
    normal = normalise(text)
    found: set[str] = set()
    for category, pattern in _CATEGORY_RULES:
        if pattern.search(normal):
            found.add(str(category))
            normal = pattern.sub(" ", normal)
    if len(found) == 1:
        return found.pop()
    return str(Category.KELUARGA) if Category.KELUARGA in found else None


#: Ticks people put in a yes/no column.
TICKS = frozenset({"✓", "✔", "√", "☑"})
YES_WORDS = frozenset({"ya", "y", "iya", "yes", "true", "1", "benar", "betul", "ada", "v"})
NO_WORDS = frozenset({"", "tidak", "tdk", "t", "no", "n", "false", "0", "bukan", "x", "belum",
                      "tidak ada", "none"})


def yes_no(value: object) -> bool | None:
    """A yes/no answer as typed: True ('ya', 'Yes', '✓', 1), False ('tidak', 'no', 0, empty), or
    None when it is neither."""
    if isinstance(value, bool):
        return value
    if value is None:
        return False
    if isinstance(value, int | float):
        return {1: True, 0: False}.get(int(value)) if float(value).is_integer() else None
    text = str(value).strip()
    if text in TICKS:
        return True
    folded = normalise(text)
    if folded in YES_WORDS:
        return True
    if folded in NO_WORDS:
        return False
    return None
