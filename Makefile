# Commissioner developer commands. `make run` and `make test` set everything up.
VENV := .venv
# Python 3.12+ where the machine has it (PySide6 6.12 crashes on 3.11, see pyproject).
PYTHON ?= $(shell for p in python3.13 python3.12 $(wildcard $(HOME)/.pyenv/versions/3.13*/bin/python3) \
	$(wildcard $(HOME)/.pyenv/versions/3.12*/bin/python3) python3; do \
	"$$p" -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1 && { echo "$$p"; break; }; \
	done)
PYTHON_FALLBACK := python3
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench format clean pdf-tools

$(STAMP): pyproject.toml
	@py="$(PYTHON)"; [ -n "$$py" ] || py=$(PYTHON_FALLBACK); \
	echo "Creating $(VENV) with $$py"; \
	[ -x $(BIN)/python ] || "$$py" -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/commissioner

# The pack tests check every PDF with qpdf and look at its pages with poppler's pdftoppm.
# They are installed where this machine allows (Debian or Ubuntu, as root); elsewhere
# those checks skip and say why.
pdf-tools:
	@if ! command -v qpdf >/dev/null || ! command -v pdftoppm >/dev/null; then \
		if command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
			echo "Installing qpdf and poppler-utils for the pack checks"; \
			(apt-get update -qq && apt-get install -y -qq qpdf poppler-utils >/dev/null) \
				|| echo "Could not install qpdf and poppler-utils: the checks that need them will skip"; \
		else \
			echo "qpdf or pdftoppm is missing and cannot be installed here: those checks will skip"; \
		fi; \
	fi

test: $(STAMP) pdf-tools
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -n auto --maxprocesses=4

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache
