"""Merge roster rows into distinct people: same usable NIK, else name + birth date, with blocking."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from census import findings as catalogue
from census.findings import Finding
from census.values.nik import nik_prefixes, nik_states, text_niks

#: Below this token-set similarity (0–100) two names under one NIK "clearly differ".
NAME_MISMATCH_BELOW = 70.0
#: From this token-sort similarity two names with the same birth date may be one person.
DUPLICATE_FROM = 90.0

def nik_keys(nik: pd.Series, from_number: pd.Series) -> tuple[pd.Series, pd.Series]:
    """(usable NIK or None, first 15 digits of a numeric-cell NIK or None) per row.

    Read by census.values.nik, as validation reads them: usable is exactly a NIK with no
    validation error that is no placeholder.
    """
    numeric = from_number.fillna(False).astype(bool).to_numpy()
    typed = nik.to_numpy(dtype=object)
    # Most cells are 16 digits typed as text: read as bytes, each usable one keeps the roster's
    # own str (a million persons' NIKs are not held twice, ~65 MB, after the register).
    plain = text_niks(typed, numeric)
    keys = np.full(len(typed), None, dtype=object)
    keys[plain.usable] = typed[plain.usable]
    prefixes = np.full(len(typed), None, dtype=object)
    odd = np.flatnonzero(~plain.plain)
    if odd.size:
        # The other cells (blank, spaced, a number cell, ...) taken apart as text.
        cells, cell_numeric = typed[odd], numeric[odd]
        niks = nik_states(cells, cell_numeric)
        odd_keys = niks.keys()
        same = np.flatnonzero(pd.notna(odd_keys))
        same = same[odd_keys[same] == cells[same]]
        odd_keys[same] = cells[same]
        keys[odd] = odd_keys
        prefixes[odd] = nik_prefixes(niks, cell_numeric)
    return (
        pd.Series(keys, index=nik.index, dtype=object),
        pd.Series(prefixes, index=nik.index, dtype=object),
    )


def cluster_rows(rows: pd.DataFrame) -> np.ndarray:
    """A person number per row (0.., in order of first appearance), rows sorted by source.

    `rows` needs nik_key, nik15, name_key, birth (datetime64) and unit. Same usable NIK → one
    person. A row without one joins the single NIK person with its name + birth date in its
    own unit, else the single one in any unit (a numeric-cell NIK only when its 15 digits
    agree); rows left over with the same name + birth date are one person; a row with neither
    name nor birth date stands alone. Ambiguous cases stay apart (possible-duplicate reports them).
    """
    n = len(rows)
    label = np.full(n, -1, dtype=np.int64)
    has_nik = rows["nik_key"].notna().to_numpy()
    nik_codes, nik_values = pd.factorize(rows["nik_key"][has_nik], sort=False)
    label[has_nik] = nik_codes
    next_label = len(nik_values)

    keyed = ~has_nik & rows["name_key"].notna().to_numpy() & rows["birth"].notna().to_numpy()
    if keyed.any():
        loose = rows.loc[keyed, ["name_key", "birth", "unit", "nik15"]].assign(pos=np.flatnonzero(keyed))
        anchors = rows.loc[has_nik, ["name_key", "birth", "unit"]].assign(person=nik_codes)
        # Only NIK rows that share a name with a row to place can be its anchor.
        anchors = anchors[anchors["name_key"].isin(loose["name_key"].unique())]
        anchors = anchors.dropna(subset=["name_key", "birth"])
        candidate = _single_person(loose, anchors, ["name_key", "birth", "unit"])
        across = _single_person(loose, anchors, ["name_key", "birth"])
        candidate = candidate.where(candidate.notna(), across)
        found = candidate.notna().to_numpy()
        if found.any():
            chosen = candidate[found].astype(np.int64).to_numpy()
            prefix = loose["nik15"].to_numpy(dtype=object)[found]
            full = np.asarray(nik_values, dtype=object)[chosen]
            agrees = np.array(
                [p is None or f[:15] == p for p, f in zip(prefix, full, strict=True)], dtype=bool
            )
            positions = loose["pos"].to_numpy()[found][agrees]
            label[positions] = chosen[agrees]
        rest = label[loose["pos"].to_numpy()] < 0
        if rest.any():
            left = loose[rest]
            groups = left.groupby(["name_key", "birth"], sort=False).ngroup().to_numpy()
            label[left["pos"].to_numpy()] = next_label + groups
            next_label += int(groups.max()) + 1
    alone = label < 0
    label[alone] = next_label + np.arange(int(alone.sum()))
    codes, _ = pd.factorize(label, sort=False)
    return codes.astype(np.int64)


def _single_person(rows: pd.DataFrame, anchors: pd.DataFrame, keys: list[str]) -> pd.Series:
    """Per row: the one NIK person sharing `keys`, NaN when none or several."""
    grouped = anchors.groupby(keys, sort=False)["person"].agg(["nunique", "first"]).reset_index()
    grouped = grouped[grouped["nunique"] == 1]
    joined = rows[keys].merge(grouped, on=keys, how="left")
    return pd.Series(joined["first"].to_numpy(dtype=float), index=rows.index)


def name_mismatches(rows: pd.DataFrame) -> list[Finding]:
    """name-mismatch on each row whose name clearly differs from its NIK person's first row.

    Compared with and without one-letter words (initials), so 'H. Alwi' vs 'Alwi' or
    'Moch. Alwi' vs 'Muhammad Alwi' never trigger; rows of the first row's own sheet are the
    validator's duplicate-nik.
    """
    several = rows["person"].duplicated(keep=False)
    named = rows[several & rows["nik_key"].notna() & rows["name_key"].notna()]
    if named.empty:
        return []
    first = named.groupby("person", sort=False).head(1).set_index("person")
    ref = first.reindex(named["person"])
    differs = (named["name_key"].to_numpy() != ref["name_key"].to_numpy()) & (
        (named["file"].to_numpy() != ref["file"].to_numpy())
        | (named["sheet"].to_numpy() != ref["sheet"].to_numpy())
    )
    if not differs.any():
        return []
    mine, theirs = named[differs], ref[differs]
    clash = ~names_agree(mine["name_key"], mine["name_loose"], theirs["name_key"],
                         theirs["name_loose"])
    return [
        catalogue.make(
            "name-mismatch", r["file"], r["sheet"], int(r["row"]), "name", value=r["name"],
            unit=r["unit"], other_name=o["name"], other=_where(o["file"], o["sheet"], o["row"]),
        )
        for r, o in zip(
            mine[clash].to_dict("records"), theirs[clash].to_dict("records"), strict=True
        )
    ]


def names_agree(
    keys: pd.Series, loose: pd.Series, other_keys: pd.Series, other_loose: pd.Series
) -> np.ndarray:
    """Per pair: are the two names one person's (normalised and loose names of each side)?

    Token-set similarity ≥ NAME_MISMATCH_BELOW, with or without one-letter words (initials),
    so 'H. Alwi' and 'Alwi', 'Moch. Alwi' and 'Muhammad Alwi' agree.
    """
    score = np.maximum(
        _similarity(keys, other_keys, fuzz.token_set_ratio),
        _similarity(loose, other_loose, fuzz.token_set_ratio),
    )
    return np.asarray(score >= NAME_MISMATCH_BELOW, dtype=bool)


def possible_duplicates(persons: pd.DataFrame) -> list[Finding]:
    """possible-duplicate for distinct people with similar names and the same birth date.

    Blocking: candidate pairs share the birth date and the first three letters of their first
    or of their last name word, so cost grows with block sizes, not with all pairs. Similar:
    token-sort similarity ≥ DUPLICATE_FROM (equal names included: different NIKs), or one
    name's words all in the other's (at least two words). Reported on the later person's first
    row (people are numbered in order of first appearance), NIK column, naming the earlier one.
    `persons` is indexed by nothing in particular but sorted by `person` = 0, 1, 2, ...
    """
    base = persons[persons["name_key"].notna() & persons["birth"].notna()]
    if len(base) < 2:
        return []
    codes, names = pd.factorize(base["name_loose"].to_numpy(dtype=object))
    # The first three letters of the first and of the last word (loose names are single-spaced
    # words: partition finds them without a list of words per name).
    distinct = names.tolist()
    first = pd.factorize(np.array([name.partition(" ")[0][:3] for name in distinct],
                                  dtype=object))[0][codes]
    last = pd.factorize(np.array([name.rpartition(" ")[2][:3] for name in distinct],
                                 dtype=object))[0][codes]
    days = base["birth"].to_numpy().astype("datetime64[D]").astype(np.int64)
    person = base["person"].to_numpy()
    # One integer key per (birth date, which end of the name, its prefix).
    span = int(max(first.max(), last.max())) + 1
    keys = np.concatenate([(days * 2) * span + first, (days * 2 + 1) * span + last])
    keyed = pd.DataFrame({"key": keys, "person": np.concatenate([person, person])})
    crowded = keyed["key"].duplicated(keep=False).to_numpy()
    keyed = keyed[crowded]
    if keyed.empty:
        return []
    pairs = keyed.merge(keyed, on="key", suffixes=("_a", "_b"))
    pairs = pairs[pairs["person_a"] < pairs["person_b"]][["person_a", "person_b"]]
    pairs = pairs.drop_duplicates().sort_values(["person_a", "person_b"])
    if pairs.empty:
        return []
    info = persons.set_index("person")
    a, b = pairs["person_a"].to_numpy(), pairs["person_b"].to_numpy()
    loose = info["name_loose"].to_numpy(dtype=object)
    loose_a, loose_b = loose[a], loose[b]
    similar = _similarity(loose_a, loose_b, fuzz.token_sort_ratio) >= DUPLICATE_FROM
    # One name's words all in the other's ('siti aminah' / 'siti aminah putri'), two words at
    # least. Words counted for the pairs only (a few), not for every person.
    words_a, words_b = _word_counts(loose_a), _word_counts(loose_b)
    check = ~similar & (np.minimum(words_a, words_b) >= 2)
    similar[check] = _similarity(loose_a[check], loose_b[check], fuzz.token_set_ratio) >= 100
    out = []
    records = info[["file", "sheet", "row", "unit", "name", "nik_raw"]]
    for earlier, later in zip(a[similar], b[similar], strict=True):
        x, y = records.loc[earlier], records.loc[later]
        out.append(
            catalogue.make(
                "possible-duplicate", y["file"], y["sheet"], int(y["row"]), "nik",
                value=y["nik_raw"], unit=y["unit"], other_name=x["name"],
                other=_where(x["file"], x["sheet"], x["row"]),
            )
        )
    return out


def _word_counts(names: np.ndarray) -> np.ndarray:
    """Words in each name (0 for a missing one)."""
    return np.array([len(name.split()) if isinstance(name, str) else 0 for name in names],
                    dtype=np.int64)


def _similarity(left: Any, right: Any, scorer: Any) -> np.ndarray:
    if isinstance(left, pd.Series):
        left, right = left.fillna("").to_numpy(dtype=object), right.fillna("").to_numpy(dtype=object)
    return process.cpdist(
        left,
        right,
        scorer=scorer,
        workers=-1,
    ).astype(float)


def _where(file: str, sheet: str, row: Any) -> str:
    return f"{file} [{sheet}] #{int(row)}"
