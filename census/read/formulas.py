"""Cells holding a formula whose value was never saved (a workbook written by a program and never
opened in Excel): their value reads as empty, so the reader names them instead of guessing."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from census.read.budget import sheet_parts

#: Sheet parts up to this size are looked through (a workbook written by a script is small; a
#: big sheet saved by Excel or LibreOffice always carries its values).
_SCAN_LIMIT = 16 << 20
# <c r="B7"><f>…</f></c>, <c r="B8"><f t="shared" si="0"/><v></v></c>: a formula, no value.
_UNCACHED = re.compile(
    rb'<c\b[^>]*?\sr\s*=\s*["\']([A-Za-z]{1,3}\d{1,7})["\'][^>]*>\s*'
    rb"<f\b[^>]*?(?:/>|>[^<]*</f>)\s*(?:<v\s*/>|<v>\s*</v>)?\s*</c>"
)


def uncached_formulas(path: Path) -> dict[str, list[str]]:
    """Sheet name → cells ('B7') with a formula and no saved value, for an .xlsx workbook."""
    found: dict[str, list[str]] = {}
    try:
        with zipfile.ZipFile(path) as archive:
            for part, sheet in sheet_parts(archive).items():
                try:
                    info = archive.getinfo(part)
                except KeyError:
                    continue
                if info.file_size > _SCAN_LIMIT:
                    continue
                data = archive.read(info)
                if b"<f" not in data:
                    continue
                cells = [cell.decode().upper() for cell in _UNCACHED.findall(data)]
                if cells:
                    found[sheet] = cells
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError, RuntimeError):
        return {}  # the reader says the workbook is damaged
    return found
