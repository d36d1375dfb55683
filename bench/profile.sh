#!/usr/bin/env bash
# Where the CPU of POST /v1/navigation goes: (1) the server CPU time per request of each body of
# bench/bodies/navigation/ alone (wrk, BENCH_PROFILE_BODY_SECS=4 s each), (2) perf samples of the
# server under navigation load
# (wrk, the bodies of bench/bodies/navigation/ in turn), as a flat profile of symbols grouped
# into parts of the request. Needs `perf` (Debian: linux-perf) and a binary with symbols (the
# release profile keeps them).
#
#   bench/profile.sh                         # demo region (52 services), SQLite, ~30 s
#   BENCH_PROFILE_SERVICES=10000 bench/profile.sh   # a synthetic catalogue of that size
#   BENCH_PROFILE_CONNS=16 BENCH_PROFILE_SECS=10 (defaults)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

BENCH_PROFILE_SERVICES=${BENCH_PROFILE_SERVICES:-}
BENCH_PROFILE_CONNS=${BENCH_PROFILE_CONNS:-16}
BENCH_PROFILE_SECS=${BENCH_PROFILE_SECS:-10}

need_binary
need_tools wrk curl python3 perf

export BENCH_BODY_FILES BENCH_TOKEN
BENCH_BODY_FILES=$(ls "$BENCH_DIR"/bodies/navigation/*.json | paste -sd: -)

echo "== bench/profile.sh: perf profile of POST /v1/navigation (${BENCH_PROFILE_SERVICES:-52 demo} services, $BENCH_PROFILE_CONNS connections) =="
machine_summary
echo

url="sqlite://$WORK/profile.db"
extra=()
if [[ -n "$BENCH_PROFILE_SERVICES" ]]; then
    "$LUOTSI_BIN" generate catalogue --services "$BENCH_PROFILE_SERVICES" --out "$WORK/cat" >/dev/null
    DATABASE_URL=$url "$LUOTSI_BIN" import --hsds "$WORK/cat/catalogue.hsds.json" --teams "$WORK/cat/teams.json" >/dev/null
    extra=(LUOTSI_DEMO_CATALOGUE=false)
fi
start_server profile "$url" "${extra[@]}"
BENCH_TOKEN=$(token --role call_centre)

echo "Server CPU per request, each body alone ($BENCH_PROFILE_CONNS connections, ${BENCH_PROFILE_BODY_SECS:-4} s each):"
echo
echo "| body | chars | req/s | p50 ms | p99 ms | server CPU us/request | response bytes |"
echo "|------|-------|-------|--------|--------|-----------------------|----------------|"
for f in "$BENCH_DIR"/bodies/navigation/*.json; do
    BENCH_BODY_FILES=$f BENCH_DURATION=${BENCH_PROFILE_BODY_SECS:-4} \
        wrk_run "$(basename "$f" .json)" "$BENCH_PROFILE_CONNS" 1 rotate_post.lua /v1/navigation 2>/dev/null
    python3 - "$RESULTS" "$f" <<'PY'
import json, sys
r = [json.loads(l) for l in open(sys.argv[1]) if l.strip()][-1]
chars = len(json.load(open(sys.argv[2]))["description"])
us = r["server_cores"] / r["rps"] * 1e6 if r["rps"] else 0
print(f"| {r['label']} | {chars} | {r['rps']:,.0f} | {r['p50_ms']:.2f} | {r['p99_ms']:.2f} | {us:,.0f} | {r['bytes_per_response']:,.0f} |")
PY
done
echo
BENCH_TOKEN="" BENCH_DURATION=${BENCH_PROFILE_BODY_SECS:-4} wrk_run live "$BENCH_PROFILE_CONNS" 1 plain.lua /health/live 2>/dev/null
python3 - "$RESULTS" <<'PY'
import json, sys
r = [json.loads(l) for l in open(sys.argv[1]) if l.strip()][-1]
print(f"GET /health/live for comparison: {r['rps']:,.0f} req/s, server CPU {r['server_cores'] / r['rps'] * 1e6:,.1f} us/request")
PY
echo
wait_quiet
wrk -t"$BENCH_WRK_THREADS" -c"$BENCH_PROFILE_CONNS" -d"$((BENCH_PROFILE_SECS + 4))s" -s "$BENCH_DIR/lua/rotate_post.lua" \
    "$BASE_URL/v1/navigation" >"$WORK/wrk.txt" &
wrk_pid=$!
sleep 2
perf record -F 499 -p "$SERVER_PID" -o "$WORK/perf.data" -- sleep "$BENCH_PROFILE_SECS" >/dev/null 2>&1
wait "$wrk_pid"
grep -E 'Requests/sec|Latency' "$WORK/wrk.txt" | sed 's/^/wrk: /'
perf report -i "$WORK/perf.data" --no-children --sort symbol --stdio 2>/dev/null >"$WORK/report.txt"
python3 - "$WORK/report.txt" <<'EOF'
import re, sys
rows = []
for line in open(sys.argv[1]):
    m = re.match(r"\s*([0-9.]+)%\s+\[(.)\]\s+(.*)", line)
    if m:
        rows.append((float(m.group(1)), m.group(2), m.group(3).strip()))
groups = [
    ("text analysis: lexicon matching, stemming, folding, regex", r"lexicon|rust_stemmers|domain::text|regex|unicode|to_lower|emergency::|lang::"),
    ("opening hours and time zones (chrono, chrono-tz)", r"hours::|chrono"),
    ("memory allocation (malloc/free/realloc, Vec growth)", r"malloc|free|realloc|_int_|unlink_chunk|RawVec|finish_grow|do_reserve"),
    ("ranking, routing, catalogue scans", r"navigation::|catalogue::|segment|routing|FlattenCompat|FlatMap|from_iter|Iterator"),
    ("JSON parsing and serialisation (serde)", r"serde"),
    ("HTTP, actix, tokio, JWT", r"actix|tokio|http|mio|jsonwebtoken|hmac|sha2|h1::"),
    ("memcpy/memcmp/strings", r"__mem|memcpy|memmove|memcmp|str::|fmt::"),
]
totals = {g: 0.0 for g, _ in groups}
totals["kernel (syscalls, scheduling, network)"] = 0.0
totals["other"] = 0.0
for pct, kind, sym in rows:
    if kind == "k":
        totals["kernel (syscalls, scheduling, network)"] += pct
        continue
    for g, pat in groups:
        if re.search(pat, sym):
            totals[g] += pct
            break
    else:
        totals["other"] += pct
print("\nShare of the server's CPU samples by part (flat profile; a symbol counts in the first part it matches):\n")
print("| part | share |")
print("|------|-------|")
for g, v in sorted(totals.items(), key=lambda x: -x[1]):
    print(f"| {g} | {v:.1f}% |")
print("\nTop 25 symbols:\n")
for pct, kind, sym in rows[:25]:
    print(f"  {pct:5.2f}%  [{kind}] {sym[:110]}")
EOF
