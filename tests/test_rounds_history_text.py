"""history.json's people written from columns are the bytes pydantic writes for their dicts."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pydantic_core
import pytest

from census.rounds import history
from census.rounds.history import HistoryTable, write_history
from census.rounds.history_file import History, RoundEntry
from census.rounds.history_text import people_json


def _column(values: list[Any]) -> np.ndarray:
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def _table(rows: list[tuple[Any, ...]], rounds: int) -> dict[str, np.ndarray]:
    """person_id, name, nik, then each series' `rounds` values, per row."""
    columns = {key: _column([row[at] for row in rows])
               for at, key in enumerate(("person_id", "name", "nik"))}
    for index, key in enumerate(("ids", "status", "overdue", "units")):
        series = np.empty((len(rows), rounds), dtype=object)
        for at, row in enumerate(rows):
            series[at, :] = row[3 + index]
        columns[key] = series
    return columns


def _expected(columns: dict[str, np.ndarray], start: int, stop: int) -> bytes:
    table = HistoryTable([], columns)
    return (b"," if start else b"") + pydantic_core.to_json(table.people(start, stop))[1:-1]


PLAIN: list[tuple[Any, ...]] = [
    ("P1", "Tari Maryati", "3506145202130001", ["P0", "P1"], ["partial", "complete"],
     [True, False], ["u1", "u1;u2"]),
    ("P2", "", None, [None, "P2"], [None, "unvaccinated"], [None, True], [None, "u2"]),
    ("P3", "Ségolène, Ñoño 李", "350614 52 0213", ["P3", None], ["complete", None],
     [False, None], ["u:1,\"x\"", None]),  # a quote in a unit: the dicts' way
    ("P4", "Budi, S.Pd", "12", ["P4", "P4"], ["exempt", "refused"], [False, False], ["", ""]),
]


@pytest.mark.parametrize("rounds", [1, 2, 3])
def test_plain_people_are_the_dicts_bytes(rounds: int) -> None:
    rows = [(pid, name, nik, *(s[:1] * rounds if rounds != 2 else s for s in series))
            for pid, name, nik, *series in PLAIN if '"' not in "".join(map(str, series[3]))]
    columns = _table(rows, rounds)
    for start, stop in [(0, len(rows)), (0, 1), (1, len(rows)), (2, 3)]:
        assert people_json(columns, start, stop) == _expected(columns, start, stop)
    json.loads(b"[" + people_json(columns, 0, len(rows)) + b"]")  # type: ignore[operator]


@pytest.mark.parametrize("awkward", ['Sari "Ani"', "back\\slash", "tab\there", "line\nbreak",
                                     "\x00\x1f", "\u2028 \x7f"])
def test_text_to_escape_falls_back_to_the_dicts(awkward: str) -> None:
    rows = [(pid, name, nik, *(s[1:] for s in series)) for pid, name, nik, *series in PLAIN[:2]]
    rows.append(("P9", awkward, None, ["P9"], ["complete"], [False], ["u1"]))
    columns = _table(rows, 1)
    text = people_json(columns, 0, len(rows))
    if awkward == "\u2028 \x7f":  # written as they are by json and pydantic alike
        assert text == _expected(columns, 0, len(rows))
    else:
        assert text is None


def test_a_value_neither_text_none_nor_boolean_falls_back() -> None:
    columns = _table([("P1", "A", None, ["P1"], ["complete"], [1], ["u"])], 1)
    assert people_json(columns, 0, 1) is None


def test_write_history_is_the_same_file_either_way(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(history, "_CHUNK", 2)  # a chunk from columns, one with a quote: dicts
    rows = [(pid, name, nik, *series) for pid, name, nik, *series in PLAIN]
    columns = _table(rows, 2)
    rounds = [RoundEntry(as_of=date(2022, m, 1), folder=f"r{m}", persons=4, coverage=0.5,
                         units={}) for m in (3, 4)]
    table = HistoryTable(rounds, columns)
    write_history(table, tmp_path / "columns.json")
    write_history(table.model(), tmp_path / "dicts.json")
    assert (tmp_path / "columns.json").read_bytes() == (tmp_path / "dicts.json").read_bytes()
    read = History.model_validate_json((tmp_path / "columns.json").read_bytes())
    assert [p["units"] for p in read.persons] == [list(row[6]) for row in PLAIN]
