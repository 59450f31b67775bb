#!/usr/bin/env python3
"""Was the server warm when the run measured it? Compares the first adapter's retrieval find p50 in
the first and the last third of its retrieval phase.

    scripts/warmup-check.py RUN_FOLDER [--tolerance 0.10]

Reads RUN_FOLDER/phases.json and request_events.jsonl (standard library only). Prints both p50s
and their difference; exits 0 when they lie within the tolerance of each other (relative to the
last third's), 1 when they do not (a server still warming up, or slowing down, during the phase),
2 when the run folder lacks what the check needs.
"""
import argparse
import json
import os
import sys
from datetime import datetime


def p50(values):
    """The spec's percentile: linear interpolation between closest ranks, rank = p/100 x (n-1)."""
    s = sorted(values)
    rank = 0.5 * (len(s) - 1)
    lower, upper = int(rank), min(int(rank) + 1, len(s) - 1)
    return s[lower] + (s[upper] - s[lower]) * (rank - lower)


def seconds(stamp):
    return datetime.fromisoformat(str(stamp).replace("Z", "+00:00")).timestamp()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("run_folder")
    parser.add_argument("--tolerance", type=float, default=0.10)
    args = parser.parse_args()
    try:
        with open(os.path.join(args.run_folder, "phases.json"), encoding="utf-8") as f:
            phases = json.load(f)
    except (OSError, ValueError) as e:
        print(f"warmup-check: cannot read phases.json in {args.run_folder}: {e}", file=sys.stderr)
        return 2
    phases = phases.get("phases", phases) if isinstance(phases, dict) else phases
    retrieval = [p for p in phases if p.get("scenario") == "retrieval"]
    if not retrieval:
        print(f"warmup-check: no retrieval phase in {args.run_folder}/phases.json", file=sys.stderr)
        return 2
    phase = min(retrieval, key=lambda p: seconds(p["started_at"]))
    adapter, start, end = phase["adapter"], seconds(phase["started_at"]), seconds(phase["ended_at"])
    third = (end - start) / 3
    first, last = [], []
    server_first, server_last = [], []  # the server's own time (X-Process-Time), where the adapter records it
    with open(os.path.join(args.run_folder, "request_events.jsonl"), encoding="utf-8") as f:
        for line in f:
            e = json.loads(line)
            if e["adapter"] != adapter or e["scenario"] != "retrieval" or e["operation"] != "find" or not e["success"]:
                continue
            t = seconds(e["started_at"])
            if start <= t < start + third:
                first.append(e["latency_ms"])
                server_first += [e["server_ms"]] if e.get("server_ms") is not None else []
            elif end - third <= t <= end:
                last.append(e["latency_ms"])
                server_last += [e["server_ms"]] if e.get("server_ms") is not None else []
    if not first or not last:
        print(f"warmup-check: no successful {adapter} retrieval finds in a third of the phase", file=sys.stderr)
        return 2
    a, b = p50(first), p50(last)
    change = (a - b) / b
    ok = abs(change) <= args.tolerance
    print(f"warmup-check: {adapter} retrieval find p50 {a:.2f} ms in the first third ({len(first)} finds), "
          f"{b:.2f} ms in the last ({len(last)}): {change:+.1%}, "
          f"{'within' if ok else 'OUTSIDE'} {args.tolerance:.0%}")
    if server_first and server_last:
        # where the difference lies: in the server, or in the client's path to it (its JVM, the network)
        print(f"warmup-check: the server's own time, p50: {p50(server_first):.2f} ms in the first third, "
              f"{p50(server_last):.2f} ms in the last")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
