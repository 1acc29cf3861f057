"""Read the optional census.toml of an inputs folder into a Config."""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from census.errors import BadConfig
from census.i18n import translator
from census.rules import Rules, default_rules

CONFIG_FILE = "census.toml"

#: Default coverage targets per category (share of eligible people, 0–1).
DEFAULT_TARGETS = {"asn": 1.0, "ptt": 1.0, "klien": 0.6, "keluarga": 0.7, "tagana": 1.0}


class UnitConfig(BaseModel):
    """What a department says about one unit: its display name, head, and target overrides.

    `place`: the unit's town ('Jombang'). `health_office`: who a letter about the unit's people
    goes to ('Kepala Dinas Kesehatan Kabupaten Jombang'; default: [letter] health_office).
    """

    model_config = ConfigDict(extra="forbid")

    name: str
    head: str | None = None
    head_nip: str | None = None
    targets: dict[str, float] = {}
    place: str | None = None
    health_office: str | None = None


class LetterConfig(BaseModel):
    """The department's official letters (DOMAIN §8): letterhead, number, place and signer.

    `government`: first letterhead line ('PEMERINTAH PROVINSI JAWA TIMUR'); `agency`: the
    second ('DINAS SOSIAL'; default: the department's name in capitals); `address`, `phone`,
    `email`, `website`: the letterhead's small print; `logo`: an image file (PNG or JPEG; SVG in
    HTML only) relative to the inputs folder, printed left of the letterhead. `number`: the
    letter number with {serial} (written by hand when not given), {year} and {month} (Roman),
    e.g. '443.1/{serial}/107.2/{year}'. `place`: where letters are signed ('Surabaya').
    `signer_position` ('KEPALA DINAS SOSIAL PROVINSI JAWA TIMUR', or 'a.n. Kepala Dinas,
    Sekretaris' on two lines), `signer_name`, `signer_rank` ('Pembina Utama Muda'), `signer_nip`.
    `health_office`: the default addressee of a request to the health office. `copies`: the
    'Tembusan' every such letter carries.
    """

    model_config = ConfigDict(extra="forbid")

    government: str = ""
    agency: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""
    website: str = ""
    logo: Path | None = None
    number: str = "{serial}/{year}"
    place: str = ""
    signer_position: str = ""
    signer_name: str = ""
    signer_rank: str = ""
    signer_nip: str = ""
    health_office: str = "Kepala Dinas Kesehatan"
    copies: list[str] = []


class Config(BaseModel):
    """The configuration of one census run.

    `as_of`: the census date (default today; `--as-of` overrides). `department`: the name printed
    on reports. `units`: unit code (file stem or unit column value) → UnitConfig. `targets`:
    category → coverage target 0–1. `rules`: overrides of the default rule table
    (see census/data/rules.toml). `lang`: report language, 'id' or 'en'.
    """

    model_config = ConfigDict(extra="forbid")

    as_of: date = Field(default_factory=date.today)
    department: str = "Dinas Sosial"
    lang: Literal["id", "en"] = "id"
    units: dict[str, UnitConfig] = {}
    targets: dict[str, float] = Field(default_factory=lambda: dict(DEFAULT_TARGETS))
    rules_overrides: dict[str, Any] = Field(default={}, alias="rules")
    letter: LetterConfig = Field(default_factory=LetterConfig)

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
    logo = config.letter.logo
    if logo is not None:
        # The logo is named relative to the inputs folder; a wrong path stops the run early.
        logo = logo if logo.is_absolute() else inputs / logo
        if not logo.is_file():
            t = translator(config.lang)
            raise BadConfig(t("{file}: [letter] logo: file not found: {path}", file=CONFIG_FILE,
                              path=logo))
        config.letter.logo = logo
    config.rules()  # fail early on bad rule overrides
    return config
