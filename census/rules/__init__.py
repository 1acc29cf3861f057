"""The dated rule table (brands, intervals, boosters, deferrals, ages, remark words) and lookups."""

from census.rules.table import Rules, default_rules

__all__ = ["Rules", "default_rules"]
