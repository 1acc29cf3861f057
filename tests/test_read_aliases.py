"""Header spellings → canonical fields; sheet names and category cells → categories."""

from __future__ import annotations

import pytest

from census.read.aliases import (
    PLACE_DATE,
    PREGNANT,
    ROW_NUMBER,
    SHARED_BRAND,
    field_of,
)
from census.values import category_of

SPELLINGS = {
    "name": ["Nama", "NAMA", "Nama Lengkap", "Nama Pegawai", "Nama Anggota Keluarga",
             "Nama\nLengkap", "nama  lengkap", "Nama Klien", "Nama Penerima Manfaat",
             "Nama (Gelar)", "Nama Lengkap Sesuai KTP"],
    "nik": ["NIK", "No. KTP", "No KTP", "Nomor Induk Kependudukan", "NIK (16 digit)",
            "NIK\n(16 Digit)", "N.I.K", "Nomor KTP", "NIK KTP"],
    "nip": ["NIP", "N I P", "NIP Baru", "Nomor Induk Pegawai", "NIP (18 digit)"],
    "birth_date": ["Tanggal Lahir", "Tgl Lahir", "Tgl. Lahir", "TGL LAHIR", "Tanggal\nLahir",
                   "Tgl Lahir (dd/mm/yyyy)"],
    PLACE_DATE: ["Tempat, Tanggal Lahir", "Tempat/Tgl Lahir", "TTL", "Tempat Tgl Lahir",
                 "Tempat dan Tanggal Lahir"],
    "birth_place": ["Tempat Lahir"],
    "sex": ["Jenis Kelamin", "L/P", "JK", "L / P", "Jenis\nKelamin", "J/K"],
    "phone": ["No HP", "No. HP", "No. Telp", "No Telp", "WA", "No WA", "No. HP/WA", "Nomor HP",
              "Telepon", "WhatsApp"],
    "unit": ["Unit", "Unit Kerja", "UPT", "Satker", "Satuan Kerja", "Nama Unit"],
    "category": ["Kategori", "Kelompok", "Status Pegawai", "Jenis Pegawai"],
    "relation": ["Hubungan", "Status Keluarga", "Hubungan Keluarga", "Hubungan dengan Pegawai"],
    "remark": ["Keterangan", "Ket.", "KET", "Catatan", "Alasan Belum Vaksin"],
    "kabkota": ["Kab/Kota", "Kabupaten/Kota", "Kode Kab/Kota", "Kab / Kota", "Kota/Kabupaten"],
    "vaccine_status": ["Status Vaksin", "Sudah Vaksin", "Status Vaksinasi", "Sudah/Belum Vaksin"],
    "dose1_date": ["Tgl Vaksin 1", "Tanggal Vaksin 1", "Dosis 1", "Vaksin Ke-1", "Vaksin ke 1",
                   "Vaksin Dosis 1 Tanggal", "Vaksin 1 Tgl", "Tgl. Vaksin I", "Dosis Pertama",
                   "Tanggal Vaksin 1 (dd/mm/yyyy)", "Tanggal Vaksin Dosis 1", "Vaksinasi Dosis 1 Tanggal",
                   "Tgl Vaksinasi 1", "Tanggal Vaksin 1"],
    "dose1_brand": ["Jenis Vaksin 1", "Vaksin Dosis 1 Jenis Vaksin", "Merk Vaksin 1",
                    "Vaksin 1 Merk", "Jenis Vaksin Dosis 1", "Vaksin Dosis 1 Jenis"],
    "dose2_date": ["Tgl Vaksin 2", "Dosis 2", "Vaksin Ke-2", "Vaksin Dosis 2 Tanggal",
                   "Dosis Kedua", "Tgl Vaksin II"],
    "dose2_brand": ["Jenis Vaksin 2", "Vaksin Dosis 2 Jenis Vaksin"],
    "dose3_date": ["Dosis 3", "Tgl Vaksin 3", "Vaksin Ke-3"],
    "dose3_brand": ["Jenis Vaksin 3"],
    "booster1_date": ["Booster", "Booster 1", "Tgl Booster", "Tgl Booster 1", "Booster Tanggal",
                      "Vaksin Booster", "Booster Ke-1", "Dosis Lanjutan", "Tanggal Booster 1"],
    "booster1_brand": ["Jenis Booster", "Jenis Booster 1", "Booster Jenis Vaksin",
                       "Merk Booster 1"],
    "booster2_date": ["Booster 2", "Tgl Booster 2", "Booster Ke-2", "Booster II"],
    "booster2_brand": ["Jenis Booster 2", "Booster 2 Jenis"],
    ROW_NUMBER: ["No", "No.", "NO", "Nomor", "No Urut"],
    SHARED_BRAND: ["Jenis Vaksin", "Vaksin", "Merk Vaksin"],
    PREGNANT: ["Hamil/Menyusui", "Hamil"],
    "role": ["Jabatan", "Tugas", "Jabatan/Tugas", "Posisi", "Jenis Tenaga", "Pekerjaan"],
}
IGNORED = ["Umur", "Usia", "Alamat (sesuai KTP)", "Alamat", "Komorbid", "Riwayat Penyakit",
           "Pangkat/Golongan", "", "Nama UPT Pengirim Data", "Nama Ibu Kandung"]


@pytest.mark.parametrize(
    ("header", "field"),
    [(header, field) for field, headers in SPELLINGS.items() for header in headers],
)
def test_header_spelling(header, field):
    assert field_of(header)[0] == field


@pytest.mark.parametrize("header", IGNORED)
def test_columns_that_are_not_fields(header):
    assert field_of(header)[0] is None


def test_member_name_outranks_staff_name():
    assert field_of("Nama Anggota Keluarga")[1] > field_of("Nama Pegawai")[1]


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("ASN", "asn"), ("PNS", "asn"), ("PPPK", "asn"), ("Data ASN", "asn"), ("PNS & PPPK", "asn"),
        ("PTT", "ptt"), ("Non ASN", "ptt"), ("NON-ASN", "ptt"), ("Honorer", "ptt"),
        ("Outsourcing", "ptt"), ("Pegawai Honorer (Non ASN)", "ptt"),
        ("Klien", "klien"), ("Penerima Manfaat", "klien"), ("PM", "klien"), ("Anak Asuh", "klien"),
        ("Klien Anak", "klien"),
        ("Keluarga", "keluarga"), ("Keluarga ASN", "keluarga"), ("Keluarga Klien", "keluarga"),
        ("Istri", "keluarga"), ("Anak", "keluarga"),
        ("Tagana", "tagana"), ("Sahabat Tagana", "tagana"), ("TAGANA", "tagana"),
        ("ASN dan PTT", None), ("Petunjuk", None), ("Rekap", None), ("Sheet1", None),
        ("Tamu", None), ("", None),
    ],
)
def test_category_of(text, category):
    assert category_of(text) == category
