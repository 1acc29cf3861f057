"""One register of distinct people: merge every roster row, reconcile doses with health-office exports."""

from census.register.build import PERSON_TABLE, Register, build_register
from census.register.names import normalise_name, normalise_names

__all__ = ["PERSON_TABLE", "Register", "build_register", "normalise_name", "normalise_names"]
