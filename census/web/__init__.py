"""The web portal (Django): units upload workbooks, see findings, the department tracks rounds.

A face over the core like `census.cli`: views call the library (read, validate, annotate,
run_census); the core never imports Django. Settings: `census.web.settings`.
"""
