# Bone Journal: `make run` serves the journal, `make test` checks it. Both build .venv themselves.
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
WORKERS ?= 3
PYTHON ?= python3

.PHONY: run test check chromium lint format demo benchmark clean

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

# --fake-initial: a database left by an interrupted migrate of an older version is recovered
# (journal/management/commands/migrate.py). clearsessions: expired sessions go at each start.
run: $(VENV)/.installed
	$(PY) manage.py migrate --noinput --fake-initial
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) manage.py clearsessions
	PORT=$(PORT) WORKERS=$(WORKERS) $(VENV)/bin/gunicorn -c gunicorn.conf.py bonejournal.wsgi

# The whole suite: lint, migrations, unit, property, fuzz, server and real-browser tests.
test: $(VENV)/.installed-test chromium
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run --verbosity 0
	$(PY) -m pytest $(PYTEST_ARGS)

# The development loop, well under a minute: lint and the fast tier (no browser, no server
# processes, fewer generated examples), on two processes (CHECK_WORKERS=0: in this one).
CHECK_WORKERS ?= 2
check: $(VENV)/.installed-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run --verbosity 0
	HYPOTHESIS_PROFILE=fast FUZZ_EXAMPLES=4 $(PY) -m pytest -q -n $(CHECK_WORKERS) \
	    -m "not e2e and not slow" $(PYTEST_ARGS)

# Debian's Chromium for the browser tests (never a downloaded browser): installed with apt-get
# when missing and this user may (root, or passwordless sudo); otherwise stop with the command.
chromium:
	@if [ -n "$$CHROMIUM" ] || command -v chromium >/dev/null 2>&1; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then sudo=""; \
	elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo="sudo -n"; \
	else echo "The browser tests need Debian's Chromium. Install it, then run make test again:" >&2; \
	     echo "    sudo apt-get install chromium" >&2; exit 1; fi; \
	echo "== installing Debian's Chromium for the browser tests (apt-get install chromium)"; \
	$$sudo apt-get update -qq && \
	$$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	    chromium fonts-dejavu-core >/dev/null

lint: $(VENV)/.installed-test
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

demo: $(VENV)/.installed
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo

# On a throwaway database and cache in a temporary folder: runs from a fresh clone.
# e.g. make benchmark BENCH_ARGS="--check" or BENCH_ARGS="--years 1 --rounds 5 --saves 50"
benchmark: $(VENV)/.installed
	$(PY) manage.py benchmark $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var/static
