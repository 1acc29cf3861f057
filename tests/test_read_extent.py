"""How far a sheet's cell references reach (census.read.extent): the bulk decoder of r="C12" and
the regular expression for any spelling agree, and a far cell is refused however it is spelt."""

from __future__ import annotations

import random
import re
from pathlib import Path

import numpy as np
import pytest

from census.errors import OverBudget
from census.read import read_workbook
from census.read.extent import (
    Extent,
    _any_references,
    _is_digit,
    _is_letter,
    _is_space,
    _plain_references,
    reference_extent,
)
from tests.hostile_files import far_cell

_TAIL = b"</sheetData></worksheet>"


@pytest.mark.parametrize("spelt", ['r="{}"', "r='{}'", 'r = "{}"', 'r=" {} "', "r\t=\n'{}'"])
def test_a_far_cell_is_refused_however_its_reference_is_spelt(tmp_path: Path, spelt: str) -> None:
    path = far_cell(tmp_path / "upt_jauh.xlsx", spelt=spelt)
    with pytest.raises(OverBudget, match=r"sheet 'ASN' reaches cell XFD1048576 \(17,179,869,184 cells"):
        read_workbook(path)
    if " {} " not in spelt:  # calamine reads no reference with spaces inside
        assert read_workbook(far_cell(tmp_path / "near.xlsx", "Z200", spelt)).sheets[0].sheet == "ASN"


@pytest.mark.parametrize(("part", "extent"), [
    (b'<row r="7"><c r="B7" s="1"/><c r="AA7"/></row><row r="12"><c r="c12"/></row>',
     Extent(7, 12, 2, 27)),
    (b'<row r="3"></row><row r="5"></row>', Extent(3, 5, 1, 1)),  # rows only: column 1
    (b'<c r="A1"/><c r="xfd1048576"/>', Extent(1, 1048576, 1, 16384)),
    (b'<c r="A1"/><t> r="XFD9"</t>', Extent(1, 9, 1, 16384)),  # text spelt like one counts too
    (b"<c r=1/><c x='A5'/><v>a=b</v>", None),
    (b"", None),
])
def test_the_extent_of_plainly_spelt_references(part: bytes, extent: Extent | None) -> None:
    assert reference_extent(part + _TAIL) == extent
    assert _plain_references(part + _TAIL) == extent  # decoded in bulk, not left to the pattern


@pytest.mark.parametrize("part", [
    b'<c r = "B2"/><c r="A1"/>', b"<c r='ZZ9'/>", b'<c r=" C3 "/><c r="A1"/>',
    b'<c r="ABCD1"/><c r="A1"/>', b'<c r="A12345678"/><c r="B2"/>', b'<t>a = b</t><c r="A1"/>',
    b'<c r="A1', b' r=""', b' r="A"',
])
def test_other_spellings_are_left_to_the_pattern(part: bytes) -> None:
    assert _plain_references(part) is False
    assert reference_extent(part) == _any_references(part)


def test_the_bulk_decoder_agrees_with_the_pattern_on_any_bytes() -> None:
    rng = random.Random(16)
    alphabet = b' \t\nr="\'=AZaz09<>/c'
    pieces = [b' r="', b'<c r="B', b"12", b'"/>', b" r='", b"XFD", b"=", b" "]
    for _ in range(4_000):
        data = bytes(rng.choice(alphabet) for _ in range(rng.randrange(0, 24)))
        data += b"".join(rng.choice(pieces) for _ in range(rng.randrange(0, 6))) + _TAIL
        plain = _plain_references(data)
        assert plain is False or plain == _any_references(data), data


def test_the_bulk_byte_tests_agree_with_the_pattern_on_every_byte() -> None:
    # The screen tells spaces, letters and digits apart by arithmetic on bytes (wrapping below
    # zero): each of the 256 byte values must be what the regular expression takes it for.
    every = np.arange(256, dtype=np.uint8)
    as_bytes = [bytes([b]) for b in range(256)]
    assert _is_space(every).tolist() == [bool(re.fullmatch(rb"\s", b)) for b in as_bytes]
    assert _is_letter(every).tolist() == [bool(re.fullmatch(rb"[A-Za-z]", b)) for b in as_bytes]
    assert _is_digit(every).tolist() == [bool(re.fullmatch(rb"\d", b)) for b in as_bytes]
