# corridor: `make atlas` builds the maps, `make test` runs every test. Both set up .venv first.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
NBVAL := --nbval --nbval-current-env --nbval-sanitize-with notebooks/sanitize.cfg

.PHONY: venv test lint unit nbval atlas atlas-check notebooks benchmarks clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "corridor needs Python 3.11, got " + sys.version'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test,notebooks]'
	touch $@

venv: $(STAMP)

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks

unit: $(STAMP)
	$(BIN)/pytest tests src/corridor --doctest-modules

nbval: $(STAMP)
	$(BIN)/pytest $(NBVAL) notebooks/

test: lint unit nbval

atlas: $(STAMP)
	$(BIN)/jupyter nbconvert --log-level=WARN --to notebook --execute --output-dir build/notebooks notebooks/*.ipynb
	$(BIN)/corridor atlas --out build/atlas

# Open every atlas page in headless Chromium with the network blocked; screenshots in build/atlas/screenshots.
atlas-check: atlas
	$(BIN)/corridor atlas --out build/atlas --check

# Re-execute the notebooks in place: run after a change that alters their outputs, then review the diff.
notebooks: $(STAMP)
	$(BIN)/jupyter nbconvert --log-level=WARN --to notebook --execute --inplace --ExecutePreprocessor.record_timing=False notebooks/*.ipynb

benchmarks: $(STAMP)
	for b in benchmarks/*.py; do $(BIN)/python $$b || exit 1; done

clean:
	rm -rf build .pytest_cache
