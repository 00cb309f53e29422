# claimgraph: `make demo` and `make test` do all the set-up on a fresh machine with Python >= 3.11.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: demo test eval bench clean

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)  ## build the graph of the seed articles into out/
	$(BIN)/claimgraph build seeds/ --out out/

test: $(STAMP)  ## run the whole test suite
	$(BIN)/python -m pytest -q

eval: $(STAMP)  ## seeds and dev set: build, claims_table, score per language (../shared/eval)
	$(BIN)/python bench/eval.py

bench: $(STAMP)  ## extraction speed on the seeds
	$(BIN)/python bench/extract_speed.py seeds/

clean:
	rm -rf out/ $(VENV)
