"""Accounts: login with argon2, rate-limited wrong passwords, password change, sessions, CSRF,
the language switch, account commands, and an audit log without personal data."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from census.web.accounts import AccountError, create_account
from census.web.models import Account, AuditEvent
from tests.webkit import (
    INPUTS,
    PASSWORD,
    Role,
    client_for,
    make_account,
    make_round,
    make_unit,
    text_of,
    upload,
)

pytestmark = pytest.mark.django_db


def _login(client: Client, username: str, password: str):
    return client.post(reverse("portal:login"), {"username": username, "password": password})


def test_login_hashes_with_argon2_and_logout_ends_the_session() -> None:
    account = make_account("sekretaris", Role.ADMIN)
    assert account.password.startswith("argon2$")
    client = Client()
    assert client.get(reverse("portal:rounds")).status_code == 302  # not logged in
    response = _login(client, "sekretaris", PASSWORD)
    assert response.status_code == 302
    assert client.get(reverse("portal:rounds")).status_code == 200
    client.post(reverse("portal:logout"))
    assert client.get(reverse("portal:rounds")).status_code == 302
    assert [e.action for e in AuditEvent.objects.order_by("pk")] == ["login", "logout"]


def test_five_wrong_passwords_lock_the_account_from_that_address() -> None:
    make_account("operator", Role.VIEWER)
    client = Client()
    statuses = [_login(client, "operator", "salah-salah-salah").status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 200, 429]
    # Locked: even the right password is refused now, with one clear sentence.
    locked = _login(client, "operator", PASSWORD)
    assert locked.status_code == 429 and "coba lagi 15 menit lagi" in text_of(locked.content)
    assert AuditEvent.objects.filter(action="login-failed", username="operator").count() >= 5
    # Another account from the same address is not locked.
    make_account("other", Role.VIEWER)
    assert _login(client, "other", PASSWORD).status_code == 302


def test_a_login_lasts_a_working_day_and_ends_with_the_browser() -> None:
    assert settings.SESSION_COOKIE_AGE == 8 * 3600
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE and settings.SESSION_COOKIE_HTTPONLY
    client = Client()
    make_account("viewer", Role.VIEWER)
    _login(client, "viewer", PASSWORD)
    assert client.session.get_expire_at_browser_close()


def test_password_change_needs_the_old_one_and_a_strong_new_one() -> None:
    account = make_account("viewer", Role.VIEWER)
    client = client_for(account)
    url = reverse("portal:password")
    wrong = client.post(url, {"old_password": "x", "new_password": "a", "new_password2": "a"})
    assert "Kata sandi saat ini salah." in text_of(wrong.content)
    weak = client.post(url, {"old_password": PASSWORD, "new_password": "12345678",
                             "new_password2": "12345678"})
    assert "too short" in text_of(weak.content) or "terlalu pendek" in text_of(weak.content)
    client.post(url, {"old_password": PASSWORD, "new_password": "Kopi-Tubruk-Pagi-7",
                      "new_password2": "Kopi-Tubruk-Pagi-7"})
    account.refresh_from_db()
    assert account.check_password("Kopi-Tubruk-Pagi-7")
    assert client.get(reverse("portal:rounds")).status_code == 200  # still logged in
    assert AuditEvent.objects.filter(action="password-changed", username="viewer").count() == 1


def test_every_form_needs_its_csrf_token() -> None:
    account = make_account("sekretaris", Role.ADMIN)
    client = Client(enforce_csrf_checks=True)
    client.force_login(account)
    refused = client.post(reverse("portal:rounds"), {"name": "X", "census_date": "2022-06-30"})
    assert refused.status_code == 403
    page = client.get(reverse("portal:rounds")).content.decode()
    forms = re.findall(r"<form[^>]*method=\"post\"[^>]*>(.*?)</form>", page, re.S)
    assert forms and all('name="csrfmiddlewaretoken"' in form for form in forms)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    accepted = client.post(reverse("portal:rounds"),
                           {"name": "Putaran 2", "census_date": "2022-06-30",
                            "csrfmiddlewaretoken": token})
    assert accepted.status_code == 302


def test_indonesian_by_default_english_by_the_switch() -> None:
    client = client_for(make_account("viewer", Role.VIEWER))
    page = client.get(reverse("portal:rounds"), HTTP_ACCEPT_LANGUAGE="en-US,en")
    assert page["Content-Language"] == "id"  # the browser's language does not decide
    switched = client.post(reverse("portal:language"), {"lang": "en", "next": "/rounds/"})
    assert switched.status_code == 302 and switched["Location"] == "/rounds/"
    assert client.get(reverse("portal:rounds"))["Content-Language"] == "en"
    back = client.post(reverse("portal:language"), {"lang": "id", "next": "https://evil.example/"})
    assert back["Location"] == reverse("portal:home")  # never sent off-site


def test_createuser_makes_operators_with_a_unit_only() -> None:
    make_unit("upt_pstw_jombang")
    account = create_account("op1", "operator", "upt_pstw_jombang", "Kopi-Tubruk-Pagi-7")
    assert (account.role, account.unit.code, account.is_staff) == ("operator", "upt_pstw_jombang",
                                                                  False)
    admin = create_account("kepala", "admin", None, "Kopi-Tubruk-Pagi-8")
    assert admin.is_staff and admin.is_superuser
    for args, words in [
        (("op2", "operator", None, "Kopi-Tubruk-Pagi-7"), "needs --unit"),
        (("op2", "operator", "upt_tidak_ada", "Kopi-Tubruk-Pagi-7"), "unknown unit"),
        (("op2", "operator", "upt_pstw_jombang", "123"), "password refused"),
        (("op1", "viewer", None, "Kopi-Tubruk-Pagi-7"), "username taken"),
        (("op2", "root", None, "Kopi-Tubruk-Pagi-7"), "unknown role"),
    ]:
        with pytest.raises(AccountError, match=words):
            create_account(*args)
    assert Account.objects.count() == 2


def test_the_audit_log_records_who_did_what_and_no_personal_data() -> None:
    unit = make_unit("upt_pstw_jombang")
    operator = make_account("op_jombang", Role.OPERATOR, unit)
    admin = make_account("sekretaris", Role.ADMIN)
    round_ = make_round()
    client = Client()
    _login(client, "op_jombang", PASSWORD)
    submission = upload(client, round_, "upt_pstw_jombang", INPUTS / "upt_pstw_jombang.xlsx")
    client.get(reverse("portal:annotated", args=[submission.pk]))
    admin_client = client_for(admin)
    admin_client.post("/admin/portal/account/add/", {
        "username": "op_baru", "role": "operator", "unit": unit.pk,
        "password1": "Kopi-Tubruk-Pagi-9", "password2": "Kopi-Tubruk-Pagi-9",
    })
    assert Account.objects.filter(username="op_baru").exists()
    events = [(e.username, e.action, e.object_type) for e in AuditEvent.objects.order_by("pk")]
    assert events == [
        ("op_jombang", "login", "Account"),
        ("op_jombang", "upload", "Submission"),
        ("op_jombang", "download", "Submission"),
        ("sekretaris", "login", "Account"),
        ("sekretaris", "account-created", "Account"),
    ]
    assert operator.pk
    page = admin_client.get(reverse("portal:audit"))
    assert page.status_code == 200 and "op_baru" in text_of(page.content)
    # Nothing personal: no NIK, no person's name from the workbook, in any event.
    logged = " ".join(f"{e.username} {e.detail} {e.object_id}" for e in AuditEvent.objects.all())
    assert not re.search(r"\d{15,16}", logged) and "Karimah" not in logged


def test_the_admin_speaks_indonesian_unless_switched() -> None:
    client = client_for(make_account("sekretaris", Role.ADMIN))
    page = text_of(client.get("/admin/portal/account/").content)
    assert "Pilih akun untuk diubah" in page and "Keluar" in page
    client.post(reverse("portal:language"), {"lang": "en", "next": "/admin/"})
    assert "Select akun to change" in text_of(client.get("/admin/portal/account/").content)
