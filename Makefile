# codeenv: the two commands a newcomer runs on a fresh Debian 12 machine.
#   make run    set up, build (release) and serve on port 8000
#   make test   set up, build, run the Swift tests, then the Python
#               integration tests with OpenEnv's own clients
# Both install their system packages first (as root, or through sudo).

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c

# Debian's python, never a pyenv one earlier on PATH: the venvs must match
# the libpython the server embeds.
PYTHON := /usr/bin/python3
# Where SwiftPM builds; developers sharing a checkout give each their own.
SCRATCH ?= .build
PORT ?= 8000
ENV ?= coding
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
SYSTEM_PACKAGES := libseccomp-dev libcap-dev libpython3-dev python3 python3-venv
# chromium: the headless browser Tests/python/test_web.py drives /web with.
TEST_PACKAGES := chromium

# The current client (openenv-core) runs every Python test; the newer
# package name (openenv) installs the same module, so it gets its own venv.
VENV := .venv-test
VENV_OPENENV := .venv-test-openenv

.PHONY: run test deps test-deps build-release swift-test python-test

run: deps build-release
	$(SCRATCH)/release/codeenv serve --env $(ENV) --port $(PORT)

test: deps test-deps swift-test python-test

deps:
	$(SUDO) apt-get update
	$(SUDO) apt-get install -y $(SYSTEM_PACKAGES)

test-deps: deps
	$(SUDO) apt-get install -y $(TEST_PACKAGES)

build-release:
	swift build -c release --scratch-path $(SCRATCH)

swift-test:
	swift build --build-tests --scratch-path $(SCRATCH)
	swift test --skip-build --scratch-path $(SCRATCH)

python-test: $(VENV)/.installed $(VENV_OPENENV)/.installed
	CODEENV_BIN=$(CURDIR)/$(SCRATCH)/debug/codeenv $(VENV)/bin/python -m pytest -v -p no:cacheprovider Tests/python
	CODEENV_BIN=$(CURDIR)/$(SCRATCH)/debug/codeenv $(VENV_OPENENV)/bin/python -m pytest -v -p no:cacheprovider Tests/python

$(VENV)/.installed: Tests/python/requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r Tests/python/requirements.txt
	touch $@

$(VENV_OPENENV)/.installed: Tests/python/requirements-openenv.txt
	$(PYTHON) -m venv $(VENV_OPENENV)
	$(VENV_OPENENV)/bin/pip install --quiet --disable-pip-version-check -r Tests/python/requirements-openenv.txt
	touch $@

# Benchmarks, not tests (`make test` never runs them): Benchmarks/run.py
# builds release into .build-bench and writes Benchmarks/results/.
VENV_BENCH := .venv-bench

.PHONY: bench
bench: deps $(VENV_BENCH)/.installed
	$(SUDO) apt-get install -y bubblewrap
	$(PYTHON) Benchmarks/run.py --venv $(VENV_BENCH)

$(VENV_BENCH)/.installed: Benchmarks/requirements.txt
	$(PYTHON) -m venv $(VENV_BENCH)
	$(VENV_BENCH)/bin/pip install --quiet --disable-pip-version-check -r Benchmarks/requirements.txt
	touch $@
