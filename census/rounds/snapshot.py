"""One round of a census as its output folder keeps it: who, with which doses, where, how covered.

A round is read from the files `census run` writes (persons.csv, doses.csv, memberships.csv,
summary.json, findings.json, and history.json when present), or made in memory by the run
itself for the round it is writing (`Snapshot.of_run`). Both give the same typed tables, so
`census diff` and `census run --previous` compare rounds the same way.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from operator import itemgetter
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from pandas.api.types import infer_dtype
from pydantic import ValidationError

from census.errors import NotAnOutputFolder
from census.export import rows_in_order
from census.i18n import N_
from census.read.cells import collector_paused
from census.register import normalise_names
from census.report.summary import Summary
from census.rounds.history_file import History
from census.validate.columns import addresses

#: The files of an output folder a round is read from (history.json is optional).
ROUND_FILES = ("persons.csv", "doses.csv", "memberships.csv", "summary.json", "findings.json")
HISTORY_FILE = "history.json"


@dataclass(frozen=True)
class Snapshot:
    """One census round.

    `label`: the folder's name (or 'current' for the run being written). `as_of`: census date.
    `persons`: person_id, nik, nik_typed (the NIK as typed on the first row, for people without
    a usable one; else the NIK), name, name_key (normalised; only in the round a run makes: a
    round read from a folder leaves it out, census.rounds.linking normalises the few names it
    compares), birth_date (datetime64), status,
    primary_doses, booster_doses (int), next_dose, next_due (datetime64), overdue (bool), indexed
    by person_id. `doses`: person_id, slot, date (datetime64), brand. `memberships`: person_id,
    unit, category. `summary`: summary.json. `findings`: findings.json's findings (dicts).
    `history`: history.json, None when the folder has none.
    """

    label: str
    as_of: date
    persons: pd.DataFrame
    doses: pd.DataFrame
    memberships: pd.DataFrame
    summary: Summary
    findings: list[dict[str, Any]]
    history: History | None = None

    @classmethod
    def of_run(cls, persons: pd.DataFrame, memberships: pd.DataFrame, doses: pd.DataFrame,
               summary: Summary, findings: list[dict[str, Any]],
               nik_typed: pd.Series | None = None, label: str = "current",
               name_keys: pd.Series | None = None) -> Snapshot:
        """The round a run is writing, from its in-memory tables (persons: PERSON_COLUMNS;
        `nik_typed`: the register's nik_raw by person_id; `name_keys`: the register's name_key
        by person_id, so the names are not normalised twice)."""
        ids = pd.Index(persons["person_id"])
        columns = {column: persons[column] for column in _PERSON_SOURCE}
        indexers: dict[int, np.ndarray | None] = {}

        def aligned(values: pd.Series) -> pd.Series:
            # values.reindex(ids), the two series sharing one index aligned once (comparing
            # the ids costs a pass over scattered strings).
            key = id(values.index)
            if key not in indexers:
                indexers[key] = None if values.index.equals(ids) else \
                    values.index.get_indexer(ids)
            cells = values.to_numpy(dtype=object)
            at = indexers[key]
            if at is not None:
                if values.index.has_duplicates:
                    raise ValueError("cannot reindex on an axis with duplicate labels")
                cells = np.append(cells, np.nan)[at]  # -1 (not found): NaN, as reindex
            return pd.Series(cells, index=persons.index, dtype=object)

        if nik_typed is not None:
            columns["nik_typed"] = aligned(nik_typed)
        keys = aligned(name_keys) if name_keys is not None else None
        table = pd.DataFrame(columns, copy=False)  # the run's columns themselves, not copies
        with collector_paused():  # a column of objects per field (census.read.cells)
            return cls(label, summary.as_of, _persons(table, keys, named=True), _doses(doses),
                       _memberships(memberships), summary, findings)

    @cached_property
    def units(self) -> dict[str, tuple[str, ...]]:
        """Each person's units as a sorted tuple, by person_id (computed once)."""
        return _grouped(self.memberships, ["unit"])

    @cached_property
    def unit_texts(self) -> np.ndarray:
        """Each person's units joined by ';' ('' for none), in the order of `persons` — as
        history.json keeps them; made from the sorted memberships at once (computed once)."""
        return _joined_units(self.memberships, self.persons.index)

    @cached_property
    def unit_pairs(self) -> dict[str, tuple[tuple[str, str], ...]]:
        """Each person's (unit, category) pairs as a sorted tuple, by person_id (once)."""
        return _grouped(self.memberships, ["unit", "category"])

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
        with collector_paused():  # history.json: lists of every person (census.read.cells)
            return _load(folder)
    except (ValueError, KeyError, TypeError, ValidationError, UnicodeDecodeError) as exc:
        raise NotAnOutputFolder(N_("{path}: the output files are damaged ({kind})."),
                                path=folder, kind=type(exc).__name__) from None


def _load(folder: Path) -> Snapshot:
    summary = Summary.model_validate_json((folder / "summary.json").read_text("utf-8"))
    findings = json.loads((folder / "findings.json").read_text("utf-8"))["findings"]
    history = None
    if (folder / HISTORY_FILE).is_file():
        # Parsed and checked in one pass (a damaged file stops here, not in the run's history).
        history = History.model_validate_json((folder / HISTORY_FILE).read_bytes())
    # Only the columns a round keeps (units, categories, reasons: a third of the cells); a
    # missing one still fails below (KeyError), as a damaged file.
    persons = _read_csv(folder / "persons.csv", lambda column: column in _PERSON_SOURCE)
    if history is not None:
        # The NIK as typed matters only where there is no NIK (_persons): looked up for those.
        niks = persons["nik"]
        gaps = (niks.isna() | (niks == "")).to_numpy()
        wanted = set(persons["person_id"].to_numpy(dtype=object)[gaps].tolist())
        people = history.persons
        typed = {pid: nik for pid, nik in zip(map(itemgetter("person_id"), people),
                                              map(itemgetter("nik"), people), strict=True)
                 if pid in wanted}
        persons["nik_typed"] = None
        persons.loc[gaps, "nik_typed"] = persons.loc[gaps, "person_id"].map(typed)
    return Snapshot(
        label=folder.resolve().name,
        as_of=summary.as_of,
        persons=_persons(persons),
        doses=_doses(_read_csv(folder / "doses.csv")),
        memberships=_memberships(_read_csv(folder / "memberships.csv")),
        summary=summary,
        findings=list(findings),
        history=history,
    )


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


def _read_csv(path: Path, columns: Callable[[str], bool] | None = None) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8",
                       usecols=columns)


def _text(values: pd.Series, index: pd.Index | None = None) -> pd.Series:
    """Text values as an object column, None for empty and missing (never NaN); indexed by
    `index` (default: the values' own).

    Few passes over the cells, and no copy when none changes: in a run the strings lie spread
    over a large heap, so each pass costs a cache miss per cell (several times what it costs
    on freshly made strings)."""
    cells = values.to_numpy(dtype=object)
    # infer_dtype looks at the values in C; "empty": none but missing ones.
    if infer_dtype(cells, skipna=True) not in ("string", "empty"):  # numbers or dates: str
        missing = pd.isna(cells)
        cells = np.array([str(v) if not gap else None for v, gap in zip(cells, missing,
                                                                        strict=True)] + [None],
                         dtype=object)[:-1]
    else:
        missing = pd.isna(cells)
    gaps = missing | (cells == "")
    if gaps.any():
        cells = cells.copy()
        cells[gaps] = None
    return pd.Series(cells, index=values.index if index is None else index, dtype=object,
                     copy=False)


#: The columns of a run's persons table a round keeps (with person_id).
_PERSON_SOURCE = ("person_id", "nik", "name", "birth_date", "status", "primary_doses",
                  "booster_doses", "next_dose", "next_due", "overdue")


def _persons(table: pd.DataFrame, keys: pd.Series | None = None, named: bool = False
             ) -> pd.DataFrame:
    """The typed persons table (see Snapshot); with a name_key column when `named`; `keys`: the
    names' normalised forms when the register made them already (aligned with `table`)."""
    out = pd.DataFrame({"person_id": table["person_id"].astype(str)})

    def texts(values: pd.Series) -> pd.Series:
        # Object columns with None for missing: a string column would hold NaN instead.
        return _text(values, out.index)

    out["nik"] = texts(table["nik"])
    niks = out["nik"].to_numpy(dtype=object)
    typed = niks
    if "nik_typed" in table:
        # The NIK as typed only where there is no NIK: _text of those few, not of every one.
        no_nik = niks == None  # noqa: E711 (elementwise: _text leaves str or None)
        if no_nik.any():
            typed = niks.copy()
            typed[no_nik] = _text(table["nik_typed"][no_nik]).to_numpy(dtype=object)
    out["nik_typed"] = pd.Series(typed, index=out.index, dtype=object, copy=False)
    out["name"] = texts(table["name"])
    if named:
        out["name_key"] = _name_keys(out["name"], keys).to_numpy(dtype=object)
    out["birth_date"] = pd.to_datetime(table["birth_date"], errors="coerce").to_numpy()
    out["status"] = table["status"].astype(str).to_numpy()
    for column in ("primary_doses", "booster_doses"):
        out[column] = pd.to_numeric(table[column], errors="coerce").fillna(0).astype(int).to_numpy()
    out["next_dose"] = texts(table["next_dose"])
    out["next_due"] = pd.to_datetime(table["next_due"], errors="coerce").to_numpy()
    overdue = table["overdue"]
    if overdue.dtype == bool:
        out["overdue"] = overdue.to_numpy()
    else:
        out["overdue"] = (overdue.astype(str).str.lower() == "true").to_numpy()
    out = out.set_index("person_id", drop=False)
    return out if out.index.is_monotonic_increasing else out.sort_index()


#: A letter or digit: a name without one has no key (census.register.normalise_name).
_ALPHANUMERIC = re.compile("[A-Za-z0-9]")
#: Every byte but an ASCII letter, digit or NUL (bytes.translate deletes them).
_NOT_ALPHANUMERIC = bytes(b for b in range(1, 256) if not chr(b).isascii()
                          or not chr(b).isalnum())


def _name_keys(names: pd.Series, keys: pd.Series | None) -> pd.Series:
    """normalise_names(names), taken from the register's `keys` where it made them.

    The register keeps each person's first name and first name key; they agree except when
    the first name has no key at all (normalise_name gives None only for a name without a
    letter or digit, which takes a later row's key): such names are normalised here. `names`:
    str or None (_text)."""
    if keys is None:
        return normalise_names(names)
    cells = names.to_numpy(dtype=object)
    present = np.asarray(cells != None, dtype=bool)  # noqa: E711 (elementwise)
    taken = keys.to_numpy(dtype=object).copy()
    taken[~present] = None
    out = pd.Series(taken, index=names.index, dtype=object, copy=False)
    odd = present.copy()
    odd[present] = _without_alphanumeric(cells[present].tolist())
    odd[odd] = pd.notna(out.to_numpy()[odd])
    if odd.any():
        out[odd] = normalise_names(names[odd]).to_numpy(dtype=object)
    return out


def _without_alphanumeric(names: list[str]) -> np.ndarray:
    """For each name, whether it has no ASCII letter or digit.

    All names joined once, and everything but letters, digits and the joins deleted in C: a
    name left empty has none. (A search per name would walk the names' scattered strings one
    Python call at a time.)"""
    joined = "\x00".join(names).encode("utf-8", "surrogatepass")
    kept = np.frombuffer(joined.translate(None, _NOT_ALPHANUMERIC), dtype=np.uint8)
    joins = np.flatnonzero(kept == 0)
    if len(joins) != len(names) - 1 or not names:  # a name holding a NUL: one by one
        search = _ALPHANUMERIC.search
        return np.fromiter((search(name) is None for name in names), dtype=bool,
                           count=len(names))
    starts = np.r_[0, joins + 1]
    ends = np.r_[joins, len(kept)]
    return np.asarray(starts == ends)


def _doses(table: pd.DataFrame) -> pd.DataFrame:
    out = pd.DataFrame({
        "person_id": table["person_id"].astype(str),
        "slot": table["slot"].astype(str),
        "date": pd.to_datetime(table["date"], errors="coerce"),
        "brand": _text(table["brand"]),
    })
    out = out[out["date"].notna()]
    # The register's and doses.csv's are in order already (a sort on two keys is stable: the
    # same rows either way).
    if not rows_in_order(out, ["person_id", "date"]):
        out = out.sort_values(["person_id", "date"])
    return out.reset_index(drop=True)


def _memberships(table: pd.DataFrame) -> pd.DataFrame:
    out = pd.DataFrame({column: table[column].astype(str)
                        for column in ("person_id", "unit", "category")})
    # The register's are sorted and distinct: no second sort of a million rows.
    if rows_in_order(out, list(out.columns), distinct=True):
        return out.reset_index(drop=True)
    return out.drop_duplicates().sort_values(["person_id", "unit", "category"]).reset_index(
        drop=True)


def _joined_units(memberships: pd.DataFrame, ids: pd.Index) -> np.ndarray:
    """";".join(_grouped(memberships, ["unit"]).get(pid, ())) for each of `ids`.

    The memberships are sorted and distinct (_memberships): a person's units follow one
    another in order. Most people have one unit, which is its own text; only the others are
    joined. The people of the memberships are the round's own, in its order, as a rule (the
    same objects: compared by address, without touching a hundred thousand strings)."""
    people = memberships["person_id"].to_numpy(dtype=object)
    units = memberships["unit"].to_numpy(dtype=object)
    first = np.ones(len(people), dtype=bool)  # a person's first row
    first[1:] = people[1:] != people[:-1]
    distinct = first.copy()  # a person's first row of a unit
    distinct[1:] |= units[1:] != units[:-1]
    people, units, first = people[distinct], units[distinct], first[distinct]
    starts = np.flatnonzero(first)
    ends = np.append(starts[1:], len(people))
    texts = units[starts]
    for index in np.flatnonzero(ends - starts > 1).tolist():
        texts[index] = ";".join(units[starts[index]:ends[index]].tolist())
    owners = people[starts]
    wanted = ids.to_numpy(dtype=object)
    if len(owners) == len(wanted) and (
            (addresses(owners) == addresses(wanted)).all() or np.array_equal(owners, wanted)):
        return texts
    at = pd.Index(owners).get_indexer(pd.Index(wanted))
    return np.append(texts, "")[at]  # -1 (in no unit): ''


def _grouped(memberships: pd.DataFrame, columns: list[str]) -> dict[str, Any]:
    """person_id → the person's distinct values of `columns` as a sorted tuple (of tuples when
    more than one column). The memberships are sorted and distinct (_memberships): a person's
    values follow one another in order, so only repeats next to each other are dropped."""
    table = memberships[["person_id", *columns]]
    distinct = np.ones(len(table), dtype=bool)
    ids = table["person_id"].to_numpy(dtype=object)
    same = ids[1:] == ids[:-1]
    for column in columns:
        values = table[column].to_numpy(dtype=object)
        same &= values[1:] == values[:-1]
    distinct[1:] = ~same
    ids = ids[distinct]
    items: list[Any] = (table[columns[0]].to_numpy(dtype=object)[distinct].tolist()
                        if len(columns) == 1 else
                        list(zip(*(table[c].to_numpy(dtype=object)[distinct].tolist()
                                   for c in columns), strict=True)))
    starts = np.flatnonzero(np.r_[True, ids[1:] != ids[:-1]]) if len(ids) else np.zeros(0, int)
    ends = np.append(starts[1:], len(ids)).astype(int) if len(ids) else starts
    # Most people have one unit: (value,) each; the few with several a slice each.
    groups: list[tuple[Any, ...]] = [(items[start],) for start in starts.tolist()]
    for index in np.flatnonzero(ends - starts > 1).tolist():
        groups[index] = tuple(items[starts[index]:ends[index]])
    return dict(zip(ids[starts].tolist(), groups, strict=True))
