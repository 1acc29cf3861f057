"""The portal in Chromium: an operator fixes their workbook, the department runs the census.

`census serve --demo` runs as it would for a person (its own instance folder, a free loopback
port); Playwright drives Debian's Chromium. Screenshots of every page go to the test's temporary
folder (and to CENSUS_SCREENSHOTS when set, e.g. for the README's pictures).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pytest

from tests.test_browser import ARGS, CHROMIUM
from tests.webkit import INPUTS, corrected_jombang, planted

REPO = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Chromium is not installed (make test installs Debian's package)"
)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def portal(tmp_path_factory):
    """`census serve --demo` in its own folder: (base URL, {username: password})."""
    folder = tmp_path_factory.mktemp("portal")
    port = _free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    for name in ("CENSUS_INSTANCE", "CENSUS_CONFIG", "CENSUS_TASKS_IMMEDIATE", "DATABASE_URL",
                 "DJANGO_SETTINGS_MODULE"):
        env.pop(name, None)
    process = subprocess.Popen(
        [sys.executable, "-m", "census.cli", "serve", "--demo", "--inputs", str(INPUTS),
         "--instance", str(folder / "instance"), "--port", str(port)],
        cwd=folder, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    passwords: dict[str, str] = {}
    lines: list[str] = []
    deadline = time.monotonic() + 120
    assert process.stdout is not None
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        lines.append(line)
        account = re.match(r"\s+(\S+)\s+(\S+)\s+(admin|viewer|operator|head|coordinator)", line)
        if account:
            passwords[account.group(1)] = account.group(2)
        if line.startswith("Portal: "):
            break
    assert passwords and any(line.startswith("Portal: ") for line in lines), "".join(lines)
    try:
        yield f"http://127.0.0.1:{port}", passwords
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


class Shots:
    """Full-page screenshots, numbered in the order taken."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.keep = Path(os.environ["CENSUS_SCREENSHOTS"]) if os.environ.get(
            "CENSUS_SCREENSHOTS") else None
        self.count = 0

    def __call__(self, page, name: str) -> Path:
        self.count += 1
        path = self.folder / f"{self.count:02d}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        assert path.stat().st_size > 10_000
        if self.keep is not None:
            self.keep.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, self.keep / f"portal-{name}.png")
        return path


def _log_in(browser, base: str, username: str, password: str, requests: list[str],
            viewport: dict[str, int] | None = None):
    context = browser.new_context(viewport=viewport or {"width": 1280, "height": 900},
                                  accept_downloads=True)
    page = context.new_page()
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"{base}/login/")
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("form button[type=submit]")
    page.wait_for_load_state("networkidle")
    return context, page


def _state(page, unit: str) -> str:
    classes = page.locator(f'tr[data-unit="{unit}"]').get_attribute("class") or ""
    return classes.replace("state-", "")


def test_an_operator_fixes_the_workbook_and_the_department_runs_the_census(
        portal, browser, tmp_path) -> None:
    base, passwords = portal
    shots = Shots(tmp_path)
    requests: list[str] = []
    unit = "upt_pstw_jombang"

    # The department's tracker of the open round (the demo's round 2) before: Jombang's
    # round-2 workbook has warnings only.
    _runs_done(browser, base, passwords)
    admin_context, admin = _log_in(browser, base, "admin", passwords["admin"], requests)
    assert re.search(r"/rounds/\d+/$", admin.url)
    tracker_url = admin.url
    assert _state(admin, unit) == "warnings"
    shots(admin, "tracker-before")

    # The operator uploads the workbook with the planted mistakes and sees every finding.
    op_context, op = _log_in(browser, base, f"op_{unit}", passwords[f"op_{unit}"], requests)
    assert f"/units/{unit}/" in op.url
    op.set_input_files("#file", str(INPUTS / f"{unit}.xlsx"))
    op.click("form.upload button[type=submit]")
    op.wait_for_url(re.compile(r"/submissions/\d+/$"))
    rows = op.locator("tr.finding")
    cells = [rows.nth(i).locator("code").first.inner_text() for i in range(rows.count())]
    # Every planted mistake is found (uploaded into round 2, whose later census date also
    # warns about doses that fell due since March).
    assert {cell for cell, _code in planted(f"{unit}.xlsx")} <= set(cells)
    assert op.locator("b.errors").first.inner_text() == "2"
    shots(op, "upload-findings")

    # The marked-up copy downloads with one click and is the unit's workbook with a Temuan sheet.
    with op.expect_download() as download_info:
        op.click("a#annotated")
    annotated = tmp_path / "annotated.xlsx"
    download_info.value.save_as(annotated)
    book = openpyxl.load_workbook(annotated)
    assert book.sheetnames[0] == "Temuan" and book["Honorer"]["C15"].comment is not None

    # The corrected workbook: the two errors fixed, and the page says so.
    op.click("text=←")
    op.set_input_files("#file", str(corrected_jombang(tmp_path)))
    op.click("form.upload button[type=submit]")
    op.wait_for_url(re.compile(r"/submissions/\d+/$"))
    assert op.locator("b.errors").first.inner_text() == "0"
    fixed = op.locator(".change-fixed tr.finding code").all_inner_texts()
    assert [c for c in fixed if "!" in c] == ["Honorer!C15", "PNS!G17"]
    assert op.locator(".change-new").count() == 0
    shots(op, "resubmission")
    op.goto(f"{base}/rounds/")
    op.click(f'a[href*="/units/{unit}/"]')
    shots(op, "unit-history")
    op_context.close()

    # The administrator sees the tracker change, runs the census and takes the unit's pack.
    admin.goto(tracker_url)
    assert _state(admin, unit) == "warnings"
    shots(admin, "tracker-after")
    admin.click("#start-run")
    admin.wait_for_url(re.compile(r"/runs/\d+/$"))
    shots(admin, "run-progress")
    admin.wait_for_selector("#run-body.state-done", timeout=180_000)
    shots(admin, "run-done")
    with admin.expect_download() as download_info:
        admin.click(f'a:text-is("units/{unit}.xlsx")')
    pack = tmp_path / "pack.xlsx"
    download_info.value.save_as(pack)
    assert openpyxl.load_workbook(pack, read_only=True).sheetnames
    # Back on the tracker, every unit has its people and coverage from the run.
    admin.goto(tracker_url)
    coverage = admin.locator(f'tr[data-unit="{unit}"] td.coverage').inner_text()
    assert re.fullmatch(r"\d+,\d%", coverage), coverage
    shots(admin, "tracker-run")
    admin.goto(f"{base}/audit/")
    actions = {admin.locator("table.audit tr[data-action]").nth(i).get_attribute("data-action")
               for i in range(admin.locator("table.audit tr[data-action]").count())}
    assert {"login", "upload", "download", "run-started", "run-finished"} <= actions
    shots(admin, "audit")
    admin_context.close()

    # Nothing came from anywhere but the portal itself.
    assert requests and [u for u in requests if not u.startswith(base)] == []


def _runs_done(browser, base: str, passwords: dict[str, str]) -> None:
    """Wait until the demo's census runs (round 1, then round 2 compared with it) are done."""
    context, page = _log_in(browser, base, "admin", passwords["admin"], [])
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        page.goto(f"{base}/rounds/")
        trackers = [page.locator("table a").nth(i).get_attribute("href")
                    for i in range(page.locator("table a").count())]
        states = []
        for href in trackers:
            page.goto(f"{base}{href}")
            states += page.locator("table.runs span.badge").all_inner_texts() or ["none"]
            states += ["busy"] * page.locator("table.runs span.badge.queued, "
                                              "table.runs span.badge.running").count()
        if "busy" not in states and "none" not in states:
            break
        time.sleep(2)
    context.close()


def _number(page, row: str, cell: str) -> int:
    return int(page.locator(f'{row} td.{cell}').inner_text().replace(".", ""))


def test_a_head_downloads_the_pack_acknowledges_it_and_notes_an_action(
        portal, browser, tmp_path) -> None:
    base, passwords = portal
    _runs_done(browser, base, passwords)
    shots = Shots(tmp_path)
    requests: list[str] = []
    unit = "upt_pstw_jombang"
    context, head = _log_in(browser, base, f"kepala_{unit}", passwords[f"kepala_{unit}"],
                            requests)
    assert head.url.endswith(f"/units/{unit}/pack/")
    # The PDF (cover letter first) is printed when first asked for.
    with head.expect_download(timeout=180_000) as download_info:
        head.click('a.download[data-kind="PDF"]')
    pdf = tmp_path / "pack.pdf"
    download_info.value.save_as(pdf)
    assert pdf.read_bytes()[:5] == b"%PDF-" and pdf.stat().st_size > 20_000
    # Outstanding people, overdue first: every row of the unit's list, none of another unit.
    rows = head.locator("table.outstanding tr[data-person]")
    assert rows.count() > 10
    late = head.locator("table.outstanding tr[data-person].late").count()
    assert [head.locator("table.outstanding tr[data-person]").nth(i).get_attribute("class")
            for i in range(late)] == ["late"] * late
    head.click("#acknowledge")
    assert "Diterima" in head.locator("p.receipt").inner_text()
    first = rows.first
    person = first.get_attribute("data-person")
    status = first.locator("td").nth(3).inner_text()
    first.locator("select[name=action]").select_option("scheduled")
    first.locator("input[name=on_date]").fill("2022-07-15")
    first.locator("input[name=text]").fill("Puskesmas Jombang")
    first.locator("button[type=submit]").click()
    head.wait_for_load_state("networkidle")
    row = head.locator(f'tr[data-person="{person}"]')
    assert "Dijadwalkan" in row.locator(".note").inner_text()
    assert row.locator("td").nth(3).inner_text() == status  # a note changes no status
    shots(head, "head-pack")
    context.close()

    # The department sees the receipt and the note on the tracker and the unit's pack.
    admin_context, admin = _log_in(browser, base, "admin", passwords["admin"], requests)
    received = admin.locator(f'tr[data-unit="{unit}"] td.received').inner_text()
    assert "Diterima" in received and f"kepala_{unit}" in received
    admin.click(f'tr[data-unit="{unit}"] td.num a')
    assert "Puskesmas Jombang" in admin.locator(f'tr[data-person="{person}"] .note').inner_text()
    admin_context.close()
    assert [u for u in requests if not u.startswith(base)] == []


def test_the_coordinator_records_a_phase_on_a_phone_and_the_allocation_changes(
        portal, browser, tmp_path) -> None:
    base, passwords = portal
    _runs_done(browser, base, passwords)
    shots = Shots(tmp_path)
    requests: list[str] = []
    phone = {"width": 390, "height": 844}
    context, page = _log_in(browser, base, "koordinator", passwords["koordinator"], requests,
                            viewport=phone)
    assert "/tagana/" in page.url
    row = 'tr[data-phase="Tahap 3"]'
    page.click(f"{row} a")
    before = {cell: _number(page, row, cell) for cell in ("administered", "remaining",
                                                          "recorded")}
    no_show = page.locator(".volunteer:has(.badge.missing)").first
    person = no_show.get_attribute("data-person")
    name = no_show.locator(".who b").inner_text()
    page.fill("#volunteer-search", name.lower())
    visible = page.locator(".volunteer:visible")
    assert 1 <= visible.count() <= 3 and person in [
        visible.nth(i).get_attribute("data-person") for i in range(visible.count())]
    target = page.locator(f'.volunteer[data-person="{person}"]')
    target.locator("select.slot").select_option("dose2")
    assert target.locator("input[type=checkbox]").is_checked()
    # Nothing wider than the phone's screen: no sideways scrolling.
    assert page.evaluate("document.documentElement.scrollWidth") <= phone["width"]
    shots(page, "coordinator-checklist")
    page.click("#save-attendance")
    page.wait_for_load_state("networkidle")
    assert page.locator(".alert.ok").count() == 1
    assert _number(page, row, "recorded") == before["recorded"] + 1
    # The allocation report is updated by a census run in which the dose counts.
    # Wait for the page the form leads to: read too early, the old page has no #run-active.
    with page.expect_navigation():
        page.click("#update-report")
    deadline = time.monotonic() + 240
    while page.locator("#run-active").count() and time.monotonic() < deadline:
        time.sleep(2)
        page.reload()
    assert _number(page, row, "administered") == before["administered"] + 1
    assert _number(page, row, "remaining") == before["remaining"] - 1
    context.close()
    assert [u for u in requests if not u.startswith(base)] == []


def test_the_administrator_compares_the_two_rounds(portal, browser, tmp_path) -> None:
    base, passwords = portal
    _runs_done(browser, base, passwords)
    shots = Shots(tmp_path)
    requests: list[str] = []
    unit = "upt_pstw_jombang"
    context, admin = _log_in(browser, base, "admin", passwords["admin"], requests)
    admin.click("#link-changes")
    assert admin.locator(".card.chart svg").count() == 1
    kpis = admin.locator(".changes-kpis div b").all_inner_texts()
    assert len(kpis) == 6 and all(re.fullmatch(r"[\d.]+", k) for k in kpis)
    per_unit = admin.locator("section.change-table").first.locator(f'tr:has-text("({unit})") td')
    newly_complete = per_unit.nth(4).inner_text()
    shots(admin, "round-changes")
    admin.click('a:text-is("UPT Pelayanan Sosial Tresna Werdha Jombang")')
    assert admin.url.endswith(f"/units/{unit}/changes/")
    assert admin.locator(".changes-kpis div b").first.inner_text() == newly_complete
    # A person's page: the status in both rounds and why.
    admin.goto(f"{base}/")  # the open round's tracker: round 2
    admin.goto(admin.url + f"units/{unit}/pack/")
    admin.locator("table.outstanding tr[data-person] a").first.click()
    rounds = admin.locator("table.person-rounds tr[data-status]")
    assert rounds.count() == 2
    assert admin.locator("pre.explain").inner_text().strip()
    shots(admin, "person")
    context.close()
    assert [u for u in requests if not u.startswith(base)] == []
