"""Which files of an inputs folder are roster workbooks, health-office exports or case workbooks.

The rules alone, importing nothing heavy: census.read.find_inputs lists the files by them, and
the pipeline sizes its worker pool by them before pandas is imported (start_pool).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Literal

#: Extensions of roster files (.xls is listed so that an old file — or a web page saved under
#: that name — is read or reported, never ignored).
ROSTER_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods", ".csv", ".tsv", ".txt"}
REGISTRY_SUFFIXES = {".csv", ".xlsx", ".xlsm", ".xls", ".tsv"}
REGISTRY_FOLDER = "registry"
#: Workbooks of COVID-19 case records (DOMAIN §9) live here: read by census.cases, not as rosters.
CASES_FOLDER = "kasus"
CASES_SUFFIXES = {".xlsx", ".xlsm", ".xls"}

#: The names of a Tagana allocation plan in an inputs folder (read by census.allocate, never as
#: a roster): the pipeline looks for them before importing census.allocate.
PLAN_TOML = "tagana_plan.toml"
PLAN_XLSX = "tagana_plan.xlsx"
PLAN_FILES = (PLAN_TOML, PLAN_XLSX)

InputKind = Literal["roster", "export", "case"]


def ignored(relative: Path) -> bool:
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


def _in_registry(relative: Path) -> bool:
    return relative.parts[0].lower() == REGISTRY_FOLDER and len(relative.parts) > 1


def is_case_input(relative: Path) -> bool:
    """Under kasus/ or named as case records (and not under registry/)."""
    if _in_registry(relative):
        return False
    in_folder = relative.parts[0].lower() == CASES_FOLDER and len(relative.parts) > 1
    return in_folder or is_case_workbook(relative)


def kind_of_input(relative: Path) -> InputKind | None:
    """What the file at `relative` (to the inputs folder) is; None: not an input census reads."""
    if ignored(relative):
        return None
    suffix = relative.suffix.lower()
    if is_case_input(relative):
        return "case" if suffix in CASES_SUFFIXES else None
    if _in_registry(relative):
        return "export" if suffix in REGISTRY_SUFFIXES else None
    return "roster" if suffix in ROSTER_SUFFIXES else None


def input_files(inputs: Path) -> Iterator[tuple[Path, InputKind]]:
    """Every input file under the folder `inputs` with its kind, sorted by path."""
    for path in sorted(inputs.rglob("*")):
        kind = kind_of_input(path.relative_to(inputs))
        if kind is not None and path.is_file():
            yield path, kind
