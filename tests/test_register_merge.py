"""Merging roster rows into people: NIK, name + birth date within and across units, duplicates."""

from datetime import date

import pandas as pd

from census.register import build_register
from census.register.ids import id_of_key
from census.rules import default_rules
from tests.registerkit import flat, nik, registry, renumbered, roster, roster_row

RULES = default_rules()
BORN = date(1980, 5, 12)
ELDER = date(1945, 3, 2)


def _register(*rows):
    return renumbered(build_register(roster(*rows), registry(), RULES))


def _people(register):
    return list(
        zip(register.persons["person_id"], register.persons["nik"], register.persons["name"],
            strict=True)
    )


def test_same_nik_is_one_person_in_two_units():
    register = _register(
        roster_row(file="dinsos.xlsx", row=5, unit="dinsos", name="Moch. Alwi", nik=nik(BORN),
                   birth_date=BORN),
        roster_row(file="tagana.xlsx", sheet="Tagana", row=9, unit="tagana", category="tagana",
                   name="Muhammad Alwi, S.Sos", nik=nik(BORN), birth_date=BORN),
    )
    assert _people(register) == [("P000001", nik(BORN), "Moch. Alwi")]
    assert register.memberships.values.tolist() == [
        ["P000001", "dinsos", "asn", None], ["P000001", "tagana", "tagana", None],
    ]
    assert register.findings == []  # Moch. and Muhammad are one name


def test_roles_come_from_the_role_column_the_staff_remark_or_the_sheet_name():
    register = _register(
        roster_row(sheet="PTT", row=5, category="ptt", name="Agus Salim", nik=nik(BORN, serial=1),
                   role="Satpam"),
        roster_row(sheet="PTT", row=6, category="ptt", name="Budi Utomo", nik=nik(BORN, serial=2),
                   remark="OB lantai 2"),
        roster_row(sheet="Sopir", row=5, category="ptt", name="Candra Wijaya",
                   nik=nik(BORN, serial=3)),
        roster_row(sheet="PTT", row=7, category="ptt", name="Dedi Kurnia", nik=nik(BORN, serial=4),
                   role="Pendamping PKH Kec. Waru"),
        roster_row(sheet="PTT", row=8, category="ptt", name="Eko Prasetyo", nik=nik(BORN, serial=5),
                   role="Staf Administrasi"),
        # A client's remark names a carer, not the client's role.
        roster_row(sheet="Klien", row=5, category="klien", name="Fatimah", birth_date=ELDER,
                   remark="dirawat pengasuh"),
    )
    roles = dict(zip(register.persons["name"], register.memberships["role"], strict=True))
    assert roles == {"Agus Salim": "pamdal", "Budi Utomo": "ob", "Candra Wijaya": "driver",
                     "Dedi Kurnia": "pendamping", "Eko Prasetyo": None, "Fatimah": None}


def test_same_nik_with_clearly_different_names_is_a_name_mismatch():
    register = _register(
        roster_row(file="a.xlsx", row=5, name="Budi Santoso", nik=nik(BORN), birth_date=BORN),
        roster_row(file="b.xlsx", row=8, unit="b", name="Agus Salim", nik=nik(BORN),
                   birth_date=BORN),
        roster_row(file="c.xlsx", row=4, unit="c", name="Budi", nik=nik(BORN), birth_date=BORN),
    )
    assert len(register.persons) == 1
    assert flat(register.findings) == [("b.xlsx", "ASN", 8, "name", "name-mismatch")]
    assert dict(register.findings[0].context)["other_name"] == "Budi Santoso"


def test_no_nik_rows_match_by_name_and_birth_date_within_the_unit_first():
    register = _register(
        # Two NIK holders with the same name and birth date in two units...
        roster_row(file="a.xlsx", row=5, unit="a", name="Siti Aminah", nik=nik(ELDER, "P", 1),
                   birth_date=ELDER),
        roster_row(file="b.xlsx", row=5, unit="b", name="Siti Aminah", nik=nik(ELDER, "P", 2),
                   birth_date=ELDER),
        # ... so a row without NIK joins the one of its own unit.
        roster_row(file="b.xlsx", sheet="Keluarga", row=7, unit="b", category="keluarga",
                   name="Hj. Siti Aminah", birth_date=ELDER),
    )
    assert register.row_person.tolist() == ["P000001", "P000002", "P000002"]
    # The two NIK holders themselves are a possible duplicate (same name and birth date).
    assert flat(register.findings) == [("b.xlsx", "ASN", 5, "nik", "possible-duplicate")]


def test_no_nik_rows_match_across_units_and_with_each_other():
    register = _register(
        roster_row(file="a.xlsx", row=5, unit="a", name="Sumarni", nik=nik(ELDER, "P"),
                   birth_date=ELDER),
        roster_row(file="b.xlsx", sheet="PM", row=6, unit="b", category="klien",
                   name="SUMARNI", birth_date=ELDER),
        roster_row(file="c.xlsx", sheet="PM", row=6, unit="c", category="klien",
                   name="Mbah Karto", birth_date=ELDER),
        roster_row(file="d.xlsx", sheet="PM", row=9, unit="d", category="klien",
                   name="Mbah  Karto", birth_date=ELDER),
        # No birth date: cannot be matched, stays one person per row.
        roster_row(file="d.xlsx", sheet="PM", row=10, unit="d", category="klien", name="Sumarni"),
    )
    assert register.row_person.tolist() == ["P000001", "P000001", "P000002", "P000002", "P000003"]
    assert _people(register)[1] == ("P000002", None, "Mbah Karto")


def test_numeric_cell_nik_joins_the_full_nik_with_same_15_digits_name_and_birth():
    full = nik(BORN, serial=7)
    lost = full[:15] + "0"
    register = _register(
        roster_row(file="a.xlsx", row=5, name="Budi", nik=full, birth_date=BORN),
        roster_row(file="b.xlsx", row=5, unit="b", name="Budi", nik=lost, nik_from_number=True,
                   birth_date=BORN),
        # Same 15 digits but another name and birth date: someone else.
        roster_row(file="b.xlsx", row=6, unit="b", name="Joko", nik=lost, nik_from_number=True,
                   birth_date=date(1981, 1, 1)),
    )
    assert register.row_person.tolist() == ["P000001", "P000001", "P000002"]
    assert register.persons["nik"].tolist() == [full, None]
    assert register.findings == []


def test_numeric_cell_nik_with_other_digits_is_not_merged_but_flagged():
    register = _register(
        roster_row(file="a.xlsx", row=5, name="Budi", nik=nik(BORN, serial=7), birth_date=BORN),
        roster_row(file="b.xlsx", row=5, unit="b", name="Budi", nik=nik(BORN, serial=27)[:15] + "0",
                   nik_from_number=True, birth_date=BORN),
    )
    assert len(register.persons) == 2
    assert flat(register.findings) == [("b.xlsx", "ASN", 5, "nik", "possible-duplicate")]


def test_nik_one_digit_apart_and_similar_names_are_possible_duplicates_not_merged():
    register = _register(
        roster_row(file="a.xlsx", row=5, name="Dewi Lestari", nik=nik(BORN, "P", 11),
                   birth_date=BORN),
        roster_row(file="b.xlsx", row=5, unit="b", name="Dewi Lestari", nik=nik(BORN, "P", 12),
                   birth_date=BORN),
        roster_row(file="c.xlsx", row=3, unit="c", name="Dewi Lestary", birth_date=BORN),
        roster_row(file="d.xlsx", row=3, unit="d", name="Bambang Wijaya", birth_date=BORN),
    )
    assert register.row_person.tolist() == ["P000001", "P000002", "P000003", "P000004"]
    assert flat(register.findings) == [
        ("b.xlsx", "ASN", 5, "nik", "possible-duplicate"),
        ("c.xlsx", "ASN", 3, "nik", "possible-duplicate"),
        ("c.xlsx", "ASN", 3, "nik", "possible-duplicate"),
    ]


def test_placeholders_and_bad_niks_are_not_usable():
    temporary = "5201070000000004"
    register = _register(
        roster_row(file="a.xlsx", row=5, name="Ani", nik=temporary, birth_date=BORN),
        roster_row(file="a.xlsx", row=6, name="Ina", nik=temporary, birth_date=date(1990, 1, 1)),
        roster_row(file="a.xlsx", row=7, name="Umi", nik="0", birth_date=date(1991, 1, 1)),
        roster_row(file="a.xlsx", row=8, name="Eka", nik="3578 0112 0580 0001",
                   birth_date=BORN),
        roster_row(file="a.xlsx", row=9, name="Tri", nik="35780112058000A1", birth_date=BORN),
    )
    assert register.persons["nik"].tolist() == [None, None, None, "3578011205800001", None]


def test_ids_come_from_who_people_are_not_from_row_order():
    rows = [
        roster_row(file="b.xlsx", row=5, name="Budi", nik=nik(BORN, serial=2), birth_date=BORN),
        roster_row(file="a.xlsx", row=9, name="Ani", nik=nik(BORN, serial=1), birth_date=BORN),
        roster_row(file="a.xlsx", row=7, name="Hj. Siti Aminah", birth_date=ELDER),
        roster_row(file="a.xlsx", row=8, name="Mbah Karto"),
    ]
    register = build_register(roster(*rows), registry(), RULES)
    budi, ani = id_of_key(f"nik:{nik(BORN, serial=2)}"), id_of_key(f"nik:{nik(BORN, serial=1)}")
    siti, karto = id_of_key("name:siti aminah|1945-03-02"), id_of_key("unit-name:unit_a|mbah karto")
    # row_person is aligned with the roster as given; persons are sorted by id.
    assert register.row_person.tolist() == [budi, ani, siti, karto]
    assert register.persons["person_id"].tolist() == sorted([budi, ani, siti, karto])
    assert all(len(pid) == 13 and pid.startswith("P") for pid in register.row_person)
    # Another order, another unit's rows added, one removed: the same people keep their ids.
    again = build_register(
        roster(rows[3], roster_row(file="c.xlsx", row=5, unit="c", name="Eko",
                                   nik=nik(BORN, serial=3), birth_date=BORN), rows[0], rows[2]),
        registry(), RULES,
    )
    assert again.row_person.tolist()[::2] == [karto, budi]
    assert again.row_person.tolist()[3] == siti


def test_same_key_twice_gets_a_suffix_in_order_of_appearance():
    register = build_register(
        roster(roster_row(file="a.xlsx", row=5, name="Mbah Karto"),
               roster_row(file="a.xlsx", row=6, name="Mbah Karto"),
               roster_row(file="a.xlsx", row=7)),
        registry(), RULES,
    )
    assert register.row_person.tolist() == [
        id_of_key("unit-name:unit_a|mbah karto"), id_of_key("unit-name:unit_a|mbah karto-2"),
        id_of_key("row:a.xlsx|ASN|7"),
    ]


def test_remarks_and_first_values_are_collected():
    register = _register(
        roster_row(file="a.xlsx", row=5, name="Budi", nik=nik(BORN), birth_date=BORN, sex="L",
                   remark="isoman 2022-03-20"),
        roster_row(file="b.xlsx", row=5, unit="b", name="Budi", nik=nik(BORN), phone="+62 812-3456-7890",
                   sex="Laki-laki", remark="isoman 2022-03-20"),
        roster_row(file="c.xlsx", row=5, unit="c", name="Budi", nik=nik(BORN), kabkota="Malang",
                   remark="sudah sembuh"),
    )
    person = register.persons.iloc[0]
    assert (person["sex"], person["phone"], person["kabkota"], person["remark"]) == (
        "L", "081234567890", "Malang", "isoman 2022-03-20 | sudah sembuh",
    )


def test_empty_roster():
    register = build_register(roster(), registry(), RULES)
    assert (len(register.persons), len(register.doses), register.findings) == (0, 0, [])


def test_name_similarity_scores_every_distinct_pair_as_its_own() -> None:
    # Each distinct pair is scored once; pairs must not share a score by a clash of their
    # numbering (a roster name against an export's differently spelt one).
    from census.register.provenance import names_similarity

    roster = pd.Series(["SITI AMINAH", "BUDI", "SITI AMINAH", "SITI AMINAH", "SITI AMINAH"],
                       dtype=object)
    export = pd.Series(["JOKO", "ANDI", "RUDI", "WAWAN", "SITI AMINA"], dtype=object)
    together = names_similarity(roster, export, roster, export)
    alone = [names_similarity(roster[i:i + 1], export[i:i + 1], roster[i:i + 1],
                              export[i:i + 1])[0] for i in range(len(roster))]
    assert together.tolist() == alone and alone[-1] > 90
