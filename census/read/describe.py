"""What `census read` shows: how each sheet of a workbook was understood (no personal data)."""

from __future__ import annotations

from census.findings import Finding, message
from census.i18n import N_, translator
from census.read.aliases import is_case_sheet
from census.read.book import RosterBook

#: Canonical fields in words, for the text listing (JSON keeps the canonical names).
FIELD_WORDS = {
    "name": N_("name"),
    "nik": N_("NIK"),
    "nip": N_("NIP"),
    "birth_date": N_("birth date"),
    "birth_place": N_("place of birth"),
    "sex": N_("sex"),
    "phone": N_("phone number"),
    "unit": N_("unit"),
    "category": N_("category"),
    "relation": N_("relation"),
    "remark": N_("remark"),
    "kabkota": N_("Kab/Kota"),
    "vaccine_status": N_("vaccination status"),
    "dose1_date": N_("date of dose 1"),
    "dose2_date": N_("date of dose 2"),
    "dose3_date": N_("date of dose 3"),
    "booster1_date": N_("date of booster 1"),
    "booster2_date": N_("date of booster 2"),
    "dose1_brand": N_("vaccine of dose 1"),
    "dose2_brand": N_("vaccine of dose 2"),
    "dose3_brand": N_("vaccine of dose 3"),
    "booster1_brand": N_("vaccine of booster 1"),
    "booster2_brand": N_("vaccine of booster 2"),
}


def describe(book: RosterBook, lang: str = "id") -> dict:
    """The JSON shape of `census read --format json`: per sheet what the text view shows, its
    findings included; `roster`: whether any sheet holds a table of people."""
    return {
        "file": book.file,
        "roster": book.has_roster,
        "sheets": [
            {
                "sheet": info.sheet,
                "category": info.category,
                "header_row": info.header_row,
                "columns": dict(info.columns),
                "rows": info.rows,
                "findings": [finding.to_dict(lang) for finding in info.findings],
            }
            for info in book.sheets
        ],
    }


def describe_text(book: RosterBook, lang: str = "id") -> str:
    """A few lines per sheet for a secretary: category, header row, columns → fields, rows."""
    t = translator(lang)
    lines = [t("{file} — unit {unit}", file=book.file, unit=book.unit)]
    for info in book.sheets:
        if info.header_row is None and not info.findings and is_case_sheet(info.sheet):
            lines.append("  " + t("Sheet '{sheet}': COVID-19 case records, not a roster (read "
                                  "as cases)", sheet=info.sheet))
            continue
        if info.header_row is None and not info.findings:
            lines.append("  " + t("Sheet '{sheet}': skipped, not a roster", sheet=info.sheet))
            continue
        if info.header_row is None:
            category = t.category(info.category) if info.category else "-"
            lines.append("  " + t("Sheet '{sheet}': category {category}", sheet=info.sheet,
                                  category=category))
            lines.extend(f"    ! {message(finding, lang)}" for finding in info.findings)
            continue
        if info.category:
            category = t.category(info.category)
        elif "category" in info.columns:
            category = t("from the category column")
        else:
            category = t("unknown")
        lines.append("  " + t(
            "Sheet '{sheet}': category {category}; header in row {row}; {rows}",
            sheet=info.sheet, category=category, row=info.header_row,
            rows=t.n("{count} data row", "{count} data rows", info.rows),
        ))
        width = max((len(info.headers[name]) for name in info.columns), default=0)
        for name, letter in info.columns.items():
            field = t(FIELD_WORDS[name]) if name in FIELD_WORDS else name
            lines.append(f"    {letter:>3}  {info.headers[name]:<{width}}  → {field}")
        counted: dict[str, list[Finding]] = {}
        for finding in info.findings:
            counted.setdefault(finding.code, []).append(finding)
        for findings in counted.values():
            more = len(findings) - 1
            text = message(findings[0], lang)
            if more:
                text += " " + t.n("(+{count} more)", "(+{count} more)", more)
            lines.append(f"    ! {text}")
    return "\n".join(lines)
