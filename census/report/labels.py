"""Every word the reports print, in Indonesian (default) and English, and the date/number forms."""

from __future__ import annotations

import math
from datetime import date, datetime
from typing import Any

import pandas as pd

LANGS = ("id", "en")

MONTHS = {
    "id": (
        "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
        "Oktober", "November", "Desember",
    ),
    "en": (
        "January", "February", "March", "April", "May", "June", "July", "August", "September",
        "October", "November", "December",
    ),
}  # fmt: skip

#: key → (Indonesian, English). Keys are the only way code names a printed word.
LABELS: dict[str, tuple[str, str]] = {
    # titles
    "report_title": ("Laporan Sensus Tuntas Vaksin COVID-19", "COVID-19 Vaccination Census Report"),
    "summary_title": ("Rekapitulasi Dinas", "Department Summary"),
    "unit_title": ("Laporan Unit", "Unit Report"),
    "census_date": ("Keadaan per", "Census date"),
    "generated_note": (
        "Dibuat oleh census. Cakupan = lengkap / (jumlah − belum memenuhi syarat − dikecualikan). "
        "Drop-out = (minimal 1 dosis − lengkap) / minimal 1 dosis. Orang dengan dua kategori di "
        "satu unit dihitung di kedua baris kategori, tetapi sekali di jumlah unit.",
        "Made by census. Coverage = complete / (total − not eligible − exempt). "
        "Dropout = (at least one dose − complete) / at least one dose. A person with two "
        "categories in one unit counts in both category rows but once in the unit total.",
    ),
    # section headings
    "sec_overview": ("Ikhtisar", "Overview"),
    "sec_coverage_units": ("Cakupan per unit dan kategori", "Coverage by unit and category"),
    "sec_status_units": ("Jumlah orang per status", "People by status"),
    "sec_quality": ("Kualitas data", "Data quality"),
    "sec_unclear_remarks": ("Keterangan yang tidak dipahami", "Remarks not understood"),
    "unclear_remarks_note": (
        "Keterangan ini tidak dipakai untuk menentukan status. Tambahkan kata kantor Anda di "
        "census.toml [rules.remarks] bila artinya tertunda, menolak atau dikecualikan.",
        "These remarks do not count for anyone's status. Add your offices' wording to "
        "census.toml [rules.remarks] when they mean deferred, refused or exempt.",
    ),
    "col_remark": ("Keterangan", "Remark"),
    "col_rows": ("Baris", "Rows"),
    "sec_charts": ("Grafik", "Charts"),
    "sec_coverage_category": ("Cakupan per kategori", "Coverage by category"),
    "sec_outstanding": ("Daftar belum tuntas", "Outstanding list"),
    "sec_outstanding_note": (
        "Belum lengkap, belum vaksin dan ditunda; yang terlambat di atas, lalu menurut tanggal.",
        "Partial, unvaccinated and deferred; overdue first, then by date.",
    ),
    "sec_refused": ("Menolak dan dikecualikan", "Refused and exempt"),
    "sec_findings": ("Temuan kualitas data unit ini", "Data-quality findings of this unit"),
    "chart_unit_coverage": ("Cakupan per unit", "Coverage by unit"),
    "chart_category_coverage": (
        "Cakupan per kategori dibanding target", "Coverage by category against target",
    ),
    "chart_legend_met": ("semua target tercapai", "all targets met"),
    "chart_legend_unmet": ("ada target belum tercapai", "some target not met"),
    "chart_legend_target": ("target", "target"),
    "chart_legend_cat_met": ("target tercapai", "target met"),
    "chart_legend_cat_unmet": ("target belum tercapai", "target not met"),
    # sheet names (Excel: at most 31 characters, no []:*?/\)
    "sheet_summary": ("Ringkasan", "Summary"),
    "sheet_coverage": ("Cakupan", "Coverage"),
    "sheet_quality": ("Kualitas data", "Data quality"),
    "sheet_remarks": ("Keterangan", "Remarks"),
    "sheet_charts": ("Grafik", "Charts"),
    "sheet_outstanding": ("Belum tuntas", "Outstanding"),
    "sheet_refused": ("Menolak-Dikecualikan", "Refused-Exempt"),
    "sheet_findings": ("Temuan", "Findings"),
    # column headers
    "col_no": ("No", "No"),
    "col_unit_code": ("Kode unit", "Unit code"),
    "col_unit": ("Unit", "Unit"),
    "col_name": ("Nama", "Name"),
    "col_nik": ("NIK", "NIK"),
    "col_category": ("Kategori", "Category"),
    "col_status": ("Status", "Status"),
    "col_next_dose": ("Dosis berikutnya", "Next dose"),
    "col_from": ("Mulai tanggal", "From"),
    "col_overdue": ("Terlambat", "Overdue"),
    "col_reason": ("Alasan/Keterangan", "Reason/Remark"),
    "col_phone": ("No HP", "Phone"),
    "col_total": ("Jumlah", "Total"),
    "col_eligible": ("Sasaran", "Eligible"),
    "col_at_least_one": ("Min. 1 dosis", "At least 1 dose"),
    "col_coverage": ("Cakupan", "Coverage"),
    "col_target": ("Target", "Target"),
    "col_target_met": ("Tercapai", "Met"),
    "col_dropout": ("Drop-out", "Dropout"),
    "col_errors": ("Error", "Errors"),
    "col_warnings": ("Peringatan", "Warnings"),
    "col_top_codes": ("Temuan terbanyak", "Most frequent findings"),
    "col_file": ("Berkas", "File"),
    "col_sheet": ("Lembar", "Sheet"),
    "col_row": ("Baris", "Row"),
    "col_cell": ("Sel", "Cell"),
    "col_code": ("Kode", "Code"),
    "col_severity": ("Tingkat", "Severity"),
    "col_message": ("Pesan", "Message"),
    # values
    "yes": ("Ya", "Yes"),
    "no": ("Tidak", "No"),
    "none": ("-", "-"),
    "all_units": ("Seluruh dinas", "Whole department"),
    "no_unit": ("Tanpa unit (berkas tak terbaca, dsb.)", "No unit (unreadable files, etc.)"),
    "people": ("orang", "people"),
    "complete_of_eligible": ("{complete} lengkap dari {eligible} sasaran",
                             "{complete} complete of {eligible} eligible"),
    "outstanding_people": ("belum tuntas", "outstanding"),
    "empty_list": ("Tidak ada.", "None."),
    "severity_error": ("Error", "Error"),
    "severity_warning": ("Peringatan", "Warning"),
    # signature block
    "sign_known": ("Mengetahui,", "Acknowledged,"),
    "sign_head": ("Kepala", "Head of"),
    "sign_place_date": ("{date}", "{date}"),
}

STATUS_LABELS: dict[str, tuple[str, str]] = {
    "complete": ("Lengkap", "Complete"),
    "partial": ("Belum lengkap", "Partial"),
    "unvaccinated": ("Belum vaksin", "Unvaccinated"),
    "deferred": ("Ditunda", "Deferred"),
    "exempt": ("Dikecualikan (medis)", "Exempt (medical)"),
    "refused": ("Menolak", "Refused"),
    "not_eligible": ("Belum memenuhi syarat", "Not eligible"),
}

CATEGORY_LABELS: dict[str, tuple[str, str]] = {
    "asn": ("ASN", "Civil servants (ASN)"),
    "ptt": ("PTT / Non ASN", "Non-permanent staff"),
    "klien": ("Klien / Penerima Manfaat", "Clients"),
    "keluarga": ("Keluarga", "Family"),
    "tagana": ("Tagana", "Tagana volunteers"),
}

DOSE_LABELS: dict[str, tuple[str, str]] = {
    "dose1": ("Dosis 1", "Dose 1"),
    "dose2": ("Dosis 2", "Dose 2"),
    "dose3": ("Dosis 3", "Dose 3"),
    "booster1": ("Booster 1", "Booster 1"),
    "booster2": ("Booster 2", "Booster 2"),
}


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "en" else pair[0]


class Labels:
    """The printed words of one language: `t("col_name")`, `t.status("partial")`, `t.date(d)`."""

    def __init__(self, lang: str = "id") -> None:
        self.lang = "en" if lang == "en" else "id"

    def __call__(self, key: str, **values: Any) -> str:
        text = _pick(LABELS[key], self.lang)
        return text.format(**values) if values else text

    def status(self, status: str) -> str:
        """Printed name of a Status value (the value itself when unknown)."""
        pair = STATUS_LABELS.get(str(status))
        return _pick(pair, self.lang) if pair else str(status)

    def category(self, category: str) -> str:
        """Printed name of a Category value (the value itself when unknown)."""
        pair = CATEGORY_LABELS.get(str(category))
        return _pick(pair, self.lang) if pair else str(category)

    def dose(self, slot: str | None) -> str:
        """'Dosis 2' for 'dose2'; '-' for no slot."""
        if not slot:
            return self("none")
        pair = DOSE_LABELS.get(str(slot))
        return _pick(pair, self.lang) if pair else str(slot)

    def date(self, value: Any) -> str:
        """'15 November 2021' (see format_date)."""
        return format_date(value, self.lang)

    def percent(self, value: float | None) -> str:
        """'85,3%' in Indonesian, '85.3%' in English; '-' when there is no value."""
        return format_percent(value, self.lang)

    def target(self, value: float | None) -> str:
        """A target share: '60%' when whole, else like percent()."""
        if value is not None and abs(value * 100 - round(value * 100)) < 1e-9:
            return f"{round(value * 100)}%"
        return format_percent(value, self.lang)


def format_date(value: Any, lang: str = "id") -> str:
    """A date as '15 November 2021' (Indonesian month names by default); '-' when empty."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT:
        return "-"
    if isinstance(value, str):
        value = pd.to_datetime(value, errors="coerce")
        if value is pd.NaT:
            return "-"
    if isinstance(value, pd.Timestamp | datetime):
        value = value.date()
    if not isinstance(value, date):
        return "-"
    months = MONTHS["en" if lang == "en" else "id"]
    return f"{value.day} {months[value.month - 1]} {value.year}"


def format_percent(value: float | None, lang: str = "id") -> str:
    """A share 0–1 as a percentage with one decimal; '-' when None or NaN."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    text = f"{value * 100:.1f}%"
    return text if lang == "en" else text.replace(".", ",")


def format_int(value: int, lang: str = "id") -> str:
    """12.345 in Indonesian, 12,345 in English."""
    text = f"{int(value):,}"
    return text if lang == "en" else text.replace(",", ".")
