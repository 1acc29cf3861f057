"""Cells holding a formula whose value was never saved (a workbook written by a program and never
opened in Excel): their value reads as empty, so the reader names them instead of guessing."""

from __future__ import annotations

import re

# <c r="B7"><f>…</f></c>, <c r="B8"><f t="shared" si="0"/><v></v></c>: a formula, no value.
_UNCACHED = re.compile(
    rb'<c\b[^>]*?\sr\s*=\s*["\']([A-Za-z]{1,3}\d{1,7})["\'][^>]*>\s*'
    rb"<f\b[^>]*?(?:/>|>[^<]*</f>)\s*(?:<v\s*/>|<v>\s*</v>)?\s*</c>"
)


def uncached_formulas(sheet_xml: bytes) -> list[str]:
    """Cells ('B7') of a worksheet part that hold a formula and no saved value."""
    return [cell.decode().upper() for cell in _UNCACHED.findall(sheet_xml)]
