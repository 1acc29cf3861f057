"""The findings catalogue: every code declares the context its message needs, and a finding built
without it fails at once instead of printing a placeholder unfilled."""

from __future__ import annotations

import string

import pytest

from census import findings as catalogue
from census.findings import CATALOGUE, STANDARD_FIELDS, message
from census.i18n import LANGUAGES, Message, translator
from census.model import Severity


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_a_message_uses_only_what_its_code_declares_and_every_declared_field(code: str) -> None:
    entry = CATALOGUE[code]
    used = _placeholders(entry.message)
    assert used <= set(STANDARD_FIELDS) | set(entry.fields)
    assert set(entry.fields) <= used  # no field is declared for nothing
    for lang in LANGUAGES:
        assert _placeholders(translator(lang)(entry.message)) == used


def test_a_missing_or_undeclared_context_field_is_refused() -> None:
    with pytest.raises(TypeError, match=r"missing context \['length'\]"):
        catalogue.make("nik-length", "a.xlsx", "ASN", 7, "C", "NIK", "123")
    with pytest.raises(TypeError, match=r"undeclared \['lenght'\]"):
        catalogue.make("nik-length", "a.xlsx", "ASN", 7, "C", "NIK", "123", length=3, lenght=3)
    with pytest.raises(KeyError):
        catalogue.make("no-such-code", "a.xlsx")


def test_every_code_renders_in_both_languages_with_its_declared_context() -> None:
    for code, entry in CATALOGUE.items():
        finding = catalogue.make(code, "a.xlsx", "ASN", 7, "C", "Tgl Vaksin 2", "X",
                                 **{field: f"<{field}>" for field in entry.fields})
        assert finding.severity == entry.severity
        for lang in LANGUAGES:
            text = message(finding, lang)
            assert "{" not in text and "?" not in text.replace("?)", ")")
            assert all(f"<{field}>" in text for field in entry.fields)


def test_context_words_are_translated_when_the_finding_is_read() -> None:
    finding = catalogue.make("birthdate-invalid", "a.xlsx", "ASN", 9, "D", value="tgl lahir?",
                             reason=Message.of("'{text}' cannot be read", text="tgl lahir?"))
    assert finding.severity == Severity.ERROR
    assert message(finding, "en").startswith("The birth date 'tgl lahir?' cannot be read.")
    assert message(finding, "id").startswith("Tanggal lahir 'tgl lahir?' tidak dapat dibaca.")
    assert finding.to_dict("en")["message"] == message(finding, "en")


def test_no_doubled_words_in_dose_messages() -> None:
    """'Tanggal Vaksin Ke-2 Tanggal': the header is the column's own words, never prefixed."""
    finding = catalogue.make("dose-order", "a.xlsx", "PTT", 12, "H", "Vaksin Ke-2 Tanggal",
                             "23/07/2021", date="23-07-2021", previous="22-08-2021")
    assert message(finding).startswith("Vaksin Ke-2 Tanggal (23-07-2021) lebih awal dari")


def test_every_code_has_a_short_name_in_both_languages() -> None:
    from census.findings import LABELS, label

    assert sorted(LABELS) == sorted(CATALOGUE)
    for code in CATALOGUE:
        assert translator("id")(label(code)) != label(code)
        assert translator("en")(label(code)) == label(code)
    assert label("no-such-code") == "no-such-code"


@pytest.mark.parametrize("code", [c for c in sorted(CATALOGUE) if CATALOGUE[c].others])
def test_a_unit_reads_a_message_without_the_other_person(code: str) -> None:
    """Codes whose context names a row of another roster have a message for the unit's head
    without those fields."""
    from census.findings import unit_message

    entry = CATALOGUE[code]
    assert entry.scoped and set(entry.others) <= set(entry.fields)
    assert not _placeholders(entry.scoped) & set(entry.others)
    finding = catalogue.make(code, "a.xlsx", "ASN", 7, "C", "NIK", "Siti Aminah",
                             other_name="Budi Santoso", other="b.xlsx [PTT] #9")
    for lang in LANGUAGES:
        assert "Budi Santoso" in message(finding, lang)
        scoped = unit_message(finding, lang)
        assert "Budi Santoso" not in scoped and "b.xlsx" not in scoped and "{" not in scoped
        assert _placeholders(translator(lang)(entry.scoped)) == _placeholders(entry.scoped)
    plain = catalogue.make("sex-invalid", "a.xlsx", "ASN", 7, "E", "JK", "X")
    assert unit_message(plain) == message(plain)
