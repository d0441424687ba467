# LogMeets Recorder. The two commands a newcomer runs:
#   make run    set up (system packages, .venv) and start the app
#   make test   the same set-up plus the test environment, then lint, types and tests
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

TOOLS  := .venv-tools
.PHONY: lock audit run test test-cluster lint typecheck pytest server cluster cluster-stop screenshots translations bench package sysdeps-run sysdeps-test clean

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
	@# Older versions kept the demo organisation identity inside the data dir: move it beside.
	@if [ -f .server-data/org-identity.txt ]; then mv .server-data/org-identity.txt .server-data.org-identity.txt; fi
	$(VENV)/bin/logmeets-server serve --data .server-data --tls-self-signed --port 8443 --demo-user demo:demo-password

# A local ingest cluster (docs/deploy.md): PostgreSQL, Ceph RGW, 3 replicas, HAProxy with TLS.
cluster: $(STAMP)
	@tools/cluster.sh start .cluster

cluster-stop:
	@tools/cluster.sh stop .cluster

lint: $(STAMP)
	$(VENV)/bin/ruff check --no-cache .
	$(VENV)/bin/ruff format --no-cache --check .

# The host platform, then Windows and macOS: their branches (`if sys.platform == ...`) are checked
# here even though they only run there. Each platform keeps its own cache.
typecheck: $(STAMP)
	$(VENV)/bin/mypy
	$(VENV)/bin/mypy --platform win32 --cache-dir .mypy_cache/win32
	$(VENV)/bin/mypy --platform darwin --cache-dir .mypy_cache/darwin

pytest: $(STAMP)
	PYTHON=$(PY) tests/env/with-testenv.sh tests/env/side-by-side.sh $(PY) $(PYTEST_ARGS)

# Only the server tests on real PostgreSQL, Ceph RGW and the local cluster.
test-cluster: sysdeps-test $(STAMP)
	PYTHON=$(PY) tests/env/with-testenv.sh $(PY) -m pytest -m "realpg or realceph" tests/server $(PYTEST_ARGS)

test: sysdeps-test $(STAMP) translations lint typecheck pytest

screenshots: sysdeps-test $(STAMP) translations
	PYTHON=$(PY) tests/env/with-testenv.sh $(PY) -m app.screenshots docs/screenshots

bench: sysdeps-test $(STAMP)
	PYTHON=$(PY) tests/env/with-testenv.sh sh -c 'for b in bench/[!_]*.py; do $(PY) $$b || exit 1; done'

# Developer tools kept out of the app's environment: uv compiles the hashed release lock file,
# pip-audit checks it against the advisory database (docs/release.md).
$(TOOLS)/.installed:
	@test -x $(TOOLS)/bin/python || $(PYTHON) -m venv $(TOOLS)
	@$(TOOLS)/bin/pip install -q uv pip-audit
	@touch $@

lock: $(TOOLS)/.installed
	$(TOOLS)/bin/uv pip compile pyproject.toml requirements/build.in -c constraints.txt \
	  --universal --generate-hashes --python-version 3.11 --no-header -q -o requirements/release.txt

audit: $(TOOLS)/.installed $(STAMP)
	$(PY) tools/audit.py $(TOOLS)/bin/pip-audit requirements/release.txt

# The Linux release artifacts in dist/: bundle, .deb, signatures, checks and figures
# (installer/linux/package.sh; slow, not part of `make test`).
# Release builds use only what requirements/release.txt pins, each file checked by its hash; the
# bundle is built from the source tree (build.spec), so the project itself is not installed there.
RELEASE_VENV := build/release-venv
$(RELEASE_VENV)/.installed: requirements/release.txt
	@rm -rf $(RELEASE_VENV) && $(PYTHON) -m venv $(RELEASE_VENV)
	@$(RELEASE_VENV)/bin/pip install -q --require-hashes --no-deps -r requirements/release.txt
	@touch $@

package: sysdeps-test $(RELEASE_VENV)/.installed
	PYTHON=$(RELEASE_VENV)/bin/python tests/env/with-testenv.sh installer/linux/package.sh

clean:
	rm -rf $(VENV) $(TOOLS) build dist .mypy_cache .pytest_cache .ruff_cache
