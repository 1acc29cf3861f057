"""Find the roster workbooks and health-office exports under an inputs folder."""

from __future__ import annotations

from pathlib import Path

from census.errors import InputNotFound

#: Extensions of roster files (.xls is listed so that an old file — or a web page saved under
#: that name — is read or reported, never ignored).
ROSTER_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods", ".csv", ".tsv", ".txt"}
REGISTRY_SUFFIXES = {".csv", ".xlsx", ".xlsm", ".xls", ".tsv"}
REGISTRY_FOLDER = "registry"


def _ignored(relative: Path) -> bool:
    """Lock files (~$), hidden files and folders, the Tagana plan and the configuration."""
    if any(part.startswith((".", "~$")) for part in relative.parts):
        return True
    name = relative.name.lower()
    return name.startswith("tagana_plan.") or name == "census.toml"


def find_inputs(inputs: Path) -> tuple[list[Path], list[Path]]:
    """(roster workbooks, health-office exports under inputs/registry/), each sorted by path."""
    inputs = Path(inputs)
    if not inputs.is_dir():
        raise InputNotFound(f"folder input tidak ditemukan (inputs folder not found): {inputs}")
    rosters: list[Path] = []
    exports: list[Path] = []
    for path in sorted(inputs.rglob("*")):
        relative = path.relative_to(inputs)
        if not path.is_file() or _ignored(relative):
            continue
        suffix = path.suffix.lower()
        if relative.parts[0].lower() == REGISTRY_FOLDER and len(relative.parts) > 1:
            if suffix in REGISTRY_SUFFIXES:
                exports.append(path)
        elif suffix in ROSTER_SUFFIXES:
            rosters.append(path)
    return rosters, exports
