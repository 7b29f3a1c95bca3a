# rolegraph: every target sets up what it needs itself (python3 and make are enough).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test test-slow score clean browser bench rapper virtuoso

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

## demo: build the graph from examples/, write graph.ttl, print which tools serve which roles
demo: $(STAMP)
	$(BIN)/rolegraph build examples --store .rolegraph-demo -o graph.ttl
	$(BIN)/rolegraph query tools-by-role --store .rolegraph-demo
	$(BIN)/rolegraph query roles-by-tool --param tool=salesforce --store .rolegraph-demo

# the page test drives Debian's chromium: make test installs it first when it is missing
BROWSER := $(if $(wildcard /usr/bin/chromium),,browser)

## browser: install Debian's chromium for the page test (CI, or as root; else say how)
browser:
	@if [ -x /usr/bin/chromium ]; then exit 0; \
	elif [ "$$CI" = true ] || [ "$$(id -u)" = 0 ]; then \
	  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver; \
	else echo "browser: /usr/bin/chromium is missing, the page test will skip (sudo apt-get install chromium)"; fi

# the remote store tests also run against Virtuoso: make test installs it first when it is missing
VIRTUOSO := $(if $(wildcard /usr/bin/virtuoso-t),,virtuoso)

## virtuoso: install Debian's virtuoso-opensource for the remote store tests (CI, or as root; else say
## how). The tests start their own virtuoso-t on 127.0.0.1; the packaged service is not started
virtuoso:
	@if [ -x /usr/bin/virtuoso-t ]; then exit 0; \
	elif [ "$$CI" = true ] || [ "$$(id -u)" = 0 ]; then \
	  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q virtuoso-opensource \
	  && if [ -x /etc/init.d/virtuoso-opensource-7 ]; then \
	    /etc/init.d/virtuoso-opensource-7 stop >/dev/null 2>&1; update-rc.d virtuoso-opensource-7 disable >/dev/null 2>&1; true; fi; \
	else echo "virtuoso: virtuoso-t is missing, the Virtuoso tests will skip (sudo apt-get install virtuoso-opensource)"; fi

## test: run the test suite (seed tests read ../shared/seeds)
test: $(STAMP) $(BROWSER) $(VIRTUOSO)
	$(BIN)/pytest -q -m "not slow"

## test-slow: the long-running tests (SIGKILL during builds, the 50-client load test, large inputs)
test-slow: $(STAMP)
	$(BIN)/pytest -q -m slow

## score: extraction quality on the seed documents against the hand annotations
score: $(STAMP)
	$(PYTHON) ../shared/tools/score_extraction.py ../shared/seeds-gold ../shared/seeds \
	  --cmd '$(BIN)/rolegraph extract {path} --format json'

# bench: the benchmark's extra (psutil, for the peak RSS of a process tree)
$(VENV)/.bench-installed: pyproject.toml $(STAMP)
	$(BIN)/pip install --quiet -e '.[bench]'
	touch $@

## rapper: install Debian's raptor2-utils, so bench checks that rapper reads the export (CI or root)
rapper:
	@if command -v rapper >/dev/null; then exit 0; \
	elif [ "$$CI" = true ] || [ "$$(id -u)" = 0 ]; then \
	  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q raptor2-utils; \
	else echo "rapper: not installed, bench skips that check (sudo apt-get install raptor2-utils)"; fi

## bench: rolegraph vs a naive rdflib baseline on 100, 1,000 and 10,000 generated documents, table in
## bench/results/ (QUICK=1: 100 documents only, written to build/bench-quick; BENCH_ARGS=... passes options)
bench: $(VENV)/.bench-installed rapper
	$(BIN)/python bench/run.py $(if $(QUICK),--quick --out build/bench-quick,--out bench/results) $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .rolegraph-demo graph.ttl build *.egg-info .pytest_cache
