"""Read the optional census.toml of an inputs folder into a Config."""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from census.errors import BadConfig
from census.rules import Rules, default_rules

CONFIG_FILE = "census.toml"

#: Default coverage targets per category (share of eligible people, 0–1).
DEFAULT_TARGETS = {"asn": 1.0, "ptt": 1.0, "klien": 0.6, "keluarga": 0.7, "tagana": 1.0}


class UnitConfig(BaseModel):
    """What a department says about one unit: its display name, head, and target overrides."""

    model_config = ConfigDict(extra="forbid")

    name: str
    head: str | None = None
    head_nip: str | None = None
    targets: dict[str, float] = {}


class Limits(BaseModel):
    """The `[limits]` section: what an input file may cost before census reads it.

    A workbook is a zip of XML parts; each part's declared size and compression ratio are checked
    before anything is unpacked. `part_mb`: largest unpacked part (a sheet, the shared strings).
    `ratio`: largest unpacked/packed ratio of a part above 1 MB (real sheets pack 5–30×; a zip
    bomb 1000×). `cells`: largest area of a sheet from its first to its last cell (rows ×
    columns; a value typed in cell XFD1048576 makes 17 billion). `text_mb`: largest CSV or HTML
    file.
    """

    model_config = ConfigDict(extra="forbid")

    part_mb: float = Field(default=200, gt=0)
    ratio: float = Field(default=100, gt=1)
    cells: int = Field(default=20_000_000, gt=0)
    text_mb: float = Field(default=200, gt=0)


class Config(BaseModel):
    """The configuration of one census run.

    `as_of`: the census date (default today; `--as-of` overrides). `department`: the name printed
    on reports. `units`: unit code (file stem or unit column value) → UnitConfig. `targets`:
    category → coverage target 0–1. `rules`: overrides of the default rule table
    (see census/data/rules.toml). `lang`: report language, 'id' or 'en'. `limits`: what an input
    file may cost to read (see Limits).
    """

    model_config = ConfigDict(extra="forbid")

    as_of: date = Field(default_factory=date.today)
    department: str = "Dinas Sosial"
    lang: Literal["id", "en"] = "id"
    units: dict[str, UnitConfig] = {}
    targets: dict[str, float] = Field(default_factory=lambda: dict(DEFAULT_TARGETS))
    rules_overrides: dict[str, Any] = Field(default={}, alias="rules")
    limits: Limits = Field(default_factory=Limits)

    def unit_name(self, code: str) -> str:
        """Display name of a unit, its code when the configuration does not name it."""
        unit = self.units.get(code)
        return unit.name if unit else code

    def target(self, unit: str, category: str) -> float:
        """Coverage target of `category` in `unit` (unit override, else department default)."""
        override = self.units.get(unit)
        if override and category in override.targets:
            return override.targets[category]
        return self.targets.get(category, DEFAULT_TARGETS.get(category, 1.0))

    def rules(self) -> Rules:
        """The rule table in force: defaults with this department's overrides."""
        rules = default_rules()
        if not self.rules_overrides:
            return rules
        try:
            return rules.with_overrides(self.rules_overrides)
        except ValidationError as exc:
            raise BadConfig(f"census.toml [rules]: {_first_error(exc)}") from None


def _first_error(exc: ValidationError) -> str:
    error = exc.errors()[0]
    where = ".".join(str(part) for part in error["loc"])
    return f"{where}: {error['msg']}"


def load_config(inputs: Path, as_of: date | None = None, lang: str | None = None) -> Config:
    """The Config of an inputs folder: its census.toml if present, command-line values on top."""
    data: dict[str, Any] = {}
    path = inputs / CONFIG_FILE if inputs.is_dir() else None
    if path is not None and path.exists():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise BadConfig(f"{path.name}: {exc}") from None
    if as_of is not None:
        data["as_of"] = as_of
    if lang is not None:
        data["lang"] = lang
    if "targets" in data:
        data["targets"] = {**DEFAULT_TARGETS, **data["targets"]}
    try:
        config = Config.model_validate(data)
    except ValidationError as exc:
        raise BadConfig(f"{CONFIG_FILE}: {_first_error(exc)}") from None
    config.rules()  # fail early on bad rule overrides
    return config
