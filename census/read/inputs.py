"""Find the roster workbooks and health-office exports under an inputs folder."""

from __future__ import annotations

from pathlib import Path

from census.errors import InputNotFound
from census.i18n import N_

#: Extensions of roster files (.xls is listed so that an old file — or a web page saved under
#: that name — is read or reported, never ignored).
ROSTER_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods", ".csv", ".tsv", ".txt"}
REGISTRY_SUFFIXES = {".csv", ".xlsx", ".xlsm", ".xls", ".tsv"}
REGISTRY_FOLDER = "registry"
#: Workbooks of COVID-19 case records (DOMAIN §9) live here: read by census.cases, not as rosters.
CASES_FOLDER = "kasus"
CASES_SUFFIXES = {".xlsx", ".xlsm", ".xls"}


def _ignored(relative: Path) -> bool:
    """Lock files (~$), hidden files and folders, the Tagana plan and the configuration."""
    if any(part.startswith((".", "~$")) for part in relative.parts):
        return True
    name = relative.name.lower()
    return name.startswith("tagana_plan.") or name == "census.toml"


def is_case_workbook(path: Path) -> bool:
    """A workbook of case records: in a `kasus` folder, or named so ('kasus_2021.xlsx')."""
    path = Path(path)
    return path.parent.name.lower() == CASES_FOLDER or path.stem.lower().startswith(
        (CASES_FOLDER, "terpapar")
    )


def find_case_inputs(inputs: Path) -> list[Path]:
    """The case workbooks: under inputs/kasus/, or named kasus_… / terpapar_… (sorted by path)."""
    inputs = Path(inputs)
    if not inputs.is_dir():
        return []
    return [
        path for path in sorted(inputs.rglob("*"))
        if path.is_file() and path.suffix.lower() in CASES_SUFFIXES
        and not _ignored(path.relative_to(inputs)) and _is_case_input(path.relative_to(inputs))
    ]


def _is_case_input(relative: Path) -> bool:
    if relative.parts[0].lower() == REGISTRY_FOLDER and len(relative.parts) > 1:
        return False
    in_folder = relative.parts[0].lower() == CASES_FOLDER and len(relative.parts) > 1
    return in_folder or is_case_workbook(relative)


def find_inputs(inputs: Path) -> tuple[list[Path], list[Path]]:
    """(roster workbooks, health-office exports under inputs/registry/), each sorted by path.

    Case workbooks (inputs/kasus/, see find_case_inputs) are neither."""
    inputs = Path(inputs)
    if not inputs.is_dir():
        raise InputNotFound(N_("Inputs folder not found: {path}"), path=inputs)
    rosters: list[Path] = []
    exports: list[Path] = []
    for path in sorted(inputs.rglob("*")):
        relative = path.relative_to(inputs)
        if not path.is_file() or _ignored(relative):
            continue
        suffix = path.suffix.lower()
        if _is_case_input(relative):
            continue
        if relative.parts[0].lower() == REGISTRY_FOLDER and len(relative.parts) > 1:
            if suffix in REGISTRY_SUFFIXES:
                exports.append(path)
        elif suffix in ROSTER_SUFFIXES:
            rosters.append(path)
    return rosters, exports
