#!/usr/bin/env bash
# Scale, on PostgreSQL:
#  1. catalogue: synthetic catalogues of 100, 1,000 and 10,000 services (`luotsi generate
#     catalogue` + `luotsi import` into an empty database): import time, resident memory idle and
#     under load, POST /v1/navigation p50/p99 at 16 and 64 connections;
#  2. history: the demo region with 10k, 100k and 1M synthetic referrals (`luotsi generate
#     referrals`, spread over 365 days; ANALYZE after each load): the worklist of the busiest team,
#     client lookups of 200 patient_refs created through the API, of 200 synthetic clients with
#     history (and a miss), statistics of the
#     last 30 and 365 days, and POST /v1/referrals (its rows are deleted after each measurement so
#     that the history stays as generated). Plus EXPLAIN ANALYZE timings of the queries behind them.
#
# Targets: RSS < 150 MB with 10,000 services; worklist and client lookup p99 < 20 ms at 1M
# referrals; growth well below linear where an index serves.
#
#   bench/scale.sh                                   # ~20 minutes
#   BENCH_PARTS="catalogue" bench/scale.sh           # only the catalogue part (~4 minutes)
#   BENCH_CATALOGUE_SIZES="100 1000 10000" BENCH_HISTORY_SIZES="10000 100000 1000000"
#   BENCH_SCALE_CONNS="16 64" BENCH_READ_CONNS=16 BENCH_STATS_CONNS=2 (defaults)
#   BENCH_HISTORY_POOLS="5 10"   # history reads and writes with each pool size in turn, every
#                                # repetition (the server is restarted between them)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

BENCH_PARTS=${BENCH_PARTS:-"catalogue history"}
BENCH_CATALOGUE_SIZES=${BENCH_CATALOGUE_SIZES:-"100 1000 10000"}
BENCH_HISTORY_SIZES=${BENCH_HISTORY_SIZES:-"10000 100000 1000000"}
BENCH_SCALE_CONNS=${BENCH_SCALE_CONNS:-"16 64"}
BENCH_READ_CONNS=${BENCH_READ_CONNS:-16}
BENCH_STATS_CONNS=${BENCH_STATS_CONNS:-2}

need_binary
need_tools wrk curl python3 psql createdb dropdb
need_postgres

export BENCH_BODY_FILES BENCH_TOKEN BENCH_PATHS_FILE
BENCH_BODY_FILES=$(ls "$BENCH_DIR"/bodies/navigation/*.json | paste -sd: -)
note() { $TOOLS note "$RESULTS" part=note "text=$*"; echo "  $*"; }

echo "== bench/scale.sh: navigation against catalogue size, referral reads against history size =="
machine_summary
echo

# ------------------------------------------------------------------------------------------------
if [[ " $BENCH_PARTS " == *" catalogue "* ]]; then
    echo "-- catalogue sizes: $BENCH_CATALOGUE_SIZES (navigation at $BENCH_SCALE_CONNS connections)"
    for size in $BENCH_CATALOGUE_SIZES; do
        "$LUOTSI_BIN" generate catalogue --services "$size" --out "$WORK/cat-$size" >/dev/null
        db=$(new_pgdb "cat$size")
        t0=$(date +%s.%N)
        DATABASE_URL=$(pg_url "$db") "$LUOTSI_BIN" import --hsds "$WORK/cat-$size/catalogue.hsds.json" \
            --teams "$WORK/cat-$size/teams.json" >"$WORK/import-$size.log" 2>&1 \
            || { cat "$WORK/import-$size.log" >&2; die "import of $size services failed"; }
        t1=$(date +%s.%N)
        teams=$(pg "$db" -c "select count(*) from teams")
        note "$size services, $teams teams: import $(python3 -c "print(f'{$t1 - $t0:.1f}')") s ($(du -h "$WORK/cat-$size/catalogue.hsds.json" | cut -f1) HSDS file)"
        start_server "cat-$size" "$(pg_url "$db")" LUOTSI_DEMO_CATALOGUE=false
        sleep 3
        $TOOLS note "$RESULTS" part=memory services="$size" when="idle after start" rss_kb="$(rss_kb "$SERVER_PID")"
        BENCH_TOKEN=$(token --role call_centre)
        wrk -t1 -c4 -d3s -s "$BENCH_DIR/lua/rotate_post.lua" "$BASE_URL/v1/navigation" >/dev/null
        for rep in $(seq 1 "$BENCH_REPS"); do
            for conns in $BENCH_SCALE_CONNS; do
                wrk_run navigation "$conns" "$rep" rotate_post.lua /v1/navigation part=catalogue services="$size"
            done
        done
        peak=$(python3 -c "
import json
rows = [json.loads(l) for l in open('$RESULTS') if l.strip()]
print(max([r.get('rss_peak_kb', 0) for r in rows if r.get('part') == 'catalogue' and str(r.get('services')) == '$size'] or [0]))")
        $TOOLS note "$RESULTS" part=memory services="$size" when="peak under navigation load ($BENCH_SCALE_CONNS conns)" rss_kb="$peak"
        sleep 2
        $TOOLS note "$RESULTS" part=memory services="$size" when="idle after the load" rss_kb="$(rss_kb "$SERVER_PID")"
        stop_server
        drop_pgdb "$db"
        rm -rf "$WORK/cat-$size"
    done
    echo
fi

# ------------------------------------------------------------------------------------------------
explain_ms() { # explain_ms DB SQL: execution time of one EXPLAIN ANALYZE
    pg "$1" -c "EXPLAIN (ANALYZE, FORMAT JSON) $2" | $TOOLS explain-ms
}

if [[ " $BENCH_PARTS " == *" history "* ]]; then
    echo "-- referral history: $BENCH_HISTORY_SIZES referrals (reads at $BENCH_READ_CONNS connections, statistics at $BENCH_STATS_CONNS)"
    db=$(new_pgdb history)
    start_server history "$(pg_url "$db")"
    cc=$(token --role call_centre)
    auditor=$(token --role auditor)
    creator=$(token --role integration --sub bench-create)
    lookup_token=$(token --role integration --sub bench-lookup)
    today=$(date -u +%F)
    month_ago=$(date -u -d '30 days ago' +%F)
    year_ago=$(date -u -d '365 days ago' +%F)
    have=0
    step=0
    team=""
    for target in $BENCH_HISTORY_SIZES; do
        step=$((step + 1))
        add=$((target - have))
        if ((add > 0)); then
            t0=$(date +%s.%N)
            DATABASE_URL=$(pg_url "$db") "$LUOTSI_BIN" generate referrals --count "$add" --days 365 --seed "$step" >/dev/null
            t1=$(date +%s.%N)
            pg "$db" -c "VACUUM ANALYZE" -c "CHECKPOINT"
            note "generated $add synthetic referrals in $(python3 -c "print(f'{$t1 - $t0:.1f}')") s (now $(pg "$db" -c 'select count(*) from referrals') rows; database $(pg "$db" -c "select pg_size_pretty(pg_database_size('$db'))"))"
            have=$target
        fi
        if [[ -z "$team" ]]; then
            # The busiest team (worst case) and 200 clients created through the API.
            team=$(pg "$db" -c "SELECT lead_team_id FROM referrals GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1")
            python3 - "$BASE_URL" "$lookup_token" "$BENCH_DIR/bodies/navigation" "$WORK/lookup-paths.txt" <<'EOF'
import json, os, sys, urllib.request
base, token, bodies, out = sys.argv[1:5]
files = sorted(os.listdir(bodies))
paths = []
for i in range(200):
    body = json.load(open(os.path.join(bodies, files[i % len(files)])))
    ref = f"lookup-{os.getpid()}-{i}"
    body.update({"patient_ref": ref, "channel": "integration", "consent": True, "need_codes": ["health.musculoskeletal"]})
    req = urllib.request.Request(base + "/v1/referrals", data=json.dumps(body).encode(), method="POST",
                                 headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
    with urllib.request.urlopen(req) as resp:
        assert resp.status == 201, resp.status
    paths.append(f"/v1/referrals?client={ref}")
open(out, "w").write("\n".join(paths) + "\n")
EOF
            # Clients of the synthetic history (about one referral each per 50,000 in the history).
            seq 0 199 | sed 's|^|/v1/referrals?client=synthetic-|' >"$WORK/history-paths.txt"
        fi
        member=$(token --role team_member --team "$team")
        open_n=$(pg "$db" -c "SELECT count(*) FROM referrals WHERE lead_team_id = '$team' AND status IN ('requested','accepted','in_progress')")
        week_n=$(pg "$db" -c "SELECT count(*) FROM referrals WHERE created_at >= now() - interval '7 days'")
        m_n=$(pg "$db" -c "SELECT count(*) FROM referrals WHERE created_at >= '$month_ago'")
        y_n=$(pg "$db" -c "SELECT count(*) FROM referrals WHERE created_at >= '$year_ago'")
        note "at $target: team $team has $open_n open referrals (its worklist); the last 7 days hold $week_n referrals, the last 30 days $m_n, the last 365 days $y_n"
        # The queries behind the endpoints, timed by PostgreSQL itself.
        open_list="('requested','accepted','in_progress','redirected')"
        key=$(pg "$db" -c "SELECT client_key FROM referrals WHERE created_by = 'bench-lookup' LIMIT 1")
        note "at $target, EXPLAIN ANALYZE ms: worklist count $(explain_ms "$db" "SELECT count(*) FROM referrals WHERE lead_team_id = '$team' AND status IN $open_list"), worklist page $(explain_ms "$db" "SELECT * FROM referrals WHERE lead_team_id = '$team' AND status IN $open_list ORDER BY due_at, id LIMIT 20"), client lookup $(explain_ms "$db" "SELECT * FROM referrals WHERE client_key IN ('$key', 'x') ORDER BY created_at DESC LIMIT 1000"), week's load per team (every 5 s per process) $(explain_ms "$db" "SELECT lead_team_id, count(*) FROM referrals WHERE created_at >= now() - interval '7 days' GROUP BY lead_team_id"), statistics rows 30 days $(explain_ms "$db" "SELECT lead_team_id, services, segment, channel, status, created_at, due_at, accepted_at, closed_at FROM referrals WHERE created_at >= '$month_ago'"), 365 days $(explain_ms "$db" "SELECT lead_team_id, services, segment, channel, status, created_at, due_at, accepted_at, closed_at FROM referrals WHERE created_at >= '$year_ago'")"
        BENCH_PATHS_FILE="$WORK/lookup-paths.txt"
        for rep in $(seq 1 "$BENCH_REPS"); do
            for pool in ${BENCH_HISTORY_POOLS:-same}; do
                if [[ "$pool" != same ]]; then
                    # Pool sizes compared in turn within each repetition, on the same history.
                    stop_server
                    start_server history "$(pg_url "$db")" LUOTSI_DB_POOL_SIZE="$pool"
                fi
                pool=$SERVER_POOL
                BENCH_TOKEN=$member wrk_run "worklist (busiest team, open, page 1)" "$BENCH_READ_CONNS" "$rep" plain.lua "/v1/teams/$team/referrals" part=history referrals="$target" pool="$pool"
                BENCH_TOKEN=$member wrk_run "worklist, 1 connection" 1 "$rep" plain.lua "/v1/teams/$team/referrals" part=history referrals="$target" pool="$pool"
                BENCH_TOKEN=$cc wrk_run "client lookup (hit, 200 clients)" "$BENCH_READ_CONNS" "$rep" rotate_get.lua /v1/referrals part=history referrals="$target" pool="$pool"
                BENCH_PATHS_FILE="$WORK/history-paths.txt" BENCH_TOKEN=$cc wrk_run "client lookup (200 synthetic clients with history)" "$BENCH_READ_CONNS" "$rep" rotate_get.lua /v1/referrals part=history referrals="$target" pool="$pool"
                BENCH_TOKEN=$cc wrk_run "client lookup (miss)" "$BENCH_READ_CONNS" "$rep" plain.lua "/v1/referrals?client=nobody-$$" part=history referrals="$target" pool="$pool"
                BENCH_TOKEN=$auditor BENCH_WRK_TIMEOUT=60s wrk_run "statistics, last 30 days" "$BENCH_STATS_CONNS" "$rep" plain.lua "/v1/stats?from=$month_ago&to=$today" part=history referrals="$target" pool="$pool"
                BENCH_TOKEN=$auditor BENCH_WRK_TIMEOUT=60s wrk_run "statistics, last 365 days" "$BENCH_STATS_CONNS" "$rep" plain.lua "/v1/stats?from=$year_ago&to=$today" part=history referrals="$target" pool="$pool"
                BENCH_TOKEN=$creator BENCH_RUN_ID="s$target-r$rep-$$" wrk_run "POST /v1/referrals" "$BENCH_READ_CONNS" "$rep" referral.lua /v1/referrals part=history referrals="$target" pool="$pool"
                # Keep the history as generated: remove what the creation run added.
                pg "$db" -c "DELETE FROM referral_events WHERE referral_id IN (SELECT id FROM referrals WHERE created_by = 'bench-create')" \
                    -c "DELETE FROM referral_teams WHERE referral_id IN (SELECT id FROM referrals WHERE created_by = 'bench-create')" \
                    -c "DELETE FROM idempotency_keys WHERE referral_id IN (SELECT id FROM referrals WHERE created_by = 'bench-create')" \
                    -c "DELETE FROM referrals WHERE created_by = 'bench-create'" -c "VACUUM ANALYZE referrals"
            done
        done
    done
    stop_server
    echo
fi

$TOOLS report scale "$RESULTS"
