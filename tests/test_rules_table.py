"""The dated rule table: brands, intervals, boosters, deferrals, eligibility, overrides."""

from datetime import date

import pytest

from census.config import Config
from census.errors import BadConfig
from census.rules import default_rules
from census.rules.table import age_on

RULES = default_rules()


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("Sinovac", "sinovac"), ("CoronaVac", "sinovac"), ("Bio Farma", "sinovac"),
        ("Vaksin Sinovac", "sinovac"), ("Sinovac / CoronaVac", "sinovac"),
        ("AstraZeneca", "astrazeneca"), ("Astra Zeneca", "astrazeneca"), ("AZ", "astrazeneca"),
        ("Pfizer-BioNTech", "pfizer"), ("Comirnaty", "pfizer"), ("Pfizer (booster)", "pfizer"),
        ("J&J", "janssen"), ("Johnson & Johnson", "janssen"), ("Sputnik V", "sputnik"),
        ("Covovax", "novavax"), ("IndoVac", "indovac"), ("Zifivax", "zifivax"),
        ("Vaksin Nusantara", None), ("covid", None), ("Moderna + Pfizer", None), ("", None),
        (None, None),
    ],
)
def test_brand_code(typed, code):
    assert RULES.brand_code(typed) == code


def test_series_lengths():
    assert {b.code: b.primary_doses for b in RULES.brands} == {
        "sinovac": 2, "astrazeneca": 2, "sinopharm": 2, "moderna": 2, "pfizer": 2, "novavax": 2,
        "sputnik": 2, "janssen": 1, "zifivax": 3, "indovac": 2,
    }


@pytest.mark.parametrize(
    ("brand", "on", "age", "days"),
    [
        ("sinovac", date(2021, 2, 1), 40, (14, 14)),  # 18–59 before March 2021: 14 days
        ("sinovac", date(2021, 2, 1), 65, (28, 28)),
        ("sinovac", date(2021, 2, 28), 59, (14, 14)),
        ("sinovac", date(2021, 3, 1), 40, (28, 28)),  # from March: 28 days (SE 653/2021)
        ("astrazeneca", date(2021, 6, 1), 40, (56, 84)),
        ("sinopharm", date(2021, 6, 1), 40, (21, 21)),
        ("pfizer", date(2021, 9, 1), 15, (21, 21)),
        ("zifivax", date(2022, 1, 1), 40, (30, 30)),
    ],
)
def test_interval_in_force_on_the_dose_date(brand, on, age, days):
    rule = RULES.interval(brand, on, age)
    assert (rule.min_days, rule.recommended_days) == days


def test_no_interval_for_janssen():
    assert RULES.interval("janssen", date(2021, 9, 1), 40) is None


@pytest.mark.parametrize(
    ("number", "on", "expected"),
    [
        (1, date(2022, 1, 11), None),
        (1, date(2022, 1, 12), 6),
        (1, date(2022, 2, 24), 6),
        (1, date(2022, 2, 25), 3),
        (2, date(2023, 1, 23), None),
        (2, date(2023, 1, 24), 6),
    ],
)
def test_booster_rule_dates(number, on, expected):
    rule = RULES.booster(number, on)
    assert (rule.min_months if rule else None) == expected


@pytest.mark.parametrize(
    ("illness", "on", "months"),
    [("mild", date(2021, 9, 28), 3), ("mild", date(2021, 9, 29), 1),
     ("severe", date(2021, 9, 28), 3), ("severe", date(2021, 9, 30), 3)],
)
def test_covid_deferral_changes_on_29_september_2021(illness, on, months):
    assert RULES.deferral("covid", illness, on).months == months


@pytest.mark.parametrize(
    ("birth", "since", "group_start"),
    [
        (date(1980, 1, 1), date(2021, 1, 13), date(2021, 1, 13)),
        (date(1950, 1, 1), date(2021, 2, 17), date(2021, 2, 17)),  # 60+ from 17 Feb 2021
        (date(1961, 2, 1), date(2021, 1, 13), date(2021, 2, 17)),  # 59 at start, 61 on as_of
        (date(2006, 1, 1), date(2021, 7, 1), date(2021, 7, 1)),  # 12–17 from 1 Jul 2021
        (date(2003, 6, 1), date(2021, 6, 1), date(2021, 1, 13)),  # 18 on 1 Jun 2021: an adult now
        (date(2012, 1, 1), date(2021, 12, 14), date(2021, 12, 14)),  # 6–11 from 14 Dec 2021
        (date(2017, 1, 1), date(2023, 1, 1), None),  # under 6: from the 6th birthday
        (date(2016, 2, 29), date(2022, 2, 28), date(2021, 12, 14)),
    ],
)
def test_eligibility(birth, since, group_start):
    as_of = date(2022, 3, 31)
    assert RULES.eligible_since(birth) == since
    assert RULES.eligible_from(lambda d: age_on(birth, d), as_of) == group_start


def test_eligibility_before_a_group_opened():
    # On 1 Feb 2021 a 70-year-old is not yet eligible; the elderly row opens on 17 Feb 2021.
    birth = date(1951, 1, 1)
    assert RULES.eligible_from(lambda d: age_on(birth, d), date(2021, 2, 1)) == date(2021, 2, 17)


def test_overrides_from_census_toml():
    config = Config.model_validate(
        {
            "rules": {
                "overdue_grace_days": 30,
                "registry_tolerance_days": 3,
                "boosters": [{"number": 1, "from": "2022-06-01", "min_months": 4}],
                "remarks": {"refused": ["ogah"]},
            }
        }
    )
    rules = config.rules()
    assert (rules.overdue_grace_days, rules.registry_tolerance_days) == (30, 3)
    assert rules.booster(1, date(2022, 5, 31)).min_months == 3
    assert rules.booster(1, date(2022, 6, 1)).min_months == 4
    # List entries inside [remarks] are added after the defaults, as everywhere in [rules].
    assert rules.remarks.refused == [*RULES.remarks.refused, "ogah"]
    assert rules.remarks.covid == RULES.remarks.covid


def test_bad_override_stops_the_run():
    with pytest.raises(BadConfig):
        Config.model_validate({"rules": {"overdue_grace_days": -1}}).rules()
