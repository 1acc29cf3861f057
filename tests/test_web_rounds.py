"""Rounds, the department's tracker, health-office exports and census runs in the portal."""

from __future__ import annotations

import json
import re

import pytest
from django.urls import reverse

from census.web.models import CensusRun, DepartmentFile, Outcome, Round, RunState
from census.web.runner import census_toml
from census.web.speech import say
from tests.webkit import (
    INPUTS,
    READ_DATA,
    Role,
    client_for,
    make_account,
    make_round,
    make_unit,
    text_of,
    upload,
)

pytestmark = pytest.mark.django_db

UNITS = [("upt_pstw_jombang", "UPT Jombang", "081222921308"),
         ("upt_psbn_malang", "UPT Malang", "081200000001"),
         ("tagana", "Tagana Provinsi", "081200000002")]


@pytest.fixture()
def department():
    units = {code: make_unit(code, name, phone) for code, name, phone in UNITS}
    admin = make_account("sekretaris", Role.ADMIN)
    operators = {code: make_account(f"op_{code}", Role.OPERATOR, unit)
                 for code, unit in units.items()}
    return make_round(), units, client_for(admin), operators


def _tracker_units(html: bytes) -> list[tuple[str, str]]:
    return re.findall(r'<tr class="state-(\w+)" data-unit="(\w+)">', html.decode())


def test_the_tracker_puts_missing_and_erroneous_units_first(department, tmp_path) -> None:
    round_, _units, admin, operators = department
    from tests.webkit import corrected_jombang

    upload(client_for(operators["upt_psbn_malang"]), round_, "upt_psbn_malang",
           INPUTS / "upt_psbn_malang.xlsx")
    upload(client_for(operators["upt_pstw_jombang"]), round_, "upt_pstw_jombang",
           corrected_jombang(tmp_path))
    page = admin.get(reverse("portal:tracker", args=[round_.pk]))
    assert [(state, unit) for unit, state in [(u, s) for s, u in _tracker_units(page.content)]] \
        == [("missing", "tagana"), ("errors", "upt_psbn_malang"), ("warnings", "upt_pstw_jombang")]
    text = text_of(page.content)
    assert "Unit yang belum mengirim Unit Kepala No HP Tagana Provinsi Kepala tagana 081200000002" in text
    assert "op_upt_psbn_malang" in text  # who uploaded last
    # The department uploads the health-office export for the round; the core checks it.
    with (INPUTS / "registry" / "pcare_jatim_2022.csv").open("rb") as handle:
        admin.post(reverse("portal:department-upload", args=[round_.pk]) + "?kind=registry",
                   {"file": handle})
    with (READ_DATA / "scan.xlsx").open("rb") as handle:
        admin.post(reverse("portal:department-upload", args=[round_.pk]) + "?kind=registry",
                   {"file": handle})
    files = [(f.kind, f.outcome, f.rows > 0) for f in DepartmentFile.objects.order_by("pk")]
    assert files == [("registry", Outcome.ACCEPTED, True), ("registry", Outcome.REFUSED, False)]


def test_a_census_run_runs_the_current_versions_and_shows_every_output(
        department, django_capture_on_commit_callbacks, tmp_path) -> None:
    round_, _units, admin, operators = department
    from tests.webkit import corrected_jombang

    jombang = client_for(operators["upt_pstw_jombang"])
    upload(jombang, round_, "upt_pstw_jombang", INPUTS / "upt_pstw_jombang.xlsx")
    current = upload(jombang, round_, "upt_pstw_jombang", corrected_jombang(tmp_path))
    upload(jombang, round_, "upt_pstw_jombang", READ_DATA / "legacy.xls")  # refused: not used
    upload(client_for(operators["tagana"]), round_, "tagana", INPUTS / "tagana.xlsx")
    with (INPUTS / "tagana_plan.toml").open("rb") as handle:
        admin.post(reverse("portal:department-upload", args=[round_.pk]) + "?kind=plan",
                   {"file": handle})
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(reverse("portal:run-start", args=[round_.pk]))
    run = CensusRun.objects.get()
    assert response["Location"] == reverse("portal:run", args=[run.pk])
    assert run.state == RunState.DONE, run.message
    assert [s.pk for s in run.submissions.order_by("unit__code")] == \
        [s.pk for s in [round_.submissions.get(unit__code="tagana"), current]]
    assert {"persons.csv", "summary.html", "units/upt_pstw_jombang.html",
            "tagana/allocation.html"} <= set(run.files)
    page = admin.get(reverse("portal:run", args=[run.pk]))
    text = text_of(page.content)
    assert "Selesai" in text and f"{run.persons} orang" in text and "units/tagana.xlsx" in text
    assert b"hx-trigger" not in page.content  # finished: no more polling
    summary = admin.get(reverse("portal:run-file", args=[run.pk, "summary.json"]))
    numbers = json.loads(b"".join(summary.streaming_content))
    assert numbers["units"]["tagana"]["total"] > 0 and numbers["units"]["upt_pstw_jombang"]["total"]
    # The tracker shows each unit's people and coverage from the run.
    tracker = text_of(admin.get(reverse("portal:tracker", args=[round_.pk])).content)
    jombang_people = numbers["units"]["upt_pstw_jombang"]["total"]
    assert re.search(rf"UPT Jombang hanya peringatan .* {jombang_people} \d+,\d%", tracker)
    # The operator finds their unit's pack on their page.
    unit_page = jombang.get(reverse("portal:unit", args=[round_.pk, "upt_pstw_jombang"]))
    assert f"/runs/{run.pk}/files/units/upt_pstw_jombang.html".encode() in unit_page.content


def test_a_run_is_polled_while_it_runs_and_says_why_it_failed(
        department, django_capture_on_commit_callbacks) -> None:
    round_, _units, admin, _operators = department
    waiting = CensusRun.objects.create(round=round_)
    fragment = admin.get(reverse("portal:run-progress", args=[waiting.pk]))
    assert b'hx-get="/runs/' in fragment.content and b'hx-trigger="every 1s"' in fragment.content
    assert b"<html" not in fragment.content  # a fragment, not a page
    waiting.delete()
    with django_capture_on_commit_callbacks(execute=True):
        admin.post(reverse("portal:run-start", args=[round_.pk]))  # nothing submitted yet
    run = CensusRun.objects.get()
    line = say("id", run.message, run.message_values)
    assert run.state == RunState.FAILED and "workbook" in line and "internal" not in line
    assert line in text_of(admin.get(reverse("portal:run", args=[run.pk])).content)


def test_rounds_open_and_close(department) -> None:
    round_, _units, admin, operators = department
    response = admin.post(reverse("portal:rounds"), {"name": "Putaran 2 — Juni 2022",
                                                     "census_date": "2022-06-30"})
    second = Round.objects.get(name="Putaran 2 — Juni 2022")
    assert response["Location"] == reverse("portal:tracker", args=[second.pk])
    assert admin.post(reverse("portal:rounds"), {"name": "", "census_date": "x"}).status_code == 400
    admin.post(reverse("portal:round-close", args=[round_.pk]))
    round_.refresh_from_db()
    assert not round_.is_open and round_.closed_at is not None
    operator = client_for(operators["tagana"])
    # The operator lands on their unit in the open round.
    assert operator.get(reverse("portal:home"))["Location"] == \
        reverse("portal:unit", args=[second.pk, "tagana"])
    page = operator.get(reverse("portal:unit", args=[round_.pk, "tagana"]))
    assert b'type="file"' not in page.content  # closed: no upload form
    admin.post(reverse("portal:round-reopen", args=[round_.pk]))
    round_.refresh_from_db()
    assert round_.is_open


def test_the_runs_census_toml_has_the_rounds_date_and_the_portals_units(department) -> None:
    round_, units, _admin, _operators = department
    round_.census_date = round_.census_date.replace(month=6, day=30)
    text = census_toml(round_)
    assert "as_of = 2022-06-30" in text
    assert '[units.upt_pstw_jombang]\nname = "UPT Jombang"' in text
    assert 'head_phone = "081222921308"' in text and "[portal]" not in text


def test_a_run_cut_off_by_a_restart_says_so_and_a_waiting_one_waits(department) -> None:
    from census.web.serve import prepare

    round_ = department[0]
    cut = CensusRun.objects.create(round=round_, state=RunState.RUNNING)
    waiting = CensusRun.objects.create(round=round_, state=RunState.QUEUED)
    prepare(serving=True)
    cut.refresh_from_db()
    waiting.refresh_from_db()
    assert (cut.state, waiting.state) == (RunState.FAILED, RunState.QUEUED)
    assert cut.message.startswith("Interrupted when the server stopped")
