#!/usr/bin/env bash
# POST /v1/referrals on PostgreSQL at 16 and 64 connections (a unique patient_ref per request,
# need_codes ["health.musculoskeletal"] so every request records a new referral: 201), compared in
# the same run with pgbench on the same database:
#   - single-row INSERTs of rows of the same size (a row the API wrote, new id and client key) into
#     pgbench_referrals, a copy of the referrals table with the same columns and indexes;
#   - the create-shaped transaction: the statements the service sends for one referral, in order.
# Each measurement starts from empty referral tables (TRUNCATE + CHECKPOINT).
#
# Targets: >= 1,000 referrals/s and >= 40% of pgbench's single-row insert rate.
#
#   bench/referrals.sh                  # ~9 minutes
#   BENCH_CONNS="16 64" BENCH_REFERRAL_SECS=20 BENCH_PGBENCH_SECS=20 BENCH_REPS=3 (defaults)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

BENCH_CONNS=${BENCH_CONNS:-"16 64"}
BENCH_REFERRAL_SECS=${BENCH_REFERRAL_SECS:-20}
BENCH_PGBENCH_SECS=${BENCH_PGBENCH_SECS:-20}

need_binary
need_tools wrk curl python3 psql createdb dropdb pgbench
need_postgres

export BENCH_BODY_FILES
BENCH_BODY_FILES=$(ls "$BENCH_DIR"/bodies/navigation/*.json | paste -sd: -)

echo "== bench/referrals.sh: referral creation against PostgreSQL's own insert rate =="
machine_summary
echo "postgres: $(pg postgres -c 'select version()' | cut -d' ' -f1-2), fsync=$(pg postgres -c 'show fsync'), synchronous_commit=$(pg postgres -c 'show synchronous_commit'), shared_buffers=$(pg postgres -c 'show shared_buffers'), max_connections=$(pg postgres -c 'show max_connections')"
echo "method:  one scratch database with the demo region; per repetition and connection count, from empty"
echo "         referral tables: wrk POST /v1/referrals ${BENCH_REFERRAL_SECS}s; pgbench single-row insert -T ${BENCH_PGBENCH_SECS};"
echo "         pgbench create-shaped transaction -T ${BENCH_PGBENCH_SECS}"
echo "         (pgbench -n -M prepared -j 2; see bench/pgbench/README.md)."
echo

db=$(new_pgdb referrals)
start_server referrals "$(pg_url "$db")"
export BENCH_TOKEN
BENCH_TOKEN=$(token --role integration)

reset_tables() {
    pg "$db" -c "TRUNCATE referrals, referral_teams, referral_events, idempotency_keys, audit_log, pgbench_referrals CASCADE" \
        -c "CHECKPOINT" >/dev/null
}

# Warm-up through the API: the rows the template is taken from.
BENCH_RUN_ID="warm-$$" wrk -t1 -c4 -d3s -s "$BENCH_DIR/lua/referral.lua" "$BASE_URL/v1/referrals" >/dev/null
pg "$db" -c "CREATE TABLE pgbench_referrals (LIKE referrals INCLUDING ALL)"

# The API-written row closest to the average size, as SQL literals.
cols="created_by channel identity_enc age municipality language description_enc needs services lead_team_id participating_team_ids segment urgency"
select=$(for c in $cols; do printf "quote_nullable(%s)," "$c"; done | sed 's/,$//')
pg "$db" -F $'\x1f' -c "WITH s AS (SELECT r.*, pg_column_size(r.*) AS sz, avg(pg_column_size(r.*)) OVER () AS a FROM referrals r)
    SELECT $select FROM s ORDER BY abs(sz - a) LIMIT 1" >"$WORK/template.txt"
api_row=$(pg "$db" -c "SELECT round(avg(pg_column_size(r.*))) FROM referrals r")
python3 - "$WORK" "$BENCH_DIR/pgbench" "$cols" <<'EOF'
import sys
work, src, cols = sys.argv[1], sys.argv[2], sys.argv[3].split()
values = open(f"{work}/template.txt").read().rstrip("\n").split("\x1f")
assert len(values) == len(cols), (len(values), cols)
# pgbench would read ":word" inside a literal as a variable: such literals go in as hex.
def lit(v):
    if ":" not in v:
        return v
    if v.startswith("E'"):
        raw = v[2:-1].replace("''", "'").replace("\\\\", "\\")
    else:
        raw = v[1:-1].replace("''", "'")
    return f"convert_from('\\x{raw.encode().hex()}'::bytea, 'UTF8')"
values = [lit(v) for v in values]
for name in ("single_row_insert.sql", "create_shaped_tx.sql"):
    text = open(f"{src}/{name}").read()
    for c, v in zip(cols, values):
        text = text.replace(f"@@{c}@@", v)
    open(f"{work}/{name}", "w").write(text)
EOF

pgbench_run() {
    local label=$1 file=$2 conns=$3 rep=$4
    reset_tables
    wait_quiet
    $TOOLS run --out "$RESULTS" --pid "$SERVER_PID" --set label="$label" conns="$conns" rep="$rep" -- \
        pgbench -h "$BENCH_PGHOST" -p "$BENCH_PGPORT" -U "$BENCH_PGUSER" -n -M prepared -c "$conns" -j 2 \
        -T "$BENCH_PGBENCH_SECS" -f "$WORK/$file" --log --log-prefix="$WORK/pgblog" "$db"
}

for rep in $(seq 1 "$BENCH_REPS"); do
    for conns in $BENCH_CONNS; do
        reset_tables
        BENCH_DURATION=$BENCH_REFERRAL_SECS BENCH_RUN_ID="r$rep-c$conns-$$" \
            wrk_run "POST /v1/referrals" "$conns" "$rep" referral.lua /v1/referrals
        if [[ $rep == 1 ]]; then
            api_row=$(pg "$db" -c "SELECT round(avg(pg_column_size(r.*))) FROM referrals r")
            per_ref=$(pg "$db" -c "SELECT round((SELECT count(*) FROM referral_events)::numeric / count(*), 2) || ' events, ' || round((SELECT count(*) FROM audit_log)::numeric / count(*), 2) || ' audit entries, ' || round((SELECT count(*) FROM referral_teams)::numeric / count(*), 2) || ' team rows per referral' FROM referrals")
        fi
        pgbench_run "pgbench single-row insert" single_row_insert.sql "$conns" "$rep"
        if [[ $rep == 1 ]]; then
            pgb_row=$(pg "$db" -c "SELECT round(avg(pg_column_size(r.*))) FROM pgbench_referrals r")
        fi
        pgbench_run "pgbench create-shaped transaction" create_shaped_tx.sql "$conns" "$rep"
    done
done
log "server RSS after the runs: $(rss_kb "$SERVER_PID") kB"

echo
$TOOLS report referrals "$RESULTS"
echo "Row size (pg_column_size): API referral rows ${api_row} bytes, pgbench rows ${pgb_row:-?} bytes; the API writes ${per_ref:-?}."
echo "The service's pool: ${SERVER_POOL:-?} connections (LUOTSI_DB_POOL_SIZE=${LUOTSI_DB_POOL_SIZE:-unset: the default}); pgbench uses one connection per client."
