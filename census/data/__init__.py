"""Reference data shipped with census: the dated rule table, region codes, name tokens."""
