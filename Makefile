# Two entry points: `make demo` and `make test`. Both build .venv on first use.
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	# torch first, pinned: 2.13.0's CPU build lies on this machine's disk; a bare range would fetch a CUDA build.
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[test]'
	# The desk's browser tests drive Debian's Chromium through Playwright (never a downloaded browser).
	command -v chromium >/dev/null || (apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium)
	# The multi-host test (bench/cluster.py) puts each host in a network namespace: iproute2's ip and ss.
	command -v ip >/dev/null && command -v ss >/dev/null || (apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q iproute2)
	touch $@

.PHONY: install demo test
install: $(BIN)/.installed

demo: $(BIN)/.installed
	$(BIN)/finreview serve --demo

test: $(BIN)/.installed
	$(BIN)/pytest
