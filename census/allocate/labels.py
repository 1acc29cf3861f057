"""Every word the Tagana allocation report prints, in Indonesian (default) and English."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pandas as pd

MONTHS = {
    "id": ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
           "September", "Oktober", "November", "Desember"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
}

#: key → (Indonesian, English).
LABELS: dict[str, tuple[str, str]] = {
    "title": ("Alokasi Vaksin Relawan Tagana", "Tagana Volunteer Vaccine Allocation"),
    "as_of": ("Keadaan per", "As of"),
    "department": ("Dinas", "Department"),
    "title_label": ("Judul", "Title"),
    "plan_file": ("Rencana", "Plan"),
    "total_doses": ("Total dosis", "Total doses"),
    "volunteers": ("Relawan", "Volunteers"),
    "all_regions": ("semua Kab/Kota", "all Kab/Kota"),
    "unknown_region": ("(Kab/Kota tidak diketahui)", "(Kab/Kota unknown)"),
    "sec_phases": ("Per tahap", "By phase"),
    "sec_regions": ("Per Kab/Kota", "By Kab/Kota"),
    "sec_lists": ("Daftar relawan per tahap", "Volunteers by phase"),
    "sec_unassigned": ("Masih menunggu, belum mendapat tahap", "Still waiting, no phase"),
    "sec_outside": ("Dosis di luar tahap", "Doses outside any phase"),
    "note_phases": (
        "Diberikan = dosis yang diterima relawan pada rentang tanggal tahap (ditugaskan atau "
        "tidak). Sisa = kuota − diberikan. Tidak hadir = ditugaskan, tahap sudah berakhir, "
        "tanpa dosis pada rentang tahap.",
        "Administered = doses volunteers received within the phase's dates (assigned or not). "
        "Remaining = quota − administered. No-show = assigned, phase over, no dose in its dates.",
    ),
    "note_outside": (
        "Dosis relawan sejak awal tahap pertama yang tidak termasuk tahap mana pun.",
        "Volunteers' doses since the first phase began that no phase took.",
    ),
    "note_lists": (
        "Penugasan ditentukan dari keadaan pada hari pertama tiap tahap: dosis berikutnya yang "
        "jatuh tempo dulu, lalu dosis pertama, lalu yang ditunda; lalu menurut nomor orang.",
        "Assignment uses the state on each phase's first day: next doses due first, then first "
        "doses, then deferred volunteers; then by person number.",
    ),
    "none": ("Tidak ada.", "None."),
    "over_quota": ("melebihi kuota", "over quota"),
    # columns
    "col_phase": ("Tahap", "Phase"),
    "col_start": ("Mulai", "Start"),
    "col_end": ("Selesai", "End"),
    "col_regions": ("Kab/Kota", "Kab/Kota"),
    "col_quota": ("Kuota", "Quota"),
    "col_assigned": ("Ditugaskan (dosis)", "Assigned (doses)"),
    "col_administered": ("Diberikan", "Administered"),
    "col_administered_unassigned": ("Diberikan (tanpa tugas)", "Administered (unassigned)"),
    "col_remaining": ("Sisa", "Remaining"),
    "col_no_shows": ("Tidak hadir", "No-shows"),
    "col_pending": ("Menunggu", "Pending"),
    "col_volunteers": ("Relawan", "Volunteers"),
    "col_need_now": ("Perlu dosis", "Need a dose"),
    "col_unassigned_need": ("Perlu, tanpa tahap", "Need, no phase"),
    "col_no": ("No", "No"),
    "col_person": ("ID", "ID"),
    "col_nik": ("NIK", "NIK"),
    "col_name": ("Nama", "Name"),
    "col_kabkota": ("Kab/Kota", "Kab/Kota"),
    "col_priority": ("Prioritas", "Priority"),
    "col_dose": ("Dosis", "Dose"),
    "col_due": ("Mulai boleh", "Due from"),
    "col_status_at_start": ("Status awal tahap", "Status at phase start"),
    "col_status": ("Status sekarang", "Status now"),
    "col_given": ("Tanggal diberikan", "Date given"),
    "col_outcome": ("Hasil", "Outcome"),
    "col_date": ("Tanggal", "Date"),
    "col_brand": ("Vaksin", "Vaccine"),
    "col_reason": ("Alasan", "Reason"),
    # sheet names (≤ 31 characters)
    "sheet_info": ("Info", "Info"),
    "sheet_phases": ("Tahap", "Phases"),
    "sheet_regions": ("Kab-Kota", "Regions"),
    "sheet_lists": ("Relawan per Tahap", "Volunteers by Phase"),
    "sheet_unassigned": ("Belum Dapat Tahap", "No Phase"),
    "sheet_outside": ("Dosis di Luar Tahap", "Outside Phases"),
    # values
    "priority_next_dose": ("dosis berikutnya", "next dose"),
    "priority_first_dose": ("dosis pertama", "first dose"),
    "priority_deferred": ("ditunda", "deferred"),
    "priority_booster": ("booster", "booster"),
    "outcome_administered": ("sudah divaksin", "vaccinated"),
    "outcome_no_show": ("tidak hadir", "no-show"),
    "outcome_pending": ("menunggu", "pending"),
    "status_complete": ("lengkap", "complete"),
    "status_partial": ("belum lengkap", "partial"),
    "status_unvaccinated": ("belum vaksin", "unvaccinated"),
    "status_deferred": ("ditunda", "deferred"),
    "status_exempt": ("dikecualikan", "exempt"),
    "status_refused": ("menolak", "refused"),
    "status_not_eligible": ("belum memenuhi syarat", "not eligible"),
    "reason_no_phase": ("tidak ada tahap pada tanggal itu", "no phase on that date"),
    "reason_other_region": ("tahap untuk Kab/Kota lain", "phase for other Kab/Kota"),
    "reason_no_phase_for_region": ("tidak ada tahap untuk Kab/Kota ini",
                                   "no phase for this Kab/Kota"),
    "reason_due_after_last_phase": ("jatuh tempo setelah tahap terakhir",
                                    "due after the last phase"),
    "reason_phases_full": ("kuota tahap penuh", "phase quotas full"),
    "reason_missed_phase": ("tidak hadir pada tahapnya", "did not come in their phase"),
    "dose_dose1": ("dosis 1", "dose 1"),
    "dose_dose2": ("dosis 2", "dose 2"),
    "dose_dose3": ("dosis 3", "dose 3"),
    "dose_booster1": ("booster 1", "booster 1"),
    "dose_booster2": ("booster 2", "booster 2"),
    "generated": ("Dibuat oleh census. NIK disamarkan.", "Made by census. NIKs are masked."),
}


class Labels:
    """Words and date forms of one language: labels['col_quota'], labels.day(d)."""

    def __init__(self, lang: str = "id"):
        if lang not in ("id", "en"):
            raise ValueError(f"unknown language {lang!r}")
        self.lang = lang
        self._pick = 0 if lang == "id" else 1

    def __getitem__(self, key: str) -> str:
        return LABELS[key][self._pick]

    def value(self, prefix: str, code: Any) -> str:
        """A coded value in words ('status', 'partial' → 'belum lengkap'); '-' when empty."""
        if code is None or code is pd.NA or (isinstance(code, float) and code != code):
            return "-"
        key = f"{prefix}_{code}"
        return self[key] if key in LABELS else str(code)

    def day(self, value: Any) -> str:
        """'10 Januari 2022' / '10 January 2022'; '-' when empty."""
        if value is None or value is pd.NaT or (isinstance(value, float) and value != value):
            return "-"
        if isinstance(value, pd.Timestamp | datetime):
            value = value.date()
        if not isinstance(value, date):
            return str(value)
        return f"{value.day} {MONTHS[self.lang][value.month - 1]} {value.year}"
