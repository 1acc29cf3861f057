"""The exposure register: case records, isolation, swab lists, and what cases mean for vaccination."""

from census.cases.checks import check_cases
from census.cases.exposure import Exposure, exposure
from census.cases.link import CaseTable, link_cases, with_units
from census.cases.outputs import case_sections, write_case_reports, write_swab
from census.cases.sheets import CaseBook, empty_cases, read_case_book, read_cases
from census.cases.swab import SwabList, UnknownUnit, resolve_unit, swab_list

__all__ = [
    "CaseBook",
    "CaseTable",
    "Exposure",
    "SwabList",
    "UnknownUnit",
    "case_sections",
    "check_cases",
    "empty_cases",
    "exposure",
    "link_cases",
    "read_case_book",
    "read_cases",
    "resolve_unit",
    "swab_list",
    "write_case_reports",
    "with_units",
    "write_swab",
]
