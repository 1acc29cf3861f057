"""summarise(): counts, coverage and dropout by unit and category; labels and masking helpers."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from census.config import Config
from census.i18n import short_date, translator
from census.report import summarise, unit_filename
from census.report.mask import mask_nik, mask_series, mask_text
from tests.report_factory import make_config, make_people, unit_codes

STATUSES = ["complete", "partial", "unvaccinated", "deferred", "exempt", "refused", "not_eligible"]


def _persons(rows: list[tuple[str, str, int]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["person_id", "status", "primary_doses"])


def test_hand_counted_units_categories_and_totals() -> None:
    persons = _persons([
        ("P1", "complete", 2),
        ("P2", "complete", 2),
        ("P3", "partial", 1),
        ("P4", "unvaccinated", 0),
        ("P5", "refused", 1),      # one dose, then refused: counts as "at least one dose"
        ("P6", "exempt", 0),
        ("P7", "not_eligible", 0),
        ("P8", "deferred", 0),
    ])
    memberships = pd.DataFrame(
        [
            ("P1", "a", "asn"), ("P1", "a", "tagana"),   # two categories in unit a
            ("P2", "a", "asn"), ("P2", "b", "keluarga"),  # in two units
            ("P3", "a", "asn"), ("P4", "a", "klien"), ("P5", "b", "klien"),
            ("P6", "b", "klien"), ("P7", "b", "keluarga"), ("P8", "b", "klien"),
        ],
        columns=["person_id", "unit", "category"],
    )
    config = Config(as_of=date(2021, 11, 15), targets={"asn": 1.0, "klien": 0.6, "tagana": 0.5,
                                                         "keluarga": 0.7, "ptt": 1.0})
    summary = summarise(persons, memberships, config)

    a, b = summary.units["a"], summary.units["b"]
    assert (a.total, a.by_status["complete"], a.by_status["partial"]) == (4, 2, 1)
    assert a.coverage == pytest.approx(2 / 4) and a.dropout == pytest.approx(1 / 3)
    assert [(c, e.total, e.coverage, e.target_met) for c, e in a.by_category.items()] == [
        ("asn", 3, pytest.approx(2 / 3), False),
        ("klien", 1, 0.0, False),
        ("tagana", 1, 1.0, True),
    ]
    # unit b: P2 complete, P5 refused (1 dose), P6 exempt, P7 not eligible, P8 deferred.
    assert b.total == 5 and b.eligible == 3 and b.at_least_one_dose == 2
    assert b.coverage == pytest.approx(1 / 3) and b.dropout == pytest.approx(1 / 2)
    assert b.by_category["keluarga"].coverage == 1.0  # P7 is not eligible: denominator 1
    assert b.by_category["klien"].coverage == 0.0
    assert b.by_category["klien"].dropout == 1.0

    totals = summary.totals
    assert totals.total == 8  # each person once, though P1/P2 appear twice
    assert totals.by_status == {"complete": 2, "partial": 1, "unvaccinated": 1, "deferred": 1,
                                "exempt": 1, "refused": 1, "not_eligible": 1}
    assert totals.coverage == pytest.approx(2 / 6)
    assert totals.dropout == pytest.approx((4 - 2) / 4)
    assert totals.by_category["keluarga"].total == 2
    assert list(totals.by_category) == ["asn", "klien", "keluarga", "tagana"]


def test_every_status_is_present_and_empty_groups_have_no_coverage() -> None:
    persons = _persons([("P1", "not_eligible", 0)])
    memberships = pd.DataFrame([("P1", "x", "keluarga")], columns=["person_id", "unit", "category"])
    config = Config(as_of=date(2021, 11, 15), units={"y": {"name": "UPT Y"}})
    summary = summarise(persons, memberships, config)
    assert list(summary.units["x"].by_status) == STATUSES
    assert summary.units["x"].coverage is None and summary.units["x"].dropout is None
    assert summary.units["x"].by_category["keluarga"].target_met is None
    # A configured unit without people is listed with zeros (the department sees who is missing).
    assert summary.units["y"].name == "UPT Y" and summary.units["y"].total == 0
    data = summary.model_dump(mode="json")
    assert data["as_of"] == "2021-11-15" and set(data) >= {"as_of", "totals", "units"}


def test_summary_agrees_with_a_direct_count_of_the_factory_tables() -> None:
    units = unit_codes(5)
    persons, memberships = make_people(700, units, seed=5)
    summary = summarise(persons, memberships, make_config(units))
    joined = memberships.merge(persons[["person_id", "status"]], on="person_id")
    per_unit = joined.drop_duplicates(["person_id", "unit"]).groupby(["unit", "status"]).size()
    got = sorted(
        (unit, status, n)
        for unit, entry in summary.units.items()
        for status, n in entry.by_status.items()
        if n
    )
    assert got == sorted((u, s, int(n)) for (u, s), n in per_unit.items())
    per_cat = joined.groupby(["unit", "category"]).size()
    got_cat = sorted(
        (u, c, e.total) for u, entry in summary.units.items() for c, e in entry.by_category.items()
    )
    assert got_cat == sorted((u, c, int(n)) for (u, c), n in per_cat.items())
    assert summary.totals.total == len(persons)


def test_dates_numbers_and_percentages_speak_both_languages() -> None:
    id_, en = translator("id"), translator("en")
    assert id_.date(date(2022, 3, 31)) == "31 Maret 2022"
    assert id_.date(pd.Timestamp("2021-08-05")) == "5 Agustus 2021"
    assert id_.date(np.datetime64("2021-08-05")) == "5 Agustus 2021"
    assert en.date(date(2021, 8, 5)) == "5 August 2021"
    assert id_.date(pd.NaT) == "-" and id_.date(None) == "-" and id_.date(float("nan")) == "-"
    assert short_date(date(2021, 8, 5)) == "05-08-2021" and short_date(pd.NaT) == ""
    assert id_.percent(0.8534) == "85,3%" and en.percent(0.8534) == "85.3%"
    assert id_.percent(None) == "-"
    assert (id_.number(12345), en.number(12345)) == ("12.345", "12,345")
    assert (en.status("partial"), en.dose("booster1"), en("Phone")) == ("Partial", "Booster 1",
                                                                       "Phone")
    assert id_.dose("dose2") == "Dosis 2" and id_.target(0.6) == "60%" and id_("Phone") == "No HP"
    assert (id_.n("{count} warning", "{count} warnings", 1),
            en.n("{count} warning", "{count} warnings", 1),
            en.n("{count} warning", "{count} warnings", 2)) == (
        "1 peringatan", "1 warning", "2 warnings")


def test_nik_masking() -> None:
    assert mask_nik("3578014506800001") == "3578********0001"
    assert mask_nik("3578 0145 0680 0001") == "3578********0001"
    assert mask_nik(None) == "-" and mask_nik("") == "-" and mask_nik("0") == "-"
    text = "NIK '3578014506800001' sama dengan 357801450680001 dan 3578.0145.0680.0001"
    assert mask_text(text) == (
        "NIK '3578********0001' sama dengan 3578*******0001 dan 3578********0001"
    )
    assert mask_text("lahir 12-05-1980, HP 081234567890") == "lahir 12-05-1980, HP 0812****7890"
    phones = mask_series(pd.Series(["+62 812-3456-7890", "3578014506800001", None]), min_digits=15)
    assert phones.tolist() == ["+62 812-3456-7890", "3578********0001", ""]


def test_unit_file_names_are_safe_and_distinct() -> None:
    taken: set[str] = set()
    assert unit_filename("upt_pstw_jombang", taken) == "upt_pstw_jombang"
    assert unit_filename("UPT/PSAA: Malang?", taken) == "UPT_PSAA_ Malang_"
    assert unit_filename("UPT_PSTW_Jombang", taken) == "UPT_PSTW_Jombang-2"
