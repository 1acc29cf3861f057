"""The round a run holds in memory is the round `census diff` reads back from its folder."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from census.compute import compute_census
from census.config import load_config
from census.pipeline import _counted, _this_round, run_census
from census.register import normalise_names
from census.rounds import Snapshot, load_snapshot
from census.rounds.snapshot import (
    _grouped,
    _joined_units,
    _memberships,
    _name_keys,
    _text,
    _without_alphanumeric,
)

ROUND2 = Path(__file__).resolve().parent.parent / "demo" / "round2"


def test_the_round_in_memory_is_the_round_read_back(tmp_path: Path) -> None:
    out = tmp_path / "outputs_2022-06"
    run_census(ROUND2, out, pdf=False)
    result = compute_census(ROUND2, load_config(ROUND2))
    held, read = _this_round(result, _counted(result), out), load_snapshot(out)
    assert (held.label, held.as_of, len(held.persons)) == (read.label, read.as_of, 2292)
    # The round read back has no name keys (linking normalises the few names it compares):
    # they are the names' normalised forms, as the register's are.
    keys = held.persons.pop("name_key")
    assert "name_key" not in read.persons.columns
    assert keys.tolist() == normalise_names(read.persons["name"]).tolist()
    for table in ("persons", "doses", "memberships"):
        pd.testing.assert_frame_equal(_ns(getattr(held, table)), _ns(getattr(read, table)))
        # Missing values are None in both (never NaN beside None), column by column.
        assert [[type(v).__name__ for v in getattr(held, table)[c].tolist()]
                for c in getattr(held, table).columns] == [
                    [type(v).__name__ for v in getattr(read, table)[c].tolist()]
                    for c in getattr(read, table).columns], table
    assert held.units == read.units and held.unit_pairs == read.unit_pairs
    assert sum(len(units) > 1 for units in read.units.values()) > 0  # people in two units


def _ns(frame: pd.DataFrame) -> pd.DataFrame:
    """Dates in nanoseconds (read from CSV they are datetime64[us], the run's [ns])."""
    return frame.assign(**{c: frame[c].astype("datetime64[ns]") for c in frame.columns
                           if frame[c].dtype.kind == "M"})


def test_a_name_without_letters_has_no_key_whatever_the_register_took() -> None:
    # The register keeps a person's first name and their first name key: for a first name of
    # punctuation only, the key of a later row's name. The round's key is the name's own.
    names = pd.Series(["...", "Drs. Budi", None, "—", "Ñañez"], dtype=object)
    register = pd.Series(["siti", "budi", None, "agus", "ñañez"], dtype=object)
    for keys in (_name_keys(names, register), _name_keys(names, None)):
        assert [k if isinstance(k, str) else None for k in keys.tolist()] == [
            None, "budi", None, None, "ñañez"]


def test_names_without_letters_are_found_in_one_pass_as_one_by_one() -> None:
    # Joined once and stripped in C; a name holding a NUL (the join) is looked at one by one.
    names = ["Ani", "-", "", "é", "...x", "ÅÄ 1", "b", "\ud800", "  ", "Z"]
    assert _without_alphanumeric(names).tolist() == [
        False, True, True, True, False, False, False, True, True, False]
    assert _without_alphanumeric(["x\x00", "-"]).tolist() == [False, True]
    assert _without_alphanumeric([]).tolist() == []


def test_text_cells_keep_their_values_and_gaps_become_none() -> None:
    values = pd.Series(["a", "", None, float("nan"), "b"], dtype=object, index=[5, 6, 7, 8, 9])
    assert _text(values).tolist() == ["a", None, None, None, "b"]
    assert _text(values).index.tolist() == [5, 6, 7, 8, 9]
    assert _text(pd.Series([1, None, "x"], dtype=object)).tolist() == ["1", None, "x"]
    assert _text(pd.Series(["a", "b"], dtype="str"), pd.RangeIndex(2)).tolist() == ["a", "b"]


def test_the_register_columns_are_aligned_with_the_persons_in_any_order() -> None:
    persons = pd.DataFrame({
        "person_id": ["p1", "p2", "p3"], "nik": [None, "3201010101010001", None],
        "name": ["Ani", "Budi", "..."], "birth_date": pd.to_datetime(["2000-01-01"] * 3),
        "status": ["complete"] * 3, "primary_doses": [2, 2, 0], "booster_doses": [0, 0, 0],
        "next_dose": [None] * 3, "next_due": pd.to_datetime([None] * 3), "overdue": [False] * 3,
    })
    ids = pd.Index(["p3", "p1", "p2"])  # another order than the persons'
    typed = pd.Series(["x", "12-34", "3201010101010001"], index=ids, dtype=object)
    keys = pd.Series(["siti", "ani", "budi"], index=ids, dtype=object)
    empty = pd.DataFrame({"person_id": [], "unit": [], "category": []}, dtype=str)
    doses = pd.DataFrame({"person_id": [], "slot": [], "date": pd.to_datetime([]), "brand": []})
    summary = type("S", (), {"as_of": None})()
    snapshot = Snapshot.of_run(persons, empty, doses, summary, [], nik_typed=typed,
                               name_keys=keys)  # type: ignore[arg-type]
    rows = snapshot.persons[["nik_typed", "name_key"]].values.tolist()
    assert [[v if isinstance(v, str) else None for v in row] for row in rows] == [
        ["12-34", "ani"], ["3201010101010001", "budi"], ["x", None]]  # '...': a key of its own


def test_joined_units_are_each_persons_units_as_history_keeps_them() -> None:
    # Several units, several categories in one unit, none at all, one person with rows only:
    # each person's distinct units in order, joined; the same whether the ids are the
    # memberships' own objects or equal strings made elsewhere.
    rows = [("a", "u1", "asn"), ("a", "u1", "ptt"), ("a", "u2", "asn"), ("b", "u2", "asn"),
            ("d", "u3", "asn"), ("d", "u3", "ptt"), ("e", "u1", "x")]
    memberships = _memberships(pd.DataFrame(rows, columns=["person_id", "unit", "category"]))
    grouped = _grouped(memberships, ["unit"])
    for ids in (["a", "b", "c", "d"], ["a", "b", "d", "e"], [], ["".join(["a"]), "b", "d", "e"]):
        expected = [";".join(grouped.get(pid, ())) for pid in ids]
        assert _joined_units(memberships, pd.Index(ids, dtype=object)).tolist() == expected
    assert expected == ["u1;u2", "u2", "u3", "u1"]
    empty = memberships.iloc[:0]
    assert _joined_units(empty, pd.Index(["a", "b"])).tolist() == ["", ""]
