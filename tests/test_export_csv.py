"""persons.csv, doses.csv and memberships.csv: the streamed, column-wise writers give the bytes
pandas' to_csv gave for the same tables, in any row order and chunk size."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from census import export
from census.export import sort_rows, write_doses_csv, write_memberships_csv, write_persons_csv
from tests.report_factory import make_people, unit_codes


def _doses(n: int, seed: int) -> pd.DataFrame:
    """Doses in shuffled order with missing dates, brands and flags, as the register may hold."""
    rng = np.random.default_rng(seed)
    dates = pd.to_datetime("2021-03-01") + pd.to_timedelta(rng.integers(0, 400, n), unit="D")
    table = pd.DataFrame({
        "person_id": [f"P{i:05d}" for i in rng.integers(0, n // 3, n)],
        "slot": rng.choice(["dose1", "dose2", "dose3", "booster1"], n),
        "date": pd.Series(dates).where(rng.random(n) > 0.05),
        "brand": pd.Series(rng.choice(["sinovac", "pfizer, \"bio\"", ""], n), dtype=object)
        .where(rng.random(n) > 0.1),
        "source": rng.choice(["roster", "registry", "both"], n),
        "verified": pd.Series(rng.choice([True, False], n), dtype=object)
        .where(rng.random(n) > 0.1),
    })
    table["person_id"] = table["person_id"].astype("str")
    return table


def _pandas_doses(doses: pd.DataFrame, path: Path) -> None:
    """doses.csv as pandas wrote it before the column-wise writer."""
    table = doses.loc[:, list(export.DOSE_CSV_COLUMNS)].copy()
    table["date"] = pd.to_datetime(table["date"], errors="coerce").dt.strftime("%Y-%m-%d")
    table["verified"] = table["verified"].map({True: "true", False: "false"}).fillna("false")
    table = table.sort_values(["person_id", "date", "slot"], kind="stable")
    table.to_csv(path, index=False, encoding="utf-8", lineterminator="\n")


def _pandas_memberships(memberships: pd.DataFrame, path: Path) -> None:
    table = memberships.loc[:, list(export.MEMBERSHIP_CSV_COLUMNS)].astype(str)
    table = table.sort_values(list(export.MEMBERSHIP_CSV_COLUMNS), kind="stable")
    table.to_csv(path, index=False, encoding="utf-8", lineterminator="\n")


@pytest.mark.parametrize("ordered", [False, True])
def test_doses_csv_has_the_bytes_of_pandas_to_csv(tmp_path: Path, ordered: bool,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(export, "_CSV_CHUNK", 70)  # several chunks
    doses = _doses(500, seed=3)
    if ordered:  # the register's order: no missing date, already sorted
        doses = doses.dropna(subset=["date"]).sort_values(["person_id", "date", "slot"])
    write_doses_csv(doses, tmp_path / "new.csv")
    _pandas_doses(doses, tmp_path / "old.csv")
    assert (tmp_path / "new.csv").read_bytes() == (tmp_path / "old.csv").read_bytes()


def test_memberships_csv_has_the_bytes_of_pandas_to_csv(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(export, "_CSV_CHUNK", 30)
    _, memberships = make_people(120, unit_codes(3), seed=5)
    ordered = memberships.sort_values(["person_id", "unit", "category"])
    shuffled = memberships.sample(frac=1, random_state=1)
    shuffled.loc[shuffled.index[:3], "category"] = None
    for name, table in (("sorted", ordered), ("shuffled", shuffled)):
        write_memberships_csv(table, tmp_path / f"new-{name}.csv")
        _pandas_memberships(table, tmp_path / f"old-{name}.csv")
        new = (tmp_path / f"new-{name}.csv").read_bytes()
        assert new == (tmp_path / f"old-{name}.csv").read_bytes()
    assert b",\n" in (tmp_path / "new-shuffled.csv").read_bytes()  # a missing category: empty


def test_sort_rows_sorts_as_sort_values_and_keeps_an_ordered_table() -> None:
    table = pd.DataFrame({"a": ["x", "x", "y", "y", "z"], "b": [2, 2, 1, 3, 0],
                          "c": ["q", "p", "r", "r", "s"]})
    assert sort_rows(table, ["a", "b"]) is table  # in order (ties keep their order)
    shuffled = table.iloc[[3, 0, 4, 2, 1]]
    assert sort_rows(shuffled, ["a", "b", "c"]).index.tolist() == [1, 0, 2, 3, 4]
    with_gap = table.assign(b=[2, None, 1, 3, 0])
    assert (sort_rows(with_gap, ["a", "b"]).index.tolist()
            == with_gap.sort_values(["a", "b"], kind="stable").index.tolist() == [0, 1, 2, 3, 4])


def test_persons_csv_is_the_same_in_any_chunk_size(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    persons, _ = make_people(90, unit_codes(2), seed=8)
    persons.loc[persons.index[70], "reason"] = "=HYPERLINK(1)"  # in a later chunk only
    persons.loc[persons.index[75], "name"] = "Siti\r\nAminah"
    write_persons_csv(persons, tmp_path / "whole.csv")
    monkeypatch.setattr(export, "_CSV_CHUNK", 16)
    write_persons_csv(persons, tmp_path / "chunked.csv")
    text = (tmp_path / "chunked.csv").read_bytes()
    assert text == (tmp_path / "whole.csv").read_bytes()
    assert b",'=HYPERLINK(1)\n" in text and b'"Siti\nAminah"' in text and b"\r" not in text


def test_write_csv_quotes_as_the_csv_module_does(tmp_path: Path) -> None:
    fields = ["plain", "", "a,b", 'say "hi"', "two\nlines", "cr\ralone", "\"", ",", " x ", "é"]
    first = [f for f in fields for _ in fields]
    second = [f for _ in fields for f in fields]
    export.write_csv(tmp_path / "new.csv", ["one", "two"], [[first[:40], second[:40]],
                                                              [first[40:], second[40:]]])
    with (tmp_path / "old.csv").open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerows([["one", "two"], *zip(first, second, strict=True)])
    assert (tmp_path / "new.csv").read_bytes() == (tmp_path / "old.csv").read_bytes()
    assert b'"a,b","say ""hi"""\n' in (tmp_path / "new.csv").read_bytes()


@pytest.mark.parametrize("part_rows", [7, 1000])
def test_run_tables_written_in_parts_are_the_whole_files(tmp_path: Path, part_rows: int,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """The run writes its CSV files in parts (worker jobs, here in this process), joined in
    order: the bytes of the whole-table writers, whatever the size of a part."""
    persons, memberships = make_people(60, unit_codes(2), seed=4)
    persons.loc[persons.index[50], "reason"] = "=HYPERLINK(1)"  # in a later part only
    shuffled = memberships.sample(frac=1, random_state=2)
    doses = _doses(150, seed=6)
    monkeypatch.setattr(export, "PART_ROWS", part_rows)
    parts = export.table_parts(tmp_path, persons, doses, shuffled)
    assert len(parts) == (3 if part_rows == 1000 else 9 + 22 + len(shuffled) // 7 + 1)
    took = [export.write_part(part) for part in reversed(parts)]  # in any order
    export.join_parts(parts)
    assert sorted({name for name, _, _ in took}) == ["doses.csv", "memberships.csv",
                                                     "persons.csv"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["doses.csv", "memberships.csv",
                                                          "persons.csv"]
    whole = tmp_path / "whole"
    whole.mkdir()
    write_persons_csv(persons, whole / "persons.csv")
    write_doses_csv(doses, whole / "doses.csv")
    write_memberships_csv(shuffled, whole / "memberships.csv")
    for name in ("persons.csv", "doses.csv", "memberships.csv"):
        assert (tmp_path / name).read_bytes() == (whole / name).read_bytes(), name
    assert b",'=HYPERLINK(1)\n" in (tmp_path / "persons.csv").read_bytes()


def test_run_table_parts_sent_to_workers_write_the_same_bytes(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch
                                                             ) -> None:
    """A part as a worker gets it (pickled: persons.csv's columns only, its distinct texts
    without pickle's memo) writes what the part itself writes: missing values of every kind,
    formula-like and quoted texts, parts that do not start at row 0."""
    import pickle

    persons, memberships = make_people(40, unit_codes(2), seed=8)
    persons["nik"] = persons["nik"].astype(object)
    persons.loc[persons.index[[3, 21]], "nik"] = [None, np.nan]
    persons.loc[persons.index[22], "nik"] = pd.NA
    persons.loc[persons.index[[5, 30]], "name"] = ["=SUM(A1)", 'Budi "Bud", S.Pd']
    persons["person_id"] = persons["person_id"].astype("str")
    persons["name"] = persons["name"].astype("string")
    persons["extra"] = [("not", "written")] * len(persons)  # a column persons.csv leaves out
    doses = _doses(90, seed=9)
    monkeypatch.setattr(export, "PART_ROWS", 16)
    sent, kept = tmp_path / "sent", tmp_path / "kept"
    for folder in (sent, kept):
        folder.mkdir()
    for part in export.table_parts(sent, persons, doses, memberships):
        received = pickle.loads(pickle.dumps(part, protocol=pickle.HIGHEST_PROTOCOL))
        assert (received.name, received.path, received.header) == (part.name, part.path,
                                                                   part.header)
        assert "extra" not in received.rows.columns
        export.write_part(received)
        export.write_part(export.TablePart(part.name, kept / part.path.name, part.rows,
                                           part.header))
    for name in ("persons.csv", "doses.csv", "memberships.csv"):
        pieces = sorted(sent.glob(f"{name}.part*"))
        assert len(pieces) > 1, name
        for piece in pieces:
            assert piece.read_bytes() == (kept / piece.name).read_bytes(), piece.name
