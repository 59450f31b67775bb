#!/usr/bin/env bash
# What the load generator costs next to a C load generator: ovload's sdk run and wrk, one after the
# other, against one warm instant stand-in started once, with the same retrieval mix and bodies.
# A benchmark, not a test: it prints figures and judges nothing (docs/generator-cost.md reads them).
#
#   scripts/generator-cost.sh [--pairs N] [--seconds S] [--discard D] [--wrk-threads T] [--jfr]
#                             [--base-classes DIR]
#
# It starts bin/standin --model-mode instant on a free loopback port, runs ovload D times (default 2)
# to warm it (discarded), then N pairs (default 3): ovload (smoke profile, -Dadapters=sdk -DsearchConcurrency=8
# -Dtelemetry=false -DphaseSeconds=S, Gatling's JVM launched with the Maven plugin's JVM options),
# then wrk (8 connections, S seconds, scripts/generator-cost.lua: find 55 : search 25 : grep 10 :
# glob 10, the bodies of the ovload run just before, its sessions included); between them Gatling
# alone (PlainGatlingSimulation: the same requests and users, no recording; its last third measured),
# the floor ovload stands on. Before Gatling alone, the stand-in is put back in the state the ovload
# run's retrieval phase saw (retrieval_state), so that both measure the server ovload's retrieval
# measured. With --base-classes (another build's target/classes, e.g. before a change) each pair
# starts with an ovload run of that build too. For each it prints
# retrieval requests/s and the generator's CPU per request, from /proc: the process's CPU over the
# phase, less the JIT compiler threads' (C1/C2 CompilerThread), which are printed apart; for ovload the
# mixed phase too. Each pair's ratio and the machine's load (/proc/loadavg) are printed beside.
# --jfr records each ovload run with Java Flight Recorder (profile settings) into its folder; read
# it with scripts/jfr-top.py. Everything lands in target/generator-cost/<stamp>/.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
# shellcheck source=lib/start-until-url.sh
. scripts/lib/start-until-url.sh

usage="usage: scripts/generator-cost.sh [--pairs N] [--seconds S] [--discard D] [--wrk-threads T] [--jfr] [--base-classes DIR]"
pairs=3
seconds=10
discard=2
wrk_threads=1
jfr=false
base_classes=""
while [ $# -gt 0 ]; do
  case "$1" in
    --pairs|--seconds|--discard|--wrk-threads)
      # --pairs 0 --discard 1 --jfr: one profiled run only
      if [ $# -lt 2 ] || ! [[ $2 =~ ^[0-9]+$ ]] || { [ "$2" -eq 0 ] && [ "$1" != --discard ] && [ "$1" != --pairs ]; }; then
        echo "generator-cost: $1 takes a whole number (above 0; --pairs and --discard may be 0): $usage" >&2
        exit 2
      fi
      case "$1" in --pairs) pairs=$2 ;; --seconds) seconds=$2 ;; --discard) discard=$2 ;; *) wrk_threads=$2 ;; esac
      shift 2 ;;
    --jfr) jfr=true; shift ;;
    --base-classes)
      if [ $# -lt 2 ] || [ ! -d "$2/ovload/gatling" ]; then
        echo "generator-cost: --base-classes takes a build's classes folder (target/classes): $usage" >&2
        exit 2
      fi
      base_classes=$2
      shift 2 ;;
    *) echo "generator-cost: unknown argument '$1': $usage" >&2; exit 2 ;;
  esac
done
command -v wrk >/dev/null || { echo "generator-cost: wrk is not installed: apt-get install wrk" >&2; exit 2; }
if [ ! -f target/ov.classpath ] || [ ! -d target/test-classes ]; then
  echo "generator-cost: the project is not built: run 'mvn -B -q test-compile' first" >&2
  exit 2
fi

work=target/generator-cost/$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$work"
# a copy of the compiled classes, so that a build during the benchmark cannot change what it runs
cp -r target/classes "$work/classes"
cp -r target/test-classes "$work/test-classes"
[ -z "$base_classes" ] || cp -r "$base_classes" "$work/base-classes"
classpath="$work/test-classes:$work/classes:$(cat target/ov.classpath)"
api_key=test-root-api-key
standin_pid=""
run_pid=""
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  [ -n "$run_pid" ] && kill "$run_pid" 2>/dev/null || true
  [ -n "$standin_pid" ] && kill "$standin_pid" 2>/dev/null || true
  exit "$rc"
}
trap cleanup EXIT INT TERM

# bin/standin's command, on the copy
start_until_url "$work/standin.log" 'http://127.0.0.1:[0-9]*' \
  java -XX:+UseSerialGC -cp "$work/classes:$(cat target/ov.classpath)" ovload.tools.Ovload standin --port 0 --model-mode instant
standin_pid=$started_pid
url=$started_url
echo "generator-cost: stand-in $url (pid $standin_pid); results in $work"

# "<total ticks> <JIT ticks>" of a process: utime + stime of the process (dead threads included)
# and of its live C1/C2 compiler threads. The files are read by cat, not named to awk: a thread that
# ends between the glob and the read (Gatling alone's marker thread ends as it prints its last line)
# is skipped, where awk would give up on the whole snapshot.
cpu_ticks() {
  { cat "/proc/$1/stat" 2>/dev/null; echo "--"; cat /proc/"$1"/task/*/stat 2>/dev/null; } | awk '
    $0 == "--" { threads = 1; next }
    { close_at = 0
      for (i = length($0); i > 0; i--) if (substr($0, i, 1) == ")") { close_at = i; break }
      comm = substr($0, index($0, "(") + 1, close_at - index($0, "(") - 1)
      split(substr($0, close_at + 2), f, " ")
      ticks = f[12] + f[13]
      if (!threads) total = ticks
      else if (comm ~ /^C[12] CompilerThre/) jit += ticks }
    END { print total + 0, jit + 0 }'
}

# ovload_run NAME [CLASSES]: one run (of the work tree's build, or of CLASSES); writes NAME/ (the run folder), NAME.log, NAME.cpu (phase, ticks at its
# start and end) and NAME.figures: "rps cpu_ms jit_ms mixed_cpu_ms mixed_jit_ms" (rps of retrieval)
ovload_run() {
  local name=$1 out=$work/$1 classes=${2:-$work/classes}
  local jfr_args=()
  [ "$jfr" = true ] && jfr_args=("-XX:StartFlightRecording=settings=profile,filename=$out.jfr")
  # the JVM options the Gatling Maven plugin gives its fork, then the pom's
  java -server -Xmx1G -XX:+HeapDumpOnOutOfMemoryError -XX:MaxInlineLevel=20 -XX:MaxTrivialSize=12 \
    --add-opens=java.base/java.lang=ALL-UNNAMED \
    "${jfr_args[@]}" -cp "$work/test-classes:$classes:$(cat target/ov.classpath)" \
    -Dgatling.data.enableAnalytics=false -Dovload.projectDir="$here" \
    -Djava.util.prefs.userRoot="$here/$work/classes/gatling-prefs" \
    -Dlogback.configurationFile="$here/$work/classes/logback.xml" \
    -Dovload.gatlingResults="$out-gatling" \
    -Dprofile=smoke -Dadapters=sdk -DserverUrl="$url" -DsearchConcurrency=8 -Dtelemetry=false \
    -DphaseSeconds="$seconds" -DoutputDir="$out" \
    io.gatling.app.Gatling -s ovload.gatling.ContentionSimulation -rf "$out-gatling" >"$out.log" 2>&1 &
  run_pid=$!
  : >"$out.cpu"
  while IFS= read -r line; do
    case "$line" in
      "ovload "*" retrieval") echo "retrieval_start $(cpu_ticks "$run_pid")" >>"$out.cpu" ;;
      "ovload "*" session_commit") echo "retrieval_end $(cpu_ticks "$run_pid")" >>"$out.cpu" ;;
      "ovload "*" mixed") echo "mixed_start $(cpu_ticks "$run_pid")" >>"$out.cpu" ;;
      "ovload "*" sdk:mixed_drain") echo "mixed_end $(cpu_ticks "$run_pid")" >>"$out.cpu" ;;
    esac
  done < <(tail -n +1 -s 0.2 -F --pid="$run_pid" "$out.log" 2>/dev/null)
  local rc=0
  wait "$run_pid" || rc=$?
  run_pid=""
  # 2: a latency gate failed on a busy machine; the run and its files are whole
  if [ "$rc" -ne 0 ] && [ "$rc" -ne 2 ]; then
    echo "generator-cost: the ovload run $name exited $rc: see $out.log" >&2
    exit 1
  fi
  python3 - "$out" <<'EOF'
import json, sys
out = sys.argv[1]
ticks = {}
for line in open(out + ".cpu"):
    name, total, jit = line.split()
    ticks[name] = (int(total), int(jit))
phases = {p["scenario"]: p["duration_seconds"] for p in json.load(open(out + "/phases.json"))}
counts = {"retrieval": 0, "mixed": 0}
failed = 0
for line in open(out + "/request_events.jsonl"):
    event = json.loads(line)
    if event["scenario"] in counts:
        counts[event["scenario"]] += 1
        failed += 0 if event["success"] else 1
def per_request(phase):
    (t0, j0), (t1, j1) = ticks[phase + "_start"], ticks[phase + "_end"]
    n = counts[phase]
    return ((t1 - t0) - (j1 - j0)) * 10.0 / n, (j1 - j0) * 10.0 / n
if failed:
    sys.exit(f"generator-cost: {failed} retrieval/mixed requests failed in {out}")
cpu, jit = per_request("retrieval")
mixed_cpu, mixed_jit = per_request("mixed")
with open(out + ".figures", "w") as f:
    f.write(f"{counts['retrieval'] / phases['retrieval']:.0f} {cpu:.3f} {jit:.3f} {mixed_cpu:.3f} {mixed_jit:.3f}\n")
EOF
}

# the requests of the ovload run just before (its queries and sessions), one a line, for wrk
bodies_of() {
  python3 - "$1" "$2" <<'EOF'
import json, sys
run, bodies = sys.argv[1], sys.argv[2]
config = json.load(open(run + "/run_config.json"))
root, limit = config["data_root_uri"], config["find_limit"]
queries = [l.strip() for l in open("user-files/queries.txt") if l.strip() and not l.strip().startswith("#")]
sessions = sorted({json.loads(l)["session_id"] for l in open(run + "/request_events.jsonl")
                   if '"scenario":"retrieval","operation":"search"' in l})
compact = lambda body: json.dumps(body, separators=(",", ":"), ensure_ascii=False)
with open(bodies, "w") as f:
    for q in queries:
        f.write(f"find\t/api/v1/search/find\t{compact({'query': q, 'target_uri': root, 'limit': limit})}\n")
        for s in sessions:
            f.write(f"search\t/api/v1/search/search\t{compact({'query': q, 'target_uri': root, 'session_id': s, 'limit': limit})}\n")
    f.write(f"grep\t/api/v1/search/grep\t{compact({'uri': root, 'pattern': 'benchmark', 'case_insensitive': False, 'node_limit': limit})}\n")
    f.write(f"glob\t/api/v1/search/glob\t{compact({'pattern': '**/*.md', 'uri': root, 'node_limit': limit})}\n")
EOF
}

# retrieval_state RUN: puts the stand-in back in the state RUN's retrieval phase saw, for Gatling alone
# and wrk after it. The phases after retrieval change what a find, search, grep or glob costs: the
# mixed phase adds hundreds of documents under the data root (each find and search then scores them
# all), commits archive the sessions and extract memories, and the mixed phase's messages lengthen the
# sessions a search reads. So: every entry of the data root's adapter folders that add_resources did
# not make is removed (the seed documents stay, processed as they were), and each of the run's sessions
# is deleted with its memory folder and made again, under the same id, with the messages
# session_messages gave it (the same count, roles and text) and no commit. The bodies stay the run's.
retrieval_state() {
  python3 - "$1" "$api_key" <<'EOF'
import json, sys, urllib.parse, urllib.request
run, key = sys.argv[1:3]
config = json.load(open(run + "/run_config.json"))
root = config["data_root_uri"]
headers = {"Content-Type": "application/json", "User-Agent": "ovload-sdk", "X-API-Key": key,
           "X-OpenViking-Account": config["account"], "X-OpenViking-User": config["user"]}
def call(method, path, query=None, body=None):
    url = config["server_url"] + path + ("?" + urllib.parse.urlencode(query) if query else "")
    data = None if body is None else json.dumps(body, ensure_ascii=False).encode()
    with urllib.request.urlopen(urllib.request.Request(url, data, headers, method=method), timeout=60) as reply:
        return json.load(reply)["result"]
events = [json.loads(line) for line in open(run + "/request_events.jsonl")]
seeds = {e["resource_uri"] for e in events if e["scenario"] == "add_resources" and e["operation"] == "add_resource"}
sessions = sorted({(e["session_id"], e["adapter"]) for e in events if e["scenario"] == "session_messages"})
kept = 0
for adapter in config["adapters"]:
    for entry in call("GET", "/api/v1/fs/ls", {"uri": f"{root}/{adapter}"}):
        if entry["uri"] in seeds:
            kept += 1
        else:
            call("DELETE", "/api/v1/fs", {"uri": entry["uri"], "recursive": "true", "wait": "true"})
if kept != len(seeds):
    sys.exit(f"generator-cost: {run}'s data root holds {kept} of its {len(seeds)} seed documents")
template = open(config["user_files"] + "/templates/message.txt", encoding="utf-8").read()
for session, adapter in sessions:
    path = "/api/v1/sessions/" + urllib.parse.quote(session, safe="")
    call("DELETE", path)
    call("DELETE", "/api/v1/fs", {"uri": "viking://user/memories/" + session, "recursive": "true", "wait": "true"})
    added = None
    for i in range(config["messages_per_session"]):
        # UserFiles.messageContent: the template filled in, stripped; user and assistant in turn
        text = template.replace("{{adapter}}", adapter).replace("{{session_id}}", session)
        added = call("POST", path + "/messages", body={"role": "user" if i % 2 == 0 else "assistant",
                                                       "content": text.replace("{{index}}", str(i)).strip()})
    # a session the delete did not empty (archives kept) would give the search more context than retrieval's
    if added is None or added["message_count"] != config["messages_per_session"]:
        sys.exit(f"generator-cost: session {session} was not made anew: {added}")
EOF
}

# plain_run NAME BODIES: Gatling alone; writes NAME.log, NAME.cpu and NAME.figures: "rps cpu_ms jit_ms"
plain_run() {
  local out=$work/$1
  java -server -Xmx1G -XX:+HeapDumpOnOutOfMemoryError -XX:MaxInlineLevel=20 -XX:MaxTrivialSize=12 \
    --add-opens=java.base/java.lang=ALL-UNNAMED -cp "$classpath" \
    -Dgatling.data.enableAnalytics=false -Djava.util.prefs.userRoot="$here/$work/classes/gatling-prefs" \
    -Dlogback.configurationFile="$here/$work/classes/logback.xml" \
    -DserverUrl="$url" -DsearchConcurrency=8 -DphaseSeconds="$seconds" -Dovload.bodies="$2" \
    io.gatling.app.Gatling -s ovload.gatling.PlainGatlingSimulation -rf "$out-gatling" -nr >"$out.log" 2>&1 &
  run_pid=$!
  : >"$out.cpu"
  while IFS= read -r line; do
    case "$line" in
      "plain-gatling measured part") echo "start $(cpu_ticks "$run_pid")" >>"$out.cpu" ;;
      "plain-gatling load ended: "*) echo "end $(cpu_ticks "$run_pid") ${line#plain-gatling load ended: }" >>"$out.cpu" ;;
    esac
  done < <(tail -n +1 -s 0.2 -F --pid="$run_pid" "$out.log" 2>/dev/null)
  local rc=0
  wait "$run_pid" || rc=$?
  run_pid=""
  if [ "$rc" -ne 0 ] || [ "$(wc -l <"$out.cpu")" -ne 2 ]; then
    echo "generator-cost: Gatling alone ($1) exited $rc: see $out.log" >&2
    exit 1
  fi
  awk -v seconds="$seconds" '$1 == "start" { t0 = $2; j0 = $3 } $1 == "end" { t1 = $2; j1 = $3; n = $4 }
    END { printf "%.0f %.3f %.3f\n", n / seconds, ((t1 - t0) - (j1 - j0)) * 10 / n, (j1 - j0) * 10 / n }' "$out.cpu" >"$out.figures"
}

# wrk_run NAME BODIES: writes NAME.txt (wrk's output) and NAME.figures: "rps cpu_ms non2xx"
wrk_run() {
  local out=$work/$1 start end
  start=$(date +%s%N)
  TIMEFORMAT='%U %S'
  { time wrk -t"$wrk_threads" -c8 -d"${seconds}s" -s scripts/generator-cost.lua "$url" -- "$2" "$api_key" >"$out.txt"; } 2>"$out.time"
  awk -v time="$(cat "$out.time")" '
    / requests in / { requests = $1 }
    /^Requests\/sec:/ { rps = $2 }
    /Non-2xx or 3xx responses:/ { bad = $NF }
    END { split(time, t, " "); printf "%.0f %.3f %d\n", rps, (t[1] + t[2]) * 1000 / requests, bad + 0 }' "$out.txt" >"$out.figures"
}

load() { cut -d' ' -f1-3 /proc/loadavg; }

for ((i = 1; i <= discard; i++)); do
  ovload_run "discard-$i"
done
echo "generator-cost: $discard discarded ovload run(s) done; $pairs pairs of ${seconds} s retrieval, wrk with $wrk_threads thread(s), 8 connections"
printf '%-4s %-6s %-15s %8s %10s %8s %10s %8s\n' pair run load req/s cpu_ms/req jit_ms mixed_cpu mixed_jit
row() { printf '%-4s %-6s %-15s %8s %10s %8s %10s %8s\n' "$@"; }
for ((p = 1; p <= pairs; p++)); do
  if [ -n "$base_classes" ]; then
    base_load=$(load)
    ovload_run "base-$p" "$work/base-classes"
    read -r b_rps b_cpu b_jit bm_cpu bm_jit <"$work/base-$p.figures"
    row "$p" base "$base_load" "$b_rps" "$b_cpu" "$b_jit" "$bm_cpu" "$bm_jit"
  fi
  ovload_load=$(load)
  ovload_run "ovload-$p"
  read -r o_rps o_cpu o_jit m_cpu m_jit <"$work/ovload-$p.figures"
  row "$p" ovload "$ovload_load" "$o_rps" "$o_cpu" "$o_jit" "$m_cpu" "$m_jit"
  bodies_of "$work/ovload-$p" "$work/bodies-$p.txt"
  retrieval_state "$work/ovload-$p"
  plain_load=$(load)
  plain_run "gatling-$p" "$work/bodies-$p.txt"
  read -r g_rps g_cpu g_jit <"$work/gatling-$p.figures"
  row "$p" gatling "$plain_load" "$g_rps" "$g_cpu" "$g_jit" - -
  wrk_load=$(load)
  wrk_run "wrk-$p" "$work/bodies-$p.txt"
  read -r w_rps w_cpu w_bad <"$work/wrk-$p.figures"
  if [ "$w_bad" -ne 0 ]; then
    echo "generator-cost: wrk had $w_bad non-2xx answers: see $work/wrk-$p.txt" >&2
    exit 1
  fi
  row "$p" wrk "$wrk_load" "$w_rps" "$w_cpu" - - -
  echo "pair $p: ovload/wrk requests/s $(awk -v a="$o_rps" -v b="$w_rps" 'BEGIN { printf "%.2f", a / b }')," \
    "ovload/Gatling alone $(awk -v a="$o_rps" -v b="$g_rps" 'BEGIN { printf "%.2f", a / b }')"
done
