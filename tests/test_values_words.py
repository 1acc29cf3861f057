"""census.values: yes/no words, category words and brands read one way everywhere."""

from __future__ import annotations

import pytest

from census.rules import default_rules
from census.values import category_of, names_a_brand, yes_no


@pytest.mark.parametrize(
    ("typed", "answer"),
    [("ya", True), ("Ya", True), ("YES", True), ("y", True), ("✓", True), ("√", True), (1, True),
     (1.0, True), (True, True), ("tidak", False), ("Tdk", False), ("no", False), ("0", False),
     (0, False), ("", False), (None, False), ("-", False), ("belum", False), ("mungkin", None),
     (2, None)],
)
def test_yes_no(typed, answer):
    assert yes_no(typed) is answer


def test_the_plan_and_the_roster_read_yes_no_alike():
    from census.allocate.plan import parse_flag

    for typed in ("ya", "Tidak", "✓", "mungkin", 1, None):
        assert parse_flag(typed) is yes_no(typed)


@pytest.mark.parametrize(
    ("typed", "category"),
    [("ASN", "asn"), ("Non ASN", "ptt"), ("Keluarga ASN", "keluarga"), ("Sahabat Tagana", "tagana"),
     ("Penerima Manfaat", "klien"), ("ASN dan PTT", None)],
)
def test_category_words(typed, category):
    assert category_of(typed) == category


@pytest.mark.parametrize(
    ("typed", "typed_a_brand", "code"),
    [("Sinovac", True, "sinovac"), ("Vaksin Sinovac dosis 2", True, "sinovac"),
     ("Pfizer-BioNTech", True, "pfizer"), ("Vaksin Nusantara", True, None), ("-", False, None),
     ("?", False, None), ("", False, None), (None, False, None), (float("nan"), False, None)],
)
def test_brands_no_brand_and_unknown_brand_are_told_apart(typed, typed_a_brand, code):
    # '-' names no brand (brand-missing, the dose counts); 'Vaksin Nusantara' names an unknown
    # one (brand-unknown, the dose does not count): validation and the register agree.
    assert names_a_brand(typed) is typed_a_brand
    assert default_rules().brand_code(typed) == code
