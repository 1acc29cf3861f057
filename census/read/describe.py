"""What `census read` shows: how each sheet of a workbook was understood (no personal data)."""

from __future__ import annotations

from census.findings import message
from census.i18n import translator
from census.read.aliases import is_case_sheet
from census.read.book import RosterBook


def describe(book: RosterBook) -> dict:
    """The JSON shape of `census read --format json`."""
    return {
        "file": book.file,
        "sheets": [
            {
                "sheet": info.sheet,
                "category": info.category,
                "header_row": info.header_row,
                "columns": dict(info.columns),
                "rows": info.rows,
            }
            for info in book.sheets
        ],
    }


def describe_text(book: RosterBook, lang: str = "id") -> str:
    """A few lines per sheet for a secretary: category, header row, columns → fields, rows."""
    t = translator(lang)
    lines = [f"{book.file} — unit {book.unit}"]
    for info in book.sheets:
        if info.header_row is None and not info.findings and is_case_sheet(info.sheet):
            lines.append(t("  Sheet '{sheet}': COVID-19 case records, not a roster (read as cases)",
                           sheet=info.sheet))
            continue
        if info.header_row is None and not info.findings:
            lines.append(f"  Lembar '{info.sheet}': dilewati, bukan daftar (skipped: not a roster)")
            continue
        if info.header_row is None:
            lines.append(f"  Lembar '{info.sheet}': kategori {info.category or '-'}")
            lines.extend(f"    ! {message(finding)}" for finding in info.findings)
            continue
        category = info.category or (
            "dari kolom kategori (from the category column)"
            if "category" in info.columns
            else "tidak diketahui (unknown)"
        )
        lines.append(
            f"  Lembar '{info.sheet}': kategori {category}; judul kolom di baris {info.header_row} "
            f"(header row); {info.rows} baris data (data rows)"
        )
        width = max((len(info.headers[name]) for name in info.columns), default=0)
        for name, letter in info.columns.items():
            lines.append(f"    {letter:>3}  {info.headers[name]:<{width}}  → {name}")
        counted: dict[str, list] = {}
        for finding in info.findings:
            counted.setdefault(finding.code, []).append(finding)
        for findings in counted.values():
            more = f" (+{len(findings) - 1} lagi / more)" if len(findings) > 1 else ""
            lines.append(f"    ! {message(findings[0])}{more}")
    return "\n".join(lines)
