"""Read remarks the way secretaries write them: infection and its date, refusal, exemption, claims."""

from __future__ import annotations

import re
from datetime import date

import pandas as pd

from census.rules.table import RemarkWords

_MONTHS = {
    "januari": 1, "jan": 1, "january": 1,
    "februari": 2, "feb": 2, "pebruari": 2, "february": 2,
    "maret": 3, "mar": 3, "march": 3,
    "april": 4, "apr": 4,
    "mei": 5, "may": 5,
    "juni": 6, "jun": 6, "june": 6,
    "juli": 7, "jul": 7, "july": 7,
    "agustus": 8, "agu": 8, "ags": 8, "agt": 8, "aug": 8, "august": 8,
    "september": 9, "sep": 9, "sept": 9,
    "oktober": 10, "okt": 10, "oct": 10, "october": 10,
    "november": 11, "nov": 11, "nopember": 11,
    "desember": 12, "des": 12, "dec": 12, "december": 12,
}
_MONTH_WORDS = "|".join(sorted(_MONTHS, key=len, reverse=True))
_ISO = re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")
_DMY = re.compile(r"(?<!\d)(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})(?!\d)")
_WORDY = re.compile(rf"(?<!\d)(\d{{1,2}})[\s\-.]*({_MONTH_WORDS})\.?[\s\-.,]*(\d{{4}}|\d{{2}})(?!\d)")

#: Remark categories, in the order status uses them.
KINDS = ("exempt", "refused", "covid", "severe", "pregnant", "illness")


def dates_in_text(text: str) -> list[date]:
    """Every date written in `text` (DOMAIN §5 forms, day first), in order of appearance."""
    lowered = text.lower()
    found: list[tuple[int, date]] = []
    taken: list[tuple[int, int]] = []
    for pattern, order in ((_ISO, "ymd"), (_WORDY, "dMy"), (_DMY, "dmy")):
        for match in pattern.finditer(lowered):
            span = match.span()
            if any(span[0] < end and start < span[1] for start, end in taken):
                continue
            day = _to_date(match.groups(), order)
            if day is not None:
                taken.append(span)
                found.append((span[0], day))
    return [day for _, day in sorted(found)]


def _to_date(parts: tuple[str, ...], order: str) -> date | None:
    if order == "ymd":
        year, month, day = int(parts[0]), int(parts[1]), int(parts[2])
    elif order == "dMy":
        day, month, year = int(parts[0]), _MONTHS[parts[1]], int(parts[2])
    else:
        day, month, year = int(parts[0]), int(parts[1]), int(parts[2])
    if year < 100:
        year += 2000
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _pattern(phrases: list[str]) -> re.Pattern[str] | None:
    if not phrases:
        return None
    words = "|".join(re.escape(p.lower()) for p in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"(?<![0-9a-z])(?:{words})(?![0-9a-z])")


def read_remark(text: str, words: RemarkWords) -> dict[str, object]:
    """What one remark says: a bool per KINDS, and `event_date`: the latest date in it (or None).

    The latest date counts so that 'positif 1/9/2021, sembuh 14/9/2021' runs from recovery.
    """
    return _read(text, {kind: _pattern(getattr(words, kind)) for kind in KINDS})


def _read(text: str, patterns: dict[str, re.Pattern[str] | None]) -> dict[str, object]:
    lowered = " ".join(text.lower().split())
    result: dict[str, object] = {}
    for kind, pattern in patterns.items():
        result[kind] = bool(pattern and pattern.search(lowered))
    days = dates_in_text(lowered)
    result["event_date"] = max(days) if days else None
    return result


def matched_phrases(text: str, words: RemarkWords) -> dict[str, list[str]]:
    """The phrases of each KINDS list (and vaccinated_claim) found in `text`, as the table
    spells them: what `census explain` shows behind a remark's meaning."""
    lowered = " ".join(text.lower().split())
    found: dict[str, list[str]] = {}
    for kind in (*KINDS, "vaccinated_claim"):
        hits = [phrase for phrase in getattr(words, kind)
                if (pattern := _pattern([phrase])) is not None and pattern.search(lowered)]
        if hits:
            found[kind] = hits
    return found


def read_remarks(texts: pd.Series, words: RemarkWords) -> pd.DataFrame:
    """read_remark over a Series (each distinct text once); a row of False/NaT for empty texts."""
    present = texts.dropna()
    present = present[present.astype(str).str.strip() != ""]
    patterns = {kind: _pattern(getattr(words, kind)) for kind in KINDS}
    cache = {value: _read(str(value), patterns) for value in present.unique()}
    frame = pd.DataFrame(
        [cache[value] for value in present.to_numpy(dtype=object)],
        index=present.index,
        columns=[*KINDS, "event_date"],
    )
    frame = frame.reindex(texts.index)
    for kind in KINDS:
        frame[kind] = frame[kind].astype("boolean").fillna(False).astype(bool)
    frame["event_date"] = pd.to_datetime(frame["event_date"]).astype("datetime64[ns]")
    return frame


def claims_vaccinated(texts: pd.Series, words: RemarkWords, one_word: bool) -> pd.Series:
    """True where a text says the person is vaccinated ('sudah vaksin') and no negation precedes.

    `one_word`: also accept single-word claims ('sudah', 'lengkap') — right for a vaccine-status
    column, too loose for a free remark ('sudah sembuh').
    """
    phrases = [p for p in words.vaccinated_claim if one_word or " " in p.strip()]
    claim = _pattern(phrases)
    negation = _pattern(words.negation)
    present = texts.dropna()
    cache: dict[object, bool] = {}
    for value in present.unique():
        lowered = " ".join(str(value).lower().split())
        match = claim.search(lowered) if claim else None
        denied = bool(negation and match and negation.search(lowered[: match.start()]))
        cache[value] = bool(match) and not denied
    out = pd.Series(False, index=texts.index)
    out.loc[present.index] = present.map(cache).astype(bool).to_numpy()
    return out
