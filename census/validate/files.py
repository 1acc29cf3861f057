"""validate_files and ValidationReport: the findings of several workbooks as text, JSON, exit code."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from census.config import Config
from census.errors import CensusError
from census.findings import Finding, message
from census.i18n import N_, Lazy, Message, Translator, translator
from census.model import Severity
from census.read.book import RosterBook
from census.validate.core import validate_books

#: Files `--annotate` marks up (openpyxl writes Excel workbooks only).
ANNOTATED_SUFFIXES = (".xlsx", ".xlsm")


@dataclass
class ValidationReport:
    """What `census validate` found: the books read, every finding, and the files skipped.

    `failures`: (file name, why it could not be read), the reason rendered in the reader's
    language by to_text / to_json / skipped_lines. A book read without a roster is skipped too.
    """

    books: list[RosterBook]
    findings: list[Finding]
    failures: list[tuple[str, Lazy]] = field(default_factory=list)
    #: Case records read besides the roster rows (Kasus sheets, case workbooks; census.cases).
    case_rows: int = 0

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == Severity.ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity == Severity.WARNING)

    @property
    def skipped(self) -> list[tuple[str, Lazy]]:
        """Every file left out, with why: unreadable, or no roster in it."""
        from census.read import no_roster

        return self.failures + [(b.file, no_roster(b)) for b in self.books if not b.has_roster]

    def skipped_lines(self, lang: str = "id") -> list[str]:
        """Why each skipped file was left out, in `lang` (each line names its file)."""
        t = translator(lang)
        return [t(why) for _, why in self.skipped]

    @property
    def exit_code(self) -> int:
        """2: nothing could be checked (no roster or case records in any file); 1: errors in the
        data, or a file skipped; 0: no errors (warnings allowed)."""
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
            "failures": [
                {"file": name, "message": line}
                for (name, _), line in zip(self.skipped, self.skipped_lines(lang), strict=True)
            ],
        }

    def to_text(self, lang: str = "id") -> str:
        """Findings grouped by file and sheet, one line each, then the counts."""
        t = translator(lang)
        lines: list[str] = []
        current: tuple[str, str | None] | None = None
        for finding in self.findings:
            if current is None or finding.file != current[0]:
                lines.append(f"{finding.file}")
                current = (finding.file, "\0")
            if finding.sheet != current[1]:
                lines.append(f"  [{finding.sheet or t('(whole file)')}]")
                current = (finding.file, finding.sheet)
            lines.append(f"    {_where(finding, t)}  {finding.code}  {message(finding, lang)}")
        if not self.findings and not self.skipped:
            lines.append(t("No findings."))
        rows = sum(len(book.rows) for book in self.books) + self.case_rows
        lines.append(t(
            "Summary: {files}, {rows}, {errors}, {warnings}",
            files=t.n("{count} file", "{count} files", len(self.books)),
            rows=t.n("{count} row", "{count} rows", rows),
            errors=t.n("{count} error", "{count} errors", self.errors),
            warnings=t.n("{count} warning", "{count} warnings", self.warnings),
        ))
        by_code = Counter(f.code for f in self.findings)
        if by_code:
            counts = ", ".join(f"{code} {n}" for code, n in sorted(by_code.items()))
            lines.append(t("By code: {counts}", counts=counts))
        if self.skipped:
            # The reasons go to stderr (census validate prints them there); here, which files.
            names = ", ".join(name for name, _ in self.skipped)
            lines.append(t("Files not read: {files}", files=names))
        return "\n".join(lines)


def _where(finding: Finding, t: Translator) -> str:
    """'ASN!C12' in a workbook; 'line 12, column C' in a CSV file (its one sheet is the file)."""
    from census.read.open import TEXT_SUFFIXES

    if finding.row is None or not finding.file.lower().endswith(TEXT_SUFFIXES):
        return finding.cell
    if finding.column:
        return t("line {row}, column {column}", row=finding.row, column=finding.column)
    return t("line {row}", row=finding.row)


def validate_files(
    paths: list[Path], config: Config, annotate_dir: Path | None = None
) -> ValidationReport:
    """Read and check each workbook on its own; a file that cannot be read is a failure, not a
    stop. (`census validate` adds what only the whole census finds: census.compute.check_files.)

    `config` gives the census date, the rule table and the language of the annotated copies
    (load it with `census.config.load_config(paths)` so the checks judge with the census.toml
    beside the files). With `annotate_dir`, a marked-up copy of every workbook read is written.
    """
    from census.read import read_workbook

    books: list[RosterBook] = []
    failures: list[tuple[str, Lazy]] = []
    for path in paths:
        try:
            books.append(read_workbook(path, config.limits))
        except CensusError as exc:
            failures.append((Path(path).name, Message.copy(exc)))
        except Exception as exc:  # noqa: BLE001 - one odd file must not end the others' check
            failures.append((Path(path).name, Message.of(N_("unexpected problem: {reason}"),
                                                         reason=str(exc))))
    report = ValidationReport(books, validate_books(books, config.as_of, config.rules()), failures)
    if annotate_dir is not None:
        annotate_books(report.books, report.findings, annotate_dir, config.lang)
    return report


def annotate_books(books: list[RosterBook], findings: list[Finding], annotate_dir: Path,
                   lang: str = "id") -> None:
    """A marked-up copy of each book's workbook in `annotate_dir`, with that file's findings."""
    from census.validate.annotate import annotate_workbook

    for book in books:
        if book.path.suffix.lower() not in ANNOTATED_SUFFIXES:
            continue  # a CSV, an ODS or a web page: only Excel workbooks are marked up
        annotate_workbook(book, [f for f in findings if f.file == book.file], annotate_dir,
                          lang=lang)
