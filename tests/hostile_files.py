"""Hostile and odd files for the tests, made on the spot: zip bombs (a 1 MB workbook whose sheet
unpacks to a gigabyte), a roster in many guises (xlsx, CSV in Windows-1252, HTML saved as .xls)."""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterable
from pathlib import Path

_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>"
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    f'<workbook {_NS} xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="ASN" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
    "</Relationships>"
)
SHEET_HEAD = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet {_NS}><sheetData>'
SHEET_TAIL = "</sheetData></worksheet>"
ONE_STRING = f'<?xml version="1.0"?><sst {_NS} count="1" uniqueCount="1"><si><t>Nama</t></si></sst>'
_CHUNK = 1 << 20


class Part:
    """A zip part: its name, and its bytes as a head, `repeat` times the same 1 MB, a tail."""

    def __init__(self, name: str, head: str | bytes, repeat: int = 0, fill: bytes = b"A",
                 tail: str | bytes = b"") -> None:
        self.name = name
        self.head = head.encode() if isinstance(head, str) else head
        self.tail = tail.encode() if isinstance(tail, str) else tail
        self.repeat = repeat
        self.fill = fill

    def deflated(self) -> tuple[bytes, int, int]:
        """(raw deflate stream, CRC-32, unpacked size), without ever holding the unpacked bytes:
        after a full flush deflate starts afresh, so every repeated megabyte packs the same."""
        packer = zlib.compressobj(9, zlib.DEFLATED, -15)
        out = [packer.compress(self.head), packer.flush(zlib.Z_FULL_FLUSH)]
        crc = zlib.crc32(self.head)
        if self.repeat:
            chunk = (self.fill * (_CHUNK // len(self.fill) + 1))[:_CHUNK]
            block = packer.compress(chunk) + packer.flush(zlib.Z_FULL_FLUSH)
            out.append(block * self.repeat)
            for _ in range(self.repeat):
                crc = zlib.crc32(chunk, crc)
        out.append(packer.compress(self.tail) + packer.flush(zlib.Z_FINISH))
        crc = zlib.crc32(self.tail, crc)
        return b"".join(out), crc & 0xFFFFFFFF, len(self.head) + self.repeat * _CHUNK + len(self.tail)


def write_zip(path: Path, parts: Iterable[Part]) -> Path:
    """A zip of `parts` written by hand (sizes below 4 GB need no zip64)."""
    entries = []
    with path.open("wb") as out:
        for part in parts:
            data, crc, size = part.deflated()
            name = part.name.encode()
            offset = out.tell()
            out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, len(data),
                                  size, len(name), 0) + name)
            out.write(data)
            entries.append((name, crc, len(data), size, offset))
        start = out.tell()
        for name, crc, packed, size, offset in entries:
            out.write(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x21, crc,
                                  packed, size, len(name), 0, 0, 0, 0, 0, offset) + name)
        end = out.tell()
        out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries),
                              end - start, start, 0))
    return path


def _frame(sheet: Part, strings: Part) -> list[Part]:
    return [Part("[Content_Types].xml", CONTENT_TYPES), Part("_rels/.rels", RELS),
            Part("xl/workbook.xml", WORKBOOK), Part("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
            strings, sheet]


def sheet_bomb(path: Path, megabytes: int = 1024) -> Path:
    """A ~1 MB workbook whose one sheet unpacks to `megabytes` (one cell of that much text)."""
    sheet = Part("xl/worksheets/sheet1.xml",
                 SHEET_HEAD + '<row r="1"><c r="A1" t="inlineStr"><is><t>', megabytes,
                 tail="</t></is></c></row>" + SHEET_TAIL)
    return write_zip(path, _frame(sheet, Part("xl/sharedStrings.xml", ONE_STRING)))


def strings_bomb(path: Path, megabytes: int = 500) -> Path:
    """A small workbook whose shared strings unpack to `megabytes` (strings of 1 MB each)."""
    strings = Part("xl/sharedStrings.xml", f'<?xml version="1.0"?><sst {_NS}><si><t>',
                   megabytes, fill=b"Nama ", tail="</t></si></sst>")
    sheet = Part("xl/worksheets/sheet1.xml",
                 SHEET_HEAD + '<row r="1"><c r="A1" t="s"><v>0</v></c></row>' + SHEET_TAIL)
    return write_zip(path, _frame(sheet, strings))


def far_cell(path: Path, cell: str = "XFD1048576", spelt: str = 'r="{}"') -> Path:
    """A tiny workbook with a value in A1 and one in `cell`: the grid between is billions.
    `spelt`: how the far cell's reference attribute is written (XML allows r = 'C12')."""
    row = cell.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    sheet = Part("xl/worksheets/sheet1.xml",
                 SHEET_HEAD + f'<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
                 f'<row {spelt.format(row)}><c {spelt.format(cell)} t="s">'
                 f"<v>0</v></c></row>" + SHEET_TAIL)
    return write_zip(path, _frame(sheet, Part("xl/sharedStrings.xml", ONE_STRING)))


def billion_laughs(path: Path) -> Path:
    """Shared strings that define nested entities (each ten times the one before)."""
    entities = '<!ENTITY lol0 "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
    )
    strings = Part("xl/sharedStrings.xml",
                   f'<?xml version="1.0"?><!DOCTYPE sst [{entities}]><sst {_NS}><si><t>&lol9;</t></si></sst>')
    sheet = Part("xl/worksheets/sheet1.xml",
                 SHEET_HEAD + '<row r="1"><c r="A1" t="s"><v>0</v></c></row>' + SHEET_TAIL)
    return write_zip(path, _frame(sheet, strings))
