"""Reports: summary.json/.xlsx/.html for the department and units/<UNIT>.xlsx/.html per unit."""

from census.report.excel_persons import write_persons_xlsx
from census.report.summary import Summary, summarise
from census.report.write import unit_filename, write_reports

__all__ = ["Summary", "summarise", "unit_filename", "write_persons_xlsx", "write_reports"]
