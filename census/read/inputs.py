"""Find the roster workbooks and health-office exports under an inputs folder."""

from __future__ import annotations

from pathlib import Path

from census.errors import InputNotFound
from census.i18n import N_
from census.layout import input_files
from census.layout import is_case_workbook as is_case_workbook  # where callers have found it


def find_case_inputs(inputs: Path) -> list[Path]:
    """The case workbooks: under inputs/kasus/, or named kasus_… / terpapar_… (sorted by path)."""
    inputs = Path(inputs)
    if not inputs.is_dir():
        return []
    return [path for path, kind in input_files(inputs) if kind == "case"]


def find_inputs(inputs: Path) -> tuple[list[Path], list[Path]]:
    """(roster workbooks, health-office exports under inputs/registry/), each sorted by path
    (the rules: census.layout).

    Case workbooks (inputs/kasus/, see find_case_inputs) are neither."""
    inputs = Path(inputs)
    if not inputs.is_dir():
        raise InputNotFound(N_("Inputs folder not found: {path}"), path=inputs)
    rosters: list[Path] = []
    exports: list[Path] = []
    for path, kind in input_files(inputs):
        if kind == "roster":
            rosters.append(path)
        elif kind == "export":
            exports.append(path)
    return rosters, exports
