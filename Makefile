# corridor: `make atlas` builds the maps, `make test` runs every test. Both set up .venv first.
# Any Python >= 3.11: python3 if it is recent enough, else the newest python3.1x on PATH.
ifndef PYTHON
PYTHON := $(shell for p in python3 python3.13 python3.12 python3.11; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null \
	&& { command -v $$p; break; }; done)
endif
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
NBVAL := --nbval --nbval-current-env --nbval-sanitize-with notebooks/sanitize.cfg

.PHONY: venv test lint unit nbval atlas atlas-check notebooks benchmarks clean

$(STAMP): pyproject.toml
	@test -n "$(PYTHON)" || { echo "corridor needs Python 3.11 or newer (python3 on PATH); set PYTHON=/path/to/python3" >&2; exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "corridor needs Python 3.11 or newer, got " + sys.version.split()[0])'
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
	$(BIN)/corridor atlas --out build/atlas --notebooks build/notebooks

# Open every atlas page in headless Chromium with the network blocked; screenshots in build/atlas/screenshots.
atlas-check: atlas
	$(BIN)/corridor atlas --out build/atlas --notebooks build/notebooks --check

# Re-execute the notebooks in place: run after a change that alters their outputs, then review the diff.
notebooks: $(STAMP)
	$(BIN)/jupyter nbconvert --log-level=WARN --to notebook --execute --inplace --ExecutePreprocessor.record_timing=False notebooks/*.ipynb

benchmarks: $(STAMP)
	$(BIN)/python -m pip install -q -e '.[test,notebooks,bench]'
	for b in benchmarks/*.py; do $(BIN)/python $$b || exit 1; done

clean:
	rm -rf build .pytest_cache
