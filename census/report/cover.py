"""The cover letter of a unit pack (surat pengantar, DOMAIN §8): the department's official letter
to the unit's head, the pack attached. Built on the letter component (census.report.letter)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from census.config import Config
from census.i18n import N_, Translator
from census.report.context import Letter, Signature
from census.report.letter import (
    attachment_count,
    attachment_heading,
    letter_number,
    letterhead,
    place_date,
    signer,
)
from census.report.summary import UnitSummary

#: The letter's subject (Perihal).
SUBJECT = N_("Results of the COVID-19 vaccination completion census")


def head_title(code: str, config: Config, t: Translator) -> str:
    """The head's position as letters address it: [units.CODE] head_title, else 'Kepala <unit>'."""
    unit = config.units.get(code)
    if unit is not None and unit.head_title:
        return unit.head_title
    return t("Head of {unit}", unit=config.unit_name(code))


def unit_place(code: str, config: Config) -> str:
    """Where the unit is ([units.CODE] place), else where the department signs its letters."""
    unit = config.units.get(code)
    return (unit.place if unit is not None and unit.place else "") or config.letter.place


def deadline(config: Config) -> date:
    """The day by which a cover letter asks the outstanding list to be completed."""
    return config.as_of + timedelta(days=config.letter.deadline_days)


def cover_letter(code: str, unit: UnitSummary, outstanding: int, overdue: int, config: Config,
                 t: Translator) -> Letter:
    """The department's letter to the head of unit `code`, dated on the census date: the unit's
    coverage, how many people are outstanding (and overdue), by when the department asks them to
    be vaccinated, signed by the [letter] signer; the pack is its attachment."""
    on = config.as_of
    head = config.units[code].head if code in config.units else None
    place = unit_place(code, config)
    coverage = t.percent(unit.coverage)
    body = [
        t("Following up the COVID-19 vaccination completion census of {department}, we send "
          "you the census results of {unit} as of {date}.", department=config.department,
          unit=unit.name, date=t.date(on)),
        t("Full vaccination coverage at {unit} is {coverage}: {complete} of {eligible} eligible "
          "people have completed the primary series.", unit=unit.name, coverage=coverage,
          complete=t.number(unit.by_status["complete"]), eligible=t.number(unit.eligible)),
    ]
    if outstanding:
        body.append(t.n(
            "{count} person still needs a dose ({overdue} of them overdue). The attached list "
            "names each with the dose needed and from when, overdue people first.",
            "{count} people still need a dose ({overdue} of them overdue). The attached list "
            "names each with the dose needed and from when, overdue people first.",
            outstanding, overdue=t.number(overdue)))
        body.append(t(
            "We therefore ask you to coordinate with the local puskesmas so that they are "
            "vaccinated no later than {deadline}, to correct the data listed under the "
            "data-quality findings, and to report the results to us.",
            deadline=t.date(deadline(config))))
    else:
        body.append(t("Nobody of the unit is waiting for a dose. We ask you to correct the data "
                      "listed under the data-quality findings, if any, no later than {deadline}.",
                      deadline=t.date(deadline(config))))
    body.append(t("Thank you for your attention and cooperation."))
    addressee = [head_title(code, config, t)] + ([head] if head else [])
    letter = Letter(
        t=t, lang=t.lang, letterhead=letterhead(config),
        place_date=place_date(config.letter.place, on, t.lang),
        number=letter_number(config.letter.number, on),
        classification=t("Limited"), attachments=attachment_count(1, t),
        subject=t(SUBJECT), addressee=addressee,
        address_place=t("in {place}", place=place) if place else t("here"),
        body=body, signer=signer(config), title=f"{t(SUBJECT)} — {unit.name}",
    )
    return replace(letter, attachment_title=attachment_heading(letter, on))


def department_signature(config: Config, t: Translator) -> Signature:
    """The department's signer ([letter]) under the summary: place and date, position, name,
    rank and NIP."""
    who = signer(config)
    return Signature(
        place_date=place_date(config.letter.place, config.as_of, t.lang), known="",
        title="\n".join(who.position), name=who.name, nip=who.nip, rank=who.rank,
    )
