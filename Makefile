# Two entry points, each creating what it needs in a local virtual environment:
#   make demo   check the bundled example articles and write the HTML report
#   make test   run the whole test suite (what CI runs)

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
RUN_STAMP := $(VENV)/.installed-run

.PHONY: demo test chromium clean

# Two stamps: the demo needs only the package (and its runtime dependencies);
# the tests add the test tool chain on top.
$(VENV)/.created:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "qualitycheck needs Python 3.11 or newer (set PYTHON=...)")'
	$(PYTHON) -m venv $(VENV)
	@touch $@

$(RUN_STAMP): pyproject.toml $(VENV)/.created
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e .
	@touch $@

$(STAMP): pyproject.toml $(VENV)/.created
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $@

demo: $(RUN_STAMP)
	$(BIN)/qualitycheck report examples --output build/report.html
	@# Exit 1 only means some example articles fail, which they are written to do.
	$(BIN)/qualitycheck check examples; status=$$?; test $$status -le 1
	@echo "HTML report: build/report.html"

test: $(STAMP) chromium
	$(BIN)/ruff check qualitycheck tests benchmarks hatch_build.py
	$(BIN)/ruff format --check --quiet qualitycheck tests benchmarks hatch_build.py
	$(BIN)/mypy
	$(BIN)/python -m pytest

# The browser tests drive Debian's Chromium (Playwright never downloads a browser).
chromium:
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || \
	  { SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	    $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends chromium; }

clean:
	rm -rf $(VENV) build dist .pytest_cache .ruff_cache
