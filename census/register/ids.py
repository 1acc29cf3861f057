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


def id_of_key(key: str) -> str:
    """The person id of an identity key ('nik:3578…' → 'P7Q2…')."""
    digest = int.from_bytes(
        hashlib.blake2b(key.encode("utf-8"), digest_size=8, person=b"census-person").digest(),
        "big",
    )
    digest >>= 64 - 5 * ID_CHARS
    chars = []
    for _ in range(ID_CHARS):
        chars.append(ALPHABET[digest & 31])
        digest >>= 5
    return "P" + "".join(reversed(chars))


def identity_keys(persons: pd.DataFrame) -> list[str]:
    """The identity key of each person (see the module docstring), in the table's order.

    `persons` needs nik (usable or None), name_key, birth (datetime64), unit, file, sheet, row.
    """
    birth = pd.to_datetime(persons["birth"], errors="coerce")
    days = birth.dt.strftime("%Y-%m-%d").to_numpy(dtype=object)
    keys = []
    for nik, name, day, unit, file, sheet, row in zip(
        persons["nik"].to_numpy(dtype=object),
        persons["name_key"].to_numpy(dtype=object),
        days,
        persons["unit"].to_numpy(dtype=object),
        persons["file"].to_numpy(dtype=object),
        persons["sheet"].to_numpy(dtype=object),
        persons["row"].to_numpy(),
        strict=True,
    ):
        if isinstance(nik, str) and nik:
            keys.append(f"nik:{nik}")
        elif isinstance(name, str) and name and isinstance(day, str):
            keys.append(f"name:{name}|{day}")
        elif isinstance(name, str) and name:
            keys.append(f"unit-name:{unit}|{name}")
        else:
            keys.append(f"row:{file}|{sheet}|{int(row)}")
    return keys


def person_ids(persons: pd.DataFrame) -> np.ndarray:
    """The stable id of each person of `persons` (order of first appearance), as an object array."""
    keys = identity_keys(persons)
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
