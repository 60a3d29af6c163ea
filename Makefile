PYTHON ?= python3
MIN_PYTHON := 3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The version of the Python given as $(1), like 3.12.4; empty if it does not run.
VERSION_OF = $$($(1) -c 'import sys; print("%d.%d.%d" % sys.version_info[:3])' 2>/dev/null)
# Succeeds when the version given as $(1) is at least MIN_PYTHON.
AT_LEAST = awk -v have="$(1)" -v want=$(MIN_PYTHON) 'BEGIN { split(have, h, "."); \
	split(want, w, "."); exit !(h[1] + 0 > w[1] + 0 || (h[1] + 0 == w[1] + 0 && h[2] + 0 >= w[2] + 0)) }'

.PHONY: install run test lint typecheck unit bench clean

$(STAMP): pyproject.toml
	@found="$(call VERSION_OF,$(PYTHON))"; \
	if ! $(call AT_LEAST,$$found); then \
	  echo "prepbot needs Python $(MIN_PYTHON) or newer, but $(PYTHON) is $${found:-not a Python that runs}." >&2; \
	  for other in python3.14 python3.13 python3.12 python3.11; do \
	    if command -v $$other >/dev/null 2>&1; then \
	      echo "$$other is installed: run make PYTHON=$$other $(MAKECMDGOALS)" >&2; exit 1; \
	    fi; \
	  done; \
	  echo "Install Python $(MIN_PYTHON) or newer, then run make PYTHON=/path/to/it $(MAKECMDGOALS)" >&2; \
	  exit 1; \
	fi
	@# A .venv an older Python left (an install that failed half way) is rebuilt, not reused.
	@found="$(call VERSION_OF,$(BIN)/python)"; \
	if [ -d $(VENV) ] && ! $(call AT_LEAST,$$found); then rm -rf $(VENV); fi
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev,all]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/prepbot run

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

# Four workers on two cores: the fault suites' tests mostly wait (out an outage, a lease),
# so they run beside the others. They are sorted first, and loadgroup (no test is in a
# group) hands tests out two at a time, so the long ones start together on different workers.
unit: $(STAMP)
	$(BIN)/pytest -n 4 --dist loadgroup

test: lint typecheck unit

# Every benchmark, one after another, then how long each took (about 8 minutes on 2 cores).
# Some run shorter here than their own defaults; bench/RESULTS.md gives each one's full run.
# `make bench BENCHES="core startup"` runs some of them.
BENCHES := core dispatch "spike --runs 2" slack discord practice shards \
	"oauth --runs 300 --memory-runs 1" startup "chart --rounds 3" "bank --picks 100"

bench: $(STAMP)
	$(BIN)/python -m bench.run_all $(BENCHES)

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
