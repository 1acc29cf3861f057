"""One parser per kind of value — dates, NIK/NIP, sex, phone, brands, category and yes/no words —
used by every stage, the allocation plan and the portal, so a value means the same everywhere."""

from census.values.brands import BrandTable, names_a_brand, normalise_brand_text
from census.values.dates import (
    MONTHS,
    dates_in_text,
    number_text,
    parse_date,
    parse_dates,
    parse_one,
)
from census.values.nik import (
    ID_SEPARATORS,
    NikState,
    id_digits,
    nik_prefixes,
    nik_states,
    take_ids,
)
from census.values.phone import international, phone_number, phones
from census.values.sex import SEX_SPELLINGS, is_sex, sex_code, sex_codes
from census.values.words import category_of, normalise, yes_no

__all__ = [
    "ID_SEPARATORS",
    "MONTHS",
    "SEX_SPELLINGS",
    "BrandTable",
    "NikState",
    "category_of",
    "dates_in_text",
    "id_digits",
    "international",
    "is_sex",
    "names_a_brand",
    "nik_prefixes",
    "nik_states",
    "normalise",
    "normalise_brand_text",
    "number_text",
    "parse_date",
    "parse_dates",
    "parse_one",
    "phone_number",
    "phones",
    "sex_code",
    "sex_codes",
    "take_ids",
    "yes_no",
]
