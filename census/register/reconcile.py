"""Reconcile roster doses with health-office exports: fill gaps, report conflicts, count each dose once.

Dose entries travel as integers — person number, source position, slot code (position in
DOSE_SLOTS), brand code (position in BrandCodes.names), -1 for none — so a million people's
doses are sorted, grouped and paired without tables of texts. The texts of a roster cell (its
file, sheet, unit, the brand as typed) are looked up only for the few cells a conflict names.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from census import findings as catalogue
from census.findings import Finding
from census.model import BOOSTER_SLOTS, DOSE_SLOTS, PRIMARY_SLOTS
from census.register.frames import lexsort_ints
from census.rules.table import Rules
from census.values.brands import names_a_brand
from census.values.nik import id_digits

DOSE_COLUMNS = ["person_id", "slot", "date", "brand", "source", "verified"]
ENTRY_COLUMNS = ["person", "src", "slot", "date", "brand"]

_DEFAULT_PRIMARY = 2
_SLOT_NAMES = np.array([*DOSE_SLOTS, None], dtype=object)  # code -1 picks the None


@dataclass(frozen=True)
class BrandCodes:
    """The rule table's brand codes as small integers: `names[i]` is brand i's code, `primary[i]`
    its primary series length, `labels[i]` its display label."""

    names: np.ndarray
    primary: np.ndarray
    labels: list[str]
    index: dict[str, int]

    @classmethod
    def of(cls, rules: Rules) -> BrandCodes:
        """The brands of `rules`, in their order (a code given twice: its last entry counts)."""
        by_code = {brand.code: brand for brand in rules.brands}
        codes = list(by_code)
        return cls(
            names=np.array([*codes, None], dtype=object),  # -1 picks the None
            primary=np.array([by_code[c].primary_doses for c in codes] + [_DEFAULT_PRIMARY],
                             dtype=np.int64),
            labels=[by_code[c].label for c in codes],
            index={code: i for i, code in enumerate(codes)},
        )

    def codes(self, texts: np.ndarray, rules: Rules) -> tuple[np.ndarray, np.ndarray]:
        """(brand code per typed text, -1 when none or not a programme vaccine; per text: does
        it name a brand at all), each distinct spelling read once."""
        found, uniques = pd.factorize(np.asarray(texts, dtype=object))
        spellings = uniques.tolist()
        code = [self.index.get(rules.brand_code(text), -1) for text in spellings]  # type: ignore[arg-type]
        typed = [bool(names_a_brand(text)) for text in spellings]
        return (np.array([*code, -1], dtype=np.int16)[found],
                np.array([*typed, False], dtype=bool)[found])


def roster_doses(rows: pd.DataFrame, rules: Rules, brands: BrandCodes,
                 source: pd.DataFrame | None = None, order: np.ndarray | None = None
                 ) -> pd.DataFrame:
    """One entry per filled dose cell that can count (ENTRY_COLUMNS; src: the row's position in
    `rows`), slot by slot, with the cell's brand as typed (`typed_brand`, for messages).

    The dose cells are `rows`' own, or those of `source` (the roster as given) with its rows
    taken in `order` (the rows' order): one column at a time, so the register never holds a
    sorted copy of every dose column."""
    cells, slots, dates, brand_texts = [], [], [], []
    for code, slot in enumerate(DOSE_SLOTS):
        date = _dose_column(rows, source, order, f"{slot}_date")
        filled = np.flatnonzero(~np.isnat(date))
        cells.append(filled)
        slots.append(np.full(len(filled), code, dtype=np.int8))
        dates.append(date[filled])
        brand_texts.append(_dose_column(rows, source, order, f"{slot}_brand")[filled])
    src = np.concatenate(cells)
    date = np.concatenate(dates)
    typed_brand = np.concatenate(brand_texts)
    brand, typed = brands.codes(typed_brand, rules)
    # A dose that cannot have happened as written is not counted: before the programme began,
    # or of a vaccine that is not a programme vaccine ('Vaksin Nusantara'). Validation reports them.
    keep = ~(typed & (brand < 0)) & ~(date < np.datetime64(rules.programme_start, "ns"))
    return pd.DataFrame({
        "person": rows["person"].to_numpy(dtype=np.int64)[src[keep]],
        "src": src[keep].astype(np.int64),
        "slot": np.concatenate(slots)[keep],
        "date": date[keep],
        "brand": brand[keep],
        "typed_brand": typed_brand[keep],
    })


def _dose_column(rows: pd.DataFrame, source: pd.DataFrame | None, order: np.ndarray | None,
                 column: str) -> np.ndarray:
    """A dose column of the rows, in their order (dates as datetime64[ns], brands as objects)."""
    values = rows[column] if source is None else source[column]
    array = _as_ns(values).to_numpy() if column.endswith("_date") else values.to_numpy(
        dtype=object)
    return array if source is None or order is None else array[order]


def registry_doses(registry: pd.DataFrame, person_by_nik: pd.Series, rules: Rules,
                   brands: BrandCodes) -> pd.DataFrame:
    """Export rows of roster people (matched by usable NIK only), one entry per dose row
    (ENTRY_COLUMNS; src: the position in `registry`; slot -1: a dose the export names otherwise)."""
    if registry.empty or "nik" not in registry:
        return _entries()
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
    keep = np.flatnonzero(~np.isnan(person)
                          & (dates >= pd.Timestamp(rules.programme_start).to_datetime64()))
    slot_of = {slot: code for code, slot in enumerate(DOSE_SLOTS)}
    slot_codes, slot_names = pd.factorize(registry["dose"].to_numpy(dtype=object)[keep])
    slot = np.array([*(slot_of.get(name, -1) for name in slot_names.tolist()), -1],
                    dtype=np.int8)[slot_codes]
    return pd.DataFrame({
        "person": person[keep].astype(np.int64),
        "src": keep.astype(np.int64),
        "slot": slot,
        "date": dates[keep],
        "brand": brands.codes(registry["brand"].to_numpy(dtype=object)[keep], rules)[0],
    })


def _entries() -> pd.DataFrame:
    """No entries (ENTRY_COLUMNS, typed)."""
    return pd.DataFrame({"person": np.zeros(0, np.int64), "src": np.zeros(0, np.int64),
                         "slot": np.zeros(0, np.int8),
                         "date": np.zeros(0, "datetime64[ns]"), "brand": np.zeros(0, np.int16)})


def collapse(doses: pd.DataFrame, tolerance: int) -> tuple[np.ndarray, pd.DataFrame]:
    """Group a person's entries that are the same dose: dates within `tolerance` days.

    No two real doses are that close (the shortest interval is two weeks), so entries of one
    dose typed in several rosters, or listed twice in an export, become one group. Returns (the
    group of each entry, one row per group: group, person, src, slot and date of the
    first-seen entry, and the first known brand).
    """
    person = doses["person"].to_numpy(dtype=np.int64)
    date = doses["date"].to_numpy(dtype="datetime64[ns]")
    src = doses["src"].to_numpy(dtype=np.int64)
    if not len(person):
        return np.zeros(0, dtype=np.int64), _entries().assign(group=np.zeros(0, np.int64))[
            ["group", *ENTRY_COLUMNS]]
    # Stable, as sort_values(kind="stable"); entries already in source order (an export's)
    # need no source key: the stable sort keeps that order among equal dates.
    in_source_order = bool((src[1:] >= src[:-1]).all())
    ordered = lexsort_ints((date, person) if in_source_order else (src, date, person))
    by_person, by_date = person[ordered], date[ordered]
    new = np.r_[True, by_person[1:] != by_person[:-1]]
    new[1:] |= (by_date[1:] - by_date[:-1]) > np.timedelta64(tolerance, "D")
    group = np.empty(len(person), dtype=np.int64)
    group[ordered] = np.cumsum(new) - 1
    del ordered, by_person, by_date, new  # entries of a million people: ~50 MiB apiece
    count = int(group.max()) + 1
    # First-seen entry of each group (by source order) gives date and slot; brand: first known.
    by_source = np.arange(len(src)) if in_source_order else np.argsort(src, kind="stable")
    in_order = group[by_source]
    head = by_source[_firsts(in_order)]
    brand = doses["brand"].to_numpy(dtype=np.int16)[by_source]
    known = np.flatnonzero(brand >= 0)
    first_brand = np.full(count, -1, dtype=np.int16)
    at = known[_firsts(in_order[known])]
    first_brand[in_order[at]] = brand[at]
    groups = pd.DataFrame({
        "group": np.arange(count),
        "person": person[head],
        "src": src[head],
        "slot": doses["slot"].to_numpy(dtype=np.int8)[head],
        "date": date[head],
        "brand": first_brand,
    })
    return group, groups


def _firsts(values: np.ndarray) -> np.ndarray:
    """Position of the first occurrence of each distinct value, in the values' order (as
    np.unique(values, return_index=True)[1]); without a sort when they are sorted already."""
    if bool((values[1:] >= values[:-1]).all()):
        return np.flatnonzero(np.r_[True, values[1:] != values[:-1]]) if len(values) else \
            np.zeros(0, dtype=np.intp)
    return np.unique(values, return_index=True)[1]


def reconcile(
    roster: pd.DataFrame, registry: pd.DataFrame, rules: Rules, brands: BrandCodes,
    places: pd.DataFrame,
) -> tuple[pd.DataFrame, list[Finding]]:
    """Counted doses of every person (person number in `person_id`) and registry-conflict
    findings.

    `roster`: roster_doses(); `registry`: registry_doses(); `places`: the rows `roster`'s src
    counts in (file, sheet, row, unit), for the findings. Returns (doses with person, slot, date, brand, source, verified — slots
    reassigned in date order: the first primary_doses of the person's brand are the primary
    series, the rest boosters —, findings).
    """
    tolerance = rules.registry_tolerance_days
    roster_group, roster_groups = collapse(roster, tolerance)
    _, registry_groups = collapse(registry, tolerance)
    primary = _primary_doses(roster_groups, registry_groups, brands)
    roster_groups = _with_ordinal(roster_groups, primary)
    registry_groups = _with_ordinal(registry_groups, primary)

    paired = _pair(roster_groups, registry_groups, tolerance)
    findings = _conflicts(roster, roster_group, paired, tolerance, brands, places)

    reg_brand = registry_groups["brand"].to_numpy(dtype=np.int16)
    used = _marked(len(registry_groups), paired["group_reg"].to_numpy(dtype=np.int64))
    # A gap in the export's brand is filled from the roster dose it pairs with (the first one).
    group_reg = paired["group_reg"].to_numpy(dtype=np.int64)
    fill = np.full(len(registry_groups), -1, dtype=np.int16)
    first = _firsts(group_reg)
    fill[group_reg[first]] = paired["brand_ros"].to_numpy(dtype=np.int16)[first]
    filled = np.where(reg_brand >= 0, reg_brand, fill)
    # Two shared str objects, not a fixed-width unicode array turned into one str per row.
    sources = np.array(["registry", "both"], dtype=object)[used.astype(np.intp)]
    unpaired = ~_marked(len(roster_groups), paired["group_ros"].to_numpy(dtype=np.int64))
    ros_brand = roster_groups["brand"].to_numpy(dtype=np.int16)
    # The brand columns take the types the tables of texts gave them: str when a side has any
    # brand (missing: NaN), else object; the export's gaps were NaN, the roster's None.
    counted = pd.concat(
        [
            pd.DataFrame({
                "person": registry_groups["person"].to_numpy(dtype=np.int64),
                "date": registry_groups["date"].to_numpy(dtype="datetime64[ns]"),
                "brand": _brand_texts(filled, brands, bool((reg_brand >= 0).any()), np.nan),
            }).assign(source=sources),
            pd.DataFrame({
                "person": roster_groups["person"].to_numpy(dtype=np.int64)[unpaired],
                "date": roster_groups["date"].to_numpy(dtype="datetime64[ns]")[unpaired],
                "brand": _brand_texts(ros_brand[unpaired], brands, bool((ros_brand >= 0).any()),
                                      None),
            }).assign(source="roster"),
        ],
        ignore_index=True,
    )
    # The groups and their pairs are done with: let them go before the slots' sort (at a
    # million people they set the register's peak).
    del roster_group, roster_groups, registry_groups, paired, used, unpaired, sources, filled
    return _assign_slots(counted, primary), findings


def _brand_texts(codes: np.ndarray, brands: BrandCodes, as_str: bool,
                 missing: float | None) -> pd.Series:
    """Brand code texts of `codes` (-1: `missing`): the str dtype when `as_str`, else object."""
    names = brands.names.copy()
    names[-1] = missing
    values = names[codes]
    return pd.Series(values, dtype="str" if as_str else object)


def _primary_doses(roster: pd.DataFrame, registry: pd.DataFrame,
                   brands: BrandCodes) -> np.ndarray:
    """Primary series length per person number (from the brand of their earliest dose with a
    brand; _DEFAULT_PRIMARY when none is known)."""
    sides = (registry, roster)  # the export first: on the same date its brand wins
    person = np.concatenate([side["person"].to_numpy(dtype=np.int64) for side in sides])
    date = np.concatenate([side["date"].to_numpy(dtype="datetime64[ns]") for side in sides])
    brand = np.concatenate([side["brand"].to_numpy(dtype=np.int16) for side in sides])
    lengths = np.full(int(person.max(initial=-1)) + 1, _DEFAULT_PRIMARY, dtype=np.int64)
    known = np.flatnonzero(brand >= 0)
    # Stable: on the same person and date the export's entry, which comes first, stays first.
    ordered = known[lexsort_ints((date[known], person[known]))]
    who = person[ordered]
    first = ordered[np.r_[True, who[1:] != who[:-1]]] if len(who) else ordered
    lengths[person[first]] = brands.primary[brand[first]]
    return lengths


def _with_ordinal(groups: pd.DataFrame, primary: np.ndarray) -> pd.DataFrame:
    """The groups with `ordinal`: a slot's place in the person's series (NaN: no slot)."""
    slot = groups["slot"].to_numpy(dtype=np.int8)
    n = primary[groups["person"].to_numpy(dtype=np.int64)].astype(float)
    places = np.array([*range(1, len(PRIMARY_SLOTS) + 1), *([np.nan] * len(BOOSTER_SLOTS)),
                       np.nan])
    boosters = np.array([*([0] * len(PRIMARY_SLOTS)), *range(1, len(BOOSTER_SLOTS) + 1), 0])
    ordinal = places[slot]
    booster = boosters[slot] > 0
    ordinal[booster] = n[booster] + boosters[slot][booster]
    return groups.assign(ordinal=ordinal)


def _marked(size: int, chosen: np.ndarray) -> np.ndarray:
    """Per group number 0..size-1: is it among `chosen`?"""
    mask = np.zeros(max(size, int(chosen.max(initial=-1)) + 1), dtype=bool)
    mask[chosen] = True
    return mask[:size]


def _pair(roster: pd.DataFrame, registry: pd.DataFrame, tolerance: int) -> pd.DataFrame:
    """Roster groups paired with registry groups: by date within tolerance, else by place."""
    columns = ["group_ros", "group_reg", "date_ros", "date_reg", "brand_ros", "brand_reg"]
    if roster.empty or registry.empty:
        return pd.DataFrame({"group_ros": np.zeros(0, np.int64),
                             "group_reg": np.zeros(0, np.int64),
                             "date_ros": np.zeros(0, "datetime64[ns]"),
                             "date_reg": np.zeros(0, "datetime64[ns]"),
                             "brand_ros": np.zeros(0, np.int16),
                             "brand_reg": np.zeros(0, np.int16)})
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
    near = near.astype({"group_reg": np.int64, "brand_reg": np.int16})
    # What is left on both sides pairs by its place in the series (dose 2 with 'Dosis 2').
    rest_ros = left[~_marked(len(left), near["group_ros"].to_numpy(dtype=np.int64))]
    rest_reg = right[~_marked(len(right), near["group_reg"].to_numpy(dtype=np.int64))]
    by_place = rest_ros.drop_duplicates(["person", "ordinal"]).merge(
        rest_reg.drop_duplicates(["person", "ordinal"]), on=["person", "ordinal"]
    )
    return pd.concat([near[columns], by_place[columns]], ignore_index=True)


def _conflicts(
    roster: pd.DataFrame, group: np.ndarray, paired: pd.DataFrame, tolerance: int,
    brands: BrandCodes, places: pd.DataFrame,
) -> list[Finding]:
    """registry-conflict on each roster cell whose date or brand disagrees with its export dose."""
    if paired.empty:
        return []
    at, date_reg, brand_reg = _with_pair(roster, group, paired)
    date = roster["date"].to_numpy(dtype="datetime64[ns]")[at]
    brand = roster["brand"].to_numpy(dtype=np.int16)[at]
    apart = np.abs(date - date_reg) > np.timedelta64(tolerance, "D")
    other = (brand >= 0) & (brand_reg >= 0) & (brand != brand_reg)
    src = roster["src"].to_numpy(dtype=np.int64)[at]
    slot = roster["slot"].to_numpy(dtype=np.int8)[at]
    typed_brand = roster["typed_brand"].to_numpy(dtype=object)
    place = places[["file", "sheet", "row", "unit"]]
    out = []
    for i in np.flatnonzero(apart).tolist():
        file, sheet, row, unit = place.iloc[int(src[i])].tolist()
        out.append(
            catalogue.make(
                "registry-conflict", file, sheet, int(row), f"{DOSE_SLOTS[slot[i]]}_date",
                value=_iso(date[i]), unit=unit, registry=_iso(date_reg[i]),
            )
        )
    for i in np.flatnonzero(other).tolist():
        file, sheet, row, unit = place.iloc[int(src[i])].tolist()
        out.append(
            catalogue.make(
                "registry-conflict", file, sheet, int(row), f"{DOSE_SLOTS[slot[i]]}_brand",
                value=typed_brand[at[i]], unit=unit,
                registry=brands.labels[int(brand_reg[i])],
            )
        )
    return out


def _with_pair(roster: pd.DataFrame, group: np.ndarray, paired: pd.DataFrame
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(positions of the roster entries of paired groups, in their order — an entry once per
    pair of its group —, the paired export dose's date and brand for each)."""
    ros = paired["group_ros"].to_numpy(dtype=np.int64)
    by_group = np.argsort(ros, kind="stable")
    starts = np.searchsorted(ros[by_group], group, side="left")
    ends = np.searchsorted(ros[by_group], group, side="right")
    counts = ends - starts
    at = np.repeat(np.arange(len(group)), counts)
    # The k-th pair of an entry's group: by_group[start + k].
    offset = np.arange(len(at)) - np.repeat(np.cumsum(counts) - counts, counts)
    pair = by_group[np.repeat(starts, counts) + offset]
    return (at, paired["date_reg"].to_numpy(dtype="datetime64[ns]")[pair],
            paired["brand_reg"].to_numpy(dtype=np.int16)[pair])


def _assign_slots(doses: pd.DataFrame, primary: np.ndarray) -> pd.DataFrame:
    """Slots by date order: the first n are dose1..dosen, the next booster1, booster2."""
    if doses.empty:
        return pd.DataFrame(columns=DOSE_COLUMNS)
    doses = doses.sort_values(["person", "date"], kind="stable").reset_index(drop=True)
    rank = doses.groupby("person").cumcount().to_numpy()
    n = primary[doses["person"].to_numpy(dtype=np.int64)]
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
