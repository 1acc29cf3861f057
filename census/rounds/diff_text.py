"""`census diff` as text for the terminal: counts per unit, coverage, and the changes to look at."""

from __future__ import annotations

from census.i18n import N_, Translator, translator
from census.rounds.diff import Changes, Diff, PersonRef

#: Count key → its printed name (in the order printed).
COUNT_LABELS = {
    "newly_complete": N_("Newly complete"),
    "new_doses": N_("New doses recorded"),
    "newly_overdue": N_("Newly overdue"),
    "still_overdue": N_("Still overdue"),
    "regressions": N_("Status went back (data problem)"),
    "new_people": N_("New to a roster"),
    "gone_people": N_("On no roster any more"),
    "joined": N_("Moved in from another unit"),
    "left": N_("Moved to another unit"),
    "moves": N_("Moved between units"),
    "category_changes": N_("Category changed"),
    "identity_changes": N_("Identity corrected"),
    "findings_fixed": N_("Findings fixed"),
    "findings_new": N_("New findings"),
}

#: Link kind → what happened to the person's identity.
KIND_LABELS = {
    "nik-corrected": N_("NIK corrected"),
    "nik-lost": N_("NIK no longer usable"),
    "name-corrected": N_("name corrected"),
    "birth-date-corrected": N_("birth date corrected"),
}


def diff_text(diff: Diff, lang: str = "id") -> str:
    """The text `census diff` prints: the department, then every unit with a change."""
    t, words = translator(lang), translator(lang)
    lines = [
        t("Changes from {old} to {new}", old=words.date(diff.old.as_of),
          new=words.date(diff.new.as_of)),
        t("Rounds: {old} ({old_people} people) → {new} ({new_people} people)",
          old=diff.old.folder, new=diff.new.folder, old_people=diff.old.persons,
          new_people=diff.new.persons),
        "",
    ]
    lines += _scope(diff.department, t, words, department=True)
    changed = {code: unit for code, unit in diff.units.items() if any(unit.counts.values())
               or _coverage_moved(unit)}
    if changed:
        lines += ["", t("Per unit"), ""]
    for code, unit in changed.items():
        lines += [f"{unit.name} ({code})"]
        lines += _scope(unit, t, words, department=False)
        lines.append("")
    lines.append(t("Every person of each list: --format json, or --out DIR "
                   "(changes.xlsx and changes.html)."))
    return "\n".join(lines).rstrip() + "\n"


def _coverage_moved(changes: Changes) -> bool:
    return any(row.before != row.after for row in changes.coverage)


def _person(person: PersonRef) -> str:
    return f"{person.name} ({person.nik})"


def _scope(changes: Changes, t: Translator, words: Translator, department: bool) -> list[str]:
    indent = "  "
    lines = []
    if department:
        lines.append(changes.name)
    total = changes.coverage[-1] if changes.coverage else None
    if total is not None:
        lines.append(indent + t("Coverage {before} → {after}", before=words.percent(total.before),
                                after=words.percent(total.after)))
    counted = [(t(label), changes.counts[key]) for key, label in COUNT_LABELS.items()
               if key in changes.counts and changes.counts[key]]
    width = max((len(label) for label, _n in counted), default=0)
    lines += [f"{indent}{label.ljust(width)}  {count:>6}" for label, count in counted]
    for row in changes.coverage[:-1]:
        if row.before == row.after:
            continue
        target = words.target(row.target) if row.target is not None else "-"
        lines.append(indent + t("{category}: {before} → {after} (target {target})",
                                category=words.category(row.category),
                                before=words.percent(row.before), after=words.percent(row.after),
                                target=target))
    sub = indent * 2
    if changes.regressions:
        lines.append(indent + t("Status went back — a data problem: a dose recorded in the "
                                "previous round is missing now. Check the roster and the export:"))
        for item in changes.regressions:
            missing = ", ".join(f"{words.dose(d.slot)} {words.date(d.date)}" for d in item.missing)
            lines.append(sub + t("{person}: {before} → {after}; missing: {missing}",
                                 person=_person(item), before=words.status(item.old_status),
                                 after=words.status(item.status), missing=missing or "-"))
    if changes.identity_changes:
        lines.append(indent + t("Identity corrected (the same person, a new id):"))
        for change in changes.identity_changes:
            lines.append(sub + t("{person}: {kind}, NIK {old} → {new}", person=change.name,
                                 kind=t(KIND_LABELS.get(change.kind, change.kind)),
                                 old=change.old_nik, new=change.nik))
    moves = changes.moves if department else changes.joined + changes.left
    if moves:
        lines.append(indent + t("Moves between units:"))
        for move in moves:
            lines.append(sub + t("{person}: {before} → {after}", person=_person(move),
                                 before=", ".join(move.from_units) or "-",
                                 after=", ".join(move.to_units) or "-"))
    if changes.category_changes:
        lines.append(indent + t("Category changed:"))
        for category in changes.category_changes:
            lines.append(sub + t("{person}: {before} → {after}", person=_person(category),
                                 before=", ".join(words.category(c) for c in category.before)
                                 or "-",
                                 after=", ".join(words.category(c) for c in category.after)
                                 or "-"))
    for key, label in (("new_people", N_("New to a roster:")),
                       ("gone_people", N_("On no roster any more:"))):
        people = getattr(changes, key)
        if people and len(people) <= 20:
            lines.append(indent + t(label))
            lines += [sub + f"{_person(p)} — {words.status(p.status)}" for p in people]
    for key, label in (("findings_fixed", N_("Findings fixed:")),
                       ("findings_new", N_("New findings:"))):
        found = getattr(changes, key)
        if found and len(found) <= 20:
            lines.append(indent + t(label))
            for f in found:
                cell = f"{f.sheet}!{f.column or ''}{f.row or ''}" if f.sheet else ""
                lines.append(sub + f"{f.file} {cell}  {f.code}")
    return lines
