"""NIKs Excel cut to 15 digits, matched to the health office's export (tests/data/register)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from census.read import read_registry, read_workbook
from census.register import build_register
from census.rules import default_rules
from census.status.decide import decide_status
from census.validate import validate_books
from tests.registerkit import census_of, iso, registry, renumbered, roster, roster_row

DATA = Path(__file__).resolve().parent / "data" / "register"
AS_OF = date(2022, 3, 31)


def _census():
    book = read_workbook(DATA / "upt_pslu_blitar.xlsx")
    rules = default_rules()
    register = build_register(book.rows, read_registry(DATA / "pcare_blitar.csv"), rules)
    persons, findings = decide_status(register, rules, AS_OF, lang="en")
    register, persons = renumbered(register, persons)  # persons in roster order
    return book, register, persons, register.findings + findings


def test_a_cut_nik_takes_the_full_nik_and_the_doses_of_the_export():
    _, _, persons, _ = _census()
    got = [(p["name"], p["nik"], p["status"], p["primary_doses"], bool(p["verified"]))
           for p in persons.to_dict("records")]
    assert got == [
        ("Hj. Siti Maryam, S.Pd.", "3505016006450052", "complete", 2, True),  # titles dropped
        ("Sri Rahayu", "3505014403650007", "complete", 2, True),   # both doses from the export
        ("Ahmad Dahlan", None, "unvaccinated", 0, False),          # two candidates: none taken
        ("Budi Hartono", None, "unvaccinated", 0, False),          # another name
        ("Dewi Sartika", None, "unvaccinated", 0, False),          # another birth date
        ("Rina Wati", "3505015505900041", "complete", 2, True),    # a text NIK, as always
    ]


def test_the_reason_says_where_the_nik_came_from():
    _, _, persons, _ = _census()
    reasons = dict(zip(persons["name"], persons["reason"], strict=True))
    assert reasons["Sri Rahayu"].startswith("full NIK and doses from the health-office record")
    assert reasons["Rina Wati"] is None
    assert reasons["Ahmad Dahlan"] is None


def test_two_candidates_are_a_finding_on_the_nik_cell():
    book, _, _, findings = _census()
    assert [(f.sheet, f.row, f.column, f.code, f.value) for f in findings] == [
        ("PTT", 6, "nik", "nik-prefix-ambiguous", "3505010101700010"),
    ]
    assert "matches 2 people" in findings[0].to_dict("en")["message"]
    # Validation still asks for the NIK to be typed again as text, on every cut NIK.
    cut = [(f.sheet, f.row) for f in validate_books([book], AS_OF, default_rules())
           if f.code == "nik-stored-as-number"]
    assert cut == [("Klien", 5), ("PTT", 5), ("PTT", 6), ("PTT", 7), ("PTT", 8)]


def test_a_full_nik_another_roster_shows_is_not_taken_twice():
    # The export's person is already on a roster with the NIK typed as text; a second, cut
    # NIK with the same 15 digits and birth date but a different person stays apart.
    text = roster_row(file="a.xlsx", row=5, name="Sri Rahayu", nik="3505014403650007",
                      birth_date="1965-03-04", sex="P")
    cut = roster_row(file="b.xlsx", row=5, unit="b", name="Sri Rahayu Ningsih",
                     nik="3505014403650000", nik_from_number=True, birth_date="1965-03-04")
    export = registry(("3505014403650007", "dose1", "2021-08-10", "Sinovac"))
    export["name"], export["birth_date"] = "SRI RAHAYU", "1965-03-04"
    export["birth_date"] = export["birth_date"].astype("datetime64[ns]")
    _, persons, _ = census_of(roster(text, cut), export)
    assert persons["nik"].tolist() == ["3505014403650007", None]
    assert [iso(d) for d in persons["last_dose_date"]] == ["2021-08-10", None]


def test_a_completed_nik_gives_the_person_the_id_of_that_nik():
    # The roster's people and their ids are worked out before the export is read
    # (census.register.build.roster_people): a NIK the export completes must still decide the id.
    from census.register.ids import id_of_key

    cut = roster_row(file="b.xlsx", row=5, unit="b", name="Sri Rahayu",
                     nik="3505014403650000", nik_from_number=True, birth_date="1965-03-04")
    other = roster_row(file="b.xlsx", row=6, unit="b", name="Budi Hartono",
                       nik="3505010101700001", birth_date="1970-01-01")
    export = registry(("3505014403650007", "dose1", "2021-08-10", "Sinovac"))
    export["name"], export["birth_date"] = "SRI RAHAYU", "1965-03-04"
    export["birth_date"] = export["birth_date"].astype("datetime64[ns]")
    register = build_register(roster(cut, other), export, default_rules())
    assert register.persons[["person_id", "nik", "nik_source"]].values.tolist() == sorted([
        [id_of_key("nik:3505014403650007"), "3505014403650007", "registry"],
        [id_of_key("nik:3505010101700001"), "3505010101700001", "roster"],
    ])
    assert register.row_match[["person_id", "method"]].values.tolist() == [
        [id_of_key("nik:3505014403650007"), "nik15-export"],
        [id_of_key("nik:3505010101700001"), "nik"],
    ]
    assert register.registry_match["person_id"].tolist() == [id_of_key("nik:3505014403650007")]
