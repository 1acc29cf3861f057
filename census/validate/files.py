"""validate_files and ValidationReport: the findings of several workbooks as text, JSON, exit code."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from census.errors import CensusError
from census.findings import Finding, message
from census.model import Severity
from census.read.book import RosterBook
from census.rules.table import Rules, default_rules
from census.validate.core import validate_books

_WORDS = {
    "id": {"failed": "Tidak dapat dibaca", "summary": "Ringkasan", "files": "berkas",
           "rows": "baris", "errors": "error", "warnings": "peringatan", "none": "Tidak ada temuan.",
           "file": "(seluruh berkas)", "by_code": "Per kode"},
    "en": {"failed": "Cannot be read", "summary": "Summary", "files": "files", "rows": "rows",
           "errors": "errors", "warnings": "warnings", "none": "No findings.",
           "file": "(whole file)", "by_code": "By code"},
}


@dataclass
class ValidationReport:
    """What `census validate` found: the books read, every finding, and files that failed."""

    books: list[RosterBook]
    findings: list[Finding]
    failures: list[tuple[str, str]] = field(default_factory=list)
    #: Case records read besides the roster rows (Kasus sheets, case workbooks; census.cases).
    case_rows: int = 0

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == Severity.ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity == Severity.WARNING)

    @property
    def exit_code(self) -> int:
        """2 if a file could not be read, else 1 if any error, else 0 (warnings allowed)."""
        if self.failures:
            return 2
        return 1 if self.errors else 0

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
            "failed": len(self.failures),
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
            "failures": [{"file": name, "message": text} for name, text in self.failures],
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
            lines.append(f"    {finding.cell}  {finding.code}  {message(finding, lang)}")
        for name, text in self.failures:
            lines.append(f"{words['failed']}: {name}: {text}")
        if not self.findings and not self.failures:
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
        return "\n".join(lines)


def validate_files(
    paths: list[Path],
    as_of: date | None,
    annotate_dir: Path | None = None,
    rules: Rules | None = None,
    lang: str = "id",
) -> ValidationReport:
    """Read and validate each workbook; a file that cannot be read is a failure, not a stop.

    With `annotate_dir`, a marked-up copy of every workbook read is written there.
    """
    from census.read import read_workbook

    as_of = as_of or date.today()
    rules = rules or default_rules()
    books: list[RosterBook] = []
    failures: list[tuple[str, str]] = []
    for path in paths:
        try:
            books.append(read_workbook(path))
        except CensusError as exc:
            failures.append((Path(path).name, str(exc)))
        except Exception as exc:  # noqa: BLE001 - one odd file must not end the others' check
            failures.append((Path(path).name, f"tidak dapat dibaca (cannot be read): {exc}"))
    findings = validate_books(books, as_of, rules)
    if annotate_dir is not None:
        annotate_books(books, findings, annotate_dir, lang)
    return ValidationReport(books=books, findings=findings, failures=failures)


def annotate_books(books: list[RosterBook], findings: list[Finding], annotate_dir: Path,
                   lang: str = "id") -> None:
    """A marked-up copy of each book's workbook in `annotate_dir`, with that file's findings."""
    from census.validate.annotate import annotate_workbook

    for book in books:
        annotate_workbook(book, [f for f in findings if f.file == book.file], annotate_dir,
                          lang=lang)
