"""Validation of roster workbooks: every finding at once, annotated copies, and blank templates."""

from census.validate.annotate import annotate_workbook
from census.validate.core import validate_books
from census.validate.files import ValidationReport, validate_files, write_annotated

__all__ = [
    "ValidationReport",
    "annotate_workbook",
    "validate_books",
    "validate_files",
    "write_annotated",
]
