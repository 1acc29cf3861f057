"""Which rows under a header are data: not blank, not TOTAL/JUMLAH, not the header again, not a
signature block or notes; and which rows left below the table's end may be people."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from census.model import DATE_FIELDS
from census.read.aliases import PLACE_DATE, ROW_NUMBER, SHARED_DATE, field_of
from census.read.cells import Grid
from census.read.header import (
    MAX_LEVELS,
    Header,
    is_blank,
    is_column_number_row,
    is_sub_header_row,
)
from census.values.dates import parse_one
from census.values.sex import is_sex
from census.values.words import normalise

_TOTAL = re.compile(r"(?:grand |sub ?)?(?:total|jumlah|jml)\b", re.IGNORECASE)
# The first words of the lines of a signature block under a table (its roles, the signer's
# rank and NIP), matched on the normalised cell text.
_SIGNATURE_WORDS = (
    "mengetahui", "menyetujui", "disetujui", "diketahui", "dibuat oleh", "yang membuat",
    "pembuat daftar", "yang melaporkan", "pelapor", "hormat kami", "kepala", "an kepala",
    "a n kepala", "plt", "plh", "sekretaris", "ketua", "koordinator", "korlap", "kasubag",
    "kasubbag", "kasi", "kasie", "kabid", "kabag", "kadis", "bendahara", "pengelola data",
    "operator", "ttd", "nip", "nrp", "pembina", "penata", "pengatur", "petugas",
)
_SIGNATURE = re.compile(rf"({'|'.join(_SIGNATURE_WORDS)})\b.*")
# What the raw text of such a line starts with: most cells are told apart without normalising.
_SIGNATURE_START = re.compile(
    rf"[^a-z0-9]*({'|'.join(sorted({words.split()[0] for words in _SIGNATURE_WORDS}))})",
    re.IGNORECASE,
)
_NOTES = re.compile(r"\s*(\*|(catatan|keterangan|ket|sumber|note|nb)\s*:)", re.IGNORECASE)
# The place and date line of a signature block: 'Jombang, 15 November 2021', 'Tuban, 31-03-2022',
# and as printed to be dated by hand: 'Surabaya,      Maret 2022', 'Kediri, ............ 2022'.
_PLACE_DATE = re.compile(
    r"[a-z][a-z .'()-]*,\s*(?:\d{1,2}[ /.-]+\w+[ /.-]+\d{2,4}|[\s._…-]*(?:[a-z]+[\s._…-]*)?\d{4}"
    r"|[\s._…-]+)",
    re.IGNORECASE,
)
# What the lines of a signature block or of notes below the table's end say, beyond the words
# that end a table: they decide only whether a row the reader leaves out may be a person. On
# the normalised text, from its start.
_TAIL_WORDS = ("nip", "nrp", "nipp", "pembina", "penata", "pengatur", "juru", "golongan", "gol",
               "pangkat")
_ROLE_WORDS = tuple(words for words in _SIGNATURE_WORDS if words not in _TAIL_WORDS) + (
    "admin", "staf", "staff", "pengadministrasi", "analis", "pengolah data", "verifikator",
    "penanggung jawab", "pj", "pejabat", "yang menyerahkan", "yang menerima",
    "yang bertanda tangan", "pemeriksa", "diperiksa", "disahkan", "mengesahkan", "atas nama",
    "wakil", "direktur", "camat", "lurah", "kades", "pimpinan", "pengurus", "pendamping",
    "pekerja sosial", "peksos", "penyuluh", "pengawas", "kasubbid", "kasubid", "sekdis",
    "sekretariat", "tata usaha", "tanda tangan", "paraf", "dto",
    # the unit or office a role line goes on with ('UPT PELAYANAN SOSIAL', 'PROVINSI JAWA TIMUR')
    "upt", "uptd", "dinas", "dinsos", "pemerintah", "pemkab", "pemkot", "pemprov", "provinsi",
    "kabupaten", "kecamatan", "kelurahan", "bidang", "seksi", "sub bagian", "subbag", "panti",
    "balai", "kantor", "yayasan",
)
_TAIL_LINE = re.compile(rf"(?:{'|'.join(_TAIL_WORDS)})\b")
_ROLE_LINE = re.compile(rf"(?:{'|'.join(_ROLE_WORDS)})\b")
_NOTE_LINE = re.compile(r"(?:catatan|keterangan|ket|sumber|note|nb|demikian|mohon)\b")
# Words of a sentence, never of a name: 'Data ini dibuat dengan sebenarnya', '2. yang belum
# vaksin karena sakit'.
_SENTENCE_WORDS = frozenset({
    "ini", "itu", "yang", "dengan", "untuk", "kami", "karena", "sudah", "belum", "telah",
    "oleh", "sebagai", "dalam", "agar", "harap", "sebenarnya", "orang", "data",
})
# 'Dibuat di : Tuban', 'Pada tanggal : 31 Maret 2022', 'Keadaan per 31 Maret 2022'.
_LABEL_LINE = re.compile(
    r"(?:dibuat|ditetapkan|dikeluarkan|pada tanggal|per tanggal|tanggal|tgl|tempat|keadaan)\b"
)
# A label waiting for its value on the next line: 'Dibuat di', 'Pada tanggal :'.
_BARE_LABEL = re.compile(
    r"(?:dibuat|ditetapkan|dikeluarkan)(?: di)?|(?:pada |per )?(?:tanggal|tgl)|tempat"
)
_DATE_COLUMNS = frozenset(DATE_FIELDS) | {SHARED_DATE}
_ID_DIGITS = 8
#: Rows with at most this many filled cells can be a signature or notes line.
_SHORT_ROW = 3
#: At most this many lines of a signature block are looked for above its first known line.
_SIGNATURE_LINES = 6
#: Above this many candidate rows a check runs column-wise in pandas instead of row by row.
_LOOP_LIMIT = 2000


def _is_signature(cells: list, dated: bool = True) -> bool:
    """Are the filled cells of a short row a line of a signature block or a note? A place-and-
    date line counts only alone, and only where `dated`: beside other text, or above more
    numbered rows, it may be a remark ('Positif, 12 Juni 2021')."""
    text = True
    for cell in cells:
        if not isinstance(cell, str):
            text = False
        elif _NOTES.match(cell) or (
            _SIGNATURE_START.match(cell) and _SIGNATURE.fullmatch(normalise(cell))
        ):
            return True
    return dated and text and all(_PLACE_DATE.fullmatch(cell.strip()) for cell in cells)


def _is_total(cell: object) -> bool:
    return isinstance(cell, str) and bool(_TOTAL.match(cell.strip()))


def _has_person_data(grid: Grid, header: Header, i: int) -> bool:
    """Does row `i` hold what only a person's row holds: a NIK or NIP, a date, a sex?"""
    for name, j in header.columns.items():
        cell = grid.values[i, j]
        if is_blank(cell):
            continue
        text = cell if isinstance(cell, str) else ""
        if name in ("nik", "nip"):
            if not text or sum(c.isdigit() for c in text) >= _ID_DIGITS:
                return True
        elif name in _DATE_COLUMNS or name.endswith("_date"):  # a cases sheet's dates too
            if not text or parse_one(text)[0] is not None:
                return True
        elif name == PLACE_DATE:
            if not text or any(c.isdigit() for c in text):
                return True
        elif name == "sex" and is_sex(text):
            return True
    return False


def _is_header_row(row: list, name_col: int) -> bool:
    """The header row again: the name column names a name, another cell another field."""
    name = row[name_col]
    if not isinstance(name, str) or field_of(name)[0] != "name":
        return False
    return any(
        isinstance(cell, str) and field_of(cell)[0] is not None
        for j, cell in enumerate(row)
        if j != name_col
    )


def _repeated_headers(
    grid: Grid, header: Header, numbered: np.ndarray, counts: np.ndarray
) -> np.ndarray:
    """Rows that repeat the header inside the table (a second block pasted under the first with
    its own header, a header copied onto each printed page), with their sub-header rows and
    the row of column numbers under them."""
    skip = np.zeros(grid.height, dtype=bool)
    name_col = header.columns.get("name")
    if name_col is None:
        return skip
    number_col = header.columns.get(ROW_NUMBER)
    # The header's 'No' is text where the rows have numbers; a table without numbers
    # repeats its header as typed.
    candidates = np.zeros(grid.height, dtype=bool)
    if number_col is not None:
        candidates = grid.filled[:, number_col] & ~numbered
    if header.name_label and (number_col is None or numbered.sum() * 2 < np.count_nonzero(counts)):
        candidates |= grid.values[:, name_col] == header.name_label
    rows = np.flatnonzero(candidates)
    if rows.size > _LOOP_LIMIT:
        names = pd.Series(grid.values[rows, name_col], dtype=object)
        rows = rows[names.str.match(r"\s*nama\b", case=False).to_numpy(dtype=bool, na_value=False)]
    for i in rows:
        if skip[i]:
            continue
        row = grid.values[i].tolist()
        if _is_header_row(row, name_col):
            top, k = int(i), int(i) + 1
        elif (
            # 'No' over a merged two-row header whose name is on the lower row.
            number_col is not None
            and i + 1 < grid.height
            and field_of(str(row[number_col]))[0] == ROW_NUMBER
            and _is_header_row(grid.values[i + 1].tolist(), name_col)
        ):
            top, k = int(i), int(i) + 2
        else:
            continue
        while (
            k < grid.height
            and k - top < MAX_LEVELS
            and is_sub_header_row(grid.values[k].tolist(), name_col)
        ):
            k += 1
        skip[top:k] = True
        while k < grid.height and counts[k] == 0:
            k += 1
        if k < grid.height and is_column_number_row(grid.values[k].tolist()):
            skip[k] = True
    return skip


def _numbered(grid: Grid, number_col: int | None) -> np.ndarray:
    """Rows whose number column holds a row number (1, '1', '1.')."""
    numbered = np.zeros(grid.height, dtype=bool)
    if number_col is None:
        return numbered
    filled = grid.filled[:, number_col]
    numbered = filled & grid.is_number(number_col)
    typed = np.flatnonzero(grid.is_text(number_col) & filled)
    if typed.size:
        digits = pd.Series(grid.values[typed, number_col], dtype=object).str.strip()
        numbered[typed] = digits.str.fullmatch(r"\d+\.?").to_numpy(dtype=bool)
    return numbered


def _counts(grid: Grid, header: Header, numbered: np.ndarray) -> np.ndarray:
    """Filled cells per row, whitespace-only cells not counted. The mapped columns other than
    dates are looked at whole (the roster reads them anyway); the other columns only in the
    rows whose kind (blank, short, number only) their cells could change."""
    sure = sorted({j for name, j in header.columns.items() if name not in _DATE_COLUMNS})
    grid.blank_columns(sure)
    filled = grid.filled
    others = [j for j in range(grid.width) if j not in set(sure)]
    if others:
        known = filled[:, sure].sum(axis=1) if sure else np.zeros(grid.height, dtype=np.int64)
        number_col = header.columns.get(ROW_NUMBER)
        number = filled[:, number_col].astype(np.int64) if number_col is not None else 0
        doubt = filled[:, others].any(axis=1) & (known <= np.where(numbered, number, _SHORT_ROW))
        rows = np.flatnonzero(doubt)
        if rows.size:
            grid.settle(rows, others)
    return filled.sum(axis=1)


def _signature_start(grid: Grid, short: np.ndarray, numbered: np.ndarray) -> int:
    """The first line of a signature block or of notes under the table, or the grid's end."""
    last_numbered = int(np.flatnonzero(numbered)[-1]) if numbered.any() else -1
    rows = np.flatnonzero(short)
    values, filled = grid.values[rows].tolist(), grid.filled[rows].tolist()
    for i, row, mask in zip(rows.tolist(), values, filled, strict=True):
        if _is_signature([cell for cell, f in zip(row, mask, strict=True) if f], i > last_numbered):
            return i
    return grid.height


def _gap_before(
    grid: Grid, header: Header, counts: np.ndarray, short: np.ndarray, skip: np.ndarray, end: int
) -> int:
    """Move the table's end from a signature block's first known line (`end`) up to the blank
    rows that part the block from the table: the lines between, short and without a NIK, date
    or sex, are the block's own ('Dibuat di : Tuban') though no word of them is known."""
    i, lines = end - 1, 0
    while i >= 0:
        if counts[i] == 0 or skip[i]:
            i -= 1
        elif short[i] and not _has_person_data(grid, header, i):
            lines += 1
            if lines > _SIGNATURE_LINES:
                return end  # too long for a signature block: rows of people with little data
            i -= 1
        else:
            break
    gaps = np.flatnonzero(counts[i + 1 : end] == 0)
    return i + 1 + int(gaps[0]) if gaps.size else end


#: What a header's name cell starts with (a cheap look before `_is_header_row`).
_NAME_LABEL = re.compile(r"\s*(?:nama|name)\b", re.IGNORECASE)
# What a line of text in the name column below the table's end is, when not a person.
_ROLE, _TAIL, _SIGNER, _NOTE, _LABEL, _BARE, _MARK = range(7)
#: Which kind of line a line right under one of these kinds goes on as.
_GOES_ON = {_ROLE: _ROLE, _NOTE: _NOTE, _TAIL: _SIGNER, _SIGNER: _SIGNER, _BARE: _LABEL}


def _line_kind(text: str) -> int | None:
    """What a line under the table's end plainly is (a role, the signer's rank or NIP, a note, a
    label such as 'Dibuat di : Tuban', a place and date, TOTAL, a line of dots), or None."""
    words = normalise(text)
    if not any(c.isalpha() for c in words):
        return _MARK  # '( ................ )', '____', a number
    if _TAIL_LINE.match(words):
        return _TAIL
    if _ROLE_LINE.match(words):
        return _ROLE
    if _NOTES.match(text) or _NOTE_LINE.match(words):
        return _NOTE
    split = words.split()
    if len(split) >= 3 and not _SENTENCE_WORDS.isdisjoint(split):
        return _NOTE
    if ":" in text or _LABEL_LINE.match(words):
        bare = _BARE_LABEL.fullmatch(words) or not normalise(text.rsplit(":", 1)[-1])
        return _BARE if bare else _LABEL
    if _PLACE_DATE.fullmatch(text.strip()) or _is_total(text):
        return _MARK
    if text.lstrip().startswith("("):
        return _SIGNER  # '(Drs. Hari Santoso)': the signer's name in brackets
    return None


def _unread_people(grid: Grid, header: Header, skip: np.ndarray, end: int) -> np.ndarray:
    """Rows from `end` on (not read) whose name column holds text that is no line of a signature
    block or of notes: people left under the blank rows, the TOTAL row or the signature.

    A line no word gives away is still the block's when it goes on from a role or note line
    right above it ('KEPALA UPT ...' / 'TULUNGAGUNG'), is the signer's name (a rank or NIP line
    right under it, or a role line a few blank rows above it: the space for the signature), or
    is the role over such a signer, two to six blank rows above it. A row with a NIK, date or
    sex is a person whatever its neighbours."""
    name_col = header.columns.get("name")
    none = np.zeros(0, dtype=np.int64)
    if name_col is None or end >= grid.height:
        return none
    rows = end + np.flatnonzero(
        grid.filled[end:, name_col] & grid.is_text(name_col)[end:] & ~skip[end:]
    )
    if rows.size == 0:
        return none
    lines = rows.tolist()
    kinds = [_line_kind(text) for text in grid.values[rows, name_col].tolist()]
    for k, i in enumerate(lines):
        if (
            kinds[k] is None
            and _NAME_LABEL.match(grid.values[i, name_col])
            and _is_header_row(grid.values[i].tolist(), name_col)
        ):
            kinds[k] = _MARK  # another table's header (the table's own, repeated, is `skip`)
    person = [
        kind is None and _has_person_data(grid, header, i)
        for kind, i in zip(kinds, lines, strict=True)
    ]
    space = _SIGNATURE_LINES + 1  # rows from a role line down to its signer's name, at most
    last = len(lines) - 1
    for k in range(last):  # the signer's name, over the rank or NIP
        if (
            kinds[k] is None and not person[k] and kinds[k + 1] == _TAIL
            and lines[k + 1] - lines[k] <= 2
        ):
            kinds[k] = _SIGNER
    for k in range(1, last + 1):  # top down: lines that go on from the line above
        if kinds[k] is not None or person[k]:
            continue
        above, step = kinds[k - 1], lines[k] - lines[k - 1]
        if step == 1 and above in _GOES_ON:
            kinds[k] = _GOES_ON[above]
        elif above == _ROLE and step <= space:
            kinds[k] = _SIGNER
    # Bottom up: a role no word gives away, over its signer, and the lines right above it (a
    # line right above a known role is not one: a person's row can be there).
    roles: set[int] = set()
    for k in range(last - 1, -1, -1):
        if kinds[k] is not None or person[k]:
            continue
        step = lines[k + 1] - lines[k]
        if (kinds[k + 1] == _SIGNER and 2 < step <= space) or (k + 1 in roles and step == 1):
            kinds[k] = _ROLE
            roles.add(k)
    return np.array([i for i, kind in zip(lines, kinds, strict=True) if kind is None], dtype=np.int64)


def data_rows(grid: Grid, header: Header) -> tuple[np.ndarray, np.ndarray]:
    """Positions (rows of `grid`, the cells under the header) of the rows that are data, and of
    the rows below the table's end that are not read but may be people (`_unread_people`)."""
    if grid.height == 0 or grid.width == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    number_col = header.columns.get(ROW_NUMBER)
    if number_col is not None:
        grid.blank(number_col)
    numbered = _numbered(grid, number_col)
    counts = _counts(grid, header, numbered)
    filled = grid.filled
    skip = _repeated_headers(grid, header, numbered, counts)

    # Numbered rows are data, however little they hold.
    short = (counts > 0) & (counts <= _SHORT_ROW) & ~numbered & ~skip
    end = signature = _signature_start(grid, short, numbered)

    # TOTAL / JUMLAH is written in the first columns, up to the name column, on a row
    # without a row number.
    name_col = header.columns.get("name", 0)
    total = np.zeros(grid.height, dtype=bool)
    left = np.column_stack(
        [grid.is_text(j) for j in range(min(name_col + 1, grid.width))]
    ) & filled[:, : name_col + 1]
    candidates = np.flatnonzero(left.any(axis=1) & ~numbered & ~skip)
    if candidates.size > _LOOP_LIMIT:
        for j in range(min(name_col + 1, grid.width)):
            rows = np.flatnonzero(left[:, j] & ~skip)
            texts = pd.Series(grid.values[rows, j], dtype=object).str.strip()
            total[rows] |= texts.str.match(_TOTAL).to_numpy(dtype=bool)
    else:
        for i in candidates:
            total[i] = any(_is_total(cell) for cell in grid.values[i, : name_col + 1])
    total[end:] = False
    content = (counts > 0) & ~skip
    for i in np.flatnonzero(total):
        following = np.flatnonzero(content[i + 1 : end])
        if following.size == 0 or number_col is None:
            end = int(i)
            break
        nxt = i + 1 + following[0]
        # The table goes on after a sub-total only when numbered rows follow.
        if not numbered[nxt] or total[nxt]:
            end = int(i)
            break
    if end == signature < grid.height:
        end = _gap_before(grid, header, counts, short, skip, end)

    keep = counts > 0
    if number_col is not None:
        keep &= counts > filled[:, number_col].astype(np.int64)
    keep &= ~total & ~skip
    keep[end:] = False
    return np.flatnonzero(keep), _unread_people(grid, header, skip | total, end)
