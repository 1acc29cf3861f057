"""A unit too big for one page: its HTML pack is split into linked pages, its workbook keeps all."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest

from census.report import write_reports
from tests.report_factory import make_config, make_findings, make_people

PAGE_ROWS = 50


def test_a_big_unit_is_split_into_pages_and_its_workbook_keeps_everyone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pages of 50 rows here (2,000 in a census): the same split, on a census the size of a test."""
    monkeypatch.setattr("census.report.pages.PAGE_ROWS", PAGE_ROWS)
    units = ["upt_pstw_jombang"]
    persons, memberships = make_people(400, units, seed=5, hostile=False)
    findings = make_findings(persons, memberships, 100)
    write_reports(persons, memberships, findings, make_config(units), tmp_path)
    outstanding = int(persons["status"].isin(["partial", "unvaccinated", "deferred"]).sum())
    assert outstanding > 2 * PAGE_ROWS
    pages = sorted(p.name for p in (tmp_path / "units").glob("upt_pstw_jombang*.html"))
    count = -(-outstanding // PAGE_ROWS)
    assert pages == ["upt_pstw_jombang.html"] + [
        f"upt_pstw_jombang.p{n}.html" for n in range(2, count + 1)]
    numbers: list[int] = []
    for n, name in enumerate(["upt_pstw_jombang.html"] + pages[1:], start=1):
        html = (tmp_path / "units" / name).read_text(encoding="utf-8")
        assert f"Page {n} of {count}" in html or f"Halaman {n} dari {count}" in html
        assert all(f'href="{other}"' in html for other in pages if other != name)
        body = html.split('<table class="outstanding">', 1)[1].split("</table>", 1)[0]
        numbers += [int(x) for x in re.findall(r'<td class="num">(\d+)</td>', body.split("<tbody>")[1])
                    if x]
        assert ("Mengetahui" in html) == (n == 1)  # coverage and signature on the first page only
    # Every outstanding person once, in order, over the pages.
    assert numbers[:: 1] == list(range(1, outstanding + 1))
    book = openpyxl.load_workbook(tmp_path / "units" / "upt_pstw_jombang.xlsx", read_only=True)
    sheet = next(ws for ws in book.worksheets if ws.max_row and ws.max_row > outstanding)
    assert sheet.max_row >= outstanding
