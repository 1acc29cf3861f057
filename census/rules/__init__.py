"""The dated rule table and the status of each person on the census date."""

from census.rules.table import Rules, default_rules, normalise_brand_text

__all__ = ["Rules", "default_rules", "normalise_brand_text"]
