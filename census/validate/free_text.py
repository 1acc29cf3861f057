"""Checks of the free cells: remarks census cannot interpret, exemptions without a doctor's
letter, phone numbers nobody can call."""

from __future__ import annotations

from census.rules.remarks import read_remarks
from census.rules.table import Rules
from census.validate.columns import Columns
from census.validate.common import Cells, Emitter
from census.values.phone import phones


def check_remarks(rows: Columns, emit: Emitter, rules: Rules) -> None:
    """remark-not-understood and exempt-letter-missing, read as the status stage reads remarks."""
    cells = Cells(rows, "remark")
    if not cells.present.any():
        return
    read = read_remarks(rows.series("remark"), rules)
    emit.emit("remark-not-understood", cells.present & ~read["understood"].to_numpy(), "remark",
              cells)
    letterless = read["exempt"].to_numpy() & ~read["doctor_letter"].to_numpy()
    emit.emit("exempt-letter-missing", cells.present & letterless, "remark", cells)


def check_phones(rows: Columns, emit: Emitter) -> None:
    """phone-invalid: a phone cell with no number the register can keep (census.values.phone)."""
    cells = Cells(rows, "phone")
    if not cells.present.any():
        return
    _, invalid = phones(rows.values("phone").astype(object))
    emit.emit("phone-invalid", cells.present & invalid, "phone", cells)
