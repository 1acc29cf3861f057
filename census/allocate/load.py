"""Find and read an inputs folder's allocation plan (tagana_plan.toml, else tagana_plan.xlsx)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from census.allocate.plan import Plan
from census.allocate.plan_toml import read_toml
from census.allocate.plan_xlsx import read_xlsx
from census.layout import PLAN_TOML, PLAN_XLSX


def load_plan(inputs: Path, as_of: date) -> Plan | None:
    """The checked plan of an inputs folder (TOML first, then xlsx); None when there is none.

    Raises census.errors.BadPlan (a PlanError listing every problem) when the plan does not
    add up.
    """
    for name, reader in ((PLAN_TOML, read_toml), (PLAN_XLSX, read_xlsx)):
        path = inputs / name
        if path.is_file():
            return reader(path, as_of)
    return None
