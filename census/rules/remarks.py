"""Read remarks the way secretaries write them: COVID and its date, refusal, exemption, claims.

The words are data (census/data/rules.toml [remarks], extended in census.toml); the dates are
read by census.values.dates, the same parser as every date cell. A remark is *understood* when
it says something the table knows (even "nothing to do with vaccination": `neutral`); the rest
is reported (remark-not-understood) so that the secretary can add the office's wording.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import pandas as pd

from census.rules.table import RemarkWords, Rules
from census.values.dates import find_dates

#: What a remark can say that decides a status, in the order status uses them.
KINDS = ("exempt", "refused", "covid", "severe", "pregnant", "illness")
#: Word lists that make a remark understood (`severe` and `doctor_letter` only qualify others).
_UNDERSTOOD = ("exempt", "refused", "covid", "pregnant", "illness", "vaccinated_claim", "neutral")
#: Columns of read_remarks().
COLUMNS = (*KINDS, "doctor_letter", "understood", "event_date")

_NOT_WORD = re.compile(r"[^0-9a-z]+")
_LETTER = re.compile(r"[a-z]")


def _basic(text: str) -> str:
    """Lower case, punctuation as spaces, one space between words."""
    return " ".join(_NOT_WORD.sub(" ", text.lower()).split())


def _phrases(phrases: list[str]) -> re.Pattern[str] | None:
    if not phrases:
        return None
    words = "|".join(re.escape(p) for p in sorted(set(phrases), key=len, reverse=True) if p)
    return re.compile(rf"(?<![0-9a-z])(?:{words})(?![0-9a-z])") if words else None


@dataclass(frozen=True)
class Remark:
    """What one remark says: a flag per KINDS, `doctor_letter` (a doctor's letter is named),
    `claim` (says the person is vaccinated), `understood`, and `event_date`: the latest date
    written in it (None when none)."""

    flags: dict[str, bool]
    doctor_letter: bool
    claim: bool
    understood: bool
    event_date: date | None


class RemarkReader:
    """The remark words of a rule table, compiled once: `read` one remark text."""

    def __init__(self, words: RemarkWords, neutral: list[str] | None = None) -> None:
        spellings = {_basic(k): _basic(v) for k, v in words.spellings.items() if _basic(k)}
        self._spellings = spellings
        self._spelling = _phrases(list(spellings))
        lists = {name: list(getattr(words, name))
                 for name in (*_UNDERSTOOD, "severe", "doctor_letter", "negation")}
        lists["neutral"] += neutral or []
        self._lists = {name: _phrases([self.fold(p) for p in phrases])
                       for name, phrases in lists.items()}
        # In a free remark, only claims of two words and more ('sudah vaksin', not 'sudah').
        self._claim_remark = _phrases(
            [self.fold(p) for p in words.vaccinated_claim if " " in self.fold(p)]
        )

    def fold(self, text: str) -> str:
        """The text as phrases are matched: lower case, punctuation as spaces, spellings applied."""
        basic = _basic(text)
        if self._spelling is None or not basic:
            return basic
        return self._spelling.sub(lambda m: self._spellings[m.group(0)], basic)

    def _says(self, name: str, folded: str) -> bool:
        pattern = self._lists[name]
        return bool(pattern and pattern.search(folded))

    def claim(self, text: str, one_word: bool) -> bool:
        """Does `text` say the person is vaccinated, with no negation word before the claim?

        `one_word`: also accept single-word claims ('sudah', 'lengkap') — right for a
        vaccine-status column, too loose for a free remark ('sudah sembuh').
        """
        folded = self.fold(text)
        pattern = self._lists["vaccinated_claim"] if one_word else self._claim_remark
        match = pattern.search(folded) if pattern else None
        if match is None:
            return False
        negation = self._lists["negation"]
        return not (negation and negation.search(folded[: match.start()]))

    def read(self, text: str) -> Remark:
        """What one remark says."""
        found = find_dates(text)
        # Dates are taken out before the words are matched: '5 Mrt' is a date, not a word.
        kept, at = [], 0
        for start, end, _ in found:
            kept.append(text[at:start])
            at = end
        kept.append(text[at:])
        folded = self.fold(" ".join(kept))
        flags = {kind: self._says(kind, folded) for kind in KINDS}
        claim = self.claim(text, one_word=False)
        blank = not found and not _LETTER.search(folded)
        understood = blank or claim or any(
            self._says(name, folded) for name in _UNDERSTOOD if name != "vaccinated_claim"
        )
        return Remark(
            flags=flags,
            doctor_letter=self._says("doctor_letter", folded),
            claim=claim,
            understood=understood,
            event_date=max(day for _, _, day in found) if found else None,
        )


_READERS: dict[int, tuple[Rules, RemarkReader]] = {}


def remark_reader(rules: Rules) -> RemarkReader:
    """The compiled reader of a rule table's remark words (compiled once per table). The
    comorbidities of [cases] are understood too: worth noting, they neither defer nor exempt."""
    cached = _READERS.get(id(rules))
    if cached is None or cached[0] is not rules:
        cached = (rules, RemarkReader(rules.remarks, rules.cases.comorbidity))
        _READERS[id(rules)] = cached
    return cached[1]


def read_remark(text: str, rules: Rules) -> dict[str, object]:
    """What one remark says as a dict of COLUMNS (a bool per KINDS, doctor_letter, understood,
    and `event_date`: the latest date in it, or None).

    The latest date counts so that 'positif 1/9/2021, sembuh 14/9/2021' runs from recovery.
    """
    return _row(remark_reader(rules).read(text))


def _row(remark: Remark) -> dict[str, object]:
    return {**remark.flags, "doctor_letter": remark.doctor_letter,
            "understood": remark.understood, "event_date": remark.event_date}


def read_remarks(texts: pd.Series, rules: Rules) -> pd.DataFrame:
    """read_remark over a Series (each distinct text once); for an empty text every flag is
    False, understood True and event_date NaT."""
    reader = remark_reader(rules)
    present = texts.dropna()
    present = present[present.astype(str).str.strip() != ""]
    cache = {value: _row(reader.read(str(value))) for value in present.unique()}
    frame = pd.DataFrame(
        [cache[value] for value in present.to_numpy(dtype=object)],
        index=present.index,
        columns=list(COLUMNS),
    )
    frame = frame.reindex(texts.index)
    for kind in (*KINDS, "doctor_letter"):
        frame[kind] = frame[kind].astype("boolean").fillna(False).astype(bool)
    frame["understood"] = frame["understood"].astype("boolean").fillna(True).astype(bool)
    frame["event_date"] = pd.to_datetime(frame["event_date"]).astype("datetime64[ns]")
    return frame


def claims_vaccinated(texts: pd.Series, rules: Rules, one_word: bool) -> pd.Series:
    """True where a text says the person is vaccinated ('sudah vaksin') and no negation precedes.

    `one_word`: also accept single-word claims ('sudah', 'lengkap') — right for a vaccine-status
    column, too loose for a free remark ('sudah sembuh').
    """
    reader = remark_reader(rules)
    present = texts.dropna()
    cache = {value: reader.claim(str(value), one_word) for value in present.unique()}
    out = pd.Series(False, index=texts.index)
    out.loc[present.index] = present.map(cache).astype(bool).to_numpy()
    return out
