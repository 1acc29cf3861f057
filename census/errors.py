"""The few exceptions that stop a run; problems in the data are Findings, not exceptions.

Every CensusError carries its words untranslated: an English message id (marked with
`census.i18n.N_` where it is raised) and the values of its placeholders. Whoever prints it picks
the language: `translator(lang)(error)`; `str(error)` is the English text (logs, tracebacks).
"""

from __future__ import annotations

from typing import Any


class CensusError(Exception):
    """Base of every error census reports to a user as one line (exit code 2)."""

    def __init__(self, msgid: str, /, **values: Any) -> None:
        self.msgid = msgid
        self.values: dict[str, Any] = values
        super().__init__(msgid)

    def __str__(self) -> str:
        values = {k: str(v) for k, v in self.values.items()}
        return self.msgid.format(**values) if values else self.msgid

    def __reduce__(self) -> tuple[Any, ...]:
        # Keyword values survive pickling (errors cross process boundaries with --workers).
        return (_rebuild, (type(self), self.msgid, self.values))


def _rebuild(cls: type[CensusError], msgid: str, values: dict[str, Any]) -> CensusError:
    error = cls.__new__(cls)
    CensusError.__init__(error, msgid, **values)
    return error


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


class OverBudget(UnreadableWorkbook):
    """The file would take more memory to read than the limits allow (a zip bomb, a far cell)."""


class NoRoster(CensusError):
    """A file holds no sheet that looks like a roster (no header with a name column)."""

    #: When no file of a folder held a roster: each file left out on the way, with why.
    skipped: list[tuple[str, Any]] = []  # (file, its error or message)
