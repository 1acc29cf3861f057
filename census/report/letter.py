"""Official letters (tata naskah dinas, DOMAIN §8): the typed context and its HTML.

One component for every letter census writes — the request to the health office for a mass
swab, the cover letters of the unit packs — so that each only says what it asks: the context
(`Letter`) holds the letterhead, number, place and date, addressee, subject, body paragraphs,
signer and copies; `render_letter` prints it with templates/report/letter.html, an attachment
after it on a new page headed 'Lampiran Surat Nomor … Tanggal …'. `census.report.excel_letter`
writes the same letter into a workbook sheet.
"""

from __future__ import annotations

import base64
import mimetypes
from datetime import date
from pathlib import Path

from markupsafe import Markup

from census.config import Config
from census.i18n import Translator, translator
from census.report.context import Letter, Letterhead, Signer
from census.report.html import environment

__all__ = [
    "Letter", "Letterhead", "Signer", "attachment_count", "attachment_heading", "letter_number",
    "letterhead", "place_date", "render_letter", "signer",
]

_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
#: What a letter number shows where its serial is written by hand.
BLANK_SERIAL = "........"
_NUMBER_WORDS = {
    "id": ("nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan",
           "sepuluh"),
    "en": ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"),
}


def letterhead(config: Config) -> Letterhead:
    """The letterhead of `config` ([letter]; the agency defaults to the department's name)."""
    letter = config.letter
    logo, logo_path = "", None
    if letter.logo is not None:
        data = Path(letter.logo).read_bytes()
        kind = mimetypes.guess_type(str(letter.logo))[0] or "image/png"
        logo = f"data:{kind};base64,{base64.b64encode(data).decode('ascii')}"
        logo_path = letter.logo if kind in ("image/png", "image/jpeg") else None
    return Letterhead(
        government=letter.government.upper(),
        agency=(letter.agency or config.department).upper(),
        address=letter.address,
        phone=letter.phone,
        email=letter.email,
        website=letter.website,
        logo=logo,
        logo_path=logo_path,
    )


def signer(config: Config) -> Signer:
    """The department's signer from [letter] (position: 'KEPALA <DEPARTMENT>' when not given)."""
    letter = config.letter
    position = letter.signer_position or f"KEPALA {config.department.upper()}"
    return Signer(
        position=[line.strip() for line in position.splitlines() if line.strip()],
        name=letter.signer_name,
        rank=letter.signer_rank,
        nip=letter.signer_nip,
    )


def letter_number(pattern: str, on: date, serial: str | None = None) -> str:
    """A letter number from its pattern: {serial} (dots to write by hand when None), {year},
    {month} (Roman numerals): '443.1/{serial}/107.2/{year}' → '443.1/........ /107.2/2022'."""
    return pattern.format(serial=serial or BLANK_SERIAL, year=on.year, month=_ROMAN[on.month - 1])


def place_date(place: str, on: date, lang: str) -> str:
    """'Surabaya, 31 Maret 2022' (just the date when no place is configured)."""
    day = translator(lang).date(on)
    return f"{place}, {day}" if place else day


def attachment_count(count: int, t: Translator) -> str:
    """'Lampiran' of a letter: '1 (satu) berkas', '-' for none."""
    if count <= 0:
        return "-"
    words = _NUMBER_WORDS["en" if t.lang == "en" else "id"]
    spelled = words[count] if count < len(words) else str(count)
    return t.n("{count} ({words}) file", "{count} ({words}) files", count, words=spelled)


def attachment_heading(letter: Letter, on: date) -> list[str]:
    """The lines at the top of an attachment: 'Lampiran Surat', 'Nomor : …', 'Tanggal : …',
    'Perihal : …'."""
    t = letter.t
    number, day, subject = t("Number"), t("Date"), t("Subject")
    return [
        t("Attachment to the letter"),
        f"{number} : {letter.number}",
        f"{day} : {t.date(on)}",
        f"{subject} : {letter.subject}",
    ]


def render_letter(letter: Letter, attachment: Markup | None = None) -> str:
    """templates/report/letter.html filled with `letter`, then `attachment` on a new page."""
    template = environment().get_template("report/letter.html")
    return template.render(page=letter, t=letter.t, attachment=attachment or Markup(""))
