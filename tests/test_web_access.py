"""The authorisation matrix: every URL of the portal × every role and an operator of another unit.

Allowed → 200 (or the redirect a page answers with); anything else → 403 or 404, and then the
body holds nothing of the other unit: 0 cross-unit reads. The matrix must name every URL the
portal has (a new page without a row here fails the test).
"""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace

import pytest
from django.urls import URLPattern, reverse

from census.web import urls
from census.web.models import (
    ActionNote,
    Attendance,
    AuditEvent,
    CensusRun,
    DepartmentFile,
    Receipt,
    RunState,
    Submission,
)
from tests.webkit import (
    INPUTS,
    Role,
    client_for,
    make_account,
    make_round,
    make_unit,
    upload,
)

pytestmark = pytest.mark.django_db

A, B = "upt_pstw_jombang", "upt_psbn_malang"
#: Things of unit A that must never appear in a page refused to someone else.
A_SECRETS = ("jombang", "Jombang", "351721581082243", "Karimah")
WHO = ("anonymous", "admin", "viewer", "op_a", "op_b", "head_a", "head_b", "coord")


@dataclass(frozen=True)
class Case:
    """One URL: who gets what. `allowed`: role → expected status; everyone else 403/404."""

    name: str
    url: str
    allowed: dict[str, int]
    method: str = "get"
    secret: bool = True  # refusals must not show unit A's data
    skip: tuple[str, ...] = ()  # allowed, but changes the world: tested on its own elsewhere


@pytest.fixture()
def world(django_capture_on_commit_callbacks):
    unit_a = make_unit(A, "UPT Pelayanan Sosial Tresna Werdha Jombang", phone="081222921308")
    unit_b = make_unit(B, "UPT Pelayanan Sosial Bina Netra Malang")
    accounts = {
        "admin": make_account("admin", Role.ADMIN),
        "viewer": make_account("viewer", Role.VIEWER),
        "op_a": make_account("op_a", Role.OPERATOR, unit_a),
        "op_b": make_account("op_b", Role.OPERATOR, unit_b),
        "head_a": make_account("head_a", Role.HEAD, unit_a),
        "head_b": make_account("head_b", Role.HEAD, unit_b),
        "coord": make_account("coord", Role.COORDINATOR),
    }
    round_ = make_round()
    sub_a = upload(client_for(accounts["op_a"]), round_, A, INPUTS / f"{A}.xlsx")
    upload(client_for(accounts["op_b"]), round_, B, INPUTS / f"{B}.xlsx")
    admin = client_for(accounts["admin"])
    with (INPUTS / "registry" / "pcare_jatim_2022.csv").open("rb") as handle:
        admin.post(reverse("portal:department-upload", args=[round_.pk]) + "?kind=registry",
                   {"file": handle})
    with (INPUTS / "tagana_plan.toml").open("rb") as handle:
        admin.post(reverse("portal:department-upload", args=[round_.pk]) + "?kind=plan",
                   {"file": handle})
    with django_capture_on_commit_callbacks(execute=True):
        admin.post(reverse("portal:run-start", args=[round_.pk]))
    run = CensusRun.objects.get()
    assert run.state == RunState.DONE, run.message
    return accounts, round_, sub_a, run, DepartmentFile.objects.get(kind="registry")


def _cases(round_, sub, run, department_file, person="P0000000000000") -> list[Case]:
    r, s = round_.pk, sub.pk
    everyone = {"admin": 200, "viewer": 200, "op_a": 200, "op_b": 200, "head_a": 200,
                "head_b": 200, "coord": 200}
    department = {"admin": 200, "viewer": 200}
    unit_a = {"admin": 200, "op_a": 200}
    pack_a = {**unit_a, "head_a": 200}
    tagana = {"admin": 200, "coord": 200}
    home = {who: 302 for who in everyone}
    return [
        Case("home", reverse("portal:home"), home, secret=False),
        Case("login", reverse("portal:login"),
             {"anonymous": 200, **{k: 302 for k in everyone}}, secret=False),
        Case("logout", reverse("portal:logout"), {"anonymous": 302, **home}, "post", False),
        Case("password", reverse("portal:password"), everyone, secret=False),
        Case("language", reverse("portal:language"), {"anonymous": 302, **home}, "post", False),
        Case("rounds", reverse("portal:rounds"), everyone, secret=False),
        Case("rounds", reverse("portal:rounds"), {"admin": 400}, "post"),
        Case("tracker", reverse("portal:tracker", args=[r]), department),
        Case("round-close", reverse("portal:round-close", args=[r]), {}, "post", skip=("admin",)),
        Case("round-reopen", reverse("portal:round-reopen", args=[r]), {}, "post",
             skip=("admin",)),
        Case("department-upload", reverse("portal:department-upload", args=[r]), {"admin": 400},
             "post"),
        Case("run-start", reverse("portal:run-start", args=[r]), {}, "post", skip=("admin",)),
        Case("unit", reverse("portal:unit", args=[r, A]), unit_a),
        Case("unit", reverse("portal:unit", args=[r, A]), {"admin": 400, "op_a": 400}, "post"),
        Case("submission", reverse("portal:submission", args=[s]), unit_a),
        Case("annotated", reverse("portal:annotated", args=[s]), unit_a),
        Case("original", reverse("portal:original", args=[s]), unit_a),
        Case("department-file", reverse("portal:department-file", args=[department_file.pk]),
             {"admin": 200}),
        Case("run", reverse("portal:run", args=[run.pk]), department),
        Case("run-progress", reverse("portal:run-progress", args=[run.pk]), department),
        Case("run-file", reverse("portal:run-file", args=[run.pk, "summary.html"]), department,
             secret=False),
        Case("run-file", reverse("portal:run-file", args=[run.pk, "summary.xlsx"]), department,
             secret=False),
        Case("run-file", reverse("portal:run-file", args=[run.pk, f"units/{A}.html"]), pack_a),
        Case("run-file", reverse("portal:run-file", args=[run.pk, f"units/{A}.xlsx"]), pack_a),
        Case("run-file", reverse("portal:run-file", args=[run.pk, f"units/{A}.pdf"]), pack_a),
        Case("pack", reverse("portal:pack", args=[r, A]), pack_a),
        Case("receipt", reverse("portal:receipt", args=[r, A]), {"head_a": 302}, "post"),
        # No person named: refused as not in the unit's list (a forged one likewise).
        Case("note", reverse("portal:note", args=[r, A]), {"head_a": 404}, "post"),
        Case("changes", reverse("portal:changes", args=[r]), {"admin": 200}),
        Case("unit-changes", reverse("portal:unit-changes", args=[r, A]), pack_a),
        Case("person", reverse("portal:person", args=[r, person]), pack_a),
        Case("tagana", reverse("portal:tagana", args=[r]), tagana),
        Case("attendance", reverse("portal:attendance", args=[r]),
             {"admin": 302, "coord": 302}, "post"),
        Case("plan", reverse("portal:plan", args=[r]), {"admin": 400, "coord": 400}, "post"),
        Case("tagana-update", reverse("portal:tagana-update", args=[r]), {}, "post",
             skip=("admin", "coord")),
        Case("reminders", reverse("portal:reminders", args=[r]), {"admin": 200}),
        Case("round-export", reverse("portal:round-export", args=[r]), {"admin": 200}),
        Case("round-purge", reverse("portal:round-purge", args=[r]), {"admin": 409}, "post"),
        Case("run-file", reverse("portal:run-file", args=[run.pk, "tagana/allocation.html"]),
             tagana),
        Case("run-file", reverse("portal:run-file", args=[run.pk, "persons.csv"]),
             {"admin": 200}),
        Case("run-file", reverse("portal:run-file", args=[run.pk, "findings.json"]),
             {"admin": 200}),
        Case("run-file", reverse("portal:run-file", args=[run.pk, "../inputs/census.toml"]), {}),
        Case("audit", reverse("portal:audit"), {"admin": 200}),
        Case("admin", "/admin/", {"admin": 200}, secret=False),
        Case("admin", "/admin/portal/account/", {"admin": 200}, secret=False),
    ]


def _body(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def test_every_url_answers_every_role_as_allowed_and_nothing_more(world) -> None:
    from census.rounds.people import outstanding_people
    from census.web.runner import outputs

    accounts, round_, sub_a, run, department_file = world
    person = outstanding_people(outputs(run), A)[0].person_id
    cases = _cases(round_, sub_a, run, department_file, person)
    problems = []
    for case in cases:
        for who in WHO:
            if who in case.skip:
                continue
            client = client_for(accounts.get(who))
            response = getattr(client, case.method)(case.url)
            body = _body(response)
            expected = case.allowed.get(who)
            if who == "anonymous" and expected is None:
                # Not logged in: sent to the login page, nothing else.
                ok = response.status_code == 302 and "/login/" in response["Location"]
            elif expected is not None:
                ok = response.status_code == expected
            else:
                ok = response.status_code in (403, 404)
            if expected is None and case.secret:
                leaked = [s for s in A_SECRETS if s.encode() in body]
                if leaked:
                    problems.append((case.method, case.url, who, "leaked", leaked))
            if not ok:
                problems.append((case.method, case.url, who, response.status_code, expected))
    assert problems == [], "\n".join(map(str, problems))
    # The refused POSTs changed nothing.
    assert Submission.objects.count() == 2 and CensusRun.objects.count() == 1
    # (the plan POSTs were empty: refused, kept as refused plans)
    assert DepartmentFile.objects.filter(kind="registry").count() == 1
    assert DepartmentFile.objects.filter(kind="plan", outcome="accepted").count() == 1
    assert [(r.unit.code, r.username) for r in Receipt.objects.all()] == [(A, "head_a")]
    assert ActionNote.objects.count() == 0 and Attendance.objects.count() == 0
    round_.refresh_from_db()
    assert round_.is_open
    # Every person-level download was audited, and only the allowed ones happened.
    downloads = sorted({(e.username, e.detail) for e in AuditEvent.objects.filter(action="download")})
    assert downloads == [
        ("admin", f"annotated {A} v1"), ("admin", "findings.json"), ("admin", f"original {A} v1"),
        ("admin", "persons.csv"), ("admin", f"registry {department_file.pk}"),
        ("admin", "tagana/allocation.html"), ("admin", f"units/{A}.html"),
        ("admin", f"units/{A}.pdf"), ("admin", f"units/{A}.xlsx"),
        ("coord", "tagana/allocation.html"),
        ("head_a", f"units/{A}.html"), ("head_a", f"units/{A}.pdf"), ("head_a", f"units/{A}.xlsx"),
        ("op_a", f"annotated {A} v1"), ("op_a", f"original {A} v1"), ("op_a", f"units/{A}.html"),
        ("op_a", f"units/{A}.pdf"), ("op_a", f"units/{A}.xlsx"),
    ]
    assert {e.username for e in AuditEvent.objects.filter(action="round-exported")} == {"admin"}


def test_the_matrix_names_every_url_of_the_portal() -> None:
    some = SimpleNamespace(pk=1)
    named = {case.name for case in _cases(some, some, some, some)}
    portal = {p.name for p in urls.portal if isinstance(p, URLPattern)}
    assert portal - named == set()


def test_an_operator_sees_only_their_own_unit_in_lists(world) -> None:
    accounts, round_, sub_a, run, _ = world
    page = client_for(accounts["op_b"]).get(reverse("portal:unit", args=[round_.pk, B])).content
    assert not any(secret.encode() in page for secret in A_SECRETS)
    rounds = client_for(accounts["op_b"]).get(reverse("portal:rounds")).content
    assert f"/units/{B}/".encode() in rounds and b"jombang" not in rounds
    # A viewer's tracker has the department's rows, but no phone numbers and no unit links.
    tracker = client_for(accounts["viewer"]).get(reverse("portal:tracker", args=[round_.pk]))
    assert b"081222921308" not in tracker.content and f"/units/{A}/".encode() not in tracker.content
