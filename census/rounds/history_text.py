"""history.json's people written from the history's columns: the keys, quotes and values of all
the people of a chunk laid out as one table of text pieces and joined at once — the bytes
pydantic_core.to_json gives the people's dicts (census.rounds.history), without a dict, a list
and a serializer call per person (at a million people, seconds)."""

from __future__ import annotations

import numpy as np
from pandas.api.types import infer_dtype

#: The people's keys in the order of PersonHistory (scalars, then the per-round series).
_SCALARS = ("person_id", "name", "nik")
_SERIES = ("ids", "status", "overdue", "units")
#: Bytes JSON writes escaped (a control character, a backslash); a quote is counted apart. In
#: UTF-8 no byte of a multi-byte character is below 0x80, so a byte search finds them all.
_ESCAPED = bytes(range(0x20)) + b"\\"
_KEPT = bytes(b for b in range(256) if b not in _ESCAPED)
_BOOLEANS = np.array(["false", "true"], dtype=object)


def people_json(columns: dict[str, np.ndarray], start: int, stop: int) -> bytes | None:
    """The people from `start` to `stop` as history.json lists them (items joined by commas, a
    comma first unless `start` is 0); None when a value needs more than quotes (a character to
    escape, or neither text, None nor a boolean): the caller serializes those dicts instead.

    `columns`: person_id, name and nik as 1-d object arrays, each series 2-d (person × round)."""
    rows = stop - start
    rounds = columns[_SERIES[0]].shape[1]
    values: list[tuple[str, np.ndarray]] = [(f'"{key}":', columns[key][start:stop])
                                            for key in _SCALARS]
    for key in _SERIES:
        series = columns[key][start:stop]
        values += [(f'"{key}":[' if at == 0 else "", series[:, at]) for at in range(rounds)]
    pieces: list[np.ndarray | str] = []
    quotes = 0  # the quotes the text has when no value holds one
    before = "{"
    for index, (key, column) in enumerate(values):
        opening = (before if index == 0 else before + ",") + key
        text = _texts(column)
        if text is None:
            return None
        raw, strings = text
        if strings is None:
            pieces += [opening, raw]
        else:
            quotes += 2 * int(strings.sum())
            quoted, closing = _filled(rows, opening), _filled(rows, "")
            quoted[strings] = opening + '"'
            closing[strings] = '"'
            pieces += [quoted, raw, closing]
        quotes += opening.count('"') * rows
        last_of_series = index >= len(_SCALARS) and (
            index + 1 == len(values) or values[index + 1][0] != "")
        before = "]" if last_of_series else ""
    pieces.append(before + "}")
    table = np.empty((rows, len(pieces) + 1), dtype=object)
    table[:, 0] = ","
    if start == 0 and rows:
        table[0, 0] = ""
    for at, piece in enumerate(pieces, start=1):
        table[:, at] = piece
    out = "".join(table.ravel().tolist()).encode()
    if out.count(b'"') != quotes or out.translate(None, _KEPT):
        return None  # a quote, backslash or control character in some value: to be escaped
    return out


def _texts(column: np.ndarray) -> tuple[np.ndarray, np.ndarray | None] | None:
    """A column's values as their text in JSON, quotes aside: (texts, where they are strings to
    quote — None for a column of booleans); None for values of another kind."""
    missing: np.ndarray = column == None  # noqa: E711 (elementwise: the Nones)
    given = column[~missing]
    kind = infer_dtype(given, skipna=False)
    texts = _filled(len(column), "null")
    if kind == "empty":
        return texts, None
    if kind == "string":
        texts[~missing] = given
        return texts, ~missing
    if kind == "boolean":
        texts[~missing] = _BOOLEANS[given.astype(bool).astype(np.intp)]
        return texts, None
    return None


def _filled(count: int, text: str) -> np.ndarray:
    """An object array of `count` times the same str (np.full would make a str per item)."""
    out = np.empty(count, dtype=object)
    out.fill(text)
    return out


__all__ = ["people_json"]
