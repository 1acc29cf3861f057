"""Tagana volunteer vaccine allocation: the plan, the assignment to phases, uptake and report.

The plan
--------
`INPUTS/tagana_plan.toml` (preferred when both exist) or `INPUTS/tagana_plan.xlsx`::

    title = "Alokasi vaksin Tagana 2022"   # optional, printed on the report
    total_doses = 350                      # doses allocated to the volunteers in all
    count_boosters = false                 # optional: also assign boosters due (default false)
    reassign_no_shows = false              # optional: a no-show may get a later phase (false)

    [[phases]]                             # one table per phase, any order
    name = "Tahap 1"                       # unique
    start = 2022-01-10                     # first day (TOML date, or "2022-01-10")
    end = 2022-01-31                       # last day, inclusive
    quota = 150                            # doses for this phase (whole number > 0)
    kabkota = ["Kota Surabaya", "Kabupaten Sidoarjo"]  # optional: only these volunteers

The workbook form: a sheet 'Rencana' (or 'Plan', or the only sheet) with a header row
Fase | Mulai | Selesai | Kuota | Kab/Kota (English Phase | Start | End | Quota | Kab/Kota;
Kab/Kota optional, names separated by ';'), one row per phase, and a cell 'Total Dosis' with the
number in the next filled cell to its right, above or below the table; the options likewise as
'Hitung booster' and 'Alihkan yang tidak hadir' labels with 'Ya' / 'Tidak' beside them.

A plan is refused (census.errors.BadPlan, every problem on its own line, each naming the TOML
line or worksheet row and the phase) when: the TOML cannot be parsed; a key is missing, unknown
(a typo like 'qouta') or unreadable; a phase ends before it starts; a phase starts before the
programme (2021-01-13) or more than a year after the census date (a plan may look ahead a year;
phases entirely in the past are fine, the report counts their uptake); two phases overlap (every
day belongs to at most one phase, so each dose has at most one phase); two phases share a name;
the quotas add up to more than total_doses; a Kab/Kota is unknown, or ambiguous ('Malang' is a
Kabupaten and a Kota: write 'Kab. Malang' or 'Kota Malang'). Names are matched to
census/data/wilayah/kabkota.csv ignoring case, punctuation and 'Kab.'/'Kabupaten'/'Kodya'.

The assignment and uptake algorithm is documented in census/allocate/assign.py.
"""

from census.allocate.assign import Allocation, allocate
from census.allocate.load import PLAN_TOML, PLAN_XLSX, load_plan
from census.allocate.plan import Phase, Plan, PlanError, PlanProblem
from census.allocate.render import write_allocation_report

__all__ = [
    "PLAN_TOML",
    "PLAN_XLSX",
    "Allocation",
    "Phase",
    "Plan",
    "PlanError",
    "PlanProblem",
    "allocate",
    "load_plan",
    "write_allocation_report",
]
