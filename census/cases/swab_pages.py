"""The two copies of a swab list: the unit's (NIKs masked) and the letter asking the health office
for the mass swab, with the full list attached (DOMAIN §8, §9)."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import date

import pandas as pd

from census.cases.swab import SwabList
from census.cases.views import CasePage, who
from census.config import Config
from census.i18n import N_, Translator
from census.model import Category, Record
from census.report.context import Kpi, Section, Table
from census.report.letter import (
    Letter,
    attachment_count,
    attachment_heading,
    letter_number,
    letterhead,
    place_date,
    signer,
)
from census.report.mask import mask_nik
from census.rules.table import Rules
from census.rules.vocab import role_label

#: The high-risk flags of a person on a swab list, as printed.
FLAGS = {"elderly": N_("elderly"), "comorbidity": N_("comorbidity"),
         "unvaccinated": N_("unvaccinated")}


def _flags(person: Record, t: Translator) -> str:
    return " · ".join(t(word) for key, word in FLAGS.items() if person[key])


def _who(person: Record, t: Translator, rules: Rules) -> str:
    categories = str(person["categories"] or "").split(";")
    return who({"category": categories[0] if categories else None,
                "role_code": person.get("role")}, t, rules)


def _age(value: object) -> int | str:
    return "" if value is None or pd.isna(value) else int(value)  # type: ignore[call-overload]


def swab_tables(swab: SwabList, t: Translator, rules: Rules, masked: bool) -> tuple[Table, Table]:
    """(people to swab, people listed apart), NIKs masked or in full."""
    nik = mask_nik if masked else (lambda v: "" if v is None else str(v))
    people: list[tuple[str | int, ...]] = [
        (i, str(p["name"]), nik(p["nik"]), _who(p, t, rules), _age(p["age"]),
         str(p["phone"] or ""), t.status(str(p["status"])), _flags(p, t))
        for i, p in enumerate(swab.people.to_dict("records"), start=1)
    ]
    to_swab = Table(
        head=[t("No."), t("Name"), t("NIK"), t("Who"), t("Age"), t("Phone"),
              t("Vaccination status"), t("High risk")],
        rows=people, numeric=(0, 4), nowrap=(2, 5), flags=7,
        empty=t("Nobody to swab."),
    )
    apart_rows: list[tuple[str | int, ...]] = []
    for p in swab.apart.to_dict("records"):
        state = (t("isolating until {date}", date=t.date(p["until"]))
                 if p["isolating"] else t("recovered"))
        note = t("the case") if p["index_case"] else ""
        apart_rows.append((len(apart_rows) + 1, str(p["name"]), nik(p["nik"]), _who(p, t, rules),
                           str(p["phone"] or ""), t.date(p["test_date"]), state,
                           note))
    for case in swab.index_cases[swab.index_cases["person_id"].isna()].to_dict("records"):
        apart_rows.append((len(apart_rows) + 1, str(case["name"] or ""), nik(case["nik"]),
                           who(case, t, rules), "", t.date(case["test_date"]),
                           "", t("the case (on no roster)")))
    apart = Table(
        head=[t("No."), t("Name"), t("NIK"), t("Who"), t("Phone"), t("Positive test"),
              t("Now"), t("Note")],
        rows=apart_rows, nowrap=(2, 4, 5), empty=t("Nobody tested positive recently."),
    )
    return to_swab, apart


def _kpis(swab: SwabList, t: Translator) -> list[Kpi]:
    people = swab.people
    return [
        Kpi(t("To swab"), str(len(people)), t("people")),
        Kpi(t("High risk"), str(int((people["elderly"] | people["comorbidity"]
                                     | people["unvaccinated"]).sum())), t("people")),
        Kpi(t("Cases in the window"), str(len(swab.index_cases)),
            t("{since} – {date}", since=t.date(swab.since),
              date=t.date(swab.on))),
        Kpi(t("Listed apart"), str(len(swab.apart)), t("positive recently")),
    ]


def _sections(swab: SwabList, t: Translator, rules: Rules, masked: bool) -> list[Section]:
    to_swab, apart = swab_tables(swab, t, rules, masked)
    return [
        Section(t("To swab"), t("Everyone who shares the workplace of {unit}: staff of every "
                "role and the unit's clients (family members are not listed). High risk: aged "
                "{age} or more, a comorbidity in the remarks, or no vaccine dose.",
                unit=swab.unit_name, age=rules.cases.elderly_age), table=to_swab,
                sheet=t("To swab")),
        Section(t("Listed apart: positive within the last {months} months",
                  months=rules.cases.recent_recovery_months),
                t("Not swabbed as contacts: they are the case, are isolating, or recovered "
                  "recently."), table=apart, sheet=t("Listed apart")),
    ]


def unit_copy(swab: SwabList, config: Config, rules: Rules, t: Translator) -> CasePage:
    """The unit's copy of the swab list: NIKs masked."""
    return CasePage(
        t=t, lang=t.lang, department=config.department,
        title=t("Swab list — {unit}", unit=swab.unit_name),
        subtitle=t("After the case of {date}; contacts of the {days} days before",
                   date=t.date(swab.on), days=swab.days),
        kpis=_kpis(swab, t), sections=_sections(swab, t, rules, masked=True),
        note=t("Health data: for the unit's head and the puskesmas only. NIKs are masked; the "
               "health office receives the full list with the department's letter."),
        orientation="landscape",
    )


def attachment_page(swab: SwabList, config: Config, rules: Rules, t: Translator) -> CasePage:
    """The list attached to the letter: full NIKs (the health office needs them)."""
    return CasePage(
        t=t, lang=t.lang, department=config.department,
        title=t("Swab list — {unit}", unit=swab.unit_name),
        subtitle=t("After the case of {date}; contacts of the {days} days before",
                   date=t.date(swab.on), days=swab.days),
        kpis=_kpis(swab, t), sections=_sections(swab, t, rules, masked=False),
        orientation="landscape",
    )


def _staff_words(swab: SwabList, t: Translator, rules: Rules) -> str:
    """'25 ASN, 22 PTT — among them 4 Security guard (Pamdal), 3 Driver'."""
    first = swab.people["categories"].astype(str).str.split(";").str[0]
    counts = Counter(first)
    parts = [f"{counts[c]} {t.category(c)}" for c in (str(Category.ASN), str(Category.PTT))
             if counts[c]]
    roles = Counter(r for r in swab.people["role"] if r is not None and not pd.isna(r))
    text = ", ".join(parts) or "-"
    if roles:
        named = ", ".join(f"{n} {role_label(code, t, rules.roles)}"
                          for code, n in sorted(roles.items()))
        text = t("{staff}, among them {roles}", staff=text, roles=named)
    return text


def swab_letter(swab: SwabList, config: Config, rules: Rules, t: Translator,
                signed_on: date, serial: str | None = None) -> Letter:
    """The department's letter asking the health office for the mass swab (Sifat: Rahasia)."""
    unit = config.units.get(swab.unit)
    addressee = (unit.health_office if unit and unit.health_office else
                 config.letter.health_office)
    place = (unit.place if unit and unit.place else "") or config.letter.place
    cases = len(swab.index_cases)
    someone = t.n("{count} person", "{count} people", cases) if cases else t("a person")
    clients = int(swab.people["categories"].astype(str).str.contains(str(Category.KLIEN)).sum())
    deadline = pd.Timestamp(max(signed_on, swab.on)) + pd.Timedelta(
        days=rules.cases.swab_deadline_days)
    body = [
        t("With reference to the confirmed COVID-19 infection of {someone} at {unit} on {date}, "
          "everyone who shared the workplace there in the {days} days before the test is a close "
          "contact.", someone=someone, unit=swab.unit_name,
          date=t.date(swab.on), days=swab.days),
        t("We therefore kindly ask for a mass swab (PCR) of the {count} people listed in the "
          "attachment: the staff of every role ({staff}){clients}. Their phone numbers are in "
          "the list so that the puskesmas can reach them; people at high risk are marked.",
          count=len(swab.people), staff=_staff_words(swab, t, rules),
          clients=t(" and the {count} clients living in the unit", count=clients)
          if clients else ""),
        t("We would be grateful if the swab could take place no later than {deadline}. The "
          "{apart} people who tested positive recently are listed apart and need no swab as "
          "contacts.", deadline=t.date(deadline), apart=len(swab.apart)),
        t("Thank you for your attention and cooperation."),
    ]
    copies = [*config.letter.copies, t("Head of {unit}", unit=swab.unit_name)]
    letter = Letter(
        t=t, lang=t.lang, letterhead=letterhead(config),
        place_date=place_date(config.letter.place, signed_on, t.lang),
        number=letter_number(config.letter.number, signed_on, serial),
        classification=t("Confidential"), attachments=attachment_count(1, t),
        subject=t("Request for a mass COVID-19 swab at {unit}", unit=swab.unit_name),
        addressee=[addressee], address_place=t("in {place}", place=place) if place else t("here"),
        body=body, signer=signer(config), copies=copies, confidential=True,
        title=t("Request for a mass COVID-19 swab at {unit}", unit=swab.unit_name),
    )
    return replace(letter, attachment_title=attachment_heading(letter, signed_on))
