"""The status of each person on the census date under the rules in force: the persons table.

Precedence, first match wins (DOMAIN §3; documented choices marked *):
1. complete — primary series done (series length of the brand of the first dose with a known
   brand; 2 when no brand is known). *A remark does not undo doses that were given.
2. exempt — an exempt remark (severe reaction, contraindication).
3. refused — a refused remark, with no dose or part of the series.
4. not_eligible — no dose and too young on as_of: eligible_from = the day the age rules first
   cover them (e.g. the 6th birthday), later if a deferral runs longer.
5. deferred — a deferral still running on as_of: a recorded positive test (the cases table,
   census.status.infection: recovery + the months of the rule in force on as_of for its severity;
   the case is the reason); covid words + the latest date in the remark + the months of the
   deferral rule in force on as_of (severe words → the severe rule) — *a case record wins: a
   person with one is not deferred by covid words in a remark; *covid words without a date
   ('belum bisa divaksin karena covid') count from as_of, as an acute illness does; pregnant
   before rules.pregnant_eligible_from.
6. partial — some primary doses; 7. unvaccinated — no dose.

Doses dated after as_of are not counted. next_dose / next_due: partial: the next primary dose,
last primary dose + recommended days of the interval in force on that dose's date for its
brand and the person's age then; overdue when as_of > next_due + overdue_grace_days.
unvaccinated: dose1, the date their age group became eligible (Rules.eligible_from); overdue
when as_of > that date + unvaccinated_overdue_days (*eligible for long and still no dose: the
most urgent people of an outstanding list). *Deferred, not-eligible and complete people are
never overdue. deferred: the next dose, eligible_from (or the interval due date when
later). not_eligible: dose1, eligible_from. complete: the next booster when its rule is in force
on as_of and they are old enough, last dose + min_months; none after booster 2. exempt, refused:
none.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from census import findings as catalogue
from census.findings import Finding
from census.i18n import Translator, translator
from census.model import PERSON_COLUMNS, PERSON_EXTRA_COLUMNS, Status
from census.register import Register
from census.register.build import TableKeys
from census.register.frames import join_groups, lexsort_ints, positions, sort_codes
from census.rules.remarks import read_remarks
from census.rules.table import Rules
from census.rules.vector import ages_on, eligible_since, interval_days
from census.status.infection import case_deferrals

_DEFAULT_SERIES = 2
_NAT = np.datetime64("NaT", "ns")


def decide_status(
    register: Register, rules: Rules, as_of: date, cases: pd.DataFrame | None = None,
    lang: str = "id",
) -> tuple[pd.DataFrame, list[Finding]]:
    """PERSON_COLUMNS + PERSON_EXTRA_COLUMNS per person on `as_of`, sorted by person_id;
    findings: status-unverified ('sudah vaksin' with no dose date and no health-office record).

    `cases`: the linked cases table (census.model.CASE_COLUMNS with `person_id`), whose positive
    tests defer vaccination; `lang`: the language of the reasons written from a case and of the
    notes census adds to `reason`."""
    day = pd.Timestamp(as_of)
    people = register.persons
    if not people["person_id"].is_monotonic_increasing:
        people = people.sort_values("person_id")
    # Positions, not person_id labels, index every column below: aligning on a text index
    # cost seconds per million people at each assignment.
    people = people.reset_index(drop=True)
    ids = pd.Index(people["person_id"].to_numpy(dtype=object))
    birth = pd.to_datetime(people["birth_date"], errors="coerce").astype("datetime64[ns]")
    keys = _checked_keys(register, ids)
    dose_person = keys.dose_person if keys is not None else positions(
        ids, register.doses["person_id"])
    counted = register.doses["date"].to_numpy() <= day.to_datetime64()  # not after as_of
    doses = _dose_summary(register.doses, dose_person, counted, len(ids), rules)
    age = ages_on(birth, day)
    remark = read_remarks(people["remark"], rules)
    infection = case_deferrals(cases, ids, rules, as_of, translator(lang)).reset_index(drop=True)
    remark["covid"] &= ~infection["has_case"]  # a case record wins over a remark
    remark_end = _deferral_end(remark, rules, as_of)
    since = eligible_since(rules, birth)

    # Numpy arrays by position from here: a pandas assignment per mask costs more than the work.
    today = day.to_datetime64()
    deferral = np.fmax(remark_end.to_numpy(dtype="datetime64[ns]"),  # NaT: none
                       infection["end"].to_numpy(dtype="datetime64[ns]"))
    has_dose = doses["count"].to_numpy() > 0
    complete = has_dose & (doses["primary"].to_numpy() >= doses["series"].to_numpy())
    too_young = ~has_dose & (since.to_numpy() > today)
    chosen = np.select(
        [complete, remark["exempt"].to_numpy(), remark["refused"].to_numpy(), too_young,
         deferral > today, has_dose],
        [Status.COMPLETE, Status.EXEMPT, Status.REFUSED, Status.NOT_ELIGIBLE, Status.DEFERRED,
         Status.PARTIAL],
        default=Status.UNVACCINATED,
    )
    status = pd.Series(chosen).astype(str)
    partial, unvaccinated = chosen == Status.PARTIAL, chosen == Status.UNVACCINATED
    not_eligible, is_deferred = chosen == Status.NOT_ELIGIBLE, chosen == Status.DEFERRED

    due_primary = _primary_due(doses, birth, rules).to_numpy()
    eligible_from = np.full(len(people), _NAT)
    eligible_from[not_eligible] = np.fmax(since.to_numpy(), deferral)[not_eligible]  # NaT: none
    eligible_from[is_deferred] = deferral[is_deferred]

    next_dose = np.full(len(people), None, dtype=object)
    next_due = np.full(len(people), _NAT)
    primary_next = partial | is_deferred
    next_dose[primary_next] = "dose" + (
        doses["primary"].to_numpy()[primary_next] + 1).astype(str).astype(object)
    next_due[partial] = due_primary[partial]
    next_due[is_deferred] = np.fmax(eligible_from, due_primary)[is_deferred]
    next_dose[unvaccinated | not_eligible] = "dose1"
    next_due[unvaccinated] = _group_start(rules, birth, age, day).to_numpy()[unvaccinated]
    next_due[not_eligible] = eligible_from[not_eligible]
    booster_dose, booster_due = _next_booster(doses, age, rules, as_of)
    is_complete = (chosen == Status.COMPLETE) & booster_dose.notna().to_numpy()
    next_dose[is_complete] = booster_dose.to_numpy(dtype=object)[is_complete]
    next_due[is_complete] = booster_due.to_numpy()[is_complete]
    grace = np.timedelta64(rules.overdue_grace_days, "D")
    waited = np.timedelta64(rules.unvaccinated_overdue_days, "D")
    overdue = (partial & (today > next_due + grace)) | (unvaccinated & (today > next_due + waited))

    t = translator(lang)
    reason = np.full(len(people), None, dtype=object)
    by_remark = is_deferred | (chosen == Status.EXEMPT) | (chosen == Status.REFUSED)
    reason[by_remark] = people["remark"].to_numpy(dtype=object)[by_remark]
    case_end = infection["end"].to_numpy()
    by_case = is_deferred & ~np.isnat(case_end) & ~(remark_end.to_numpy() > case_end)
    reason[by_case] = infection["reason"].to_numpy(dtype=object)[by_case]
    undated = is_deferred & ~by_case & remark["covid"].to_numpy()
    undated &= remark["event_date"].isna().to_numpy() & pd.notna(reason)
    no_date = t("no date in the remark: counted from the census date")
    reason[undated] = reason[undated] + f" ({no_date})"
    from_registry = people["nik_source"].to_numpy(dtype=object) == "registry"
    reason[from_registry] = _joined_note(
        reason[from_registry], t("full NIK and doses from the health-office record (the roster's "
                                 "NIK lost its 16th digit in a number cell)"))
    reason[not_eligible] = _age_reason(
        age.to_numpy()[not_eligible], eligible_from[not_eligible], as_of, t)

    units, categories = _memberships(register.memberships, ids, keys)
    table = pd.DataFrame(
        {
            "person_id": people["person_id"],
            "nik": people["nik"],
            "name": people["name"],
            "birth_date": birth,
            "sex": people["sex"],
            "units": units,
            "categories": categories,
            "status": status,
            "primary_doses": doses["primary"].astype(np.int64),
            "booster_doses": doses["boosters"].astype(np.int64),
            "last_dose_date": doses["last"],
            "next_dose": pd.Series(next_dose, dtype=object),
            "next_due": next_due,
            "overdue": overdue,
            "eligible_from": eligible_from,
            "verified": doses["verified"].astype(bool),
            "reason": pd.Series(reason, dtype=object),
            "phone": people["phone"],
            "kabkota": people["kabkota"],
            "dose_brands": doses["brands"],
            "roster_order": _roster_order(people),
        }
    )
    table = table[[*PERSON_COLUMNS, *PERSON_EXTRA_COLUMNS]].reset_index(drop=True)
    # Text columns: object with None for missing. The register's columns and the arrays above
    # are so already (given as object Series: a bare object array would become the string
    # dtype, NaN for None); anything else is converted, not every column searched for NaN.
    for column in ("nik", "name", "sex", "next_dose", "reason", "phone", "kabkota"):
        if table[column].dtype != object:
            values = table[column].astype(object)
            table[column] = values.where(values.notna(), None)
    any_dose = np.bincount(dose_person[dose_person >= 0], minlength=len(ids)) > 0
    return table, _unverified(people, any_dose)


def _dose_summary(
    doses: pd.DataFrame, person: np.ndarray, counted: np.ndarray, count: int, rules: Rules
) -> pd.DataFrame:
    """Per person 0..count-1 (`person`: each dose's): count, series length, primary and
    booster counts, last dates and brands of the doses `counted`.

    Grouped over the person positions in `person` (no group-by on the person_id text)."""
    series_of = {brand.code: brand.primary_doses for brand in rules.brands}
    at = person[counted]
    when = doses["date"].to_numpy(dtype="datetime64[ns]")[counted]
    if not _in_order(at, when):  # the register's doses come sorted by person and date
        order = lexsort_ints((when, at))
        at, when = at[order], when[order]
        kept = np.flatnonzero(counted)[order]
    else:
        kept = np.flatnonzero(counted)
    brand_of = doses["brand"].to_numpy(dtype=object)[kept]
    verified_of = doses["verified"].to_numpy(dtype=bool)[kept]
    starts = np.flatnonzero(np.r_[True, at[1:] != at[:-1]]) if len(at) else np.zeros(0, int)
    sizes = np.diff(np.r_[starts, len(at)])
    rank = np.arange(len(at)) - np.repeat(starts, sizes)

    # The series length comes from the first dose with a known brand.
    known = np.flatnonzero(pd.notna(brand_of))
    first_known = known[np.r_[True, at[known][1:] != at[known][:-1]]] if known.size else known
    first_brand = np.full(count, None, dtype=object)
    first_brand[at[first_known]] = brand_of[first_known]
    codes, names = pd.factorize(first_brand)
    lengths = np.array([series_of.get(name, _DEFAULT_SERIES) for name in names]
                       + [_DEFAULT_SERIES], dtype=np.int64)
    series = lengths[codes]  # -1 (no brand) picks the default at the end
    primary_row = rank < series[at]
    primary_at = np.flatnonzero(primary_row)
    last_primary = primary_at[np.r_[at[primary_at][1:] != at[primary_at][:-1], True]] \
        if primary_at.size else primary_at

    out = pd.DataFrame(index=pd.RangeIndex(count))
    total = np.bincount(at, minlength=count).astype(np.int64)
    out["count"] = total
    out["series"] = series.astype(float)
    out["primary"] = np.minimum(total, series).astype(np.int64)
    out["boosters"] = (out["count"] - out["primary"]).astype(np.int64)
    last = np.full(count, np.datetime64("NaT"), dtype="datetime64[ns]")
    last[at[starts + sizes - 1]] = when[starts + sizes - 1]
    out["last"] = last
    last_primary_date = np.full(count, np.datetime64("NaT"), dtype="datetime64[ns]")
    last_primary_date[at[last_primary]] = when[last_primary]
    out["last_primary"] = last_primary_date
    brand = np.full(count, None, dtype=object)
    brand[at[last_primary]] = brand_of[last_primary]
    out["last_primary_brand"] = np.where(pd.notna(brand), brand, first_brand)
    joined = join_groups(at[primary_at], brand_of[primary_at], count, ";")
    out["brands"] = np.where(pd.notna(joined), joined, "").astype(object)
    unverified = np.bincount(at[~verified_of], minlength=count)
    out["verified"] = (unverified == 0) & (total > 0)
    return out


def _in_order(person: np.ndarray, when: np.ndarray) -> bool:
    """Are the rows sorted by person, then date (no NaT)? Then sorting them again is moot."""
    step = np.diff(person)
    return bool((step >= 0).all() and ((step > 0) | (when[1:] >= when[:-1])).all())


def _primary_due(doses: pd.DataFrame, birth: pd.Series, rules: Rules) -> pd.Series:
    """Last primary dose + the recommended interval in force on its date (NaT: no rule)."""
    on = doses["last_primary"]
    days = interval_days(rules, doses["last_primary_brand"], on, ages_on(birth, on))
    return on + pd.to_timedelta(days, unit="D")


def _deferral_end(remark: pd.DataFrame, rules: Rules, as_of: date) -> pd.Series:
    """The end of the longest deferral a remark gives (NaT when none)."""
    day = pd.Timestamp(as_of)
    event = remark["event_date"]
    ends = []
    mild, severe = rules.deferral("covid", "mild", as_of), rules.deferral("covid", "severe", as_of)
    covid = remark["covid"]
    # A remark without a date still says "not yet": its deferral runs from the census date.
    event = event.where(event.notna(), day)
    for rule, mask in ((mild, covid & ~remark["severe"]), (severe, covid & remark["severe"])):
        if rule is not None:
            ends.append((event + pd.DateOffset(months=rule.months)).where(mask))
    illness = rules.deferral("illness", "mild", as_of)
    if illness is not None:
        start = event.where(event.notna(), day)
        ends.append((start + pd.DateOffset(months=illness.months)).where(
            remark["illness"] & ~remark["covid"]))
    if as_of < rules.pregnant_eligible_from:
        until = pd.Series(pd.Timestamp(rules.pregnant_eligible_from), index=remark.index)
        ends.append(until.where(remark["pregnant"]))
    if not ends:
        return pd.Series(pd.NaT, index=remark.index, dtype="datetime64[ns]")
    return pd.concat(ends, axis=1).max(axis=1).astype("datetime64[ns]")


def _group_start(rules: Rules, birth: pd.Series, age: pd.Series, day: pd.Timestamp) -> pd.Series:
    """Vectorised Rules.eligible_from: when the age group they are in on as_of became eligible."""
    start = pd.Series(pd.NaT, index=birth.index, dtype="datetime64[ns]")
    for rule in rules.eligibility:
        opens = pd.Timestamp(rule.from_)
        if opens > day:
            continue
        covered = (age >= rule.min_age) & ((age <= rule.max_age) if rule.max_age else True)
        start = start.where(~covered | (start.notna() & (start <= opens)), opens)
    for rule in sorted(rules.eligibility, key=lambda r: r.from_):
        opens = pd.Timestamp(rule.from_)
        if opens <= day:
            continue
        later = ages_on(birth, opens)
        covered = (later >= rule.min_age) & ((later <= rule.max_age) if rule.max_age else True)
        start = start.where(start.notna() | ~covered, opens)
    return start


def _next_booster(
    doses: pd.DataFrame, age: pd.Series, rules: Rules, as_of: date
) -> tuple[pd.Series, pd.Series]:
    """Next booster and its date for people whose booster rule is in force on as_of."""
    name = pd.Series([None] * len(doses), index=doses.index, dtype=object)
    due = pd.Series(pd.NaT, index=doses.index, dtype="datetime64[ns]")
    for number in (1, 2):
        rule = rules.booster(number, as_of)
        if rule is None:
            continue
        # Unknown age: a roster member with no birth date is taken to be an adult.
        mask = (doses["boosters"] == number - 1) & ~(age < rule.min_age)
        name[mask] = f"booster{number}"
        due[mask] = (doses["last"] + pd.DateOffset(months=rule.min_months))[mask]
    return name, due


def _joined_note(reasons: np.ndarray, note: str) -> list[str]:
    """`note` after each reason ('; ' between), or the note alone where there is no reason."""
    return [f"{text}; {note}" if isinstance(text, str) and text else note
            for text in reasons.tolist()]


def _age_reason(
    age: np.ndarray, eligible_from: np.ndarray, as_of: date, t: Translator
) -> np.ndarray:
    """The not-eligible reason per person: worded once per distinct (age, date) pair."""
    day = t.date(as_of)
    years = pd.Series(age, dtype=float)
    pairs = pd.DataFrame({"age": years, "since": pd.Series(eligible_from, dtype="datetime64[ns]")})
    codes = pairs.groupby(["age", "since"], dropna=False, sort=False).ngroup().to_numpy()
    first = pd.Series(np.arange(len(codes))).groupby(codes).first().to_numpy()
    texts = []
    for years_old, since in zip(age[first].tolist(), eligible_from[first], strict=True):
        shown = "-" if np.isnan(years_old) else str(int(years_old))
        if pd.isna(since):
            texts.append(t("aged {age} on {date}: not yet covered by the age rules",
                           age=shown, date=day))
        else:
            texts.append(t("aged {age} on {date}: not yet covered by the age rules; can be "
                           "vaccinated from {since}", age=shown, date=day, since=t.date(since)))
    return np.asarray(texts, dtype=object)[codes]


def _roster_order(people: pd.DataFrame) -> np.ndarray:
    """Rank of each person's first roster row by file, sheet and row (0 = first)."""
    order = lexsort_ints((people["row"].to_numpy(), sort_codes(people["sheet"]),
                        sort_codes(people["file"])))  # stable, as sort_values(kind="stable")
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order), dtype=np.int64)
    return rank


def _checked_keys(register: Register, ids: pd.Index) -> TableKeys | None:
    """The register's integer keys when they still fit its tables and these people (`ids`, in
    their order here), else None (then the texts are looked up).

    A register is frozen, but a copy with other tables (dataclasses.replace) keeps the keys:
    they are checked against the texts. Comparing the same str objects stops at their identity,
    so the check costs a pass over pointers, not the hashing of every id."""
    keys = register.keys
    doses, members = register.doses, register.memberships
    if keys is None or len(keys.dose_person) != len(doses) or len(
            keys.member_person) != len(members):
        return None
    people = ids.to_numpy(dtype=object)
    pairs = [
        (people[keys.dose_person], doses["person_id"]),
        (people[keys.member_person], members["person_id"]),
        (np.array([*keys.unit_names, None], dtype=object)[keys.member_unit], members["unit"]),
        (np.array([*keys.category_names, None], dtype=object)[keys.member_category],
         members["category"]),
    ]
    for mine, theirs in pairs:
        if not np.array_equal(mine, theirs.to_numpy(dtype=object)):
            return None
    return keys


def _memberships(memberships: pd.DataFrame, index: pd.Index,
                 keys: TableKeys | None = None) -> tuple[pd.Series, pd.Series]:
    """Per person of `index` (person ids; the result is indexed by their positions): their
    distinct units and categories, each sorted and joined with ';'. `keys`: the register's
    integer keys, checked (_checked_keys), saving the look-ups."""
    if keys is not None:
        at = keys.member_person
        coded = {"unit": (keys.member_unit, keys.unit_names),
                 "category": (keys.member_category, keys.category_names)}
    else:
        at = positions(index, memberships["person_id"])
        known = at >= 0
        at = at[known]
        coded = {column: pd.factorize(memberships[column].to_numpy(dtype=object)[known],
                                      sort=True) for column in ("unit", "category")}
    joined = []
    for column in ("unit", "category"):
        codes, names = coded[column]
        width = len(names) + 1
        # Distinct and sorted; by hand, as numpy 2.4's plain np.unique hashes (50x a sort).
        pairs = np.sort(at.astype(np.int64) * width + (codes + 1))
        pairs = pairs[np.r_[True, pairs[1:] != pairs[:-1]]] if len(pairs) else pairs
        person, code = pairs // width, pairs % width - 1
        values = np.array([*names, None], dtype=object)[code]  # -1 (empty): None
        text = join_groups(person, values, len(index), ";")
        joined.append(pd.Series(np.where(pd.notna(text), text, ""), dtype=object))
    return joined[0], joined[1]


def _unverified(people: pd.DataFrame, any_dose: np.ndarray) -> list[Finding]:
    """status-unverified on the cell that claims a vaccination when nothing backs the claim."""
    claimed = people["claim_value"].notna() & ~people["has_registry"].astype(bool)
    claimed &= ~any_dose
    return [
        catalogue.make(
            "status-unverified", p["claim_file"], p["claim_sheet"], int(p["claim_row"]),
            p["claim_column"], value=p["claim_value"], unit=p["claim_unit"],
        )
        for p in people[claimed].to_dict("records")
    ]
