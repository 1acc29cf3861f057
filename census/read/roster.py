"""Read a roster workbook: every sheet's header and data rows into the roster table."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from census import findings as catalogue
from census.config import Limits
from census.errors import NoRoster
from census.findings import Finding
from census.i18n import N_
from census.model import DATE_FIELDS, DOSE_SLOTS, PRIMARY_SLOTS
from census.read.aliases import PLACE_DATE, PREGNANT, SHARED_BRAND, SHARED_DATE, is_case_sheet
from census.read.assemble import SheetRows, joined_frame
from census.read.assemble import empty_roster as empty_roster  # where callers have found it
from census.read.body import data_rows
from census.read.book import RawSheet, RosterBook, SheetInfo
from census.read.cells import Grid, collector_paused, ids, repeat, split_place_date, texts
from census.read.header import Header, column_letter, find_header
from census.read.open import raw_sheets
from census.values.dates import parse_date_columns
from census.values.words import category_of, normalise, yes_no

#: Sheets named like this are summaries or instructions: never a finding when they have no table.
_NOT_ROSTER = re.compile(
    r"\b(rekap|rekapitulasi|petunjuk|panduan|grafik|ringkasan|summary|chart|pivot|daftar isi"
    r"|referensi|ref|master|cara pengisian|contoh|keterangan|dashboard|capaian)\b"
)
_TEXT_FIELDS = (
    "name", "birth_place", "sex", "phone", "relation", "role", "remark", "kabkota",
    "vaccine_status",
    *(f"{slot}_brand" for slot in DOSE_SLOTS),
)
_BRANDS = tuple(f"{slot}_brand" for slot in DOSE_SLOTS)
#: A formula-no-value finding names this many cells, then how many more.
_FORMULAS_SHOWN = 8


def _sheet_fields(header: Header) -> tuple[dict[str, int], dict[str, str]]:
    """Canonical field → column index and header text, with the pseudo-fields resolved."""
    columns = {k: v for k, v in header.columns.items() if not k.startswith("_")}
    texts_ = {k: v for k, v in header.texts.items() if not k.startswith("_")}
    for pseudo, targets in (
        (PLACE_DATE, ("birth_place", "birth_date")),
        (SHARED_BRAND, ("dose1_brand",)),
        (SHARED_DATE, ("dose1_date",)),
        (PREGNANT, ("remark",)),  # its yes/no becomes a note in the remark
    ):
        if pseudo in header.columns:
            for target in targets:
                if target not in columns:
                    columns[target] = header.columns[pseudo]
                    texts_[target] = header.texts[pseudo]
    return columns, texts_


def _category_values(
    raw: np.ndarray, fallback: str | None, rows: np.ndarray, where: dict[str, object]
) -> tuple[np.ndarray, list[Finding]]:
    codes, uniques = pd.factorize(raw, use_na_sentinel=True)
    known = [category_of(value) if isinstance(value, str) else None for value in uniques]
    categories = np.array(known + [None], dtype=object)[np.where(codes < 0, len(known), codes)]
    unknown = pd.isna(categories) & pd.notna(raw)
    findings = [
        catalogue.make("category-unknown", row=int(rows[i]), value=raw[i], **where)  # type: ignore[arg-type]
        for i in np.flatnonzero(unknown)
    ]
    if fallback is not None:
        categories[pd.isna(categories)] = fallback
    return categories, findings


def _pregnant_note(values: np.ndarray, header: str) -> np.ndarray:
    """'Hamil/Menyusui' column → a remark note ('Hamil/Menyusui: Ya') where it says yes or names it."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    notes = [
        f"{header}: {cell}" if yes_no(cell) is not False else None
        for cell in (str(value).strip() for value in uniques)
    ]
    return np.array(notes + [None], dtype=object)[np.where(codes < 0, len(notes), codes)]


def _join_notes(remarks: np.ndarray, notes: np.ndarray) -> np.ndarray:
    out = remarks.copy()
    has_note = pd.notna(notes)
    both = has_note & pd.notna(remarks)
    out[has_note & ~both] = notes[has_note & ~both]
    out[both] = [f"{remark}; {note}" for remark, note in zip(remarks[both], notes[both], strict=True)]
    return out


def _read_table(
    path: Path, unit: str, sheet: str, rows: list[list], start: tuple[int, int], header: Header,
    category: str | None,
) -> tuple[SheetRows, list[Finding], dict[str, int], dict[str, str]]:
    grid = Grid(rows[header.data_start :], min_width=max(header.columns.values(), default=-1) + 1)
    keep, unread = data_rows(grid, header)
    fields, headers = _sheet_fields(header)
    first_row = start[0] + header.data_start + 1
    row_numbers = (first_row + keep).astype(np.int64)
    length = len(keep)
    contiguous = length > 0 and keep[-1] - keep[0] + 1 == length
    block = grid.values[keep[0] : keep[-1] + 1] if contiguous else grid.values[keep]

    def cells(j: int) -> np.ndarray:
        return block[:, j]

    def text(j: int) -> np.ndarray:
        return texts(cells(j), grid.types(j)[keep], grid.blank(j)[keep])

    data: dict[str, np.ndarray] = {"row": row_numbers}
    for name in _TEXT_FIELDS:
        if name in fields:
            data[name] = text(fields[name])
    for name in ("nik", "nip"):
        if name in fields:
            j = fields[name]
            data[name], data[f"{name}_from_number"] = ids(
                cells(j), grid.types(j)[keep], grid.blank(j)[keep]
            )
    table = SheetRows(data, length)
    for name in DATE_FIELDS:
        if name in fields:
            values = cells(fields[name])
            if header.columns.get(PLACE_DATE) == fields[name]:
                data["birth_place"], values = split_place_date(values)
            table.dates[name] = values
    if SHARED_BRAND in header.columns:
        table.shared_brand = text(header.columns[SHARED_BRAND])
    if PREGNANT in header.columns:
        notes = _pregnant_note(text(header.columns[PREGNANT]), header.texts[PREGNANT])
        remarks = data.get("remark")
        if not isinstance(remarks, np.ndarray) or fields["remark"] == header.columns[PREGNANT]:
            remarks = np.full(length, None, dtype=object)
        data["remark"] = _join_notes(remarks, notes)

    where: dict[str, object] = {"file": path.name, "sheet": sheet, "unit": unit}
    if "category" in fields:
        where["column"] = column_letter(start[1] + fields["category"])
        where["header"] = headers["category"]
    if "unit" in fields:
        stripped = pd.Series(text(fields["unit"]), dtype=object).str.strip()
        data["unit"] = stripped.where(stripped.fillna("") != "", unit).to_numpy(dtype=object)
    else:
        data["unit"] = repeat(unit, length)
    findings: list[Finding] = []
    if "category" in fields:
        data["category"], findings = _category_values(
            text(fields["category"]), category, row_numbers, where
        )
    else:
        data["category"] = repeat(category, length)
    if unread.size:
        # Rows left below the table that may be people: said, so that no one is lost unseen.
        name_col = header.columns["name"]
        at = {"file": path.name, "sheet": sheet, "unit": unit, "header": header.texts["name"],
              "column": column_letter(start[1] + name_col)}
        findings += [
            catalogue.make("row-not-read", row=first_row + i, value=str(cell).strip(), **at)  # type: ignore[arg-type]
            for i, cell in zip(unread.tolist(), grid.values[unread, name_col].tolist(), strict=True)
        ]
    data["file"] = repeat(path.name, length)
    data["sheet"] = repeat(sheet, length)
    return table, findings, fields, headers


def _parse_dates(sheets: list[SheetRows], system1904: bool) -> None:
    """Parse the date cells of a workbook's sheets in one batch (each column on its own)."""
    columns = [(sheet, name) for sheet in sheets for name in sheet.dates]
    parsed = parse_date_columns([sheet.dates[name] for sheet, name in columns], system1904)
    for (sheet, name), (days, raws) in zip(columns, parsed, strict=True):
        sheet.data[name], sheet.data[f"{name}_raw"] = days, raws
    for sheet in sheets:
        if sheet.shared_brand is None:
            continue
        # One 'Jenis Vaksin' column: the brand of every primary dose that has a date.
        for slot in PRIMARY_SLOTS:
            dated = sheet.data.get(f"{slot}_date")
            if f"{slot}_brand" not in sheet.data and dated is not None:
                sheet.data[f"{slot}_brand"] = np.where(
                    ~np.isnat(dated), sheet.shared_brand, np.array(None)
                )


def _share_brands(sheets: list[SheetRows]) -> None:
    """Each brand spelling of a workbook as one text object for all its cells: a roster repeats
    a few brands thousands of times, and validation, the register and the pickles from the
    reading workers then handle a few objects instead of one per cell."""
    columns = [(sheet, name) for sheet in sheets for name in _BRANDS if name in sheet.data]
    if not columns:
        return
    codes, spellings = pd.factorize(np.concatenate([sheet.data[name] for sheet, name in columns]))
    shared = np.array([*spellings, None], dtype=object)[codes]  # code -1 (empty): None
    ends = np.cumsum([sheet.length for sheet, _ in columns]).tolist()
    for (sheet, name), end in zip(columns, ends, strict=True):
        sheet.data[name] = shared[end - sheet.length : end]


def _read_sheet(path: Path, unit: str, raw: RawSheet) -> tuple[SheetInfo, SheetRows | None]:
    sheet, rows, start, merged = raw.name, raw.rows, raw.start, raw.merged
    if is_case_sheet(sheet):
        # A Kasus / Terpapar sheet lists COVID-19 cases, not the unit's people: census.cases reads
        # it. It holds case records when it has a header with a name column.
        listed = bool(rows) and find_header(rows, start, merged) is not None
        return SheetInfo(sheet, None, None, {}, {}, 0, cases=listed), None
    formulas: tuple[Finding, ...] = ()
    if raw.formulas:
        shown = ", ".join(raw.formulas[:_FORMULAS_SHOWN])
        more = len(raw.formulas) - _FORMULAS_SHOWN
        formulas = (catalogue.make(
            "formula-no-value", path.name, sheet=sheet, unit=unit,
            value=f"{shown} (+{more})" if more > 0 else shown, count=len(raw.formulas),
        ),)
    not_roster = bool(_NOT_ROSTER.search(normalise(sheet)))
    category = category_of(sheet)
    # 'Rekap' or 'Petunjuk' is never read, even with a list of names; 'Rekap ASN' is the ASN roster.
    header = find_header(rows, start, merged) if rows and not (not_roster and category is None) else None
    if header is None:
        findings: tuple[Finding, ...] = ()
        if category is not None and not not_roster:
            findings = (catalogue.make("header-not-found", path.name, sheet=sheet, unit=unit),)
        info = SheetInfo(sheet, category if findings else None, None, {}, {}, 0, None,
                         formulas + findings, raw.formulas)
        return info, None
    if category is None and not not_roster:
        category = category_of(unit)
    table, found, fields, headers = _read_table(path, unit, sheet, rows, start, header, category)
    if category is None and "category" not in fields:
        found.append(catalogue.make("category-unknown", path.name, sheet=sheet, value=sheet, unit=unit))
    order = sorted(fields, key=lambda name: fields[name])
    info = SheetInfo(
        sheet=sheet,
        category=category if "category" not in fields else None,
        header_row=start[0] + header.bottom + 1,
        columns={name: column_letter(start[1] + fields[name]) for name in order},
        headers={name: headers[name] for name in order},
        rows=table.length,
        first_data_row=int(table.data["row"][0]) if table.length else None,
        findings=formulas + tuple(found),
        formulas=raw.formulas,
    )
    return info, table


def read_workbook(path: Path, limits: Limits | None = None, overlap: bool = True) -> RosterBook:
    """Read every sheet of the roster file at `path` (its file stem is the unit code): a workbook
    (.xlsx, .xlsm, .ods), a CSV export or a web page saved as .xls, within `limits`.
    `overlap`: calamine parses the next sheets in a thread meanwhile (False when other
    processes read beside this one: census.read.open.raw_sheets)."""
    with collector_paused():
        return _read_workbook(Path(path), limits, overlap)


def _read_workbook(path: Path, limits: Limits | None, overlap: bool) -> RosterBook:
    unit = path.stem
    infos: list[SheetInfo] = []
    tables: list[SheetRows] = []
    system1904 = False  # for a CSV or a web page (their dates are text)
    for raw in raw_sheets(path, limits, overlap):
        system1904 = raw.date1904
        info, table = _read_sheet(path, unit, raw)
        infos.append(info)
        if table is not None and table.length:
            tables.append(table)
            if overlap:
                # Each sheet's dates as it comes, while calamine parses the next sheet: the
                # workbook's end would wait for them. In turn, one batch costs less.
                _parse_dates([table], raw.date1904)
    if not overlap:
        _parse_dates(tables, system1904)
    _share_brands(tables)
    return RosterBook(path=path, unit=unit, sheets=infos, rows=joined_frame(tables))


#: A no-roster message names this many sheets, then how many more.
_SHEETS_SHOWN = 10


def sheets_looked_at(book: RosterBook) -> str:
    """'ASN, PTT, Rekap' — the sheets of a book, the first ten and a count of the rest."""
    names = [info.sheet for info in book.sheets]
    shown = ", ".join(names[:_SHEETS_SHOWN]) or "-"
    return shown + (f" (+{len(names) - _SHEETS_SHOWN})" if len(names) > _SHEETS_SHOWN else "")


def no_roster(book: RosterBook) -> NoRoster:
    """The error that says a file holds no roster, naming the sheets looked at."""
    return NoRoster(N_("No roster found in {name}; sheets looked at: {sheets}"),
                    name=book.file, sheets=sheets_looked_at(book))


def read_rosters(paths: list[Path], limits: Limits | None = None) -> list[RosterBook]:
    """Read several roster files, in the order given."""
    return [read_workbook(path, limits) for path in paths]
