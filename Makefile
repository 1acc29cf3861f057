# The two commands of the README: `make run` (the demo census) and `make test` (every check).
# Each sets itself up: a local virtual environment with the packages, the system libraries
# WeasyPrint prints PDFs with (Debian's Pango and fonts) and, for `make test`, Chromium and
# PostgreSQL for the browser and database tests (Debian's packages, installed with apt-get when
# missing).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: run serve test check lint typecheck pytest pytest-postgres chromium postgresql pdflibs demo bench clean messages expected

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

## run: the census of the demo province in inputs/, written to outputs/ — and the swab list
## after the head office's case of 28 March 2022 (outputs/swab/)
run: $(STAMP) pdflibs
	$(BIN)/census run inputs --out outputs
	$(BIN)/census swab dinsos_kantor --date 2022-03-28 --inputs inputs --out outputs/swab --quiet

## serve: the web portal on http://127.0.0.1:8000 with the demo province as its first round
serve: $(STAMP) pdflibs
	$(BIN)/census serve --demo

## test: every check — ruff, mypy, the whole test suite (browser tests included) on SQLite, and
## the portal's tests again on a throw-away PostgreSQL server
test: $(STAMP) chromium postgresql pdflibs lint typecheck pytest pytest-postgres

lint: $(STAMP)
	$(BIN)/ruff check census tests bench demo
	$(BIN)/lint-imports

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	$(BIN)/pytest -q -n 2 --dist loadfile

# The portal's tests (tests/test_web_*.py) once more, against PostgreSQL started for them.
pytest-postgres: $(STAMP) postgresql
	$(BIN)/python -m tests.postgres $(BIN)/pytest -q -n 2 -p no:cacheprovider $(wildcard tests/test_web_*.py)

chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Chromium (Debian package) for the browser tests..."; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-liberation >/dev/null) \
	  || (sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-liberation >/dev/null); }

postgresql:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { \
	  echo "Installing PostgreSQL (Debian package) for the portal's database tests..."; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null) \
	  || (sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null); }

## pdflibs: what WeasyPrint needs to print the reports to PDF (Pango, fonts); poppler-utils
## (pdftotext, pdftoppm) reads them back in the tests
pdflibs:
	@{ ldconfig -p | grep -q libpangoft2-1.0 && command -v pdftotext >/dev/null 2>&1; } || { \
	  echo "Installing Pango, fonts and poppler-utils (Debian packages) for the PDF reports..."; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation poppler-utils >/dev/null) \
	  || (sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation poppler-utils >/dev/null); }

## demo: regenerate the demo province, round 1 (inputs/) and round 2 (demo/round2/); committed,
## only needed after changing the generator
demo: $(STAMP)
	$(BIN)/python -m demo.generate --out inputs --seed 2021
	$(BIN)/python -m demo.generate --round 2 --out demo/round2 --seed 2021

## messages: extract every user-facing word into the catalogues and compile them (after editing text)
messages: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k t -k N_ -k n:1,2 -o census/locale/census.pot --no-location --sort-output -c TRANSLATORS: . >/dev/null
	$(BIN)/pybabel update -i census/locale/census.pot -d census/locale -D census --no-fuzzy-matching --ignore-obsolete >/dev/null
	@# One fixed date in the catalogues' headers: regenerating them changes nothing but the words
	@# (no conflicts between branches on a timestamp, and the compiled .mo files are reproducible).
	sed -i -e 's/^"POT-Creation-Date: .*/"POT-Creation-Date: 2021-01-13 00:00+0000\\n"/' -e 's/^"PO-Revision-Date: .*/"PO-Revision-Date: 2021-01-13 00:00+0000\\n"/' census/locale/census.pot census/locale/*/LC_MESSAGES/census.po
	$(BIN)/pybabel compile -d census/locale -D census --statistics

## expected: rewrite the demo census's committed outputs (tests/fixtures/expected/demo/) — only
## when a change is meant to change persons.csv, findings.json or summary.json; review the diff
expected: $(STAMP)
	rm -rf .expected-run
	$(BIN)/census run inputs --out .expected-run --quiet
	cp .expected-run/persons.csv .expected-run/findings.json .expected-run/summary.json tests/fixtures/expected/demo/
	rm -rf .expected-run

## bench: the benchmark table of the README in one run (census run at 10k and 100k people, reading
## vs raw calamine and pandas+openpyxl, validation, export, start-up); `make bench BENCH=--million`
## adds 1,000,000 people (generated once, minutes). Inputs are cached under bench/data/.
bench: $(STAMP)
	$(BIN)/python -m bench.run_all $(BENCH)

clean:
	rm -rf $(VENV) outputs/* .pytest_cache .mypy_cache .ruff_cache
