# claimgraph: `make demo` and `make test` do all the set-up on a fresh machine with Python >= 3.11.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
GOLD   ?= ../shared/eval/gold/seeds.jsonl
SCORER ?= ../shared/eval/score.py

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

eval: $(STAMP)  ## build the seeds, run claims_table, score against the gold mentions
	$(BIN)/claimgraph build seeds/ --out out/ --quiet
	$(BIN)/claimgraph query claims_table --graph out/graph.ttl --format csv --output out/claims.csv
	$(BIN)/python $(SCORER) $(GOLD) seeds out/claims.csv --show-misses

bench: $(STAMP)  ## extraction speed on the seeds
	$(BIN)/python bench/extract_speed.py seeds/

clean:
	rm -rf out/ $(VENV)
