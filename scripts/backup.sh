#!/usr/bin/env bash
# make backup: pg_dump of DATABASE_URL and the MEDIA_ROOT files, with a manifest of hashes (docs/deploy.md).
# Writes $BACKUP_DIR/<UTC timestamp>/ (BACKUP_DIR defaults to backups/); ARGS="--output DIR" names the directory.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# postgresql-client: pg_dump, at least the server's major version.
apt_ensure "${BASE_PACKAGES[@]}"
command -v pg_dump >/dev/null || apt_ensure postgresql-client
ensure_base_venv

args=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        -o|--output) [[ $# -ge 2 ]] || die "$1 needs a directory"; args+=(--output "$(realpath -m -- "$2")"); shift 2 ;;
        --output=*) args+=(--output "$(realpath -m -- "${1#--output=}")"); shift ;;
        *) args+=("$1"); shift ;;
    esac
done
if [[ -n "${BACKUP_DIR:-}" ]]; then
    BACKUP_DIR="$(realpath -m -- "$BACKUP_DIR")"
    export BACKUP_DIR
fi

[[ -n "${DATABASE_URL:-}" ]] || log "DATABASE_URL is not set: the settings' default database is used"
manage backup "${args[@]}"
