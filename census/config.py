"""census.toml → Config: the one way every command (and the portal) loads its configuration."""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError

from census.errors import BadConfig
from census.i18n import N_, Message
from census.rules import Rules, default_rules

CONFIG_FILE = "census.toml"

#: Default coverage targets per category (share of eligible people, 0–1).
DEFAULT_TARGETS = {"asn": 1.0, "ptt": 1.0, "klien": 0.6, "keluarga": 0.7, "tagana": 1.0}


class UnitConfig(BaseModel):
    """What a department says about one unit: its display name, head, and target overrides.

    `place`: the unit's town ('Jombang'). `health_office`: who a letter about the unit's people
    goes to ('Kepala Dinas Kesehatan Kabupaten Jombang'; default: [letter] health_office).
    `head_title`: the head's position as letters address it ('Sekretaris Dinas Sosial Provinsi
    Jawa Timur'; default: 'Kepala <name>'). `vaccination_place`: where the unit's people go for
    a dose, named in their reminders ('Puskesmas Jombang'; default: the nearest puskesmas).
    """

    model_config = ConfigDict(extra="forbid")

    name: str
    head: str | None = None
    head_nip: str | None = None
    head_phone: str | None = None
    head_title: str | None = None
    targets: dict[str, float] = {}
    place: str | None = None
    health_office: str | None = None
    vaccination_place: str | None = None


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
    'Tembusan' every such letter carries. `deadline_days`: the days a unit's cover letter gives
    its head to complete the outstanding list (from the census date).
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
    deadline_days: int = Field(default=14, ge=1)


class PortalConfig(BaseModel):
    """The `[portal]` section: where the web portal keeps its data, and its limits.

    `instance`: folder of the portal's SQLite database, stored files and run outputs (relative
    to the census.toml; `DATABASE_URL` in the environment selects PostgreSQL instead).
    `upload_limit_mb`: largest workbook accepted. `session_hours`: a login lasts this long.
    `retention_days`: a closed round whose census date is older than this may have its
    personal data purged (Law 27/2022 on personal data protection), its aggregates kept.
    """

    model_config = ConfigDict(extra="forbid")

    instance: str | None = None
    upload_limit_mb: float = Field(default=20, gt=0)
    session_hours: float = Field(default=8, gt=0)
    retention_days: int = Field(default=730, gt=0)


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
    file may cost to read (see Limits). `portal`: the web portal's settings (ignored by the
    command line).
    """

    model_config = ConfigDict(extra="forbid")

    as_of: date = Field(default_factory=date.today)
    department: str = "Dinas Sosial"
    lang: Literal["id", "en"] = "id"
    units: dict[str, UnitConfig] = {}
    targets: dict[str, float] = Field(default_factory=lambda: dict(DEFAULT_TARGETS))
    rules_overrides: dict[str, Any] = Field(default={}, alias="rules")
    limits: Limits = Field(default_factory=Limits)
    letter: LetterConfig = Field(default_factory=LetterConfig)
    portal: PortalConfig = Field(default_factory=PortalConfig)
    _rules: Rules | None = PrivateAttr(default=None)

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
        """The rule table in force: defaults with this department's overrides (built once)."""
        if self._rules is None:
            rules = default_rules()
            if self.rules_overrides:
                try:
                    rules = rules.with_overrides(self.rules_overrides)
                except ValidationError as exc:
                    raise _bad(exc, "census.toml [rules]") from None
            self._rules = rules
        return self._rules


#: Pydantic's error types → what a secretary is told (pydantic's own English text otherwise).
_PROBLEMS = {
    "extra_forbidden": N_("unknown key"),
    "missing": N_("required"),
    "literal_error": N_("must be one of: {expected}"),
    "date_type": N_("must be a date such as 2022-03-31"),
    "date_parsing": N_("must be a date such as 2022-03-31"),
    "date_from_datetime_parsing": N_("must be a date such as 2022-03-31"),
    "date_from_datetime_inexact": N_("must be a date such as 2022-03-31"),
    "float_type": N_("must be a number"),
    "float_parsing": N_("must be a number"),
    "int_type": N_("must be a whole number"),
    "int_parsing": N_("must be a whole number"),
    "int_from_float": N_("must be a whole number"),
    "string_type": N_("must be text"),
    "bool_type": N_("must be true or false"),
    "bool_parsing": N_("must be true or false"),
    "dict_type": N_("must be a table"),
    "model_type": N_("must be a table"),
    "list_type": N_("must be a list"),
    "greater_than_equal": N_("must be at least {ge}"),
    "greater_than": N_("must be more than {gt}"),
    "less_than_equal": N_("must be at most {le}"),
}


def _bad(exc: ValidationError, where: str) -> BadConfig:
    error = exc.errors()[0]
    key = ".".join(str(part) for part in error["loc"])
    problem: object = error["msg"]
    if error["type"] in _PROBLEMS:
        context = {k: str(v) for k, v in (error.get("ctx") or {}).items()}
        if "expected" in context:  # pydantic's "'id' or 'en'": no English word in the list
            context["expected"] = context["expected"].replace(" or ", ", ")
        problem = Message.of(_PROBLEMS[error["type"]], **context)
    return BadConfig(N_("{file}: {key}: {problem}"), file=where, key=key, problem=problem)


def find_config(paths: Path | Sequence[Path]) -> Path | None:
    """The census.toml governing `paths`: in the folder given, or beside the files given, or in
    a folder above them (a case workbook in inputs/kasus/ is governed by inputs/census.toml).

    With several paths the first folder (in the order given) that finds one wins, so
    `census validate inputs/*.xlsx` uses inputs/census.toml like `census run inputs` does.
    """
    items = [paths] if isinstance(paths, Path) else list(paths)
    folders = [Path(p) if Path(p).is_dir() else Path(p).parent for p in items]
    for folder in dict.fromkeys(folder.resolve() for folder in folders):
        for candidate in (folder / CONFIG_FILE, *(up / CONFIG_FILE for up in folder.parents)):
            if candidate.is_file():
                return candidate
    return None


def load_config(
    inputs: Path | Sequence[Path], as_of: date | None = None, lang: str | None = None
) -> Config:
    """The one way to load a configuration (run, allocate, validate, read, the portal).

    `inputs`: an inputs folder, or the files a command was given (see `find_config`). Values
    given here (the command line's --as-of, --lang) win over census.toml's. The rule table is
    built and checked here, once: `config.rules()` hands out the same Rules afterwards.
    """
    return load_config_file(find_config(inputs), as_of, lang)


def load_config_file(
    path: Path | None, as_of: date | None = None, lang: str | None = None
) -> Config:
    """The Config of one census.toml named directly (the portal's), None: the defaults."""
    data: dict[str, Any] = {}
    if path is not None:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise BadConfig(
                N_("{file} cannot be read: {problem}"), file=path.name, problem=str(exc)
            ) from None
        except OSError as exc:
            raise BadConfig(
                N_("{file} cannot be read: {problem}"), file=str(path), problem=exc.strerror
            ) from None
    if as_of is not None:
        data["as_of"] = as_of
    if lang is not None:
        data["lang"] = lang
    if isinstance(data.get("targets"), dict):
        data["targets"] = {**DEFAULT_TARGETS, **data["targets"]}
    try:
        config = Config.model_validate(data)
    except ValidationError as exc:
        raise _bad(exc, CONFIG_FILE) from None
    logo = config.letter.logo
    if logo is not None and path is not None:
        # The logo is named relative to census.toml's folder; a wrong path stops the run early.
        logo = logo if logo.is_absolute() else path.parent / logo
        if not logo.is_file():
            raise BadConfig(N_("{file}: [letter] logo: file not found: {path}"),
                            file=CONFIG_FILE, path=logo)
        config.letter.logo = logo
    config.rules()  # fail early on bad rule overrides
    return config
