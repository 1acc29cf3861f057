"""What the generator knows about each census person: tests/fixtures/demo_truth.csv.

Conventions (the register/status stage is checked against these, person by person):

- One row per distinct person on the rosters (registry-only people are not in the census).
- `key`: the person's NIK when a roster shows it usably (16 digits, typed in a Text cell, not a
  placeholder); otherwise `unit|normalised name|birth date` (birth date ISO; the normalised name
  is lower case with titles/degrees dropped and spaces collapsed; people without a usable NIK are
  given plain names, so it is simply the name in lower case). A NIK typed into a number cell,
  15 digits, or with a letter is not usable. `nik` is empty when the NIK is not usable.
- The same usable NIK on several rosters is one person even when the names differ (name-mismatch);
  the pair planted as possible-duplicate (same name and birth date, NIKs one digit apart) is TWO
  people. `name` is the name as first typed, in file-name then row order.
- Doses counted: the union of the doses shown on the person's roster rows and the doses of the
  health-office export (matched by NIK). Where the export and a roster disagree
  (registry-conflict) the export's value is the one here. A roster dose whose date is unreadable
  is replaced by the export's dose when the export has it. Roster doses that cannot have happened
  as written are NOT counted: dated after as_of, before 2021-01-13, or of a non-programme vaccine
  ('Vaksin Nusantara'). Doses are counted in date order whatever slot they were typed in.
- `primary_doses` / `booster_doses`: counts. Complete = primary doses ≥ the series length of the
  first dose's brand (1 Janssen, 2 the others).
- Statuses: refused / exempt come from the remark (exempt keeps its doses in primary_doses);
  deferred: a covid / illness remark whose date + the deferral months in force on as_of (covid
  mild 1, covid severe 3 ['dirawat'], illness 1) is after as_of — such people have no doses; a
  deferral that already ended leaves the person `unvaccinated`. A recorded case (demo/cases.py)
  defers the same way from its recovery date, also a partial person (next_due: the later of
  the deferral's end and the interval's due date); a complete person stays complete. Else from doses: complete, partial,
  or no dose → not_eligible under 6 years on as_of, unvaccinated otherwise.
- `next_dose` / `next_due`:
  partial: dose{n+1}, last dose + recommended_days of the interval in force on that dose's date;
  `overdue` = as_of > next_due + overdue_grace_days (14);
  complete without booster and aged ≥ 18 on as_of: booster1, last primary dose + 3 calendar months
  (booster rule in force on as_of; pandas DateOffset(months=3)); complete with a booster or under
  18: empty;
  unvaccinated: dose1, Rules.eligible_from(age_on, as_of) (the date the age rules first covered
  the person's age on as_of); `overdue` = as_of > next_due + unvaccinated_overdue_days (30);
  deferred: dose{n+1}, next_due = eligible_from; not_eligible: dose1, next_due = eligible_from =
  the 6th birthday; exempt / refused: empty.
- `eligible_from`: only for deferred (event date + months) and not_eligible (6th birthday).
- `note`: the planted mistake this person carries (empty for most), for debugging only.
"""

from __future__ import annotations

from datetime import date, timedelta

from census.rules import Rules
from demo.doses import months_after
from demo.people import AS_OF, Dose, Person

TRUTH_COLUMNS = [
    "key", "nik", "name", "units", "categories", "status", "primary_doses", "booster_doses",
    "next_dose", "next_due", "overdue", "eligible_from", "note",
]


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""


def decide(person: Person, doses: list[Dose], rules: Rules, as_of: date = AS_OF) -> dict[str, str]:
    """Status, dose counts, next dose and dates of one person on `as_of` from the doses counted
    (those given after `as_of` are not counted)."""
    doses = [d for d in doses if d.when <= as_of]
    primary = sorted((d for d in doses if d.slot.startswith("dose")), key=lambda d: d.when)
    boosters = [d for d in doses if d.slot.startswith("booster")]
    out = {"status": "", "next_dose": "", "next_due": "", "overdue": "False", "eligible_from": ""}
    out["primary_doses"] = str(len(primary))
    out["booster_doses"] = str(len(boosters))
    if person.intent in ("refused", "exempt"):
        out["status"] = person.intent
        return out
    series = rules.brand_by_code[primary[0].brand].primary_doses if primary else 0
    if person.event is not None and len(primary) < max(series, 1):
        reason, illness, event = person.event
        rule = rules.deferral(reason, illness, as_of)
        assert rule is not None
        until = months_after(event, rule.months)
        if until > as_of:
            due = until
            if primary:  # a partial person: the next dose when both the deferral and the interval allow
                last = primary[-1]
                interval = rules.interval(last.brand, last.when, person.age_on(last.when))
                assert interval is not None
                due = max(until, last.when + timedelta(days=interval.recommended_days))
            out.update(status="deferred", next_dose=f"dose{len(primary) + 1}", next_due=_iso(due),
                       eligible_from=_iso(until))
            return out
    if primary:
        series = rules.brand_by_code[primary[0].brand].primary_doses
        last = primary[-1]
        if len(primary) >= series:
            out["status"] = "complete"
            booster = rules.booster(1, as_of)
            if not boosters and booster is not None and person.age_on(as_of) >= booster.min_age:
                out.update(next_dose="booster1",
                           next_due=_iso(months_after(last.when, booster.min_months)))
            return out
        interval = rules.interval(last.brand, last.when, person.age_on(last.when))
        assert interval is not None
        due = last.when + timedelta(days=interval.recommended_days)
        overdue = due + timedelta(days=rules.overdue_grace_days) < as_of
        out.update(status="partial", next_dose=f"dose{len(primary) + 1}", next_due=_iso(due),
                   overdue=str(overdue))
        return out
    if person.age_on(as_of) < 6:
        sixth = months_after(person.birth, 72)
        out.update(status="not_eligible", next_dose="dose1", next_due=_iso(sixth),
                   eligible_from=_iso(sixth))
        return out
    start = rules.eligible_from(lambda d: person.age_on(d), as_of)
    overdue = start is not None and start + timedelta(days=rules.unvaccinated_overdue_days) < as_of
    out.update(status="unvaccinated", next_dose="dose1", next_due=_iso(start),
               overdue=str(overdue))
    return out
