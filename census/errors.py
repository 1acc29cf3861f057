"""The few exceptions that stop a run; problems in the data are Findings, not exceptions."""

from __future__ import annotations


class CensusError(Exception):
    """Base of every error census reports to a user as one line (exit code 2)."""


class InputNotFound(CensusError):
    """A file or folder named on the command line does not exist."""


class UnreadableWorkbook(CensusError):
    """The file is not a workbook census can read (not xlsx, corrupt, empty)."""


class PasswordProtected(UnreadableWorkbook):
    """The workbook is encrypted with a password."""


class LegacyXls(UnreadableWorkbook):
    """An old binary .xls file: save it as .xlsx first."""


class BadConfig(CensusError):
    """census.toml cannot be read or has invalid values."""


class BadPlan(CensusError):
    """The Tagana allocation plan does not add up."""


class OutputError(CensusError):
    """The output folder cannot be written."""


class TemplatesMissing(CensusError):
    """The report templates are neither inside the installed package nor beside it in a checkout."""


class UnknownLanguage(CensusError):
    """A language other than 'id' (Indonesian) or 'en' (English) was asked for."""


class NotAnOutputFolder(CensusError):
    """A folder given as a census round is not an output folder of `census run` (or is damaged)."""


class PersonNotFound(CensusError):
    """`census explain`: nobody in the census matches what was asked for."""
