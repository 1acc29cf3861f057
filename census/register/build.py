"""Build the register: merge roster rows into people, reconcile their doses, find their claims."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from census.findings import Finding
from census.model import DOSE_SLOTS, MEMBERSHIP_COLUMNS
from census.register.frames import first_valid, join_by, lexsort_ints, sorted_codes
from census.register.ids import identity_digests, person_ids
from census.register.merge import cluster_rows, name_mismatches, nik_keys, possible_duplicates
from census.register.names import name_columns
from census.register.prefix import FROM_REGISTRY, match_prefixes
from census.register.provenance import registry_matches, row_methods, with_export_niks
from census.register.reconcile import (
    DOSE_COLUMNS,
    BrandCodes,
    reconcile,
    registry_doses,
    roster_doses,
)
from census.rules.remarks import claims_vaccinated
from census.rules.table import Rules
from census.values.phone import phones
from census.values.sex import sex_codes

#: Columns of Register.persons (one row per distinct person, sorted by person_id).
PERSON_TABLE: dict[str, str] = {
    "person_id": "stable id from the NIK, else name + birth date (census.register.ids)",
    "nik": "the usable NIK (16 digits, typed in a Text cell, not a placeholder), else the full "
           "NIK of the export record a 15-digit numeric-cell NIK matched (nik_source), else None",
    "nik_usable": "True when a roster shows the person's NIK usably",
    "nik_source": "'roster', 'registry' (completed from an export: census.register.prefix) or None",
    "nik_raw": "the NIK as typed on the person's first row (str or None), for messages",
    "name": "name as first typed",
    "name_key": "normalised name (census.register.names.normalise_name)",
    "birth_date": "first birth date given (datetime64[ns], NaT when none)",
    "sex": "'L' or 'P' from the first row with a recognisable sex, else None",
    "phone": "first usable phone number given, in national form '0812…' (census.values.phone)",
    "kabkota": "first Kab/Kota given (str or None)",
    "remark": "every distinct remark of the person's rows, joined ' | ' (str or None)",
    "vaccine_status": "every distinct 'Status Vaksin' value, joined ' | ' (str or None)",
    "file": "file of the person's first row",
    "sheet": "sheet of the person's first row",
    "row": "worksheet row of the person's first row (int)",
    "unit": "unit of the person's first row",
    "has_registry": "True when a health-office export has a dose row for the person's NIK",
    "claim_column": "field of the first cell saying 'sudah vaksin' ('vaccine_status' or 'remark')",
    "claim_value": "that cell's text (None when no row claims a vaccination)",
    "claim_file": "file of that cell",
    "claim_sheet": "sheet of that cell",
    "claim_row": "worksheet row of that cell (int, 0 when none)",
    "claim_unit": "unit of that cell's row",
}

_ROW_COLUMNS = [
    "file", "sheet", "row", "unit", "category", "name", "nik", "nik_from_number", "birth_date",
    "sex", "phone", "kabkota", "remark", "vaccine_status", "role",
]
#: The roster columns build_register reads: the rows' own and the dose cells.
ROSTER_COLUMNS_READ = (
    *_ROW_COLUMNS,
    *(f"{slot}_{part}" for slot in DOSE_SLOTS for part in ("date", "brand")),
)
#: Categories whose role may come from a remark or the sheet name (a client's remark 'pengasuh …'
#: names someone else; a Jabatan/Tugas column counts for everyone).
_STAFF_LIKE = frozenset({"asn", "ptt", "tagana"})


@dataclass(frozen=True)
class Register:
    """The census's people after merge and reconcile.

    persons: PERSON_TABLE columns, one row per person, sorted by person_id.
    memberships: MEMBERSHIP_COLUMNS, one row per (person, unit, category), sorted.
    doses: person_id, slot (DOSE_SLOTS: the first primary_doses of the person's brand in date
        order are dose1.., the rest booster1/booster2), date, brand (canonical code or None),
        source ('roster', 'registry' or 'both'), verified (the export confirms it) — one row per
        counted dose, sorted by person_id and date.
    findings: name-mismatch, possible-duplicate, nik-prefix-ambiguous, registry-conflict. Their
        `column` is the roster *field name* ('name', 'nik', 'dose2_date', ...): the pipeline
        turns it into the letter.
    row_person: person_id of each input roster row, indexed like the roster given.
    row_match: how each roster row joined its person (census.register.provenance
        ROW_MATCH_COLUMNS: person_id, method, similarity), indexed like the roster given.
    registry_match: the export rows matched to a roster person (REGISTRY_MATCH_COLUMNS),
        indexed like the registry given.
    keys: the same tables' integer keys (TableKeys), for later stages; None when not known.
    """

    persons: pd.DataFrame
    memberships: pd.DataFrame
    doses: pd.DataFrame
    findings: list[Finding]
    row_person: pd.Series
    row_match: pd.DataFrame = field(default_factory=pd.DataFrame)
    registry_match: pd.DataFrame = field(default_factory=pd.DataFrame)
    keys: TableKeys | None = None


@dataclass(frozen=True)
class TableKeys:
    """Integer keys of a Register's tables: people by position in `persons`, units and
    categories by code, so the status stage groups integers instead of looking texts up again.

    dose_person: per doses row, its person's position in persons.
    member_person: per memberships row, its person's position in persons.
    member_unit, member_category: per memberships row, the position of its unit / category in
        unit_names / category_names (both sorted; -1: missing).
    """

    dose_person: np.ndarray
    member_person: np.ndarray
    member_unit: np.ndarray
    unit_names: np.ndarray
    member_category: np.ndarray
    category_names: np.ndarray


def build_register(
    roster: pd.DataFrame, registry: pd.DataFrame, rules: Rules,
    niks: tuple[pd.Series, pd.Series] | None = None,
) -> Register:
    """Merge roster rows (ROSTER_COLUMNS) into people and reconcile with exports (REGISTRY_COLUMNS).

    The result does not depend on the order of the rows given: rows are sorted by file, sheet and
    row first. Registry rows of people on no roster are ignored. `niks`: nik_keys of the roster,
    when the caller has them already (census.compute: the export's keys were made of them).
    """
    return register_of(roster_people(sorted_rows(roster, rules, niks), rules), registry, rules)


@dataclass
class SortedRows:
    """A roster as the register reads it (sorted_rows), apart from the roster itself: a caller
    may let the roster go before the register is built (census.compute, a million rows).

    roster_people takes it over (SortedRows.handed_over).

    rows: the roster rows in file, sheet, row order, with their keys (nik_key, nik15,
        name_key, name_loose, birth) and person number (`person`);
    order: the roster position of each of `rows`;
    entries: their dose cells that can count (census.register.reconcile.roster_doses);
    index: the roster's index (Register.row_person and row_match are indexed like it);
    names: the names normalised (lower-cased name → key; → loose key): exports repeat them.
    """

    rows: pd.DataFrame
    order: np.ndarray
    entries: pd.DataFrame
    index: pd.Index
    names: tuple[dict[str, str | None], dict[str, str | None]]

    def handed_over(self) -> SortedRows:
        """A copy holding the tables, this one emptied: only the taker holds them now."""
        taken = dataclasses.replace(self)
        self.rows, self.entries = pd.DataFrame(), pd.DataFrame()
        self.order = np.zeros(0, dtype=np.intp)
        return taken


def sorted_rows(
    roster: pd.DataFrame, rules: Rules, niks: tuple[pd.Series, pd.Series] | None = None
) -> SortedRows:
    """The roster rows (ROSTER_COLUMNS_READ at least) sorted and keyed, grouped into people, and
    their dose cells: all that the register (roster_people, register_of) reads of the roster.
    `niks`: as for build_register."""
    file_code = pd.factorize(roster["file"].astype(object), sort=True)[0]
    sheet_code = pd.factorize(roster["sheet"].astype(object), sort=True)[0]
    row_number = pd.to_numeric(roster["row"], errors="coerce").fillna(0).astype(np.int64)
    order = lexsort_ints((row_number.to_numpy(), sheet_code, file_code))
    # Only the columns needed, in source order; the dose cells are read from the roster itself
    # (roster_doses), so a million rows' ten dose columns are not copied too.
    keyed = roster[_ROW_COLUMNS].take(order).reset_index(drop=True)
    keyed["row"] = row_number.to_numpy()[order]
    usable, prefixes = niks or nik_keys(roster["nik"], roster["nik_from_number"])
    keyed["nik_key"] = usable.to_numpy(dtype=object)[order]
    keyed["nik15"] = prefixes.to_numpy(dtype=object)[order]
    known: dict[str, str | None] = {}  # lower-cased name → normalised: exports repeat them
    known_loose: dict[str, str | None] = {}
    keyed["name_key"], keyed["name_loose"] = name_columns(keyed["name"], known, known_loose)
    keyed["birth"] = pd.to_datetime(keyed["birth_date"], errors="coerce").astype("datetime64[ns]")
    keyed["person"] = cluster_rows(keyed) if len(keyed) else np.zeros(0, dtype=np.int64)
    entries = roster_doses(keyed, rules, BrandCodes.of(rules), roster, order)
    return SortedRows(keyed, order, entries, roster.index, (known, known_loose))


@dataclass
class RosterPeople:
    """The register's work that needs no export row (roster_people): a caller makes it while
    the exports are still being read (census.compute), then register_of adds them.

    register_of takes it over (RosterPeople.handed_over) and lets each table go once used.

    rows, order, entries, index, names: as SortedRows, `rows` with each row's role_code;
    persons: one row per person (_persons) with their claims (_with_claims), NIKs as the
        rosters give them (before census.register.prefix completes some from an export);
    findings: name-mismatch and possible-duplicate (neither depends on an export);
    digests: the digest of each person's identity key (census.register.ids.identity_digests),
        of the NIKs as the rosters give them (the keys themselves, some 80 MiB at a million
        people, are made again only if two digests are equal);
    methods: census.register.provenance.row_methods of `rows`, without the export's NIKs.
    """

    rows: pd.DataFrame
    order: np.ndarray
    entries: pd.DataFrame
    index: pd.Index
    names: tuple[dict[str, str | None], dict[str, str | None]]
    persons: pd.DataFrame
    findings: list[Finding]
    digests: np.ndarray
    methods: pd.DataFrame

    def handed_over(self) -> RosterPeople:
        """A copy holding the tables, this one emptied: only the taker holds them now."""
        taken = dataclasses.replace(self)
        self.rows, self.entries = pd.DataFrame(), pd.DataFrame()
        self.persons, self.methods = pd.DataFrame(), pd.DataFrame()
        self.order = np.zeros(0, dtype=np.intp)
        self.digests = np.zeros(0, dtype=np.uint64)
        return taken


def roster_people(rows: SortedRows, rules: Rules) -> RosterPeople:
    """The people of the sorted roster rows `rows` (sorted_rows) and all the register learns of
    them without an export; `rows` is emptied (SortedRows.handed_over)."""
    taken = rows.handed_over()
    keyed = taken.rows
    persons = _persons(keyed)
    # Neither reads a NIK an export may complete (census.register.prefix): name, birth, rows.
    findings = name_mismatches(keyed) + possible_duplicates(persons)
    persons = _with_claims(persons, keyed, rules)
    keyed["role_code"] = _role_codes(keyed, rules)
    return RosterPeople(keyed, taken.order, taken.entries, taken.index, taken.names, persons,
                        findings, identity_digests(persons), row_methods(keyed))


def register_of(people: RosterPeople, registry: pd.DataFrame, rules: Rules) -> Register:
    """The register of the roster's people `people` (roster_people) and the export rows
    `registry` (REGISTRY_COLUMNS); `people` is emptied (RosterPeople.handed_over)."""
    taken = people.handed_over()
    keyed, order, entries, index = taken.rows, taken.order, taken.entries, taken.index
    known, known_loose = taken.names
    persons, findings, digests = taken.persons, taken.findings, taken.digests
    methods = taken.methods
    del taken  # each table is let go below once used (`del`): only these names hold them
    exports = _registry(registry)
    persons, cut_findings = match_prefixes(keyed, persons, exports)
    findings += cut_findings

    by_nik = persons.loc[persons["nik"].notna(), ["person", "nik"]].set_index("nik")["person"]
    brands = BrandCodes.of(rules)
    registry_entries = registry_doses(exports, by_nik, rules, brands)
    doses, conflicts = reconcile(entries, registry_entries, rules, brands, keyed)
    del entries
    findings += conflicts

    persons["has_registry"] = persons["person"].isin(registry_entries["person"].unique())
    # Ids from who each person is (their NIK once merged and reconciled), not from row order:
    # only the few people whose NIK an export completed have a new identity key.
    completed = np.flatnonzero(persons["nik_source"].to_numpy(dtype=object) == FROM_REGISTRY)
    if completed.size:
        digests[completed] = identity_digests(persons.iloc[completed])
    ids, id_order = person_ids(persons, digests)
    del digests
    persons["person_id"] = ids[persons["person"].to_numpy()]
    numbered = persons[["person", "name_key", "name_loose", "nik_source"]]
    # Every table is sorted by person_id: rank the ids once, then sort on integers (sorting
    # text columns again and again cost seconds per million).
    rank = np.empty(len(ids), dtype=np.int64)
    rank[id_order] = np.arange(len(ids))
    by_id = np.argsort(rank[persons["person"].to_numpy()], kind="stable")
    persons = persons[list(PERSON_TABLE)].take(by_id).reset_index(drop=True)

    memberships, member_keys = _memberships(keyed, ids, rank)

    when = doses["date"].to_numpy(dtype="datetime64[ns]")  # NaT last, as sort_values puts it
    person_rank = rank[doses["person_id"].to_numpy(dtype=np.int64)]
    doses = doses.assign(person_id=ids[doses["person_id"].to_numpy(dtype=np.int64)])
    by_person = lexsort_ints((when, person_rank))
    doses = doses.take(by_person)
    row_person = np.empty(len(order), dtype=object)
    row_person[order] = ids[keyed["person"].to_numpy()]
    methods = with_export_niks(methods, keyed, numbered)
    row_match = pd.DataFrame(index=index)
    row_match["person_id"] = row_person
    for column, kind in (("method", object), ("similarity", float)):
        values = np.empty(len(order), dtype=kind)
        values[order] = methods[column].to_numpy(dtype=kind)
        row_match[column] = values
    # The sorted rows (some 24 columns a row) are done with: let them go before matching the
    # export rows, the last and largest step (at a million people it set the register's peak).
    del keyed, methods
    registry_match = registry_matches(exports, registry_entries, ids, numbered, known,
                                       known_loose)
    if len(registry_match) and len(exports) == len(registry):
        registry_match.index = registry.index[registry_match.index.to_numpy()]
    return Register(
        persons=persons,
        memberships=memberships,
        doses=doses[DOSE_COLUMNS].reset_index(drop=True),
        findings=findings,
        row_person=pd.Series(row_person, index=index, name="person_id", dtype=object),
        row_match=row_match,
        registry_match=registry_match,
        keys=TableKeys(person_rank[by_person], *member_keys),
    )


def _memberships(rows: pd.DataFrame, ids: np.ndarray, rank: np.ndarray
                 ) -> tuple[pd.DataFrame, tuple[np.ndarray, ...]]:
    """MEMBERSHIP_COLUMNS, one row per (person, unit, category), sorted by person_id, unit and
    category: the first row that names a role gives it (else the group's first row); and their
    TableKeys (member_person, member_unit, unit_names, member_category, category_names)."""
    person = rows["person"].to_numpy()
    unit_code, unit_names = sorted_codes(rows["unit"])
    category_code, category_names = sorted_codes(rows["category"])
    # Missing last, as sort_values puts them.
    unit = np.where(unit_code < 0, len(unit_names), unit_code)
    category = np.where(category_code < 0, len(category_names), category_code)
    unnamed = rows["role_code"].isna().to_numpy()
    order = lexsort_ints((unnamed, category, unit, rank[person]))  # stable: rows keep their order
    person, unit, category = person[order], unit[order], category[order]
    first = np.r_[True, (person[1:] != person[:-1]) | (unit[1:] != unit[:-1])
                  | (category[1:] != category[:-1])] if len(order) else np.zeros(0, dtype=bool)
    chosen = order[first]
    role = rows["role_code"].to_numpy(dtype=object)[chosen]
    role[pd.isna(role)] = None
    keys = (rank[rows["person"].to_numpy()[chosen]], unit_code[chosen], unit_names,
            category_code[chosen], category_names)
    return pd.DataFrame(
        {
            "person_id": ids[rows["person"].to_numpy()[chosen]],
            "unit": rows["unit"].to_numpy(dtype=object)[chosen],
            "category": rows["category"].to_numpy(dtype=object)[chosen],
            "role": role,
        },
        dtype=object,
    )[list(MEMBERSHIP_COLUMNS)], keys


def _role_codes(rows: pd.DataFrame, rules: Rules) -> pd.Series:
    """Role code of each row: its Jabatan/Tugas cell, else (staff) its remark, else its sheet name."""
    codes = pd.Series([None] * len(rows), index=rows.index, dtype=object)
    staff_like = rows["category"].isin(_STAFF_LIKE)
    for column, allowed in (("role", None), ("remark", staff_like), ("sheet", staff_like)):
        todo = codes.isna() & rows[column].notna()
        if allowed is not None:
            todo &= allowed
        values = rows.loc[todo, column]
        if values.empty:
            continue
        found = {value: rules.role_code(str(value)) for value in values.unique()}
        codes.loc[values.index] = values.map(found).to_numpy(dtype=object)
    return codes


def _persons(rows: pd.DataFrame) -> pd.DataFrame:
    """One row per person: first non-empty values, NIK choice, joined remarks (see PERSON_TABLE)."""
    person = rows["person"].to_numpy()
    count = int(person.max()) + 1 if len(person) else 0
    codes, _ = sex_codes(rows["sex"].to_numpy(dtype=object))
    codes[codes == ""] = None
    sex = pd.Series(codes, index=rows.index, dtype=object)
    phone = pd.Series(phones(rows["phone"].to_numpy(dtype=object))[0], index=rows.index,
                      dtype=object)
    by_person = np.argsort(person, kind="stable")  # sorted once for every column
    first = {
        column: first_valid(person, values, count, by_person)
        for column, values in (
            ("nik", rows["nik_key"]), ("name", rows["name"]), ("name_key", rows["name_key"]),
            ("name_loose", rows["name_loose"]), ("sex", sex), ("phone", phone),
            ("kabkota", rows["kabkota"]), ("birth", rows["birth"]),
        )
    }
    grouped = person[by_person]
    at = by_person[np.r_[True, grouped[1:] != grouped[:-1]]] if len(person) else by_person
    persons = pd.DataFrame({"person": np.arange(count)})
    persons["nik_usable"] = pd.notna(first["nik"])
    # Text columns stay object Series with None for missing (first_valid gives None already,
    # so they are not searched for NaN again): assigning a bare object array would convert it
    # to the string dtype and back.
    for column in ("nik", "name", "name_key", "name_loose", "sex", "phone", "kabkota"):
        persons[column] = pd.Series(first[column], dtype=object)
    persons["birth"] = first["birth"].astype("datetime64[ns]")
    persons["birth_date"] = persons["birth"]
    for column in ("file", "sheet", "row", "unit"):
        persons[column] = rows[column].to_numpy(dtype=object if column != "row" else None)[at]
    persons["nik_raw"] = _objects(rows["nik"].to_numpy(dtype=object)[at])
    for column in ("remark", "vaccine_status"):
        joined = _joined(rows, column).reindex(persons.index).astype(object)
        persons[column] = joined.where(joined.notna(), None)
    return persons


def _objects(values: np.ndarray) -> pd.Series:
    """An object Series of `values`, None where missing."""
    cells = np.asarray(values, dtype=object).copy()
    cells[pd.isna(cells)] = None
    return pd.Series(cells, dtype=object)


def _with_claims(persons: pd.DataFrame, rows: pd.DataFrame, rules: Rules) -> pd.DataFrame:
    """The first cell per person that claims a vaccination (status column, then remark)."""
    parts = []
    for column, one_word in (("vaccine_status", True), ("remark", False)):
        says = claims_vaccinated(rows[column], rules, one_word=one_word).to_numpy()
        part = rows.loc[says, ["person", "file", "sheet", "row", "unit", column]]
        parts.append(part.rename(columns={column: "claim_value"}).assign(claim_column=column))
    found = pd.concat(parts, ignore_index=True).drop_duplicates("person").set_index("person")
    found = found.rename(columns={"file": "claim_file", "sheet": "claim_sheet", "row": "claim_row",
                                  "unit": "claim_unit"})
    persons = persons.join(found, on="person")
    persons["claim_row"] = persons["claim_row"].fillna(0).astype(np.int64)
    for column in ("claim_column", "claim_value", "claim_file", "claim_sheet", "claim_unit"):
        values = persons[column].astype(object)
        persons[column] = values.where(values.notna(), None)
    return persons


def _joined(rows: pd.DataFrame, column: str) -> pd.Series:
    typed = rows[column].dropna()
    texts = np.array([str(value).strip() for value in typed.to_numpy(dtype=object)], dtype=object)
    present = pd.DataFrame({"person": rows["person"].to_numpy()[rows[column].notna().to_numpy()],
                            "text": texts})
    present = present[present["text"] != ""].drop_duplicates()
    return join_by(present["person"], present["text"].astype(object), " | ")


def _registry(registry: pd.DataFrame | None) -> pd.DataFrame:
    needed = ["nik", "dose", "date", "brand"]
    if registry is None or registry.empty or any(c not in registry for c in needed):
        return pd.DataFrame(columns=needed)
    return registry.reset_index(drop=True)
