"""The shared vocabulary of census: categories, statuses, findings and the columns of each table."""

from __future__ import annotations

from enum import StrEnum


class Category(StrEnum):
    """Who a roster row is: the five groups of the department's extended family."""

    ASN = "asn"
    PTT = "ptt"
    KLIEN = "klien"
    KELUARGA = "keluarga"
    TAGANA = "tagana"


#: Categories for whom a NIK is mandatory (a missing NIK is an error, not a warning).
STAFF_CATEGORIES = frozenset({Category.ASN, Category.PTT})


class Status(StrEnum):
    """A person's vaccination status on the census date (DOMAIN §3)."""

    COMPLETE = "complete"
    PARTIAL = "partial"
    UNVACCINATED = "unvaccinated"
    DEFERRED = "deferred"
    EXEMPT = "exempt"
    REFUSED = "refused"
    NOT_ELIGIBLE = "not_eligible"


#: Statuses that put a person on a unit's outstanding list.
OUTSTANDING_STATUSES = (Status.PARTIAL, Status.UNVACCINATED, Status.DEFERRED)


class Severity(StrEnum):
    """How bad a finding is: errors must be fixed, warnings should be looked at."""

    ERROR = "error"
    WARNING = "warning"


#: The dose slots of a roster row and of a health-office export, in order.
#: A slot's date column is f"{slot}_date", its brand column f"{slot}_brand".
PRIMARY_SLOTS = ("dose1", "dose2", "dose3")
BOOSTER_SLOTS = ("booster1", "booster2")
DOSE_SLOTS = PRIMARY_SLOTS + BOOSTER_SLOTS

#: Canonical date fields of a roster row (each has a `<field>_raw` twin, see ROSTER_COLUMNS).
DATE_FIELDS = ("birth_date",) + tuple(f"{slot}_date" for slot in DOSE_SLOTS)
BRAND_FIELDS = tuple(f"{slot}_brand" for slot in DOSE_SLOTS)

#: Canonical fields a header can map to (census.read maps header spellings onto these).
FIELDS = (
    "name",
    "nik",
    "nip",
    "birth_date",
    "birth_place",
    "sex",
    "phone",
    "unit",
    "category",
    "relation",
    "remark",
    "kabkota",
    "vaccine_status",
    *[f for slot in DOSE_SLOTS for f in (f"{slot}_date", f"{slot}_brand")],
)

#: The roster table: what census.read returns, one row per data row of a worksheet.
#: Every column is present in every table (None / NaT where the sheet had no such column).
ROSTER_COLUMNS: dict[str, str] = {
    "file": "workbook file name (no folder), e.g. 'upt_pstw_jombang.xlsx'",
    "sheet": "worksheet name as in the workbook",
    "row": "worksheet row number as Excel shows it (1-based, int)",
    "unit": "unit code: the unit column's value, else the workbook file stem",
    "category": "Category value (asn, ptt, klien, keluarga, tagana)",
    "name": "name exactly as typed (str, None if empty)",
    "nik": "NIK as typed, digits of a numeric cell written out without exponent (str or None)",
    "nik_from_number": "True when the NIK came from a numeric cell (bool)",
    "nip": "NIP as typed (str or None)",
    "nip_from_number": "True when the NIP came from a numeric cell (bool)",
    "birth_date": "parsed birth date (datetime64[ns], NaT when empty or unreadable)",
    "birth_date_raw": "the cell's text when it was not empty; None when empty",
    "birth_place": "place of birth (str or None), also split from 'Tempat, Tanggal Lahir'",
    "sex": "sex as typed (str or None): L, P, Laki-laki, Perempuan, ...",
    "phone": "phone / WA number as typed (str or None)",
    "relation": "relation to the staff member for family rows (str or None)",
    "remark": "Keterangan / Catatan text (str or None)",
    "kabkota": "Kab/Kota of a Tagana volunteer (str or None)",
    "vaccine_status": "a free 'Status Vaksin' / 'Sudah Vaksin' column as typed (str or None)",
    **{
        f"{slot}_date": f"parsed date of {slot} (datetime64[ns], NaT when empty or unreadable)"
        for slot in DOSE_SLOTS
    },
    **{f"{slot}_date_raw": f"text of the {slot} date cell when not empty" for slot in DOSE_SLOTS},
    **{f"{slot}_brand": f"brand of {slot} as typed (str or None)" for slot in DOSE_SLOTS},
}

#: The registry table: what census.read.read_registry returns, one row per dose given.
REGISTRY_COLUMNS: dict[str, str] = {
    "file": "export file name",
    "row": "row number in the export (Excel row, or CSV line)",
    "nik": "NIK as in the export (str or None)",
    "name": "name as in the export",
    "birth_date": "birth date if the export has one (datetime64[ns] or NaT)",
    "dose": "dose slot: one of DOSE_SLOTS (dose1..dose3, booster1, booster2)",
    "date": "date the dose was given (datetime64[ns])",
    "brand": "brand as in the export (str)",
    "facility": "facility that gave the dose (str or None)",
}

#: The persons table: one row per distinct person after merge, reconcile and status.
#: These are the columns of OUT/persons.csv, in order.
PERSON_COLUMNS: dict[str, str] = {
    "person_id": "stable id across runs: 'P' + 12 characters derived from the NIK, else from "
                 "name + birth date (census.register.ids)",
    "nik": "best NIK for the person (str or None)",
    "name": "name as first typed",
    "birth_date": "birth date (date or None)",
    "sex": "'L' or 'P' or None",
    "units": "unit codes the person belongs to, joined with ';' (sorted)",
    "categories": "categories, joined with ';' (sorted)",
    "status": "Status value on as_of",
    "primary_doses": "number of primary-series doses (int)",
    "booster_doses": "number of booster doses (int)",
    "last_dose_date": "date of the last dose (date or None)",
    "next_dose": "slot of the next dose needed (dose1, dose2, dose3, booster1, booster2) or None",
    "next_due": "date from which the next dose may be given (date or None)",
    "overdue": "True when as_of is past next_due plus the grace period",
    "eligible_from": "date a deferred or not-eligible person becomes eligible (date or None)",
    "verified": "True when every dose counted is confirmed by a health-office record",
    "reason": "why: the remark or rule behind deferred, exempt, refused, not_eligible",
}

#: Columns the in-memory persons table carries besides PERSON_COLUMNS (not in persons.csv,
#: which is department-internal anyway, but needed by reports and the Tagana allocation).
PERSON_EXTRA_COLUMNS: dict[str, str] = {
    "phone": "a phone number from any of the person's roster rows (str or None)",
    "kabkota": "Kab/Kota of a Tagana volunteer (str or None)",
    "dose_brands": "brand codes of the primary doses counted, joined with ';' (str)",
    "roster_order": "rank of the person's first roster row by file, sheet and row (int): the "
                    "census's person order, which ids (hashes) do not follow",
}

#: The memberships table: one row per (person, unit, category) — a person counts once per unit.
MEMBERSHIP_COLUMNS: dict[str, str] = {
    "person_id": "the person (PERSON_COLUMNS.person_id)",
    "unit": "unit code",
    "category": "Category value",
}
