#!/usr/bin/env bash
# HTTP load on the release build with the demo region (52 services), on SQLite and PostgreSQL:
# POST /v1/navigation (the bodies of bench/bodies/navigation/ in turn: Finnish, dialect, Swedish,
# English; short and long) against GET /health/live (the framework's ceiling), measured in the
# same run, alternating, at 16 and 64 connections.
#
# Targets: navigation >= 0.5 x live throughput; navigation p99 < 20 ms at 64 connections.
#
#   bench/http.sh                       # both backends, ~5 minutes
#   BENCH_BACKENDS=sqlite bench/http.sh
#   BENCH_CONNS="16 64" BENCH_DURATION=10 BENCH_REPS=3 (defaults); see bench/lib.sh for the rest.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

BENCH_BACKENDS=${BENCH_BACKENDS:-"sqlite postgres"}
BENCH_CONNS=${BENCH_CONNS:-"16 64"}

need_binary
need_tools wrk curl python3
[[ "$BENCH_BACKENDS" == *postgres* ]] && need_tools psql createdb dropdb && need_postgres

BODIES=$(ls "$BENCH_DIR"/bodies/navigation/*.json | paste -sd: -)
export BENCH_BODY_FILES=$BODIES

echo "== bench/http.sh: navigation against the framework's ceiling =="
machine_summary
echo "bodies:  $(ls "$BENCH_DIR"/bodies/navigation/ | sed 's/\.json$//' | paste -sd' ' -)"
echo "method:  for each backend, a fresh database with the demo region; a 3 s warm-up of each endpoint;"
echo "         then per connection count and repetition: GET /health/live, then POST /v1/navigation,"
echo "         each for ${BENCH_DURATION}s (wrk, one keep-alive connection per client, no think time)."
echo

for backend in $BENCH_BACKENDS; do
    case $backend in
        sqlite) url="sqlite://$WORK/http.db" ;;
        postgres) url=$(pg_url "$(new_pgdb http)") ;;
        *) die "unknown backend $backend (sqlite, postgres)" ;;
    esac
    start_server "http-$backend" "$url"
    export BENCH_TOKEN
    BENCH_TOKEN=$(token --role call_centre)
    # Warm-up: not recorded.
    wrk -t1 -c4 -d3s "$BASE_URL/health/live" >/dev/null
    wrk -t1 -c4 -d3s -s "$BENCH_DIR/lua/rotate_post.lua" "$BASE_URL/v1/navigation" >/dev/null
    for rep in $(seq 1 "$BENCH_REPS"); do
        for conns in $BENCH_CONNS; do
            BENCH_TOKEN="" wrk_run live "$conns" "$rep" plain.lua /health/live backend="$backend"
            wrk_run navigation "$conns" "$rep" rotate_post.lua /v1/navigation backend="$backend"
        done
    done
    log "server RSS after the runs: $(rss_kb "$SERVER_PID") kB"
    stop_server
done

echo
$TOOLS report http "$RESULTS"
echo "Columns: cores = CPU seconds per second of wall time during the run (server = luotsi, generator = wrk,"
echo "postgres = the server's database backends, other = everything else on the machine, e.g. a compiler)."
