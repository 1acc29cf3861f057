"""The administrator's round chores: reminders (text with wa.me links, or e-mail), the round's
archive, and the purge of personal data after the retention period."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.core.mail import send_mass_mail
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_http_methods, require_POST

from census.i18n import translator
from census.web import audit, retention, runner
from census.web.access import account, roles
from census.web.contexts import Reminder, RemindersPage
from census.web.middleware import language_of
from census.web.models import Account, Receipt, Role, Round, Unit
from census.web.screens import render_page
from census.web.tracker import tracker_rows

#: The unit whose head leads the Tagana volunteers (the demo's and the usual code).
TAGANA_UNIT = "tagana"


def wa_link(phone: str, text: str) -> str:
    """A wa.me link opening WhatsApp with `text` to an Indonesian number ('' without one)."""
    digits = "".join(c for c in phone if c.isdigit())
    if not digits:
        return ""
    if digits.startswith("0"):
        digits = "62" + digits[1:]
    return f"https://wa.me/{digits}?text={quote(text)}"


def reminders(round_: Round, user: Account, lang: str) -> list[Reminder]:
    """Units that have not submitted, heads who have not acknowledged, volunteers due next."""
    from census.rounds.people import allocated

    t = translator(lang)
    out: list[Reminder] = []
    _rows, missing = tracker_rows(round_, user, lang)
    for unit in missing:
        text = t("Dear {head}, the vaccination data of {unit} for {round} has not reached us "
                 "yet. Please upload the workbook on the census portal. Thank you.",
                 head=unit.head or unit.name, unit=unit.name, round=round_.name)
        out.append(Reminder("missing", unit.code, unit.head or unit.name, unit.phone, text,
                            wa_link(unit.phone, text)))
    run = runner.latest_run(round_)
    if run is not None:
        received = set(Receipt.objects.filter(run__round=round_).values_list("unit_id", flat=True))
        for unit in Unit.objects.filter(active=True).exclude(pk__in=received):
            if unit.code not in run.units:
                continue
            text = t("Dear {head}, the census pack of {unit} for {round} is ready on the census "
                     "portal. Please open it and confirm receipt (Diterima). Thank you.",
                     head=unit.head or unit.name, unit=unit.name, round=round_.name)
            out.append(Reminder("receipt", unit.code, unit.head or unit.name, unit.head_phone, text,
                                wa_link(unit.head_phone, text)))
        tagana = Unit.objects.filter(code=TAGANA_UNIT).first()
        upcoming = [p for p in allocated(runner.outputs(run)).phases if p.pending]
        if upcoming and tagana is not None:
            phase = upcoming[0]
            text = t("Dear {head}, {count} Tagana volunteers are due in {phase} ({start} to "
                     "{end}). Please remind them to come. Thank you.",
                     head=tagana.head or tagana.name, count=phase.pending, phase=phase.phase,
                     start=t.date(phase.start), end=t.date(phase.end))
            out.append(Reminder("volunteers", tagana.code, tagana.head or tagana.name, tagana.head_phone,
                                text, wa_link(tagana.head_phone, text)))
    return out


@roles(Role.ADMIN)
@require_http_methods(["GET", "POST"])
def reminders_view(request: HttpRequest, round_id: int) -> HttpResponse:
    """The reminder texts; POST e-mails them to the accounts of the units concerned."""
    round_ = get_object_or_404(Round, pk=round_id)
    user = account(request)
    lang = language_of(request)
    items = reminders(round_, user, lang)
    sent = -1
    if request.method == "POST":
        t = translator(lang)
        messages = []
        for item in items:
            emails = list(Account.objects.filter(unit__code=item.unit, is_active=True)
                          .exclude(email="").values_list("email", flat=True))
            if emails:
                messages.append((t("Census reminder"), item.text, settings.DEFAULT_FROM_EMAIL,
                                 emails))
        sent = send_mass_mail(messages, fail_silently=False) if messages else 0
        audit.record(user, "reminders-sent", round_, str(sent))
    page = RemindersPage(round_.pk, round_.name, items, sent)
    return render_page(request, "reminders.html", page)


@roles(Role.ADMIN)
def export_view(request: HttpRequest, round_id: int) -> HttpResponse:
    """The round as one zip archive (person-level: audited)."""
    round_ = get_object_or_404(Round, pk=round_id)
    fd, name = tempfile.mkstemp(dir=settings.INSTANCE.tmp, suffix=".zip")
    os.close(fd)
    path = Path(name)
    retention.export_round(round_, path)
    audit.record(account(request), "round-exported", round_, f"round {round_.pk}")
    stream = path.open("rb")
    path.unlink()  # the open handle keeps the bytes until the response is sent
    return FileResponse(stream, as_attachment=True, filename=f"putaran_{round_.pk}.zip",
                        content_type="application/zip")


@roles(Role.ADMIN)
@require_POST
def purge_view(request: HttpRequest, round_id: int) -> HttpResponse:
    """Purge the round's personal data when it is closed and past the retention period."""
    round_ = get_object_or_404(Round, pk=round_id)
    if not retention.purgeable(round_):
        return HttpResponse(status=409)
    removed = retention.purge_round(round_)
    audit.record(account(request), "round-purged", round_, f"files {removed}")
    return redirect("portal:tracker", round_.pk)
