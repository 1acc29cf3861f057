"""The shared vocabulary of census: categories, statuses, findings and the columns of each table."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from enum import StrEnum
from typing import Any

#: One row of a table as `DataFrame.to_dict('records')` gives it.
Record = Mapping[Hashable, Any]


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
    "role",
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
    "role": "role or position as typed in a Jabatan / Tugas column (str or None)",
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
    "person_id": "stable id within one run: 'P' + 6 digits, in order of first appearance",
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
    "phone": "the person's phone number in national form '0812…' (census.values.phone; str or None)",
    "kabkota": "Kab/Kota of a Tagana volunteer (str or None)",
    "dose_brands": "brand codes of the primary doses counted, joined with ';' (str)",
}

#: The memberships table: one row per (person, unit, category) — a person counts once per unit.
MEMBERSHIP_COLUMNS: dict[str, str] = {
    "person_id": "the person (PERSON_COLUMNS.person_id)",
    "unit": "unit code",
    "category": "Category value",
    "role": "role code in that unit (rules.toml [[roles]]: pendamping, pamdal, ob, driver, "
            "volunteer, caregiver) from the Jabatan/Tugas column, the remark or the sheet name; "
            "None when none is named",
}


class CaseGroup(StrEnum):
    """Who a case is in the exposure register: staff (ASN, PTT of every role), clients, others."""

    STAFF = "staff"
    CLIENT = "klien"
    OTHER = "other"


#: The cases table (census.cases): one row per case record of a cases sheet (DOMAIN §9).
#: Coded columns hold the code of the rule table's [cases] words, None when the cell was empty,
#: 'unknown' when it was filled with words the table does not know (each has a `_raw` twin).
CASE_COLUMNS: dict[str, str] = {
    "case_id": "'K' + 5 digits in order of file, sheet and row (stable within one run)",
    "file": "workbook file name",
    "sheet": "worksheet name",
    "row": "worksheet row as Excel shows it (int)",
    "unit": "unit code: a known unit's code or name in the unit column, else the workbook's stem",
    "unit_raw": "the unit cell as typed (str or None)",
    "name": "name as typed (str or None)",
    "nik": "NIK as typed (str or None)",
    "nik_from_number": "True when the NIK came from a numeric cell (bool)",
    "role": "role or category as typed (Jabatan / Status column, str or None)",
    "test_date": "date of the test (datetime64[ns], NaT when empty or unreadable)",
    "test_type": "pcr, antigen, unknown or None",
    "result": "positive, negative or unknown; an empty result cell is positive (a case list)",
    "severity": "asymptomatic, mild, moderate, severe, critical, unknown or None",
    "isolation_place": "home (isoman), facility (isolasi terpadu), unit (a room of the UPT), "
                       "hospital, unknown or None",
    "isolation_start_date": "first day of isolation (datetime64[ns] or NaT)",
    "isolation_end_date": "last day of isolation (datetime64[ns] or NaT)",
    "puskesmas": "the puskesmas that follows the case up (str or None)",
    "outcome": "recovered, died, unknown or None (still ill or not recorded)",
    "outcome_date": "date of recovery or death (datetime64[ns] or NaT)",
    "remark": "Keterangan (str or None)",
    **{f"{name}_raw": f"the {name} cell as typed (str or None)" for name in (
        "test_date", "test_type", "result", "severity", "isolation_place",
        "isolation_start_date", "isolation_end_date", "outcome", "outcome_date")},
}

#: Columns census.cases.link_cases adds to the cases table.
CASE_LINK_COLUMNS: dict[str, str] = {
    "person_id": "the register's person (None: on no roster)",
    "person_key": "person_id, else 'nik:<NIK>', else 'name:<unit>|<normalised name>'",
    "category": "the person's category in the case's unit (Category value or None)",
    "group": "CaseGroup value: staff, klien or other",
    "role_code": "role code (rules [[roles]]) of the person in the unit or of the role cell",
    "counted": "True for a positive test that opens an episode (not a repeat within isolation)",
    "recovered_on": "recovery date: outcome date, else isolation end, else test date + "
                    "rules cases.isolation_days (datetime64[ns], NaT without a test date)",
}
