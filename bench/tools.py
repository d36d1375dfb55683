#!/usr/bin/env python3
"""Helpers of the bench/*.sh scripts (standard library only).

  tools.py run --out FILE [--pid PID] [--set k=v ...] -- COMMAND...
      Runs a load generator (wrk with one of bench/lua/*.lua, or pgbench), samples the server's
      resident memory (VmRSS) every 0.25 s and CPU use, parses the generator's figures and appends
      one JSON line to FILE.
  tools.py report KIND FILE        prints the tables of a script (http, referrals, scale, soak)
  tools.py rss PID                 prints VmRSS of PID in kB
  tools.py percentiles FILE...     p50/p99 (ms) of pgbench per-transaction logs
"""

import glob
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import threading
import time

CLK = os.sysconf("SC_CLK_TCK")


def rss_kb(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def proc_cpu(pid):
    """utime + stime of a process (all its threads), in seconds."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLK
    except (OSError, IndexError, ValueError):
        return None


def postgres_cpu():
    """CPU seconds of every running postgres process, by pid."""
    out = {}
    for stat in glob.glob("/proc/[0-9]*/stat"):
        try:
            with open(stat) as f:
                text = f.read()
        except OSError:
            continue
        comm = text[text.find("(") + 1 : text.rfind(")")]
        if comm.startswith("postgres"):
            fields = text.rsplit(")", 1)[1].split()
            out[stat.split("/")[2]] = (int(fields[11]) + int(fields[12])) / CLK
    return out


def machine_busy():
    """CPU seconds the machine's cores were busy (user, nice, system, irq, softirq; not idle, iowait or steal)."""
    with open("/proc/stat") as f:
        parts = [int(x) for x in f.readline().split()[1:]]
    return (sum(parts[:3]) + parts[5] + parts[6]) / CLK


def machine_steal():
    """CPU seconds the hypervisor gave to others while this machine wanted to run (steal)."""
    with open("/proc/stat") as f:
        parts = [int(x) for x in f.readline().split()[1:]]
    return parts[7] / CLK


def percentile(values, p):
    if not values:
        return None
    values = sorted(values)
    k = (len(values) - 1) * p / 100.0
    lo = int(k)
    hi = min(lo + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def parse_pgbench(text, log_prefix):
    res = {}
    m = re.search(r"tps = ([0-9.]+) \(without initial connection time\)", text)
    if m:
        res["rps"] = float(m.group(1))
    m = re.search(r"number of transactions actually processed: (\d+)", text)
    if m:
        res["requests"] = int(m.group(1))
    m = re.search(r"number of failed transactions: (\d+)", text)
    res["errors"] = int(m.group(1)) if m else 0
    m = re.search(r"latency average = ([0-9.]+) ms", text)
    if m:
        res["mean_ms"] = float(m.group(1))
    if log_prefix:
        lat = []
        for path in glob.glob(log_prefix + "*"):
            with open(path) as f:
                for line in f:
                    parts = line.split()
                    if len(parts) >= 3 and parts[2].isdigit():
                        lat.append(int(parts[2]) / 1000.0)
            os.unlink(path)
        if lat:
            res["p50_ms"] = percentile(lat, 50)
            res["p99_ms"] = percentile(lat, 99)
    return res


def parse_wrk(text):
    for line in text.splitlines():
        if line.startswith("RESULT "):
            r = json.loads(line[len("RESULT ") :])
            secs = r["duration_us"] / 1e6
            errors = r["connect_errors"] + r["read_errors"] + r["write_errors"] + r["status_errors"] + r["timeouts"]
            out = {
                "rps": r["requests"] / secs if secs else 0.0,
                "requests": r["requests"],
                "errors": errors + r.get("unexpected", 0),
                "p50_ms": r["p50_us"] / 1000.0,
                "p90_ms": r["p90_us"] / 1000.0,
                "p99_ms": r["p99_us"] / 1000.0,
                "max_ms": r["max_us"] / 1000.0,
                "mean_ms": r["mean_us"] / 1000.0,
                "bytes_per_response": r["bytes"] / r["requests"] if r["requests"] else 0,
            }
            for k, v in r.items():
                if k.startswith("status_") or k in ("unexpected",):
                    out[k] = v
            return out
    raise SystemExit("bench: wrk printed no RESULT line (is the Lua script one of bench/lua?):\n" + text)


def cmd_run(argv):
    out, pid, sets = None, None, {}
    i = 0
    while argv[i] != "--":
        if argv[i] == "--out":
            out = argv[i + 1]
            i += 2
        elif argv[i] == "--pid":
            pid = argv[i + 1] or None
            i += 2
        elif argv[i] == "--set":
            i += 1
            while i < len(argv) and argv[i] != "--" and not argv[i].startswith("--"):
                k, v = argv[i].split("=", 1)
                sets[k] = v
                i += 1
        else:
            raise SystemExit(f"tools.py run: unknown option {argv[i]}")
    cmd = argv[i + 1 :]
    log_prefix = None
    if os.path.basename(cmd[0]) == "pgbench":
        for j, a in enumerate(cmd):
            if a.startswith("--log-prefix="):
                log_prefix = a.split("=", 1)[1]

    rss_samples = []
    stop = threading.Event()
    pg_last = {}

    def sample():
        while not stop.is_set():
            if pid:
                rss_samples.append(rss_kb(pid))
            # Postgres backends of a pgbench run exit with it: keep their last CPU reading.
            pg_last.update(postgres_cpu())
            stop.wait(0.25)

    busy0, steal0, t0 = machine_busy(), machine_steal(), time.monotonic()
    srv0 = proc_cpu(pid) if pid else None
    pg0 = postgres_cpu()
    ru0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    stop.set()
    sampler.join()
    wall = time.monotonic() - t0
    busy = machine_busy() - busy0
    steal = machine_steal() - steal0
    ru1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    gen_cpu = (ru1.ru_utime - ru0.ru_utime) + (ru1.ru_stime - ru0.ru_stime)
    srv_cpu = (proc_cpu(pid) - srv0) if pid and srv0 is not None and proc_cpu(pid) is not None else 0.0
    pg_last.update(postgres_cpu())
    pg_cpu = sum(v - pg0.get(k, 0.0) for k, v in pg_last.items())
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout + proc.stderr)
        raise SystemExit(f"bench: {' '.join(cmd)} exited with {proc.returncode}")
    if os.path.basename(cmd[0]) == "pgbench":
        res = parse_pgbench(proc.stdout + proc.stderr, log_prefix)
    else:
        res = parse_wrk(proc.stdout)
    rec = dict(sets)
    for k in ("conns", "rep"):
        if k in rec:
            rec[k] = int(rec[k])
    rec.update(res)
    rec["server_cores"] = round(srv_cpu / wall, 2)
    rec["generator_cores"] = round(gen_cpu / wall, 2)
    rec["postgres_cores"] = round(pg_cpu / wall, 2)
    rec["other_cores"] = round(max(0.0, busy - srv_cpu - gen_cpu - pg_cpu) / wall, 2)
    rec["machine_busy_cores"] = round(busy / wall, 2)
    rec["steal_cores"] = round(steal / wall, 2)
    if rss_samples:
        rec["rss_peak_kb"] = max(rss_samples)
        rec["rss_end_kb"] = rss_samples[-1]
    rec["loadavg"] = open("/proc/loadavg").read().split()[0]
    with open(out, "a") as f:
        f.write(json.dumps(rec) + "\n")
    show = f"{rec.get('label')} c={rec.get('conns')} rep={rec.get('rep')}: {rec.get('rps', 0):.0f}/s"
    if rec.get("p50_ms") is not None:
        show += f" p50 {rec['p50_ms']:.2f} ms p99 {rec.get('p99_ms', 0):.2f} ms"
    show += f" errors {rec.get('errors', 0)}"
    show += f" | cores: server {rec['server_cores']} generator {rec['generator_cores']} postgres {rec['postgres_cores']} other {rec['other_cores']} steal {rec['steal_cores']}"
    if rss_samples:
        show += f" | RSS peak {rec['rss_peak_kb'] / 1024:.1f} MB"
    print(show, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------
# Reports


def load(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def med(rows, key):
    # A run that got no answer at all (a 9 s statistics read in a 10 s run after a restart) has
    # no latency or size: it must not count as 0 ms.
    per_answer = key.endswith("_ms") or key == "bytes_per_response"
    vals = [r[key] for r in rows if r.get(key) is not None and not (per_answer and r.get("requests") == 0)]
    return statistics.median(vals) if vals else None


def groups(rows, keys):
    out = {}
    for r in rows:
        out.setdefault(tuple(r.get(k) for k in keys), []).append(r)
    return out


def fmt(v, nd=1):
    if v is None:
        return "-"
    if isinstance(v, float):
        return f"{v:,.{nd}f}"
    return f"{v:,}"


def table(headers, rows):
    widths = [max(len(str(h)), *(len(str(r[i])) for r in rows)) for i, h in enumerate(headers)] if rows else [len(h) for h in headers]
    line = "| " + " | ".join(str(h).ljust(w) for h, w in zip(headers, widths)) + " |"
    print(line)
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for r in rows:
        print("| " + " | ".join(str(c).ljust(w) for c, w in zip(r, widths)) + " |")
    print()


def verdict(ok):
    return "met" if ok else "MISSED"


def generic_rows(rows, keys):
    out = []
    for key, rs in groups(rows, keys).items():
        out.append(
            list(key)
            + [
                len(rs),
                fmt(med(rs, "rps"), 0),
                fmt(med(rs, "p50_ms"), 2),
                fmt(med(rs, "p99_ms"), 2),
                sum(r.get("errors", 0) for r in rs),
                fmt(med(rs, "server_cores"), 2),
                fmt(med(rs, "generator_cores"), 2),
                fmt(med(rs, "postgres_cores"), 2),
                fmt(med(rs, "other_cores"), 2),
                fmt(med(rs, "steal_cores"), 2),
            ]
        )
    return out


GENERIC = ["runs", "req/s", "p50 ms", "p99 ms", "errors", "server cores", "generator cores", "postgres cores", "other cores", "steal"]


def report_http(rows):
    print("All runs (medians of the repetitions):\n")
    table(["backend", "endpoint", "conns"] + GENERIC, generic_rows(rows, ["backend", "label", "conns"]))
    print("Navigation against the framework's ceiling (GET /health/live) and the targets:\n")
    out = []
    for (backend, conns), rs in sorted(groups(rows, ["backend", "conns"]).items()):
        nav = [r for r in rs if r["label"] == "navigation"]
        live = [r for r in rs if r["label"] == "live"]
        if not nav or not live:
            continue
        n, l = med(nav, "rps"), med(live, "rps")
        ratio = n / l if l else 0
        p99 = med(nav, "p99_ms")
        out.append(
            [
                backend,
                conns,
                fmt(l, 0),
                fmt(n, 0),
                f"{ratio:.2f}",
                verdict(ratio >= 0.5),
                fmt(med(nav, "p50_ms"), 2),
                fmt(p99, 2),
                verdict(p99 < 20) if conns == 64 else "(target at 64)",
                sum(r.get("errors", 0) for r in rs),
            ]
        )
    table(
        ["backend", "conns", "live req/s", "navigation req/s", "nav/live", ">= 0.5", "nav p50 ms", "nav p99 ms", "p99 < 20 ms", "errors"],
        out,
    )


def report_referrals(rows):
    print("All runs (medians of the repetitions):\n")
    table(["what", "conns"] + GENERIC, generic_rows(rows, ["label", "conns"]))
    out = []
    for conns, rs in sorted(groups(rows, ["conns"]).items()):
        api = [r for r in rs if r["label"] == "POST /v1/referrals"]
        row = [r for r in rs if r["label"] == "pgbench single-row insert"]
        tx = [r for r in rs if r["label"] == "pgbench create-shaped transaction"]
        if not api:
            continue
        a = med(api, "rps")
        p = med(row, "rps") if row else None
        t = med(tx, "rps") if tx else None
        share = a / p if p else None
        out.append(
            [
                conns[0],
                fmt(a, 0),
                fmt(med(api, "p50_ms"), 2),
                fmt(med(api, "p99_ms"), 2),
                verdict(a >= 1000),
                fmt(p, 0),
                f"{share:.0%}" if share is not None else "-",
                verdict(share is not None and share >= 0.4),
                fmt(t, 0),
                f"{a / t:.0%}" if t else "-",
                sum(r.get("errors", 0) for r in api),
            ]
        )
    print("Referral creation against the targets (>= 1,000/s and >= 40% of pgbench's insert rate):\n")
    table(
        [
            "conns",
            "referrals/s",
            "p50 ms",
            "p99 ms",
            ">= 1,000/s",
            "pgbench rows/s",
            "API/pgbench",
            ">= 40%",
            "pgbench create-shaped tx/s",
            "API/create-shaped",
            "errors",
        ],
        out,
    )


def report_scale(rows):
    cat = [r for r in rows if r.get("part") == "catalogue"]
    if cat:
        print("Navigation against catalogue size (medians):\n")
        out = []
        for (size, label, conns), rs in sorted(groups(cat, ["services", "label", "conns"]).items(), key=lambda x: (int(x[0][0]), x[0][1], x[0][2])):
            out.append(
                [
                    size,
                    label,
                    conns,
                    fmt(med(rs, "rps"), 0),
                    fmt(med(rs, "p50_ms"), 2),
                    fmt(med(rs, "p99_ms"), 2),
                    sum(r.get("errors", 0) for r in rs),
                    fmt(med(rs, "server_cores"), 2),
                    fmt(max(r.get("rss_peak_kb", 0) for r in rs) / 1024, 1),
                ]
            )
        table(["services", "endpoint", "conns", "req/s", "p50 ms", "p99 ms", "errors", "server cores", "RSS peak MB"], out)
    mem = [r for r in rows if r.get("part") == "memory"]
    if mem:
        print("Resident memory (VmRSS):\n")
        table(
            ["services", "when", "RSS MB", "< 150 MB"],
            [[r["services"], r["when"], fmt(r["rss_kb"] / 1024, 1), verdict(r["rss_kb"] / 1024 < 150)] for r in mem],
        )
    hist = [r for r in rows if r.get("part") == "history"]
    if hist:
        print("Referral reads and writes against referral history on PostgreSQL (medians):\n")
        out = []
        order = {}
        for r in hist:
            order.setdefault(r["label"], len(order))
        for (n, label, conns, pool), rs in sorted(
            groups(hist, ["referrals", "label", "conns", "pool"]).items(),
            key=lambda x: (int(x[0][0]), order[x[0][1]], int(x[0][3]) if str(x[0][3]).isdigit() else 0),
        ):
            p99 = med(rs, "p99_ms")
            target = "-"
            if label.startswith("worklist") or label.startswith("client lookup"):
                target = verdict(p99 < 20) if int(n) >= 1_000_000 else "(target at 1M)"
            out.append(
                [
                    fmt(int(n)),
                    label,
                    conns,
                    pool,
                    fmt(med(rs, "rps"), 0),
                    fmt(med(rs, "p50_ms"), 2),
                    fmt(p99, 2),
                    target,
                    sum(r.get("errors", 0) for r in rs),
                    fmt(med(rs, "bytes_per_response"), 0),
                    fmt(max(r.get("rss_peak_kb", 0) for r in rs) / 1024, 1),
                ]
            )
        table(["referrals", "request", "conns", "pool", "req/s", "p50 ms", "p99 ms", "p99 < 20 ms", "errors", "bytes/resp", "RSS peak MB"], out)
    notes = [r for r in rows if r.get("part") == "note"]
    for r in notes:
        print(f"- {r['text']}")
    if notes:
        print()


def report_soak(rows):
    load_rows = [r for r in rows if r.get("part") == "soak"]
    rss = [r for r in rows if r.get("part") == "rss"]
    for r in load_rows:
        print(
            f"mixed load: {r.get('conns')} connections, {r.get('requests'):,} requests in {r.get('seconds')} s, "
            f"{r.get('rps', 0):,.0f} req/s, p50 {r.get('p50_ms', 0):.2f} ms, p99 {r.get('p99_ms', 0):.2f} ms, max {r.get('max_ms', 0):.1f} ms"
        )
        statuses = {k[7:]: v for k, v in r.items() if k.startswith("status_") and k[7:].isdigit()}
        print(f"responses by status: {statuses}; errors (socket errors, timeouts, unexpected statuses): {r.get('errors')}")
        print(f"verdict: errors {'0: met' if r.get('errors') == 0 else 'MISSED'}")
    if rss:
        print("\nRSS every 10 s (MB):")
        print("  " + " ".join(f"{x['rss_kb'] / 1024:.0f}" for x in rss))
        vals = [x["rss_kb"] / 1024 for x in rss]
        n = len(vals)
        if n >= 4:
            first = statistics.median(vals[: max(2, n // 4)])
            last = statistics.median(vals[-max(2, n // 4) :])
            growth = last - first
            print(
                f"first quarter median {first:.1f} MB, last quarter median {last:.1f} MB, growth {growth:+.1f} MB "
                f"({'flat' if abs(growth) <= max(5.0, 0.05 * first) else 'NOT flat'}); peak {max(vals):.1f} MB"
            )


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    cmd = sys.argv[1]
    if cmd == "run":
        cmd_run(sys.argv[2:])
    elif cmd == "report":
        rows = load(sys.argv[3])
        {"http": report_http, "referrals": report_referrals, "scale": report_scale, "soak": report_soak}[sys.argv[2]](rows)
    elif cmd == "busy":
        # tools.py busy SECONDS: busy cores of the whole machine over SECONDS.
        secs = float(sys.argv[2])
        b0 = machine_busy()
        time.sleep(secs)
        print(f"{(machine_busy() - b0) / secs:.2f}")
    elif cmd == "explain-ms":
        # EXPLAIN (ANALYZE, FORMAT JSON) output on stdin: the execution time in ms.
        plan = json.load(sys.stdin)[0]
        print(f"{plan['Execution Time']:.2f}")
    elif cmd == "rss":
        print(rss_kb(sys.argv[2]))
    elif cmd == "note":
        # tools.py note FILE key=value ...: appends one record.
        rec = {}
        for kv in sys.argv[3:]:
            k, v = kv.split("=", 1)
            try:
                v = int(v)
            except ValueError:
                pass
            rec[k] = v
        with open(sys.argv[2], "a") as f:
            f.write(json.dumps(rec) + "\n")
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
