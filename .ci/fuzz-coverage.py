"""Counts the statuses each operation of the OpenAPI document answered in an access log, and
fails when an operation was only ever answered 404 (fuzzing that never reached a real record)."""
import collections
import json
import re
import sys
import urllib.request

spec = json.load(urllib.request.urlopen(sys.argv[1]))
operations = []
for path, item in spec["paths"].items():
    pattern = re.compile("^" + re.sub(r"\\\{[^/]+\\\}", "[^/]+", re.escape(path)) + "$")
    for method in item:
        operations.append((method.upper(), path, pattern))
# Literal paths before templated ones (/v1/teams before /v1/teams/{id}).
operations.sort(key=lambda o: o[1].count("{"))

statuses = collections.defaultdict(collections.Counter)
line = re.compile(r'"([A-Z]+) (\S+)" (\d{3}) ')
with open(sys.argv[2], encoding="utf-8", errors="replace") as log:
    for m in line.finditer(log.read()):
        method, path, status = m.group(1), m.group(2).split("?")[0], m.group(3)
        for op_method, template, pattern in operations:
            if op_method == method and pattern.match(path):
                statuses[(method, template)][status] += 1
                break

only_404 = []
for method, template, _ in sorted(operations, key=lambda o: (o[1], o[0])):
    seen = statuses[(method, template)]
    summary = " ".join(f"{s}:{n}" for s, n in sorted(seen.items()))
    print(f"  {method:6} {template:34} {summary}")
    if not seen or set(seen) == {"404"}:
        only_404.append(f"{method} {template}")
if only_404:
    print("only ever answered 404, or never called:", ", ".join(only_404))
    sys.exit(1)
