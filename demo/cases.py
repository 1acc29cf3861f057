"""The demo province's COVID-19 cases (DOMAIN §9) and the roles of its staff.

Roles: the head office's Non ASN are mostly PKH field workers (pendamping), with its guards
(Pamdal), office boys (OB) and drivers; every UPT's PTT sheet gets a Tugas column (carers, guards,
cleaners, drivers). Cases: a realistic handful per unit over the months before the census date —
the delta wave of July 2021, a few in between, the omicron wave of February 2022, a cluster in
UPT PSTW Banyuwangi in late March 2022 (clients isolated in the home's rooms, one taken to
hospital who died) and a PKH coordinator of the head office tested positive on 28 March 2022 —
in inputs/kasus/kasus_covid_dinsos.xlsx, and UPT PSTW Jombang's own cases on a 'Kasus' sheet of
its workbook. Planted mistakes in the cases workbook are listed with their findings.

Everything here draws from its own random stream, so the rosters' people and mistakes stay as
they were. A case changes the truth only through `person.event` (DOMAIN §3: deferred after a
positive test).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from demo.layouts import FIXED_TIME, Row, normalise_zip
from demo.people import AS_OF, Person

CASES_FILE = "kasus/kasus_covid_dinsos.xlsx"
CASES_SHEET = "Kasus COVID-19"
UNIT_SHEET = "Kasus"
ISOLATION_DAYS = 10
_THIN = Side(style="thin")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)

#: Roles of the head office's Non ASN staff (how many, and how each is written).
HEAD_OFFICE_ROLES = [(30, ["Pendamping PKH"]), (1, ["Koordinator PKH Kabupaten"]),
                     (5, ["Pamdal", "Satpam"]), (4, ["Office Boy", "Cleaning Service"]),
                     (3, ["Sopir", "Pengemudi"])]
HEAD_OFFICE_OTHER = ["Staf Administrasi", "Pengelola Data", "Operator Komputer"]
#: Roles of a UPT's PTT staff.
UPT_ROLES = [(3, ["Pamdal", "Satpam"]), (2, ["Cleaning Service", "Office Boy"]),
             (2, ["Sopir"]), (7, None)]
UPT_CARERS = {"upt_psaa_sidoarjo": "Pengasuh", "upt_psbr_kediri": "Pramu Sosial",
              "upt_psbn_malang": "Pramu Sosial", "upt_pstw_jombang": "Perawat",
              "upt_pstw_banyuwangi": "Pramu Sosial"}
UPT_OTHER = ["Staf", "Tenaga Administrasi", "Juru Masak"]
PTT_SHEETS = {"upt_psaa_sidoarjo": "PTT", "upt_psbr_kediri": "PTT",
              "upt_pstw_jombang": "Honorer", "upt_pstw_banyuwangi": "Non ASN",
              "upt_psbn_malang": "Data Vaksinasi"}
PUSKESMAS = {"dinsos_kantor": "Puskesmas Ketintang", "upt_psaa_sidoarjo": "Puskesmas Sidoarjo",
             "upt_psbn_malang": "Puskesmas Singosari", "upt_psbr_kediri": "Puskesmas Pare",
             "upt_pstw_jombang": "Puskesmas Jelakombo", "upt_pstw_banyuwangi": "Puskesmas Sobo",
             "tagana": "Puskesmas Ketintang"}
HOSPITALS = {"dinsos_kantor": "RSUD Dr. Soetomo", "upt_pstw_banyuwangi": "RSUD Blambangan",
             "upt_psaa_sidoarjo": "RSUD Sidoarjo", "upt_psbn_malang": "RSUD Kanjuruhan",
             "upt_psbr_kediri": "RSUD Pare", "upt_pstw_jombang": "RSUD Jombang",
             "tagana": "RS Lapangan Indrapura"}
SEVERITY = {"OTG": "mild", "Tanpa gejala": "mild", "Ringan": "mild", "Sedang": "mild",
            "Berat": "severe", "Kritis": "severe"}


@dataclass
class Case:
    """One case row as a secretary writes it, with the truth behind it."""

    unit: str
    person: Person | None
    name: str
    nik: str | None
    who: str
    test: date | None
    test_type: str
    severity: str
    place: str
    start: date | None = None
    end: date | None = None
    outcome: str | None = None
    outcome_date: date | str | None = None
    remark: str | None = None
    unit_text: str = ""
    counted: bool = True
    expect: list[tuple[str, str]] = field(default_factory=list)  # (column header, code)
    description: str = ""

    @property
    def recovered(self) -> date | None:
        """As census reads it: the outcome date of a recovery, else the isolation end, else the
        test date + 10 days; None for a death or without a test date."""
        if self.outcome == "Meninggal" or self.test is None:
            return None
        if self.outcome == "Sembuh" and isinstance(self.outcome_date, date):
            return self.outcome_date
        return self.end or self.test + timedelta(days=ISOLATION_DAYS)


class CaseMaker:
    """Gives the staff their roles and the province its cases (after the rosters are built)."""

    def __init__(self, builder: Any, seed: int) -> None:
        self.b = builder
        self.rng = random.Random(seed * 31 + 14)
        self.cases: list[Case] = []
        self.used: set[int] = set()

    # ------------------------------------------------------------------ roles
    def roles(self) -> None:
        """A Jabatan/Tugas text on every staff row of the head office and the UPTs."""
        rows = [r for r in self.b.specs[("dinsos_kantor", "Non ASN")].rows]
        texts = [self.rng.choice(words) for count, words in HEAD_OFFICE_ROLES for _ in range(count)]
        texts += [self.rng.choice(HEAD_OFFICE_OTHER) for _ in range(len(rows) - len(texts))]
        self.rng.shuffle(texts)
        for row, text in zip(rows, texts, strict=False):
            row.role = text
        for unit, sheet in PTT_SHEETS.items():
            staff = [r for r in self.b.specs[(unit, sheet)].rows if r.category == "ptt"]
            texts = []
            for count, words in UPT_ROLES:
                texts += [self.rng.choice(words or [UPT_CARERS[unit]]) for _ in range(count)]
            texts += [self.rng.choice(UPT_OTHER) for _ in range(len(staff) - len(texts))]
            self.rng.shuffle(texts)
            for row, text in zip(staff, texts, strict=False):
                row.role = text
            for row in self.b.specs[(unit, sheet)].rows:
                if row.category == "asn":
                    row.role = self.rng.choice(["Staf", "Pekerja Sosial", "Penyuluh Sosial"])

    # ------------------------------------------------------------------ people
    def _rows(self, unit: str, category: str) -> list[Row]:
        """Rows of `unit` in `category` whose person can carry a case: on one roster row, no
        planted mistake, no remark-made status, a usable NIK or none at all."""
        seen: dict[int, int] = {}
        for u in self.b.units:
            for spec in u.specs:
                for row in spec.rows:
                    seen[id(row.person)] = seen.get(id(row.person), 0) + 1
        out = []
        for u in self.b.units:
            if u.code != unit:
                continue
            for spec in u.specs:
                for row in spec.rows:
                    p = row.person
                    if (row.category == category and seen[id(p)] == 1 and not p.note
                            and p.pid not in self.used and p.event is None
                            and p.intent not in ("refused", "exempt")
                            and p not in getattr(self.b, "couple", ())
                            and ("nik" not in row.overrides or p.nik is None)):
                        out.append(row)
        return out

    def _pick(self, unit: str, category: str, role: str | None = None) -> Row:
        rows = self._rows(unit, category)
        if role is not None:
            rows = [r for r in rows if (getattr(r, "role", None) or "").startswith(role)]
        row = self.rng.choice(rows)
        self.used.add(row.person.pid)
        return row

    def _who(self, row: Row) -> str:
        role = getattr(row, "role", None)
        if row.category == "klien":
            return "Klien"
        if role and role not in HEAD_OFFICE_OTHER + UPT_OTHER + ["Staf"]:
            return role
        return "ASN" if row.category == "asn" else "PTT"

    def case(self, unit: str, category: str, test: date, severity: str = "Ringan",
             place: str = "Isoman", role: str | None = None, **extra: Any) -> Case:
        row = self._pick(unit, category, role)
        p = row.person
        days = {"Berat": 14, "Kritis": 21}.get(severity, ISOLATION_DAYS)
        case = Case(unit=unit, person=p, name=p.name, nik=p.nik, who=self._who(row), test=test,
                    test_type=extra.pop("test_type", self.rng.choice(["PCR", "PCR", "Antigen"])),
                    severity=severity, place=place, start=test,
                    end=test + timedelta(days=days), unit_text=self._unit_text(unit))
        for key, value in extra.items():
            setattr(case, key, value)
        if case.outcome is None and case.end is not None and case.end < AS_OF:
            case.outcome, case.outcome_date = "Sembuh", case.end
        self.cases.append(case)
        return case

    def _unit_text(self, unit: str) -> str:
        name = next(u.name for u in self.b.units if u.code == unit)
        return self.rng.choice([unit, name, name])

    # ------------------------------------------------------------------ the cases
    def make(self) -> list[Case]:
        """Every case of the demo, then the truth it changes (`person.event`)."""
        c, d = self.case, date
        # The delta wave (July 2021).
        c("dinsos_kantor", "asn", d(2021, 7, 2), "Sedang", test_type="PCR")
        c("dinsos_kantor", "asn", d(2021, 7, 6))
        c("dinsos_kantor", "asn", d(2021, 7, 9), "OTG")
        c("dinsos_kantor", "ptt", d(2021, 7, 12), "Berat", HOSPITALS["dinsos_kantor"],
          role="Pendamping")
        c("upt_psaa_sidoarjo", "klien", d(2021, 7, 14), "OTG", "Ruang Isolasi Anak")
        c("upt_psaa_sidoarjo", "klien", d(2021, 7, 16), "Ringan", "Ruang Isolasi Anak")
        c("tagana", "tagana", d(2021, 7, 20), "Ringan", "Isolasi terpadu Asrama Haji")
        c("tagana", "tagana", d(2021, 7, 23), "Sedang", "Isoman")
        # In between.
        c("upt_pstw_jombang", "klien", d(2021, 8, 3), "Ringan", "Ruang Isolasi Melati")
        c("upt_pstw_jombang", "klien", d(2021, 8, 5), "Sedang", HOSPITALS["upt_pstw_jombang"])
        c("upt_psbn_malang", "asn", d(2021, 9, 14), "Ringan")
        c("upt_psbn_malang", "klien", d(2021, 12, 6), "OTG", "Ruang Isolasi")
        c("upt_pstw_jombang", "ptt", d(2022, 1, 18), "Ringan")
        # The omicron wave (February 2022).
        c("dinsos_kantor", "ptt", d(2022, 2, 3), "Ringan", role="Pendamping")
        c("dinsos_kantor", "asn", d(2022, 2, 7), "OTG")
        c("upt_psbr_kediri", "ptt", d(2022, 2, 15), "Ringan")
        # The cluster: UPT PSTW Banyuwangi, late March 2022.
        rooms = ["Ruang Isolasi 1", "Ruang Isolasi 2", "Ruang Isolasi 1", "Ruang Isolasi 2",
                 "Wisma Melati"]
        first = c("upt_pstw_banyuwangi", "klien", d(2022, 3, 18), "Ringan", rooms[0],
                  test_type="Antigen")
        for i, day in enumerate((19, 19, 21, 22)):
            c("upt_pstw_banyuwangi", "klien", d(2022, 3, day), "Sedang" if i == 2 else "Ringan",
              rooms[i + 1])
        c("upt_pstw_banyuwangi", "klien", d(2022, 3, 20), "Berat",
          HOSPITALS["upt_pstw_banyuwangi"], outcome="Meninggal", outcome_date=d(2022, 3, 29),
          end=None, test_type="PCR")
        c("upt_pstw_banyuwangi", "ptt", d(2022, 3, 21), "Ringan", role=UPT_CARERS[
            "upt_pstw_banyuwangi"])
        c("upt_pstw_banyuwangi", "ptt", d(2022, 3, 24), "OTG")
        # The head office's PKH district coordinator, three days before the census date.
        c("dinsos_kantor", "ptt", d(2022, 3, 28), "Ringan", role="Koordinator PKH",
          test_type="PCR", remark="setelah penyaluran bantuan beras")
        self._planted(first)
        for case in self.cases:
            if case.person is not None and case.counted and case.recovered is not None:
                case.person.event = ("covid", SEVERITY.get(case.severity, "mild"), case.recovered)
        return self.cases

    def _planted(self, first: Case) -> None:
        """The planted mistakes of the cases workbook (each with its finding)."""
        c, d = self.case, date
        case = c("upt_psbr_kediri", "klien", d(2021, 10, 4), "Ringan", "Ruang Isolasi")
        case.test, case.expect = None, [("Tanggal Tes", "case-date-missing")]
        case.description = "a positive case without a test date"
        case = c("dinsos_kantor", "asn", d(2022, 2, 8), start=d(2022, 2, 10), end=d(2022, 2, 1),
                 outcome="Sembuh", outcome_date=d(2022, 2, 18))
        case.expect = [("Selesai Isolasi", "case-isolation-order")]
        case.description = "isolation ends (01-02-2022) before it starts (10-02-2022)"
        case = c("upt_psaa_sidoarjo", "ptt", d(2021, 9, 6), "parah")
        case.expect = [("Gejala", "case-severity-unknown")]
        case.description = "severity 'parah' is none of OTG, ringan, sedang, berat, kritis"
        case = c("upt_psbn_malang", "ptt", d(2021, 10, 11), test_type="GeNose")
        case.expect = [("Jenis Tes", "case-test-type-unknown")]
        case.description = "test type 'GeNose' is neither PCR nor antigen"
        case = c("upt_psbr_kediri", "asn", d(2021, 9, 20), outcome="Sembuh",
                 outcome_date="31/09/2021")
        case.expect = [("Tanggal Keadaan Akhir", "date-invalid")]
        case.description = "recovery date 31/09/2021 does not exist"
        repeat = Case(unit=first.unit, person=first.person, name=first.name, nik=first.nik,
                      who=first.who, test=(first.test or AS_OF) + timedelta(days=2),
                      test_type="PCR", severity=first.severity, place=first.place,
                      unit_text=first.unit_text, counted=False,
                      remark="konfirmasi PCR setelah antigen",
                      expect=[("Tanggal Tes", "case-repeat-positive")],
                      description="a PCR two days after the antigen test: the same case")
        self.cases.append(repeat)
        first_name, last_name = self.b.pop.fresh_name("L", words=2)
        stranger = Case(unit="dinsos_kantor", person=None, name=f"{first_name} {last_name}",
                        nik=None, who="Pendamping PKH", test=d(2021, 11, 8), test_type="Antigen",
                        severity="Ringan", place="Isoman", unit_text="dinsos_kantor",
                        outcome="Sembuh", outcome_date=d(2021, 11, 18),
                        expect=[("Nama", "case-person-unknown")],
                        description="a PKH field worker on no roster of the head office")
        self.cases.append(stranger)
        dead = next(case for case in self.cases if case.outcome == "Meninggal")
        dead.expect = [("Keadaan Akhir", "case-person-died")]
        dead.description = "a client who died is still on the Penerima Manfaat roster"


HEAD = ["No", "Nama", "NIK", "Unit Kerja", "Jabatan/Status", "Tanggal Tes", "Jenis Tes", "Hasil",
        "Gejala", "Tempat Isolasi", "Mulai Isolasi", "Selesai Isolasi", "Puskesmas",
        "Keadaan Akhir", "Tanggal Keadaan Akhir", "Keterangan"]


def _cells(case: Case, number: int, with_unit: bool) -> list[Any]:
    values: list[Any] = [number, case.name, case.nik]
    if with_unit:
        values.append(case.unit_text)
    values += [case.who, case.test, case.test_type, "Positif", case.severity, case.place,
               case.start, case.end, PUSKESMAS.get(case.unit, ""), case.outcome,
               case.outcome_date, case.remark]
    return values


def _write_row(ws: Any, r: int, values: list[Any], text_dates: bool) -> None:
    for column, value in enumerate(values, start=1):
        cell = ws.cell(r, column)
        cell.border = _BOX
        if value is None:
            continue
        if isinstance(value, date):
            if text_dates and r % 2:
                cell.value, cell.number_format = value.strftime("%d/%m/%Y"), "@"
            else:
                cell.value = datetime(value.year, value.month, value.day)
                cell.number_format = "dd/mm/yyyy"
        else:
            cell.value = value
            if isinstance(value, str):
                cell.number_format = "@"


def write_cases(out: Path, cases: list[Case]) -> list[tuple[str, str, int, str, str]]:
    """inputs/kasus/kasus_covid_dinsos.xlsx (every unit but Jombang) and the Kasus sheet of
    upt_pstw_jombang.xlsx; returns where each planted case finding lands."""
    found: list[tuple[str, str, int, str, str]] = []
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = CASES_SHEET
    for r, text in enumerate(("DATA KASUS COVID-19 PEGAWAI, PENERIMA MANFAAT DAN RELAWAN",
                              "DINAS SOSIAL PROVINSI JAWA TIMUR",
                              "KEADAAN PER 31 MARET 2022"), start=1):
        ws.cell(r, 1, text).font = Font(bold=True)
    for column, text in enumerate(HEAD, start=1):
        cell = ws.cell(5, column, text)
        cell.font, cell.border = Font(bold=True), _BOX
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(column)].width = 12 if column > 3 else 24
    mine = sorted((c for c in cases if c.unit != "upt_pstw_jombang"),
                  key=lambda c: (c.test or date(2021, 10, 1), c.name))
    for number, case in enumerate(mine, start=1):
        _write_row(ws, 5 + number, _cells(case, number, True), text_dates=True)
        for header, code in case.expect:
            found.append((Path(CASES_FILE).name, CASES_SHEET, 5 + number,
                          get_column_letter(HEAD.index(header) + 1), code))
    path = out / CASES_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    book.properties.creator = "Dinas Sosial Provinsi Jawa Timur"
    book.properties.created = FIXED_TIME
    book.save(path)
    normalise_zip(path)
    _unit_sheet(out / "upt_pstw_jombang.xlsx",
                [c for c in cases if c.unit == "upt_pstw_jombang"])
    return found


def _unit_sheet(path: Path, cases: list[Case]) -> None:
    """A 'Kasus' sheet in the unit's own workbook: two-row headers, no unit column."""
    book = openpyxl.load_workbook(path)
    ws = book.create_sheet(UNIT_SHEET)
    head = [h for h in HEAD if h != "Unit Kerja"]
    ws.cell(1, 1, "DATA PEGAWAI DAN PENERIMA MANFAAT TERKONFIRMASI COVID-19").font = Font(bold=True)
    ws.cell(2, 1, "UPT PELAYANAN SOSIAL TRESNA WERDHA JOMBANG").font = Font(bold=True)
    groups = {"Mulai Isolasi": ("Isolasi", "Mulai"), "Selesai Isolasi": ("Isolasi", "Selesai"),
              "Tempat Isolasi": ("Isolasi", "Tempat"), "Keadaan Akhir": ("Keadaan Akhir", "Status"),
              "Tanggal Keadaan Akhir": ("Keadaan Akhir", "Tanggal")}
    column = 1
    while column <= len(head):
        header = head[column - 1]
        if header in groups:
            top = groups[header][0]
            span = 1  # the group's headers follow one another
            while column + span <= len(head) and groups.get(head[column + span - 1],
                                                               ("",))[0] == top:
                span += 1
            ws.cell(4, column, top)
            ws.merge_cells(start_row=4, start_column=column, end_row=4, end_column=column + span - 1)
            for k in range(span):
                ws.cell(5, column + k, groups[head[column - 1 + k]][1])
            column += span
        else:
            ws.cell(4, column, header)
            ws.merge_cells(start_row=4, start_column=column, end_row=5, end_column=column)
            column += 1
    for r in (4, 5):
        for col in range(1, len(head) + 1):
            cell = ws.cell(r, col)
            cell.font, cell.border = Font(bold=True), _BOX
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for number, case in enumerate(sorted(cases, key=lambda c: c.test or AS_OF), start=1):
        _write_row(ws, 5 + number, _cells(case, number, False), text_dates=False)
    last = 5 + len(cases) + 3
    for k, text in enumerate(("Jombang, 31 Maret 2022", "Kepala UPT Pelayanan Sosial Tresna "
                              "Werdha Jombang")):
        ws.cell(last + k, len(head) - 1, text)
    book.save(path)
    normalise_zip(path)
