"""The findings catalogue: every stable code with its default severity and messages in id and en."""

from __future__ import annotations

from dataclasses import dataclass, field

from census.model import Severity


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem found in the data: a record, never an exception.

    `row` is the worksheet row as Excel shows it (None for a sheet- or file-level finding),
    `column` the column letter (None when not about one cell), `header` the header text of that
    column. `context` carries extra values a message needs (e.g. the other date of a conflict).
    Messages are rendered in a language by `census.findings.message(finding, lang)`.
    """

    code: str
    severity: Severity
    file: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    header: str | None = None
    value: str | None = None
    context: tuple[tuple[str, str], ...] = field(default=())
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
class CatalogueEntry:
    """One finding code: default severity, and a message per language.

    Messages are `str.format` templates; they may use {value}, {header}, {column}, {row},
    {sheet} and any key of the finding's `context`. Unknown keys render as '?'.
    """

    severity: Severity
    id: str
    en: str


E, W = Severity.ERROR, Severity.WARNING

CATALOGUE: dict[str, CatalogueEntry] = {
    "header-not-found": CatalogueEntry(
        E,
        "Baris judul kolom tidak ditemukan: tidak ada baris dengan kolom Nama. "
        "Pastikan tabel memiliki baris judul (mis. 'No', 'Nama', 'NIK').",
        "No header row found: no row has a name column. "
        "Make sure the table has a header row (e.g. 'No', 'Nama', 'NIK').",
    ),
    "missing-column": CatalogueEntry(
        E,
        "Kolom wajib '{field}' tidak ada di lembar ini. Tambahkan kolom tersebut.",
        "Required column '{field}' is missing from this sheet. Add the column.",
    ),
    "nik-missing": CatalogueEntry(
        E,
        "NIK kosong. Isi NIK 16 digit sesuai KTP/KK.",
        "NIK is empty. Fill in the 16-digit NIK from the ID card or family card.",
    ),
    "nik-length": CatalogueEntry(
        E,
        "NIK '{value}' terdiri dari {length} digit, seharusnya 16 digit. Periksa kembali dengan KTP/KK.",
        "NIK '{value}' has {length} digits; it must have 16. Check it against the ID card.",
    ),
    "nik-not-digits": CatalogueEntry(
        E,
        "NIK '{value}' berisi huruf atau simbol. NIK hanya boleh berisi angka.",
        "NIK '{value}' contains letters or symbols. A NIK has digits only.",
    ),
    "nik-stored-as-number": CatalogueEntry(
        E,
        "NIK '{value}' diketik sebagai angka: Excel hanya menyimpan 15 digit sehingga digit terakhir "
        "bisa hilang menjadi 0. Ubah format kolom NIK menjadi Teks (Text) lalu ketik ulang NIK.",
        "NIK '{value}' was typed into a number cell: Excel keeps only 15 digits, so the last digit "
        "may have become 0. Format the NIK column as Text and type the NIK again.",
    ),
    "nik-region-unknown": CatalogueEntry(
        W,
        "Kode wilayah NIK '{region}' tidak dikenal. Periksa 6 digit pertama NIK.",
        "NIK region code '{region}' is not a known district. Check the first 6 digits.",
    ),
    "nik-birthdate-invalid": CatalogueEntry(
        E,
        "Bagian tanggal lahir NIK ('{part}') bukan tanggal yang benar. Periksa digit 7–12 NIK.",
        "The birth-date part of the NIK ('{part}') is not a real date. Check digits 7–12.",
    ),
    "nik-birthdate-mismatch": CatalogueEntry(
        W,
        "Tanggal lahir pada NIK ({nik_date}) berbeda dengan kolom tanggal lahir ({row_date}). "
        "Periksa tanggal lahir; NIK tidak pernah diganti.",
        "The NIK's birth date ({nik_date}) differs from the birth-date column ({row_date}). "
        "Check the birth date; a NIK is never reissued.",
    ),
    "nik-sex-mismatch": CatalogueEntry(
        W,
        "NIK menunjukkan jenis kelamin {nik_sex}, tetapi kolom jenis kelamin berisi '{row_sex}'. "
        "(Tanggal pada NIK perempuan ditambah 40.)",
        "The NIK says sex {nik_sex} but the sex column says '{row_sex}'. "
        "(Women's NIK day has 40 added.)",
    ),
    "nip-format": CatalogueEntry(
        E,
        "NIP '{value}' tidak sesuai format 18 digit (TTTTBBHH TTTTBB J NNN) atau tanggalnya "
        "mustahil. Salin NIP dari SK pegawai; spasi boleh.",
        "NIP '{value}' is not 18 digits (YYYYMMDD YYYYMM S NNN) or its dates are impossible. "
        "Copy the NIP from the appointment decree; spaces are fine.",
    ),
    "nip-birthdate-mismatch": CatalogueEntry(
        W,
        "Tanggal lahir pada NIP ({nip_date}) berbeda dengan kolom tanggal lahir ({row_date}). "
        "Periksa tanggal lahir dan NIP dengan SK pegawai.",
        "The NIP's birth date ({nip_date}) differs from the birth-date column ({row_date}). "
        "Check the birth date and the NIP against the appointment decree.",
    ),
    "nip-sex-mismatch": CatalogueEntry(
        W,
        "NIP menunjukkan jenis kelamin {nip_sex} (digit ke-15: 1 laki-laki, 2 perempuan), tetapi "
        "kolom jenis kelamin berisi '{row_sex}'. Periksa jenis kelamin dan NIP.",
        "The NIP says sex {nip_sex} (digit 15: 1 male, 2 female) but the sex column says "
        "'{row_sex}'. Check the sex and the NIP.",
    ),
    "date-invalid": CatalogueEntry(
        E,
        "Tanggal '{value}' tidak dapat dibaca. Tulis sebagai tanggal, mis. 05/07/2021 atau 5 Juli 2021.",
        "Date '{value}' cannot be read. Write a date such as 05/07/2021 or 5 Juli 2021.",
    ),
    "date-in-future": CatalogueEntry(
        E,
        "Tanggal vaksin {date} sesudah tanggal sensus ({as_of}). Periksa tanggal dan tahunnya; "
        "dosis yang belum diberikan dikosongkan saja.",
        "Dose date {date} is after the census date ({as_of}). Check the date and year; "
        "leave a dose that has not been given empty.",
    ),
    "dose-before-program": CatalogueEntry(
        E,
        "Tanggal vaksin {date} sebelum program vaksinasi dimulai (13-01-2021). "
        "Periksa tahunnya (mis. 2021 tertulis 2020).",
        "Dose date {date} is before the programme started (13-01-2021). "
        "Check the year (e.g. 2020 typed for 2021).",
    ),
    "dose-before-birth": CatalogueEntry(
        E,
        "Tanggal vaksin {date} sebelum tanggal lahir ({birth_date}). "
        "Periksa tanggal lahir dan tanggal vaksin.",
        "Dose date {date} is before the birth date ({birth_date}). "
        "Check the birth date and the dose date.",
    ),
    "dose-order": CatalogueEntry(
        E,
        "Tanggal {header} ({date}) lebih awal dari dosis sebelumnya ({previous}). "
        "Periksa urutan dan tanggal kedua dosis.",
        "{header} ({date}) is dated before the previous dose ({previous}). "
        "Check the order and the dates of both doses.",
    ),
    "dose-missing-earlier": CatalogueEntry(
        E,
        "{header} terisi tetapi dosis sebelumnya ({previous}) kosong. Lengkapi dosis sebelumnya.",
        "{header} is filled but the earlier dose ({previous}) is empty. Fill in the earlier dose.",
    ),
    "dose-interval-short": CatalogueEntry(
        W,
        "Jarak dari dosis sebelumnya hanya {days} hari; minimal untuk {brand} adalah {minimum} hari. "
        "Periksa kedua tanggal dengan kartu/sertifikat vaksin.",
        "Only {days} days since the previous dose; the minimum for {brand} is {minimum} days. "
        "Check both dates against the vaccination card or certificate.",
    ),
    "brand-unknown": CatalogueEntry(
        E,
        "'{value}' bukan vaksin program nasional. Tulis salah satu: Sinovac, AstraZeneca, "
        "Sinopharm, Moderna, Pfizer, Novavax, Sputnik V, Janssen, Zifivax, IndoVac.",
        "'{value}' is not a programme vaccine. Use one of: Sinovac, AstraZeneca, Sinopharm, "
        "Moderna, Pfizer, Novavax, Sputnik V, Janssen, Zifivax, IndoVac.",
    ),
    "brand-missing": CatalogueEntry(
        W,
        "Tanggal vaksin terisi tetapi jenis vaksin kosong. Isi jenis vaksinnya.",
        "A dose date is filled but its vaccine brand is empty. Fill in the brand.",
    ),
    "brand-mixed": CatalogueEntry(
        W,
        "Dosis primer memakai merek berbeda ({brands}). Tetap dihitung lengkap; mohon diperiksa.",
        "The primary series mixes brands ({brands}). It still counts as complete; please check.",
    ),
    "duplicate-nik": CatalogueEntry(
        E,
        "NIK '{value}' muncul lebih dari sekali di lembar ini (juga di baris {other_row}). "
        "Hapus baris ganda atau perbaiki NIK yang salah.",
        "NIK '{value}' appears more than once in this sheet (also row {other_row}). "
        "Delete the duplicate row or correct the wrong NIK.",
    ),
    "name-mismatch": CatalogueEntry(
        W,
        "NIK yang sama tercatat dengan nama berbeda: '{value}' dan '{other_name}' ({other}).",
        "The same NIK is recorded with different names: '{value}' and '{other_name}' ({other}).",
    ),
    "possible-duplicate": CatalogueEntry(
        W,
        "Mungkin orang yang sama dengan '{other_name}' ({other}): nama dan tanggal lahir mirip. "
        "Mohon diperiksa.",
        "Possibly the same person as '{other_name}' ({other}): similar name and birth date. "
        "Please review.",
    ),
    "registry-conflict": CatalogueEntry(
        W,
        "{header} di daftar: {value}; data Dinkes: {registry}. Data Dinkes yang dipakai.",
        "{header} on the roster: {value}; health-office record: {registry}. "
        "The health-office record is used.",
    ),
    "status-unverified": CatalogueEntry(
        W,
        "Tertulis '{value}' tetapi tanpa tanggal vaksin dan tidak ada di data Dinkes. "
        "Lengkapi tanggal dan jenis vaksin.",
        "Says '{value}' but has no dose dates and no health-office record. "
        "Fill in the dates and brands.",
    ),
    "birthdate-invalid": CatalogueEntry(
        E,
        "Tanggal lahir {alasan}. Isi tanggal lahir yang benar, mis. 12/05/1980.",
        "The birth date {reason}. Fill in the correct birth date, e.g. 12/05/1980.",
    ),
    "sex-invalid": CatalogueEntry(
        E,
        "Jenis kelamin '{value}' tidak dikenal. Tulis L atau P.",
        "Sex '{value}' is not recognised. Write L or P.",
    ),
    "file-unreadable": CatalogueEntry(
        E,
        "Berkas tidak dapat dibaca dan dilewati: {reason}",
        "The file cannot be read and was skipped: {reason}",
    ),
    "name-missing": CatalogueEntry(
        E,
        "Nama kosong pada baris yang berisi data. Isi nama lengkap atau hapus baris itu.",
        "Name is empty on a row that has data. Fill in the full name or delete the row.",
    ),
    "nik-placeholder": CatalogueEntry(
        W,
        "NIK '{value}' adalah NIK sementara (digit 7–12 nol), bukan NIK tetap. "
        "Ganti dengan NIK 16 digit dari KTP/KK bila sudah ada.",
        "NIK '{value}' is a temporary NIK (digits 7–12 are zero), not a permanent one. "
        "Replace it with the 16-digit NIK from the ID or family card when there is one.",
    ),
    "nip-stored-as-number": CatalogueEntry(
        E,
        "NIP '{value}' diketik sebagai angka: Excel hanya menyimpan 15 digit sehingga digit "
        "terakhir bisa hilang. Ubah format kolom NIP menjadi Teks (Text) lalu ketik ulang NIP.",
        "NIP '{value}' was typed into a number cell: Excel keeps only 15 digits, so the last "
        "digits may be lost. Format the NIP column as Text and type the NIP again.",
    ),
    "category-unknown": CatalogueEntry(
        W,
        "Kategori '{value}' tidak dikenal. Tulis salah satu: ASN, PTT, Klien, Keluarga, Tagana "
        "(atau beri nama lembar sesuai kategorinya).",
        "Category '{value}' is not known. Write one of: ASN, PTT, Klien, Keluarga, Tagana "
        "(or name the sheet after its category).",
    ),
    "row-not-read": CatalogueEntry(
        W,
        "Baris ini tidak dibaca sebagai orang karena terletak di bawah akhir tabel (sesudah baris "
        "kosong, baris JUMLAH/TOTAL atau tanda tangan yang menutup tabel): '{value}'. Bila ini "
        "orang, pindahkan ke dalam tabel dan lengkapi NIK serta tanggal lahirnya.",
        "This row was not read as a person because it lies below the end of the table (after the "
        "blank rows, TOTAL row or signature block that close the table): '{value}'. If this is a "
        "person, move the row into the table and fill in the NIK and birth date.",
    ),
    # ---- case records (DOMAIN §9): a Kasus / Terpapar sheet, or a workbook under inputs/kasus/
    "case-date-missing": CatalogueEntry(
        E,
        "Kasus positif tanpa tanggal tes. Isi tanggal tes (swab) positifnya, mis. 10/10/2021.",
        "A positive case without a test date. Fill in the date of the positive test, "
        "e.g. 10/10/2021.",
    ),
    "case-date-in-future": CatalogueEntry(
        E,
        "{header} {date} sesudah tanggal sensus ({as_of}). Periksa tanggal dan tahunnya.",
        "{header} {date} is after the census date ({as_of}). Check the date and the year.",
    ),
    "case-date-too-early": CatalogueEntry(
        E,
        "{header} {date} sebelum kasus COVID-19 pertama di Indonesia (2 Maret 2020). "
        "Periksa tahunnya.",
        "{header} {date} is before Indonesia's first COVID-19 case (2 March 2020). "
        "Check the year.",
    ),
    "case-isolation-order": CatalogueEntry(
        E,
        "Isolasi selesai ({end}) sebelum isolasi mulai ({start}). Periksa kedua tanggal.",
        "Isolation ends ({end}) before it starts ({start}). Check both dates.",
    ),
    "case-outcome-order": CatalogueEntry(
        E,
        "{header} ({date}) sebelum tanggal tes positif ({test}). Periksa kedua tanggal.",
        "{header} ({date}) is before the positive test ({test}). Check both dates.",
    ),
    "case-result-unknown": CatalogueEntry(
        E,
        "Hasil tes '{value}' tidak dikenal. Tulis Positif atau Negatif.",
        "Test result '{value}' is not recognised. Write Positif or Negatif.",
    ),
    "case-severity-unknown": CatalogueEntry(
        E,
        "Derajat gejala '{value}' tidak dikenal. Tulis salah satu: Tanpa gejala (OTG), Ringan, "
        "Sedang, Berat, Kritis. (Gejala berat menunda vaksinasi 3 bulan, ringan 1 bulan.)",
        "Severity '{value}' is not recognised. Write one of: Tanpa gejala (OTG), Ringan, Sedang, "
        "Berat, Kritis. (Severe illness defers vaccination 3 months, mild 1 month.)",
    ),
    "case-test-type-unknown": CatalogueEntry(
        W,
        "Jenis tes '{value}' tidak dikenal. Tulis PCR atau Antigen.",
        "Test type '{value}' is not recognised. Write PCR or Antigen.",
    ),
    "case-place-unknown": CatalogueEntry(
        W,
        "Tempat isolasi '{value}' tidak dikenal. Tulis Isoman, Isolasi terpadu, Ruang isolasi "
        "UPT (dengan nama ruangnya) atau nama rumah sakit (RS …).",
        "Isolation place '{value}' is not recognised. Write Isoman, Isolasi terpadu, Ruang "
        "isolasi UPT (with the room's name) or the hospital (RS …).",
    ),
    "case-outcome-unknown": CatalogueEntry(
        W,
        "Keadaan akhir '{value}' tidak dikenal. Tulis Sembuh atau Meninggal; kosongkan bila "
        "masih dirawat/isolasi.",
        "Outcome '{value}' is not recognised. Write Sembuh or Meninggal; leave it empty while "
        "the person is still ill or isolating.",
    ),
    "case-repeat-positive": CatalogueEntry(
        W,
        "Tes positif kedua dalam masa isolasi kasus sebelumnya (baris {other_row}, positif "
        "{other_date}, isolasi sampai {other_end}): dihitung sebagai satu kasus. Bila memang "
        "kasus baru, periksa tanggalnya.",
        "A second positive test within the isolation of the earlier case (row {other_row}, "
        "positive {other_date}, isolating until {other_end}): counted as one case. If it is a "
        "new case, check its dates.",
    ),
    "case-person-unknown": CatalogueEntry(
        W,
        "'{value}' tidak ada di daftar vaksinasi unit {unit_name}: kasus dihitung untuk unit, "
        "tetapi tidak mengubah status vaksinasi siapa pun. Periksa nama/NIK, atau tambahkan "
        "orang itu ke daftar unitnya.",
        "'{value}' is on no vaccination roster of {unit_name}: the case counts for the unit "
        "but changes no one's vaccination status. Check the name/NIK, or add the person to "
        "the unit's roster.",
    ),
    "case-unit-unknown": CatalogueEntry(
        W,
        "Unit '{value}' tidak dikenal. Tulis kode unit (nama berkas daftarnya) atau nama unit "
        "seperti di census.toml.",
        "Unit '{value}' is not known. Write the unit's code (its roster file name) or its name "
        "as in census.toml.",
    ),
    "case-person-died": CatalogueEntry(
        W,
        "Menurut data kasus, orang ini meninggal ({date}) tetapi masih ada di daftar vaksinasi. "
        "Hapus dari daftar pada pendataan berikutnya.",
        "The case records say this person died ({date}) but the person is still on a "
        "vaccination roster. Remove them from the roster at the next round.",
    ),
}


class _Defaulting(dict[str, object]):
    def __missing__(self, key: str) -> str:
        return "?"


def message(finding: Finding, lang: str = "id") -> str:
    """The finding's message in `lang` ('id' or 'en'), with its values filled in."""
    entry = CATALOGUE.get(finding.code)
    if entry is None:
        return finding.code
    template = entry.en if lang == "en" else entry.id
    values = _Defaulting(
        value=finding.value if finding.value is not None else "",
        header=finding.header or "",
        column=finding.column or "",
        row=finding.row if finding.row is not None else "",
        sheet=finding.sheet or "",
    )
    values.update(dict(finding.context))
    return template.format_map(values)


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
    """Build a Finding with the catalogue's default severity unless one is given."""
    return Finding(
        code=code,
        severity=severity or CATALOGUE[code].severity,
        file=file,
        sheet=sheet,
        row=row,
        column=column,
        header=header,
        value=None if value is None else str(value),
        context=tuple((k, str(v)) for k, v in context.items()),
        unit=unit,
    )
