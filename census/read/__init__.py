"""Read roster workbooks and health-office exports as offices really send them."""

from census.read.book import RosterBook, SheetInfo
from census.read.describe import describe, describe_text
from census.read.inputs import find_case_inputs, find_inputs, is_case_workbook
from census.read.registry import read_registry
from census.read.roster import no_roster, read_rosters, read_workbook, sheets_looked_at

__all__ = [
    "RosterBook",
    "SheetInfo",
    "describe",
    "describe_text",
    "find_case_inputs",
    "find_inputs",
    "no_roster",
    "is_case_workbook",
    "read_registry",
    "read_rosters",
    "read_workbook",
    "sheets_looked_at",
]
