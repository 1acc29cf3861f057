"""Reminders for the outstanding list: a ready text per person with a phone, and its wa.me link.

The text says which dose, from when and where to go, in the report's language; the link opens
WhatsApp with that text only when the head clicks it (nothing is loaded by the page itself).
"""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import quote

from census.i18n import Translator, as_date

#: A run of digits with the separators rosters put inside a phone number.
_NUMBER = re.compile(r"\+?\d[\d\s().\-\u00a0]{6,}\d")


def wa_number(phone: object) -> str | None:
    """The first phone number of a cell in the international digits wa.me wants
    ('0812-3456-7890' → '6281234567890'); None when the cell holds no plausible number."""
    if phone is None or (isinstance(phone, float) and phone != phone):
        return None
    for match in _NUMBER.finditer(str(phone)):
        digits = re.sub(r"\D", "", match.group(0))
        if digits.startswith("0062"):
            digits = digits[2:]
        elif digits.startswith("0"):
            digits = "62" + digits[1:]
        elif digits.startswith("8"):  # a number cell dropped the leading 0 of 0812…
            digits = "62" + digits
        if digits.startswith("62") and 10 <= len(digits) <= 15 and digits[2] != "0":
            return digits
    return None


def reminder_text(name: str, dose: str, since: object, as_of: date, unit: str, place: str,
                  t: Translator) -> str:
    """'Yth. Siti Aminah, …': which dose (`dose`, already worded), from when (`since`), where
    to go (`place`); a date still to come is said as such."""
    day = as_date(since)
    if day is None:
        return t("Dear {name}, according to the vaccination census of {unit} you have not yet "
                 "received {dose} of the COVID-19 vaccine. Please go to {place} soon, bringing "
                 "your ID card (KTP). Thank you.", name=name, unit=unit, dose=dose, place=place)
    if day > as_of:
        return t("Dear {name}, according to the vaccination census of {unit} you can receive "
                 "{dose} of the COVID-19 vaccine from {date}. Please go to {place} from that "
                 "day, bringing your ID card (KTP). Thank you.", name=name, unit=unit,
                 dose=dose, date=t.date(day), place=place)
    return t("Dear {name}, according to the vaccination census of {unit} you have not yet "
             "received {dose} of the COVID-19 vaccine, due since {date}. Please go to {place} "
             "soon, bringing your ID card (KTP). Thank you.", name=name, unit=unit, dose=dose,
             date=t.date(day), place=place)


def wa_link(number: str, text: str) -> str:
    """https://wa.me/<number>?text=<text>: opens WhatsApp with the text, only when clicked."""
    return f"https://wa.me/{number}?text={quote(text, safe='')}"
