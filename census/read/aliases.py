"""Header spellings → canonical fields (sheet names and category cells: census.values.words)."""

from __future__ import annotations

import re
from functools import lru_cache

from census.values.words import normalise

#: Pseudo-fields: columns the reader recognises but that are not roster fields.
ROW_NUMBER = "_no"
PREGNANT = "_pregnant"
#: A brand column without a dose number ('Jenis Vaksin'): it holds the brand of every primary dose.
SHARED_BRAND = "_brand"
#: A date column without a dose number ('Tanggal Vaksin'): taken as dose 1's date.
SHARED_DATE = "_date"
#: 'Tempat, Tanggal Lahir' in one cell: split into birth_place and birth_date.
PLACE_DATE = "_place_date"

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_ORDINAL = {"pertama": 1, "kesatu": 1, "kedua": 2, "ketiga": 3, "keempat": 4}
_NUMBER = r"(\d+|i{1,3}|iv|pertama|kesatu|kedua|ketiga|keempat)"
_BOOSTER = re.compile(rf"\b(?:booster|lanjutan|penguat)\b(?: (?:ke|dosis))?(?: {_NUMBER}\b)?")
_DOSE = re.compile(rf"\b(?:dosis|vaksin|vaksinasi|suntikan|tahap|vak|dose)(?: ke)? {_NUMBER}\b")
_LONE_ORDINAL = re.compile(rf"(?:^| )(?:ke )?{_NUMBER}$")
_BRAND_WORDS = {"jenis", "merk", "merek", "brand", "produk", "tipe", "type"}
_DATE_WORDS = {"tanggal", "tgl", "tangal", "tggl", "tg", "waktu", "date", "tanggl"}
_VACCINE_WORDS = {"vaksin", "vaksinasi", "dosis", "booster", "vak", "suntikan"}


def _number(token: str | None) -> int:
    if token is None:
        return 1
    if token.isdigit():
        return int(token)
    return _ROMAN.get(token) or _ORDINAL.get(token, 0)


def _dose_slot(text: str) -> str | None:
    """The dose slot a header speaks of ('dose1'..'dose3', 'booster1', 'booster2'), if any."""
    booster = _BOOSTER.search(text)
    if booster:
        number = _number(booster.group(1))
        return f"booster{number}" if number in (1, 2) else None
    dose = _DOSE.search(text)
    if dose is None and _VACCINE_WORDS & set(text.split()):
        # 'Tanggal Vaksin' merged over sub-headers '1', '2' → 'tanggal vaksin 1'
        dose = _LONE_ORDINAL.search(text)
    if dose is None:
        return None
    number = _number(dose.group(1))
    return f"dose{number}" if 1 <= number <= 3 else None


# (field, priority, pattern on the normalised header). When two columns of a sheet map to the
# same field the higher priority wins (then the leftmost): in a family sheet 'Nama Anggota
# Keluarga' is the person, 'Nama Pegawai' the staff member they belong to.
_RULES: list[tuple[str, int, re.Pattern[str]]] = [
    (ROW_NUMBER, 3, re.compile(r"(no|nomor|nmr|no urut|nomor urut|urut)")),
    ("phone", 3, re.compile(
        r"(no |nomor )?(hp|handphone|telp|telepon|tlp|telpon|wa|whatsapp|kontak|ponsel)"
        r"( (hp|wa|aktif|whatsapp|telp|telepon))*"
    )),
    ("nik", 3, re.compile(
        r"(nik|no nik|nomor nik|no ktp|nomor ktp|ktp|nik ktp|no induk kependudukan"
        r"|nomor induk kependudukan|nik \d+ digit|nik sesuai ktp|nik e ktp|no e ktp)"
    )),
    ("nik", 1, re.compile(r"nik (pegawai|asn|pns|ptt|kepala keluarga|kk|penanggung jawab)")),
    ("nip", 3, re.compile(
        r"(nip|nip baru|no nip|nomor nip|nomor induk pegawai|nip \d+ digit|nip nrp|nrp)"
    )),
    ("nip", 1, re.compile(r"nip (pegawai|asn|pns|suami|istri|penanggung jawab)")),
    (PLACE_DATE, 3, re.compile(r"(tempat (dan |tgl |tanggal )*(tgl|tanggal|tg) lahir|ttl|tempat lahir tanggal lahir)")),
    ("birth_place", 3, re.compile(r"(tempat lahir|tmp lahir|tmpt lahir|kota lahir)")),
    ("birth_date", 3, re.compile(
        r"(tanggal lahir|tgl lahir|tgl lhr|tanggal lhr|tg lahir|tanggal bulan tahun lahir"
        r"|tgl bln thn lahir|tgl bulan tahun lahir|lahir)( dd mm yyyy| hh bb tttt)?"
    )),
    ("sex", 3, re.compile(r"(jenis kelamin|l p|jk|kelamin|gender|sex|j k|lk pr|p l)")),
    ("relation", 3, re.compile(
        r"(hubungan|hubungan keluarga|status keluarga|status dalam keluarga|shdk"
        r"|hubungan dengan (pegawai|asn|ptt|kk|kepala keluarga|karyawan))"
    )),
    ("remark", 3, re.compile(
        r"(keterangan|ket|catatan|keterangan lain|alasan|alasan belum vaksin"
        r"|keterangan alasan( belum vaksin)?|alasan tidak vaksin)"
    )),
    ("kabkota", 3, re.compile(
        r"((kode |asal |domisili )?(kab kota|kabupaten kota|kota kabupaten|kab kot|kabkota)"
        r"|kabupaten|kota|kab)( domisili| asal)?"
    )),
    ("vaccine_status", 3, re.compile(
        r"(status vaksin|status vaksinasi|sudah vaksin|sudah belum vaksin|vaksin sudah belum"
        r"|sudah divaksin|status)"
    )),
    ("unit", 3, re.compile(
        r"(unit|unit kerja|nama unit|upt|nama upt|satker|satuan kerja|kantor|instansi|asal unit"
        r"|unit kerja upt|lokasi kerja|nama satker|kode unit|penempatan)"
    )),
    ("category", 3, re.compile(
        r"(kategori|kelompok|kategori sasaran|sasaran|jenis pegawai|status pegawai"
        r"|status kepegawaian|kategori pegawai|kelompok sasaran|jenis sasaran)"
    )),
    (PREGNANT, 3, re.compile(r"(hamil|hamil menyusui|ibu hamil|sedang hamil|status kehamilan|bumil)")),
    ("role", 3, re.compile(
        r"(jabatan|tugas|jabatan tugas|tugas jabatan|uraian tugas|posisi|peran|bagian|pekerjaan"
        r"|jenis tenaga|jenis pekerjaan|tugas pokok|bidang tugas|jabatan pekerjaan)"
    )),
    ("name", 1, re.compile(r"nama (pegawai|asn|pns|ptt|karyawan|kepala keluarga|kk|penanggung jawab)")),
    ("name", 3, re.compile(r"(nama|nama lengkap|nama anggota keluarga|nama keluarga|nama klien"
                           r"|nama pm|nama penerima manfaat|nama relawan|nama anggota|nama peserta"
                           r"|nama sasaran|nama lengkap sesuai ktp|nama sesuai ktp|nama lansia"
                           r"|nama anak|nama warga binaan|nama tagana)( gelar)?")),
    (SHARED_BRAND, 2, re.compile(r"((jenis|merk|merek|nama) )?vaksin( yang diterima)?")),
    (SHARED_DATE, 1, re.compile(r"(tanggal|tgl)( vaksin| vaksinasi)+")),
]


@lru_cache(maxsize=4096)
def field_of(header: str) -> tuple[str | None, int]:
    """(canonical field or pseudo-field, priority) of a header text; (None, 0) when unknown."""
    text = normalise(header)
    if not text:
        return None, 0
    tokens = text.split()
    if len(tokens) >= 3 and all(len(token) == 1 for token in tokens):
        text = "".join(tokens)  # 'N.I.K' → 'nik'
    slot = _dose_slot(text)
    if slot is not None:
        words = set(text.split())
        kind = "brand" if words & _BRAND_WORDS and not words & _DATE_WORDS else "date"
        return f"{slot}_{kind}", 3
    for field, priority, pattern in _RULES:
        if pattern.fullmatch(text):
            return field, priority
    return None, 0


#: Sheets of case records (DOMAIN §9): never a roster of people, read by census.cases.
_CASE_SHEET = re.compile(
    r"\b(kasus|terpapar|terkonfirmasi|konfirmasi positif|positif covid|data positif|pasien covid"
    r"|isolasi)\b"
)


@lru_cache(maxsize=1024)
def is_case_sheet(name: str) -> bool:
    """Does a sheet name say it lists COVID-19 cases ('Kasus', 'Terpapar', 'Kasus Covid ASN')?"""
    return bool(_CASE_SHEET.search(normalise(name)))


_SUB_HEADER = re.compile(
    r"(tanggal|tgl|jenis|merk|merek|jenis vaksin|nama vaksin|tanggal vaksin|tgl vaksin"
    r"|merk vaksin|\d|ke \d|dosis \d|booster( \d)?|lanjutan( \d)?|[lp]|tempat|lokasi)"
)


def is_sub_header(text: str) -> bool:
    """Does a cell text look like a sub-header under a merged header cell?"""
    return bool(_SUB_HEADER.fullmatch(normalise(text)))
