#!/usr/bin/env bash
# make restore BACKUP=<dir> [ARGS=--force]: restore a `make backup` directory into DATABASE_URL and MEDIA_ROOT
# (DJANGO_MEDIA_ROOT); verifies its manifest first and refuses a non-empty target without --force (docs/deploy.md).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

[[ $# -ge 1 && -n "$1" && "$1" != -* ]] || die "usage: make restore BACKUP=<backup directory> [ARGS=--force]"
backup_dir="$(realpath -m -- "$1")"
shift
[[ -d "$backup_dir" ]] || die "no such backup directory: $backup_dir"

# postgresql-client: pg_restore, at least the major version of the pg_dump that made the backup.
apt_ensure "${BASE_PACKAGES[@]}"
command -v pg_restore >/dev/null || apt_ensure postgresql-client
ensure_base_venv

[[ -n "${DATABASE_URL:-}" ]] || log "DATABASE_URL is not set: the settings' default database is used"
manage restore "$backup_dir" "$@"
