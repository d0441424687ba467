# LogMeets Recorder. The two commands a newcomer runs:
#   make run    set up (system packages, .venv) and start the app
#   make test   the same set-up plus the test environment, then lint, types and tests
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: run test lint typecheck pytest server screenshots translations bench package sysdeps-run sysdeps-test clean

sysdeps-run:
	@tests/env/provision-debian.sh run

sysdeps-test:
	@tests/env/provision-debian.sh test

$(STAMP): pyproject.toml constraints.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install -q --upgrade pip
	@$(PY) -m pip install -q -c constraints.txt -e '.[server,dev]'
	@touch $(STAMP)

translations: $(STAMP)
	@$(PY) -m app.i18n_build

run: sysdeps-run $(STAMP) translations
	$(VENV)/bin/logmeets

server: sysdeps-run $(STAMP)
	$(VENV)/bin/logmeets-server serve --data .server-data --tls-self-signed --port 8443 --demo-user demo:demo-password

lint: $(STAMP)
	$(VENV)/bin/ruff check --no-cache .
	$(VENV)/bin/ruff format --no-cache --check .

typecheck: $(STAMP)
	$(VENV)/bin/mypy

pytest: $(STAMP)
	PYTHON=$(PY) tests/env/with-testenv.sh $(PY) -m pytest $(PYTEST_ARGS)

test: sysdeps-test $(STAMP) translations lint typecheck pytest

screenshots: sysdeps-test $(STAMP) translations
	PYTHON=$(PY) tests/env/with-testenv.sh $(PY) -m app.screenshots docs/screenshots

bench: sysdeps-test $(STAMP)
	PYTHON=$(PY) tests/env/with-testenv.sh sh -c 'for b in bench/*.py; do $(PY) $$b || exit 1; done'

# The Linux release artifacts in dist/: bundle, .deb, signatures, checks and figures
# (installer/linux/package.sh; slow, not part of `make test`).
package: sysdeps-test $(STAMP)
	PYTHON=$(PY) tests/env/with-testenv.sh installer/linux/package.sh

clean:
	rm -rf $(VENV) build dist .mypy_cache .pytest_cache .ruff_cache
