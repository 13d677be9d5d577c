# Two commands set everything up on a fresh Debian 12 machine (root or sudo): see README.md.
SHELL := /bin/bash
.DEFAULT_GOAL := run
.PHONY: run test bench backup restore load

# Installs what is missing, migrates, loads the demo and serves http://127.0.0.1:8000.
run:
	@bash scripts/run.sh

# Same installs plus test tools, PostgreSQL and Redis; runs the whole suite. Extra pytest args: ARGS="-k x".
test:
	@bash scripts/test.sh $(ARGS)

# Times pages on generated data in PostgreSQL; prints a table and writes bench/results.json.
bench:
	@bash scripts/bench.sh $(ARGS)

# Locust: a year-end week (100 users, 5 min), the "ok" view under the same load, then steps up to 400 users,
# against gunicorn + PostgreSQL + Redis + 2 Celery workers on 127.0.0.1; CSV and HTML in load/results/.
# Shorter: ARGS="LOAD_DURATION=30s LOAD_USERS=20 LOAD_SKIP_STEPS=1" (see scripts/load.sh).
load:
	@bash scripts/load.sh $(ARGS)

# pg_dump of DATABASE_URL (PostgreSQL) and the MEDIA_ROOT files with a manifest of hashes, into
# $BACKUP_DIR/<UTC timestamp>/ (default backups/); ARGS="--output DIR" names the directory. See docs/deploy.md.
backup:
	@bash scripts/backup.sh $(ARGS)

# Verifies BACKUP=<dir> against its manifest, then restores it into an empty DATABASE_URL and MEDIA_ROOT;
# ARGS=--force restores into a non-empty target. See docs/deploy.md.
restore:
	@bash scripts/restore.sh "$(BACKUP)" $(ARGS)
