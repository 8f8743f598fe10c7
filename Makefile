# The Makefile is the door: `make demo`, `make test`, `make lint`, `make bench`.
SHELL := /bin/bash
PY := .venv/bin/python
PORT ?= 8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/postgres

.PHONY: install demo demo-reset run serve test test-sqlite test-postgres browser-deps office-deps deploy-deps lint bench bench-load bench-sqlite-lock lock migrations-check clean

# The exact versions of requirements.lock (hash-checked), then the project itself on top of them.
.venv/.installed: pyproject.toml requirements.lock package.json
	test -x $(PY) || python3 -m venv .venv
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.lock
	$(PY) -m pip install -q --no-deps -e .
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: .venv/.installed

# The background worker (imports, the monthly snapshot, the daily clean-up) runs beside the server and
# is stopped with it: the trap ends it whenever the shell exits (Ctrl-C, the server failing).
WITH_WORKER = $(PY) manage.py worker -v0 & worker=$$!; trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM;

demo: install
	$(PY) manage.py createdb
	$(PY) manage.py migrate --noinput
	$(PY) manage.py demo
	$(WITH_WORKER) $(PY) manage.py runserver 127.0.0.1:$(PORT)

# The demo from scratch: every table emptied (users' changes included), then built afresh.
demo-reset: install
	$(PY) manage.py createdb
	$(PY) manage.py migrate --noinput
	$(PY) manage.py demo --reset
	$(PY) manage.py snapshot
	$(WITH_WORKER) $(PY) manage.py runserver 127.0.0.1:$(PORT)

run: install
	$(WITH_WORKER) $(PY) manage.py runserver 127.0.0.1:$(PORT)

# Production mode on this machine (docs/deploy.md for a server): gunicorn with the settings in
# $(SERVE_ENV), made once by `.venv/bin/liangxin genkeys > var/production.env`. Served over plain
# HTTP on 127.0.0.1 here, so production's redirect to HTTPS is off unless the env file sets it;
# the background worker runs beside it (`liangxin worker`; on a server, deploy/liangxin-worker.service).
SERVE_ENV ?= var/production.env
serve: install
	@test -f $(SERVE_ENV) || { echo "$(SERVE_ENV) is missing: create it with .venv/bin/liangxin genkeys > $(SERVE_ENV)"; exit 1; }
	set -a && . $(abspath $(SERVE_ENV)) && set +a && \
	export LIANGXIN_SSL_REDIRECT=$${LIANGXIN_SSL_REDIRECT:-0} && \
	$(PY) manage.py migrate --noinput && \
	$(PY) manage.py collectstatic --noinput -v0 && \
	{ $(WITH_WORKER) .venv/bin/gunicorn -c python:liangxin.ops.gunicorn liangxin.wsgi; }

# Debian's chromium for the real-browser tests; tests skip with a clear message only when
# it cannot be installed here.
browser-deps:
	@command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; } || echo "chromium could not be installed: browser tests will be skipped"

# LibreOffice Writer (no GUI) turns the .docx documents (the quarterly bulletin) into PDF; with fonts-noto-cjk
# it renders Chinese faithfully (liangxin.core.documents). Without it the PDF is not offered and its tests skip.
office-deps:
	@command -v soffice >/dev/null || { apt-get update -qq && apt-get install -y -qq --no-install-recommends libreoffice-writer-nogui fonts-noto-cjk >/dev/null; } || echo "LibreOffice could not be installed: the bulletin's PDF and its tests will be skipped"

# nginx for the syntax test of deploy/nginx.conf, and pg_dump/pg_restore for the backup drill.
deploy-deps:
	@command -v nginx >/dev/null || test -x /usr/sbin/nginx || { apt-get update -qq && apt-get install -y -qq nginx-light >/dev/null; } || echo "nginx could not be installed: the nginx configuration test will be skipped"
	@command -v pg_dump >/dev/null || { apt-get update -qq && apt-get install -y -qq postgresql-client >/dev/null; } || echo "postgresql-client could not be installed: the PostgreSQL backup drill will fail"

test: install browser-deps office-deps deploy-deps test-sqlite test-postgres

test-sqlite:
	$(PY) -m pytest -n 2

# Runs the suite again on PostgreSQL whenever one is reachable.
test-postgres:
	@if $(PY) -c "import psycopg,sys; psycopg.connect('$(PG_URL)', connect_timeout=3).close()" 2>/dev/null; then \
		echo "PostgreSQL reachable: running the suite on it"; \
		DATABASE_URL=$(PG_URL) $(PY) -m pytest -n 2 -m "not browser"; \
	else echo "PostgreSQL not reachable at $(PG_URL): skipped"; fi

lint: install
	.venv/bin/ruff check .
	.venv/bin/mypy
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

# The query benchmarks (bench/harness.py), then the load test (bench/load): 50 users against
# gunicorn and against runserver as the baseline, on a PostgreSQL database with the demo district.
bench: install
	$(PY) -m pip install -q -e '.[bench]'
	$(PY) -m bench
	$(PY) -m bench.load

bench-load: install
	$(PY) -m pip install -q -e '.[bench]'
	$(PY) -m bench.load

# How long a confirmed ledger import holds SQLite's write lock against its whole time, for 20,000 and
# 100,000 rows, on a SQLite file with the demo district (bench/sqlite_lock.py; docs/ledger.md has figures).
bench-sqlite-lock: install
	$(PY) -m bench.sqlite_lock

# requirements.lock from pyproject.toml's dependencies and its dev extra, after one of them has
# changed there: pins already in the lock are kept when they still fit (LOCK_FLAGS=--upgrade
# moves every package to its newest fitting release). Hashes make `make install` refuse a file
# that differs from the one locked.
LOCK_FLAGS ?=
lock:
	test -x $(PY) || python3 -m venv .venv
	$(PY) -m pip install -q 'pip-tools>=7.4'
	CUSTOM_COMPILE_COMMAND='make lock' $(PY) -m piptools compile -q --extra dev --generate-hashes --strip-extras --allow-unsafe \
		--no-emit-index-url --no-emit-find-links $(LOCK_FLAGS) -o requirements.lock pyproject.toml

clean:
	rm -rf .venv node_modules var/*.sqlite3*
