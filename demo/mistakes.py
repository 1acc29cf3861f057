"""The planted mistakes: a documented handful, each on a row made for it, each finding known exactly."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from demo.build import ADULT_WINDOW, Builder
from demo.layouts import Num, Row, SheetSpec, format_date, spaced_nip
from demo.people import AS_OF, Dose, Person

#: A NIK region prefix that is neither a current nor a retired district code.
UNKNOWN_REGION = "359999"


@dataclass
class Planted:
    """One planted mistake: where, what a secretary would see, and which findings it causes."""

    label: str
    file: str
    sheet: str
    row: Row
    codes: list[str]
    description: str


def nik_of(person: Person) -> str:
    """The person's NIK (planted people always have one)."""
    assert person.nik is not None
    return person.nik


class Planter:
    """Plants each mistake on a fresh person at a fixed position of a sheet."""

    def __init__(self, builder: Builder) -> None:
        self.b = builder
        self.planted: list[Planted] = []
        #: Rows that show something without a mistake (file, sheet, row), for the documentation.
        self.shown: list[tuple[str, str, Row]] = []

    def regency(self, unit: str) -> str:
        """The NIK regency prefix of a unit's people."""
        return next(u.regency for u in self.b.units if u.code == unit)

    def spec(self, unit: str, sheet: str) -> SheetSpec:
        return self.b.specs[(unit, sheet)]

    def person(self, regency: str, ages: tuple[int, int] = (28, 50), sex: str | None = None,
               staff: str | None = None, complete: bool = True, registry: bool = True) -> Person:
        p = self.b.pop.make(ages[1], ages[0], regency, sex=sex, staff=staff)
        p.intent = "doses"
        if complete:
            assert self.b.sched.complete(p, "staff", False, *ADULT_WINDOW)
        p.in_registry = registry
        assert p.nik is not None
        return p

    def put(self, unit: str, sheet: str, at: int, row: Row, label: str, description: str,
            expect: tuple[tuple[str, str], ...] | list[tuple[str, str]] = (),
            run: tuple[tuple[str, str], ...] | list[tuple[str, str]] = ()) -> Row:
        spec = self.spec(unit, sheet)
        spec.rows.insert(min(at, len(spec.rows)), row)
        row.expect += list(expect)
        row.expect_run += list(run)
        row.person.note = row.person.note or label
        codes = [code for _kind, code in [*expect, *run]]
        self.planted.append(Planted(label, f"{unit}.xlsx", sheet, row, codes, description))
        return row

    def row(self, person: Person, category: str, relation: str | None = None,
            titles: bool = False) -> Row:
        return Row(person, category, self.b.display_name(person, category, titles), relation,
                   person.remark, {d.slot for d in person.doses})

    def text_date(self, spec: SheetSpec, day: date) -> object:
        """A date in the sheet's favourite form (so the planted cell looks like its neighbours)."""
        form = max(spec.date_forms, key=lambda k: spec.date_forms[k])
        return format_date(day, form, self.b.rng)

    def plant_all(self) -> list[Planted]:
        self.identity()
        self.doses()
        self.cross()
        self.remarks()
        self.cut_nik()
        return self.planted

    # ------------------------------------------------------------------ identity
    def identity(self) -> None:
        p = self.person("3578", registry=False)
        while nik_of(p)[-1] == "0":  # the lost 16th digit must have been something else
            p = self.person("3578", registry=False)
        r = self.row(p, "ptt")
        r.overrides["nik"] = Num(int(nik_of(p)[:15] + "0"))
        self.put("dinsos_kantor", "Non ASN", 14, r, "nik-as-number",
                 "NIK typed into a number cell: Excel kept 15 digits, the 16th became 0",
                 [("nik", "nik-stored-as-number")])

        p = self.person("3517", registry=False)
        r = self.row(p, "ptt")
        r.overrides["nik"] = nik_of(p)[:10] + nik_of(p)[11:]
        self.put("upt_pstw_jombang", "Honorer", 9, r, "nik-15-digits",
                 "NIK with 15 digits (one digit left out)", [("nik", "nik-length")])

        p = self.person("3515", registry=False, complete=False)
        r = self.row(p, "keluarga", "Istri" if p.sex == "P" else "Suami")
        at = nik_of(p).find("0", 6)
        r.overrides["nik"] = (nik_of(p)[:at] + "O" + nik_of(p)[at + 1:]) if at >= 0 else nik_of(p)[:15] + "I"
        self.put("upt_psaa_sidoarjo", "Keluarga", 21, r, "nik-letter",
                 "NIK with the letter O typed for a zero", [("nik", "nik-not-digits")])

        p = self.person("3506")
        while p.birth.month == 2 and p.birth.day == 29:
            p = self.person("3506")
        r = self.row(p, "ptt", titles=True)
        r.overrides["birth"] = self.text_date(self.spec("upt_psbr_kediri", "PTT"),
                                              p.birth.replace(year=p.birth.year + 1))
        self.put("upt_psbr_kediri", "PTT", 6, r, "nik-birthdate-mismatch",
                 "birth-date column a year off the NIK's DDMMYY",
                 [("nik", "nik-birthdate-mismatch")])

        p = self.person("3510", sex="P")
        r = self.row(p, "keluarga", "Istri")
        r.overrides["sex"] = "Laki-laki"
        self.put("upt_pstw_banyuwangi", "Keluarga", 17, r, "nik-sex-mismatch",
                 "a woman's NIK (day + 40) with sex 'Laki-laki'", [("nik", "nik-sex-mismatch")])

        p = self.person("3507", ages=(20, 40), sex="P", complete=False, registry=False)
        while not 2 <= p.birth.day <= 9:
            p.birth = p.birth.replace(day=self.b.rng.randint(2, 9))
            p.nik = self.b.pop.nik(p.region, p.birth, "P")
        r = self.row(p, "klien")
        r.overrides["nik"] = nik_of(p)[:6] + "7" + nik_of(p)[7:]
        self.put("upt_psbn_malang", "Data Vaksinasi", 120, r, "nik-day-72",
                 "a woman's NIK whose day is 72 or more (7 typed for 4): not a date, so no key "
                 "(the census tells her by name and birth date)",
                 [("nik", "nik-birthdate-invalid")])

        p = self.person("3578")
        p.kabkota = "Kota Surabaya"
        p.nik = UNKNOWN_REGION + nik_of(p)[6:]
        self.put("tagana", "Tagana", 33, self.row(p, "tagana"), "nik-region-unknown",
                 f"NIK starting with region code {UNKNOWN_REGION}, which is no district",
                 [("nik", "nik-region-unknown")])

        p = self.person("3578", staff="pns")
        r = self.row(p, "asn", titles=True)
        r.overrides["nip"] = spaced_nip(p.nip or '')[:-1]
        self.put("dinsos_kantor", "ASN", 40, r, "nip-17-digits",
                 "NIP with 17 digits (last digit of the serial missing)", [("nip", "nip-format")])

        p = self.person("3506")
        r = self.row(p, "ptt")
        r.overrides["nik"] = None
        self.put("upt_psbr_kediri", "PTT", 15, r, "staff-nik-empty",
                 "a staff row with an empty NIK (an error for staff)", [("nik", "nik-missing")])

        p = self.person("3578", sex="L")
        p.kabkota = "Kab. Gresik"
        r = self.row(p, "tagana")
        r.overrides["sex"] = "X"
        self.put("tagana", "Sahabat Tagana", 25, r, "sex-x", "sex written as 'X'",
                 [("sex", "sex-invalid")])

        p = self.person("3506", ages=(19, 21), complete=False)
        self.b.sched.complete(p, "teen", True, date(2021, 7, 5), date(2021, 8, 31))
        assert any(d.slot == "booster1" for d in p.doses), "the youth needs a booster"
        r = self.row(p, "klien")
        r.overrides["birth"] = f"31-06-{p.birth.year}"
        r.shown.discard("booster1")
        self.put("upt_psbr_kediri", "Klien", 44, r, "birthdate-unreadable",
                 "birth date '31-06-YYYY' (June has 30 days); the export has the booster",
                 [("birth", "birthdate-invalid")])

        first = self.spec("dinsos_kantor", "Keluarga").rows[50]
        r = Row(first.person, "keluarga", first.name_text, first.relation, first.remark,
                set(first.shown))
        self.spec("dinsos_kantor", "Keluarga").rows.insert(52, r)
        self.put_existing("dinsos_kantor", "Keluarga", r, "duplicate-nik",
                          "the same family member entered twice in one sheet",
                          [("nik", "duplicate-nik")])

    def put_existing(self, unit: str, sheet: str, row: Row, label: str, description: str,
                     expect: list[tuple[str, str]]) -> None:
        row.expect += expect
        row.person.note = row.person.note or label
        self.planted.append(Planted(label, f"{unit}.xlsx", sheet, row,
                                    [c for _k, c in expect], description))

    # ------------------------------------------------------------------ doses
    def doses(self) -> None:
        p = self.person("3517", staff="pns", complete=False)
        d1 = date(2021, 3, 3)
        p.doses = [Dose("dose1", d1, "sinovac"), Dose("dose2", d1 + timedelta(28), "sinovac")]
        r = self.row(p, "asn")
        r.overrides["dose1_date"] = "31/02/2021"
        self.put("upt_pstw_jombang", "PNS", 11, r, "date-31-feb",
                 "dose 1 dated '31/02/2021' (no such day); the export has the real date",
                 [("dose1_date", "date-invalid")])

        p = self.person("3506", complete=False, registry=False)
        p.doses = [Dose("dose1", date(2021, 7, 15), "sinovac")]
        r = self.row(p, "keluarga", "Istri" if p.sex == "P" else "Suami")
        r.overrides["dose2_date"] = "12-8-2022"
        r.overrides["dose2_brand"] = "Sinovac"
        self.put("upt_psbr_kediri", "Keluarga", 30, r, "dose-in-future",
                 "dose 2 dated 12-8-2022 (after the census date; 2021 was meant)",
                 [("dose2_date", "date-in-future")])

        p = self.person("3510", complete=False, registry=False, staff="pns")
        r = self.row(p, "asn")
        r.overrides["dose1_date"] = date(2021, 1, 10)
        r.overrides["dose1_brand"] = "Sinovac"
        self.put("upt_pstw_banyuwangi", "ASN", 8, r, "dose-before-programme",
                 "dose 1 dated 10 January 2021, before the programme began (13 January 2021)",
                 [("dose1_date", "dose-before-program")])

        p = self.person("3515", complete=False, registry=False)
        d1 = date(2021, 7, 23)
        p.doses = [Dose("dose1", d1, "sinovac"), Dose("dose2", d1 + timedelta(30), "sinovac")]
        r = self.row(p, "ptt")
        spec = self.spec("upt_psaa_sidoarjo", "PTT")
        r.overrides["dose1_date"] = self.text_date(spec, p.doses[1].when)
        r.overrides["dose2_date"] = self.text_date(spec, d1)
        self.put("upt_psaa_sidoarjo", "PTT", 5, r, "dose-order",
                 "dose 1 and dose 2 dates swapped (dose 2 before dose 1)",
                 [("dose2_date", "dose-order")])

        p = self.person("3507", complete=True)
        r = self.row(p, "ptt")
        r.shown = {"dose2"}
        self.put("upt_psbn_malang", "Data Vaksinasi", 40, r, "dose2-without-dose1",
                 "dose 2 filled, dose 1 empty (the export has dose 1)",
                 [("dose2_date", "dose-missing-earlier")])

        p = self.person("3515", complete=False, staff="pns")
        d1 = date(2021, 6, 1)
        p.doses = [Dose("dose1", d1, "sinovac"), Dose("dose2", d1 + timedelta(10), "sinovac")]
        self.put("upt_psaa_sidoarjo", "ASN", 12, self.row(p, "asn"), "sinovac-10-days",
                 "Sinovac doses 10 days apart (minimum 28)", [("dose2_date", "dose-interval-short")])

        p = self.person("3506", complete=False, registry=False, staff="pns")
        r = self.row(p, "asn")
        r.overrides["dose1_date"] = self.text_date(self.spec("upt_psbr_kediri", "ASN"),
                                                   date(2021, 4, 15))
        r.overrides["dose1_brand"] = "Vaksin Nusantara"
        self.put("upt_psbr_kediri", "ASN", 9, r, "vaksin-nusantara",
                 "one dose of 'Vaksin Nusantara', not a programme vaccine",
                 [("dose1_brand", "brand-unknown")])

        p = self.person("3510")
        r = self.row(p, "ptt")
        r.overrides["dose2_brand"] = None
        self.put("upt_pstw_banyuwangi", "Non ASN", 10, r, "brand-missing",
                 "dose 2 date without its vaccine brand", [("dose2_brand", "brand-missing")])

    # ------------------------------------------------------------------ cross-roster
    def cross(self) -> None:
        b = self.b
        p = self.person("3510", complete=False, registry=False)
        r = self.row(p, "keluarga", "Istri" if p.sex == "P" else "Suami")
        r.remark = "sudah vaksin"
        self.put("upt_pstw_banyuwangi", "Keluarga", 40, r, "status-unverified",
                 "remark 'sudah vaksin' without dates, and no health-office record",
                 run=[("remark", "status-unverified")])

        # The Malang family sheet holds a row whose NIK was copied from a head-office ASN.
        asn = self.spec("dinsos_kantor", "ASN")
        owner = next(r.person for r in asn.rows[60:] if r.person.intent == "doses"
                     and r.person.note == "" and r.person not in b.couple)
        first, last = b.pop.fresh_name(owner.sex, words=2)
        r = Row(owner, "keluarga", f"{first} {last}", "Suami" if owner.sex == "L" else "Istri")
        self.put("upt_psbn_malang", "Data Vaksinasi", 230, r, "name-mismatch",
                 "a family row carrying a head-office ASN's NIK under a different name",
                 run=[("name", "name-mismatch")])

        staff = self.person("3515")
        self.put("upt_psaa_sidoarjo", "PTT", 16, self.row(staff, "ptt"), "possible-duplicate-a",
                 "first of a pair: same name and birth date as a Banyuwangi family row")
        twin = Person(pid=len(b.pop.people) + 1, first=staff.first, last=staff.last,
                      sex=staff.sex, birth=staff.birth, region=staff.region,
                      nik=nik_of(staff)[:15] + str((int(nik_of(staff)[15]) + 1) % 10),
                      doses=list(staff.doses), intent="doses", in_registry=False)
        assert twin.nik not in b.pop.niks
        b.pop.niks.add(nik_of(twin))
        b.pop.people.append(twin)
        self.put("upt_pstw_banyuwangi", "Keluarga", 55,
                 self.row(twin, "keluarga", "Istri" if twin.sex == "P" else "Suami"),
                 "possible-duplicate",
                 "same name and birth date as a Sidoarjo PTT, NIK one digit apart",
                 run=[("nik", "possible-duplicate")])

        p = self.person("3578", staff="pns", complete=False)
        d1 = date(2021, 4, 6)
        p.doses = [Dose("dose1", d1, "sinovac"), Dose("dose2", date(2021, 5, 25), "sinovac")]
        r = self.row(p, "asn", titles=True)
        r.overrides["dose2_date"] = date(2021, 5, 4)
        self.put("dinsos_kantor", "ASN", 75, r, "registry-conflict",
                 "dose 2 on the roster 04-05-2021, in the export 25-05-2021 (21 days apart)",
                 run=[("dose2_date", "registry-conflict")])

    # ------------------------------------------------------------------ remarks
    def remarks(self) -> None:
        """Remarks nobody can interpret, an exemption without its doctor's letter, the head's own
        wording of a deferral, and a phone number nobody can call."""
        for unit, sheet, at, text in (
            ("upt_pstw_jombang", "Honorer", 20, "menunggu jadwal dari puskesmas"),
            ("upt_psaa_sidoarjo", "PTT", 25, "menunggu jadwal dari puskesmas"),
            ("dinsos_kantor", "Non ASN", 30, "sdh daftar, blm dpt jadwal"),
        ):
            p = self.person(self.regency(unit), complete=False, registry=False)
            r = self.row(p, "ptt")
            r.remark = text
            self.put(unit, sheet, at, r, "remark-not-understood",
                     f"remark '{text}': no word census knows (listed in the department summary)",
                     [("remark", "remark-not-understood")])

        p = self.person("3510", complete=False, registry=False)
        p.intent = "exempt"
        p.remark = "alergi berat"
        r = self.row(p, "ptt")
        self.put("upt_pstw_banyuwangi", "Non ASN", 25, r, "exempt-without-letter",
                 "remark 'alergi berat': a medical exemption without a doctor's letter (still "
                 "exempt)", [("remark", "exempt-letter-missing")])

        p = self.person("3578", staff="pns")
        p.phone = "0812345"
        self.put("dinsos_kantor", "ASN", 90, self.row(p, "asn"), "phone-too-short",
                 "phone number '0812345' (7 digits): nobody can call it",
                 [("phone", "phone-invalid")])

        # The department head's own words (DOMAIN §3), without and with a date: no finding, and
        # both people are deferred.
        for unit, sheet, at, text, event in (
            ("upt_psbr_kediri", "PTT", 30, "kecuali yang belum bisa di vaksin karena covid", AS_OF),
            ("upt_pstw_jombang", "Honorer", 25, "belum bisa divaksin karena covid, positif 5 Mrt 2022",
             date(2022, 3, 5)),
        ):
            p = self.person(self.regency(unit), complete=False, registry=False)
            p.doses = []
            p.intent = "deferred"
            p.remark = text
            p.event = ("covid", "mild", event)
            r = self.row(p, "ptt")
            self.shown.append((f"{unit}.xlsx", sheet, r))
            self.spec(unit, sheet).rows.insert(at, r)
            p.note = "covid-wording"

    # ------------------------------------------------------------------ Excel's 15 digits
    def cut_nik(self) -> None:
        """A NIK typed into a number cell whose full NIK and two doses are in the export: the
        census finds them by the first 15 digits, birth date and name."""
        p = self.person("3515", registry=True)
        while nik_of(p)[-1] == "0":
            p = self.person("3515", registry=True)
        r = self.row(p, "ptt")
        r.overrides["nik"] = Num(int(nik_of(p)[:15] + "0"))
        r.shown = set()  # the unit never filled in the dates; the health office has both doses
        self.put("upt_psaa_sidoarjo", "PTT", 30, r, "nik-as-number-in-export",
                 "NIK typed into a number cell (16th digit lost), no dose dates on the roster; "
                 "the export has the full NIK and both doses: the person is complete",
                 [("nik", "nik-stored-as-number")])
