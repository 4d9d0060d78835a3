# Emulation-campaign pipeline.  `make` builds the reports from inbox/; `make demo` runs the
# bundled sample inbox; `make test` lints and runs the tests.  Each sets up the venv first.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
AS_OF ?=
JOBS ?=
# `make demo CAMPAIGN=2026_phuong`: config/campaign_$(CAMPAIGN).yaml on its own sample inbox.
CAMPAIGN ?= 2021
DEMO_INBOX_2021 := samples/inbox
DEMO_AS_OF_2021 := 2021-07-10
DEMO_INBOX_2026_phuong := samples/inbox_2026_phuong
DEMO_AS_OF_2026_phuong := 2026-11-20
DEMO_CONFIG := config/campaign_$(CAMPAIGN).yaml
DEMO_INBOX ?= $(DEMO_INBOX_$(CAMPAIGN))
DEMO_AS_OF ?= $(DEMO_AS_OF_$(CAMPAIGN))
DEMO_OUTBOX ?= $(if $(filter 2021,$(CAMPAIGN)),outbox_demo,outbox_demo_$(CAMPAIGN))
FUZZ_SECONDS ?= 600
BENCH_SIZES ?= 200 1000 5000

.PHONY: all run demo test lint pytest bench fuzz samples samples_2026_phuong templates clean accuracy

all: run

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(PY) -m pipeline run --inbox inbox --outbox outbox $(if $(AS_OF),--as-of $(AS_OF)) $(if $(JOBS),--jobs $(JOBS))

demo: $(STAMP)
	@test -n "$(DEMO_INBOX)" || { echo "Không có hộp thư mẫu cho CAMPAIGN=$(CAMPAIGN) (no sample inbox)"; exit 2; }
	$(PY) -m pipeline run --inbox $(DEMO_INBOX) --outbox $(DEMO_OUTBOX) --config $(DEMO_CONFIG) --as-of $(DEMO_AS_OF)
	@echo "Mở $(DEMO_OUTBOX)/validation_log.html để xem nhật ký kiểm tra (open it in a browser)."

lint: $(STAMP)
	$(VENV)/bin/ruff check pipeline tests tools bench
	$(VENV)/bin/mypy pipeline

pytest: $(STAMP)
	$(VENV)/bin/pytest -q

test: lint pytest

samples: $(STAMP)
	$(PY) -m tests.make_samples --out samples/inbox

samples_2026_phuong: $(STAMP)
	$(PY) -m tests.make_plan_2026 --out samples/plans
	$(PY) -m tests.make_inbox_2026 --out samples/inbox_2026_phuong

templates: $(STAMP)
	$(PY) tools/build_templates.py

clean:
	rm -rf outbox_demo outbox_demo_* .pytest_cache .mypy_cache .ruff_cache .outbox.cache.sqlite .outbox_demo.cache.sqlite

bench: $(STAMP)
	$(PY) -m bench.run --sizes $(BENCH_SIZES) $(if $(JOBS),--jobs $(JOBS))

fuzz: $(STAMP)
	$(PY) -m tests.fuzz --seconds $(FUZZ_SECONDS) $(if $(JOBS),--jobs $(JOBS))

accuracy: $(STAMP)
	$(PY) -m tests.accuracy $(ACCURACY_ARGS)
