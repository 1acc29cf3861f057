"""Stable person ids: the same person gets the same id in every run, derived from who they are.

A census is repeated every few weeks; two runs join on `person_id` without guesswork only when
the id depends on the person and not on the order of the rows. The id is 'P' + 12 characters
(Crockford base32 of a 60-bit BLAKE2b digest) of the person's identity key:

- `nik:<NIK>` for a person with a usable NIK (16 digits typed as text, not a placeholder) or a
  NIK taken from a health-office record;
- `name:<normalised name>|<birth date>` for a person without one (elderly clients without a KTP,
  a NIK typed into a number cell, a NIK with 15 digits or a letter);
- `unit-name:<unit>|<normalised name>` when the birth date is unknown too;
- `row:<file>|<sheet>|<row>` for a row with no name at all (not stable: its row may move).

The id shows nothing of the NIK, but it is no secret: whoever holds a NIK can compute its id,
as with any unkeyed hash, so persons.csv (which holds the NIK anyway) stays in the department.
Two people with the same key (two nameless rows, two 'Siti' without birth date in one unit)
get '-2', '-3' appended to the key in order of first appearance; so does a digest collision.
A person whose NIK is corrected between rounds gets a new id: census.rounds links the two.
"""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd

#: Characters of an id after the 'P': digits and upper-case letters without I, L, O and U.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
#: Base32 characters of an id (60 bits: a collision among a million people is one in a million).
ID_CHARS = 12
_PERSON = b"census-person"
_ALPHABET_BYTES = np.frombuffer(ALPHABET.encode("ascii"), dtype=np.uint8)


def id_of_key(key: str) -> str:
    """The person id of an identity key ('nik:3578…' → 'P7Q2…')."""
    return str(ids_of_keys([key])[0])


def ids_of_keys(keys: list[str]) -> np.ndarray:
    """id_of_key of each key, as an object array: one BLAKE2b call per key, the base32 spelling
    of all digests at once (numpy), since a million ids must not cost a Python loop each."""
    return _spelled(_digests(keys))


def _digests(keys: list[str]) -> np.ndarray:
    """The 60-bit BLAKE2b value of each key (uint64)."""
    copy = hashlib.blake2b(digest_size=8, person=_PERSON).copy

    def digest(key: str) -> bytes:
        hashed = copy()  # copying the keyed state costs half of building it anew
        hashed.update(key.encode("utf-8"))
        return hashed.digest()

    joined = b"".join(map(digest, keys))
    return np.frombuffer(joined, dtype=">u8").astype(np.uint64) >> np.uint64(64 - 5 * ID_CHARS)


def _spelled(value: np.ndarray) -> np.ndarray:
    """'P' + the Crockford base32 spelling of each 60-bit value, as an object array of str."""
    shifts = np.arange(ID_CHARS - 1, -1, -1, dtype=np.uint64) * np.uint64(5)
    chars = np.empty((len(value), ID_CHARS + 1), dtype=np.uint8)
    chars[:, 0] = ord("P")
    chars[:, 1:] = _ALPHABET_BYTES[(value[:, None] >> shifts) & np.uint64(31)]
    return chars.view(f"S{ID_CHARS + 1}").ravel().astype(str).astype(object)


def identity_keys(persons: pd.DataFrame) -> list[str]:
    """The identity key of each person (see the module docstring), in the table's order.

    `persons` needs nik (usable or None), name_key, birth (datetime64), unit, file, sheet, row.
    Built column-wise: only the few people without a NIK need their other fields formatted.
    """
    count = len(persons)
    nik = persons["nik"].to_numpy(dtype=object)
    name = persons["name_key"].to_numpy(dtype=object)
    has_nik = _nonempty_text(nik)
    named = ~has_nik & _nonempty_text(name)
    keys = np.empty(count, dtype=object)
    keys[has_nik] = "nik:" + nik[has_nik]
    birth = pd.to_datetime(persons["birth"].iloc[np.flatnonzero(named)], errors="coerce")
    days = birth.dt.strftime("%Y-%m-%d").to_numpy(dtype=object)
    dated = _nonempty_text(days)
    at = np.flatnonzero(named)
    keys[at[dated]] = "name:" + name[at[dated]] + "|" + days[dated]
    undated = at[~dated]
    units = persons["unit"].to_numpy(dtype=object)
    keys[undated] = [f"unit-name:{unit}|{text}" for unit, text in
                     zip(units[undated], name[undated], strict=True)]
    nameless = np.flatnonzero(~has_nik & ~named)
    keys[nameless] = [
        f"row:{file}|{sheet}|{int(row)}"
        for file, sheet, row in zip(
            persons["file"].to_numpy(dtype=object)[nameless],
            persons["sheet"].to_numpy(dtype=object)[nameless],
            persons["row"].to_numpy()[nameless],
            strict=True,
        )
    ]
    return list(keys)


def person_ids(persons: pd.DataFrame, digests: np.ndarray | None = None
               ) -> tuple[np.ndarray, np.ndarray]:
    """(The stable id of each person of `persons` (order of first appearance), as an object
    array; the positions that put the ids in ascending order). `digests`: identity_digests of
    `persons`, when the caller has them already.

    An id spells its 60-bit value in fixed width with an alphabet in ASCII order, so the ids
    sort as their values: sorted as integers, not as a million texts."""
    value = identity_digests(persons) if digests is None else digests
    order = np.argsort(value, kind="stable")
    if not (value[order][1:] == value[order][:-1]).any():
        # Distinct digests: distinct keys (no suffixes) and distinct ids, known from integers
        # without hashing a million texts twice. The usual case.
        return _spelled(value), order
    keys = np.asarray(identity_keys(persons), dtype=object)
    codes, _ = pd.factorize(keys)
    occurrence = pd.Series(codes).groupby(codes).cumcount().to_numpy() + 1
    again = np.flatnonzero(occurrence > 1)
    suffixed = keys.copy()
    suffixed[again] = keys[again] + "-" + occurrence[again].astype(str).astype(object)
    value = _digests(suffixed.tolist())
    order = np.argsort(value, kind="stable")
    if not (value[order][1:] == value[order][:-1]).any():
        return _spelled(value), order
    ids = _person_ids_one_by_one(keys.tolist())  # a digest collision: resolve in order
    return ids, np.argsort(ids.astype(str), kind="stable")


def identity_digests(persons: pd.DataFrame) -> np.ndarray:
    """The 60-bit digest (uint64) of each person's identity key (identity_keys): what
    person_ids needs of `persons` when no two are equal, made apart so that a caller may make
    it early and redo it for the few people whose NIK changes (census.register.build)."""
    return _digests(identity_keys(persons))


def _person_ids_one_by_one(keys: list[str]) -> np.ndarray:
    """person_ids the slow, sequential way: a later key that collides takes the next suffix."""
    seen: dict[str, int] = {}
    taken: set[str] = set()
    ids = np.empty(len(keys), dtype=object)
    for index, key in enumerate(keys):
        count = seen.get(key, 0) + 1
        seen[key] = count
        candidate = id_of_key(key if count == 1 else f"{key}-{count}")
        while candidate in taken:  # a digest collision: as unlikely as it is, never merge two
            count += 1
            candidate = id_of_key(f"{key}-{count}")
        taken.add(candidate)
        ids[index] = candidate
    return ids


def _nonempty_text(values: np.ndarray) -> np.ndarray:
    """Per value (a str, None or NaN): is it a non-empty str?"""
    present = np.asarray(pd.notna(values), dtype=bool)
    present[present] = values[present] != ""
    return present
