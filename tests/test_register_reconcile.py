"""Reconciling roster doses with health-office exports: gaps, conflicts, duplicates, boosters."""

from datetime import date

from census.findings import message
from census.register import build_register
from census.rules import default_rules
from tests.registerkit import flat, nik, registry, renumbered, roster, roster_row

RULES = default_rules()
BORN = date(1980, 5, 12)
NIK = nik(BORN)


def _doses(register):
    register = renumbered(register)
    return [
        (d.person_id, d.slot, d.date.date().isoformat(), d.brand, d.source, d.verified)
        for d in register.doses.itertuples(index=False)
    ]


def _one(**doses):
    return roster(roster_row(file="a.xlsx", row=5, name="Budi", nik=NIK, birth_date=BORN, **doses))


def test_export_fills_a_dose_the_roster_lacks_and_confirms_the_others():
    register = build_register(
        _one(dose1_date="2021-03-01", dose1_brand="Sinovac"),
        registry((NIK, "dose1", "2021-03-01", "CoronaVac"), (NIK, "dose2", "2021-03-29", "Sinovac")),
        RULES,
    )
    assert _doses(register) == [
        ("P000001", "dose1", "2021-03-01", "sinovac", "both", True),
        ("P000001", "dose2", "2021-03-29", "sinovac", "registry", True),
    ]
    assert register.findings == []


def test_date_far_from_the_export_is_a_conflict_and_the_export_wins():
    register = build_register(
        _one(dose1_date="2021-03-01", dose1_brand="Sinovac",
             dose2_date="2021-04-12", dose2_brand="Sinovac"),
        registry((NIK, "dose1", "2021-03-03", "Sinovac"), (NIK, "dose2", "2021-03-29", "Sinovac")),
        RULES,
    )
    # Two days apart is the same dose (tolerance 7 days): no conflict, the export's date counts.
    assert [d[2] for d in _doses(register)] == ["2021-03-03", "2021-03-29"]
    assert flat(register.findings) == [("a.xlsx", "ASN", 5, "dose2_date", "registry-conflict")]
    finding = register.findings[0]
    assert finding.value == "2021-04-12"
    assert "2021-03-29" in message(finding, "en")


def test_brand_disagreement_is_a_conflict_on_the_brand_cell():
    register = build_register(
        _one(dose1_date="2021-08-01", dose1_brand="Pfizer"),
        registry((NIK, "dose1", "2021-08-02", "AstraZeneca")),
        RULES,
    )
    assert _doses(register) == [("P000001", "dose1", "2021-08-02", "astrazeneca", "both", True)]
    assert flat(register.findings) == [("a.xlsx", "ASN", 5, "dose1_brand", "registry-conflict")]
    assert dict(register.findings[0].context)["registry"] == "AstraZeneca"


def test_same_dose_in_two_rosters_and_twice_in_the_export_counts_once():
    rows = roster(
        roster_row(file="a.xlsx", row=5, name="Budi", nik=NIK, birth_date=BORN,
                   dose1_date="2021-03-01", dose1_brand="Sinovac"),
        roster_row(file="b.xlsx", row=8, unit="b", name="Budi", nik=NIK, birth_date=BORN,
                   dose1_date="2021-03-01", dose1_brand="Sinovac",
                   dose2_date="2021-03-29", dose2_brand="Sinovac"),
    )
    export = registry((NIK, "dose2", "2021-03-29", "Sinovac"), (NIK, "dose2", "2021-03-29", "Sinovac"))
    register = build_register(rows, export, RULES)
    assert _doses(register) == [
        ("P000001", "dose1", "2021-03-01", "sinovac", "roster", False),
        ("P000001", "dose2", "2021-03-29", "sinovac", "both", True),
    ]


def test_export_people_on_no_roster_are_ignored():
    other = nik(date(1970, 1, 1), serial=5)
    register = build_register(
        _one(dose1_date="2021-03-01", dose1_brand="Sinovac"),
        registry((other, "dose1", "2021-03-01", "Sinovac"), (other, "dose2", "2021-03-29", "Sinovac")),
        RULES,
    )
    assert [d[4] for d in _doses(register)] == ["roster"]


def test_third_dose_of_a_two_dose_brand_is_a_booster_in_roster_and_export():
    register = build_register(
        _one(dose1_date="2021-03-01", dose1_brand="Sinovac",
             dose2_date="2021-03-29", dose2_brand="Sinovac",
             dose3_date="2022-02-10", dose3_brand="Pfizer"),
        # The export calls the same booster 'Dosis 3'; and adds a second booster.
        registry((NIK, "dose3", "2022-02-10", "Pfizer"), (NIK, "booster2", "2022-09-01", "Moderna")),
        RULES,
    )
    assert [(d[1], d[2], d[4]) for d in _doses(register)] == [
        ("dose1", "2021-03-01", "roster"),
        ("dose2", "2021-03-29", "roster"),
        ("booster1", "2022-02-10", "both"),
        ("booster2", "2022-09-01", "registry"),
    ]
    assert register.findings == []


def test_janssen_second_dose_is_a_booster():
    register = build_register(
        _one(dose1_date="2021-09-01", dose1_brand="J&J", dose2_date="2022-03-01",
             dose2_brand="Pfizer"),
        registry(),
        RULES,
    )
    assert [(d[1], d[3]) for d in _doses(register)] == [("dose1", "janssen"), ("booster1", "pfizer")]


def test_a_roster_dose_and_a_different_export_dose_of_another_place_both_count():
    # Roster dose 2 is not in the export, the export's booster is not on the roster: no pairing.
    register = build_register(
        _one(dose1_date="2021-03-01", dose1_brand="Sinovac",
             dose2_date="2021-03-29", dose2_brand="Sinovac"),
        registry((NIK, "dose1", "2021-03-01", "Sinovac"), (NIK, "booster1", "2022-03-01", "Pfizer")),
        RULES,
    )
    assert [(d[1], d[4]) for d in _doses(register)] == [
        ("dose1", "both"), ("dose2", "roster"), ("booster1", "registry"),
    ]
    assert register.findings == []


def test_impossible_roster_doses_are_not_counted():
    register = build_register(
        _one(dose1_date="2020-12-01", dose1_brand="Sinovac",
             dose2_date="2021-06-01", dose2_brand="Vaksin Nusantara",
             dose3_date="2021-07-01", dose3_brand=None),
        registry(),
        RULES,
    )
    # Before the programme and a non-programme vaccine drop out; a dose without brand counts.
    assert [(d[1], d[2], d[3]) for d in _doses(register)] == [("dose1", "2021-07-01", None)]


def test_unreadable_roster_date_is_replaced_by_the_export():
    register = build_register(
        _one(dose1_date="2021-03-01", dose1_brand="Sinovac", dose2_date=None,
             dose2_date_raw="31/02/2021", dose2_brand="Sinovac"),
        registry((NIK, "dose2", "2021-03-29", "Sinovac")),
        RULES,
    )
    assert [(d[1], d[2], d[4]) for d in _doses(register)] == [
        ("dose1", "2021-03-01", "roster"), ("dose2", "2021-03-29", "registry"),
    ]
    assert register.findings == []


def test_registry_rows_match_by_usable_nik_only():
    no_nik = roster(roster_row(file="a.xlsx", row=5, name="Budi", nik=NIK[:15] + "0",
                               nik_from_number=True, birth_date=BORN))
    register = build_register(no_nik, registry((NIK[:15] + "0", "dose1", "2021-03-01", "Sinovac")),
                              RULES)
    assert _doses(register) == []
    assert register.persons["has_registry"].tolist() == [False]
