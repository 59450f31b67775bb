# Writes request_events.jsonl: a small fixed run with server time and telemetry (seeded, reproducible).
import json, random
rng = random.Random(13)
spec = ["adapter", "scenario", "operation", "started_at", "ended_at", "elapsed_ms_since_run_start", "latency_ms",
        "success", "status_code", "exception_type", "error_message", "session_id", "resource_uri", "task_id",
        "worker_id", "command"]
lines = []
def event(adapter, scenario, op, i, latency, success=True, server=None, tel=None, stages=None, tokens=None, command=None,
          queries=None):
    e = dict.fromkeys(spec)
    e.update(adapter=adapter, scenario=scenario, operation=op, started_at="2026-11-29T00:00:%02d.%03dZ" % (i // 1000 % 60, i % 1000),
             ended_at="2026-11-29T00:00:%02d.%03dZ" % (i // 1000 % 60, i % 1000), elapsed_ms_since_run_start=float(i),
             latency_ms=latency, success=success, status_code=200 if success else 503, worker_id=i % 2, command=command)
    if not success:
        e.update(exception_type="UNAVAILABLE", error_message="injected")
    if server is not None: e["server_ms"] = server
    if tel is not None: e["telemetry_ms"] = tel
    if stages is not None: e["stages_ms"] = stages
    if tokens is not None: e["tokens"] = tokens
    if queries is not None: e["typed_queries"] = queries
    lines.append(e)
t = 0
for adapter in ["sdk", "cli-http"]:
    for scenario, load in [("retrieval", 1.0), ("mixed", 2.5)]:
        for op in ["find", "search"]:
            for k in range(9):
                t += 37
                embed = round(rng.uniform(2, 6) * load, 3)
                vector = round(rng.uniform(1, 4) * load, 3)
                stages = {"embed_query": embed, "vector_retrieval": vector}
                wall = embed + vector
                queries = 1 if op == "search" else None  # OpenViking counts a search's queries, not a find's
                if op == "search" and k % 3 != 0:  # a session with context: intent analysis ran
                    intent = round(rng.uniform(5, 9) * load, 3)
                    if k % 3 == 2:  # it planned two queries, run at once: each stage is summed over them
                        embed2 = round(rng.uniform(2, 6) * load, 3)
                        vector2 = round(rng.uniform(1, 4) * load, 3)
                        wall = max(wall, embed2 + vector2)
                        stages = {"embed_query": round(embed + embed2, 3), "vector_retrieval": round(vector + vector2, 3)}
                        queries = 2
                    stages = {"intent_analysis": intent, **stages}
                    wall += intent
                tel = round(wall + rng.uniform(0.2, 1.5), 3)
                server = round(tel + rng.uniform(0.5, 3) * load, 3)
                latency = round(server + rng.uniform(1, 4) * (1.5 if adapter == "cli-http" else 1), 4)
                if k == 4 and scenario == "mixed":  # telemetry missing: server time only
                    event(adapter, scenario, op, t, latency, server=server)
                elif k == 7 and op == "find":  # a failure: left out of the breakdown
                    event(adapter, scenario, op, t, round(latency / 2, 4), success=False, server=0.8)
                else:
                    event(adapter, scenario, op, t, latency, server=server, tel=tel, stages=stages,
                          tokens={"total": 3, "embedding": {"total": 3}}, queries=queries)
        for k in range(4):
            t += 41
            server = round(rng.uniform(1, 3) * load, 3)
            event(adapter, scenario, "add_message", t, round(server + rng.uniform(1, 5), 4), server=server,
                  tel=round(server * 0.8, 3))
for k in range(3):  # a drain, named after its adapter
    t += 29
    event("sdk", "sdk:commit_drain", "get_task", t, round(rng.uniform(3, 6), 4), server=round(rng.uniform(0.5, 2), 3))
for k in range(3):
    t += 31
    event("cli-subprocess", "cli-subprocess:commit_drain", "get_task", t, round(rng.uniform(200, 260), 4), command="ov task")
for scenario, load in [("retrieval", 1.0), ("mixed", 2.5)]:
    for op in ["find", "search"]:
        for k in range(5):
            t += 53
            latency = round(rng.uniform(250, 320) + 10 * load, 4)
            # a search's exchange went through the loopback relay, which read its server time; a find's did not
            server = round(rng.uniform(5, 40) * load, 3) if op == "search" else None
            event("cli-subprocess", scenario, op, t, latency, server=server, command="ov " + op)
with open("request_events.jsonl", "w") as f:
    for e in lines:
        f.write(json.dumps(e) + "\n")
