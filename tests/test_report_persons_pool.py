"""persons.xlsx written by a report worker beside the unit packs holds what the same
workbook written in this process holds, cell for cell, and its time is reported."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from census.i18n import translator
from census.progress import Timings
from census.report import write_persons_xlsx, write_reports
from tests.report_factory import make_config, make_findings, make_people, unit_codes


def _cells(path: Path) -> list[tuple[object, ...]]:
    ws = openpyxl.load_workbook(path).active
    assert ws is not None
    return [tuple((c.value, c.number_format) for c in row) for row in ws.iter_rows()]


def test_persons_xlsx_from_the_worker_pool_matches_one_written_here(tmp_path: Path) -> None:
    units = unit_codes(3)
    persons, memberships = make_people(300, units, seed=11)
    config = make_config(units)
    findings = make_findings(persons, memberships, 20)
    clock = Timings()
    (tmp_path / "pool").mkdir()
    written = write_reports(persons, memberships, findings, config, tmp_path / "pool",
                            workers=2, timings=clock, persons_xlsx=tmp_path / "pool" / "p.xlsx")
    write_persons_xlsx(persons, config, tmp_path / "here.xlsx", translator("id"))

    assert tmp_path / "pool" / "p.xlsx" in written
    pool, here = _cells(tmp_path / "pool" / "p.xlsx"), _cells(tmp_path / "here.xlsx")
    assert len(pool) > 300 and pool == here
    stages = [s.stage for s in clock.stages]
    assert stages.index("unit packs") < stages.index("  persons.xlsx")
