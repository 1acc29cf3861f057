"""Read inputs/tagana_plan.toml into a checked Plan, naming the line of every problem."""

from __future__ import annotations

import re
import tomllib
from datetime import date
from pathlib import Path
from typing import Any

from census.allocate.plan import Plan, PlanError, Problems, RawPhase, check_plan, place
from census.i18n import N_

FLAGS = ("count_boosters", "reassign_no_shows")
TOP_KEYS = {"title", "total_doses", "phases", *FLAGS}
PHASE_KEYS = {"name", "start", "end", "quota", "kabkota"}

_TABLE = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?")
_KEY = re.compile(r"""^\s*("[^"]*"|'[^']*'|[A-Za-z0-9_\-]+)\s*=""")


def _key_lines(text: str) -> tuple[dict[str, int], list[tuple[int, dict[str, int]]]]:
    """Where keys are written: top-level key → line, and per [[phases]] (header line, key → line).

    tomllib gives no positions, so the layout is scanned line by line; a value that spans lines
    (a multi-line array) is named by its first line, which is where the key is.
    """
    top: dict[str, int] = {}
    phases: list[tuple[int, dict[str, int]]] = []
    current: dict[str, int] | None = top
    for number, line in enumerate(text.splitlines(), start=1):
        if table := _TABLE.match(line):
            if line.lstrip().startswith("[[") and table[1] == "phases":
                phases.append((number, {}))
                current = phases[-1][1]
            else:
                current = None  # another table: its keys are not ours to locate
            continue
        if current is not None and (key := _KEY.match(line)):
            current.setdefault(key[1].strip("\"'"), number)
    return top, phases


def read_toml(path: Path, as_of: date) -> Plan:
    """The plan in a TOML file (schema in census/allocate/__init__.py), or PlanError."""
    source = path.name
    problems = Problems()
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except UnicodeDecodeError:
        problems.add("toml-syntax", N_("the file is not UTF-8 text"), where=source)
        raise PlanError(source, problems.items) from None
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"line (\d+)", str(exc))
        line = int(found[1]) if found else None
        problems.add("toml-syntax", N_("invalid TOML: {problem}"), line=line,
                     where=place(line) or source, problem=str(exc))
        raise PlanError(source, problems.items) from None

    top_lines, phase_lines = _key_lines(text)
    for key in sorted(set(data) - TOP_KEYS):
        line = top_lines.get(key)
        problems.add("unknown-key", N_("unknown key '{key}'"), line=line,
                     where=place(line) or source, key=key)
    phases_value = data.get("phases", [])
    if not isinstance(phases_value, list) or not all(isinstance(p, dict) for p in phases_value):
        problems.add("bad-value", N_("'phases' must be written as [[phases]] tables"),
                     where=source)
        phases_value = []
    raw = []
    for index, values in enumerate(phases_value, start=1):
        header, lines = phase_lines[index - 1] if index <= len(phase_lines) else (None, {})
        item = RawPhase(index, dict(values), lines, header)
        for key in sorted(set(values) - PHASE_KEYS):
            problems.add("unknown-key", N_("unknown key '{key}'"), phase=item,
                         line=lines.get(key), key=key)
        raw.append(item)

    flags: dict[str, bool] = {}
    for key in FLAGS:
        value: Any = data.get(key, False)
        if not isinstance(value, bool):
            line = top_lines.get(key)
            problems.add("bad-value", N_("{key} must be true or false"), line=line,
                         where=place(line) or source, key=key)
            value = False
        flags[key] = value
    title = data.get("title")
    total_line = top_lines.get("total_doses")
    return check_plan(
        source,
        data.get("total_doses"),
        total_line,
        place(total_line) or source,
        raw,
        problems,
        as_of,
        title=str(title) if title is not None else None,
        count_boosters=flags["count_boosters"],
        reassign_no_shows=flags["reassign_no_shows"],
    )
