# Two commands a fresh machine needs: `make serve` and `make test`. Python 3.11, make and the package registries.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
ADDR ?= 127.0.0.1:8000

.PHONY: serve site test test-fast check bench chromium nodejs fonts clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[test]'
	touch $(STAMP)

# The benchmark's baseline (Material's own search) segments with jieba: installed for `make bench` only,
# so that ordinary builds don't load it.
BENCH_STAMP := $(VENV)/.bench-stamp
$(BENCH_STAMP): $(STAMP)
	$(BIN)/pip install --quiet -c constraints.txt -e '.[test,bench]'
	touch $(BENCH_STAMP)

## Build the site and serve it at http://$(ADDR) with live rebuild on content/ and annotations/ changes.
serve: $(STAMP) fonts
	$(BIN)/lawref serve --addr $(ADDR)

## Build the static site into site/ for deployment.
site: $(STAMP) fonts
	$(BIN)/lawref build --site-dir site

## Every test: unit, property, golden, site and browser tests.
test: $(STAMP) chromium fonts
	$(BIN)/python -m pytest -q

## Tests that need no browser.
test-fast: $(STAMP) nodejs
	$(BIN)/python -m pytest -q -m "not browser"

## List every diagnostic and anomaly of the source.
check: $(STAMP)
	$(BIN)/lawref check

## Benchmarks (not tests): build stages, memory, search quality and latency.
bench: $(BENCH_STAMP) chromium
	$(BIN)/python tests/bench/bench_build.py --json bench-out/build.json
	$(BIN)/python tests/bench/bench_proofread.py --json bench-out/proofread.json
	@if [ -f tests/bench/bench_search.py ]; then $(BIN)/python tests/bench/bench_search.py; fi

## Debian's Chromium (and CJK fonts) for the browser tests, never a downloaded browser; Debian's nodejs runs the
## browser's citation code against Python's in the parity test (tests/test_citation_parity.py).
chromium:
	@if [ ! -x /usr/bin/chromium ] || ! command -v node >/dev/null; then \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y chromium fonts-noto-cjk nodejs; \
	fi

## Debian's nodejs alone (test-fast: the parity test needs no browser).
nodejs:
	@if ! command -v node >/dev/null; then \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y nodejs; \
	fi

## Debian's Noto CJK fonts: the PDF downloads embed them (a build without them fails, naming the package).
fonts:
	@if ! fc-list 2>/dev/null | grep -q "Noto Serif CJK SC" && [ ! -e /usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc ]; then \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y fonts-noto-cjk; \
	fi

clean:
	rm -rf site .pytest_cache
