# claimgraph: `make demo` and `make test` do all the set-up on a fresh machine with Python >= 3.11.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: demo test eval bench clean browser

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[test]'
	touch $(STAMP)

demo: $(STAMP) browser  ## build the graph of the seed articles into out/
	$(BIN)/claimgraph build seeds/ --out out/

# the browser tests (tests/test_browser.py) open the HTML views in Debian's headless Chromium
# driven by ChromeDriver; installed here when missing and apt-get can (as root), else they skip loudly
browser:
	@if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "installing Debian's chromium and chromium-driver for the browser tests"; \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver >/dev/null 2>&1 || \
	  { apt-get update -q >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver >/dev/null; } || \
	  echo "WARNING: could not install chromium; the browser tests will skip"; \
	else echo "WARNING: no /usr/bin/chromium (apt-get install chromium chromium-driver); the browser tests will skip"; fi

test: $(STAMP) browser  ## run the whole test suite
	$(BIN)/python -m pytest -q

eval: $(STAMP)  ## seeds and dev set: build, claims_table, score per language (../shared/eval)
	$(BIN)/python bench/eval.py

bench: $(STAMP)  ## extraction speed on the seeds
	$(BIN)/python bench/extract_speed.py seeds/

clean:
	rm -rf out/ $(VENV)
