# Two commands for a fresh machine: `make run` and `make test` (see README.md).
# Everything they need is installed here, so a new clone needs nothing done by hand.

SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

# The first Python >= 3.12 found: on PATH, then in pyenv's versions (its shims refuse
# versions that are installed but not selected).
BOOT_PYTHON ?= $(shell for p in python3.13 python3.12 $$(ls -d $${PYENV_ROOT:-$$HOME/.pyenv}/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -r); do \
	$$p -c 'import sys; assert sys.version_info >= (3, 12)' >/dev/null 2>&1 && echo $$p && break; done)

.PHONY: run test deps test-deps bench-deps system-deps browser-deps messages lint lock clean

$(VENV)/.runtime: requirements.lock
	@test -n "$(BOOT_PYTHON)" || { echo "Python 3.12 or newer is needed (python3.13 recommended)."; exit 1; }
	test -x $(PY) || $(BOOT_PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	touch $@

$(VENV)/.test: requirements-dev.lock $(VENV)/.runtime
	$(PY) -m pip install --quiet -r requirements-dev.lock
	touch $@

deps: system-deps $(VENV)/.runtime

test-deps: deps $(VENV)/.test browser-deps

# Load testing (locust, pyinstrument) for bench/load_test; nginx comes from Debian via bench/cluster.
$(VENV)/.bench: requirements-bench.lock $(VENV)/.test
	$(PY) -m pip install --quiet -r requirements-bench.lock
	touch $@

bench-deps: deps $(VENV)/.bench

# gettext compiles the catalogues; fonts and Pango let WeasyPrint draw Kazakh letters.
system-deps:
	@command -v msgfmt >/dev/null && fc-list 2>/dev/null | grep -qi dejavu && ldconfig -p | grep -q libpango-1.0 || { \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext fonts-dejavu-core libpango-1.0-0 libpangoft2-1.0-0 >/dev/null; }

# Debian's Chromium (never a browser downloaded by Playwright) and axe-core from npm.
browser-deps:
	@test -x /usr/bin/chromium || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
	@test -f node_modules/axe-core/axe.min.js || npm ci --no-audit --no-fund --silent

messages: deps
	$(MANAGE) compilemessages --ignore=.venv --ignore=node_modules -v 0

run: deps messages
	$(MANAGE) migrate --no-input -v 0
	$(MANAGE) load_demo
	$(MANAGE) runserver $(HOST):$(PORT)

test: test-deps messages
	$(PY) -m pytest $(PYTEST_ARGS)

lint: test-deps
	$(VENV)/bin/ruff check .

# Regenerate the lock files after changing pyproject.toml.
lock: deps
	$(PY) -m pip install --quiet uv
	$(VENV)/bin/uv pip compile pyproject.toml --python-version 3.12 -q --no-header -o requirements.lock
	$(VENV)/bin/uv pip compile pyproject.toml --group test --python-version 3.12 -q --no-header -o requirements-dev.lock
	$(VENV)/bin/uv pip compile pyproject.toml --group bench -c requirements-dev.lock --python-version 3.12 -q --no-header \
		-o requirements-bench.lock

clean:
	rm -rf $(VENV) db.sqlite3 static_collected node_modules
