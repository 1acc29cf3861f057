"""The portal's second part on the demo's two rounds, loaded once for the module (two census
runs): the head's notes and receipts, the rounds compared, the coordinator's records as the
department's own evidence, reminders, and the round's archive and purge."""

from __future__ import annotations

import csv
import io
import shutil
import zipfile
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from census.rounds.diff import Diff
from census.rounds.people import allocated, outstanding_people
from census.web import retention, runner
from census.web.demo_round import load_demo
from census.web.models import (
    Account,
    ActionNote,
    Attendance,
    CensusRun,
    DepartmentFile,
    Role,
    Round,
    RunState,
    StoredFile,
    Unit,
)
from tests.webkit import INPUTS, client_for, text_of

pytestmark = pytest.mark.django_db
A, B = "upt_pstw_jombang", "upt_psbn_malang"


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """`census serve --demo`'s data: round 1 (closed) and round 2 (open), a run of each."""
    config = Path(settings.INSTANCE.config_file)
    with django_db_blocker.unblock():
        load_demo(INPUTS)
        first, second = Round.objects.order_by("census_date")
        runs = {r.round_id: r for r in CensusRun.objects.all()}
        assert [r.state for r in runs.values()] == [RunState.DONE, RunState.DONE], \
            [r.message for r in runs.values()]
        yield first, second, runs[first.pk], runs[second.pk]
        call_command("flush", interactive=False, verbosity=0)
    config.unlink(missing_ok=True)
    # The runs' folders too: the next module's runs start again at number 1.
    shutil.rmtree(settings.INSTANCE.runs, ignore_errors=True)


def _account(username: str) -> Account:
    return Account.objects.get(username=username)


def test_round_two_is_compared_with_round_one_for_the_department_and_each_unit(demo) -> None:
    first, second, run1, run2 = demo
    assert run2.previous_id == run1.pk and run1.previous_id is None
    diff = Diff.model_validate_json(runner.diff_file(run2).read_text("utf-8"))
    admin = client_for(_account("admin"))
    page = text_of(admin.get(reverse("portal:changes", args=[second.pk])).content)
    counts = diff.department.counts
    assert f"{counts['newly_complete']} Baru lengkap" in page
    # One unit's comparison: its own counts, and none of another unit's people.
    mine = diff.units[A]
    for who in ("admin", f"op_{A}", f"kepala_{A}"):
        response = client_for(_account(who)).get(reverse("portal:unit-changes",
                                                         args=[second.pk, A]))
        assert response.status_code == 200
        text = text_of(response.content)
        assert f"{mine.counts['newly_complete']} Baru lengkap" in text
    others = {p.name for code, changes in diff.units.items() if code != A
              for p in changes.newly_complete} - {p.name for p in mine.newly_complete}
    assert others and not [name for name in others if name in text]
    for who in (f"op_{B}", f"kepala_{B}", "koordinator", "viewer"):
        response = client_for(_account(who)).get(reverse("portal:unit-changes",
                                                         args=[second.pk, A]))
        assert response.status_code in (403, 404)


def test_a_heads_note_is_kept_for_their_own_people_only_and_changes_no_status(demo) -> None:
    first, second, run1, run2 = demo
    head = client_for(_account(f"kepala_{A}"))
    people = outstanding_people(runner.outputs(run2), A)
    late = [p.overdue for p in people]
    assert late == sorted(late, reverse=True)  # overdue first
    someone = people[0]
    stranger = outstanding_people(runner.outputs(run2), B)[0]
    url = reverse("portal:note", args=[second.pk, A])
    assert head.post(url, {"person_id": stranger.person_id, "action": "moved"}).status_code == 404
    assert head.post(url, {"person_id": someone.person_id, "action": "scheduled"}).status_code \
        == 400  # a scheduled dose needs its date
    response = head.post(url, {"person_id": someone.person_id, "action": "scheduled",
                               "on_date": "2022-07-15", "text": "Puskesmas"})
    assert response.status_code == 302
    assert [(n.unit.code, n.person_id, n.action, n.on_date) for n in ActionNote.objects.all()] \
        == [(A, someone.person_id, "scheduled", date(2022, 7, 15))]
    # The other unit's head cannot note for unit A at all.
    other = client_for(_account(f"kepala_{B}"))
    assert other.post(url, {"person_id": someone.person_id, "action": "died"}).status_code == 404
    # The department sees it on the tracker and on the unit's pack; the status is the run's.
    tracker = client_for(_account("admin")).get(reverse("portal:tracker", args=[second.pk]))
    assert b"Dijadwalkan" not in tracker.content  # counted there, told on the pack page
    pack = text_of(client_for(_account("admin")).get(
        reverse("portal:pack", args=[second.pk, A])).content)
    assert "Dijadwalkan tanggal 15 Juli 2022 Puskesmas" in pack
    assert outstanding_people(runner.outputs(run2), A)[0].status == someone.status
    # A closed round is frozen: round 1 takes no note and no receipt.
    round1 = reverse("portal:note", args=[first.pk, A])
    assert head.post(round1, {"person_id": someone.person_id, "action": "died"}).status_code \
        == 409
    assert head.post(reverse("portal:receipt", args=[first.pk, A])).status_code == 409


def test_the_coordinators_doses_reach_the_next_run_as_the_departments_own_export(
        demo, tmp_path, django_capture_on_commit_callbacks) -> None:
    first, second, run1, run2 = demo
    coordinator = client_for(_account("koordinator"))
    allocation = allocated(runner.outputs(run2))
    phase = allocation.phases[-1].phase
    no_shows = [a for a in allocation.assignments
                if a.phase == phase and a.outcome == "no_show"][:2]
    assert len(no_shows) == 2
    listed = [a.person_id for a in no_shows] + ["PFORGED000000"]
    response = coordinator.post(reverse("portal:attendance", args=[second.pk]), {
        "phase": phase, "given_on": "2022-04-28", "brand": "Sinovac", "listed": listed,
        f"came-{no_shows[0].person_id}": "1", f"slot-{no_shows[0].person_id}": no_shows[0].dose,
        f"came-{no_shows[1].person_id}": "1", f"slot-{no_shows[1].person_id}": "",
        "came-PFORGED000000": "1", "slot-PFORGED000000": "dose1",
    })
    assert response.status_code == 302
    assert sorted((a.person_id, a.came, a.slot) for a in Attendance.objects.all()) == sorted(
        [(no_shows[0].person_id, True, no_shows[0].dose), (no_shows[1].person_id, True, "")])
    rows = runner.attendance_export(second, tmp_path / "export.csv")
    lines = list(csv.DictReader(io.StringIO((tmp_path / "export.csv").read_text("utf-8"))))
    assert rows == 1 and [(r["Tanggal Vaksin"], r["Faskes"]) for r in lines] == [
        ("28/04/2022", f"Tagana: dicatat koordinator ({phase})")]
    assert len(lines[0]["NIK"]) == 16 and "*" not in lines[0]["NIK"]
    # The update: a run with the recorded dose; the phase counts one more administered.
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator.post(reverse("portal:tagana-update", args=[second.pk]))
    assert response.status_code == 302
    latest = runner.latest_run(second)
    assert latest is not None and latest.pk != run2.pk and latest.state == RunState.DONE
    before = {p.phase: p for p in allocation.phases}[phase]
    after = {p.phase: p for p in allocated(runner.outputs(latest)).phases}[phase]
    assert (after.administered, after.no_shows, after.remaining) == (
        before.administered + 1, before.no_shows - 1, before.remaining - 1)
    assert (runner.folder(latest) / "inputs" / "registry" / runner.ATTENDANCE_FILE).is_file()


def test_reminders_name_who_to_remind_with_whatsapp_links_and_go_by_mail(demo) -> None:
    first, second, run1, run2 = demo
    unit = Unit.objects.get(code=B)
    Account.objects.filter(username=f"kepala_{B}").update(email="kepala@malang.example")
    admin = client_for(_account("admin"))
    page = admin.get(reverse("portal:reminders", args=[second.pk])).content.decode()
    # Every unit has submitted in the demo; no head has acknowledged round 2's pack yet.
    assert 'data-kind="missing"' not in page
    phone = "62" + unit.head_phone[1:]
    assert f"https://wa.me/{phone}?text=Yth." in page
    response = admin.post(reverse("portal:reminders", args=[second.pk]))
    assert response.status_code == 200
    assert [m.to for m in mail.outbox] == [["kepala@malang.example"]]
    assert unit.name in mail.outbox[0].body


def test_a_round_is_exported_whole_and_purged_of_personal_data_later(demo, tmp_path,
                                                                      settings) -> None:
    first, second, run1, run2 = demo
    admin = client_for(_account("admin"))
    response = admin.get(reverse("portal:round-export", args=[first.pk]))
    assert response.status_code == 200
    archive = tmp_path / "round.zip"
    archive.write_bytes(b"".join(response.streaming_content))
    names = zipfile.ZipFile(archive).namelist()
    assert {"round.json", "submissions.json", "audit.json", "notes.json"} <= set(names)
    assert f"uploads/{A}_v1.xlsx" in names and f"runs/{run1.pk}/outputs/persons.csv" in names
    # Round 1 is closed; within the retention period it cannot be purged.
    purge = reverse("portal:round-purge", args=[first.pk])
    settings.CENSUS_RETENTION_DAYS = 100_000
    assert admin.post(purge).status_code == 409 and retention.stale_rounds() == []
    settings.CENSUS_RETENTION_DAYS = 1
    assert retention.stale_rounds() == [first]
    # Files round 2 shares with round 1 (the same bytes uploaded again) are kept.
    shared = set(second.submissions.values_list("file_id", flat=True))
    assert admin.post(purge).status_code == 302
    first.refresh_from_db()
    assert first.purged_at is not None
    out = runner.outputs(run1)
    assert sorted(p.name for p in out.iterdir()) == ["summary.html", "summary.json",
                                                     "summary.xlsx"]
    assert not (runner.folder(run1) / "inputs").exists()
    assert not first.submissions.exclude(file=None).exists()
    assert set(StoredFile.objects.values_list("pk", flat=True)) >= shared - {None}
    assert not DepartmentFile.objects.filter(round=first).exclude(file=None).exists()
    # The aggregates remain: the tracker's numbers from the run's record.
    run1.refresh_from_db()
    assert run1.units[A]["people"] > 0 and run1.persons > 0
    assert client_for(_account("admin")).get(
        reverse("portal:tracker", args=[first.pk])).status_code == 200
    assert client_for(_account(f"kepala_{A}")).get(
        reverse("portal:pack", args=[first.pk, A])).status_code == 200
    assert Role.HEAD == "head"
