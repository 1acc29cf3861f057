"""Write the case reports: kasus/ringkasan (the exposure register, counts only), kasus/isolasi (who
is isolating now), and the two copies of a swab list — each as .xlsx and .html."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from census.cases.excel_cases import write_letter_xlsx, write_page_xlsx
from census.cases.exposure import Exposure, exposure
from census.cases.link import CaseTable
from census.cases.swab import SwabList
from census.cases.swab_pages import attachment_page, swab_letter, unit_copy
from census.cases.views import CasePage, isolation_page, summary_page, unit_sections
from census.config import Config
from census.i18n import translator
from census.output import write_text_atomic
from census.report.context import Section
from census.report.html import environment, render_sections
from census.report.letter import render_letter
from census.report.write import unit_filename
from census.rules.table import Rules

#: The folder of the case reports inside a run's output folder.
FOLDER = "kasus"


def render_page(page: CasePage) -> str:
    """templates/cases/page.html filled with `page`."""
    return environment().get_template("cases/page.html").render(page=page, t=page.t)


def case_sections(table: CaseTable, config: Config, rules: Rules
                  ) -> tuple[Exposure, dict[str, list[Section]]]:
    """The exposure register on the census date and each unit's own cases for its pack."""
    found = exposure(table.rows, config, rules)
    return found, unit_sections(table.rows, found, config, rules, translator(config.lang))


def write_case_reports(table: CaseTable, found: Exposure, config: Config, rules: Rules,
                       out_dir: Path) -> list[Path]:
    """kasus/ringkasan.{json,xlsx,html} and kasus/isolasi.{xlsx,html} in `out_dir`."""
    t = translator(config.lang)
    folder = out_dir / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    path = folder / "ringkasan.json"
    write_text_atomic(path, found.model_dump_json(indent=1))
    written.append(path)
    summary = summary_page(found, t)
    written += _page(summary, folder / "ringkasan", chart_of=summary.sections[0].sheet)
    written += _page(isolation_page(table.rows, found, config, rules, t), folder / "isolasi")
    return written


def _page(page: CasePage, stem: Path, chart_of: str | None = None) -> list[Path]:
    html, xlsx = stem.with_suffix(".html"), stem.with_suffix(".xlsx")
    write_text_atomic(html, render_page(page))
    write_page_xlsx(xlsx, page, chart_of=chart_of)
    return [xlsx, html]


def write_swab(swab: SwabList, config: Config, rules: Rules, out_dir: Path, signed_on: date,
               serial: str | None = None) -> list[Path]:
    """The unit's copy (daftar_swab_<unit>_<date>, NIKs masked) and the health office's letter
    with the full list (surat_swab_<unit>_<date>, RAHASIA on every page) in `out_dir`."""
    t = translator(config.lang)
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = f"{unit_filename(swab.unit)}_{swab.on.isoformat()}"
    written = _page(unit_copy(swab, config, rules, t), out_dir / f"daftar_swab_{stem}")
    letter = swab_letter(swab, config, rules, t, signed_on, serial)
    attachment = attachment_page(swab, config, rules, t)
    html = out_dir / f"surat_swab_{stem}.html"
    write_text_atomic(html, render_letter(letter, render_sections(attachment.sections)))
    xlsx = out_dir / f"surat_swab_{stem}.xlsx"
    write_letter_xlsx(xlsx, letter, attachment)
    return [*written, xlsx, html]
