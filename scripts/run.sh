#!/usr/bin/env bash
# make run: install what is missing, migrate, load the demo and serve http://127.0.0.1:8000.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ADDRESS="${ADDRESS:-127.0.0.1:8000}"

apt_ensure "${BASE_PACKAGES[@]}"
ensure_base_venv

# Embedded defaults: SQLite (unless DATABASE_URL is set) and Celery tasks in-process (no worker runs here).
export DJANGO_SETTINGS_MODULE=emulation.settings.local
export DJANGO_DEBUG=true
unset REDIS_URL

compile_messages
log "Migrating the database"
manage migrate --noinput
log "Loading the demo data"
manage load_demo

log "Serving http://$ADDRESS/ (Ctrl-C to stop); log in with a demo account above"
cd "$ROOT_DIR"
exec "$VENV/bin/python" manage.py runserver "$ADDRESS"
