# Shared helpers for scripts/*.sh; sourced, never run. Everything here is idempotent.
# shellcheck shell=bash

ROOT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT_DIR/.venv"
export DEBIAN_FRONTEND=noninteractive

# Debian packages every command needs: Python with venv, WeasyPrint's Pango/HarfBuzz, the fonts the PDFs
# embed (fonts-liberation2 has the Vietnamese glyphs; Noto Serif is pyHanko's stamp font) and gettext.
BASE_PACKAGES=(python3 python3-venv ca-certificates libpango-1.0-0 libpangoft2-1.0-0
               libharfbuzz-subset0 fonts-liberation2 fonts-noto-core gettext)

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

as_root() {
    if [[ $EUID -eq 0 ]]; then
        "$@"
    elif command -v sudo >/dev/null; then
        sudo --preserve-env=DEBIAN_FRONTEND "$@"
    else
        die "need root (or sudo) to run: $*"
    fi
}

is_installed() {
    dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

APT_UPDATED="${APT_UPDATED:-0}"  # .ci/run sets 1 when it has already updated
# Install the Debian packages that are missing; does nothing (and needs no root) when all are there.
apt_ensure() {
    local missing=() pkg
    for pkg in "$@"; do
        is_installed "$pkg" || missing+=("$pkg")
    done
    [[ ${#missing[@]} -eq 0 ]] && return 0
    log "Installing Debian packages: ${missing[*]}"
    if [[ $APT_UPDATED -eq 0 ]]; then
        as_root apt-get update -q
        APT_UPDATED=1
    fi
    as_root apt-get install -y -q --no-install-recommends "${missing[@]}"
}

_requirements_hash() {
    (cd "$ROOT_DIR" && cat "$@" | sha256sum | cut -d' ' -f1)
}

# ensure_venv FILE...: a working .venv with FILE (pip -r) installed; re-installs when a file changed.
ensure_venv() {
    if ! "$VENV/bin/python" -c 'import sys' >/dev/null 2>&1; then
        log "Creating $VENV"
        rm -rf "$VENV"
        python3 -m venv "$VENV"
    fi
    local stamp="$VENV/.stamp-$(basename "$1")" hash
    hash="$(_requirements_hash "${@:2}" "$1")"
    if [[ "$(cat "$stamp" 2>/dev/null)" != "$hash" ]]; then
        log "Installing Python packages from $1"
        "$VENV/bin/pip" install --disable-pip-version-check -q -r "$ROOT_DIR/$1"
        echo "$hash" >"$stamp"
    fi
}

ensure_base_venv() {
    ensure_venv requirements.txt
}

ensure_dev_venv() {
    ensure_venv requirements.txt
    ensure_venv requirements-dev.txt requirements.txt
}

manage() {
    (cd "$ROOT_DIR" && "$VENV/bin/python" manage.py "$@")
}

compile_messages() {
    if find "$ROOT_DIR" -path "$VENV" -prune -o -name '*.po' -print -quit | grep -q .; then
        manage compilemessages --ignore=.venv --ignore=node_modules --verbosity 0
    fi
}

# --- services for tests and benchmarks -------------------------------------------------------------

PG_ROLE=emulation
PG_PASSWORD=emulation

_pg_version() {
    ls /etc/postgresql 2>/dev/null | sort -V | tail -1
}

ensure_postgres_running() {
    if pg_isready -q -h 127.0.0.1 -p 5432; then
        return 0
    fi
    local version
    version="$(_pg_version)"
    if [[ -z "$version" ]]; then
        version="$(ls /usr/lib/postgresql | sort -V | tail -1)"
        [[ -n "$version" ]] || die "PostgreSQL is installed but no server version found"
        log "Creating PostgreSQL $version cluster 'main'"
        as_root pg_createcluster "$version" main
    fi
    log "Starting PostgreSQL $version"
    as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
    local i
    for i in $(seq 1 30); do
        pg_isready -q -h 127.0.0.1 -p 5432 && return 0
        sleep 1
    done
    die "PostgreSQL does not answer on 127.0.0.1:5432 (see /var/log/postgresql/)"
}

# Run psql as the PostgreSQL superuser: over the socket with peer auth, else over TCP (trust auth).
pg_admin() {
    if [[ $EUID -eq 0 ]] && (cd / && runuser -u postgres -- psql -X -qAt -c 'select 1') >/dev/null 2>&1; then
        (cd / && runuser -u postgres -- psql -X -qAt -v ON_ERROR_STOP=1 "$@")
    elif [[ $EUID -ne 0 ]] && sudo -n -u postgres psql -X -qAt -c 'select 1' >/dev/null 2>&1; then
        (cd / && sudo -n -u postgres psql -X -qAt -v ON_ERROR_STOP=1 "$@")
    else
        psql -X -qAt -w -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 "$@"
    fi
}

# ensure_pg_database NAME: the role emulation (password emulation, CREATEDB) and a database NAME it owns.
ensure_pg_database() {
    local db="$1"
    [[ "$db" =~ ^[a-z_][a-z0-9_]*$ ]] || die "not a plain database name: $db"
    pg_admin -d postgres -c "DO \$\$ BEGIN
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$PG_ROLE') THEN
            CREATE ROLE $PG_ROLE LOGIN CREATEDB PASSWORD '$PG_PASSWORD';
        ELSE
            ALTER ROLE $PG_ROLE LOGIN CREATEDB PASSWORD '$PG_PASSWORD';
        END IF; END \$\$;" >/dev/null
    if [[ -z "$(pg_admin -d postgres -c "SELECT 1 FROM pg_database WHERE datname = '$db'")" ]]; then
        log "Creating database $db"
        pg_admin -d postgres -c "CREATE DATABASE $db OWNER $PG_ROLE" >/dev/null
    fi
}

ensure_redis_running() {
    if redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null | grep -q PONG; then
        return 0
    fi
    log "Starting Redis on 127.0.0.1:6379"
    redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >/dev/null
    local i
    for i in $(seq 1 20); do
        redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null | grep -q PONG && return 0
        sleep 0.5
    done
    die "Redis does not answer on 127.0.0.1:6379"
}
