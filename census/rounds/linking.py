"""Who is who across two rounds: the same person_id, else a corrected NIK, name or birth date.

Person ids are derived from the NIK (else name + birth date), so most people keep theirs from
one round to the next. A person whose identity was corrected in between gets a new id; they are
linked to the old one when exactly one person on each side fits (ambiguous cases stay apart,
as new and gone people), by the first rule that applies:

1. `nik-corrected`: both NIKs usable and at most two digits apart (a typo, two digits swapped),
   names alike (token-set similarity ≥ NAME_ALIKE);
2. the same normalised name and birth date: `nik-corrected` when the new NIK is usable (the old
   one was missing, unusable or another), `nik-lost` when the new one is not;
3. neither has a usable NIK, they share a unit, and `name-corrected`: the same birth date and
   names alike, or `birth-date-corrected`: the same name and the birth date known on one side
   only or changed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from census.register import normalise_names
from census.rounds.snapshot import Snapshot

#: Names at least this alike (rapidfuzz token-set ratio of the normalised names) may be one person.
NAME_ALIKE = 90.0
#: Link kinds (public: diff's JSON carries them).
KINDS = ("same", "nik-corrected", "nik-lost", "name-corrected", "birth-date-corrected")


@dataclass(frozen=True)
class Links:
    """`pairs`: old_id, new_id, kind (KINDS) for every person in both rounds; `gone`: old ids of
    people in no roster of the new round; `new`: new ids of people in no roster of the old."""

    pairs: pd.DataFrame
    gone: list[str]
    new: list[str]


def link(old: Snapshot, new: Snapshot) -> Links:
    """Link the people of two rounds (see the module docstring)."""
    # The people of both rounds by one hash lookup each (the ids are sorted: a snapshot's
    # persons are, so `same` is too).
    at = old.persons.index.get_indexer(new.persons.index)
    kept = at >= 0
    same = new.persons.index.to_numpy(dtype=object)[kept].tolist()
    pairs = [pd.DataFrame({"old_id": same, "new_id": same, "kind": "same"})]
    in_new = np.zeros(len(old.persons), dtype=bool)
    in_new[at[kept]] = True
    gone = _keyed(old.persons[~in_new])
    fresh = _keyed(new.persons[~kept])
    units_old, units_new = old.units, new.units
    for rule in (_nik_typo, _name_birth, _no_nik):
        if gone.empty or fresh.empty:
            break
        found = _unique(rule(gone, fresh, units_old, units_new))
        pairs.append(found)
        gone = gone.drop(index=list(found["old_id"]))
        fresh = fresh.drop(index=list(found["new_id"]))
    linked = pd.concat(pairs, ignore_index=True).sort_values("new_id").reset_index(drop=True)
    return Links(linked, sorted(gone.index), sorted(fresh.index))


def _keyed(people: pd.DataFrame) -> pd.DataFrame:
    """`people` with their normalised names: a round read from a folder has none (normalising
    a hundred thousand names costs a second; the rules compare only the few not kept)."""
    if "name_key" in people.columns:
        return people
    return people.assign(name_key=normalise_names(people["name"]).to_numpy(dtype=object))


def _unique(candidates: pd.DataFrame) -> pd.DataFrame:
    """Pairs whose old and new person appear in no other candidate pair."""
    if candidates.empty:
        return pd.DataFrame(columns=["old_id", "new_id", "kind"])
    once = ~candidates["old_id"].duplicated(keep=False) & ~candidates["new_id"].duplicated(
        keep=False)
    return candidates.loc[once, ["old_id", "new_id", "kind"]]


def _alike(left: pd.Series, right: pd.Series) -> np.ndarray:
    a = left.fillna("").to_numpy(dtype=object)
    b = right.fillna("").to_numpy(dtype=object)
    if not len(a):
        return np.zeros(0, dtype=bool)
    score = process.cpdist(a, b, scorer=fuzz.token_set_ratio, workers=-1)
    return (np.asarray(score, dtype=float) >= NAME_ALIKE) & (a != "") & (b != "")


def _pairs(gone: pd.DataFrame, fresh: pd.DataFrame, on: list[str]) -> pd.DataFrame:
    left = gone.rename(columns={"person_id": "old_id"}).reset_index(drop=True)
    right = fresh.rename(columns={"person_id": "new_id"}).reset_index(drop=True)
    return left.merge(right, on=on, suffixes=("_old", "_new"))


def _nik_typo(gone: pd.DataFrame, fresh: pd.DataFrame, *_: object) -> pd.DataFrame:
    a = gone[gone["nik"].notna()].assign(block=lambda f: f["name_key"].str[:3])
    b = fresh[fresh["nik"].notna()].assign(block=lambda f: f["name_key"].str[:3])
    joined = _pairs(a, b, ["block"])
    if joined.empty:
        return joined
    apart = np.array([
        sum(x != y for x, y in zip(p, q, strict=False)) if len(p) == len(q) else 99
        for p, q in zip(joined["nik_old"], joined["nik_new"], strict=True)
    ])
    keep = (apart <= 2) & _alike(joined["name_key_old"], joined["name_key_new"])
    return joined[keep].assign(kind="nik-corrected")


def _name_birth(gone: pd.DataFrame, fresh: pd.DataFrame, *_: object) -> pd.DataFrame:
    a = gone[gone["name_key"].notna() & gone["birth_date"].notna()]
    b = fresh[fresh["name_key"].notna() & fresh["birth_date"].notna()]
    joined = _pairs(a, b, ["name_key", "birth_date"])
    if joined.empty:
        return joined
    kind = np.where(joined["nik_new"].notna(), "nik-corrected", "nik-lost")
    return joined.assign(kind=kind)


def _no_nik(gone: pd.DataFrame, fresh: pd.DataFrame, units_old: dict[str, tuple[str, ...]],
            units_new: dict[str, tuple[str, ...]]) -> pd.DataFrame:
    a = gone[gone["nik"].isna() & gone["name_key"].notna()]
    b = fresh[fresh["nik"].isna() & fresh["name_key"].notna()]
    a = a.assign(unit=pd.Series([units_old.get(p, ()) for p in a["person_id"]], index=a.index,
                                dtype=object)).explode("unit")
    b = b.assign(unit=pd.Series([units_new.get(p, ()) for p in b["person_id"]], index=b.index,
                                dtype=object)).explode("unit")
    joined = _pairs(a.dropna(subset=["unit"]), b.dropna(subset=["unit"]), ["unit"])
    if joined.empty:
        return joined
    same_birth = (joined["birth_date_old"] == joined["birth_date_new"]).to_numpy()
    same_name = (joined["name_key_old"] == joined["name_key_new"]).to_numpy()
    renamed = same_birth & ~same_name & _alike(joined["name_key_old"], joined["name_key_new"])
    reborn = same_name & ~same_birth
    kind = np.where(renamed, "name-corrected", "birth-date-corrected")
    found = joined.assign(kind=kind)[renamed | reborn]
    return found.drop_duplicates(["old_id", "new_id"])
