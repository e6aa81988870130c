# Two commands: `make demo` and `make test`. Each creates .venv from requirements.txt if needed.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: demo test bench workbook check-workbook clean

$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps -e .
	touch $(STAMP)

demo: $(STAMP)
	$(PY) -m minsheng demo --out out/demo

test: $(STAMP)
	$(PY) -m pytest

# Benchmarks time CPU seconds (time.process_time), not wall: ratios hold on a busy machine.
bench: $(STAMP)
	$(PY) -m pytest tests/test_bench_*.py --benchmark-enable --benchmark-timer time.process_time --benchmark-columns=min,median,mean,rounds -s

# Rebuild the committed master from its text sources (catalogue, VBA, ribbon).
workbook: $(STAMP)
	$(PY) -m minsheng build --out workbook/民生实事2024.xlsm --force

clean:
	rm -rf $(VENV) out .pytest_cache .benchmarks .hypothesis
