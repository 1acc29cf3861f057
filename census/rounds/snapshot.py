"""One round of a census as its output folder keeps it: who, with which doses, where, how covered.

A round is read from the files `census run` writes (persons.csv, doses.csv, memberships.csv,
summary.json, findings.json, and history.json when present), or made in memory by the run
itself for the round it is writing (`Snapshot.of_run`). Both give the same typed tables, so
`census diff` and `census run --previous` compare rounds the same way.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any

import pandas as pd
from pydantic import ValidationError

from census.errors import NotAnOutputFolder
from census.i18n import N_
from census.register import normalise_names
from census.report.summary import Summary

#: The files of an output folder a round is read from (history.json is optional).
ROUND_FILES = ("persons.csv", "doses.csv", "memberships.csv", "summary.json", "findings.json")
HISTORY_FILE = "history.json"


@dataclass(frozen=True)
class Snapshot:
    """One census round.

    `label`: the folder's name (or 'current' for the run being written). `as_of`: census date.
    `persons`: person_id, nik, nik_typed (the NIK as typed on the first row, for people without
    a usable one; else the NIK), name, name_key (normalised), birth_date (datetime64), status,
    primary_doses, booster_doses (int), next_dose, next_due (datetime64), overdue (bool), indexed
    by person_id. `doses`: person_id, slot, date (datetime64), brand. `memberships`: person_id,
    unit, category. `summary`: summary.json. `findings`: findings.json's findings (dicts).
    `history`: history.json as a dict, None when the folder has none.
    """

    label: str
    as_of: date
    persons: pd.DataFrame
    doses: pd.DataFrame
    memberships: pd.DataFrame
    summary: Summary
    findings: list[dict[str, Any]]
    history: dict[str, Any] | None = None

    @classmethod
    def of_run(cls, persons: pd.DataFrame, memberships: pd.DataFrame, doses: pd.DataFrame,
               summary: Summary, findings: list[dict[str, Any]],
               nik_typed: pd.Series | None = None, label: str = "current") -> Snapshot:
        """The round a run is writing, from its in-memory tables (persons: PERSON_COLUMNS;
        `nik_typed`: the register's nik_raw by person_id)."""
        table = persons.copy()
        if nik_typed is not None:
            table["nik_typed"] = table["person_id"].map(nik_typed)
        return cls(label, summary.as_of, _persons(table), _doses(doses),
                   _memberships(memberships), summary, findings)

    @cached_property
    def units(self) -> dict[str, tuple[str, ...]]:
        """Each person's units as a sorted tuple, by person_id (computed once)."""
        grouped: dict[str, set[str]] = {}
        for pid, unit in zip(self.memberships["person_id"].tolist(),
                             self.memberships["unit"].tolist(), strict=True):
            grouped.setdefault(pid, set()).add(unit)
        return {pid: tuple(sorted(units)) for pid, units in grouped.items()}

    @cached_property
    def unit_pairs(self) -> dict[str, tuple[tuple[str, str], ...]]:
        """Each person's (unit, category) pairs as a sorted tuple, by person_id (once)."""
        grouped: dict[str, set[tuple[str, str]]] = {}
        table = self.memberships
        for pid, unit, category in zip(table["person_id"].tolist(), table["unit"].tolist(),
                                       table["category"].tolist(), strict=True):
            grouped.setdefault(pid, set()).add((unit, category))
        return {pid: tuple(sorted(pairs)) for pid, pairs in grouped.items()}

    def unit_name(self, code: str) -> str:
        """The unit's display name in this round (its code when unknown)."""
        unit = self.summary.units.get(code)
        return unit.name if unit else code


def load_snapshot(folder: Path) -> Snapshot:
    """The round kept in `folder` (an output folder of `census run`)."""
    if not folder.is_dir():
        raise NotAnOutputFolder(N_("Output folder not found: {path}"), path=folder)
    missing = [name for name in ROUND_FILES if not (folder / name).is_file()]
    if missing:
        raise NotAnOutputFolder(
            N_("{path} is not an output folder of census run (or one of an older census): "
               "{files} missing."), path=folder, files=", ".join(missing))
    try:
        summary = Summary.model_validate_json((folder / "summary.json").read_text("utf-8"))
        findings = json.loads((folder / "findings.json").read_text("utf-8"))["findings"]
        history = None
        if (folder / HISTORY_FILE).is_file():
            history = json.loads((folder / HISTORY_FILE).read_text("utf-8"))
        persons = _read_csv(folder / "persons.csv")
        if history is not None:
            typed = {p["person_id"]: p.get("nik") for p in history.get("persons", [])}
            persons["nik_typed"] = persons["person_id"].map(typed)
        snapshot = Snapshot(
            label=folder.resolve().name,
            as_of=summary.as_of,
            persons=_persons(persons),
            doses=_doses(_read_csv(folder / "doses.csv")),
            memberships=_memberships(_read_csv(folder / "memberships.csv")),
            summary=summary,
            findings=list(findings),
            history=history,
        )
    except (ValueError, KeyError, TypeError, ValidationError, UnicodeDecodeError) as exc:
        raise NotAnOutputFolder(N_("{path}: the output files are damaged ({kind})."),
                                path=folder, kind=type(exc).__name__) from None
    return snapshot


def find_rounds(paths: list[Path]) -> list[Path]:
    """The output folders among `paths`: each is one, or a folder of them (its subfolders that
    hold persons.csv). Raises NotAnOutputFolder for a path that is neither."""
    found: list[Path] = []
    for path in paths:
        if (path / "persons.csv").is_file():
            found.append(path)
            continue
        inner = sorted(p for p in path.iterdir() if (p / "persons.csv").is_file()) \
            if path.is_dir() else []
        if not inner:
            raise NotAnOutputFolder(
                N_("{path} is neither an output folder of census run nor a folder of them."),
                path=path)
        found += inner
    return found


def load_rounds(paths: list[Path]) -> list[Snapshot]:
    """Every round under `paths` (see find_rounds), oldest census date first."""
    snapshots = [load_snapshot(path) for path in find_rounds(paths)]
    return sorted(snapshots, key=lambda s: (s.as_of, s.label))


def _read_csv(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")


def _text(values: pd.Series) -> pd.Series:
    """Text values as an object column, None for empty and missing (never NaN)."""
    present = values.notna().to_numpy()
    items = [str(v) if ok and str(v) != "" else None
             for v, ok in zip(values.to_numpy(dtype=object), present, strict=True)]
    return pd.Series(items, index=values.index, dtype=object)


def _persons(table: pd.DataFrame) -> pd.DataFrame:
    out = pd.DataFrame({"person_id": table["person_id"].astype(str)})

    def texts(values: pd.Series) -> pd.Series:
        # Object columns with None for missing: a string column would hold NaN instead.
        return pd.Series(_text(values).to_numpy(dtype=object), index=out.index, dtype=object)

    out["nik"] = texts(table["nik"])
    typed = texts(table["nik_typed"]) if "nik_typed" in table else out["nik"]
    out["nik_typed"] = out["nik"].where(out["nik"].notna(), typed).astype(object)
    out["name"] = texts(table["name"])
    out["name_key"] = normalise_names(out["name"]).to_numpy(dtype=object)
    out["birth_date"] = pd.to_datetime(table["birth_date"], errors="coerce").to_numpy()
    out["status"] = table["status"].astype(str).to_numpy()
    for column in ("primary_doses", "booster_doses"):
        out[column] = pd.to_numeric(table[column], errors="coerce").fillna(0).astype(int).to_numpy()
    out["next_dose"] = texts(table["next_dose"])
    out["next_due"] = pd.to_datetime(table["next_due"], errors="coerce").to_numpy()
    overdue = table["overdue"]
    out["overdue"] = (overdue.astype(str).str.lower() == "true").to_numpy()
    return out.set_index("person_id", drop=False).sort_index()


def _doses(table: pd.DataFrame) -> pd.DataFrame:
    out = pd.DataFrame({
        "person_id": table["person_id"].astype(str),
        "slot": table["slot"].astype(str),
        "date": pd.to_datetime(table["date"], errors="coerce"),
        "brand": _text(table["brand"]),
    })
    return out[out["date"].notna()].sort_values(["person_id", "date"]).reset_index(drop=True)


def _memberships(table: pd.DataFrame) -> pd.DataFrame:
    out = pd.DataFrame({column: table[column].astype(str)
                        for column in ("person_id", "unit", "category")})
    return out.drop_duplicates().sort_values(["person_id", "unit", "category"]).reset_index(
        drop=True)
