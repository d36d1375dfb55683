# Shared by the bench/*.sh scripts: configuration, the server, scratch databases, tokens and
# measured wrk/pgbench runs. Source it; do not run it.
#
# Environment (all optional):
#   LUOTSI_BIN          the release binary (default: target/release/luotsi of this checkout)
#   BENCH_PORT          port the benchmarked server listens on (default 18181, on 127.0.0.1)
#   BENCH_DURATION      seconds per measurement (default 10)
#   BENCH_REPS          repetitions of each measurement; the median is reported (default 3)
#   BENCH_WRK_THREADS   wrk threads (default 2)
#   BENCH_RUST_LOG      RUST_LOG of the server (default warn: no access log)
#   BENCH_POOL          LUOTSI_DB_POOL_SIZE of the server (default: the service's own default)
#   BENCH_PGHOST/BENCH_PGPORT/BENCH_PGUSER   PostgreSQL (default 127.0.0.1, 5432, postgres; trust auth)
#   BENCH_OUT           a directory to keep the raw results (JSON lines) and server logs in
#   BENCH_KEEP=1        keep the scratch directory and databases (for debugging)

set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(dirname "$BENCH_DIR")
LUOTSI_BIN=${LUOTSI_BIN:-$REPO_DIR/target/release/luotsi}
BENCH_PORT=${BENCH_PORT:-18181}
BENCH_DURATION=${BENCH_DURATION:-10}
BENCH_REPS=${BENCH_REPS:-3}
BENCH_WRK_THREADS=${BENCH_WRK_THREADS:-2}
BENCH_RUST_LOG=${BENCH_RUST_LOG:-warn}
BENCH_PGHOST=${BENCH_PGHOST:-127.0.0.1}
BENCH_PGPORT=${BENCH_PGPORT:-5432}
BENCH_PGUSER=${BENCH_PGUSER:-postgres}
BASE_URL="http://127.0.0.1:$BENCH_PORT"
TOOLS="python3 $BENCH_DIR/tools.py"

SERVER_PID=""
SERVER_POOL=""  # the pool size the running server reported at start
WORK=$(mktemp -d "${TMPDIR:-/tmp}/luotsi-bench.XXXXXX")
RESULTS="$WORK/results.jsonl"
: >"$RESULTS"

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { printf 'bench: %s\n' "$*" >&2; exit 2; }

# --- prerequisites -----------------------------------------------------------------------------

need_binary() {
    if [[ ! -x "$LUOTSI_BIN" ]]; then
        cat >&2 <<EOF
bench: no release binary at $LUOTSI_BIN
Build it first (in the repository root):

    cargo build --release

or point LUOTSI_BIN at one:  LUOTSI_BIN=/path/to/luotsi $0
EOF
        exit 2
    fi
}

need_tools() {
    local missing=()
    for t in "$@"; do command -v "$t" >/dev/null 2>&1 || missing+=("$t"); done
    if ((${#missing[@]})); then
        cat >&2 <<EOF
bench: missing tools: ${missing[*]}
On Debian/Ubuntu:  apt-get install -y wrk postgresql-client postgresql-contrib curl python3
(pgbench ships with PostgreSQL: postgresql-contrib or the server package; psql/createdb/dropdb with postgresql-client)
EOF
        exit 2
    fi
}

need_postgres() {
    psql -h "$BENCH_PGHOST" -p "$BENCH_PGPORT" -U "$BENCH_PGUSER" -d postgres -Atqc 'select 1' >/dev/null 2>&1 \
        || die "PostgreSQL is not reachable at $BENCH_PGHOST:$BENCH_PGPORT as $BENCH_PGUSER (trust auth expected); set BENCH_PGHOST/BENCH_PGPORT/BENCH_PGUSER"
}

port_free() {
    if curl -s -o /dev/null --max-time 1 "$BASE_URL/health/live"; then
        die "something already answers on $BASE_URL; set BENCH_PORT to a free port"
    fi
}

# --- the service's environment -----------------------------------------------------------------

export LUOTSI_JWT_HS256_SECRET
LUOTSI_JWT_HS256_SECRET=$(python3 -c 'import secrets; print(secrets.token_hex(32))')
export LUOTSI_JWT_ISSUER=luotsi-bench
export LUOTSI_JWT_AUDIENCE=luotsi-bench
export LUOTSI_DATA_KEY
LUOTSI_DATA_KEY="bench:$(python3 -c 'import base64, secrets; print(base64.b64encode(secrets.token_bytes(32)).decode())')"
export LUOTSI_RATE_LIMIT_PER_MINUTE=0
export LUOTSI_SHUTDOWN_TIMEOUT_SECS=2
export LUOTSI_BIND="127.0.0.1:$BENCH_PORT"
export RUST_LOG=$BENCH_RUST_LOG
if [[ -n "${BENCH_POOL:-}" ]]; then export LUOTSI_DB_POOL_SIZE=$BENCH_POOL; fi
unset LUOTSI_JWT_PUBLIC_KEY_FILE LUOTSI_JWT_JWKS_FILE LUOTSI_ENV 2>/dev/null || true

token() { "$LUOTSI_BIN" token --ttl 4h "$@"; }

pg_url() { echo "postgres://$BENCH_PGUSER@$BENCH_PGHOST:$BENCH_PGPORT/$1"; }
pg() { local db=$1; shift; psql -h "$BENCH_PGHOST" -p "$BENCH_PGPORT" -U "$BENCH_PGUSER" -d "$db" -v ON_ERROR_STOP=1 -Atq "$@"; }

# new_pgdb NAME: creates a scratch database luotsi_bench_NAME_PID (dropped at exit) and prints its name.
new_pgdb() {
    local name="luotsi_bench_${1}_$$"
    createdb -h "$BENCH_PGHOST" -p "$BENCH_PGPORT" -U "$BENCH_PGUSER" "$name"
    echo "$name"
}

# The scratch databases of this run, found by name: new_pgdb runs in a subshell (db=$(new_pgdb x)),
# so it cannot record them in a variable of the script; $$ is the script's PID there too.
scratch_dbs() {
    pg postgres -c "SELECT datname FROM pg_database WHERE datname LIKE 'luotsi\_bench\_%\_$$'" 2>/dev/null || true
}

drop_pgdb() {
    dropdb -h "$BENCH_PGHOST" -p "$BENCH_PGPORT" -U "$BENCH_PGUSER" --if-exists --force "$1" 2>/dev/null || true
}

# --- the server --------------------------------------------------------------------------------

# start_server NAME DATABASE_URL [ENV=VALUE ...]: starts `luotsi serve`, waits for /health/live.
start_server() {
    local name=$1 url=$2; shift 2
    port_free
    # luotsi::cli at info: the start-up line that says the pool size the server chose.
    env RUST_LOG="$RUST_LOG,luotsi::cli=info" DATABASE_URL="$url" "$@" "$LUOTSI_BIN" serve >"$WORK/server-$name.log" 2>&1 &
    SERVER_PID=$!
    for _ in $(seq 1 600); do
        if curl -sf -o /dev/null "$BASE_URL/health/live"; then
            SERVER_POOL=$(grep -o 'a pool of [0-9]*' "$WORK/server-$name.log" | head -1 | awk '{print $4}')
            log "server $name up (pid $SERVER_PID, pool ${SERVER_POOL:-?}), RSS $(rss_kb "$SERVER_PID") kB"
            return 0
        fi
        if ! kill -0 "$SERVER_PID" 2>/dev/null; then
            cat "$WORK/server-$name.log" >&2
            die "the server ($name) did not start"
        fi
        sleep 0.1
    done
    die "the server ($name) did not answer /health/live within 60 s"
}

stop_server() {
    if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -TERM "$SERVER_PID" 2>/dev/null || true
        for _ in $(seq 1 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    SERVER_PID=""
}

rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }

cleanup() {
    local rc=$?
    stop_server
    if [[ -n "${BENCH_OUT:-}" ]]; then
        mkdir -p "$BENCH_OUT"
        cp "$RESULTS" "$BENCH_OUT/$(basename "$0" .sh)-results.jsonl" 2>/dev/null || true
        cp "$WORK"/server-*.log "$BENCH_OUT/" 2>/dev/null || true
    fi
    if [[ "${BENCH_KEEP:-0}" == 1 ]]; then
        log "kept $WORK and databases: $(scratch_dbs | paste -sd' ' -)"
    else
        for db in $(scratch_dbs); do drop_pgdb "$db"; done
        rm -rf "$WORK"
    fi
    exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- measured runs -----------------------------------------------------------------------------

# wait_quiet: before a measurement, waits (up to BENCH_QUIET_WAIT seconds, default 60) until the
# machine is idle (< 0.3 busy cores over 2 s), so that a compiler or test run of someone else does
# not share the two cores with the measurement. Each run still records the CPU of everything else.
wait_quiet() {
    local limit=${BENCH_QUIET_WAIT:-60} waited=0 busy
    while :; do
        busy=$($TOOLS busy 2)
        if python3 -c "import sys; sys.exit(0 if float('$busy') < 0.3 else 1)"; then break; fi
        if ((waited >= limit)); then log "machine still busy ($busy cores) after ${limit}s; measuring anyway"; break; fi
        ((waited == 0)) && log "machine busy ($busy cores besides this benchmark): waiting up to ${limit}s"
        sleep 3; waited=$((waited + 5))
    done
}

# wrk_run LABEL CONNS REP LUA [wrk URL path] [key=value ...]: one wrk measurement, recorded in
# $RESULTS with the server's CPU use and peak RSS. Lua scripts read BENCH_* from the environment.
wrk_run() {
    local label=$1 conns=$2 rep=$3 script=$4 path=$5; shift 5
    local threads=$BENCH_WRK_THREADS
    ((conns < threads)) && threads=$conns
    wait_quiet
    $TOOLS run --out "$RESULTS" --pid "$SERVER_PID" --set label="$label" conns="$conns" rep="$rep" "$@" -- \
        wrk -t"$threads" -c"$conns" -d"${BENCH_DURATION}s" --timeout "${BENCH_WRK_TIMEOUT:-10s}" -s "$BENCH_DIR/lua/$script" "$BASE_URL$path"
}

machine_summary() {
    echo "machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo) RAM, kernel $(uname -r)"
    echo "binary:  $LUOTSI_BIN ($(stat -c %s "$LUOTSI_BIN") bytes, modified $(date -r "$LUOTSI_BIN" '+%Y-%m-%d %H:%M'))"
    echo "load:    wrk $(wrk --version 2>&1 | head -1 | awk '{print $2}') -t$BENCH_WRK_THREADS, ${BENCH_DURATION}s per measurement, ${BENCH_REPS} repetitions (medians), RUST_LOG=$BENCH_RUST_LOG, rate limiter off, pool ${LUOTSI_DB_POOL_SIZE:-the default}"
    echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
}

export BENCH_DIR
