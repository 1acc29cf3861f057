"""Header spellings of a cases sheet (Kasus / Terpapar) → the fields of the cases table."""

from __future__ import annotations

import re
from functools import lru_cache

from census.read.aliases import ROW_NUMBER, field_of
from census.values.words import normalise

#: Roster fields a cases sheet shares (name, NIK, unit, phone, remark, the row number).
_SHARED = frozenset({"name", "nik", "unit", "phone", "remark", ROW_NUMBER})

_DATE = r"(tanggal|tgl|tg|tangal)"
# (field, priority, pattern on the normalised header); the first match wins. Two-row headers
# arrive joined ('isolasi mulai', 'keadaan akhir tanggal').
_RULES: list[tuple[str, int, re.Pattern[str]]] = [
    ("outcome_date", 3, re.compile(
        rf"({_DATE} (sembuh|meninggal|sembuh meninggal|keadaan akhir|hasil akhir|status akhir"
        rf"|selesai perawatan)|(keadaan|hasil|status|kondisi) akhir {_DATE}|sembuh {_DATE})"
    )),
    ("isolation_start_date", 3, re.compile(
        rf"(({_DATE} )?(mulai|awal) (isolasi|isoman|karantina|perawatan|dirawat)"
        rf"|(isolasi|isoman|karantina|perawatan) ({_DATE} )?(mulai|awal|dari|sejak)"
        rf"|{_DATE} isolasi|isolasi {_DATE} mulai|mulai)"
    )),
    ("isolation_end_date", 3, re.compile(
        rf"(({_DATE} )?(selesai|akhir|berakhir) (isolasi|isoman|karantina|perawatan|dirawat)"
        rf"|(isolasi|isoman|karantina|perawatan) ({_DATE} )?(selesai|akhir|sampai|s d|hingga)"
        rf"|isolasi {_DATE} selesai|selesai|sampai|s d)"
    )),
    ("test_date", 3, re.compile(
        rf"({_DATE} (tes|test|swab|pemeriksaan|periksa|positif|konfirmasi|terkonfirmasi|hasil"
        rf"|pcr|antigen|swab pcr|swab antigen|hasil tes|hasil swab|diketahui positif|kasus)"
        rf"( positif| pcr| antigen)?|(tes|test|swab|pemeriksaan) {_DATE}|{_DATE} terpapar)"
    )),
    ("test_type", 3, re.compile(
        r"((jenis|metode|tipe|cara) (tes|test|pemeriksaan|swab|periksa)|jenis swab|tes|test"
        r"|pemeriksaan|metode|swab)"
    )),
    ("result", 3, re.compile(r"(hasil|hasil (tes|test|swab|pemeriksaan|pcr|antigen|lab))")),
    ("severity", 3, re.compile(
        r"((derajat|tingkat)( gejala| keparahan| sakit| penyakit)?"
        r"|(kategori|klasifikasi) (gejala|keparahan|sakit|penyakit)|gejala"
        r"|kondisi klinis|keparahan|derajat penyakit|kondisi)"
    )),
    ("isolation_place", 3, re.compile(
        r"((tempat|lokasi|ruang) (isolasi|perawatan|karantina|isoman|dirawat)"
        r"|isolasi (di|tempat|lokasi|ruang)|tempat isoman|isolasi|ruang isolasi|dirawat di"
        r"|tempat dirawat|lokasi)"
    )),
    ("puskesmas", 3, re.compile(
        r"(puskesmas|puskesmas pemantau|puskesmas yang memantau|faskes|faskes pemantau"
        r"|fasyankes|dipantau oleh|dipantau|pemantau|pkm|pemantauan)"
    )),
    ("outcome", 3, re.compile(
        r"((keadaan|status|hasil|kondisi) akhir|outcome|status pasien|keterangan akhir"
        r"|sembuh meninggal|status|keadaan|(keadaan|kondisi|hasil) akhir (status|keadaan))"
    )),
    ("role", 3, re.compile(
        r"(jabatan|tugas|jabatan tugas|jabatan status|status jabatan|posisi|peran|bagian"
        r"|pekerjaan|kategori|kelompok|kategori jabatan"
        r"|status pegawai|jenis pegawai|status kepegawaian|sasaran|jenis tenaga)"
    )),
]

#: Every field a cases sheet maps; the reader's column order follows the sheet's.
CASE_FIELDS = ("name", "nik", "unit", "phone", "remark", *(field for field, _p, _r in _RULES))
DATE_FIELDS = ("test_date", "isolation_start_date", "isolation_end_date", "outcome_date")


@lru_cache(maxsize=2048)
def case_field_of(header: str) -> tuple[str | None, int]:
    """(field, priority) of a header text of a cases sheet; (None, 0) when unknown.

    The case words come first ('Status' is the outcome here, not a vaccination status); then
    the roster's spellings of the fields a cases sheet shares ('Nama Lengkap', 'No. KTP').
    """
    text = normalise(header)
    if not text:
        return None, 0
    for field, priority, pattern in _RULES:
        if pattern.fullmatch(text):
            return field, priority
    shared, priority = field_of(header)
    return (shared, priority) if shared in _SHARED else (None, 0)
