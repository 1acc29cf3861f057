"""history.json's people written from the history's columns: the keys, quotes and values of all
the people of a chunk laid out as one table of text pieces and joined at once — the bytes
pydantic_core.to_json gives the people's dicts (census.rounds.history), without a dict, a list
and a serializer call per person (at a million people, seconds)."""

from __future__ import annotations

from typing import Any

import numpy as np

from census.validate.columns import addresses

#: The people's keys in the order of PersonHistory (scalars, then the per-round series).
_SCALARS = ("person_id", "name", "nik")
_SERIES = ("ids", "status", "overdue", "units")
#: Bytes JSON writes escaped (a control character, a backslash); a quote is counted apart. In
#: UTF-8 no byte of a multi-byte character is below 0x80, so a byte search finds them all.
_ESCAPED = bytes(range(0x20)) + b"\\"
_KEPT = bytes(b for b in range(256) if b not in _ESCAPED)


def people_json(columns: dict[str, np.ndarray], start: int, stop: int) -> bytes | None:
    """The people from `start` to `stop` as history.json lists them (items joined by commas, a
    comma first unless `start` is 0); None when a value needs more than quotes (a character to
    escape, or neither text, None nor a boolean): the caller serializes those dicts instead.

    `columns`: person_id, name and nik as 1-d object arrays, each series 2-d (person × round)."""
    rows = stop - start
    rounds = columns[_SERIES[0]].shape[1]
    # Each value with its object's address: None and the booleans are told by address.
    values: list[tuple[str, np.ndarray, np.ndarray]] = [
        (f'"{key}":', columns[key][start:stop], _addresses(columns[key][start:stop]))
        for key in _SCALARS]
    for key in _SERIES:
        series = columns[key][start:stop]
        where = _addresses(series)  # of the block (contiguous), then a column of it each
        values += [(f'"{key}":[' if at == 0 else "", series[:, at], where[:, at])
                   for at in range(rounds)]
    pieces: list[list[Any] | str] = [","]  # a comma before each person (but the first)
    quotes = 0  # the quotes the text has when no value holds one
    before = "{"
    for index, (key, column, where) in enumerate(values):
        opening = (before if index == 0 else before + ",") + key
        text = _texts(column, where)
        if text is None:
            return None
        raw, missing = text
        if missing is None:
            pieces += [opening, raw]
        elif not missing.any():
            quotes += 2 * rows
            pieces += [opening + '"', raw, '"']
        else:
            quotes += 2 * (rows - int(missing.sum()))
            pieces += [_either(missing, opening, opening + '"'), raw, _either(missing, "", '"')]
        quotes += opening.count('"') * rows
        last_of_series = index >= len(_SCALARS) and (
            index + 1 == len(values) or values[index + 1][0] != "")
        before = "]" if last_of_series else ""
    pieces.append(before + "}")
    # One list of every piece, person after person, joined once: each value is touched by
    # the join and little else (at a hundred thousand people and more, every pass over the
    # values' objects costs memory traffic).
    width = len(pieces)
    flat: list[Any] = [None] * (rows * width)
    for at, piece in enumerate(pieces):
        flat[at::width] = [piece] * rows if isinstance(piece, str) else piece
    if start == 0 and rows:
        flat[0] = ""
    try:
        out = "".join(flat).encode()
    except TypeError:  # a value neither text, None nor a boolean
        return None
    if out.count(b'"') != quotes or out.translate(None, _KEPT):
        return None  # a quote, backslash or control character in some value: to be escaped
    return out


def _texts(column: np.ndarray, where: np.ndarray
           ) -> tuple[list[Any], np.ndarray | None] | None:
    """A column's values as their text in JSON, quotes aside: (texts, which are None — None for
    a column of booleans); None for booleans beside other values. Other values than text, None
    and booleans are left in (the join finds them). `where`: the values' addresses.

    None, True and False are one object each: found by address, without a pass of Python
    over the values (each pass over a hundred thousand scattered strings costs)."""
    missing = where == _NONE
    present = np.flatnonzero(~missing)
    first = column[present[0]] if len(present) else None
    if type(first) is bool:
        true, false = where == _TRUE, where == _FALSE
        if not (true | false | missing).all():
            return None
        texts = np.full(len(column), _NULL, dtype=object)
        texts[true], texts[false] = "true", "false"
        return texts.tolist(), None
    values = column.tolist()
    for at in np.flatnonzero(missing).tolist():
        values[at] = _NULL
    return values, missing


def _either(mask: np.ndarray, yes: str, no: str) -> list[str]:
    """`yes` where `mask`, else `no` (two shared strings, not one made per value)."""
    out = np.full(len(mask), no, dtype=object)
    out[mask] = yes
    return out.tolist()  # type: ignore[no-any-return]


def _addresses(values: np.ndarray) -> np.ndarray:
    """census.validate.columns.addresses, in the shape of `values`."""
    return addresses(values).reshape(values.shape)


_NULL = "null"
_NONE, _TRUE, _FALSE = id(None), id(True), id(False)


__all__ = ["people_json"]
