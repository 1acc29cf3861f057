"""Reconcile roster doses with health-office exports: fill gaps, report conflicts, count each dose once."""

from __future__ import annotations

import numpy as np
import pandas as pd

from census import findings as catalogue
from census.findings import Finding
from census.model import DOSE_SLOTS
from census.register.frames import first_valid
from census.rules.table import Rules
from census.values.brands import names_a_brand
from census.values.nik import id_digits

DOSE_COLUMNS = ["person_id", "slot", "date", "brand", "source", "verified"]

#: Slot → its place among a person's doses when the primary series has `n` doses.
_PRIMARY_ORDINAL = {"dose1": 1, "dose2": 2, "dose3": 3}
_BOOSTER_NUMBER = {"booster1": 1, "booster2": 2}
_DEFAULT_PRIMARY = 2


def brand_codes(texts: pd.Series, rules: Rules) -> pd.Series:
    """Canonical brand code per value (None when empty or not a programme vaccine)."""
    codes, uniques = pd.factorize(texts.to_numpy(dtype=object))
    found = np.array([*(rules.brand_code(value) for value in uniques.tolist()), None],
                     dtype=object)
    return pd.Series(found[codes], index=texts.index, dtype=object)  # -1 (empty): None


def roster_doses(rows: pd.DataFrame, rules: Rules, source: pd.DataFrame | None = None,
                 order: np.ndarray | None = None) -> pd.DataFrame:
    """One entry per filled dose cell: person, src (row order), slot, date, brand, cell location.

    The dose cells are `rows`' own, or those of `source` (the roster as given) with its rows
    taken in `order` (the rows' order): one column at a time, so the register never holds a
    sorted copy of every dose column."""
    cells, slots, dates, brands = [], [], [], []
    for slot in DOSE_SLOTS:
        date = _dose_column(rows, source, order, f"{slot}_date")
        filled = np.flatnonzero(~np.isnat(date))
        cells.append(filled)
        slots.append(np.full(len(filled), slot, dtype=object))
        dates.append(date[filled])
        brands.append(_dose_column(rows, source, order, f"{slot}_brand")[filled])
    src = np.concatenate(cells)
    if not len(src):
        return pd.DataFrame(
            columns=["person", "src", "slot", "date", "brand_text", "file", "sheet", "row", "unit"]
        ).assign(brand=None)
    # Text columns as object Series: a bare object array would be checked and converted to
    # the string dtype, cell by cell, for nothing.
    doses = pd.DataFrame(
        {
            "person": rows["person"].to_numpy()[src],
            "src": src,
            "slot": pd.Series(np.concatenate(slots), dtype=object),
            "date": np.concatenate(dates),
            "brand_text": pd.Series(np.concatenate(brands), dtype=object),
            "file": pd.Series(rows["file"].to_numpy(dtype=object)[src], dtype=object),
            "sheet": pd.Series(rows["sheet"].to_numpy(dtype=object)[src], dtype=object),
            "row": rows["row"].to_numpy()[src],
            "unit": pd.Series(rows["unit"].to_numpy(dtype=object)[src], dtype=object),
        }
    )
    # Each distinct spelling once: its brand code, and whether it names a brand at all.
    codes, uniques = pd.factorize(doses["brand_text"].to_numpy(dtype=object))
    spellings = uniques.tolist()
    brand = np.array([*(rules.brand_code(text) for text in spellings), None], dtype=object)[codes]
    doses["brand"] = pd.Series(brand, dtype=object)
    # A dose that cannot have happened as written is not counted: before the programme began,
    # or of a vaccine that is not a programme vaccine ('Vaksin Nusantara'). Validation reports them.
    typed = np.array([*(bool(names_a_brand(text)) for text in spellings), False], dtype=bool)[codes]
    unknown = typed & pd.isna(brand)
    early = (doses["date"] < pd.Timestamp(rules.programme_start)).to_numpy()
    return doses[~unknown & ~early].reset_index(drop=True)


def _dose_column(rows: pd.DataFrame, source: pd.DataFrame | None, order: np.ndarray | None,
                 column: str) -> np.ndarray:
    """A dose column of the rows, in their order (dates as datetime64[ns], brands as objects)."""
    values = rows[column] if source is None else source[column]
    array = _as_ns(values).to_numpy() if column.endswith("_date") else values.to_numpy(
        dtype=object)
    return array if source is None or order is None else array[order]


def registry_doses(registry: pd.DataFrame, person_by_nik: pd.Series, rules: Rules) -> pd.DataFrame:
    """Export rows of roster people (matched by usable NIK only), one entry per dose row."""
    columns = ["person", "src", "slot", "date", "brand"]
    if registry.empty or "nik" not in registry:
        return pd.DataFrame(columns=columns)
    niks = registry["nik"].to_numpy(dtype=object)
    # Exports hold clean NIKs: look them up as they are; clean only those not found. A dict
    # answers faster than an Index of texts (no uniqueness pass, no second hash table); a NIK
    # of two people gives the last one.
    lookup = dict(zip(person_by_nik.index.tolist(), person_by_nik.to_numpy(dtype=float).tolist(),
                      strict=True))
    person = np.fromiter((lookup.get(nik, np.nan) for nik in niks.tolist()), dtype=float,
                         count=len(niks))
    typed = [i for i in np.flatnonzero(np.isnan(person)).tolist()
             if isinstance(niks[i], str) and not niks[i].isdigit()]
    for index in typed:
        person[index] = lookup.get(id_digits(niks[index]), np.nan)
    dates = _as_ns(registry["date"]).to_numpy()
    keep = ~np.isnan(person) & (dates >= pd.Timestamp(rules.programme_start).to_datetime64())
    return pd.DataFrame(
        {
            "person": person[keep].astype(np.int64),
            "src": np.flatnonzero(keep),
            "slot": registry["dose"].to_numpy(dtype=object)[keep],
            "date": dates[keep],
            "brand": brand_codes(pd.Series(registry["brand"].to_numpy(dtype=object)[keep]),
                                 rules).to_numpy(dtype=object),
        }
    )


def collapse(doses: pd.DataFrame, tolerance: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Group a person's entries that are the same dose: dates within `tolerance` days.

    No two real doses are that close (the shortest interval is two weeks), so entries of one
    dose typed in several rosters, or listed twice in an export, become one group. Returns (the
    entries with their `group`, one row per group: the first-seen entry's date and slot and the
    first known brand).
    """
    if doses.empty:
        empty = doses.assign(group=pd.Series(dtype=np.int64))
        return empty, pd.DataFrame(
            {"group": pd.Series(dtype=np.int64), "person": pd.Series(dtype=np.int64),
             "src": pd.Series(dtype=np.int64), "slot": pd.Series(dtype=object),
             "date": pd.Series(dtype="datetime64[ns]"), "brand": pd.Series(dtype=object)}
        )
    person = doses["person"].to_numpy(dtype=np.int64)
    date = doses["date"].to_numpy(dtype="datetime64[ns]")
    src = doses["src"].to_numpy(dtype=np.int64)
    # Stable, as sort_values(kind="stable"); entries already in source order (an export's)
    # need no source key: the stable sort keeps that order among equal dates.
    in_source_order = bool((src[1:] >= src[:-1]).all())
    ordered = np.lexsort((date, person) if in_source_order else (src, date, person))
    by_person, by_date = person[ordered], date[ordered]
    new = np.r_[True, by_person[1:] != by_person[:-1]]
    new[1:] |= (by_date[1:] - by_date[:-1]) > np.timedelta64(tolerance, "D")
    group = np.empty(len(doses), dtype=np.int64)
    group[ordered] = np.cumsum(new) - 1
    doses = doses.assign(group=group)
    count = int(group.max()) + 1
    # First-seen entry of each group (by source order) gives date and slot; brand: first known.
    by_source = np.arange(len(src)) if in_source_order else np.argsort(src, kind="stable")
    in_order = group[by_source]
    _, first = np.unique(in_order, return_index=True)
    head = by_source[first]
    groups = pd.DataFrame(
        {
            "group": np.arange(count),
            "person": person[head],
            "src": src[head],
            "slot": doses["slot"].to_numpy(dtype=object)[head],
            "date": date[head],
            "brand": first_valid(in_order, doses["brand"].to_numpy(dtype=object)[by_source], count),
        }
    )
    return doses, groups


def reconcile(
    roster: pd.DataFrame, registry: pd.DataFrame, rules: Rules
) -> tuple[pd.DataFrame, list[Finding], pd.Series]:
    """Counted doses of every person, registry-conflict findings, and each person's series length.

    `roster`: roster_doses(); `registry`: registry_doses(). Returns (doses with person, slot,
    date, brand, source, verified — slots reassigned in date order: the first primary_doses of
    the person's brand are the primary series, the rest boosters —, findings, primary doses
    per person).
    """
    tolerance = rules.registry_tolerance_days
    roster_cells, roster_groups = collapse(roster, tolerance)
    _, registry_groups = collapse(registry, tolerance)
    primary = _primary_doses(roster_groups, registry_groups, rules)
    roster_groups = _with_ordinal(roster_groups, primary)
    registry_groups = _with_ordinal(registry_groups, primary)

    paired = _pair(roster_groups, registry_groups, tolerance)
    findings = _conflicts(roster_cells, paired, tolerance, rules)

    used = _marked(registry_groups["group"], paired["group_reg"])
    # Two shared str objects, not a fixed-width unicode array turned into one str per row.
    sources = np.array(["registry", "both"], dtype=object)[used.astype(np.intp)]
    reg = registry_groups.assign(source=sources)
    fill = paired.set_index("group_reg")["brand_ros"]
    fill = fill[~fill.index.duplicated()]
    missing = reg["brand"].isna()
    reg.loc[missing, "brand"] = reg.loc[missing, "group"].map(fill)
    unpaired = roster_groups[~_marked(roster_groups["group"], paired["group_ros"])]
    counted = pd.concat(
        [
            reg[["person", "date", "brand", "source"]],
            unpaired[["person", "date", "brand"]].assign(source="roster"),
        ],
        ignore_index=True,
    )
    return _assign_slots(counted, primary), findings, primary


def _primary_doses(roster: pd.DataFrame, registry: pd.DataFrame, rules: Rules) -> pd.Series:
    """Primary series length per person: from the brand of their earliest dose with a brand."""
    sides = (registry, roster)  # the export first: on the same date its brand wins
    person = np.concatenate([side["person"].to_numpy(dtype=np.int64) for side in sides])
    date = np.concatenate([side["date"].to_numpy(dtype="datetime64[ns]") for side in sides])
    brand = np.concatenate([side["brand"].to_numpy(dtype=object) for side in sides])
    known = np.flatnonzero(pd.notna(brand))
    # Stable: on the same person and date the export's entry, which comes first, stays first.
    ordered = known[np.lexsort((date[known], person[known]))]
    who = person[ordered]
    first = ordered[np.r_[True, who[1:] != who[:-1]]] if len(who) else ordered
    firsts = pd.Series(brand[first], index=pd.Index(person[first], name="person"), name="brand",
                       dtype=object)
    lengths = {kind.code: kind.primary_doses for kind in rules.brands}
    return firsts.map(lengths).astype("Int64")


def _with_ordinal(groups: pd.DataFrame, primary: pd.Series) -> pd.DataFrame:
    n = _series_lengths(primary, groups["person"].to_numpy(dtype=np.int64)).astype(float)
    slot = groups["slot"].to_numpy(dtype=object)
    ordinal = np.full(len(slot), np.nan)
    for name, place in _PRIMARY_ORDINAL.items():
        ordinal[slot == name] = place
    for name, number in _BOOSTER_NUMBER.items():
        booster = (slot == name) & np.isnan(ordinal)
        ordinal[booster] = n[booster] + number
    return groups.assign(ordinal=ordinal)


def _series_lengths(primary: pd.Series, person: np.ndarray) -> np.ndarray:
    """primary (per person number, NA: unknown) of each of `person`, _DEFAULT_PRIMARY where
    unknown; by array position, not by a map over an index."""
    size = int(max(person.max(initial=-1), primary.index.max() if len(primary) else -1)) + 1
    lengths = np.full(size, _DEFAULT_PRIMARY, dtype=np.int64)
    known = primary.notna().to_numpy()
    lengths[primary.index.to_numpy(dtype=np.int64)[known]] = primary.to_numpy()[known].astype(
        np.int64)
    return lengths[person]


def _marked(groups: pd.Series, chosen: pd.Series) -> np.ndarray:
    """Per element of `groups` (group numbers 0..): is it among `chosen`? (isin, by position)"""
    values = groups.to_numpy(dtype=np.int64)
    picked = chosen.to_numpy(dtype=np.int64)
    size = int(max(values.max(initial=-1), picked.max(initial=-1))) + 1
    mask = np.zeros(size, dtype=bool)
    mask[picked] = True
    return mask[values]


def _pair(roster: pd.DataFrame, registry: pd.DataFrame, tolerance: int) -> pd.DataFrame:
    """Roster groups paired with registry groups: by date within tolerance, else by place."""
    columns = ["group_ros", "group_reg", "date_ros", "date_reg", "brand_ros", "brand_reg"]
    if roster.empty or registry.empty:
        return pd.DataFrame(columns=columns)
    left = roster.rename(columns={"group": "group_ros", "date": "date_ros", "brand": "brand_ros"})
    right = registry.rename(
        columns={"group": "group_reg", "date": "date_reg", "brand": "brand_reg"}
    )
    near = pd.merge_asof(  # the columns taken before sorting: the sort moves only these
        left[["person", "group_ros", "date_ros", "brand_ros"]].sort_values("date_ros"),
        right[["person", "group_reg", "date_reg", "brand_reg"]].sort_values("date_reg"),
        left_on="date_ros",
        right_on="date_reg",
        by="person",
        tolerance=pd.Timedelta(days=tolerance),
        direction="nearest",
    )
    near = near[near["group_reg"].notna()]
    near = near.astype({"group_reg": np.int64})
    # What is left on both sides pairs by its place in the series (dose 2 with 'Dosis 2').
    rest_ros = left[~_marked(left["group_ros"], near["group_ros"])]
    rest_reg = right[~_marked(right["group_reg"], near["group_reg"])]
    by_place = rest_ros.drop_duplicates(["person", "ordinal"]).merge(
        rest_reg.drop_duplicates(["person", "ordinal"]), on=["person", "ordinal"]
    )
    return pd.concat([near[columns], by_place[columns]], ignore_index=True)


def _conflicts(
    cells: pd.DataFrame, paired: pd.DataFrame, tolerance: int, rules: Rules
) -> list[Finding]:
    """registry-conflict on each roster cell whose date or brand disagrees with its export dose."""
    if paired.empty:
        return []
    joined = _with_pair(cells, paired)
    apart = (joined["date"] - joined["date_reg"]).abs() > pd.Timedelta(days=tolerance)
    other = joined["brand"].notna() & joined["brand_reg"].notna()
    other &= joined["brand"].astype(object) != joined["brand_reg"].astype(object)
    labels = {brand.code: brand.label for brand in rules.brands}
    out = []
    for cell in joined[apart].to_dict("records"):
        out.append(
            catalogue.make(
                "registry-conflict", cell["file"], cell["sheet"], int(cell["row"]),
                f"{cell['slot']}_date", value=_iso(cell["date"]), unit=cell["unit"],
                registry=_iso(cell["date_reg"]),
            )
        )
    for cell in joined[other].to_dict("records"):
        out.append(
            catalogue.make(
                "registry-conflict", cell["file"], cell["sheet"], int(cell["row"]),
                f"{cell['slot']}_brand", value=cell["brand_text"], unit=cell["unit"],
                registry=labels.get(cell["brand_reg"]),
            )
        )
    return out


def _with_pair(cells: pd.DataFrame, paired: pd.DataFrame) -> pd.DataFrame:
    """The roster cells of paired groups (in their order) with their export dose's date and
    brand: cells.merge(paired, left_on="group", right_on="group_ros"), by position, taking
    only the cells whose date or brand can disagree (a merge copies every cell's texts)."""
    ros = paired["group_ros"].to_numpy(dtype=np.int64)
    group = cells["group"].to_numpy(dtype=np.int64)
    where = np.full(int(max(group.max(initial=-1), ros.max(initial=-1))) + 1, -1, dtype=np.int64)
    where[ros] = np.arange(len(ros))
    if len(np.flatnonzero(where >= 0)) != len(ros):  # a group paired twice: merge's rows
        return cells.merge(paired, left_on="group", right_on="group_ros")
    at = where[group]
    inner = np.flatnonzero(at >= 0)
    pair = at[inner]
    date = cells["date"].to_numpy(dtype="datetime64[ns]")[inner]
    date_reg = paired["date_reg"].to_numpy(dtype="datetime64[ns]")[pair]
    brand = cells["brand"].to_numpy(dtype=object)[inner]
    brand_reg = paired["brand_reg"].to_numpy(dtype=object)[pair]
    apart = np.abs(date - date_reg) > np.timedelta64(0, "D")
    differ = pd.notna(brand) & pd.notna(brand_reg)
    differ[differ] = brand[differ] != brand_reg[differ]
    keep = apart | differ  # the tolerance is applied by the caller
    return cells.iloc[inner[keep]].assign(date_reg=date_reg[keep], brand_reg=brand_reg[keep])


def _assign_slots(doses: pd.DataFrame, primary: pd.Series) -> pd.DataFrame:
    """Slots by date order: the first n are dose1..dosen, the next booster1, booster2."""
    if doses.empty:
        return pd.DataFrame(columns=DOSE_COLUMNS)
    doses = doses.sort_values(["person", "date"], kind="stable").reset_index(drop=True)
    rank = doses.groupby("person").cumcount().to_numpy()
    n = _series_lengths(primary, doses["person"].to_numpy(dtype=np.int64))
    primary_slot = np.array(["dose1", "dose2", "dose3"], dtype=object)
    booster_slot = np.array(["booster1", "booster2"], dtype=object)
    is_primary = rank < n
    booster_rank = rank - n
    keep = is_primary | (booster_rank < len(booster_slot))
    slot = np.where(
        is_primary,
        primary_slot[np.minimum(rank, 2)],
        booster_slot[np.clip(booster_rank, 0, 1)],
    )
    doses = doses.assign(slot=slot, verified=doses["source"] != "roster")[keep]
    return doses.rename(columns={"person": "person_id"})[DOSE_COLUMNS].reset_index(drop=True)


def _as_ns(values: pd.Series) -> pd.Series:
    return pd.to_datetime(values, errors="coerce").astype("datetime64[ns]")


def _iso(value: object) -> str:
    return pd.Timestamp(value).date().isoformat()  # type: ignore[arg-type]
