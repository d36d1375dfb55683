#!/usr/bin/env bash
# Soak (not for CI): a bounded run of mixed load on PostgreSQL with the demo region -- per 20
# requests: 10 navigations, 4 referral creations (unique patient_ref), 2 client lookups of
# referrals created earlier, 2 worklist reads, 1 statistics read (30 days), 1 GET /health/live --
# sampling the server's resident memory (VmRSS) every 10 s. Reports errors (must be 0: any
# status but 200/201, socket error or timeout) and whether memory stays flat.
#
#   bench/soak.sh                              # 5 minutes of load (~6 minutes in all)
#   BENCH_SOAK_SECS=1800 BENCH_SOAK_CONNS=16 bench/soak.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

BENCH_SOAK_SECS=${BENCH_SOAK_SECS:-300}
BENCH_SOAK_CONNS=${BENCH_SOAK_CONNS:-16}

need_binary
need_tools wrk curl python3 psql createdb dropdb
need_postgres

export BENCH_BODY_FILES BENCH_TOKEN BENCH_TOKEN_CC BENCH_TOKEN_INT BENCH_TOKEN_TEAM BENCH_TOKEN_AUDIT \
    BENCH_TEAM_ID BENCH_STATS_FROM BENCH_STATS_TO BENCH_RUN_ID
BENCH_BODY_FILES=$(ls "$BENCH_DIR"/bodies/navigation/*.json | paste -sd: -)

echo "== bench/soak.sh: ${BENCH_SOAK_SECS}s of mixed load at $BENCH_SOAK_CONNS connections, RSS every 10 s =="
machine_summary
echo

db=$(new_pgdb soak)
start_server soak "$(pg_url "$db")"
BENCH_TOKEN_CC=$(token --role call_centre)
BENCH_TOKEN_INT=$(token --role integration)
BENCH_TOKEN_AUDIT=$(token --role auditor)
# A short warm-up of referrals decides the team whose worklist is read: the busiest.
BENCH_TOKEN=$BENCH_TOKEN_INT BENCH_RUN_ID="warm-$$" wrk -t1 -c2 -d2s -s "$BENCH_DIR/lua/referral.lua" "$BASE_URL/v1/referrals" >/dev/null
BENCH_TEAM_ID=$(pg "$db" -c "SELECT lead_team_id FROM referrals GROUP BY 1 ORDER BY count(*) DESC LIMIT 1")
BENCH_TOKEN_TEAM=$(token --role team_member --team "$BENCH_TEAM_ID")
BENCH_STATS_FROM=$(date -u -d '30 days ago' +%F)
BENCH_STATS_TO=$(date -u +%F)
BENCH_RUN_ID="soak-$$"
log "worklist team $BENCH_TEAM_ID; RSS before the load $(rss_kb "$SERVER_PID") kB"

(
    t=0
    while kill -0 "$SERVER_PID" 2>/dev/null && ((t <= BENCH_SOAK_SECS)); do
        $TOOLS note "$RESULTS" part=rss t="$t" rss_kb="$(rss_kb "$SERVER_PID")"
        sleep 10
        t=$((t + 10))
    done
) &
sampler=$!

BENCH_DURATION=$BENCH_SOAK_SECS BENCH_WRK_TIMEOUT=30s \
    wrk_run "soak mix" "$BENCH_SOAK_CONNS" 1 soak.lua / part=soak seconds="$BENCH_SOAK_SECS"
wait "$sampler" 2>/dev/null || true
sleep 5
idle_after=$(rss_kb "$SERVER_PID")
counts=$(pg "$db" -c "SELECT (SELECT count(*) FROM referrals) || ' referrals, ' || (SELECT count(*) FROM audit_log) || ' audit entries'")
stop_server

echo
$TOOLS report soak "$RESULTS"
echo "RSS 5 s after the load: $((idle_after / 1024)) MB; the database holds $counts."
