"""Words of the rule table that name things: roles inside a unit and the words of case records."""

from __future__ import annotations

import re
from functools import cached_property

from pydantic import BaseModel, ConfigDict, Field

from census.i18n import N_, Translator

_NON_ALNUM = re.compile(r"[^0-9a-z]+")
#: A result cell holding only a sign: '+', '(+)', '-'.
_SIGNS = {"+": "positif", "(+)": "positif", "pos+": "positif", "-": "negatif", "(-)": "negatif"}


def fold(text: str) -> str:
    """Lower case, punctuation and runs of spaces folded to one space ('Isoman (rumah)' → 'isoman rumah')."""
    text = text.strip().lower()
    text = _SIGNS.get(text.replace(" ", ""), text)
    return _NON_ALNUM.sub(" ", text).strip()


class Phrases:
    """Which code a text names, from code → phrases. A phrase matches as whole words anywhere in
    the folded text; when several match, the longest phrase wins (so 'rs lapangan' beats 'rs'),
    then the code listed first."""

    def __init__(self, table: dict[str, list[str]]) -> None:
        entries = [
            (fold(phrase), order, code)
            for order, (code, phrases) in enumerate(table.items())
            for phrase in [code, *phrases]
            if fold(phrase)
        ]
        entries.sort(key=lambda e: (-len(e[0]), e[1]))
        self._exact: dict[str, str] = {}
        for phrase, _order, code in entries:
            self._exact.setdefault(phrase, code)
        self._patterns = [
            (re.compile(rf"(?<![0-9a-z]){re.escape(phrase)}(?![0-9a-z])"), code)
            for phrase, _order, code in entries
        ]

    def code(self, text: object) -> str | None:
        """The code `text` names, None when it names none (or is empty)."""
        if text is None:
            return None
        folded = fold(str(text))
        if not folded:
            return None
        exact = self._exact.get(folded)
        if exact is not None:
            return exact
        for pattern, code in self._patterns:
            if pattern.search(folded):
                return code
        return None


class _Words(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class RoleRule(_Words):
    """A role inside a unit (pendamping, Pamdal, OB, driver …): its code and the words naming it.

    `label`: how reports print a role a department adds; the built-in codes are translated.
    """

    code: str
    words: list[str]
    label: str | None = None


class CaseWords(_Words):
    """The [cases] section of the rule table: words of case records and the numbers around them.

    Each word table maps a code to the phrases that name it (matched as in `Phrases`).
    `isolation_days`: isolation length when a record gives no end (10 days for mild cases in
    2021–2022). `swab_window_days`: a swab list covers who shared the workplace this many days
    before the test. `swab_deadline_days`: the letter asks for the swab within this many days.
    `recent_recovery_months`: people positive within this many months before a swab are listed
    apart. `elderly_age`: from this age a person is flagged high-risk on a swab list.
    `severe`: severity codes that take the severe deferral rule. `comorbidity`: remark words
    that flag a comorbidity (high-risk on a swab list).
    """

    isolation_days: int = Field(default=10, ge=0)
    swab_window_days: int = Field(default=14, ge=0)
    swab_deadline_days: int = Field(default=3, ge=0)
    recent_recovery_months: int = Field(default=3, ge=0)
    elderly_age: int = Field(default=60, ge=0)
    severe: list[str] = ["severe", "critical"]
    test_types: dict[str, list[str]] = {}
    results: dict[str, list[str]] = {}
    severities: dict[str, list[str]] = {}
    places: dict[str, list[str]] = {}
    outcomes: dict[str, list[str]] = {}
    comorbidity: list[str] = []

    @cached_property
    def phrases(self) -> dict[str, Phrases]:
        """Phrases per coded case column (test_type, result, severity, isolation_place, outcome)."""
        return {
            "test_type": Phrases(self.test_types),
            "result": Phrases(self.results),
            "severity": Phrases(self.severities),
            "isolation_place": Phrases(self.places),
            "outcome": Phrases(self.outcomes),
        }

    @cached_property
    def comorbidity_phrases(self) -> Phrases:
        return Phrases({"comorbidity": self.comorbidity})


#: Printed names of the built-in role codes (a department's own roles print their `label`).
ROLE_LABELS = {
    "pendamping": N_("Field worker (pendamping)"),
    "pamdal": N_("Security guard (Pamdal)"),
    "ob": N_("Office boy / cleaning (OB)"),
    "driver": N_("Driver"),
    "volunteer": N_("Volunteer"),
    "caregiver": N_("Caregiver"),
}

#: Printed names of the case codes of CaseWords.
CASE_LABELS = {
    "pcr": N_("PCR"),
    "antigen": N_("Rapid antigen"),
    "positive": N_("Positive"),
    "negative": N_("Negative"),
    "asymptomatic": N_("No symptoms"),
    "mild": N_("Mild"),
    "moderate": N_("Moderate"),
    "severe": N_("Severe"),
    "critical": N_("Critical"),
    "home": N_("Home isolation"),
    "facility": N_("Central isolation"),
    "unit": N_("Isolation room of the unit"),
    "hospital": N_("Hospital"),
    "recovered": N_("Recovered"),
    "died": N_("Died"),
    "unknown": N_("Unknown"),
}


def role_label(code: str | None, t: Translator, roles: list[RoleRule] | None = None) -> str:
    """The printed name of a role code ('' for none)."""
    if not code:
        return ""
    if code in ROLE_LABELS:
        return t(ROLE_LABELS[code])
    for role in roles or []:
        if role.code == code and role.label:
            return role.label
    return code


def case_label(code: str | None, t: Translator) -> str:
    """The printed name of a case code ('' for none, the code itself when unknown)."""
    if not code:
        return ""
    return t(CASE_LABELS[code]) if code in CASE_LABELS else code
