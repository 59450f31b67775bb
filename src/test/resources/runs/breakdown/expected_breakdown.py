# An independent implementation of latency_breakdown.csv (the spec's percentile and rounding, Python's
# csv and str()): python3 expected_breakdown.py > expected/latency_breakdown.csv
import csv, json, sys

def pct(values, p):
    v = sorted(values)
    if not v: return None
    if len(v) == 1: return v[0]
    rank = p / 100 * (len(v) - 1)
    lo, hi = int(rank // 1), -int(-rank // 1)
    return v[lo] if lo == hi else v[lo] + (v[hi] - v[lo]) * (rank - lo)

def r4(x): return None if x is None else round(x, 4)

groups = {}
for line in open("request_events.jsonl"):
    e = json.loads(line)
    if e["success"]:
        groups.setdefault((e["adapter"], e["scenario"], e["operation"]), []).append(e)

out = csv.writer(sys.stdout, lineterminator="\r\n")
out.writerow(["adapter", "scenario", "operation", "component", "requests", "mean_ms", "p50_ms", "p95_ms", "p99_ms", "estimate"])
def row(key, name, values, estimate=False):
    mean = sum(values) / len(values) if values else None
    out.writerow([*key, name, len(values), *["" if x is None else str(x) for x in
                  (r4(mean), r4(pct(values, 50)), r4(pct(values, 95)), r4(pct(values, 99)))], str(estimate)])

PER_QUERY = ("embed_query", "vector_retrieval")  # run once per query, the queries side by side
def least_wall(e):  # the least wall-clock time a request's stages allow
    if e.get("telemetry_ms") is None: return 0.0
    q = max(1, e.get("typed_queries") or 1)
    return sum(v / q if s in PER_QUERY else v for s, v in (e.get("stages_ms") or {}).items())

for key, events in groups.items():
    timed = [e for e in events if e.get("server_ms") is not None]
    row(key, "observed", [e["latency_ms"] for e in events])
    if key[0] == "cli-subprocess" and not timed:
        # drains carry their adapter's name: cli-subprocess:commit_drain pairs with sdk:commit_drain
        sdk = groups.get(("sdk", key[1].replace("cli-subprocess:", "sdk:", 1), key[2]))
        if sdk:
            cli, ref = [e["latency_ms"] for e in events], [e["latency_ms"] for e in sdk]
            out.writerow([*key, "difference_from_sdk_same_percentile", len(cli),
                          *[str(r4(x)) for x in (sum(cli) / len(cli) - sum(ref) / len(ref), pct(cli, 50) - pct(ref, 50),
                                                 pct(cli, 95) - pct(ref, 95), pct(cli, 99) - pct(ref, 99))], "True"])
        continue
    if not timed: continue
    row(key, "server", [e["server_ms"] for e in timed])
    told = [e for e in events if e.get("telemetry_ms") is not None]
    if told:
        row(key, "telemetry", [e["telemetry_ms"] for e in told])
        names = []
        for e in events:
            for s in (e.get("stages_ms") or {}):
                if s not in names: names.append(s)
        for s in names:
            row(key, "stage:" + s, [(e.get("stages_ms") or {}).get(s, 0.0) for e in told])
        if names:  # a search that ran several queries at once has summed stages: no wall-clock parts, left out
            row(key, "server_outside_stages", [e["server_ms"] - sum((e.get("stages_ms") or {}).get(s, 0.0) for s in names)
                                              for e in told if e.get("server_ms") is not None
                                              and (e.get("typed_queries") or 1) <= 1])
    row(key, "not_in_named_stage", [e["server_ms"] - least_wall(e) for e in timed],
        any((e.get("typed_queries") or 1) > 1 and e.get("telemetry_ms") is not None and e.get("stages_ms") for e in timed))
    row(key, "client_and_network", [e["latency_ms"] - e["server_ms"] for e in timed])
