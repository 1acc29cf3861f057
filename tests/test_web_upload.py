"""Upload → findings: the portal shows what the core read and found, keeps every version, and
refuses bad files with the core's one line without touching what came before."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from django.test import override_settings
from django.urls import reverse

from census.read import read_workbook
from census.web import blobstore
from census.web.models import Outcome, StoredFile, Submission, Unit
from tests.webkit import (
    INPUTS,
    READ_DATA,
    Role,
    client_for,
    corrected_jombang,
    make_account,
    make_round,
    make_unit,
    planted,
    text_of,
    upload,
)

pytestmark = pytest.mark.django_db

JOMBANG = "upt_pstw_jombang"
#: What the core must find in the demo's Jombang workbook (tests/fixtures): two errors, planted,
#: and warnings by design (clients without a NIK, a remark it cannot read).
FOUND = planted("upt_pstw_jombang.xlsx")
ERRORS = [("Honorer!C15", "nik-length"), ("PNS!G17", "date-invalid")]
WARNINGS = len(FOUND) - len(ERRORS)


def _cells(html: bytes, css: str = "finding") -> list[tuple[str, str]]:
    """(cell, code) of every finding row of a page, in page order."""
    rows = re.findall(rf'<tr class="{css} (?:error|warning)">(.*?)</tr>', html.decode(), re.S)
    return [(re.search(r"<code>(.*?)</code>", r).group(1),  # type: ignore[union-attr]
             re.findall(r"<code>(.*?)</code>", r)[-1]) for r in rows]


@pytest.fixture()
def jombang():
    unit = make_unit(JOMBANG, "UPT Pelayanan Sosial Tresna Werdha Jombang")
    operator = make_account("op_jombang", Role.OPERATOR, unit)
    return make_round(), unit, client_for(operator)


def test_upload_shows_how_it_was_read_and_every_planted_finding(jombang) -> None:
    round_, _unit, client = jombang
    submission = upload(client, round_, JOMBANG, INPUTS / "upt_pstw_jombang.xlsx")
    rows = len(read_workbook(INPUTS / "upt_pstw_jombang.xlsx").rows)
    assert (submission.outcome, submission.version, submission.rows) == (Outcome.ACCEPTED, 1, rows)
    page = client.get(reverse("portal:submission", args=[submission.pk]))
    assert page.status_code == 200
    assert sorted(_cells(page.content)) == sorted(planted("upt_pstw_jombang.xlsx"))
    assert (submission.errors, submission.warnings) == (2, WARNINGS)
    text = text_of(page.content)
    # How it was understood: every sheet with its category, header row and column mapping.
    for sheet, category in [("PNS", "asn"), ("Honorer", "ptt"), ("Penerima Manfaat", "klien"),
                            ("Keluarga", "keluarga")]:
        assert f"{sheet} Kategori: {category} · judul kolom di baris 5" in text
    assert "G Tgl Vaksin 1 dose1_date" in text
    # The message is the core's Indonesian message, with the value.
    assert "NIK '351721581082243' terdiri dari 15 digit, seharusnya 16 digit." in text


def test_the_annotated_copy_is_the_units_workbook_marked_up(jombang) -> None:
    round_, _unit, client = jombang
    submission = upload(client, round_, JOMBANG, INPUTS / "upt_pstw_jombang.xlsx")
    response = client.get(reverse("portal:annotated", args=[submission.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="upt_pstw_jombang_v1_temuan.xlsx"'
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert book.sheetnames[0] == "Temuan"
    listed = [(row[1], row[3]) for row in book["Temuan"].iter_rows(min_row=2, values_only=True)]
    assert sorted(listed) == sorted(FOUND)
    assert "nik-length" in book["Honorer"]["C15"].comment.text


def test_a_corrected_upload_is_a_new_version_with_its_findings_fixed(jombang, tmp_path) -> None:
    round_, _unit, client = jombang
    first = upload(client, round_, JOMBANG, INPUTS / "upt_pstw_jombang.xlsx")
    second = upload(client, round_, JOMBANG, corrected_jombang(tmp_path))
    assert (second.version, second.errors, second.warnings) == (2, 0, WARNINGS)
    page = client.get(reverse("portal:submission", args=[second.pk]))
    html = page.content.decode()
    fixed = html.split('<div class="change-fixed">')[1].split("</table>")[0]
    assert _cells(fixed.encode()) == ERRORS
    assert '<div class="change-new">' not in html
    text = text_of(page.content)
    assert "2 temuan diperbaiki" in text and f"{WARNINGS} masih ada" in text
    # Both versions stay, each with its own file and findings; the unit page shows the newest.
    assert first.findings.count() == len(FOUND) and second.findings.count() == WARNINGS
    assert first.file != second.file
    unit_page = text_of(client.get(reverse("portal:unit", args=[round_.pk, JOMBANG])).content)
    assert "Versi 2" in unit_page and "v1" in unit_page and "terbaru" in unit_page


@pytest.mark.parametrize("fixture, words", [
    ("not_a_workbook.xlsx", "Bukan workbook Excel .xlsx: upt_pstw_jombang.xlsx"),
    ("protected.xlsx", "dilindungi kata sandi"),
    ("legacy.xls", "Format .xls lama tidak didukung"),
    ("corrupt.xlsx", "Workbook rusak atau bukan .xlsx"),
])
def test_a_refused_file_gets_the_cores_line_and_changes_nothing(jombang, fixture, words) -> None:
    round_, _unit, client = jombang
    good = upload(client, round_, JOMBANG, INPUTS / "upt_pstw_jombang.xlsx")
    refused = upload(client, round_, JOMBANG, READ_DATA / fixture)
    assert (refused.outcome, refused.version) == (Outcome.REFUSED, 2)
    assert refused.message and "\n" not in refused.message
    assert refused.file is not None  # kept as it came, marked refused
    page = client.get(reverse("portal:submission", args=[refused.pk]))
    assert words in text_of(page.content)  # the core's line, in Indonesian
    # The accepted version is still the current one, untouched.
    unit_page = client.get(reverse("portal:unit", args=[round_.pk, JOMBANG])).content.decode()
    assert f'id="version-{good.version}"' in unit_page
    assert Submission.objects.get(pk=good.pk).findings.count() == len(FOUND)


def test_a_zip_bomb_is_refused_with_one_line(jombang, tmp_path) -> None:
    round_, _unit, client = jombang
    bomb = tmp_path / "rekap.xlsx"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as part:
            for _ in range(80):
                part.write(b"\0" * (1 << 20))
    refused = upload(client, round_, JOMBANG, bomb)
    assert refused.outcome == Outcome.REFUSED and "zip bomb" in refused.message


def test_a_file_over_the_limit_is_refused_before_it_is_read(jombang) -> None:
    round_, _unit, client = jombang
    size = (INPUTS / "upt_pstw_jombang.xlsx").stat().st_size
    with override_settings(CENSUS_UPLOAD_LIMIT=size // 2):
        refused = upload(client, round_, JOMBANG, INPUTS / "upt_pstw_jombang.xlsx")
    assert (refused.outcome, refused.file) == (Outcome.REFUSED, None)
    assert "larger than the" in refused.message
    assert StoredFile.objects.count() == 0  # nothing of it was stored


def test_the_name_sent_is_never_a_path(jombang) -> None:
    round_, _unit, client = jombang
    submission = upload(client, round_, JOMBANG, INPUTS / "upt_pstw_jombang.xlsx",
                        name="../../../etc/cron.d/x<script>.xlsx")
    assert submission.original_name == "xscript.xlsx"
    stored = blobstore.path_of(submission.file)
    assert stored.name == submission.file.sha256 and stored.read_bytes() == \
        (INPUTS / "upt_pstw_jombang.xlsx").read_bytes()
    assert not Path("/etc/cron.d/x<script>.xlsx").exists()
    # The same bytes again are stored once.
    again = upload(client, round_, JOMBANG, INPUTS / "upt_pstw_jombang.xlsx")
    assert again.file_id == submission.file_id and StoredFile.objects.count() == 1


def test_a_closed_round_takes_no_upload(jombang) -> None:
    round_, _unit, client = jombang
    round_.is_open = False
    round_.save()
    url = reverse("portal:unit", args=[round_.pk, JOMBANG])
    with (INPUTS / "upt_pstw_jombang.xlsx").open("rb") as handle:
        response = client.post(url, {"file": handle})
    assert response.status_code == 409 and Submission.objects.count() == 0


def test_an_opendocument_spreadsheet_is_read_and_says_why_it_has_no_marked_up_copy(
        jombang, tmp_path) -> None:
    """Sniffed from the bytes (the name says .xlsx): LibreOffice's .ods is read by the core; the
    marked-up copy is made of Office workbooks only."""
    from tests.test_read_hostile import ROSTER, _ods

    round_, _unit, client = jombang
    ods = _ods(tmp_path / "dikira_excel.xlsx", [row for row in ROSTER if row])
    submission = upload(client, round_, JOMBANG, ods)
    assert (submission.outcome, submission.file.kind) == (Outcome.ACCEPTED, "ods")
    assert "nik-length" in [f.code for f in submission.findings.all()]
    page = client.get(reverse("portal:submission", args=[submission.pk])).content.decode()
    assert 'id="annotated"' not in page and "Salinan bertanda hanya dibuat" in page
    assert client.get(reverse("portal:annotated", args=[submission.pk])).status_code == 404


def test_every_demo_workbook_says_what_the_core_says(tmp_path) -> None:
    """Each finding the portal stores and shows is the core's check of the workbook, with its
    message word for word (messages whose values are messages themselves included)."""
    import shutil

    from census.config import load_config
    from census.findings import message
    from census.validate import validate_files
    from census.web.intake import as_finding

    config = load_config(INPUTS)
    round_ = make_round()
    for book in sorted(INPUTS.glob("*.xlsx")):
        make_unit(book.stem)
        alone = tmp_path / book.stem
        alone.mkdir()
        shutil.copy(book, alone / book.name)
        expected = [(f.cell, f.code, message(f, "id"))
                    for f in validate_files([alone / book.name], config).findings]
        client = client_for(make_account(f"op_{book.stem}", Role.OPERATOR,
                                         Unit.objects.get(code=book.stem)))
        submission = upload(client, round_, book.stem, book)
        stored = [as_finding(row, book.name) for row in submission.findings.all()]
        assert [(f.cell, f.code, message(f, "id")) for f in stored] == expected, book.name
        page = text_of(client.get(reverse("portal:submission", args=[submission.pk])).content)
        assert all(text in page for _cell, _code, text in expected), book.name
