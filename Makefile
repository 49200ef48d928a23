# The cooperative purchasing platform: two commands run it all (see README.md).
SHELL := /bin/bash
export ODOO_SRC ?= /opt/odoo-18.0
export VENV ?= $(HOME)/.cache/coop-platform/venv
export ADDONS KEEP_DB HTTP_PORT INSTRUCTIONS

.PHONY: run test bench lint reset setup i18n help
help:
	@echo "make run    - set up and serve the demo database on http://localhost:8069"
	@echo "make test   - set up and run every test (ADDONS=coop_gie for one addon)"
	@echo "make bench  - benchmarks, side by side with Odoo's standard flow"
	@echo "              (INSTRUCTIONS=1: routing's instruction counts under callgrind)"
	@echo "make lint   - pre-commit (ruff, pylint-odoo)"
	@echo "make reset  - drop the demo database"
	@echo "make i18n   - regenerate .pot files and merge fr.po / ar.po"

setup:
	@bash scripts/setup.sh

run: setup
	@bash scripts/run.sh

test: setup
	@bash scripts/test.sh

bench: setup
	@bash scripts/bench.sh

lint: setup
	@bash scripts/lint.sh

reset:
	@bash scripts/reset.sh

i18n: setup
	@bash scripts/i18n.sh
