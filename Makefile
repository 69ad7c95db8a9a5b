# Two commands do all setup on a fresh machine with only Python 3.11:
#   make run   - create .venv, install the pinned dependencies, run the workflow on the demo data
#   make test  - same setup, then lint and the full test suite
#   make test-fast - lint and the tests that neither run the workflow nor take long (the inner loop)

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CORES ?= 2
# The config of every command below: config/local.yaml when it exists (your own export; git ignores it), else
# the demo's config/config.yaml alone. Others: make run CONFIG="config/statlig_finansiering.yaml config/local.yaml"
CONFIG ?= $(wildcard config/local.yaml)
CONFIG_ARGS := $(foreach file,$(CONFIG),--configfile=$(file))

.PHONY: setup run test test-fast lint verify report lock clean bench

setup: $(STAMP)

$(STAMP): envs/requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r envs/requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/snakemake --cores $(CORES) $(CONFIG_ARGS)

test: $(STAMP) lint
	$(BIN)/python -m pytest

# Leaves out the tests marked workflow (Snakemake runs, notebooks) or slow (property-based); CI runs `make test`.
test-fast: $(STAMP) lint
	$(BIN)/python -m pytest -m "not workflow and not slow"

# Check a reproduction: rerun in a temporary copy with the config each results/*/manifest.json records, and
# compare every input and output with it (CONFIG only tells where files outside the repository are).
verify: $(STAMP)
	$(BIN)/python -m likertpipe.verify --cores $(CORES) $(CONFIG_ARGS)

# The browsable report of each study: results/{study}/report.zip and the single-file report.html.
report: $(STAMP)
	$(BIN)/python -m likertpipe.report --cores $(CORES) $(CONFIG_ARGS)

# Benchmarks on synthetic surveys (10,000 to 1,000,000 respondents, each measurement 3 times; run it on a quiet
# machine): benchmarks/results.md. `benchmarks/run.py --quick` checks that every part runs (benchmarks/.data/quick.md)
bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

lint: $(STAMP)
	$(BIN)/ruff check src tests workflow data_raw benchmarks
	$(BIN)/snakefmt --check Snakefile workflow/rules

# Re-pin the dependencies (needs uv: pip install uv). Commit envs/requirements.lock afterwards.
lock:
	uv pip compile envs/requirements.in --python-version 3.11 --generate-hashes -o envs/requirements.lock

clean:
	rm -rf results data_processed/*/ logs .snakemake
