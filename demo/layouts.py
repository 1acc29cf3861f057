"""Roster sheet layouts as offices send them (DOMAIN §5), written cell by cell with openpyxl."""

from __future__ import annotations

import random
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from demo.people import AS_OF, PLACES, Person

MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
          "September", "Oktober", "November", "Desember"]
MONTHS_SHORT = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"]

#: How each brand code is typed on the rosters.
SPELLINGS = {
    "sinovac": ["Sinovac", "Sinovac", "CoronaVac", "Bio Farma", "SINOVAC"],
    "astrazeneca": ["AstraZeneca", "AZ", "Astra Zeneca", "ASTRAZENECA"],
    "pfizer": ["Pfizer", "Comirnaty", "Pfizer-BioNTech"],
    "moderna": ["Moderna", "MODERNA"],
    "sinopharm": ["Sinopharm"],
    "janssen": ["Janssen", "J&J"],
}

#: Fixed workbook timestamps so the same seed gives the same bytes.
FIXED_TIME = datetime(2022, 3, 31, 8, 0, 0)
EXCEL_EPOCH = date(1899, 12, 30)
_THIN = Side(style="thin")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


@dataclass(frozen=True)
class Num:
    """A value typed into a number cell (a NIK or a serial date the way Excel keeps it)."""

    value: int | float


@dataclass
class Row:
    """One roster row: who, in which category, and how this office typed them."""

    person: Person
    category: str
    name_text: str
    relation: str | None = None
    remark: str | None = None
    shown: set[str] = field(default_factory=set)
    overrides: dict[str, Any] = field(default_factory=dict)
    expect: list[tuple[str, str]] = field(default_factory=list)
    expect_run: list[tuple[str, str]] = field(default_factory=list)
    role: str | None = None  # the Jabatan / Tugas cell (demo/cases.py)


@dataclass
class SheetSpec:
    """One worksheet: its columns (kind, header, sub-header) and the office's habits."""

    title: str
    columns: list[tuple[str, str, str | None]]
    titles: list[str]
    two_row: bool = False
    number_row: bool = False
    total_row: bool = False
    signature: tuple[str, str, str] | None = None  # (place, role, name|NIP)
    date_forms: dict[str, int] = field(default_factory=lambda: {"excel": 1})
    birth_forms: dict[str, int] = field(default_factory=lambda: {"excel": 1})
    sex_long: bool = False
    nip_spaces: float = 0.7
    category_labels: dict[str, str] = field(default_factory=dict)
    rows: list[Row] = field(default_factory=list)
    first_data_row: int = 0  # set when written

    def excel_row(self, row: Row) -> int:
        """Worksheet row number of a row of this sheet (after writing)."""
        return self.first_data_row + next(i for i, r in enumerate(self.rows) if r is row)

    def letter(self, kind: str) -> str:
        """Column letter of a column kind."""
        for index, (k, _top, _sub) in enumerate(self.columns):
            if k == kind:
                return get_column_letter(index + 1)
        raise KeyError(f"{self.title} has no column {kind}")

    def has(self, kind: str) -> bool:
        return any(k == kind for k, _t, _s in self.columns)


def format_date(day: date, form: str, rng: random.Random) -> Any:
    """A date as one of the forms offices type (a real date, text, or a serial number)."""
    if form == "excel":
        return day
    if form == "slash":
        return f"{day:%d/%m/%Y}"
    if form == "dash":
        return f"{day.day}-{day.month}-{day.year}"
    if form == "long":
        month = MONTHS[day.month - 1]
        if day.month == 11 and rng.random() < 0.5:
            month = "Nopember"
        return f"{day:%d} {month} {day.year}"
    if form == "short":
        return f"{day.day} {MONTHS_SHORT[day.month - 1]} {day.year}"
    if form == "iso":
        return day.isoformat()
    if form == "serial":
        return Num((day - EXCEL_EPOCH).days)
    raise ValueError(form)


def long_date(day: date) -> str:
    """'31 Maret 2022'."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def spaced_nip(nip: str) -> str:
    return f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"


class SheetWriter:
    """Writes one SheetSpec into a worksheet and reports where each expected finding landed."""

    def __init__(self, spec: SheetSpec, file: str, rng: random.Random,
                 as_of: date = AS_OF) -> None:
        self.spec = spec
        self.file = file
        self.rng = rng
        self.as_of = as_of
        self.found: list[tuple[str, str, int, str, str]] = []
        self.found_run: list[tuple[str, str, int, str, str]] = []
        self.first_data_row = 0

    def _pick(self, weights: dict[str, int]) -> str:
        return self.rng.choices(list(weights), list(weights.values()))[0]

    def value(self, row: Row, kind: str, number: int) -> Any:
        if kind in row.overrides:
            return row.overrides[kind]
        p = row.person
        if kind == "no":
            return number
        if kind == "name":
            return row.name_text
        if kind == "nik":
            return p.nik
        if kind == "nip":
            if p.nip is None or row.category != "asn":
                return None
            return spaced_nip(p.nip) if self.rng.random() < self.spec.nip_spaces else p.nip
        if kind == "birth":
            return format_date(p.birth, self._pick(self.spec.birth_forms), self.rng)
        if kind == "place":
            return PLACES[p.region[:4]]
        if kind == "ttl":
            return f"{PLACES[p.region[:4]]}, {p.birth:%d-%m-%Y}"
        if kind == "sex":
            if self.spec.sex_long:
                return "Laki-laki" if p.sex == "L" else "Perempuan"
            return p.sex
        if kind == "relation":
            return row.relation
        if kind == "phone":
            return p.phone
        if kind == "kabkota":
            return p.kabkota
        if kind == "category":
            return self.spec.category_labels.get(row.category, row.category.upper())
        if kind == "remark":
            return row.remark
        if kind == "umur":
            return p.age_on(self.as_of)
        if kind == "alamat":
            return f"RT {p.pid % 9 + 1:02d}/RW {p.pid % 5 + 1:02d} Kec. {_district_name(p.region)}"
        if kind == "jabatan":
            if row.role is not None:
                return row.role
            return ["Staf", "Pengelola Program", "Pekerja Sosial", "Analis", "Bendahara",
                    "Kepala Seksi", "Penyuluh Sosial"][p.pid % 7]
        if kind == "tugas":
            return row.role
        slot, _, part = kind.rpartition("_")
        if slot and part in ("date", "brand"):
            dose = next((d for d in p.doses if d.slot == slot), None)
            if dose is None or slot not in row.shown:
                return None
            if part == "date":
                return format_date(dose.when, self._pick(self.spec.date_forms), self.rng)
            return self.rng.choice(SPELLINGS[dose.brand])
        raise KeyError(kind)

    def write(self, ws: Any) -> None:
        spec = self.spec
        width = len(spec.columns)
        r = 1
        for line in spec.titles:
            ws.cell(r, 1, line).font = Font(bold=True, size=12)
            ws.cell(r, 1).alignment = Alignment(horizontal="center")
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)
            r += 1
        r += 1  # the blank row under the titles
        r = self._header(ws, r)
        self.first_data_row = spec.first_data_row = r
        for number, row in enumerate(spec.rows, start=1):
            for c, (kind, _top, _sub) in enumerate(spec.columns, start=1):
                self._cell(ws, r, c, kind, self.value(row, kind, number))
            for kind, code in row.expect:
                self.found.append((self.file, spec.title, r, spec.letter(kind), code))
            for kind, code in row.expect_run:
                self.found_run.append((self.file, spec.title, r, spec.letter(kind), code))
            r += 1
        if spec.total_row:
            ws.cell(r, 1, "JUMLAH").font = Font(bold=True)
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=3)
            for c, (kind, _t, _s) in enumerate(spec.columns, start=1):
                if kind.endswith("_date"):
                    slot = kind[: -len("_date")]
                    ws.cell(r, c, sum(1 for x in spec.rows if slot in x.shown and any(
                        d.slot == slot for d in x.person.doses)))
            r += 1
        if spec.signature:
            # Right-aligned under the last column (the remarks), as most offices place it.
            self._signature(ws, r + 2, width)
        for c, (kind, top, _sub) in enumerate(spec.columns, start=1):
            ws.column_dimensions[get_column_letter(c)].width = _WIDTHS.get(kind, max(10, len(top)))

    def _header(self, ws: Any, r: int) -> int:
        spec = self.spec
        bold = Font(bold=True)
        centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
        if not spec.two_row:
            for c, (_kind, top, _sub) in enumerate(spec.columns, start=1):
                cell = ws.cell(r, c, top)
                cell.font, cell.alignment, cell.border = bold, centre, _BOX
            r += 1
        else:
            c = 1
            while c <= len(spec.columns):
                _kind, top, sub = spec.columns[c - 1]
                if sub is None:
                    ws.cell(r, c, top)
                    ws.merge_cells(start_row=r, start_column=c, end_row=r + 1, end_column=c)
                    c += 1
                    continue
                span = 1
                while c + span <= len(spec.columns) and spec.columns[c + span - 1][1] == top:
                    span += 1
                ws.cell(r, c, top)
                if span > 1:
                    ws.merge_cells(start_row=r, start_column=c, end_row=r, end_column=c + span - 1)
                for k in range(span):
                    ws.cell(r + 1, c + k, spec.columns[c + k - 1][2])
                c += span
            for rr in (r, r + 1):
                for cc in range(1, len(spec.columns) + 1):
                    cell = ws.cell(rr, cc)
                    cell.font, cell.alignment, cell.border = bold, centre, _BOX
            r += 2
        if spec.number_row:
            for c in range(1, len(spec.columns) + 1):
                cell = ws.cell(r, c, c)
                cell.alignment, cell.border = Alignment(horizontal="center"), _BOX
            r += 1
        return r

    def _cell(self, ws: Any, r: int, c: int, kind: str, value: Any) -> None:
        cell = ws.cell(r, c)
        cell.border = _BOX
        if value is None:
            if kind in ("nik", "nip", "phone"):
                cell.number_format = "@"
            return
        if isinstance(value, Num):
            cell.value = value.value
            cell.number_format = "0" if kind.endswith("_date") or kind == "birth" else "General"
            return
        if isinstance(value, date):
            cell.value = datetime(value.year, value.month, value.day)
            cell.number_format = ["dd/mm/yyyy", "d mmmm yyyy", "dd-mmm-yy"][(r + c) % 3]
            return
        cell.value = value
        if kind in ("nik", "nip", "phone") or isinstance(value, str):
            cell.number_format = "@"

    def _signature(self, ws: Any, r: int, c: int) -> None:
        assert self.spec.signature is not None
        place, role, who = self.spec.signature
        name, nip = who.split("|")
        lines = [f"{place}, {long_date(self.as_of)}", "Mengetahui,", role, None, None, None, name,
                 f"NIP. {spaced_nip(nip)}"]
        for k, line in enumerate(lines):
            if line is not None:
                ws.cell(r + k, c, line)
        ws.cell(r + 6, c).font = Font(bold=True, underline="single")


_WIDTHS = {"no": 5, "name": 32, "nik": 20, "nip": 23, "ttl": 26, "remark": 34, "alamat": 30,
           "birth": 14, "kabkota": 16, "phone": 15, "relation": 12, "sex": 11}


def _district_name(region: str) -> str:
    from demo.people import district_names

    return district_names().get(region, "-")


def write_book(path: Path, specs: list[SheetSpec], rng: random.Random,
               as_of: date = AS_OF) -> tuple[list, list]:
    """Write a workbook of `specs` as it stands on `as_of` (signature date, ages); returns
    (validate findings, run findings) as tuples."""
    wb = Workbook()
    wb.remove(wb.active)
    found: list[tuple[str, str, int, str, str]] = []
    found_run: list[tuple[str, str, int, str, str]] = []
    for spec in specs:
        writer = SheetWriter(spec, path.name, rng, as_of)
        writer.write(wb.create_sheet(spec.title))
        found += writer.found
        found_run += writer.found_run
    wb.properties.creator = "Dinas Sosial Provinsi Jawa Timur"
    wb.properties.created = FIXED_TIME
    wb.save(path)
    normalise_zip(path)
    return found, found_run


def normalise_zip(path: Path) -> None:
    """Make a saved xlsx reproducible: fixed entry times and a fixed dcterms:modified."""
    with zipfile.ZipFile(path) as source:
        entries = [(info, source.read(info.filename)) for info in source.infolist()]
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in entries:
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp.encode(), data)
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            target.writestr(fixed, data)
