"""`census explain` as text: the person, their rows, the merge, the doses, the rules, the steps."""

from __future__ import annotations

from typing import Any

from census.i18n import N_, Translator, translator
from census.rounds.explain import Explanation, RuleEntry, StepOut

#: How a roster row joined its person (census.register.provenance MATCH_METHODS).
METHODS = {
    "nik": N_("the same NIK"),
    "nik15": N_("a NIK from a number cell whose first 15 digits agree, with the same name and "
                "birth date"),
    "nik15-export": N_("a NIK from a number cell: its first 15 digits, the birth date and the name "
                       "found the full NIK in the health-office export"),
    "name-birth-unit": N_("no usable NIK: the same name and birth date as a NIK holder of the "
                          "same unit"),
    "name-birth-other-unit": N_("no usable NIK: the same name and birth date as a NIK holder "
                                "of another unit"),
    "name-birth": N_("nobody's NIK usable: the same name and birth date"),
    "alone": N_("no usable NIK and no name with a birth date: this row alone"),
}

#: Step code → its sentence (values as placeholders).
STEPS = {
    "doses-after-as-of": N_("{count} dose(s) dated after the census date are not counted."),
    "no-dose": N_("No dose counted."),
    "doses-counted": N_("Doses counted: {count} — {primary} of a primary series of {series} "
                        "({brand}), {boosters} booster(s)."),
    "complete": N_("Complete: {primary} primary doses reach the series of {series} (a remark "
                   "does not undo doses given)."),
    "exempt": N_("Exempt: the remark says so ({words}); a doctor's letter should back it."),
    "refused": N_("Refused: the remark says so ({words})."),
    "too-young": N_("Not eligible: aged {age} on the census date; the age rules open for them "
                    "on {since}."),
    "deferral-covid": N_("COVID ({illness}) on {event}: deferred {months} month(s), until "
                         "{end}."),
    "covid-without-date": N_("The remark names COVID without a date: the deferral counts from "
                             "the census date ({as_of})."),
    "deferral-illness": N_("Acute illness from {start}: deferred {months} month(s), until "
                           "{end}."),
    "deferral-pregnant": N_("Pregnant: deferred until {end}."),
    "deferral-case": N_("A recorded case: {case}; deferred until {end}."),
    "case-wins": N_("A case is recorded for this person: it decides the deferral, not the "
                    "COVID words of the remark."),
    "deferral-ended": N_("The deferral ended on {end}, before the census date."),
    "partial": N_("Partial: {primary} of {series} primary doses."),
    "unvaccinated": N_("Unvaccinated: eligible and no dose counted."),
    "eligible-since": N_("Aged {age} on the census date: eligible since {since}."),
    "overdue": N_("Next dose due {due}; with {grace} days' grace, overdue from {late_from}: "
                  "overdue on the census date."),
    "not-overdue": N_("Next dose due {due}; with {grace} days' grace, overdue only from "
                      "{late_from}: not overdue yet."),
    "boosters-done": N_("{boosters} boosters: no further dose."),
    "booster-not-open": N_("Booster {number} is not open on the census date."),
    "booster-too-young": N_("Booster {number} is for ages {min_age}+: aged {age}."),
    "booster-due": N_("Booster {number}: {months} months after the last dose ({last}), from "
                      "{due}."),
}

#: Rule kind → how its entry is printed.
RULES = {
    "brand": N_("Vaccine {label} ({code}): {primary_doses} primary dose(s)."),
    "interval": N_("Interval {brand} in force from {from}: at least {min_days} days, "
                   "recommended {recommended_days} days."),
    "booster": N_("Booster {number} from {from}: ages {min_age}+, {min_months} months after the "
                  "previous dose."),
    "deferral": N_("Deferral after {reason} ({illness}) in force from {from}: {months} "
                   "month(s)."),
    "eligibility": N_("Age rule from {from}: ages {min_age} to {max_age}."),
    "grace": N_("Overdue {overdue_grace_days} days after the due date."),
    "unvaccinated-grace": N_("Eligible with no dose: overdue {unvaccinated_overdue_days} days "
                             "after becoming eligible."),
    "pregnancy": N_("Pregnant women eligible from {pregnant_eligible_from}."),
    "remark": N_("Remark words ({kind}): {words}."),
}


#: Words for the codes inside rule entries: deferral reasons, illness, remark kinds.
CODES = {
    "covid": N_("COVID-19"),
    "illness": N_("an acute illness"),
    "pregnant": N_("pregnancy"),
    "mild": N_("mild"),
    "severe": N_("severe"),
    "refused": N_("refusal"),
    "exempt": N_("exemption"),
    "vaccinated_claim": N_("'already vaccinated'"),
}


def explain_text(explanation: Explanation, lang: str = "id") -> str:
    """The text `census explain` prints."""
    t, words = translator(lang), translator(lang)
    if explanation.person is None:
        lines = [t("Several people fit '{query}'; ask again with a NIK, a person id or --unit:",
                   query=explanation.query)]
        for c in explanation.candidates:
            born = words.date(c.birth_date) if c.birth_date else "-"
            lines.append(f"  {c.person_id}  {c.name}  {c.nik}  {born}  {', '.join(c.units)}")
        return "\n".join(lines) + "\n"
    person, outcome = explanation.person, explanation.outcome
    assert outcome is not None
    lines = [
        f"{person.name} — {person.person_id}",
        t("NIK {nik}; born {born}; units {units}; categories {categories}",
          nik=person.nik or t("(none usable; typed: {typed})", typed=person.nik_typed or "-"),
          born=words.date(person.birth_date) if person.birth_date else "-",
          units=", ".join(person.units), categories=", ".join(
              words.category(c) for c in person.categories)),
        t("On {date}: {status}; next dose {dose} from {due}; overdue: {overdue}",
          date=words.date(explanation.as_of), status=words.status(outcome.status),
          dose=words.dose(outcome.next_dose), due=words.date(outcome.next_due),
          overdue=t("Yes") if outcome.overdue else t("No")),
        "",
        t("Roster rows ({count}):", count=len(explanation.rows)),
    ]
    for row in explanation.rows:
        lines.append("  " + t("{file} [{sheet}] row {row} — unit {unit}, {category}",
                              file=row.file, sheet=row.sheet, row=row.row, unit=row.unit,
                              category=words.category(row.category)))
        for cell in row.cells:
            if cell.value:
                note = t(" (a number cell)") if cell.field == "nik" and row.nik_from_number else ""
                lines.append(f"      {cell.column} {cell.header}: {cell.value}{note}")
        lines.append("    " + t("joined by: {method} (name similarity {score:.0f})",
                                  method=t(METHODS.get(row.method, row.method)),
                                  score=row.similarity))
    lines += ["", t("Health-office export rows ({count}):", count=len(explanation.export_rows))]
    for e in explanation.export_rows:
        how = (t("matched by the first 15 digits of NIK {nik}, the birth date and the name",
                 nik=e.nik or "-")
               if e.method == "nik15" else t("matched by NIK {nik}", nik=e.nik or "-"))
        lines.append("  " + t("{file} row {row}: {dose} {date} {brand}, {facility} — {how} "
                              "(name '{name}', similarity {score:.0f})", how=how,
                              file=e.file, row=e.row, dose=words.dose(e.dose),
                              date=words.date(e.date), brand=e.brand or "-",
                              facility=e.facility or "-", name=e.name or "-",
                              score=e.similarity))
    lines += ["", t("Doses counted:")]
    sources = {"roster": t("roster only"), "registry": t("export only"),
               "both": t("roster and export")}
    for d in explanation.doses:
        counted = "" if d.counted else t(" — after the census date, not counted")
        lines.append(f"  {words.dose(d.slot)}  {words.date(d.date)}  {d.brand or '-'}  "
                     f"({sources.get(d.source, d.source)}){counted}")
    if not explanation.doses:
        lines.append("  " + t("None."))
    lines += ["", t("Rules applied on the census date:")]
    lines += ["  " + _rule(rule, t, words) for rule in explanation.rules] or ["  -"]
    lines += ["", t("How the status follows:")]
    lines += [f"  {i}. {_step(step, t, words)}" for i, step in enumerate(explanation.steps, 1)]
    if outcome.reason:
        lines.append("  " + t("Reason in persons.csv: {reason}", reason=outcome.reason))
    return "\n".join(lines) + "\n"


def _rule(rule: RuleEntry, t: Translator, words: Translator) -> str:
    values: dict[str, Any] = {"max_age": "…", "illness": "mild", **rule.entry}
    if "words" in values:
        values["words"] = ", ".join(values["words"])
    values = {key: _date_text(value, words) for key, value in values.items()}
    for key in ("reason", "illness", "kind"):
        if isinstance(values.get(key), str) and values[key] in CODES:
            values[key] = t(CODES[values[key]])
    template = RULES.get(rule.kind)
    if template is None:
        return f"{rule.kind}: {rule.entry}"
    return t(template, **values)


def _date_text(value: Any, words: Translator) -> Any:
    """An ISO date of a step or rule entry as the language prints dates; anything else as is."""
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        return words.date(value)
    return value


def _step(step: StepOut, t: Translator, words: Translator) -> str:
    values = {key: _date_text(value, words) for key, value in step.values.items()}
    if values.get("illness") in CODES:
        values["illness"] = t(CODES[values["illness"]])
    template = STEPS.get(step.code)
    return t(template, **values) if template else f"{step.code} {values}"
