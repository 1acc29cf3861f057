"""How each roster row and each health-office row joined its person: method and name similarity.

Recorded when the register is built, so `census explain` can say why rows are one person without
merging again. The method codes are public (explain's JSON carries them): see MATCH_METHODS.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from census.register.names import name_columns

#: Method code → what it means (the codes are public: explain's JSON carries them).
MATCH_METHODS: dict[str, str] = {
    "nik": "the row's usable NIK (16 digits typed as text) is the person's NIK",
    "nik15": "a NIK from a number cell: its first 15 digits agree with the person's NIK, and the "
             "name and birth date are the person's",
    "nik15-export": "a NIK from a number cell: its first 15 digits, the birth date and the name "
                    "found the full NIK in a health-office export (census.register.prefix)",
    "name-birth-unit": "no usable NIK: the same name and birth date as a NIK holder of the same "
                       "unit",
    "name-birth-other-unit": "no usable NIK: the same name and birth date as a NIK holder of "
                             "another unit (none in its own)",
    "name-birth": "nobody of the person has a usable NIK: rows with the same name and birth date "
                  "are one person",
    "alone": "no usable NIK and no name with a birth date: a person of this row alone",
}

#: Columns of Register.row_match (indexed like the roster given to build_register).
ROW_MATCH_COLUMNS: dict[str, str] = {
    "person_id": "the person of the row",
    "method": "a MATCH_METHODS code",
    "similarity": "name similarity 0–100 (rapidfuzz token-set ratio of the normalised names, "
                  "with and without one-letter words) to the person's first row; 100 for it",
}

#: Columns of Register.registry_match: one row per export row matched to a roster person, indexed
#: like the registry given to build_register (export rows of people on no roster are absent).
REGISTRY_MATCH_COLUMNS: dict[str, str] = {
    "person_id": "the roster person the export row was matched to",
    "method": "'nik': the export's NIK is the person's usable NIK; 'nik15': the person's NIK "
              "was completed from this export by its first 15 digits, birth date and name",
    "similarity": "name similarity 0–100 of the export's name to the person's",
}


def row_methods(rows: pd.DataFrame, persons: pd.DataFrame | None = None) -> pd.DataFrame:
    """Method and similarity per row of the register's keyed rows (in their order).

    `rows` needs person, nik_key, nik15, name_key, name_loose, birth and unit (the columns the
    merge used); `persons` (person, nik_source) says whose NIK came from an export (None: the
    methods before an export is read; with_export_niks adds them). A row without a usable NIK
    that is in a person with NIK rows was joined to that person by name + birth date (in its
    unit first, else across units; with an agreeing 15-digit prefix when its NIK came from a
    number cell).
    """
    person, has_nik, joined = _joined(rows)
    units = pd.DataFrame({"person": person[has_nik],
                          "unit": rows["unit"].to_numpy(dtype=object)[has_nik]}).drop_duplicates()
    same_unit = (
        pd.DataFrame({"person": person, "unit": rows["unit"].to_numpy(dtype=object)})
        .merge(units.assign(hit=True), on=["person", "unit"], how="left")["hit"]
        .fillna(False).to_numpy(dtype=bool)
    )
    named = rows["name_key"].notna().to_numpy() & rows["birth"].notna().to_numpy()
    method = np.full(len(rows), "alone", dtype=object)
    method[named] = "name-birth"
    method[joined & ~same_unit] = "name-birth-other-unit"
    method[joined & same_unit] = "name-birth-unit"
    method[joined & rows["nik15"].notna().to_numpy()] = "nik15"
    method[has_nik] = "nik"
    methods = pd.DataFrame({"method": method, "similarity": _similarity_to_first(rows)})
    return methods if persons is None else with_export_niks(methods, rows, persons)


def with_export_niks(methods: pd.DataFrame, rows: pd.DataFrame, persons: pd.DataFrame
                     ) -> pd.DataFrame:
    """`methods` (row_methods of `rows` without persons) with 'nik15-export' for the rows with
    a number-cell NIK, joined by no other row's NIK, of a person whose NIK an export completed
    (`persons`: person, nik_source)."""
    person, has_nik, joined = _joined(rows)
    if "nik_source" not in persons or not len(person):
        return methods
    completed = np.zeros(int(person.max()) + 1, dtype=bool)
    sources = persons["nik_source"].to_numpy(dtype=object)
    completed[persons["person"].to_numpy()[sources == "registry"]] = True
    at = ~joined & ~has_nik & completed[person] & rows["nik15"].notna().to_numpy()
    if not at.any():
        return methods
    method = methods["method"].to_numpy(dtype=object).copy()
    method[at] = "nik15-export"
    return methods.assign(method=method)


def _joined(rows: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(Person of each row; does the row show a usable NIK; is it a row without one joined to
    a person whose other rows show one)."""
    person = rows["person"].to_numpy()
    has_nik = rows["nik_key"].notna().to_numpy()
    nik_people = np.zeros(int(person.max()) + 1 if len(person) else 0, dtype=bool)
    nik_people[person[has_nik]] = True
    joined = ~has_nik & nik_people[person] if len(person) else np.zeros(0, dtype=bool)
    return person, has_nik, joined


def _similarity_to_first(rows: pd.DataFrame) -> np.ndarray:
    """Name similarity of each row to its person's first row (100 for single-row people)."""
    similarity = np.full(len(rows), 100.0)
    several = rows["person"].duplicated(keep=False).to_numpy()
    if not several.any():
        return similarity
    part = rows[several]
    first = part.groupby("person", sort=False).head(1).set_index("person")
    ref = first.reindex(part["person"])
    similarity[several] = names_similarity(
        part["name_key"], ref["name_key"], part["name_loose"], ref["name_loose"]
    )
    return similarity


def names_similarity(key_a: pd.Series, key_b: pd.Series, loose_a: pd.Series,
                     loose_b: pd.Series) -> np.ndarray:
    """Token-set similarity 0–100 of two columns of normalised names (best of with and without
    one-letter words); 0 where a name is missing. `loose_*` are the loose_names of `key_*`.

    Equal names score 100 without asking rapidfuzz, and each distinct pair is scored once:
    most pairs are a person's name against itself (an export repeats the roster's)."""
    a, b = key_a.to_numpy(dtype=object), key_b.to_numpy(dtype=object)
    missing = pd.isna(a) | pd.isna(b)
    best = np.where(missing, 0.0, 100.0)
    todo = np.flatnonzero(~missing & (a != b))
    if not todo.size:
        return best
    left, _ = pd.factorize(a[todo])
    right, right_names = pd.factorize(b[todo])
    # One number per (left, right) pair: the multiplier must exceed every right code.
    _, first, inverse = np.unique(left.astype(np.int64) * len(right_names) + right,
                                  return_index=True, return_inverse=True)
    at = todo[first]
    scores = []
    for one, other in ((key_a, key_b), (loose_a, loose_b)):
        x = one.fillna("").to_numpy(dtype=object)[at]
        y = other.fillna("").to_numpy(dtype=object)[at]
        scores.append(process.cpdist(x, y, scorer=fuzz.token_set_ratio, workers=-1).astype(float))
    best[todo] = np.maximum(scores[0], scores[1])[inverse]
    return best


def registry_matches(registry: pd.DataFrame, entries: pd.DataFrame, ids: np.ndarray,
                     persons: pd.DataFrame, known: dict[str, str | None] | None = None,
                     known_loose: dict[str, str | None] | None = None) -> pd.DataFrame:
    """REGISTRY_MATCH_COLUMNS for the export rows matched to a roster person (by NIK).

    `registry`: the export rows as given; `entries`: registry_doses() (person number, src =
    position in `registry`); `persons`: person, name_key, name_loose. Only matched rows' names
    are normalised: an export covers a whole district, most of it on no roster. `known`,
    `known_loose`: names normalised already (census.register.names.normalise_names).
    """
    columns = list(REGISTRY_MATCH_COLUMNS)
    if entries.empty or "name" not in registry:
        return pd.DataFrame({c: pd.Series([], dtype=object) for c in columns})
    src = entries["src"].to_numpy(dtype=np.int64)
    number = entries["person"].to_numpy(dtype=np.int64)
    # One score per distinct (export name, person): a person's export rows repeat one name.
    raw = registry["name"].to_numpy(dtype=object)[src]
    name_code, _ = pd.factorize(raw)
    pair = (name_code.astype(np.int64) + 1) * (int(number.max()) + 1) + number
    _, first, inverse = np.unique(pair, return_index=True, return_inverse=True)
    person = number[first]
    names, loose = name_columns(pd.Series(raw[first]), known, known_loose)
    people = len(persons)
    key_of, loose_of = np.full(people, None, dtype=object), np.full(people, None, dtype=object)
    at = persons["person"].to_numpy(dtype=np.int64)
    key_of[at] = persons["name_key"].to_numpy(dtype=object)
    loose_of[at] = persons["name_loose"].to_numpy(dtype=object)
    similarity = names_similarity(
        names, pd.Series(key_of[person], dtype=object), loose,
        pd.Series(loose_of[person], dtype=object),
    )[inverse.ravel()]
    method = np.full(len(src), "nik", dtype=object)
    if "nik_source" in persons:
        completed = np.zeros(people, dtype=bool)
        completed[at] = persons["nik_source"].to_numpy(dtype=object) == "registry"
        method[completed[number]] = "nik15"
    return pd.DataFrame(
        {"person_id": ids[number], "method": method, "similarity": similarity},
        index=registry.index[src],
    )
