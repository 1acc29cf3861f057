"""Name normalisation for matching: titles and degrees dropped, spelling variants folded."""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np
import pandas as pd

#: Old (pre-1972 and Dutch-era) spellings still typed in names: Soekarno, Djoko, Tjipto.
_OLD_SPELLINGS = (("oe", "u"), ("dj", "j"), ("tj", "c"))

#: Folds the shared token table lacks but DOMAIN §2 names (Nur/Nurul, Ahmad/Achmad, Siti/Sitti).
_EXTRA_FOLDS = {
    "achmad": "ahmad",
    "akhmad": "ahmad",
    "ahmat": "ahmad",
    "nurul": "nur",
    "sitti": "siti",
    "mukhamad": "muhammad",
    "mokhamad": "muhammad",
    "mukhammad": "muhammad",
    "muhammed": "muhammad",
}

#: Apostrophes vanish (Ma'ruf → maruf); other punctuation separates words.
_PUNCTUATION = str.maketrans(
    {
        **{chr(code): " " for code in range(128) if not chr(code).isalnum()},
        **{mark: " " for mark in "–—“”«»·•\u00a0"},
        **{mark: None for mark in "'`’‘"},
    }
)

#: The ASCII part of _PUNCTUATION as a bytes table (apostrophes are deleted apart), keeping the
#: line break that separates the names cleaned together in _normalised.
_ASCII_CLEAN = bytes(
    code if chr(code).isalnum() or chr(code) == "\n" else ord(" ") for code in range(256)
)

#: A one-letter word (whitespace or the text's edge on both sides; \\s is str.split's
#: whitespace).
_ONE_LETTER = re.compile(r"(?<!\S)\S(?!\S)")


def _fold_spelling(text: str) -> str:
    for old, new in _OLD_SPELLINGS:
        if old in text:
            text = text.replace(old, new)
    return text


def _clean(text: str) -> list[str]:
    return _fold_spelling(text.lower().translate(_PUNCTUATION)).split()


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, list[tuple[str, ...]]], dict[str, list[tuple[str, ...]]], dict[str, str]]:
    """Drop phrases by first word and by last word (longest first), and single-word folds."""
    by_first: dict[str, list[tuple[str, ...]]] = {}
    by_last: dict[str, list[tuple[str, ...]]] = {}
    folds: dict[str, str] = {}
    path = resources.files("census.data").joinpath("names/name_tokens.csv")
    with path.open(encoding="utf-8") as handle:
        for record in csv.DictReader(handle):
            words = tuple(_clean(record["token"]))
            canonical = " ".join(_clean(record["canonical"] or ""))
            if not words:
                continue
            if canonical:
                folds[" ".join(words)] = canonical
            else:
                by_first.setdefault(words[0], []).append(words)
                by_last.setdefault(words[-1], []).append(words)
    for table in (by_first, by_last):
        for phrases in table.values():
            phrases.sort(key=len, reverse=True)
    for token, canonical in _EXTRA_FOLDS.items():
        folds[_fold_spelling(token)] = canonical
    return by_first, by_last, folds


@lru_cache(maxsize=1)
def _special() -> frozenset[str]:
    """Every word normalise_name may drop or fold; a name without any is returned as is."""
    by_first, by_last, folds = _tables()
    return frozenset(by_first) | frozenset(by_last) | frozenset(folds) | {"st", "m"}


def _drop_length(tokens: list[str], start: int, by_first: dict[str, list[tuple[str, ...]]]) -> int:
    """Length of the longest drop phrase starting at tokens[start] (0 when none)."""
    for phrase in by_first.get(tokens[start], ()):
        if tuple(tokens[start : start + len(phrase)]) == phrase:
            return len(phrase)
    return 0


def _drop_length_back(tokens: list[str], end: int, by_last: dict[str, list[tuple[str, ...]]]) -> int:
    """Length of the longest drop phrase ending at tokens[end - 1] (0 when none)."""
    for phrase in by_last.get(tokens[end - 1], ()):
        if len(phrase) <= end and tuple(tokens[end - len(phrase) : end]) == phrase:
            return len(phrase)
    return 0


def normalise_name(name: object) -> str | None:
    """The comparison form of a name ('Drs. H. Moch. Alwi, M.Hum' → 'muhammad alwi').

    Lower case, punctuation to spaces, old spellings (oe→u, dj→j, tj→c) folded. Titles, ranks and
    degrees of the shared token table are dropped only from the front and the back of the name
    and after its first comma: inside a name a token such as 'may' or 'st' is a real name. A
    leading 'St.' is Siti. One-letter tokens: a leading 'H.'/'R.'/'T.' (Haji, Raden, Teuku) is
    dropped; 'M.' folds to Muhammad unless it is the last word (then it is an initial). Returns
    None for an empty name; a name made only of titles keeps them.
    """
    if name is None or (isinstance(name, float) and name != name):
        return None
    text = str(name)
    head, _, tail = text.partition(",")
    tokens = _clean(head)
    if not tokens:
        tokens = _clean(tail)
        tail = ""
    if not tokens:
        return None
    by_first, by_last, folds = _tables()
    if not tail and _special().isdisjoint(tokens):
        return " ".join(tokens)  # the common case: nothing to drop or fold
    if tokens[0] == "st" and len(tokens) > 1:
        tokens[0] = "siti"  # 'St. Aminah'; the degree S.T. comes last or after a comma
    start = 0
    while start < len(tokens) - 1:
        length = _drop_length(tokens, start, by_first)
        if not length or start + length >= len(tokens):
            break
        start += length
    end = len(tokens)
    while end - 1 > start:
        length = _drop_length_back(tokens, end, by_last)
        if not length or end - length <= start:
            break
        if length == 1 and len(tokens[end - 1]) == 1:
            break  # a trailing one-letter word is an initial ('Budi H.'), not Haji
        end -= length
    kept = tokens[start:end]
    for word in _clean(tail):
        kept.append(word)
    if tail:
        kept = _strip_tail_degrees(kept, end - start, by_first)
    return " ".join(_fold(kept, folds))


def _strip_tail_degrees(
    tokens: list[str], keep: int, by_first: dict[str, list[tuple[str, ...]]]
) -> list[str]:
    """Drop degree phrases among the words after the first comma (tokens[keep:])."""
    head, rest = tokens[:keep], tokens[keep:]
    out: list[str] = []
    position = 0
    while position < len(rest):
        length = _drop_length(rest, position, by_first)
        if length:
            position += length
            continue
        out.append(rest[position])
        position += 1
    return head + out


def _fold(tokens: list[str], folds: dict[str, str]) -> list[str]:
    out = []
    last = len(tokens) - 1
    for index, token in enumerate(tokens):
        if token == "m" and index == last:
            out.append(token)  # a trailing 'M.' is an initial, not Muhammad
            continue
        out.append(folds.get(token, token))
    return out


def loose_name(key: str | None) -> str | None:
    """A normalised name without one-letter words (initials, H./R. kept inside the name)."""
    if key is None:
        return None
    words = [word for word in key.split() if len(word) > 1]
    return " ".join(words) if words else key


def normalise_names(names: pd.Series) -> pd.Series:
    """normalise_name over a Series, computing each distinct value once.

    Values that differ only in case ('SITI AMINAH' in an export, 'Siti Aminah' on a roster)
    are one distinct value: normalise_name lower-cases first, and lower() is idempotent.
    """
    codes, uniques = pd.factorize(names.to_numpy(dtype=object))
    keys = _normalised(uniques.tolist(), {})
    return _by_code(codes, keys, names.index)


def name_columns(names: pd.Series, known: dict[str, str | None] | None = None,
                 known_loose: dict[str, str | None] | None = None) -> tuple[pd.Series, pd.Series]:
    """(normalise_names(names), loose_names of those), hashing the names once: both are
    worked out per distinct name and spread to the rows by the same codes."""
    codes, uniques = pd.factorize(names.to_numpy(dtype=object))
    keys = _normalised(uniques.tolist(), {} if known is None else known)
    loose = _loosened(keys, {} if known_loose is None else known_loose)
    return _by_code(codes, keys, names.index), _by_code(codes, loose, names.index)


def loose_names(keys: pd.Series) -> pd.Series:
    """loose_name over a Series of normalised names, computing each distinct value once."""
    codes, uniques = pd.factorize(keys.to_numpy(dtype=object))
    return _by_code(codes, _loosened(uniques.tolist(), {}), keys.index)


def _normalised(distinct: list[Any], known: dict[str, str | None]) -> list[str | None]:
    """normalise_name of each value, through `known` (lower-cased name → normalised): names
    repeat, and a Python call per row costs seconds per million.

    Plain ASCII names without a comma (nearly all) are cleaned together: lower case, punctuation
    and old spellings on one joined byte string (C speed), then only split per name; the few
    with a word to drop or fold, a comma or other letters take normalise_name."""
    out: list[str | None] = [None] * len(distinct)
    plain: list[str] = []
    plain_at: list[int] = []
    for index, value in enumerate(distinct):
        if type(value) is str and value.isascii() and "," not in value and "\n" not in value:
            plain.append(value)
            plain_at.append(index)
        else:
            out[index] = _through(str(value).lower(), known)
    if not plain:
        return out
    joined = b"\n".join(text.encode("ascii") for text in plain).lower()
    cleaned = _fold_spelling(joined.translate(_ASCII_CLEAN, b"'`").decode("ascii"))
    special = _special()
    for index, text, piece in zip(plain_at, plain, cleaned.split("\n"), strict=True):
        tokens = piece.split()
        if not tokens:
            continue  # nothing but punctuation: None, as normalise_name gives
        out[index] = " ".join(tokens) if special.isdisjoint(tokens) else _through(
            text.lower(), known)
    return out


def _through(text: str, known: dict[str, str | None]) -> str | None:
    """normalise_name of a lower-cased name, through `known`."""
    if text not in known:
        known[text] = normalise_name(text)
    return known[text]


def _loosened(keys: list[str | None], known: dict[str, str | None]) -> list[str | None]:
    """loose_name of each normalised name (None stays None), through `known` (normalised →
    loose). A name without a one-letter word is its own loose name: those with one are found
    by one search over all the names joined (C speed), and only they are split."""
    texts = ["" if key is None else key for key in keys]
    joined = "\n".join(texts)
    found = np.fromiter((match.start() for match in _ONE_LETTER.finditer(joined)),
                        dtype=np.int64)
    out = list(keys)
    if not len(found):
        return out
    starts = np.cumsum([0, *(len(text) + 1 for text in texts[:-1])])
    for index in np.unique(np.searchsorted(starts, found, side="right") - 1).tolist():
        key = texts[index]
        if key not in known:
            known[key] = loose_name(key)
        out[index] = known[key]
    return out


def _by_code(codes: np.ndarray, values: list[str | None], index: pd.Index) -> pd.Series:
    """values[code] per row (None for code -1, a missing value), as an object Series."""
    results = np.array([*values, None], dtype=object)
    return pd.Series(results[codes], index=index, dtype=object)  # -1 picks the trailing None
