"""Status of each person on the census date, under the rules in force on that date."""

from datetime import date

import pytest

from census.model import PERSON_COLUMNS, PERSON_EXTRA_COLUMNS
from tests.registerkit import census_of, flat, iso, nik, registry, roster, roster_row

ADULT = date(1980, 5, 12)
ELDER = date(1955, 8, 17)
AS_OF = date(2022, 3, 31)
SINOVAC_2 = {"dose1_date": "2021-03-01", "dose1_brand": "Sinovac",
             "dose2_date": "2021-03-29", "dose2_brand": "Sinovac"}


def _person(as_of=AS_OF, birth=ADULT, export=None, **values):
    row = roster_row(file="a.xlsx", row=5, name="Budi", nik=nik(birth), birth_date=birth, **values)
    _, persons, findings = census_of(roster(row), export, as_of)
    person = persons.iloc[0]
    return (
        person["status"], int(person["primary_doses"]), int(person["booster_doses"]),
        person["next_dose"], iso(person["next_due"]), bool(person["overdue"]),
        iso(person["eligible_from"]),
    ), person, findings


def test_columns_and_order():
    rows = roster(
        roster_row(file="b.xlsx", row=5, unit="b", name="Budi", nik=nik(ADULT), birth_date=ADULT),
        roster_row(file="a.xlsx", row=5, unit="a", name="Ani", nik=nik(ELDER, "P"),
                   birth_date=ELDER),
        roster_row(file="c.xlsx", sheet="Tagana", row=5, unit="c", category="tagana",
                   name="Budi", nik=nik(ADULT), birth_date=ADULT, kabkota="Malang"),
    )
    _, persons, _ = census_of(rows)
    assert list(persons.columns) == [*PERSON_COLUMNS, *PERSON_EXTRA_COLUMNS]
    assert persons[["person_id", "units", "categories", "kabkota"]].values.tolist() == [
        ["P000001", "a", "asn", None], ["P000002", "b;c", "asn;tagana", "Malang"],
    ]


def test_complete_with_booster_open():
    got, person, _ = _person(**SINOVAC_2)
    assert got == ("complete", 2, 0, "booster1", "2021-06-29", False, None)
    assert (iso(person["last_dose_date"]), person["dose_brands"]) == ("2021-03-29", "sinovac;sinovac")


@pytest.mark.parametrize(
    ("as_of", "next_dose", "next_due"),
    [
        (date(2022, 1, 11), None, None),  # no booster before 12 Jan 2022
        (date(2022, 1, 12), "booster1", "2021-09-29"),  # 6 months
        (date(2022, 2, 24), "booster1", "2021-09-29"),
        (date(2022, 2, 25), "booster1", "2021-06-29"),  # 3 months from 25 Feb 2022
    ],
)
def test_booster_one_rule_dates(as_of, next_dose, next_due):
    got, _, _ = _person(as_of=as_of, **SINOVAC_2)
    assert got[3:5] == (next_dose, next_due)


@pytest.mark.parametrize(
    ("as_of", "next_dose", "next_due"),
    [(date(2023, 1, 23), None, None), (date(2023, 1, 24), "booster2", "2022-09-01")],
)
def test_second_booster_from_24_january_2023(as_of, next_dose, next_due):
    got, _, _ = _person(as_of=as_of, booster1_date="2022-03-01", booster1_brand="Pfizer",
                        **SINOVAC_2)
    assert got[:5] == ("complete", 2, 1, next_dose, next_due)


def test_complete_under_18_gets_no_booster():
    got, _, _ = _person(birth=date(2008, 4, 1), dose1_date="2021-08-01", dose1_brand="Pfizer",
                        dose2_date="2021-08-22", dose2_brand="Pfizer")
    assert got == ("complete", 2, 0, None, None, False, None)


def test_janssen_one_dose_is_complete():
    got, _, _ = _person(dose1_date="2021-10-01", dose1_brand="Janssen")
    assert got == ("complete", 1, 0, "booster1", "2022-01-01", False, None)


@pytest.mark.parametrize(
    ("birth", "dose1", "brand", "as_of", "due", "overdue"),
    [
        (ADULT, "2022-03-10", "Sinovac", AS_OF, "2022-04-07", False),
        (ADULT, "2021-10-01", "AstraZeneca", AS_OF, "2021-12-24", True),
        (ADULT, "2022-03-03", "Sinovac", date(2022, 4, 14), "2022-03-31", False),  # due + 14
        (ADULT, "2022-03-03", "Sinovac", date(2022, 4, 15), "2022-03-31", True),
        (ADULT, "2021-02-01", "Sinovac", date(2021, 2, 10), "2021-02-15", False),  # 14 days
        (ELDER, "2021-02-20", "Sinovac", date(2021, 2, 25), "2021-03-20", False),  # 28 at 65
        (ADULT, "2021-03-01", "Sinovac", date(2021, 3, 10), "2021-03-29", False),
    ],
)
def test_partial_next_due_and_overdue(birth, dose1, brand, as_of, due, overdue):
    got, _, _ = _person(as_of=as_of, birth=birth, dose1_date=dose1, dose1_brand=brand)
    assert got == ("partial", 1, 0, "dose2", due, overdue, None)


def test_zifivax_needs_three_doses():
    got, _, _ = _person(dose1_date="2022-01-01", dose1_brand="Zifivax",
                        dose2_date="2022-01-31", dose2_brand="Zifivax")
    assert got == ("partial", 2, 0, "dose3", "2022-03-02", True, None)


@pytest.mark.parametrize(
    ("birth", "due"), [(ADULT, "2021-01-13"), (ELDER, "2021-02-17"), (date(2010, 6, 1), "2021-12-14")]
)
def test_unvaccinated_due_when_their_age_group_opened(birth, due):
    """Eligible for more than unvaccinated_overdue_days (30) and still no dose: overdue."""
    got, _, _ = _person(birth=birth)
    assert got == ("unvaccinated", 0, 0, "dose1", due, True, None)


@pytest.mark.parametrize(("as_of", "overdue"), [
    (date(2021, 12, 14), False), (date(2022, 1, 13), False), (date(2022, 1, 14), True),
])
def test_an_unvaccinated_child_is_overdue_30_days_after_their_group_opened(as_of, overdue):
    got, _, _ = _person(as_of=as_of, birth=date(2010, 6, 1))
    assert got == ("unvaccinated", 0, 0, "dose1", "2021-12-14", overdue, None)


@pytest.mark.parametrize(
    ("as_of", "status", "eligible_from"),
    [
        (date(2021, 9, 28), "deferred", "2021-12-01"),  # 3 months before 29 Sep 2021
        (date(2021, 9, 30), "deferred", "2021-10-01"),  # 1 month (mild) from 29 Sep 2021
        (date(2021, 10, 2), "unvaccinated", None),  # the deferral is over
    ],
)
def test_covid_deferral_follows_the_rule_in_force_on_as_of(as_of, status, eligible_from):
    got, person, _ = _person(as_of=as_of, remark="penyintas covid, positif 01/09/2021")
    assert (got[0], got[6]) == (status, eligible_from)
    if status == "deferred":
        assert (got[3], got[4], person["reason"]) == (
            "dose1", eligible_from, "penyintas covid, positif 01/09/2021",
        )


def test_severe_covid_keeps_three_months():
    got, _, _ = _person(as_of=date(2021, 9, 30), remark="positif covid 1 September 2021, dirawat")
    assert (got[0], got[6]) == ("deferred", "2021-12-01")


def test_deferred_after_a_first_dose_waits_for_the_later_date():
    got, _, _ = _person(as_of=date(2021, 9, 30), remark="isoman 2021-09-20",
                        dose1_date="2021-08-01", dose1_brand="Sinovac")
    assert got == ("deferred", 1, 0, "dose2", "2021-10-20", False, "2021-10-20")


@pytest.mark.parametrize(
    ("remark", "status", "eligible_from"),
    [
        ("penyintas covid", "deferred", "2022-04-30"),  # no date: from as_of
        ("sedang sakit (demam) sejak 25/03/2022", "deferred", "2022-04-25"),
        ("sedang sakit", "deferred", "2022-04-30"),  # from as_of
        ("hamil", "unvaccinated", None),  # pregnant women eligible since Aug 2021
    ],
)
def test_other_remarks(remark, status, eligible_from):
    got, _, _ = _person(remark=remark)
    assert (got[0], got[6]) == (status, eligible_from)


def test_pregnant_before_august_2021_is_deferred():
    got, _, _ = _person(as_of=date(2021, 7, 15), remark="Ibu hamil 6 bulan")
    assert (got[0], got[6]) == ("deferred", "2021-08-02")


def test_exempt_keeps_its_doses():
    got, person, _ = _person(remark="reaksi berat setelah dosis 1 (surat dokter)",
                             dose1_date="2021-08-01", dose1_brand="AstraZeneca")
    assert got == ("exempt", 1, 0, None, None, False, None)
    assert person["reason"] == "reaksi berat setelah dosis 1 (surat dokter)"


@pytest.mark.parametrize("remark", ["menolak", "Tidak bersedia divaksin", "TIDAK MAU"])
def test_refused(remark):
    got, person, _ = _person(remark=remark)
    assert got == ("refused", 0, 0, None, None, False, None)
    assert person["reason"] == remark


def test_complete_wins_over_an_old_refusal():
    got, _, _ = _person(remark="dulu menolak", **SINOVAC_2)
    assert got[0] == "complete"


@pytest.mark.parametrize(
    ("birth", "as_of", "status", "eligible_from"),
    [
        (date(2017, 1, 1), AS_OF, "not_eligible", "2023-01-01"),  # the 6th birthday
        (date(2006, 1, 1), date(2021, 6, 30), "not_eligible", "2021-07-01"),  # 12–17
        (date(2006, 1, 1), date(2021, 7, 1), "unvaccinated", None),
        (date(2013, 1, 1), date(2021, 12, 13), "not_eligible", "2021-12-14"),  # 6–11
        (date(2013, 1, 1), date(2021, 12, 14), "unvaccinated", None),
        (date(1950, 1, 1), date(2021, 2, 16), "not_eligible", "2021-02-17"),  # 60+
        (date(1950, 1, 1), date(2021, 2, 17), "unvaccinated", None),
    ],
)
def test_age_thresholds(birth, as_of, status, eligible_from):
    got, person, _ = _person(birth=birth, as_of=as_of)
    assert (got[0], got[6]) == (status, eligible_from)
    if status == "not_eligible":
        assert (got[3], got[4]) == ("dose1", eligible_from)
        assert person["reason"].startswith("usia ")


def test_doses_after_as_of_are_not_counted():
    got, _, _ = _person(dose1_date="2022-03-01", dose1_brand="Sinovac",
                        dose2_date="2022-04-20", dose2_brand="Sinovac")
    assert got[:4] == ("partial", 1, 0, "dose2")


def test_verified_when_every_dose_is_in_the_export():
    export = registry((nik(ADULT), "dose1", "2021-03-01", "Sinovac"),
                      (nik(ADULT), "dose2", "2021-03-29", "Sinovac"))
    _, person, _ = _person(export=export, **SINOVAC_2)
    _, unconfirmed, _ = _person(export=registry((nik(ADULT), "dose1", "2021-03-01", "Sinovac")),
                                **SINOVAC_2)
    _, nothing, _ = _person()
    assert (person["verified"], unconfirmed["verified"], nothing["verified"]) == (True, False, False)


@pytest.mark.parametrize(
    ("values", "export", "expected"),
    [
        ({"vaccine_status": "Sudah"}, False, [("a.xlsx", "ASN", 5, "vaccine_status")]),
        ({"remark": "sudah vaksin di puskesmas"}, False, [("a.xlsx", "ASN", 5, "remark")]),
        ({"vaccine_status": "Belum"}, False, []),
        ({"remark": "sudah sembuh"}, False, []),
        ({"vaccine_status": "Sudah"}, True, []),  # the export has their doses
        ({"vaccine_status": "Sudah", **SINOVAC_2}, False, []),
    ],
)
def test_status_unverified(values, export, expected):
    records = registry((nik(ADULT), "dose1", "2021-03-01", "Sinovac")) if export else None
    got, _, findings = _person(export=records, **values)
    assert [f[:4] for f in flat(findings) if f[4] == "status-unverified"] == expected
    if expected:
        assert got[0] == "unvaccinated"


def test_person_without_birth_date_is_taken_as_an_adult():
    row = roster_row(file="a.xlsx", row=5, name="Budi", nik=None, **SINOVAC_2)
    _, persons, _ = census_of(roster(row))
    assert persons[["status", "next_dose", "birth_date"]].iloc[0].tolist()[:2] == [
        "complete", "booster1",
    ]


def test_a_register_copy_with_other_tables_is_read_by_its_texts():
    """The register hands status integer keys of its doses and memberships; a copy whose tables
    were replaced (reordered here) keeps stale keys, which must not be used."""
    import dataclasses

    from census.register import build_register
    from census.rules import default_rules
    from census.status.decide import decide_status

    rows = roster(
        roster_row(file="a.xlsx", row=5, unit="a", name="Budi", nik=nik(ADULT), birth_date=ADULT,
                   **SINOVAC_2),
        roster_row(file="b.xlsx", row=5, unit="b", name="Ani", nik=nik(ELDER, "P"),
                   birth_date=ELDER, dose1_date="2021-04-01", dose1_brand="Pfizer"),
        roster_row(file="c.xlsx", sheet="Tagana", row=5, unit="c", category="tagana",
                   name="Budi", nik=nik(ADULT), birth_date=ADULT),
    )
    rules = default_rules()
    register = build_register(rows, registry(), rules)
    assert register.keys is not None
    persons, _ = decide_status(register, rules, AS_OF)
    flipped = dataclasses.replace(
        register,
        doses=register.doses.iloc[::-1].reset_index(drop=True),
        memberships=register.memberships.iloc[::-1].reset_index(drop=True),
    )
    again, _ = decide_status(flipped, rules, AS_OF)
    columns = ["units", "categories", "status", "primary_doses", "dose_brands"]
    assert again[columns].values.tolist() == persons[columns].values.tolist()
    assert sorted(persons[columns].values.tolist()) == [
        ["a;c", "asn;tagana", "complete", 2, "sinovac;sinovac"],
        ["b", "asn", "partial", 1, "pfizer"],
    ]
