"""The message catalogues: every word translated in both languages, placeholders that agree,
compiled files up to date, nothing in the code missing from them; and the Translator itself."""

from __future__ import annotations

import io
import pickle
import re
import string
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from census.errors import BadConfig, CensusError, UnknownLanguage
from census.i18n import LANGUAGES, LOCALE_DIR, N_, Message, joined, translator

ROOT = Path(__file__).resolve().parent.parent


def _catalogue(lang: str) -> Catalog:
    with open(LOCALE_DIR / lang / "LC_MESSAGES" / "census.po", "rb") as stream:
        return read_po(stream, locale=lang)


def _placeholders(text: str) -> set[str]:
    """str.format field names ('{count}', '{value!r}') and %-style names ('%(prog)s')."""
    names = {name for _, name, _, _ in string.Formatter().parse(text) if name}
    return names | set(re.findall(r"%\((\w+)\)", text))


def _entries(lang: str) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """(message ids, translations) of every entry: one id and one text, or the plural forms."""
    out = []
    for message in _catalogue(lang):
        if not message.id:
            continue
        ids = (message.id,) if isinstance(message.id, str) else tuple(message.id)
        texts = (message.string,) if isinstance(message.string, str) else tuple(message.string)
        out.append((ids, texts))
    return out


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_message_is_translated(lang: str) -> None:
    entries = _entries(lang)
    assert len(entries) > 300
    untranslated = [ids[0] for ids, texts in entries if not all(text.strip() for text in texts)]
    assert untranslated == []
    assert not any(message.fuzzy for message in _catalogue(lang) if message.id)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_placeholders_agree_with_the_message_id(lang: str) -> None:
    forms = _catalogue(lang).num_plurals
    wrong = []
    for ids, texts in _entries(lang):
        for i, text in enumerate(texts):
            # One form (Indonesian) stands for every count: it is the plural id's text.
            wanted = ids[0] if len(ids) == 1 or (i == 0 and forms > 1) else ids[1]
            if _placeholders(text) != _placeholders(wanted):
                wrong.append((wanted, text))
    assert wrong == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_compiled_catalogues_are_up_to_date(lang: str) -> None:
    folder = LOCALE_DIR / lang / "LC_MESSAGES"
    compiled = io.BytesIO()
    write_mo(compiled, _catalogue(lang))
    assert (folder / "census.mo").read_bytes() == compiled.getvalue(), "run `make messages`"


def test_every_word_in_the_code_and_templates_is_in_the_catalogues(tmp_path: Path) -> None:
    """What `make messages` extracts (Python and Jinja2 templates) is exactly what the
    catalogues hold: nothing missing, nothing left over."""
    pybabel = Path(sys.executable).with_name("pybabel")
    pot = tmp_path / "census.pot"
    subprocess.run(
        [str(pybabel), "-q", "extract", "-F", "babel.cfg", "-k", "t", "-k", "N_", "-k", "n:1,2",
         "-o", str(pot), "--no-location", "."],
        cwd=ROOT, check=True, capture_output=True,
    )
    with open(pot, "rb") as stream:
        extracted = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(stream) if m.id}
    assert "Outstanding list" in extracted  # from templates/report/unit.html
    assert "Show this message and exit." in extracted  # click's own words, listed in cli.py
    for lang in LANGUAGES:
        held = {ids[0] for ids, _ in _entries(lang)}
        assert sorted(extracted - held) == [], f"missing from {lang}: run `make messages`"
        assert sorted(held - extracted) == [], f"obsolete in {lang}: run `make messages`"


def test_translator_speaks_both_languages() -> None:
    id_, en = translator("id"), translator("en")
    assert (id_("Census date"), en("Census date")) == ("Keadaan per", "Census date")
    assert id_.n("{count} file", "{count} files", 2) == "2 berkas"
    assert (en.n("{count} file", "{count} files", 1), en.n("{count} file", "{count} files", 2)) \
        == ("1 file", "2 files")
    assert translator() is id_  # Indonesian by default
    assert id_.status("not_eligible") == "Belum memenuhi syarat"
    assert en.category("klien") == "Clients" and id_.category("klien") == "Klien / Penerima Manfaat"
    assert id_.severity("warning") == "Peringatan" and id_.dose(None) == "-"
    assert id_.status("mystery") == "mystery"  # an unknown code is printed as it is
    with pytest.raises(UnknownLanguage):
        translator("fr")


def test_messages_render_later_in_the_readers_language() -> None:
    inner = Message.of(N_("'{text}' cannot be read"), text="31/02")
    outer = Message.of(N_("The birth date {reason}. Fill in the correct birth date, "
                          "e.g. 12/05/1980."), reason=inner)
    assert translator("en")(outer).startswith("The birth date '31/02' cannot be read.")
    assert translator("id")(outer).startswith("Tanggal lahir '31/02' tidak dapat dibaca.")
    plural = Message.n("{count} problem", "{count} problems", 3)
    assert (translator("id")(plural), str(plural)) == ("3 masalah", "3 problems")
    listing = joined([Message.of(N_("line {line}"), line=2), "as is"], "; ", prefix="> ")
    assert translator("id")(listing) == "> baris 2; as is"
    assert translator("id")(joined([], ", ")) == ""  # never the catalogue's header
    assert hash(outer) == hash(Message.copy(outer))  # findings keep them: hashable


def test_errors_carry_their_words_and_render_in_either_language() -> None:
    error = BadConfig(N_("{file}: {key}: {problem}"), file="census.toml", key="as_of",
                      problem=Message.of(N_("must be a date such as 2022-03-31")))
    assert str(error) == "census.toml: as_of: must be a date such as 2022-03-31"
    assert translator("id")(error) == "census.toml: as_of: harus tanggal, mis. 2022-03-31"
    again = pickle.loads(pickle.dumps(error))  # errors cross process boundaries (--workers)
    assert type(again) is BadConfig and translator("id")(again) == translator("id")(error)
    assert isinstance(again, CensusError) and again.values["key"] == "as_of"


def test_dates_in_messages_are_the_same_in_every_language() -> None:
    from census.i18n import short_date

    assert short_date(date(2022, 3, 31)) == "31-03-2022"
    assert translator("id").date("2022-03-31") == "31 Maret 2022"
