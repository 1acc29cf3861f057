"""The summary and a unit page in headless Chromium: they render, and nothing leaves the machine."""

from __future__ import annotations

import os
import re
import shutil
import struct
from pathlib import Path

import pytest

from census.report import write_reports
from tests.report_factory import make_config, make_findings, make_people, unit_codes

CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists()
                                        else None)
ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Chromium is not installed (make test installs Debian's package)"
)


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_reports_render_offline_in_chromium(tmp_path: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    units = unit_codes(4)
    persons, memberships = make_people(300, units, seed=7)
    out = tmp_path / "out"
    out.mkdir()
    write_reports(persons, memberships, make_findings(persons, memberships, 20), make_config(units),
                  out)
    pages = [out / "summary.html", out / "units" / f"{units[1]}.html"]

    requests: list[str] = []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            page.on("request", lambda request: requests.append(request.url))
            for i, html in enumerate(pages):
                page.goto(html.as_uri(), wait_until="load")
                # The page really rendered: its tables and the SVG charts are laid out.
                assert page.locator("table").count() >= 3
                assert page.locator("h1").inner_text().strip()
                if i == 0:
                    box = page.locator("svg.chart").first.bounding_box()
                    assert box is not None and box["width"] > 300 and box["height"] > 100
                else:
                    # The cover letter first, then the pack; WhatsApp reminders are links only
                    # (nothing requested below), shown on screen and hidden in print.
                    assert page.locator("article.letter").count() == 1
                    links = page.locator("a.wa")
                    assert links.count() > 5 and links.first.is_visible()
                    page.emulate_media(media="print")
                    assert not links.first.is_visible()
                    page.emulate_media(media="screen")
                shot = tmp_path / f"page{i}.png"
                page.screenshot(path=str(shot), full_page=True)
                width, height = _png_size(shot)
                assert width >= 1000 and height > 900 and shot.stat().st_size > 20_000
                pdf = page.pdf(format="A4", print_background=True)  # prints on A4
                assert pdf[:5] == b"%PDF-" and len(pdf) > 10_000
                keep = os.environ.get("CENSUS_SCREENSHOTS")  # e.g. for the README's pictures
                if keep:
                    Path(keep).mkdir(parents=True, exist_ok=True)
                    shutil.copy(shot, Path(keep) / f"{html.stem}.png")
        finally:
            browser.close()
    allowed = {html.as_uri() for html in pages}
    leaked = [u for u in requests if u not in allowed and not u.startswith(("data:", "about:"))]
    assert requests and leaked == []


def test_case_pages_and_the_swab_letter_render_offline_and_say_confidential(
    tmp_path: Path,
) -> None:
    """The exposure register (a chart over time) and the letter to the health office: laid
    out, printable on A4, 'RAHASIA' fixed on every printed page of the letter, nothing fetched."""
    from datetime import date

    from census.pipeline import run_census, run_swab

    sync_api = pytest.importorskip("playwright.sync_api")
    inputs = Path(__file__).resolve().parent / "data" / "cases" / "inputs"
    run_census(inputs, tmp_path / "out", pdf=False)
    swab = run_swab(inputs, "upt_pstw_tuban", date(2021, 11, 10), out=tmp_path / "swab")
    letter = next(p for p in swab if p.name.startswith("surat_") and p.suffix == ".html")
    pages = [tmp_path / "out" / "kasus" / "ringkasan.html", letter]

    requests: list[str] = []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            page.on("request", lambda request: requests.append(request.url))
            page.goto(pages[0].as_uri(), wait_until="load")
            box = page.locator("svg.chart").first.bounding_box()
            assert box is not None and box["width"] > 300 and box["height"] > 150
            assert page.locator("svg.chart rect").count() >= 5  # a column per month and group
            page.goto(letter.as_uri(), wait_until="load")
            page.emulate_media(media="print")
            secret = page.locator(".secret")
            assert secret.inner_text().strip() == "RAHASIA"
            # position: fixed repeats the mark on every printed page.
            assert secret.evaluate("e => getComputedStyle(e).position") == "fixed"
            assert page.locator(".attachment table").count() == 2
            assert page.locator(".attachment").evaluate(
                "e => getComputedStyle(e).breakBefore") == "page"
            pdf = page.pdf(format="A4", print_background=True)
            # The letter on its own page, the attachment from a new one.
            assert pdf[:5] == b"%PDF-" and len(re.findall(rb"/Type\s*/Page[^s]", pdf)) >= 2
            keep = os.environ.get("CENSUS_SCREENSHOTS")
            if keep:
                Path(keep).mkdir(parents=True, exist_ok=True)
                page.emulate_media(media="screen")
                for html in pages:
                    page.goto(html.as_uri(), wait_until="load")
                    page.screenshot(path=str(Path(keep) / f"{html.stem}.png"), full_page=True)
        finally:
            browser.close()
    allowed = {html.as_uri() for html in pages}
    leaked = [u for u in requests if u not in allowed and not u.startswith(("data:", "about:"))]
    assert requests and leaked == []
