"""Every word a user reads, in Indonesian (default) or English: one gettext catalogue per language.

The catalogues live in `census/locale/<lang>/LC_MESSAGES/census.po` (compiled `.mo` beside them,
committed, so an editable install and a wheel both carry them). Message ids are English text with
`str.format` placeholders (`"{count} people"`); both catalogues translate every id, and a test
fails when one is missing, untranslated, or has different placeholders.

One call style everywhere (CLI, findings, reports, templates, the portal)::

    from census.i18n import N_, translator

    t = translator("id")
    t("Census date")                       # → "Keadaan per"
    t("{count} rows", count=12)            # placeholders are str.format names
    t.n("{count} warning", "{count} warnings", 3)
    TITLE = N_("Department Summary")       # marked for extraction; translated later by t(TITLE)

The same Translator prints values the way its language writes them — `t.date(d)` '31 Maret 2022',
`t.percent(0.853)` '85,3%', `t.number(12345)` '12.345' — and the printed names of the model's
coded values (`t.status('partial')`, `t.category('asn')`, `t.dose('dose2')`, `t.severity(..)`).
`short_date(d)` is the one language-neutral form, dd-mm-yyyy, used inside messages.

Words decided before the language is known (an error raised deep in a stage, a finding's context)
travel as a `Message` — or any object with `msgid` and `values`, like `census.errors.CensusError`
— and are rendered with `t(message)` by whoever prints them.

Extraction and compilation: `make messages` (Babel's pybabel, a development tool only; the
runtime uses the standard library's gettext so start-up stays fast).
"""

from __future__ import annotations

import gettext
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any, Protocol

from census.errors import UnknownLanguage
from census.model import Category, Severity, Status

LANGUAGES = ("id", "en")
DEFAULT_LANGUAGE = "id"
DOMAIN = "census"
LOCALE_DIR = Path(__file__).with_name("locale")


def N_(message: str) -> str:
    """Mark `message` for extraction without translating it (module-level tables of words)."""
    return message


class Lazy(Protocol):
    """Words whose language is chosen later: a message id and its placeholder values."""

    @property
    def msgid(self) -> str: ...

    @property
    def values(self) -> Mapping[str, object] | tuple[tuple[str, object], ...]: ...


@dataclass(frozen=True)
class Message:
    """A message id with its values, rendered in the reader's language by `t(message)`.

    `values` are (name, value) pairs so a Message is hashable and can sit in a frozen Finding;
    a value may itself be a Message (rendered first). `plural` and `count` make it a plural
    message (`Message.n`), rendered like `t.n`.
    """

    msgid: str
    values: tuple[tuple[str, object], ...] = ()
    plural: str | None = None
    count: int | None = None

    @classmethod
    def of(cls, msgid: str, /, **values: object) -> Message:
        """Message("…{name}…", name=…) with keyword values."""
        return cls(msgid, tuple(values.items()))

    @classmethod
    def n(cls, singular: str, plural: str, count: int, /, **values: object) -> Message:
        """A plural message, like `t.n(singular, plural, count, ...)` but rendered later."""
        return cls(singular, tuple(values.items()), plural, count)

    @classmethod
    def copy(cls, lazy: Lazy) -> Message:
        """A Message with the words of any Lazy (e.g. a CensusError), safe to keep and pickle."""
        return cls(lazy.msgid, tuple(dict(lazy.values).items()))

    def __str__(self) -> str:
        return translator("en")(self)


def joined(parts: Sequence[str | Lazy], separator: str, prefix: str = "") -> Message:
    """Several messages printed as one: `prefix`, then the parts with `separator` between them,
    each part rendered in the reader's language (the layout itself is not a catalogue entry)."""
    names = [f"part{i}" for i in range(len(parts))]
    layout = prefix + separator.join("{" + name + "}" for name in names)
    return Message(layout, tuple(zip(names, parts, strict=True)))


#: Month names, January first (translated by the catalogue).
MONTHS = (
    N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June"), N_("July"),
    N_("August"), N_("September"), N_("October"), N_("November"), N_("December"),
)  # fmt: skip

#: Printed names of the model's coded values (the code itself is printed when unknown).
STATUS_WORDS: dict[str, str] = {
    Status.COMPLETE: N_("Complete"),
    Status.PARTIAL: N_("Partial"),
    Status.UNVACCINATED: N_("Unvaccinated"),
    Status.DEFERRED: N_("Deferred"),
    Status.EXEMPT: N_("Exempt (medical)"),
    Status.REFUSED: N_("Refused"),
    Status.NOT_ELIGIBLE: N_("Not eligible"),
}
CATEGORY_WORDS: dict[str, str] = {
    Category.ASN: N_("Civil servants (ASN)"),
    Category.PTT: N_("Non-permanent staff (PTT)"),
    Category.KLIEN: N_("Clients"),
    Category.KELUARGA: N_("Family"),
    Category.TAGANA: N_("Tagana volunteers"),
}
SEVERITY_WORDS: dict[str, str] = {Severity.ERROR: N_("Error"), Severity.WARNING: N_("Warning")}
DOSE_WORDS: dict[str, str] = {
    "dose1": N_("Dose 1"),
    "dose2": N_("Dose 2"),
    "dose3": N_("Dose 3"),
    "booster1": N_("Booster 1"),
    "booster2": N_("Booster 2"),
}
#: What prints for an empty value (a date not known, no next dose, no coverage).
EMPTY = "-"


class Translator:
    """The words of one language. Call it with a message id and the placeholder values."""

    def __init__(self, lang: str, catalogue: gettext.NullTranslations) -> None:
        self.lang = lang
        self._catalogue = catalogue

    def __call__(self, message: str | Lazy, /, **values: Any) -> str:
        if not isinstance(message, str):
            values = {**dict(message.values), **values}
            plural, count = getattr(message, "plural", None), getattr(message, "count", None)
            if plural is not None and count is not None:
                return self.n(message.msgid, plural, count, **values)
            message = message.msgid
        if not message:
            return ""  # gettext("") is the catalogue's header
        text = self._catalogue.gettext(message)
        return text.format(**self._rendered(values)) if values else text

    def n(self, singular: str, plural: str, count: int, /, **values: Any) -> str:
        """A message whose form depends on `count` (available as the {count} placeholder)."""
        text = self._catalogue.ngettext(singular, plural, count)
        return text.format(count=self.number(count), **self._rendered(values))

    def gettext(self, message: str) -> str:
        """The translation of `message`, placeholders left as they are (for other libraries)."""
        return self._catalogue.gettext(message)

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        """The form of a plural message for `count`, placeholders left as they are."""
        return self._catalogue.ngettext(singular, plural, count)

    def _rendered(self, values: dict[str, Any]) -> dict[str, Any]:
        return {
            key: value if isinstance(value, str | int | float) or value is None
            else self(value) if _is_lazy(value) else value
            for key, value in values.items()
        }

    # --- values as this language writes them -------------------------------------------------

    def date(self, value: Any) -> str:
        """A date as words: '31 Maret 2022' / '31 March 2022'; '-' when empty."""
        day = as_date(value)
        if day is None:
            return EMPTY
        return f"{day.day} {self(MONTHS[day.month - 1])} {day.year}"

    def number(self, value: int) -> str:
        """A whole number with thousands grouped: '12.345' / '12,345'."""
        text = f"{int(value):,}"
        return text if self.lang == "en" else text.replace(",", ".")

    def percent(self, value: float | None) -> str:
        """A share 0–1 as a percentage with one decimal: '85,3%' / '85.3%'; '-' when empty."""
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return EMPTY
        text = f"{value * 100:.1f}%"
        return text if self.lang == "en" else text.replace(".", ",")

    def target(self, value: float | None) -> str:
        """A target share: '60%' when whole, else like percent()."""
        if value is not None and abs(value * 100 - round(value * 100)) < 1e-9:
            return f"{round(value * 100)}%"
        return self.percent(value)

    # --- printed names of coded values -------------------------------------------------------

    def status(self, code: object) -> str:
        """'Belum lengkap' for 'partial' (the code itself when unknown)."""
        return self._word(STATUS_WORDS, code)

    def category(self, code: object) -> str:
        """'Keluarga' for 'keluarga' (the code itself when unknown)."""
        return self._word(CATEGORY_WORDS, code)

    def dose(self, slot: object) -> str:
        """'Dosis 2' for 'dose2'; '-' for no slot."""
        if slot is None or slot == "" or (isinstance(slot, float) and math.isnan(slot)):
            return EMPTY
        return self._word(DOSE_WORDS, slot)

    def severity(self, code: object) -> str:
        """'Peringatan' for 'warning'."""
        return self._word(SEVERITY_WORDS, code)

    def _word(self, table: dict[str, str], code: object) -> str:
        message = table.get(str(code))
        return self(message) if message else str(code)

    def __repr__(self) -> str:
        return f"Translator({self.lang!r})"


def _is_lazy(value: object) -> bool:
    return isinstance(getattr(value, "msgid", None), str) and hasattr(value, "values")


def as_date(value: Any) -> date | None:
    """A date from a date, datetime, pandas/numpy timestamp or ISO text; None when empty."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    if hasattr(value, "to_pydatetime"):  # pandas Timestamp (NaT has no year)
        value = value.to_pydatetime() if value == value else None
    elif type(value).__name__ == "datetime64":  # numpy, without importing it here
        text = str(value)
        return None if text == "NaT" else date.fromisoformat(text[:10])
    if isinstance(value, datetime):
        return value.date()
    return value if isinstance(value, date) else None


def short_date(value: Any) -> str:
    """A date as messages show it in every language: dd-mm-yyyy ('' when empty)."""
    day = as_date(value)
    return day.strftime("%d-%m-%Y") if day is not None else ""


def translator(lang: str | None = None) -> Translator:
    """The Translator of `lang` ('id' or 'en'; None → Indonesian). Unknown → UnknownLanguage."""
    return _translator(lang or DEFAULT_LANGUAGE)


@cache
def _translator(lang: str) -> Translator:
    if lang not in LANGUAGES:
        raise UnknownLanguage(N_("Unknown language '{lang}': use id or en."), lang=lang)
    try:
        catalogue: gettext.NullTranslations = gettext.translation(
            DOMAIN, localedir=LOCALE_DIR, languages=[lang]
        )
    except FileNotFoundError:
        # Only while a catalogue is being created: the message ids (English) stand in.
        catalogue = gettext.NullTranslations()
    return Translator(lang, catalogue)
