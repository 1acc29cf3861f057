"""The findings catalogue: every stable code with its default severity, message and context fields.

A code's message is an English message id translated by the gettext catalogue
(`census.i18n`); its placeholders are the finding's own `{value}` and `{header}` and the context
fields the code declares. `make()` refuses (TypeError) a finding whose context lacks a declared
field or has one the code does not declare, so no message ever prints a placeholder unfilled, and
a test checks every message only uses what its code declares.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from census.i18n import N_, Message, translator
from census.model import Severity


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem found in the data: a record, never an exception.

    `row` is the worksheet row as Excel shows it (None for a sheet- or file-level finding),
    `column` the column letter (None when not about one cell), `header` the header text of that
    column. `context` carries the values the code's message declares (text, or a `Message`
    rendered in the reader's language). Messages are rendered by `census.findings.message`.
    """

    code: str
    severity: Severity
    file: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    header: str | None = None
    value: str | None = None
    context: tuple[tuple[str, str | Message], ...] = field(default=())
    unit: str | None = None

    @property
    def cell(self) -> str:
        """Where the finding is, as a secretary types it in Excel: 'ASN!C12', 'ASN!12' or 'ASN'."""
        where = f"{self.column or ''}{self.row or ''}"
        if self.sheet is None:
            return where
        return f"{self.sheet}!{where}" if where else self.sheet

    def to_dict(self, lang: str = "id") -> dict[str, object]:
        """The JSON shape of a finding (validate --format json, findings.json)."""
        return {
            "file": self.file,
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "header": self.header,
            "value": self.value,
            "code": self.code,
            "severity": str(self.severity),
            "message": message(self, lang),
            "unit": self.unit,
        }


@dataclass(frozen=True)
class Code:
    """One finding code: its default severity, its message, and the context fields it needs.

    `message` is an English message id with `str.format` placeholders: `{value}` and `{header}`
    (the finding's cell value and column header, '' when absent) and each name of `fields`.
    `others`: the fields that describe another person (a row that may be another unit's), and
    `scoped`: the message a unit's head reads instead, without them — a unit pack never names
    someone outside the unit (see `unit_message`).
    """

    severity: Severity
    message: str
    fields: tuple[str, ...] = ()
    others: tuple[str, ...] = ()
    scoped: str = ""


#: Placeholders every message may use: the finding's own attributes.
STANDARD_FIELDS = ("value", "header")

E, W = Severity.ERROR, Severity.WARNING

CATALOGUE: dict[str, Code] = {
    "header-not-found": Code(E, N_(
        "No header row found: no row has a name column. "
        "Make sure the table has a header row (e.g. 'No', 'Nama', 'NIK')."
    )),
    "missing-column": Code(E, N_(
        "Required column '{field}' is missing from this sheet. Add the column."
    ), ("field",)),
    "nik-missing": Code(E, N_(
        "NIK is empty. Fill in the 16-digit NIK from the ID card or family card."
    )),
    "nik-length": Code(E, N_(
        "NIK '{value}' has {length} digits; it must have 16. Check it against the ID card."
    ), ("length",)),
    "nik-not-digits": Code(E, N_(
        "NIK '{value}' contains letters or symbols. A NIK has digits only."
    )),
    "nik-stored-as-number": Code(E, N_(
        "NIK '{value}' was typed into a number cell: Excel keeps only 15 digits, so the last digit "
        "may have become 0. Format the NIK column as Text and type the NIK again."
    )),
    "nik-region-unknown": Code(W, N_(
        "NIK region code '{region}' is not a known district. Check the first 6 digits."
    ), ("region",)),
    "nik-birthdate-invalid": Code(E, N_(
        "The birth-date part of the NIK ('{part}') is not a real date. Check digits 7–12."
    ), ("part",)),
    "nik-birthdate-mismatch": Code(W, N_(
        "The NIK's birth date ({nik_date}) differs from the birth-date column ({row_date}). "
        "Check the birth date; a NIK is never reissued."
    ), ("nik_date", "row_date")),
    "nik-sex-mismatch": Code(W, N_(
        "The NIK says sex {nik_sex} but the sex column says '{row_sex}'. "
        "(Women's NIK day has 40 added.)"
    ), ("nik_sex", "row_sex")),
    "nip-format": Code(E, N_(
        "NIP '{value}' is not 18 digits (YYYYMMDD YYYYMM S NNN) or its dates are impossible. "
        "Copy the NIP from the appointment decree; spaces are fine."
    )),
    "nip-birthdate-mismatch": Code(W, N_(
        "The NIP's birth date ({nip_date}) differs from the birth-date column ({row_date}). "
        "Check the birth date and the NIP against the appointment decree."
    ), ("nip_date", "row_date")),
    "nip-sex-mismatch": Code(W, N_(
        "The NIP says sex {nip_sex} (digit 15: 1 male, 2 female) but the sex column says "
        "'{row_sex}'. Check the sex and the NIP."
    ), ("nip_sex", "row_sex")),
    "date-invalid": Code(E, N_(
        "Date '{value}' cannot be read. Write a date such as 05/07/2021 or 5 Juli 2021."
    )),
    "date-in-future": Code(E, N_(
        "Dose date {date} is after the census date ({as_of}). Check the date and year; "
        "leave a dose that has not been given empty."
    ), ("date", "as_of")),
    "dose-before-program": Code(E, N_(
        "Dose date {date} is before the programme started (13-01-2021). "
        "Check the year (e.g. 2020 typed for 2021)."
    ), ("date",)),
    "dose-before-birth": Code(E, N_(
        "Dose date {date} is before the birth date ({birth_date}). "
        "Check the birth date and the dose date."
    ), ("date", "birth_date")),
    "dose-order": Code(E, N_(
        "{header} ({date}) is dated before the previous dose ({previous}). "
        "Check the order and the dates of both doses."
    ), ("date", "previous")),
    "dose-missing-earlier": Code(E, N_(
        "{header} is filled but the earlier dose ({previous}) is empty. Fill in the earlier dose."
    ), ("previous",)),
    "dose-interval-short": Code(W, N_(
        "Only {days} days since the previous dose; the minimum for {brand} is {minimum} days. "
        "Check both dates against the vaccination card or certificate."
    ), ("days", "brand", "minimum")),
    "brand-unknown": Code(E, N_(
        "'{value}' is not a programme vaccine. Use one of: Sinovac, AstraZeneca, Sinopharm, "
        "Moderna, Pfizer, Novavax, Sputnik V, Janssen, Zifivax, IndoVac."
    )),
    "brand-missing": Code(W, N_(
        "A dose date is filled but its vaccine brand is empty. Fill in the brand."
    )),
    "brand-mixed": Code(W, N_(
        "The primary series mixes brands ({brands}). It still counts as complete; please check."
    ), ("brands",)),
    "duplicate-nik": Code(E, N_(
        "NIK '{value}' appears more than once in this sheet (also row {other_row}). "
        "Delete the duplicate row or correct the wrong NIK."
    ), ("other_row",)),
    "name-mismatch": Code(W, N_(
        "The same NIK is recorded with different names: '{value}' and '{other_name}' ({other})."
    ), ("other_name", "other"), others=("other_name", "other"), scoped=N_(
        "The same NIK is recorded under another name in another roster. Check the name and the "
        "NIK of '{value}' against the ID card; the department compares the two rows."
    )),
    "possible-duplicate": Code(W, N_(
        "Possibly the same person as '{other_name}' ({other}): similar name and birth date. "
        "Please review."
    ), ("other_name", "other"), others=("other_name", "other"), scoped=N_(
        "Possibly the same person as someone in another roster (similar name and birth date). "
        "Check the NIK against the ID card; the department compares the two rows."
    )),
    "registry-conflict": Code(W, N_(
        "{header} on the roster: {value}; health-office record: {registry}. "
        "The health-office record is used."
    ), ("registry",)),
    "status-unverified": Code(W, N_(
        "Says '{value}' but has no dose dates and no health-office record. "
        "Fill in the dates and brands."
    )),
    "birthdate-invalid": Code(E, N_(
        "The birth date {reason}. Fill in the correct birth date, e.g. 12/05/1980."
    ), ("reason",)),
    "sex-invalid": Code(E, N_("Sex '{value}' is not recognised. Write L or P.")),
    "file-unreadable": Code(E, N_("The file cannot be read and was skipped: {reason}"), ("reason",)),
    "name-missing": Code(E, N_(
        "Name is empty on a row that has data. Fill in the full name or delete the row."
    )),
    "nik-placeholder": Code(W, N_(
        "NIK '{value}' is a temporary NIK (digits 7–12 are zero), not a permanent one. "
        "Replace it with the 16-digit NIK from the ID or family card when there is one."
    )),
    "nip-stored-as-number": Code(E, N_(
        "NIP '{value}' was typed into a number cell: Excel keeps only 15 digits, so the last "
        "digits may be lost. Format the NIP column as Text and type the NIP again."
    )),
    "category-unknown": Code(W, N_(
        "Category '{value}' is not known. Write one of: ASN, PTT, Klien, Keluarga, Tagana "
        "(or name the sheet after its category)."
    )),
    "roster-not-found": Code(E, N_(
        "No roster found in this file (no header row with a name column); sheets looked at: "
        "{sheets}. The file was skipped."
    ), ("sheets",)),
    "formula-no-value": Code(E, N_(
        "{count} cells hold a formula whose value was never saved ({value}), so they read as "
        "empty. Open the file in Excel or LibreOffice, save it again, and send it again."
    ), ("count",)),
    "row-not-read": Code(W, N_(
        "This row was not read as a person because it lies below the end of the table (after the "
        "blank rows, TOTAL row or signature block that close the table): '{value}'. If this is a "
        "person, move the row into the table and fill in the NIK and birth date."
    )),
    "remark-not-understood": Code(W, N_(
        "Remark '{value}' is not understood, so it does not count for the status. Use known "
        "words (e.g. 'positif covid 5 Maret 2022', 'isoman', 'hamil') or add your office's "
        "wording to census.toml [rules.remarks]."
    )),
    "exempt-letter-missing": Code(W, N_(
        "The remark gives a medical reason not to be vaccinated ('{value}') without a doctor's "
        "letter. A medical exemption needs a doctor's letter: attach it and write 'surat "
        "dokter' in the remark."
    )),
    "nik-prefix-ambiguous": Code(W, N_(
        "NIK '{value}' was typed into a number cell (only 15 digits kept) and matches {count} "
        "people in the health-office records with a similar name and the same birth date, so "
        "none of their doses were taken. Type the full 16-digit NIK again as Text."
    ), ("count",)),
    "phone-invalid": Code(W, N_(
        "Phone number '{value}' cannot be used (too short or too long, or not a number). "
        "Write a number such as 0812-3456-7890."
    )),
    # ---- case records (DOMAIN §9): a Kasus / Terpapar sheet, or a workbook under inputs/kasus/
    "case-date-missing": Code(E, N_(
        "A positive case without a test date. Fill in the date of the positive test, "
        "e.g. 10/10/2021."
    )),
    "case-date-in-future": Code(E, N_(
        "{header} {date} is after the census date ({as_of}). Check the date and the year."
    ), ("date", "as_of")),
    "case-date-too-early": Code(E, N_(
        "{header} {date} is before Indonesia's first COVID-19 case (2 March 2020). "
        "Check the year."
    ), ("date",)),
    "case-isolation-order": Code(E, N_(
        "Isolation ends ({end}) before it starts ({start}). Check both dates."
    ), ("start", "end")),
    "case-outcome-order": Code(E, N_(
        "{header} ({date}) is before the positive test ({test}). Check both dates."
    ), ("date", "test")),
    "case-result-unknown": Code(E, N_(
        "Test result '{value}' is not recognised. Write Positif or Negatif."
    )),
    "case-severity-unknown": Code(E, N_(
        "Severity '{value}' is not recognised. Write one of: Tanpa gejala (OTG), Ringan, Sedang, "
        "Berat, Kritis. (Severe illness defers vaccination 3 months, mild 1 month.)"
    )),
    "case-test-type-unknown": Code(W, N_(
        "Test type '{value}' is not recognised. Write PCR or Antigen."
    )),
    "case-place-unknown": Code(W, N_(
        "Isolation place '{value}' is not recognised. Write Isoman, Isolasi terpadu, Ruang "
        "isolasi UPT (with the room's name) or the hospital (RS …)."
    )),
    "case-outcome-unknown": Code(W, N_(
        "Outcome '{value}' is not recognised. Write Sembuh or Meninggal; leave it empty while "
        "the person is still ill or isolating."
    )),
    "case-repeat-positive": Code(W, N_(
        "A second positive test within the isolation of the earlier case (row {other_row}, "
        "positive {other_date}, isolating until {other_end}): counted as one case. If it is a "
        "new case, check its dates."
    ), ("other_row", "other_date", "other_end")),
    "case-person-unknown": Code(W, N_(
        "'{value}' is on no vaccination roster of {unit_name}: the case counts for the unit "
        "but changes no one's vaccination status. Check the name/NIK, or add the person to "
        "the unit's roster."
    ), ("unit_name",)),
    "case-unit-unknown": Code(W, N_(
        "Unit '{value}' is not known. Write the unit's code (its roster file name) or its name "
        "as in census.toml."
    )),
    "case-person-died": Code(W, N_(
        "The case records say this person died ({date}) but the person is still on a "
        "vaccination roster. Remove them from the roster at the next round."
    ), ("date",)),
}


def message(finding: Finding, lang: str = "id") -> str:
    """The finding's message in `lang` ('id' or 'en'), with its values filled in."""
    entry = CATALOGUE.get(finding.code)
    if entry is None:
        return finding.code
    return translator(lang)(
        entry.message,
        value=finding.value if finding.value is not None else "",
        header=finding.header or "",
        **dict(finding.context),
    )


def unit_message(finding: Finding, lang: str = "id") -> str:
    """The finding's message as a unit's head reads it: without the fields that describe
    another person (`Code.others`), who may belong to another unit."""
    entry = CATALOGUE.get(finding.code)
    if entry is None or not entry.others:
        return message(finding, lang)
    context = {k: v for k, v in finding.context if k not in entry.others}
    return translator(lang)(
        entry.scoped,
        value=finding.value if finding.value is not None else "",
        header=finding.header or "",
        **context,
    )


def label(code: str) -> str:
    """The short name of a finding code (a message id: translate it with `t(label(code))`);
    the code itself when the catalogue has no label for it."""
    return LABELS.get(code, code)


def make(
    code: str,
    file: str,
    sheet: str | None = None,
    row: int | None = None,
    column: str | None = None,
    header: str | None = None,
    value: object = None,
    severity: Severity | None = None,
    unit: str | None = None,
    **context: object,
) -> Finding:
    """Build a Finding with the catalogue's default severity unless one is given.

    `context` must hold exactly the fields the code declares (TypeError otherwise). A context
    value is kept as text, or as a Message when it is words to translate.
    """
    entry = CATALOGUE[code]
    if context.keys() != set(entry.fields):
        missing = sorted(set(entry.fields) - context.keys())
        extra = sorted(context.keys() - set(entry.fields))
        raise TypeError(f"finding {code!r}: missing context {missing}, undeclared {extra}")
    return Finding(
        code=code,
        severity=severity or entry.severity,
        file=file,
        sheet=sheet,
        row=row,
        column=column,
        header=header,
        value=None if value is None else str(value),
        context=tuple(
            (key, item if isinstance(item, Message) else str(item)) for key, item in context.items()
        ),
        unit=unit,
    )


#: The short name of each code, for tables that count findings (the data-quality table of the
#: summary): what a secretary reads instead of the code.
LABELS: dict[str, str] = {
    "header-not-found": N_("No header row"),
    "roster-not-found": N_("No roster in the file"),
    "formula-no-value": N_("Formulas without saved values"),
    "missing-column": N_("Required column missing"),
    "nik-missing": N_("NIK empty"),
    "nik-length": N_("NIK not 16 digits"),
    "nik-not-digits": N_("NIK with letters or symbols"),
    "nik-stored-as-number": N_("NIK typed as a number"),
    "nik-region-unknown": N_("NIK region unknown"),
    "nik-birthdate-invalid": N_("NIK birth date impossible"),
    "nik-birthdate-mismatch": N_("NIK and birth date differ"),
    "nik-sex-mismatch": N_("NIK and sex differ"),
    "nip-format": N_("NIP malformed"),
    "nip-birthdate-mismatch": N_("NIP and birth date differ"),
    "nip-sex-mismatch": N_("NIP and sex differ"),
    "date-invalid": N_("Unreadable date"),
    "date-in-future": N_("Dose after the census date"),
    "dose-before-program": N_("Dose before the programme"),
    "dose-before-birth": N_("Dose before birth"),
    "dose-order": N_("Doses out of order"),
    "dose-missing-earlier": N_("Earlier dose missing"),
    "dose-interval-short": N_("Interval too short"),
    "brand-unknown": N_("Unknown vaccine"),
    "brand-missing": N_("Vaccine brand missing"),
    "brand-mixed": N_("Mixed brands"),
    "duplicate-nik": N_("NIK twice in a sheet"),
    "name-mismatch": N_("One NIK, two names"),
    "possible-duplicate": N_("Possible duplicate"),
    "registry-conflict": N_("Differs from the health office"),
    "status-unverified": N_("Vaccination unverified"),
    "birthdate-invalid": N_("Birth date wrong"),
    "sex-invalid": N_("Sex unrecognised"),
    "file-unreadable": N_("File unreadable"),
    "name-missing": N_("Name empty"),
    "nik-placeholder": N_("Temporary NIK"),
    "nip-stored-as-number": N_("NIP typed as a number"),
    "category-unknown": N_("Unknown category"),
    "row-not-read": N_("Row below the table"),
    "case-date-missing": N_("Case without test date"),
    "case-date-in-future": N_("Case date in the future"),
    "case-date-too-early": N_("Case date too early"),
    "case-isolation-order": N_("Isolation dates reversed"),
    "case-outcome-order": N_("Outcome before the test"),
    "case-result-unknown": N_("Unknown test result"),
    "case-severity-unknown": N_("Unknown severity"),
    "case-test-type-unknown": N_("Unknown test type"),
    "case-place-unknown": N_("Unknown isolation place"),
    "case-outcome-unknown": N_("Unknown outcome"),
    "case-repeat-positive": N_("Repeat positive test"),
    "case-person-unknown": N_("Case on no roster"),
    "case-unit-unknown": N_("Unknown unit"),
    "case-person-died": N_("Died, still on a roster"),
    "remark-not-understood": N_("Remark not understood"),
    "exempt-letter-missing": N_("Exemption without doctor's letter"),
    "nik-prefix-ambiguous": N_("NIK prefix matches several"),
    "phone-invalid": N_("Phone number unusable"),
}
