"""NIKs that Excel cut to 15 digits, found again in health-office exports (DOMAIN §2).

A NIK typed into a number cell keeps its first 15 digits. With the birth date and a name that
agrees, they still find the person in an export, which holds the full NIK: the person takes that
NIK (and so the export's doses). Two or more such records: none is taken, and the roster cell is
reported (nik-prefix-ambiguous), since guessing could give one person another's doses.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from census import findings as catalogue
from census.findings import Finding
from census.register.merge import names_agree
from census.register.names import loose_names, normalise_names
from census.values.nik import NIK_LENGTH, PREFIX_LENGTH, id_digits

#: persons.nik_source: where a person's NIK comes from.
FROM_ROSTER, FROM_REGISTRY = "roster", "registry"


def registry_people(registry: pd.DataFrame) -> pd.DataFrame:
    """Distinct (nik, birth, name) of an export's rows with a full NIK and a birth date."""
    columns = ["nik", "prefix", "birth", "name_key", "name_loose"]
    if registry.empty or not {"nik", "birth_date", "name"} <= set(registry.columns):
        return pd.DataFrame(columns=columns)
    people = registry[["nik", "birth_date", "name"]].drop_duplicates()
    people = people[people["birth_date"].notna() & people["nik"].notna()]
    niks = people["nik"].map(id_digits)
    people = people.assign(nik=niks)[niks.notna() & (niks.str.len() == NIK_LENGTH)]
    people = people.assign(
        prefix=people["nik"].str[:PREFIX_LENGTH],
        birth=pd.to_datetime(people["birth_date"]).astype("datetime64[ns]"),
        name_key=normalise_names(people["name"]),
    )
    people = people.assign(name_loose=loose_names(people["name_key"]))
    return people[columns].reset_index(drop=True)


def match_prefixes(
    rows: pd.DataFrame, persons: pd.DataFrame, registry: pd.DataFrame
) -> tuple[pd.DataFrame, list[Finding]]:
    """Persons with their NIK completed from an export where a numeric-cell NIK allows it.

    `rows`: the keyed roster rows (person, nik15, file, sheet, row, unit, nik); `persons`: one
    row per person (person, nik, name_key, name_loose, birth). Returns persons with `nik` filled
    and `nik_source` ('roster', 'registry' or None), and nik-prefix-ambiguous findings (on the
    person's first row with a numeric-cell NIK; column: the field name 'nik').
    """
    source = np.full(len(persons), None, dtype=object)
    source[persons["nik"].notna().to_numpy()] = FROM_ROSTER
    persons = persons.assign(nik_source=source)
    cut = rows[rows["nik15"].notna()]
    if cut.empty:
        return persons, []
    first_cut = cut.drop_duplicates("person").set_index("person")
    wanted = persons[persons["nik"].isna() & persons["birth"].notna()
                     & persons["person"].isin(first_cut.index)]
    if wanted.empty:
        return persons, []
    wanted = wanted.assign(prefix=first_cut["nik15"].reindex(wanted["person"]).to_numpy())
    records = registry_people(registry)
    # A full NIK some roster already shows belongs to that roster's person, not to this one.
    records = records[~records["nik"].isin(persons["nik"].dropna())]
    pairs = wanted[["person", "prefix", "birth", "name_key", "name_loose"]].merge(
        records, on=["prefix", "birth"], suffixes=("", "_reg")
    )
    if pairs.empty:
        return persons, []
    agree = names_agree(pairs["name_key"].fillna(""), pairs["name_loose"].fillna(""),
                        pairs["name_key_reg"].fillna(""), pairs["name_loose_reg"].fillna(""))
    pairs = pairs[agree].drop_duplicates(["person", "nik"])
    found = pairs.groupby("person")["nik"].agg(["nunique", "first"])
    single = found[found["nunique"] == 1]["first"]
    # The same export record must not complete two roster people either.
    single = single[~single.duplicated(keep=False)]
    at = persons["person"].isin(single.index).to_numpy()
    persons.loc[at, "nik"] = persons.loc[at, "person"].map(single).to_numpy()
    persons.loc[at, "nik_source"] = FROM_REGISTRY
    several = found[found["nunique"] > 1]["nunique"]
    places = first_cut.loc[several.index, ["file", "sheet", "row", "unit", "nik"]]
    findings = [
        catalogue.make(
            "nik-prefix-ambiguous", str(where["file"]), str(where["sheet"]), int(where["row"]),
            "nik", value=where["nik"], unit=str(where["unit"]), count=int(count),
        )
        for where, count in zip(places.to_dict("records"), several.tolist(), strict=True)
    ]
    return persons, findings
