"""The status stage: each person's vaccination status on the census date, under the dated rules."""

from census.status.decide import decide_status

__all__ = ["decide_status"]
