# Emulation-campaign pipeline.  `make` builds the reports from inbox/; `make demo` runs the
# bundled sample inbox; `make test` lints and runs the tests.  Each sets up the venv first.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
AS_OF ?=
JOBS ?=
DEMO_AS_OF ?= 2021-07-10
FUZZ_SECONDS ?= 600
BENCH_SIZES ?= 200 1000 5000

.PHONY: all run demo test lint pytest bench fuzz samples templates clean accuracy

all: run

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(PY) -m pipeline run --inbox inbox --outbox outbox $(if $(AS_OF),--as-of $(AS_OF)) $(if $(JOBS),--jobs $(JOBS))

demo: $(STAMP)
	$(PY) -m pipeline run --inbox samples/inbox --outbox outbox_demo --as-of $(DEMO_AS_OF)
	@echo "Mở outbox_demo/validation_log.html để xem nhật ký kiểm tra (open it in a browser)."

lint: $(STAMP)
	$(VENV)/bin/ruff check pipeline tests tools bench
	$(VENV)/bin/mypy pipeline

pytest: $(STAMP)
	$(VENV)/bin/pytest -q

test: lint pytest

samples: $(STAMP)
	$(PY) -m tests.make_samples --out samples/inbox

templates: $(STAMP)
	$(PY) tools/build_templates.py

clean:
	rm -rf outbox_demo .pytest_cache .mypy_cache .ruff_cache .outbox.cache.sqlite .outbox_demo.cache.sqlite

bench: $(STAMP)
	$(PY) -m bench.run --sizes $(BENCH_SIZES) $(if $(JOBS),--jobs $(JOBS))

fuzz: $(STAMP)
	$(PY) -m tests.fuzz --seconds $(FUZZ_SECONDS) $(if $(JOBS),--jobs $(JOBS))

accuracy: $(STAMP)
	$(PY) -m tests.accuracy $(ACCURACY_ARGS)
