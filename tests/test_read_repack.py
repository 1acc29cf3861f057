"""A workbook repacked with its checked sheet parts stored (census.read.repack) reads as the file
does, in every sheet and merged range; a file it cannot repack is read from the file as before."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from census.config import Limits
from census.read import read_workbook
from census.read.budget import check_zip
from census.read.open import _open_repacked
from census.read.repack import Pieces, repack

DATA = Path(__file__).parent / "data" / "read"
WORKBOOKS = ["upt_pstw_jombang.xlsx", "upt_pspa_tuban.xlsx", "upt_pslu_tulungagung.xlsx",
             "dinsos_prov.xlsx", "tagana.xlsx", "registry_dinkes.xlsx"]


def _cells(book: CalamineWorkbook) -> list[tuple[str, list[list[object]], object, object]]:
    return [
        (name, sheet.to_python(skip_empty_area=True), sheet.start, sheet.merged_cell_ranges)
        for name in book.sheet_names
        for sheet in [book.get_sheet_by_name(name)]
    ]


@pytest.mark.parametrize("name", WORKBOOKS)
def test_a_repacked_workbook_reads_as_its_file(name: str) -> None:
    path = DATA / name
    unpacked: dict[str, bytes] = {}
    facts = check_zip(path, Limits(), unpacked=unpacked)
    assert unpacked  # its sheet parts were kept
    packed = repack(path, facts.parts, unpacked)
    assert packed is not None
    with zipfile.ZipFile(io.BytesIO(packed.read())) as archive:  # sound: every CRC checks out
        assert archive.testzip() is None
        stored = {info.filename for info in archive.infolist()
                  if info.compress_type == zipfile.ZIP_STORED}
        assert stored >= set(unpacked)
    packed.seek(0)
    assert _cells(CalamineWorkbook.from_filelike(packed)) == _cells(
        CalamineWorkbook.from_path(str(path))
    )
    # read_workbook takes this way (it falls back to the file only when it must).
    facts = check_zip(path, Limits(), unpacked=(unpacked := {}))
    assert _open_repacked(path, facts.parts, unpacked) is not None and not unpacked


def _copy_with(path: Path, target: Path, extra: list[tuple[str, bytes]]) -> Path:
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            out.writestr(info, source.read(info))
        for name, data in extra:
            out.writestr(name, data)
    return target


def test_a_part_named_twice_or_a_changed_part_is_not_repacked(tmp_path: Path) -> None:
    path = DATA / "upt_pstw_jombang.xlsx"
    with pytest.warns(UserWarning, match="Duplicate name"):
        twice = _copy_with(path, tmp_path / "twice.xlsx", [("docProps/app.xml", b"<x/>")])
    unpacked: dict[str, bytes] = {}
    facts = check_zip(twice, Limits(), unpacked=unpacked)
    assert repack(twice, facts.parts, unpacked) is None
    # A kept part whose length is not what the directory says (the file changed meanwhile).
    facts = check_zip(path, Limits(), unpacked=(unpacked := {}))
    unpacked = {name: data + b" " for name, data in unpacked.items()}
    assert repack(path, facts.parts, unpacked) is None
    # Either way read_workbook reads the file as before.
    assert len(read_workbook(twice).rows) == len(read_workbook(path).rows) > 0


def test_a_workbook_read_repacked_or_from_its_file_gives_the_same_roster(tmp_path: Path) -> None:
    path = DATA / "upt_pspa_tuban.xlsx"
    plain = tmp_path / "upt_pspa_tuban.xlsx"
    shutil.copy(path, plain)
    # The same workbook under a name calamine opens from its bytes (no repacking: .xls).
    renamed = tmp_path / "upt_pspa_tuban.xls"
    shutil.copy(path, renamed)
    ours, theirs = read_workbook(plain), read_workbook(renamed)
    assert ours.rows.drop(columns="file").equals(theirs.rows.drop(columns="file"))
    assert [info.rows for info in ours.sheets] == [info.rows for info in theirs.sheets]


def test_pieces_read_as_one_file() -> None:
    pieces = Pieces([b"abc", b"", b"defgh", b"ij"])
    whole = b"abcdefghij"
    assert pieces.read(2) == b"ab"
    assert pieces.read(100) == b"c"  # up to the end of a piece: a read may return less
    assert pieces.read(5) == b"defgh"
    assert pieces.read() == b"ij"  # to the end
    assert pieces.read() == b""
    assert pieces.seek(-4, io.SEEK_END) == 6 and pieces.read(3) == b"gh"
    assert pieces.seek(1) == 1 and pieces.read(-1) == b"bcdefghij"
    assert pieces.seek(1, io.SEEK_CUR) == 11 and pieces.read(1) == b""  # past the end
    pieces.seek(0)
    out = b""
    while chunk := pieces.read(3):
        out += chunk
    assert out == whole and pieces.tell() == len(whole)
    with pytest.raises(ValueError, match="negative"):
        pieces.seek(-1)


class _Unseekable(io.RawIOBase):
    """A file zipfile cannot seek in: it writes each part's sizes after its bytes (a data
    descriptor), as streaming writers do."""

    def __init__(self, target: io.BufferedWriter) -> None:
        self.target = target

    def writable(self) -> bool:
        return True

    def write(self, data: bytes) -> int:  # type: ignore[override]
        return self.target.write(data)


def test_a_workbook_written_as_a_stream_is_repacked_and_reads_the_same(tmp_path: Path) -> None:
    path = DATA / "upt_pstw_jombang.xlsx"
    streamed = tmp_path / "upt_pstw_jombang.xlsx"
    with zipfile.ZipFile(path) as source, streamed.open("wb") as handle, zipfile.ZipFile(
        _Unseekable(handle), "w", zipfile.ZIP_DEFLATED
    ) as out:
        for info in source.infolist():
            out.writestr(info.filename, source.read(info))
    facts = check_zip(streamed, Limits(), unpacked=(unpacked := {}))
    assert all(info.flag_bits & 0x8 for info in facts.parts)  # sizes after the data
    packed = repack(streamed, facts.parts, unpacked)
    assert packed is not None
    assert _cells(CalamineWorkbook.from_filelike(packed)) == _cells(
        CalamineWorkbook.from_path(str(path))
    )
    assert read_workbook(streamed).rows.equals(read_workbook(path).rows)
