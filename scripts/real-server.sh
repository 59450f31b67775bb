#!/usr/bin/env bash
# Runs the smoke load test against a REAL OpenViking server whose models are our mock provider.
#
#   scripts/real-server.sh [extra -D options for mvn gatling:test ...]
#
# 1. creates or reuses a venv (OV_VENV, default target/openviking-venv) with openviking==$OPENVIKING_VERSION
# 2. builds the project if needed (mvn -q -DskipTests compile)
# 3. starts bin/mockmodel on a free loopback port (MOCK_LATENCY_MS, MOCK_ERROR_RATE, MOCK_ERROR_STATUS)
# 4. writes ov.conf from resources/openviking/ov.conf.template into target/real-server/<timestamp>/,
#    starts openviking-server on a free loopback port and waits for /health
# 5. runs mvn -q gatling:test -Dprofile=smoke against it with all three adapters; cli-subprocess runs
#    the venv's real `ov` through a wrapper with a private HOME (the user's ~/.openviking is never read)
#    with the server's Prometheus metrics on (scraped into server_metrics.csv) and, with PROFILE_SERVER=py-spy
#    (the default; off to skip), py-spy installed into the venv and profiling each timed phase (-DtargetPid)
# 6. the suite saves the mock's /mock/stats over the run as <run folder>/model_stats.json (-DmodelStatsUrl)
# 7. stops the server and the mock on exit, failure or Ctrl-C
#    RUNS=2 runs the load test twice against the same server, back to back (FIRST_RUN_ARGS: the first's
#    extra options, e.g. -DdrainTimeout=1 to end it while the server still works on its data)
# 8. exits 0 only if the run had no failures other than ones the mock was told to inject
#
# Everything listens on 127.0.0.1 only. See docs/real-server.md.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"

OPENVIKING_VERSION=${OPENVIKING_VERSION:-0.5.2}
OV_VENV=${OV_VENV:-$here/target/openviking-venv}
PYTHON=${PYTHON:-python3}
MOCK_LATENCY_MS=${MOCK_LATENCY_MS:-0}
MOCK_ERROR_RATE=${MOCK_ERROR_RATE:-0}
MOCK_ERROR_STATUS=${MOCK_ERROR_STATUS:-500}
EMBEDDING_DIMENSION=${EMBEDDING_DIMENSION:-256}
# The mock recognises each prompt the server sends (intent analysis, memory extraction, overviews,
# summaries) and answers in its format (docs/mockmodel.md); MOCK_REPLY, if set, answers the rest.
MOCK_REPLY=${MOCK_REPLY:-}
ROOT_API_KEY=${ROOT_API_KEY:-test-root-api-key}
SERVER_START_TIMEOUT=${SERVER_START_TIMEOUT:-120}
PROFILE=${PROFILE:-smoke}
RUNS=${RUNS:-1}
FIRST_RUN_ARGS=${FIRST_RUN_ARGS:-}
PROFILE_SERVER=${PROFILE_SERVER:-py-spy}

stamp=$(date -u +%Y%m%dT%H%M%SZ)
work="$here/target/real-server/$stamp"
out="${OUTPUT_DIR:-$here/reports/real-server-$stamp}"
mkdir -p "$work/workspace" "$work/home/.openviking"
chmod 700 "$work" "$work/home"

log() { printf 'real-server: %s\n' "$*" >&2; }

mock_pid=""
server_pid=""
mvn_pid=""
tail_pid=""
# a process and everything it started (the load test forks JVMs and ov processes)
kill_tree() {
  local child
  for child in $(ps -o pid= --ppid "$1" 2>/dev/null); do
    kill_tree "$child"
  done
  kill "$1" 2>/dev/null || true
}
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [ -n "$mvn_pid" ] && kill -0 "$mvn_pid" 2>/dev/null; then
    log "interrupted: stopping the load test"
    kill_tree "$mvn_pid"
  fi
  [ -n "$tail_pid" ] && kill "$tail_pid" 2>/dev/null || true
  for pid in $server_pid $mock_pid; do
    if kill -0 "$pid" 2>/dev/null; then
      kill_tree "$pid"
    fi
  done
  for pid in $server_pid $mock_pid; do
    for _ in $(seq 1 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.2
    done
    kill -9 "$pid" 2>/dev/null || true
  done
  [ -n "$server_pid$mock_pid" ] && log "stopped server and mock (logs in $work)"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

free_port() {
  "$PYTHON" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

wait_http() { # url seconds pid
  local deadline=$((SECONDS + $2))
  while [ $SECONDS -lt $deadline ]; do
    if ! kill -0 "$3" 2>/dev/null; then
      return 2
    fi
    if curl -sf -o /dev/null --max-time 2 "$1"; then
      return 0
    fi
    sleep 0.5
  done
  return 1
}

# 1. the venv -----------------------------------------------------------------------------------
installed=$("$OV_VENV/bin/python" -c 'import importlib.metadata as m; print(m.version("openviking"))' 2>/dev/null || true)
if [ "$installed" != "$OPENVIKING_VERSION" ]; then
  log "installing openviking==$OPENVIKING_VERSION into $OV_VENV (a few minutes the first time)"
  [ -x "$OV_VENV/bin/python" ] || "$PYTHON" -m venv "$OV_VENV"
  "$OV_VENV/bin/python" -m pip install -q --upgrade pip >/dev/null
  "$OV_VENV/bin/python" -m pip install -q "openviking==$OPENVIKING_VERSION"
else
  log "reusing $OV_VENV (openviking $installed)"
fi
# py-spy profiles the server's timed phases (the suite finds it beside the server's Python)
if [ "$PROFILE_SERVER" = "py-spy" ] && [ ! -x "$OV_VENV/bin/py-spy" ]; then
  log "installing py-spy into $OV_VENV (the server's CPU profile per phase; PROFILE_SERVER=off skips it)"
  "$OV_VENV/bin/python" -m pip install -q py-spy || log "py-spy could not be installed: the run goes on without a server profile"
fi
# the native CLI the `ov` entry point execs; fall back to the entry point itself
ov_native=$("$OV_VENV/bin/python" -c 'import openviking, os; p=os.path.join(os.path.dirname(openviking.__file__), "bin", "ov"); print(p if os.access(p, os.X_OK) else "")')
ov_real=${ov_native:-$OV_VENV/bin/ov}

# 2. the build ----------------------------------------------------------------------------------
# Maven's incremental build makes this quick when nothing changed; it also writes target/ov.classpath
log "building the project (mvn -q -DskipTests compile)"
mvn -q -DskipTests compile

# 3. the mock model provider --------------------------------------------------------------------
mock_port=$(free_port)
bin/mockmodel --port "$mock_port" --latency-ms "$MOCK_LATENCY_MS" --error-rate "$MOCK_ERROR_RATE" \
  --error-status "$MOCK_ERROR_STATUS" --dimension "$EMBEDDING_DIMENSION" ${MOCK_REPLY:+--reply "$MOCK_REPLY"} \
  >"$work/mockmodel.log" 2>&1 &
mock_pid=$!
if ! wait_http "http://127.0.0.1:$mock_port/v1/models" 60 "$mock_pid"; then
  log "the mock model provider did not start; see $work/mockmodel.log"
  cat "$work/mockmodel.log" >&2
  exit 1
fi
log "mock model provider on http://127.0.0.1:$mock_port/v1 (latency ${MOCK_LATENCY_MS} ms, error rate $MOCK_ERROR_RATE)"

# 4. the OpenViking server ----------------------------------------------------------------------
server_port=$(free_port)
WORKSPACE="$work/workspace" MOCK_PORT="$mock_port" SERVER_PORT="$server_port" \
  EMBEDDING_DIMENSION="$EMBEDDING_DIMENSION" ROOT_API_KEY="$ROOT_API_KEY" \
  envsubst '${WORKSPACE} ${MOCK_PORT} ${SERVER_PORT} ${EMBEDDING_DIMENSION} ${ROOT_API_KEY}' \
  <resources/openviking/ov.conf.template >"$work/ov.conf"
chmod 600 "$work/ov.conf"
# the ov CLI asks for a display language once; answer it in the private HOME
printf '{\n  "language": "en"\n}\n' >"$work/home/.openviking/ovcli.settings.conf"
cat >"$work/ov" <<EOF
#!/bin/sh
# the real ov $OPENVIKING_VERSION with a private HOME: ~/.openviking of the user is never read or written
HOME='$work/home' exec '$ov_real' "\$@"
EOF
chmod +x "$work/ov"

HOME="$work/home" OPENVIKING_CONFIG_FILE="$work/ov.conf" \
  "$OV_VENV/bin/openviking-server" --config "$work/ov.conf" >"$work/server.log" 2>&1 &
server_pid=$!
if ! wait_http "http://127.0.0.1:$server_port/health" "$SERVER_START_TIMEOUT" "$server_pid"; then
  log "openviking-server did not become healthy; last lines of $work/server.log:"
  tail -30 "$work/server.log" >&2
  exit 1
fi
log "openviking-server $OPENVIKING_VERSION on http://127.0.0.1:$server_port (pid $server_pid): $(curl -s "http://127.0.0.1:$server_port/health")"

# 5. the load test ------------------------------------------------------------------------------
# REAL_SERVER_RUN replaces it with another command (scripts/record-conformance.sh records the
# conformance corpus this way), run with SERVER_URL, ROOT_API_KEY and MOCK_URL set; its exit code is ours
if [ -n "${REAL_SERVER_RUN:-}" ]; then
  SERVER_URL="http://127.0.0.1:$server_port" ROOT_API_KEY="$ROOT_API_KEY" MOCK_URL="http://127.0.0.1:$mock_port" \
    sh -c "$REAL_SERVER_RUN" &
  mvn_pid=$!
  set +e
  wait "$mvn_pid"
  run_rc=$?
  set -e
  mvn_pid=""
  exit "$run_rc"
fi
# one load test against the server: run_once <run folder> <mvn log> [extra -D options]; returns its verdict
run_once() {
local out=$1 mvn_log=$2
shift 2
# in the background, so a signal reaches the trap at once (bash defers traps while a foreground
# command runs); its output is followed on the console
mvn -q gatling:test "-Dprofile=$PROFILE" "-DserverUrl=http://127.0.0.1:$server_port" \
  -Dadapters=sdk,cli-http,cli-subprocess "-DovBin=$work/ov" "-DtargetPid=$server_pid" "-DprofileServer=$PROFILE_SERVER" \
  "-DapiKey=$ROOT_API_KEY" -Daccount=default -Duser=default "-DoutputDir=$out" \
  "-DmodelStatsUrl=http://127.0.0.1:$mock_port/mock/stats" "$@" >"$mvn_log" 2>&1 &
mvn_pid=$!
tail -n +1 -f --pid="$mvn_pid" "$mvn_log" &
tail_pid=$!
set +e
wait "$mvn_pid"
mvn_rc=$?
wait "$tail_pid" 2>/dev/null
set -e
mvn_pid=""

# 6. model statistics: -DmodelStatsUrl made the suite reset the mock's counters when the run began
# and save them as model_stats.json (summarised in summary.md) when its load ended
mkdir -p "$out"
# the server's config beside the results, without its root key
sed 's/"root_api_key": *"[^"]*"/"root_api_key": "<redacted>"/' "$work/ov.conf" >"$out/ov.conf" 2>/dev/null || true

# 8. the verdict --------------------------------------------------------------------------------
if [ ! -f "$out/request_events.jsonl" ]; then
  log "no request events in $out: the run did not happen (mvn exit $mvn_rc)"
  return $((mvn_rc == 0 ? 1 : mvn_rc))
fi
set +e
"$PYTHON" - "$out" "$MOCK_ERROR_RATE" <<'PY'
import json, sys
out, rate = sys.argv[1], float(sys.argv[2])
inject = rate > 0

def injected(e):
    # How OpenViking 0.5.2 passes on a model call the mock failed on purpose: find/search (which
    # embed the query) answer 503 UNAVAILABLE "Upstream model service unavailable (HTTP 500): ...";
    # once the embedding circuit breaker opens, 500 INTERNAL "Internal server error" for 60 s.
    # Through the real ov CLI these are exit 1 with the same code and message.
    text = f'{e.get("exception_type")} {e.get("error_message")}'.upper()
    return (e.get("status_code") in (500, 503)
            or "UPSTREAM MODEL SERVICE UNAVAILABLE" in text
            or "INTERNAL" in text
            or "INJECTED" in text)

requests = failed = expected = 0
unexpected = {}
for line in open(f"{out}/request_events.jsonl", encoding="utf-8"):
    e = json.loads(line)
    requests += 1
    if e["success"]:
        continue
    failed += 1
    what = f'{e.get("status_code")} {e.get("exception_type")} {e.get("error_message")}'
    if inject and injected(e):
        expected += 1
    else:
        key = (e["adapter"], e["operation"], e.get("exception_type"))
        unexpected.setdefault(key, [0, what[:200]])[0] += 1
tasks = tfailed = 0
unexpected_tasks = {}
try:
    for line in open(f"{out}/task_events.jsonl", encoding="utf-8"):
        t = json.loads(line)
        tasks += 1
        if t.get("status") != "completed":
            tfailed += 1
            if not inject:
                key = (t["adapter"], t.get("task_type"), t.get("status"))
                unexpected_tasks.setdefault(key, [0, str(t.get("error_message"))[:200]])[0] += 1
except FileNotFoundError:
    pass
print(f"real-server: {requests} requests, {failed} failed ({expected} injected by the mock); "
      f"{tasks} background tasks, {tfailed} not completed", file=sys.stderr)
for key, (n, what) in sorted(unexpected.items()):
    print(f"real-server: UNEXPECTED request failure x{n} {key}: {what}", file=sys.stderr)
for key, (n, what) in sorted(unexpected_tasks.items()):
    print(f"real-server: UNEXPECTED task failure x{n} {key}: {what}", file=sys.stderr)
sys.exit(1 if unexpected or unexpected_tasks else 0)
PY
verdict=$?
set -e
log "run folder: $out (mvn exit $mvn_rc)"
if [ "$verdict" -ne 0 ]; then
  return 1
fi
if [ "$mvn_rc" -ne 0 ]; then
  if grep -q "gates failed on our events" "$mvn_log"; then
    # latency gates are the stand-in-calibrated profile's; on a real server they are measurements
    log "note: some profile gates failed (see $out/gates.xml); no unexpected failures, so the run counts as green"
  else
    log "mvn gatling:test failed (exit $mvn_rc) for another reason than a gate: see $mvn_log"
    return "$mvn_rc"
  fi
fi
log "GREEN: see $out/summary.md"
}

# RUNS back to back against the same server, each started as soon as the previous one ended, while
# the server may still be working on it (FIRST_RUN_ARGS, e.g. -DdrainTimeout=1, makes the first end
# with its work still queued): the second run's clear-up then meets the paths the server keeps busy
rc=0
for n in $(seq 1 "$RUNS"); do
  run_out=$out
  first_args=()
  if [ "$RUNS" -gt 1 ]; then
    run_out="$out-run$n"
    log "run $n of $RUNS"
  fi
  if [ "$n" -eq 1 ] && [ -n "$FIRST_RUN_ARGS" ]; then
    read -r -a first_args <<<"$FIRST_RUN_ARGS"
  fi
  run_rc=0
  run_once "$run_out" "$work/mvn-$n.log" "$@" "${first_args[@]}" || run_rc=$?
  [ "$rc" -eq 0 ] && rc=$run_rc
done
exit "$rc"
