"""The numbers of a census (summary.json): counts by status, coverage and dropout per unit."""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, cast

import numpy as np
import pandas as pd
from pydantic import BaseModel, Field

from census.config import Config
from census.findings import Finding
from census.model import Category, Status

if TYPE_CHECKING:  # the register's modules are not loaded for this
    from census.register.build import TableKeys

STATUSES = [str(s) for s in Status]
CATEGORIES = [str(c) for c in Category]
#: Statuses that may still carry primary doses given before the person was deferred/refused/exempt.
_DOSED_IF_ANY = ("deferred", "refused", "exempt")


class Counts(BaseModel):
    """People of one group by status, with the two WHO indicators.

    `coverage` = complete / (total − not_eligible − exempt), None when that is 0.
    `dropout` = (at_least_one_dose − complete) / at_least_one_dose, None when nobody has a dose.
    `at_least_one_dose` = complete + partial + deferred/refused/exempt people with a primary dose.
    """

    total: int
    by_status: dict[str, int] = Field(description="every Status value, 0 when none")
    eligible: int
    at_least_one_dose: int
    coverage: float | None
    dropout: float | None


class CategorySummary(Counts):
    """One category within a unit (or the department), with its coverage target (0–1)."""

    target: float
    target_met: bool | None = Field(description="coverage ≥ target; None without coverage")


class UnitSummary(Counts):
    """One unit: people counted once each; `by_category` counts a person in each of its rows."""

    name: str
    by_category: dict[str, CategorySummary]


class RemarkCount(BaseModel):
    """A remark census could not interpret, as typed, and on how many roster rows."""

    text: str
    count: int


class Summary(BaseModel):
    """The shape of OUT/summary.json.

    `in_several_units`: people who belong to two or more units; they count in each of those
    units (so the units' totals add up to more than the department's).
    `remarks_not_understood`: the distinct remarks of remark-not-understood findings, most
    frequent first, so the secretary can add the office's wording to census.toml.
    """

    as_of: date
    department: str
    totals: UnitSummary
    units: dict[str, UnitSummary]
    in_several_units: int = 0
    remarks_not_understood: list[RemarkCount] = Field(default_factory=list)


def unclear_remarks(findings: Iterable[Finding]) -> list[RemarkCount]:
    """The distinct remarks census could not interpret, with their counts (most frequent first,
    then alphabetically)."""
    counts = Counter(
        f.value.strip() for f in findings if f.code == "remark-not-understood" and f.value
    )
    return [RemarkCount(text=text, count=count)
            for text, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]


def summarise(
    persons: pd.DataFrame, memberships: pd.DataFrame, config: Config,
    findings: Iterable[Finding] = (), keys: TableKeys | None = None,
) -> Summary:
    """Count everyone by unit, category and status, and derive coverage and dropout.

    A person counts once in each unit they belong to and once in the totals. A person with two
    categories in one unit counts in both category rows of that unit but once in the unit total.
    Units are those of `memberships`, plus units named in `config.units` (shown with zero people).
    `keys`: the register's integer keys of these tables (Register.keys), checked (member_keys),
    saving the look-up of every person's id.
    """
    # Integer person keys and categorical columns, made before any drop_duplicates or groupby:
    # hashing 100k strings again in each of them is the slow part.
    checked = member_keys(persons, memberships, keys)
    people, uniques = _people(persons, distinct=checked is not None)
    members = _memberships(memberships, uniques) if checked is None else _keyed(checked)
    joined = members[members["person_id"] >= 0].merge(people, on="person_id", how="inner")

    in_units = joined.drop_duplicates(["person_id", "unit"])
    per_unit = _tally(in_units, ["unit"])
    per_unit_cat = _tally(joined, ["unit", "category"])
    totals_cat = _tally(joined.drop_duplicates(["person_id", "category"]), ["category"])
    totals = _tally(people.assign(_all="all"), ["_all"])

    # The counts as plain dicts, looked up per unit and category: a .loc per row costs more
    # than the whole tally.
    unit_rows = per_unit.to_dict("index")
    cat_rows: dict[str, dict[str, dict[Hashable, Any]]] = {}
    for key, counts in per_unit_cat.to_dict("index").items():
        unit, category = cast("tuple[str, str]", key)
        cat_rows.setdefault(unit, {})[category] = counts
    units: dict[str, UnitSummary] = {}
    unit_codes = sorted(set(per_unit.index) | set(config.units))
    for unit in unit_codes:
        rows = cat_rows.get(unit, {})
        categories = {
            category: _category(rows[category], config.target(unit, category))
            for category in _ordered(list(rows))
        }
        units[unit] = UnitSummary(name=config.unit_name(unit), by_category=categories,
                                  **_counts(unit_rows.get(unit)))
    total_categories = {
        category: _category(totals_cat.loc[category], config.targets.get(category, 1.0))
        for category in _ordered(totals_cat.index)
    }
    units_per_person = in_units["person_id"].value_counts()
    return Summary(
        as_of=config.as_of,
        department=config.department,
        in_several_units=int((units_per_person > 1).sum()),
        totals=UnitSummary(
            name=config.department,
            by_category=total_categories,
            **_counts(totals.loc["all"] if len(totals) else None),
        ),
        units=units,
        remarks_not_understood=unclear_remarks(findings),
    )


def _people(persons: pd.DataFrame, distinct: bool = False) -> tuple[pd.DataFrame, pd.Index]:
    """One row per person (the first of a person_id) with its number in the distinct ids
    (`person_id`), status (categorical), primary doses and whether dosed; the distinct ids.
    `distinct`: the ids are known distinct (member_keys), so a person's number is its place."""
    if distinct:
        codes = np.arange(len(persons))
        uniques = pd.Index(persons["person_id"].to_numpy(dtype=object))
    else:
        codes, uniques = pd.factorize(persons["person_id"].astype(str))
    people = pd.DataFrame(
        {
            "person_id": codes,
            "status": persons["status"].astype(str).astype("category").to_numpy(),
            "primary_doses": pd.to_numeric(persons["primary_doses"], errors="coerce")
            .fillna(0).to_numpy(),
        }
    )
    dosed = people["status"].isin(["complete", "partial"]) | (
        people["status"].isin(_DOSED_IF_ANY) & (people["primary_doses"] > 0)
    )
    people = people.assign(dosed=dosed.astype(int))
    return people[~pd.Series(codes).duplicated().to_numpy()], uniques


@dataclass(frozen=True)
class MemberKeys:
    """Integer keys of a memberships table: per row, its person's position in the persons
    table, and its unit and category as categoricals (of the distinct texts, sorted)."""

    person: np.ndarray
    unit: pd.Categorical
    category: pd.Categorical


def member_keys(persons: pd.DataFrame, memberships: pd.DataFrame,
                keys: TableKeys | None) -> MemberKeys | None:
    """The register's keys of `memberships` when they fit these tables, else None (then the
    texts are looked up, as without keys).

    They fit when the persons' ids are distinct and sorted (a person's position is then its
    number among the distinct ids, in order) and the keys give back every row's person, unit
    and category. Comparing the same str objects stops at their identity: the check costs a
    pass over pointers, not the hashing of every id."""
    if keys is None or len(keys.member_person) != len(memberships) or not len(memberships):
        return None
    ids = persons["person_id"].to_numpy(dtype=object)
    person = keys.member_person
    coded = [(keys.member_unit, keys.unit_names), (keys.member_category, keys.category_names)]
    if (int(person.min()) < 0 or int(person.max()) >= len(ids)
            or any(int(code.min()) < 0 or int(code.max()) >= len(names) for code, names in coded)):
        return None
    texts = [np.asarray(names, dtype=object) for _, names in coded]
    try:
        if not all(bool(np.all(values[1:] > values[:-1])) for values in (ids, *texts)):
            return None
    except TypeError:  # a missing id or unit, or texts among numbers: not orderable
        return None
    for mine, theirs in ((ids[person], "person_id"), (texts[0][keys.member_unit], "unit"),
                         (texts[1][keys.member_category], "category")):
        if not np.array_equal(mine, memberships[theirs].to_numpy(dtype=object)):
            return None
    return MemberKeys(
        person=person,
        unit=pd.Categorical.from_codes(keys.member_unit, pd.Index(texts[0], dtype=object)),
        category=pd.Categorical.from_codes(keys.member_category,
                                           pd.Index(texts[1], dtype=object)),
    )


def _keyed(keys: MemberKeys) -> pd.DataFrame:
    """_memberships from the checked keys: no text hashed."""
    table = pd.DataFrame({"person_id": keys.person, "unit": keys.unit,
                          "category": keys.category})
    units, categories = len(keys.unit.categories), len(keys.category.categories)
    row = (keys.person.astype(np.int64) * units + keys.unit.codes) * categories + (
        keys.category.codes)
    return table[~pd.Series(row).duplicated().to_numpy()]


def _memberships(memberships: pd.DataFrame, ids: pd.Index) -> pd.DataFrame:
    """The distinct (person, unit, category) rows, the person as its number in `ids` (-1 for
    a person not among them)."""
    table = pd.DataFrame(
        {
            "person_id": ids.get_indexer(pd.Index(memberships["person_id"].astype(str))),
            "unit": memberships["unit"].astype(str).astype("category").to_numpy(),
            "category": memberships["category"].astype(str).astype("category").to_numpy(),
        }
    )
    return table.drop_duplicates()


def _tally(table: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Per group of `keys` with someone of a known status: one column per status, plus
    'total' and 'dosed' (of every row of the group), groups in the order of their keys'
    categories — what a groupby of the keys and the status, unstacked, gives.

    Counted as np.bincount of the groups' numbers: the groupby and unstack cost several
    times more (four tallies were most of the summary's time)."""
    codes, levels = [], []
    for key in keys:
        values = _categorical(table[key])
        codes.append(np.asarray(values.codes, dtype=np.int64))
        levels.append(values.categories)
    sizes = [len(level) for level in levels]
    group = np.zeros(len(table), dtype=np.int64)
    for code, size in zip(codes, sizes, strict=True):
        group = group * size + code
    keyed = np.logical_and.reduce([code >= 0 for code in codes]) if codes else np.ones(
        len(table), dtype=bool)  # a row without a key is in no group
    groups = int(np.prod(sizes))
    statuses = _categorical(table["status"])
    # Each status's column (-1: missing, or not a status of STATUSES).
    column_of = np.append(pd.Index(STATUSES).get_indexer(statuses.categories), -1)
    status = column_of[np.asarray(statuses.codes, dtype=np.int64)]
    known = keyed & (status >= 0)
    by_status = np.bincount(group[known] * len(STATUSES) + status[known],
                            minlength=groups * len(STATUSES)).reshape(groups, len(STATUSES))
    dosed = np.bincount(group[keyed], weights=table["dosed"].to_numpy()[keyed],
                        minlength=groups).astype(np.int64)
    total = by_status.sum(axis=1)
    shown = np.flatnonzero(total > 0)
    places = np.unravel_index(shown, sizes) if sizes else ()
    labels = [level[place] for level, place in zip(levels, places, strict=True)]
    index = (pd.Index(labels[0], name=keys[0]) if len(keys) == 1
             else pd.MultiIndex.from_arrays(labels, names=keys))
    counts = pd.DataFrame(by_status[shown], index=index, columns=STATUSES)
    counts["total"] = total[shown]
    counts["dosed"] = dosed[shown]
    return counts


def _categorical(column: pd.Series) -> pd.Categorical:
    """The column as categories and codes (-1: missing); kept when it is categorical."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        return column.array  # type: ignore[return-value]
    return pd.Categorical(column)


def _counts(row: Any) -> dict[str, Any]:
    by_status = {s: int(row[s]) if row is not None else 0 for s in STATUSES}
    total = sum(by_status.values())
    eligible = total - by_status["not_eligible"] - by_status["exempt"]
    dosed = int(row["dosed"]) if row is not None else 0
    complete = by_status["complete"]
    return {
        "total": total,
        "by_status": by_status,
        "eligible": eligible,
        "at_least_one_dose": dosed,
        "coverage": _share(complete, eligible),
        "dropout": _share(dosed - complete, dosed),
    }


def _category(row: Any, target: float) -> CategorySummary:
    counts = _counts(row)
    coverage = counts["coverage"]
    met = None if coverage is None else bool(coverage >= target - 1e-9)
    return CategorySummary(target=target, target_met=met, **counts)


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 6) if whole > 0 else None


def _ordered(categories: object) -> list[str]:
    """Categories in the catalogue's order, unknown ones after them alphabetically."""
    present = [str(c) for c in categories]  # type: ignore[attr-defined]
    known = [c for c in CATEGORIES if c in present]
    return known + sorted(c for c in present if c not in CATEGORIES)
