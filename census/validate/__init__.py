"""Validation of roster workbooks: every finding at once, annotated copies, and blank templates."""

from census.validate.annotate import annotate_workbook
from census.validate.core import validate_books
from census.validate.files import ValidationReport, annotate_books, validate_files

__all__ = [
    "ValidationReport",
    "annotate_books",
    "annotate_workbook",
    "validate_books",
    "validate_files",
]
