"""The people of the demo province `census explain` is tested on: tests/fixtures/demo_explain.json.

One of each planted case a secretary asks about: a NIK typed into a number cell (15 digits kept),
a person on two rosters, a deferred person, a refusal, an exemption, and a dose only the health
office knows. For each: how to ask (the query), and what the generator knows the answer must
name — every roster row (file, sheet, row), every export row (file, line), the status, and the
rule behind it.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from demo.build import Builder
from demo.layouts import Row, SheetSpec
from demo.mistakes import Planted
from demo.people import AS_OF, Person


def explain_cases(b: Builder, planted: list[Planted], places: list[tuple[str, SheetSpec, Row]],
                  registry: Path) -> list[dict[str, Any]]:
    """The cases, in a fixed order, located in the workbooks and export just written."""
    by_person: dict[int, list[tuple[str, SheetSpec, Row]]] = {}
    for place in places:
        by_person.setdefault(id(place[2].person), []).append(place)
    lines: dict[str, list[int]] = {}
    with registry.open(encoding="utf-8", newline="") as handle:
        for line, record in enumerate(csv.reader(handle), start=1):
            if line > 1:
                lines.setdefault(record[0], []).append(line)

    def plain(intent: str, test: Any = None) -> Person:
        return next(p for entries in by_person.values()
                    if len(entries) == 1 and not (p := entries[0][2].person).note
                    and p.intent == intent and p.nik and (test is None or test(p)))

    def label(name: str) -> Person:
        return next(item.row.person for item in planted if item.label == name)

    deferred = plain("deferred", lambda p: p.event is not None and p.event[0] == "covid")
    exempt = plain("exempt", lambda p: bool(p.doses))
    cases = [
        ("nik-cut-to-15-digits", label("nik-as-number-in-export"), None),
        ("two-rosters", b.couple[1], None),
        ("deferred", deferred, None),
        ("refused", plain("refused"), None),
        ("exempt", exempt, None),
        ("dose-only-in-export", label("date-31-feb"), None),
    ]
    out = []
    for case, person, unit in cases:
        entries = by_person[id(person)]
        item: dict[str, Any] = {
            "case": case,
            "query": person.nik,
            "unit": unit,
            "name": person.name,
            "rows": sorted([f"{code}.xlsx", spec.title, spec.excel_row(row)]
                           for code, spec, row in entries),
            "export_rows": [[registry.name, line] for line in lines.get(person.nik or "", [])],
        }
        if person.event is not None and case == "deferred":
            reason, illness, _day = person.event
            rule = b.rules.deferral(reason, illness, AS_OF)
            assert rule is not None
            item["deferral"] = {"reason": reason, "illness": illness,
                                "from": rule.from_.isoformat(), "months": rule.months}
        if case in ("refused", "exempt"):
            item["remark"] = person.remark
        out.append(item)
    return out
