"""A workbook's zip again with the sheet parts the budget check already unpacked stored as they
are, so that calamine reads them instead of unpacking them a second time (a tenth of its work).

Every other part is copied as packed in the file, byte for byte; each part keeps the CRC the
file declares (Python's zipfile checked the unpacked bytes against it, and calamine checks them
again). Anything unusual (an encrypted part, ZIP64, a name twice, a local header that does not
match the directory) gives None: the workbook is then read from its file as before.
"""

from __future__ import annotations

import bisect
import io
import itertools
import struct
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO

_LOCAL = struct.Struct("<IHHHHHIIIHH")
_CENTRAL = struct.Struct("<IHHHHHHIIIHHHHHII")
_END = struct.Struct("<IHHHHIIH")
_LOCAL_SIGNATURE, _CENTRAL_SIGNATURE, _END_SIGNATURE = 0x04034B50, 0x02014B50, 0x06054B50
_VERSION = 20  # 2.0: deflate, no ZIP64
_UTF8 = 0x800  # general purpose flag: the name is UTF-8
_ENCRYPTED = 0x1
_LIMIT = 0xFFFFFFFF  # beyond this a size or an offset needs ZIP64
_MAX_PARTS = 0xFFFF


def repack(
    path: Path, parts: Sequence[zipfile.ZipInfo], unpacked: dict[str, bytes]
) -> Pieces | None:
    """The workbook at `path`, whose zip directory lists `parts`, as zip bytes whose parts named
    in `unpacked` (part name → its unpacked bytes, as checked against the file's CRC) are
    stored unpacked, to be read as a file; None when the file is anything but a plain zip (see
    the module's docstring)."""
    try:
        with path.open("rb") as handle:
            return _repack(parts, handle, unpacked)
    except (OSError, zipfile.BadZipFile, struct.error, ValueError, EOFError):
        return None


def _repack(
    infos: Sequence[zipfile.ZipInfo], handle: BinaryIO, unpacked: dict[str, bytes]
) -> Pieces | None:
    names = [info.filename for info in infos]
    if len(set(names)) != len(names) or len(infos) > _MAX_PARTS:
        return None
    pieces: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    for info in infos:
        if info.flag_bits & _ENCRYPTED or max(info.file_size, info.compress_size) > _LIMIT:
            return None
        data = unpacked.get(info.filename)
        method = zipfile.ZIP_STORED if data is not None else info.compress_type
        body = data if data is not None else _packed(handle, info)
        if body is None or (data is not None and len(data) != info.file_size):
            return None
        flags = info.flag_bits & _UTF8  # sizes are in the header: no data descriptor
        name = info.filename.encode("utf-8" if flags else "cp437")
        fields = (method, 0, 0, info.CRC, len(body), info.file_size, len(name))
        pieces += [_LOCAL.pack(_LOCAL_SIGNATURE, _VERSION, flags, *fields, 0), name, body]
        central += [_CENTRAL.pack(_CENTRAL_SIGNATURE, _VERSION, _VERSION, flags, *fields,
                                  0, 0, 0, 0, 0, offset), name]
        offset += _LOCAL.size + len(name) + len(body)
        if offset > _LIMIT:
            return None
    size = sum(map(len, central))
    end = _END.pack(_END_SIGNATURE, 0, 0, len(infos), len(infos), size, offset, 0)
    return Pieces([*pieces, *central, end])


def _packed(handle: BinaryIO, info: zipfile.ZipInfo) -> bytes | None:
    """A part's bytes as packed in the file (after its local header), or None."""
    handle.seek(info.header_offset)
    header = handle.read(_LOCAL.size)
    if len(header) != _LOCAL.size:
        return None
    fields = _LOCAL.unpack(header)
    if fields[0] != _LOCAL_SIGNATURE:
        return None
    handle.seek(fields[9] + fields[10], 1)  # the name and the extra field
    body = handle.read(info.compress_size)
    return body if len(body) == info.compress_size else None


class Pieces:
    """Bytes in pieces read as one file (read, seek, tell), without joining them. As a raw file's,
    a read of `size` bytes may return fewer (up to the end of a piece): a read that asks for
    a whole piece or more is given that piece itself, not a copy. read() reads to the end."""

    def __init__(self, pieces: list[bytes]) -> None:
        self._pieces = [piece for piece in pieces if piece]
        self._starts = list(itertools.accumulate(map(len, self._pieces), initial=0))
        self._position = 0

    @property
    def size(self) -> int:
        return self._starts[-1]

    def read(self, size: int | None = -1) -> bytes:
        if self._position >= self.size:
            return b""
        k = bisect.bisect_right(self._starts, self._position) - 1
        piece, start = self._pieces[k], self._position - self._starts[k]
        if size is None or size < 0:
            rest = b"".join([piece[start:], *self._pieces[k + 1 :]])
            self._position = self.size
            return rest
        end = min(len(piece), start + size)
        self._position += end - start
        return piece if (start, end) == (0, len(piece)) else piece[start:end]

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._position, io.SEEK_END: self.size}[whence]
        if base + offset < 0:
            raise ValueError("negative seek position")
        self._position = base + offset
        return self._position

    def tell(self) -> int:
        return self._position
