#!/usr/bin/env bash
# make bench: time pages against PostgreSQL on generated data (database emulation_bench, rebuilt each run).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

apt_ensure "${BASE_PACKAGES[@]}" postgresql redis-server  # redis-server: the report rendering cases start their own
ensure_base_venv
ensure_postgres_running
ensure_pg_database emulation  # creates the role; bench/run.py drops and recreates emulation_bench itself

export DJANGO_SETTINGS_MODULE=emulation.settings.test
export DATABASE_URL="postgres://$PG_ROLE:$PG_PASSWORD@127.0.0.1:5432/emulation_bench"
unset REDIS_URL

cd "$ROOT_DIR"
exec "$VENV/bin/python" -m bench.run "$@"
