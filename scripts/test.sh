#!/usr/bin/env bash
# make test: install what is missing, make sure PostgreSQL and Redis run, and run the whole suite.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# chromium: browser tests; poppler-utils: PDF checks; docker-compose: validates docker-compose.yml.
apt_ensure "${BASE_PACKAGES[@]}" chromium poppler-utils docker-compose redis-server postgresql
ensure_dev_venv
# axe-core, pinned in package.json/package-lock.json: the accessibility tests inject its axe.min.js from
# node_modules/. Debian's nodejs and npm when there is no npm (a NodeSource nodejs already bundles npm and
# conflicts with Debian's npm package); npm ci again when the lock file changed.
lock_hash="$(sha256sum "$ROOT_DIR/package-lock.json" | cut -d' ' -f1)"
if [[ ! -f "$ROOT_DIR/node_modules/axe-core/axe.min.js" ||
      "$(cat "$ROOT_DIR/node_modules/.stamp-package-lock" 2>/dev/null)" != "$lock_hash" ]]; then
    command -v npm >/dev/null || apt_ensure nodejs npm
    log "Installing Node packages from package-lock.json"
    (cd "$ROOT_DIR" && npm ci --no-audit --no-fund)
    echo "$lock_hash" >"$ROOT_DIR/node_modules/.stamp-package-lock"
fi

ensure_postgres_running
# TEST_DATABASE_NAME lets two suites share one PostgreSQL (Django tests in "test_<name>").
DB_NAME="${TEST_DATABASE_NAME:-emulation}"
ensure_pg_database "$DB_NAME"
ensure_redis_running

unset DJANGO_SETTINGS_MODULE  # pytest.ini names emulation.settings.test
export DATABASE_URL="postgres://$PG_ROLE:$PG_PASSWORD@127.0.0.1:5432/$DB_NAME"
export REDIS_URL=redis://127.0.0.1:6379/0
export DJANGO_ALLOW_ASYNC_UNSAFE=true

compile_messages
log "Running the test suite on PostgreSQL"
cd "$ROOT_DIR"
status=0
"$VENV/bin/pytest" "$@" || status=$?
if [[ $status -eq 5 ]]; then
    echo "error: pytest collected no tests" >&2
    exit 1
fi
exit "$status"
