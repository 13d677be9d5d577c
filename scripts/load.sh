#!/usr/bin/env bash
# make load: a Locust scenario of a year-end week against gunicorn (5 workers) + PostgreSQL + Redis + 2 Celery
# workers on this machine, everything on 127.0.0.1; database emulation_load, rebuilt each run. Phases:
#   1. the scenario: LOAD_USERS users (100) for LOAD_DURATION (5m), spawned at LOAD_SPAWN_RATE (10/s);
#   2. the same users asking only /load/ok/ (a plain Django view) for LOAD_OK_DURATION (60s), same think time;
#      then LOAD_CEILING_DURATION (20s) of it without think time (the ceiling in requests per second);
#   3. steps of LOAD_STEPS users (150,200,300,400), LOAD_STEP_SECONDS (60) each, until the read p95 passes 2 s
#      (LOAD_SKIP_STEPS=1 skips them).
# LOAD_WORKER_NICE (19) is the Celery workers' CPU priority below gunicorn's.
# Think time between a user's actions: LOAD_WAIT_MIN..LOAD_WAIT_MAX seconds (2..8).
# LOAD_SIZE=small generates bench's 2 blocs x 3 members instead of 15 x 12 (a quick smoke run only).
# Settings are KEY=VALUE arguments or environment: make load ARGS="LOAD_DURATION=30s LOAD_USERS=20".
# Writes load/results/<phase>_stats.csv (and the other Locust CSVs), <phase>.html, summary.json.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

for arg in "$@"; do
    [[ "$arg" =~ ^LOAD_[A-Z_]+=.*$ ]] || die "not a LOAD_*=value setting: $arg"
    export "${arg?}"
done
USERS="${LOAD_USERS:-100}"
SPAWN="${LOAD_SPAWN_RATE:-10}"
DURATION="${LOAD_DURATION:-5m}"
OK_DURATION="${LOAD_OK_DURATION:-60s}"
CEILING_DURATION="${LOAD_CEILING_DURATION:-20s}"
STEPS="${LOAD_STEPS:-150,200,300,400}"
STEP_SECONDS="${LOAD_STEP_SECONDS:-60}"
WORKER_NICE="${LOAD_WORKER_NICE:-19}"  # 0: the workers compete with gunicorn as equals
export LOAD_WAIT_MIN="${LOAD_WAIT_MIN:-2}" LOAD_WAIT_MAX="${LOAD_WAIT_MAX:-8}"
DB=emulation_load
RESULTS="$ROOT_DIR/load/results"
SCENARIO=(SheetEditor Voter BoardMember Leader)

apt_ensure "${BASE_PACKAGES[@]}" postgresql redis-server
ensure_dev_venv
ensure_postgres_running
ensure_redis_running
ensure_pg_database emulation  # the role
log "Creating a fresh database $DB"
pg_admin -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null
pg_admin -d postgres -c "CREATE DATABASE $DB OWNER $PG_ROLE" >/dev/null

mkdir -p "$RESULTS"
rm -rf "$RESULTS/media" && mkdir -p "$RESULTS/media"
export DJANGO_SETTINGS_MODULE=emulation.settings.load
export DATABASE_URL="postgres://$PG_ROLE:$PG_PASSWORD@127.0.0.1:5432/$DB?conn_max_age=60"  # as in docker-compose.yml
export REDIS_URL="redis://127.0.0.1:6379/${LOAD_REDIS_DB:-9}"  # a database of its own on the shared Redis
export CELERY_EAGER=0 DJANGO_MEDIA_ROOT="$RESULTS/media" DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost
export DJANGO_SECRET_KEY="load-$(date +%s)-$RANDOM" PYTHONUNBUFFERED=1
redis-cli -h 127.0.0.1 -p 6379 -n "${LOAD_REDIS_DB:-9}" flushdb >/dev/null

cd "$ROOT_DIR"
log "Migrating $DB"
manage migrate --noinput --verbosity 0
compile_messages
log "Generating the province (15 blocs x 12 members, scoring, voting, 5 years of awards)"
"$VENV/bin/python" -m load.prepare generate | tee "$RESULTS/data.json"
# Static files: the test settings serve them through WhiteNoise's finders, and Locust asks for pages only.

PIDS=()
cleanup() {
    local pid
    for pid in "${PIDS[@]}"; do
        kill -TERM -- "-$pid" 2>/dev/null || true
    done
    for pid in "${PIDS[@]}"; do
        for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
        kill -KILL -- "-$pid" 2>/dev/null || true
    done
}
trap cleanup EXIT INT TERM

PORT="$("$VENV/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
HOST="http://127.0.0.1:$PORT"
log "Starting gunicorn (5 workers) on $HOST and 2 Celery workers"
setsid "$VENV/bin/gunicorn" emulation.wsgi -w 5 -b "127.0.0.1:$PORT" --timeout 120 \
    --error-logfile "$RESULTS/gunicorn.log" >"$RESULTS/gunicorn.out" 2>&1 &
PIDS+=($!)
# The workers run at a lower CPU priority than gunicorn, as docs/deploy.md advises when they share the web
# machine: a page waits for no rendering, a rendering waits for idle CPU. Each setsid session is its own
# scheduling group (kernel autogroup), so the priority is set on the group; plain nice would act only within it.
for n in 1 2; do
    # shellcheck disable=SC2016  # expanded by the inner bash
    setsid bash -c 'echo "$0" >/proc/self/autogroup 2>/dev/null; exec nice -n "$0" "$@"' "$WORKER_NICE" \
        "$VENV/bin/celery" -A emulation worker -l warning -P prefork -c 1 -n "load$n@%h" \
        --without-gossip --without-mingle --without-heartbeat >"$RESULTS/celery-$n.log" 2>&1 &
    PIDS+=($!)
done
for _ in $(seq 1 60); do
    curl -fsS "$HOST/load/ok/" >/dev/null 2>&1 && break
    sleep 1
done
curl -fsS "$HOST/load/ok/" >/dev/null || die "gunicorn does not answer on $HOST (see $RESULTS/gunicorn.log)"
for _ in $(seq 1 20); do curl -fsS -o /dev/null "$HOST/accounts/login/" || true; done  # warm every worker a bit

run_locust() {  # run_locust NAME USERS RATE TIME CLASS...
    local name="$1" users="$2" rate="$3" time="$4"
    shift 4
    log "Locust: $name, $users users for $time"
    LOAD_SAMPLES="$RESULTS/$name.samples.json" "$VENV/bin/locust" -f load/locustfile.py --headless \
        -u "$users" -r "$rate" -t "$time" --host "$HOST" --csv "$RESULTS/$name" --html "$RESULTS/$name.html" \
        --only-summary --loglevel WARNING --stop-timeout 5 "$@" || true  # exit 1 on any failure: summarized below
}

"$VENV/bin/python" -m load.prepare reset
run_locust main "$USERS" "$SPAWN" "$DURATION" "${SCENARIO[@]}"
run_locust ok "$USERS" "$SPAWN" "$OK_DURATION" OkUser
LOAD_OK_WAIT=0 run_locust ceiling "$USERS" "$SPAWN" "$CEILING_DURATION" OkUser
STEPS_ARG=()
if [[ "${LOAD_SKIP_STEPS:-0}" != 1 ]]; then
    "$VENV/bin/python" -m load.prepare reset
    count=$(( $(tr -cd , <<<"$STEPS" | wc -c) + 1 ))
    LOAD_STEPS="$STEPS" LOAD_STEP_SECONDS="$STEP_SECONDS" \
        run_locust steps 1 1 "$(( count * STEP_SECONDS + 30 ))s" "${SCENARIO[@]}"
    STEPS_ARG=(--steps "$RESULTS/steps.samples.json")
fi

SETTINGS="{\"users\": $USERS, \"spawn_rate\": $SPAWN, \"duration\": \"$DURATION\", \"ok_duration\": \"$OK_DURATION\",
  \"wait\": \"$LOAD_WAIT_MIN-$LOAD_WAIT_MAX\", \"steps\": [$STEPS], \"step_seconds\": $STEP_SECONDS,
  \"gunicorn_workers\": 5, \"celery_workers\": 2, \"worker_nice\": $WORKER_NICE, \"cpus\": $(nproc)}"
"$VENV/bin/python" load/summarize.py --main "$RESULTS/main.samples.json" --ok "$RESULTS/ok.samples.json" \
    --ceiling "$RESULTS/ceiling.samples.json" "${STEPS_ARG[@]}" --settings "$SETTINGS"
log "Wrote $RESULTS/summary.json, the Locust CSVs and HTML reports"
