"""Assignment of Tagana volunteers to phases, and the uptake counted after the fact."""

from __future__ import annotations

from datetime import date

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from census.allocate import Phase, Plan, allocate
from tests.test_allocate_factory import d, tables, volunteer

JAN = ("2022-01-10", "2022-01-31")
FEB = ("2022-02-07", "2022-02-28")
MAR = ("2022-03-07", "2022-04-30")


def plan(*phases: tuple[str, tuple[str, str], int, tuple[str, ...]]) -> Plan:
    return Plan(
        total_doses=sum(quota for _, _, quota, _ in phases),
        phases=tuple(Phase(name, d(start), d(end), quota, regions)
                     for name, (start, end), quota, regions in phases),
        source="tagana_plan.toml",
    )


def flat(assignments: pd.DataFrame) -> list[tuple[str, str, str, str]]:
    return [(r.phase, r.person_id, r.priority, r.dose) for r in assignments.itertuples()]


def priority_rows() -> list[dict]:
    return [
        volunteer(1, "unvaccinated"),
        volunteer(2, "partial", next_dose="dose2", next_due=d("2022-01-20"), primary_doses=1),
        volunteer(3, "partial", next_dose="dose2", next_due=d("2021-12-01"), primary_doses=1,
                  overdue=True),
        volunteer(4, "deferred", eligible_from=d("2022-01-15"), reason="positif covid"),
        volunteer(5, "unvaccinated"),
        volunteer(6, "complete", primary_doses=2),
        volunteer(7, "refused"),
        volunteer(8, "partial", next_dose="dose2", next_due=d("2022-02-15"), primary_doses=1),
        volunteer(9, "unvaccinated"),
        volunteer(10, "exempt"),
        volunteer(11, "not_eligible", eligible_from=d("2022-06-01")),
    ]


PRIORITY_PLAN = plan(("A", JAN, 4, ()), ("B", FEB, 3, ()))
PRIORITY_EXPECTED = [
    # next doses due first (most overdue first), then first doses by person id
    ("A", "P000003", "next_dose", "dose2"),
    ("A", "P000002", "next_dose", "dose2"),
    ("A", "P000001", "first_dose", "dose1"),
    ("A", "P000005", "first_dose", "dose1"),
    # P000008's dose 2 is due after A ends; P000009 had no place in A; then the deferred
    ("B", "P000008", "next_dose", "dose2"),
    ("B", "P000009", "first_dose", "dose1"),
    ("B", "P000004", "deferred", "dose1"),
]


def test_priorities_quota_and_order() -> None:
    persons, memberships, doses = tables(priority_rows())
    result = allocate(PRIORITY_PLAN, persons, memberships, doses, date(2022, 1, 5))
    assert flat(result.assignments) == PRIORITY_EXPECTED
    assert result.volunteers == 11


def test_order_does_not_depend_on_input_row_order() -> None:
    rows = priority_rows()
    persons, memberships, doses = tables(rows[::-1])
    result = allocate(PRIORITY_PLAN, persons, memberships, doses, date(2022, 1, 5))
    assert flat(result.assignments) == PRIORITY_EXPECTED


def test_deferred_until_after_a_phase_goes_to_a_later_phase() -> None:
    rows = [
        volunteer(1, "deferred", eligible_from=d("2022-02-10")),
        volunteer(2, "deferred", eligible_from=d("2022-03-20")),
        volunteer(3, "deferred", eligible_from=d("2022-02-01")),
        volunteer(4, "deferred", eligible_from=d("2022-05-02")),  # after every phase
    ]
    persons, memberships, doses = tables(rows)
    result = allocate(plan(("A", JAN, 50, ()), ("B", FEB, 50, ()), ("C", MAR, 50, ())),
                      persons, memberships, doses, date(2022, 1, 5))
    assert flat(result.assignments) == [
        ("B", "P000003", "deferred", "dose1"),  # eligible_from order within the group
        ("B", "P000001", "deferred", "dose1"),
        ("C", "P000002", "deferred", "dose1"),
    ]
    assert [(r.person_id, r.reason) for r in result.unassigned.itertuples()] == [
        ("P000004", "due_after_last_phase")]


def test_regional_phase_takes_only_its_kabkota() -> None:
    rows = [
        volunteer(1, "unvaccinated", kabkota="Kab. Sidoarjo"),
        volunteer(2, "unvaccinated", kabkota="SURABAYA"),
        volunteer(3, "unvaccinated", kabkota=None),
        volunteer(4, "unvaccinated", kabkota="Kota Surabaya"),
        # ambiguous 'Malang': the NIK's region (3507, Kabupaten Malang) settles it
        volunteer(5, "unvaccinated", kabkota="Malang", nik="3507014101900001"),
    ]
    persons, memberships, doses = tables(rows)
    result = allocate(
        plan(("A", JAN, 10, ("Kota Surabaya",)), ("B", FEB, 1, ("Kabupaten Malang",)),
             ("C", MAR, 10, ())),
        persons, memberships, doses, date(2022, 1, 5))
    assert [(r.phase, r.person_id, r.kabkota) for r in result.assignments.itertuples()] == [
        ("A", "P000002", "Kota Surabaya"),
        ("A", "P000004", "Kota Surabaya"),
        ("B", "P000005", "Kabupaten Malang"),
        ("C", "P000001", "Kabupaten Sidoarjo"),
        ("C", "P000003", None),
    ]


def test_only_tagana_volunteers_are_assigned() -> None:
    rows = [volunteer(1, "unvaccinated")]
    persons, memberships, doses = tables(rows, others=[volunteer(2, "unvaccinated")])
    result = allocate(plan(("A", JAN, 10, ())), persons, memberships, doses, date(2022, 1, 5))
    assert flat(result.assignments) == [("A", "P000001", "first_dose", "dose1")]
    assert result.volunteers == 1


def test_boosters_only_when_the_plan_counts_them() -> None:
    rows = [volunteer(1, "complete", primary_doses=2, next_dose="booster1",
                      next_due=d("2022-01-12")), volunteer(2, "unvaccinated")]
    persons, memberships, doses = tables(rows)
    counted = plan(("A", JAN, 10, ()))
    result = allocate(counted, persons, memberships, doses, date(2022, 1, 5))
    assert flat(result.assignments) == [("A", "P000002", "first_dose", "dose1")]
    with_boosters = Plan(counted.total_doses, counted.phases, counted.source, count_boosters=True)
    result = allocate(with_boosters, persons, memberships, doses, date(2022, 1, 5))
    assert flat(result.assignments) == [("A", "P000002", "first_dose", "dose1"),
                                        ("A", "P000001", "booster", "booster1")]


@settings(max_examples=20, deadline=None)
@given(
    statuses=st.lists(st.sampled_from(["unvaccinated", "partial", "deferred", "complete",
                                       "refused"]), min_size=0, max_size=40),
    quotas=st.lists(st.integers(min_value=1, max_value=12), min_size=1, max_size=3),
    offsets=st.lists(st.integers(min_value=-60, max_value=150), min_size=40, max_size=40),
)
def test_quotas_never_exceeded_and_one_phase_per_person_and_dose(
    statuses: list[str], quotas: list[int], offsets: list[int]
) -> None:
    base = pd.Timestamp("2022-01-01")
    rows = []
    for i, status in enumerate(statuses, start=1):
        when = (base + pd.Timedelta(days=offsets[i - 1])).date()
        extra = {"partial": {"next_dose": "dose2", "next_due": when, "primary_doses": 1},
                 "deferred": {"eligible_from": when}}.get(status, {})
        rows.append(volunteer(i, status, kabkota=["Kota Surabaya", "Kab. Gresik"][i % 2], **extra))
    windows = [JAN, FEB, MAR]
    the_plan = plan(*[(f"T{i}", windows[i], q, ("Kota Surabaya",) if i == 1 else ())
                      for i, q in enumerate(quotas)])
    persons, memberships, doses = tables(rows)
    result = allocate(the_plan, persons, memberships, doses, date(2022, 1, 5))
    counts = result.assignments["phase"].value_counts()
    for phase in the_plan.phases:
        assert counts.get(phase.name, 0) <= phase.quota
    assert not result.assignments.duplicated(["person_id", "dose"]).any()
    assert not (result.assignments["status"].isin(["refused", "complete"])).any()
    # nobody is left waiting while a phase they fit has room (priority order aside)
    open_phases = [p for p in the_plan.phases if counts.get(p.name, 0) < p.quota]
    for r in result.unassigned.itertuples():
        due = r.due if pd.notna(r.due) else None
        for p in open_phases:
            fits_region = not p.regional or r.kabkota in p.kabkota
            assert not (fits_region and (due is None or due <= pd.Timestamp(p.end)))


def after_the_fact() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """A province on 2022-03-31, three phases behind it or running: see test below."""
    rows = [
        # vaccinated twice during the plan: complete now, but unvaccinated when A started
        volunteer(1, "complete", primary_doses=2),
        # AstraZeneca dose 1 in December: dose 2 due 84 days later (23 Feb) → phase B
        volunteer(2, "complete", primary_doses=2),
        # assigned to A, never came
        volunteer(3, "unvaccinated"),
        # partial since before the plan, due in March → phase C, still running
        volunteer(4, "partial", next_dose="dose2", next_due=d("2022-03-10"), primary_doses=1),
        # of Gresik: phase B is Surabaya-only, so a dose in B's window is outside any phase;
        # unvaccinated when A started, but A is full (first doses by person id)
        volunteer(5, "partial", kabkota="Kab. Gresik", next_dose="dose2",
                  next_due=d("2022-03-15"), primary_doses=1),
        # complete long ago; a booster between phases is outside any phase
        volunteer(6, "complete", primary_doses=2, booster_doses=1),
    ]
    doses = [
        ("P000001", "dose1", "2022-01-12", "sinovac"),
        ("P000001", "dose2", "2022-02-09", "sinovac"),
        ("P000002", "dose1", "2021-12-01", "astrazeneca"),
        ("P000002", "dose2", "2022-02-24", "astrazeneca"),
        ("P000004", "dose1", "2021-11-01", "sinovac"),
        ("P000005", "dose1", "2022-02-15", "sinovac"),
        ("P000006", "dose1", "2021-06-01", "sinovac"),
        ("P000006", "dose2", "2021-06-29", "sinovac"),
        ("P000006", "booster1", "2022-03-02", "pfizer"),
        ("P000006", "booster2", "2022-04-02", "pfizer"),  # after as_of: not counted
    ]
    return tables(rows, doses)


AFTER_PLAN = plan(("A", JAN, 2, ()), ("B", FEB, 2, ("Kota Surabaya",)), ("C", MAR, 2, ()))


def test_assignment_is_reproducible_after_the_fact_and_uptake_counted() -> None:
    persons, memberships, doses = after_the_fact()
    result = allocate(AFTER_PLAN, persons, memberships, doses, date(2022, 3, 31))
    assert [
        (r.phase, r.person_id, r.dose, r.status_at_start, r.outcome,
         r.given.date() if pd.notna(r.given) else None)
        for r in result.assignments.itertuples()
    ] == [
        ("A", "P000001", "dose1", "unvaccinated", "administered", date(2022, 1, 12)),
        ("A", "P000003", "dose1", "unvaccinated", "no_show", None),
        # who came for dose 1 in A is assigned again for dose 2, due first (9 Feb, then 23 Feb)
        ("B", "P000001", "dose2", "partial", "administered", date(2022, 2, 9)),
        ("B", "P000002", "dose2", "partial", "administered", date(2022, 2, 24)),
        ("C", "P000004", "dose2", "partial", "pending", None),
        ("C", "P000005", "dose2", "partial", "pending", None),
    ]
    assert result.phases[["phase", "quota", "assigned", "administered",
                          "administered_unassigned", "remaining", "no_shows",
                          "pending"]].values.tolist() == [
        ["A", 2, 2, 1, 0, 1, 1, 0],
        ["B", 2, 2, 2, 0, 0, 0, 0],  # P000005's dose 1 (Gresik) is not B's
        ["C", 2, 2, 0, 0, 2, 0, 2],
    ]
    assert [(r.person_id, r.dose, r.date.date(), r.reason)
            for r in result.outside.itertuples()] == [
        ("P000005", "dose1", date(2022, 2, 15), "other_region"),
        ("P000006", "booster1", date(2022, 3, 2), "no_phase"),
    ]
    assert result.regions.values.tolist() == [
        # kabkota, volunteers, need_now, assigned, administered, no_shows, unassigned_need
        ["Kabupaten Gresik", 1, 1, 1, 0, 0, 0],
        ["Kota Surabaya", 5, 2, 5, 3, 1, 1],
    ]
    # P000003 did not come in A and A is over: still needs dose 1, with no phase ahead
    assert result.unassigned[["person_id", "dose", "reason"]].values.tolist() == [
        ["P000003", "dose1", "missed_phase"]]


def test_phase_over_quota_shows_negative_remaining() -> None:
    rows = [volunteer(i, "complete", primary_doses=2) for i in range(1, 4)]
    doses = [(f"P{i:06d}", "dose1", "2022-01-15", "sinovac") for i in range(1, 4)]
    persons, memberships, dose_table = tables(rows, doses)
    result = allocate(plan(("A", JAN, 2, ())), persons, memberships, dose_table,
                      date(2022, 3, 31))
    assert result.phases[["assigned", "administered", "remaining"]].values.tolist() == [[2, 3, -1]]


def test_booster_need_rolled_back_to_the_phase_start() -> None:
    # Complete since June 2021; a booster given in phase B: when B started a booster was due
    # (the rule open from 12 Jan 2022, 6 months after the series; 3 months from 25 Feb 2022).
    rows = [volunteer(1, "complete", primary_doses=2, booster_doses=1)]
    doses = [("P000001", "dose1", "2021-06-01", "sinovac"),
             ("P000001", "dose2", "2021-06-29", "sinovac"),
             ("P000001", "booster1", "2022-02-10", "pfizer")]
    persons, memberships, dose_table = tables(rows, doses)
    base = plan(("A", ("2021-10-01", "2021-10-31"), 5, ()), ("B", FEB, 5, ()))
    with_boosters = Plan(base.total_doses, base.phases, base.source, count_boosters=True)
    result = allocate(with_boosters, persons, memberships, dose_table, date(2022, 3, 31))
    assert [(r.phase, r.dose, r.due.date(), r.status_at_start, r.outcome)
            for r in result.assignments.itertuples()] == [
        ("B", "booster1", date(2022, 1, 12), "complete", "administered")]
    result = allocate(base, persons, memberships, dose_table, date(2022, 3, 31))
    assert result.assignments.empty
    assert result.phases["administered"].tolist() == [0, 1]


def test_deferred_partial_waits_for_the_later_of_due_date_and_deferral() -> None:
    rows = [volunteer(1, "deferred", primary_doses=1, next_dose="dose2",
                      next_due=d("2022-02-20"), eligible_from=d("2022-02-20")),
            volunteer(2, "partial", primary_doses=1, next_dose="dose2",
                      next_due=d("2022-01-20"))]
    doses = [("P000001", "dose1", "2021-12-01", "sinovac"),
             ("P000002", "dose1", "2021-12-23", "sinovac")]
    persons, memberships, dose_table = tables(rows, doses)
    result = allocate(plan(("A", JAN, 5, ()), ("B", FEB, 5, ())), persons, memberships,
                      dose_table, date(2022, 1, 5))
    assert flat(result.assignments) == [("A", "P000002", "next_dose", "dose2"),
                                        ("B", "P000001", "deferred", "dose2")]


def test_no_shows_reassigned_only_when_the_plan_says_so() -> None:
    rows = [volunteer(1, "unvaccinated"), volunteer(2, "complete", primary_doses=2),
            volunteer(3, "unvaccinated")]
    doses = [("P000002", "dose1", "2022-01-20", "sinovac"),
             ("P000002", "dose2", "2022-02-17", "sinovac")]
    persons, memberships, dose_table = tables(rows, doses)
    base = plan(("A", JAN, 2, ()), ("B", FEB, 3, ()), ("C", MAR, 2, ()))
    result = allocate(base, persons, memberships, dose_table, date(2022, 3, 31))
    assert [(r.phase, r.person_id, r.outcome) for r in result.assignments.itertuples()] == [
        ("A", "P000001", "no_show"), ("A", "P000002", "administered"),
        # P000002 came for dose 1 in A: assigned again for dose 2, before first doses
        ("B", "P000002", "administered"), ("B", "P000003", "no_show")]
    again = Plan(base.total_doses, base.phases, base.source, reassign_no_shows=True)
    result = allocate(again, persons, memberships, dose_table, date(2022, 3, 31))
    assert [(r.phase, r.person_id, r.outcome) for r in result.assignments.itertuples()] == [
        ("A", "P000001", "no_show"), ("A", "P000002", "administered"),
        ("B", "P000002", "administered"), ("B", "P000003", "no_show"),
        ("B", "P000001", "no_show"),  # a second chance comes after those never assigned
        ("C", "P000001", "pending"), ("C", "P000003", "pending")]
    assert result.regions[["assigned", "no_shows"]].values.tolist() == [[7, 3]]


def test_dose_two_is_assigned_after_dose_one_came_and_goes_first() -> None:
    """Whoever came for dose 1 in Tahap 1 is planned for dose 2 before any new first dose."""
    rows = [volunteer(1, "partial", primary_doses=1, next_dose="dose2", next_due=d("2022-02-14")),
            volunteer(2, "unvaccinated"), volunteer(3, "unvaccinated")]
    doses = [("P000001", "dose1", "2022-01-17", "sinovac")]
    persons, memberships, dose_table = tables(rows, doses)
    result = allocate(plan(("A", JAN, 1, ()), ("B", FEB, 1, ())), persons, memberships,
                      dose_table, date(2022, 3, 31))
    assert [(r.phase, r.person_id, r.dose, r.outcome) for r in result.assignments.itertuples()] == [
        ("A", "P000001", "dose1", "administered"),
        ("B", "P000001", "dose2", "no_show"),
    ]
    # Nobody has a phase ahead: P000001 missed theirs, the others found the quotas full
    assert result.unassigned[["person_id", "reason"]].values.tolist() == [
        ["P000001", "missed_phase"], ["P000002", "phases_full"], ["P000003", "phases_full"]]
