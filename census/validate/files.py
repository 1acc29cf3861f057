"""validate_files and ValidationReport: the findings of several workbooks as text, JSON, exit code."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from census.config import Limits
from census.errors import CensusError, UnreadableWorkbook
from census.findings import Finding, message
from census.i18n import N_, translator
from census.model import Severity
from census.read.book import RosterBook
from census.rules.table import Rules, default_rules
from census.validate.core import validate_books

#: Files `--annotate` marks up (openpyxl writes Excel workbooks only).
ANNOTATED_SUFFIXES = (".xlsx", ".xlsm")
_WORDS = {
    "id": {"failed": "Berkas yang tidak terbaca", "summary": "Ringkasan", "files": "berkas",
           "rows": "baris", "errors": "error", "warnings": "peringatan", "none": "Tidak ada temuan.",
           "file": "(seluruh berkas)", "by_code": "Per kode"},
    "en": {"failed": "Files not read", "summary": "Summary", "files": "files", "rows": "rows",
           "errors": "errors", "warnings": "warnings", "none": "No findings.",
           "file": "(whole file)", "by_code": "By code"},
}


@dataclass
class ValidationReport:
    """What `census validate` found: the books read, every finding, and the files skipped
    (`failures`: unreadable, each with its error; a book read without a roster is skipped too)."""

    books: list[RosterBook]
    findings: list[Finding]
    failures: list[tuple[str, CensusError]] = field(default_factory=list)
    #: Case records read besides the roster rows (Kasus sheets, case workbooks; census.cases).
    case_rows: int = 0

    @property
    def skipped(self) -> list[tuple[str, CensusError]]:
        """Every file left out, with why: unreadable, or no roster in it (in the order given)."""
        from census.read import no_roster

        return self.failures + [(b.file, no_roster(b)) for b in self.books if not b.has_roster]

    def skipped_lines(self, lang: str = "id") -> list[str]:
        """One line per skipped file, in `lang` (each names its file)."""
        t = translator(lang)
        return [t(error.msgid, **error.values) if error.values else str(error)
                for _, error in self.skipped]

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == Severity.ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity == Severity.WARNING)

    @property
    def exit_code(self) -> int:
        """2: nothing could be checked (no roster in any file); 1: errors in the data, or a file
        skipped; 0: no errors (warnings allowed)."""
        if not any(book.has_roster for book in self.books):
            return 2
        return 1 if self.errors or self.skipped else 0

    def summary(self) -> dict[str, object]:
        """Counts for the JSON summary."""
        by_file: dict[str, dict[str, int]] = {}
        for book in self.books:
            by_file[book.file] = {"rows": len(book.rows), "errors": 0, "warnings": 0}
        for finding in self.findings:
            counts = by_file.setdefault(finding.file, {"rows": 0, "errors": 0, "warnings": 0})
            counts["errors" if finding.severity == Severity.ERROR else "warnings"] += 1
        return {
            "files": len(self.books),
            "failed": len(self.skipped),
            "rows": sum(len(book.rows) for book in self.books) + self.case_rows,
            "findings": len(self.findings),
            "errors": self.errors,
            "warnings": self.warnings,
            "by_code": dict(sorted(Counter(f.code for f in self.findings).items())),
            "by_file": by_file,
        }

    def to_json(self, lang: str = "id") -> dict[str, object]:
        """{"findings": [...], "summary": {...}, "failures": [{"file", "message"}]}."""
        return {
            "findings": [finding.to_dict(lang) for finding in self.findings],
            "summary": self.summary(),
            "failures": [{"file": name, "message": line}
                         for (name, _), line in zip(self.skipped, self.skipped_lines(lang),
                                                    strict=True)],
        }

    def to_text(self, lang: str = "id") -> str:
        """Findings grouped by file and sheet, one line each, then the counts."""
        words = _WORDS.get(lang, _WORDS["id"])
        lines: list[str] = []
        current: tuple[str, str | None] | None = None
        for finding in self.findings:
            if current is None or finding.file != current[0]:
                lines.append(f"{finding.file}")
                current = (finding.file, "\0")
            if finding.sheet != current[1]:
                lines.append(f"  [{finding.sheet or words['file']}]")
                current = (finding.file, finding.sheet)
            lines.append(f"    {_where(finding, lang)}  {finding.code}  {message(finding, lang)}")
        if not self.findings and not self.skipped:
            lines.append(words["none"])
        summary = self.summary()
        lines.append(
            f"{words['summary']}: {summary['files']} {words['files']}, {summary['rows']} "
            f"{words['rows']}, {self.errors} {words['errors']}, {self.warnings} {words['warnings']}"
        )
        by_code = summary["by_code"]
        assert isinstance(by_code, dict)
        if by_code:
            lines.append(f"{words['by_code']}: " + ", ".join(f"{c} {n}" for c, n in by_code.items()))
        if self.skipped:
            # The reasons go to stderr (census validate prints them there); here, which files.
            lines.append(f"{words['failed']}: " + ", ".join(name for name, _ in self.skipped))
        return "\n".join(lines)


def _where(finding: Finding, lang: str) -> str:
    """'ASN!C12' in a workbook; 'line 12, column C' in a CSV file (its one sheet is the file)."""
    from census.read.open import TEXT_SUFFIXES

    if finding.row is None or not finding.file.lower().endswith(TEXT_SUFFIXES):
        return finding.cell
    t = translator(lang)
    if finding.column:
        return t("line {row}, column {column}", row=finding.row, column=finding.column)
    return t("line {row}", row=finding.row)


def validate_files(
    paths: list[Path],
    as_of: date | None,
    annotate_dir: Path | None = None,
    rules: Rules | None = None,
    lang: str = "id",
    limits: Limits | None = None,
) -> ValidationReport:
    """Read and validate each workbook; a file that cannot be read is a failure, not a stop.

    With `annotate_dir`, a marked-up copy of every workbook read is written there.
    """
    from census.read import read_workbook

    as_of = as_of or date.today()
    rules = rules or default_rules()
    books: list[RosterBook] = []
    failures: list[tuple[str, CensusError]] = []
    for path in paths:
        try:
            books.append(read_workbook(path, limits))
        except CensusError as exc:
            failures.append((Path(path).name, exc))
        except Exception as exc:  # noqa: BLE001 - one odd file must not end the others' check
            failures.append((Path(path).name, UnreadableWorkbook(
                N_("{name} cannot be read ({error})"), name=Path(path).name,
                error=type(exc).__name__)))
    findings = validate_books(books, as_of, rules)
    if annotate_dir is not None:
        annotate_books(books, findings, annotate_dir, lang)
    return ValidationReport(books=books, findings=findings, failures=failures)


def annotate_books(books: list[RosterBook], findings: list[Finding], annotate_dir: Path,
                   lang: str = "id") -> None:
    """A marked-up copy of each book's workbook in `annotate_dir`, with that file's findings."""
    from census.validate.annotate import annotate_workbook

    for book in books:
        if book.path.suffix.lower() not in ANNOTATED_SUFFIXES:
            continue  # a CSV, an ODS or a web page: only Excel workbooks are marked up
        annotate_workbook(book, [f for f in findings if f.file == book.file], annotate_dir,
                          lang=lang)
