"""The demo province's units: their sheets, layouts, people and status mixes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from demo.layouts import SheetSpec

AS_OF_TITLE = "KEADAAN PER 31 MARET 2022"

#: Kab/Kota of the Tagana volunteers → regency NIK prefix.
TAGANA_KABKOTA = {
    "Kota Surabaya": "3578", "Kab. Sidoarjo": "3515", "Kab. Gresik": "3525",
    "Kab. Jombang": "3517", "Kab. Malang": "3507", "Kab. Kediri": "3506",
    "Kab. Banyuwangi": "3510",
}

#: Intent weights per group (see demo.build for what each intent becomes).
MIX = {
    "asn": {"complete_booster": 40, "complete": 40, "partial": 2, "partial_overdue": 3,
            "unvaccinated": 3, "deferred": 4, "expired": 1, "exempt": 2, "refused": 2,
            "claim": 2, "hamil": 1},
    "ptt": {"complete_booster": 25, "complete": 42, "partial": 4, "partial_overdue": 5,
            "unvaccinated": 10, "deferred": 3, "expired": 1, "refused": 4, "exempt": 1,
            "janssen": 3, "claim": 1, "hamil": 1},
    "elderly": {"complete_booster": 15, "complete": 40, "partial": 5, "partial_overdue": 7,
                "unvaccinated": 15, "deferred": 4, "expired": 2, "refused": 8, "exempt": 4},
    "adult": {"complete_booster": 20, "complete": 43, "partial": 4, "partial_overdue": 6,
              "unvaccinated": 14, "deferred": 3, "expired": 1, "refused": 5, "exempt": 2,
              "hamil": 1, "claim": 1},
    "teen": {"complete": 62, "partial": 5, "partial_overdue": 10, "unvaccinated": 15,
             "deferred": 5, "refused": 3},
    "child": {"complete": 40, "partial": 30, "unvaccinated": 25, "refused": 5},
    # Tagana: doses from the allocation plan's start on are redrawn by demo/tagana.py.
    "tagana": {"complete_booster": 5, "complete": 38, "partial": 8, "partial_overdue": 13,
               "unvaccinated": 28, "deferred": 4, "refused": 1, "janssen": 3},
}


@dataclass
class Group:
    """People to generate for one sheet: how many, which category, ages, regency, staff kind."""

    sheet: str
    category: str
    count: int
    ages: tuple[int, int]
    kind: str  # asn, ptt, elderly, children, disability, youth, keluarga, tagana
    no_nik: int = 0  # how many of them have no NIK (elderly clients)


@dataclass
class Unit:
    """One unit: its workbook (file stem = code), display name, head, sheets and people."""

    code: str
    name: str
    regency: str
    place: str
    head: str  # 'Name|NIP' filled by the builder
    specs: list[SheetSpec] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)


def _dose_cols(labels: tuple[str, str, str], sub: tuple[str, str], booster: bool = True):
    """Two-row dose headers: each label over (date, brand) sub-headers."""
    cols = []
    slots = ["dose1", "dose2"] + (["booster1"] if booster else [])
    for slot, label in zip(slots, labels, strict=False):
        cols += [(f"{slot}_date", label, sub[0]), (f"{slot}_brand", label, sub[1])]
    return cols


def _flat_doses(booster: tuple[str, str] | None, first: str = "Tgl Vaksin"):
    cols = [("dose1_date", f"{first} 1", None), ("dose1_brand", "Jenis Vaksin 1", None),
            ("dose2_date", f"{first} 2", None), ("dose2_brand", "Jenis Vaksin 2", None)]
    if booster:
        cols += [("booster1_date", booster[0], None), ("booster1_brand", booster[1], None)]
    return cols


def _titles(what: str, unit_name: str) -> list[str]:
    return [f"DATA VAKSINASI {what}", unit_name.upper(), AS_OF_TITLE]


def province() -> list[Unit]:
    """Every unit of the demo, in file-name order."""
    units: list[Unit] = []

    # Head office: two-row merged headers, a column-number row, Excel dates, signature.
    u = Unit("dinsos_kantor", "Dinas Sosial Provinsi Jawa Timur (Kantor)", "3578", "Surabaya",
             "")
    doses = _dose_cols(("Vaksin Dosis 1", "Vaksin Dosis 2", "Booster"), ("Tanggal", "Jenis Vaksin"))
    common: dict[str, Any]
    common = dict(two_row=True, number_row=True, date_forms={"excel": 8, "slash": 2},
                  birth_forms={"excel": 1})
    u.specs = [
        SheetSpec("ASN", [("no", "No", None), ("name", "Nama Lengkap", None), ("nip", "NIP", None),
                          ("nik", "NIK", None), ("place", "Tempat Lahir", None),
                          ("birth", "Tanggal Lahir", None), ("sex", "L/P", None),
                          ("jabatan", "Jabatan", None), ("phone", "No HP", None), *doses,
                          ("remark", "Keterangan", None)],
                  _titles("ASN", u.name), **common),
        SheetSpec("Non ASN", [("no", "No", None), ("name", "Nama Lengkap", None),
                              ("nik", "NIK", None), ("place", "Tempat Lahir", None),
                              ("birth", "Tanggal Lahir", None), ("sex", "L/P", None),
                              ("jabatan", "Jabatan", None), ("phone", "No HP", None), *doses,
                              ("remark", "Keterangan", None)],
                  _titles("PEGAWAI NON ASN", u.name), **common),
        SheetSpec("Keluarga", [("no", "No", None), ("name", "Nama Anggota Keluarga", None),
                               ("nik", "NIK", None), ("ttl", "Tempat, Tanggal Lahir", None),
                               ("sex", "L/P", None), ("relation", "Hubungan", None), *doses,
                               ("remark", "Keterangan", None)],
                  _titles("KELUARGA PEGAWAI", u.name), **common),
    ]
    u.groups = [Group("ASN", "asn", 170, (23, 58), "asn"),
                Group("Non ASN", "ptt", 85, (20, 55), "ptt"),
                Group("Keluarga", "keluarga", 250, (0, 85), "keluarga")]
    units.append(u)

    u = Unit("tagana", "Tagana Provinsi Jawa Timur", "3578", "Surabaya", "")
    doses = _dose_cols(("Dosis 1", "Dosis 2", "Booster 1"), ("Tanggal", "Jenis Vaksin"))
    cols = [("no", "No", None), ("name", "Nama", None), ("nik", "NIK", None),
            ("birth", "Tgl Lahir", None), ("sex", "JK", None), ("kabkota", "Kab/Kota", None),
            ("phone", "No HP", None), *doses, ("remark", "Keterangan", None)]
    common = dict(two_row=True, date_forms={"slash": 5, "excel": 3, "iso": 2},
                  birth_forms={"slash": 3, "excel": 2})
    u.specs = [SheetSpec("Tagana", list(cols), _titles("RELAWAN TAGANA", u.name), **common),
               SheetSpec("Sahabat Tagana", list(cols), _titles("SAHABAT TAGANA", u.name),
                         **common)]
    u.groups = [Group("Tagana", "tagana", 250, (18, 55), "tagana"),
                Group("Sahabat Tagana", "tagana", 115, (18, 50), "tagana")]
    units.append(u)

    # Children's home: two-row 'Vaksin Ke-n' headers, Indonesian month names as text.
    u = Unit("upt_psaa_sidoarjo", "UPT Pelayanan Sosial Asuhan Anak Sidoarjo", "3515",
             "Sidoarjo", "")
    doses = _dose_cols(("Vaksin Ke-1", "Vaksin Ke-2", "Booster"), ("Tanggal", "Jenis Vaksin"))
    common = dict(two_row=True, date_forms={"long": 5, "short": 3, "excel": 2},
                  signature=("Sidoarjo", "Kepala UPT Pelayanan Sosial Asuhan Anak Sidoarjo", ""))
    staff = [("no", "No", None), ("name", "Nama Pegawai", None), ("nip", "NIP", None),
             ("nik", "NIK (16 digit)", None), ("ttl", "Tempat, Tanggal Lahir", None),
             ("sex", "JK", None), *doses, ("remark", "Keterangan", None)]
    u.specs = [
        SheetSpec("ASN", list(staff), _titles("ASN", u.name), **common),
        SheetSpec("PTT", [c for c in staff if c[0] != "nip"] + [("tugas", "Tugas", None)],
                  _titles("PTT", u.name), **common),
        SheetSpec("Klien", [("no", "No", None), ("name", "Nama Lengkap", None),
                            ("nik", "NIK (16 digit)", None),
                            ("ttl", "Tempat, Tanggal Lahir", None), ("sex", "JK", None), *doses,
                            ("remark", "Keterangan", None)], _titles("ANAK ASUH", u.name),
                  **common),
        SheetSpec("Keluarga", [("no", "No", None), ("name", "Nama Anggota Keluarga", None),
                               ("nik", "NIK (16 digit)", None),
                               ("ttl", "Tempat, Tanggal Lahir", None), ("sex", "JK", None),
                               ("relation", "Status Keluarga", None), *doses,
                               ("remark", "Keterangan", None)],
                  _titles("KELUARGA PEGAWAI", u.name), **common),
    ]
    u.groups = [Group("ASN", "asn", 25, (25, 58), "asn"), Group("PTT", "ptt", 22, (20, 50), "ptt"),
                Group("Klien", "klien", 150, (5, 17), "children"),
                Group("Keluarga", "keluarga", 85, (0, 80), "keluarga")]
    units.append(u)

    # Disability home: ONE sheet with a category column, ISO text, Excel dates and serials.
    u = Unit("upt_psbn_malang", "UPT Pelayanan Sosial Bina Netra Malang", "3507", "Malang", "")
    u.specs = [SheetSpec(
        "Data Vaksinasi",
        [("no", "No", None), ("name", "Nama", None), ("nik", "No. KTP", None),
         ("nip", "NIP", None), ("category", "Kategori", None), ("birth", "Tgl Lahir", None),
         ("sex", "L/P", None), ("phone", "No. Telp", None),
         *_flat_doses(("Tgl Booster", "Jenis Vaksin Booster"), first="Tgl Vaksin"),
         ("remark", "Catatan", None), ("tugas", "Jabatan", None)],
        _titles("PEGAWAI, PENERIMA MANFAAT DAN KELUARGA", u.name),
        date_forms={"iso": 4, "excel": 4, "serial": 2}, birth_forms={"excel": 3, "iso": 1},
        category_labels={"asn": "ASN", "ptt": "PTT", "klien": "Klien", "keluarga": "Keluarga"},
        signature=("Malang", "Kepala UPT Pelayanan Sosial Bina Netra Malang", ""),
    )]
    u.groups = [Group("Data Vaksinasi", "asn", 30, (25, 58), "asn"),
                Group("Data Vaksinasi", "ptt", 25, (20, 50), "ptt"),
                Group("Data Vaksinasi", "klien", 150, (15, 45), "disability"),
                Group("Data Vaksinasi", "keluarga", 80, (0, 80), "keluarga")]
    units.append(u)

    # Youth home: single-row headers with a column-number row, serial and d-m-yyyy dates,
    # names in capitals, no booster column (boosters only in the health-office export).
    u = Unit("upt_psbr_kediri", "UPT Pelayanan Sosial Bina Remaja Kediri", "3506", "Kediri", "")
    cols = [("no", "No", None), ("name", "Nama", None),
            ("nik", "Nomor Induk Kependudukan", None), ("birth", "Tanggal Lahir", None),
            ("sex", "JK", None), ("umur", "Umur", None), *_flat_doses(None),
            ("remark", "Keterangan", None)]
    common = dict(number_row=True, date_forms={"dash": 5, "serial": 3, "slash": 2},
                  birth_forms={"dash": 3, "serial": 1},
                  signature=("Kediri", "Kepala UPT Pelayanan Sosial Bina Remaja Kediri", ""))
    u.specs = [
        SheetSpec("ASN", cols[:3] + [("nip", "NIP", None)] + cols[3:], _titles("ASN", u.name),
                  **common),
        SheetSpec("PTT", [*cols, ("tugas", "Tugas", None)], _titles("PTT", u.name), **common),
        SheetSpec("Klien", list(cols), _titles("PENERIMA MANFAAT", u.name), **common),
        SheetSpec("Keluarga", cols[:5] + [("relation", "Hubungan", None)] + cols[5:],
                  _titles("KELUARGA PEGAWAI", u.name), **common),
    ]
    u.groups = [Group("ASN", "asn", 25, (25, 58), "asn"), Group("PTT", "ptt", 22, (20, 50), "ptt"),
                Group("Klien", "klien", 125, (15, 21), "youth"),
                Group("Keluarga", "keluarga", 75, (0, 80), "keluarga")]
    units.append(u)

    # Elderly home (Jombang): single-row headers, text dates, a JUMLAH row, many clients
    # without NIK.
    u = Unit("upt_pstw_jombang", "UPT Pelayanan Sosial Tresna Werdha Jombang", "3517", "Jombang",
             "")
    flat = _flat_doses(None)
    common = dict(date_forms={"slash": 6, "dash": 4}, birth_forms={"slash": 1}, sex_long=True,
                  signature=("Jombang", "Kepala UPT Pelayanan Sosial Tresna Werdha Jombang", ""))
    base = [("no", "No", None), ("name", "Nama", None), ("nik", "NIK", None),
            ("birth", "Tgl. Lahir", None), ("sex", "Jenis Kelamin", None)]
    u.specs = [
        SheetSpec("PNS", base[:2] + [("nip", "NIP", None)] + base[2:] + flat + [
            ("remark", "Ket.", None)], _titles("PNS", u.name), **common),
        SheetSpec("Honorer", base + flat + [("remark", "Ket.", None), ("tugas", "Tugas", None)],
                  _titles("PEGAWAI HONORER", u.name), **common),
        SheetSpec("Penerima Manfaat", base + _flat_doses(("Tgl Booster", "Jenis Vaksin Booster"))
                  + [("remark", "Ket.", None)], _titles("PENERIMA MANFAAT", u.name),
                  total_row=True, **common),
        SheetSpec("Keluarga", [("no", "No", None), ("name", "Nama Anggota Keluarga", None)]
                  + base[2:] + [("relation", "Hubungan", None)] + flat
                  + [("remark", "Ket.", None)], _titles("KELUARGA PEGAWAI", u.name), **common),
    ]
    u.groups = [Group("PNS", "asn", 30, (25, 58), "asn"),
                Group("Honorer", "ptt", 30, (20, 55), "ptt"),
                Group("Penerima Manfaat", "klien", 160, (60, 95), "elderly", no_nik=30),
                Group("Keluarga", "keluarga", 90, (0, 80), "keluarga")]
    units.append(u)

    # Elderly home (Banyuwangi): two-row headers, Excel and '5 Jul 2021' dates, WA, address.
    u = Unit("upt_pstw_banyuwangi", "UPT Pelayanan Sosial Tresna Werdha Banyuwangi", "3510",
             "Banyuwangi", "")
    doses = _dose_cols(("Vaksin Dosis 1", "Vaksin Dosis 2", "Booster 1"),
                       ("Tanggal", "Jenis Vaksin"))
    common = dict(two_row=True, date_forms={"excel": 5, "short": 3, "slash": 2},
                  birth_forms={"excel": 2, "slash": 1}, sex_long=True,
                  signature=("Banyuwangi", "Kepala UPT Pelayanan Sosial Tresna Werdha Banyuwangi",
                             ""))
    staff = [("no", "No", None), ("name", "Nama", None), ("nip", "NIP", None),
             ("nik", "NIK", None), ("birth", "Tanggal Lahir", None),
             ("sex", "Jenis Kelamin", None), ("alamat", "Alamat (sesuai KTP)", None),
             ("phone", "WA", None), *doses, ("remark", "Catatan", None)]
    u.specs = [
        SheetSpec("ASN", list(staff), _titles("ASN", u.name), **common),
        SheetSpec("Non ASN", [c for c in staff if c[0] != "nip"] + [("tugas", "Tugas", None)],
                  _titles("NON ASN", u.name), **common),
        SheetSpec("Penerima Manfaat", [c for c in staff if c[0] not in ("nip", "phone")],
                  _titles("PENERIMA MANFAAT", u.name), **common),
        SheetSpec("Keluarga", [c for c in staff if c[0] not in ("nip", "alamat")][:6]
                  + [("relation", "Hubungan", None)] + doses + [("remark", "Catatan", None)],
                  _titles("KELUARGA PEGAWAI", u.name), **common),
    ]
    u.groups = [Group("ASN", "asn", 25, (25, 58), "asn"),
                Group("Non ASN", "ptt", 25, (20, 55), "ptt"),
                Group("Penerima Manfaat", "klien", 140, (60, 95), "elderly", no_nik=25),
                Group("Keluarga", "keluarga", 75, (0, 80), "keluarga")]
    units.append(u)
    return units
