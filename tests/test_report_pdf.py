"""The PDFs of a demo census: every human report has one; a unit's opens with its cover letter
(portrait, to the head by name) and continues landscape with the running header, 'Halaman k
dari n', repeated table headers and the head's signature block with place and date."""

from __future__ import annotations

from pathlib import Path

import pypdf
import pytest

from census.config import load_config
from census.report.html import environment
from census.report.pdf import print_pdfs, write_pdf
from tests.reportkit import INPUTS, demo_outputs, pdf_pages

SUBJECT = "Hasil Sensus Tuntas Vaksinasi COVID-19"
AS_OF = "Keadaan per 31 Maret 2022"


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_outputs(tmp_path_factory)


def _sizes(path: Path) -> list[str]:
    return ["portrait" if page.mediabox.width < page.mediabox.height else "landscape"
            for page in pypdf.PdfReader(path).pages]


def test_every_human_report_has_its_pdf_beside_its_html(out: Path) -> None:
    pdfs = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.pdf"))
    units = sorted(f"units/{p.stem}.pdf" for p in (out / "units").glob("*.html"))
    assert pdfs == sorted(["summary.pdf", "tagana/allocation.pdf", *units])
    assert len(units) == 7


@pytest.mark.parametrize("code", ["upt_pstw_jombang", "dinsos_kantor", "tagana"])
def test_a_unit_pdf_is_the_cover_letter_then_the_pack(out: Path, code: str) -> None:
    config = load_config(INPUTS)
    unit = config.units[code]
    path = out / "units" / f"{code}.pdf"
    pages = pdf_pages(path)
    count = len(pypdf.PdfReader(path).pages)
    assert count == len(pages) >= 3
    # Page 1: the letter, portrait, addressed to the head by name, no running header.
    letter = pages[0]
    for words in (unit.head, SUBJECT, "Surabaya, 31 Maret 2022", "Nomor : 443.1/", "Sifat : Terbatas",
                  "Lampiran : 1 (satu) berkas", f"Perihal : {SUBJECT}", "Yth.",
                  f"di {unit.place}", "paling lambat 14 April 2022", config.letter.signer_name,
                  f"NIP. {config.letter.signer_nip}", "PEMERINTAH PROVINSI JAWA TIMUR"):
        assert words in letter, words
    assert "Halaman" not in letter
    assert _sizes(path) == ["portrait"] + ["landscape"] * (count - 1)
    # Then the pack, headed as the letter's attachment, every page with the running header
    # and its number.
    assert "Lampiran Surat" in pages[1] and unit.name in pages[1]
    for number, page in enumerate(pages[1:], start=2):
        assert f"Halaman {number} dari {count}" in page
        assert f"Dinas Sosial Provinsi Jawa Timur · {unit.name}" in page and AS_OF in page
    # The head's signature block closes the pack: place and date, position, name, NIP.
    last = pages[-1]
    title = unit.head_title or f"Kepala {unit.name}"
    for words in (f"{unit.place}, 31 Maret 2022", "Mengetahui,", title, unit.head,
                  f"NIP. {unit.head_nip}"):
        assert words in last, words


def test_the_outstanding_list_repeats_its_header_on_every_page(out: Path) -> None:
    pages = pdf_pages(out / "units" / "tagana.pdf")
    listing = [p for p in pages if "Belum lengkap Dosis 2" in p]
    assert len(listing) >= 2
    assert all("Nama NIK Kategori Status Dosis berikutnya Mulai tanggal" in p for p in listing)


def test_the_allocation_pdf_prints_each_list_with_its_header_on_few_landscape_pages(
        out: Path) -> None:
    path = out / "tagana" / "allocation.pdf"
    pages = pdf_pages(path)
    assert set(_sizes(path)) == {"landscape"} and len(pages) <= 14
    title = "Alokasi Vaksin Tagana dan Sahabat Tagana 2022"
    assert title in pages[0] and "tagana_plan.toml" not in pages[0].split("Per tahap")[0]
    for number, page in enumerate(pages, start=1):
        assert f"Halaman {number} dari {len(pages)}" in page and title in page
        if "sudah divaksin" in page:
            assert "Status awal tahap" in page  # a phase list's header on each of its pages
    waiting = " ".join(pages).split("Masih menunggu, belum mendapat tahap")[1]
    assert "Kabupaten Banyuwangi (" in waiting and "Kota Surabaya (" in waiting


def test_the_summary_pdf_ends_with_the_departments_signature(out: Path) -> None:
    config = load_config(INPUTS)
    pages = pdf_pages(out / "summary.pdf")
    assert len(pages) >= 2 and all(f"dari {len(pages)}" in p for p in pages)
    assert "Rekapitulasi Dinas" in pages[0] and AS_OF in pages[0]
    for words in ("Surabaya, 31 Maret 2022", "KEPALA DINAS SOSIAL", config.letter.signer_name,
                  config.letter.signer_rank, f"NIP. {config.letter.signer_nip}"):
        assert words in pages[-1], words


def _style(orientation: str = "portrait") -> str:
    return environment().get_template("report/_style.html").render(orientation=orientation)


def _rows_per_page(tmp_path: Path, rows: int) -> list[int]:
    body = "".join(f"<tr><td>row{i:03d}x</td><td>{i}</td></tr>" for i in range(rows))
    page = tmp_path / "t.html"
    page.write_text(f"<html><head>{_style()}</head><body><h1>T</h1><table><thead><tr><th>a</th>"
                    f"<th>b</th></tr></thead><tbody>{body}</tbody></table></body></html>",
                    encoding="utf-8")
    return [p.count("x ") + p.endswith("x") for p in pdf_pages(write_pdf(page))]


def test_a_table_never_leaves_its_last_row_alone_on_a_page(tmp_path: Path) -> None:
    """With the reports' CSS, a table one row longer than a page carries two rows over."""
    capacity = _rows_per_page(tmp_path, 200)[0]
    assert _rows_per_page(tmp_path, capacity) == [capacity]
    assert _rows_per_page(tmp_path, capacity + 1) == [capacity - 1, 2]


def test_printing_in_worker_processes_gives_the_same_pages(tmp_path: Path) -> None:
    pages = []
    for i in range(3):
        page = tmp_path / f"p{i}.html"
        page.write_text(f"<html><head>{_style()}</head><body><p>Halaman uji {i}</p></body></html>",
                        encoding="utf-8")
        pages.append(page)
    printed = print_pdfs(pages, workers=2)
    assert printed == [page.with_suffix(".pdf") for page in pages]
    assert [pdf_pages(p) for p in printed] == [[f"Halaman uji {i}"] for i in range(3)]


def test_a_page_that_refers_to_the_internet_loads_nothing(tmp_path: Path) -> None:
    page = tmp_path / "outside.html"
    page.write_text('<html><body><img src="http://example.invalid/x.png"><p>ok</p></body></html>',
                    encoding="utf-8")
    assert pdf_pages(write_pdf(page)) == ["ok"]


def test_a_pack_split_into_pages_for_the_browser_prints_whole(tmp_path: Path, monkeypatch) -> None:
    from census.report import pages as report_pages
    from census.report import write_reports
    from census.report.pdf import PRINT_FOLDER, print_run, printed_pages
    from tests.report_factory import make_config, make_people, unit_codes

    monkeypatch.setattr(report_pages, "PAGE_ROWS", 3)
    units = unit_codes(2)
    persons, memberships = make_people(120, units, seed=5)
    write_reports(persons, memberships, [], make_config(units), tmp_path, for_print=True)
    code = units[1]
    parts = sorted(p.name for p in (tmp_path / "units").glob(f"{code}*.html"))
    assert len(parts) >= 3 and f"{code}.p2.html" in parts
    whole = tmp_path / "units" / PRINT_FOLDER / f"{code}.html"
    assert whole in printed_pages(tmp_path)
    assert not [p for p in printed_pages(tmp_path) if ".p2" in p.name]
    print_run(tmp_path, workers=2)
    assert not (tmp_path / "units" / PRINT_FOLDER).exists()  # removed once printed
    pages = pdf_pages(tmp_path / "units" / f"{code}.pdf")
    text = " ".join(pages)
    # One document with the whole lists: every row, one page count, no pager.
    listed = int(text.split("Daftar belum tuntas (")[1].split(")")[0])
    assert listed > 6 and text.count("Daftar belum tuntas (") == 1 and "Halaman 2 dari" in text
    assert "Belum lengkap" in text and f"{code}.p2.html" not in text
