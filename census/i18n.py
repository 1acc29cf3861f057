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

Extraction and compilation: `make messages` (Babel's pybabel, a development tool only; the
runtime uses the standard library's gettext so start-up stays fast).
"""

from __future__ import annotations

import gettext
from functools import cache
from pathlib import Path
from typing import Any

from census.errors import UnknownLanguage

LANGUAGES = ("id", "en")
DEFAULT_LANGUAGE = "id"
DOMAIN = "census"
LOCALE_DIR = Path(__file__).with_name("locale")


def N_(message: str) -> str:
    """Mark `message` for extraction without translating it (module-level tables of words)."""
    return message


class Translator:
    """The words of one language. Call it with a message id and the placeholder values."""

    def __init__(self, lang: str, catalogue: gettext.NullTranslations) -> None:
        self.lang = lang
        self._catalogue = catalogue

    def __call__(self, message: str, /, **values: Any) -> str:
        text = self._catalogue.gettext(message)
        return text.format(**values) if values else text

    def n(self, singular: str, plural: str, count: int, /, **values: Any) -> str:
        """A message whose form depends on `count` (available as the {count} placeholder)."""
        return self._catalogue.ngettext(singular, plural, count).format(count=count, **values)

    def __repr__(self) -> str:
        return f"Translator({self.lang!r})"


@cache
def translator(lang: str | None = None) -> Translator:
    """The Translator of `lang` ('id' or 'en'; None → Indonesian). Unknown → UnknownLanguage."""
    lang = lang or DEFAULT_LANGUAGE
    if lang not in LANGUAGES:
        raise UnknownLanguage(lang)
    try:
        catalogue: gettext.NullTranslations = gettext.translation(
            DOMAIN, localedir=LOCALE_DIR, languages=[lang]
        )
    except FileNotFoundError:
        # Only while a catalogue is being created: the message ids (English) stand in.
        catalogue = gettext.NullTranslations()
    return Translator(lang, catalogue)
