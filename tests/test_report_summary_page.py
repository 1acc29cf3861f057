"""The department summary as printed: target marks on both charts, why the unit rows add up to
more people than the department, data quality by name (errors first, codes as tooltips), and the
department's signature block."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from census import findings as catalogue
from census.config import LetterConfig
from census.i18n import translator
from census.report import write_reports
from census.report.pages import summary_page, unit_target
from census.report.summary import summarise
from census.report.tables import quality_rows
from tests.report_factory import make_config, make_people, unit_codes
from tests.reportkit import html_text

ID = translator("id")


@pytest.fixture(scope="module")
def census(tmp_path_factory: pytest.TempPathFactory):
    units = unit_codes(4)
    persons, memberships = make_people(400, units, seed=21)
    config = make_config(units).model_copy(update={"letter": LetterConfig(
        place="Surabaya", signer_position="KEPALA DINAS SOSIAL\nPROVINSI JAWA TIMUR",
        signer_name="Dr. Sugeng Raharjo, M.Si", signer_rank="Pembina Utama Madya",
        signer_nip="19680506 199203 1 004")})
    unit = units[1]
    # A unit with more warnings than errors: its errors still rank first.
    findings = [catalogue.make("nik-region-unknown", "b.xlsx", "ASN", 10 + i, "C", "NIK",
                               "9999990101800001", unit=unit, region="999999")
                for i in range(5)]
    findings.append(catalogue.make("sex-invalid", "b.xlsx", "ASN", 30, "E", "JK", "X", unit=unit))
    out = tmp_path_factory.mktemp("summary")
    write_reports(persons, memberships, findings, config, out)
    return out, persons, memberships, findings, config, unit


def test_both_charts_draw_the_target_marks_their_legend_promises(census) -> None:
    _, persons, memberships, findings, config, _ = census
    summary = summarise(persons, memberships, config)
    page = summary_page(summary, quality_rows(findings, list(summary.units)), config, ID)
    for chart, bars in ((page.chart_units, len(summary.units)),
                        (page.chart_categories, len(summary.totals.by_category))):
        marks = re.findall(r'<line [^>]*stroke-width="2"/>', str(chart))
        assert len(marks) == bars + 1  # one per bar, one in the legend
    # A unit's mark: its categories' targets weighted by their eligible people.
    for unit in summary.units.values():
        parts = [(c.target, c.eligible) for c in unit.by_category.values()]
        weighted = sum(t * e for t, e in parts) / sum(e for _, e in parts)
        assert unit_target(unit) == pytest.approx(weighted)


def test_people_in_two_units_explain_the_totals(census) -> None:
    out, persons, memberships, _, config, _ = census
    summary = summarise(persons, memberships, config)
    several = memberships.drop_duplicates(["person_id", "unit"])["person_id"].value_counts()
    assert summary.in_several_units == int((several > 1).sum()) > 0
    rows = sum(u.total for u in summary.units.values())
    assert rows - summary.totals.total > 0
    text = html_text(out / "summary.html")
    expected = (f"{summary.in_several_units} orang tercatat di dua unit atau lebih dan dihitung "
                f"di setiap unitnya: jumlah baris unit {ID.number(rows)} orang, sedangkan jumlah "
                f"seluruh dinas menghitung setiap orang sekali ({ID.number(summary.totals.total)})")
    assert expected in text


def test_data_quality_by_name_errors_first_codes_as_tooltips(census) -> None:
    out, _, _, findings, _, unit = census
    (row,) = [q for q in quality_rows(findings, [unit]) if q.unit == unit]
    assert row.top_codes == [("sex-invalid", 1, "error"), ("nik-region-unknown", 5, "warning")]
    page = (out / "summary.html").read_text(encoding="utf-8")
    assert ('<span class="finding error" title="sex-invalid">Jenis kelamin tidak dikenal (1)'
            '</span>, <span class="finding warning" title="nik-region-unknown">'
            'Kode wilayah NIK tidak dikenal (5)</span>') in page
    import openpyxl

    ws = openpyxl.load_workbook(out / "summary.xlsx")["Kualitas data"]
    rows = [r for r in ws.iter_rows(values_only=True) if r[0] == unit]
    assert rows[0][4:6] == ("Jenis kelamin tidak dikenal (1), Kode wilayah NIK tidak dikenal (5)",
                            "sex-invalid, nik-region-unknown")


def test_the_summary_is_signed_by_the_department(census) -> None:
    out, *_ = census
    text = html_text(out / "summary.html")
    signature = text.split("Surabaya, 15 November 2021")[1]
    block = " ".join(signature.split("Dibuat oleh census")[0].split())
    assert block == ("KEPALA DINAS SOSIAL PROVINSI JAWA TIMUR Dr. Sugeng Raharjo, M.Si Pembina "
                     "Utama Madya NIP. 19680506 199203 1 004")
    import openpyxl

    values = [v for row in openpyxl.load_workbook(out / "summary.xlsx")["Ringkasan"]
              .iter_rows(values_only=True) for v in row if v]
    assert "Surabaya, 15 November 2021" in values and "Dr. Sugeng Raharjo, M.Si" in values


def test_print_keeps_the_kpi_cards_on_one_line_and_names_readable(census) -> None:
    page = (Path(census[0]) / "summary.html").read_text(encoding="utf-8")
    css = page.split("@media print")[1]
    assert ".kpis { flex-wrap: nowrap;" in css and "td.label { min-width: 45mm; }" in css
    assert "@page { size: A4 landscape;" in page
