#!/usr/bin/env bash
# Contract fuzzing: schemathesis (PyPI) against the served OpenAPI document, with a token that
# holds every role, all operations and all its checks (.ci/schemathesis.toml lists the statuses
# that depend on content). Then, from the access log, fails when an operation was only ever
# answered 404 (the stateful phase's links must reach it with ids that exist).
set -euo pipefail
cd "$(dirname "$0")/.."

venv="${HOME}/.cache/luotsi-schemathesis"
if [ ! -x "$venv/bin/st" ]; then
  python3 -m venv "$venv" 2>/dev/null || { rm -rf "$venv"; python3 -m pip install -q --target "$venv/lib" "schemathesis==4.32.5"; }
  if [ -x "$venv/bin/pip" ]; then "$venv/bin/pip" install -q "schemathesis==4.32.5"; fi
fi
st="$venv/bin/st"
[ -x "$st" ] || st="env PYTHONPATH=$venv/lib python3 -m schemathesis.cli"

cargo build -q --locked
binary="${CARGO_TARGET_DIR:-target}/debug/luotsi"
work="$(mktemp -d)"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
export DATABASE_URL="sqlite://$work/fuzz.db" LUOTSI_BIND="127.0.0.1:$port"
export RUST_LOG=warn,luotsi::access=info
export LUOTSI_JWT_HS256_SECRET="fuzz-secret-$(python3 -c 'import secrets; print(secrets.token_hex(16))')"
export LUOTSI_RATE_LIMIT_PER_MINUTE=0
"$binary" serve >"$work/serve.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -rf "$work"' EXIT
ready() { python3 -c "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:$port/health/ready', timeout=1).status == 200 else 1)" 2>/dev/null; }
for _ in $(seq 1 150); do ready && break; sleep 0.2; done
ready || { echo "the service did not start:"; cat "$work/serve.log"; exit 1; }
# A member of every team of the demo region, so that worklists and status changes can succeed.
teams="$(python3 -c 'import json; print(" ".join("--team " + t["id"] for t in json.load(open("data/demo-region/teams.json"))["teams"]))')"
# shellcheck disable=SC2086
token="$("$binary" token --role call_centre --role integration --role team_member --role admin --role auditor $teams --ttl 2h --sub fuzzer)"
echo "schemathesis against http://127.0.0.1:$port/openapi.json (budget ${FUZZ_SECONDS:-120} s)"
$st --config-file .ci/schemathesis.toml run "http://127.0.0.1:$port/openapi.json" \
  -H "Authorization: Bearer $token" \
  --checks ${FUZZ_CHECKS:-all} \
  --max-time "${FUZZ_SECONDS:-120}" --warnings off --seed 1
if grep -q "panicked" "$work/serve.log"; then
  echo "the service panicked during fuzzing:"; grep -B2 -A5 panicked "$work/serve.log"; exit 1
fi
echo "statuses per operation (from the access log):"
python3 .ci/fuzz-coverage.py "http://127.0.0.1:$port/openapi.json" "$work/serve.log"
