#!/usr/bin/env bash
# A sharded run on this machine: N load-generator JVMs (shards 0..N-1, -Dshard=i/N) against one
# server, started together (-DstartAt), then merged into one run folder: the code path of the
# Kubernetes manifests (deploy/kubernetes/), with processes instead of pods.
#
#   scripts/sharded-run.sh N [extra -D options for every shard ...]
#
# With no -DserverUrl (nor OPENVIKING_SERVER_URL) it starts one stand-in (bin/standin, model mode
# STANDIN_MODEL_MODE, default realistic) on a free loopback port for all shards and stops it at the end.
# Each shard writes reports/<runId>-shard-<i> (its console in target/sharded-runs/<runId>/shard-<i>.log),
# the merge reports/<runId>. Give the API key as OPENVIKING_API_KEY, never as -DapiKey: the shards'
# command lines are visible to ps. Once every shard has ended, the merge runs over the shards that
# finished (ovload merge --partial) and names those that did not. Exits with the merge's status: 0;
# 3 when a gate failed on the merged events; 4 when a shard did not finish (its exit and log are
# named above the merge's lines); 2 when no shard finished.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
# shellcheck source=lib/start-until-url.sh
. scripts/lib/start-until-url.sh

usage="usage: scripts/sharded-run.sh N [-Dname=value ...] (N: the number of shards, 1 or more)"
if [ $# -lt 1 ] || ! [[ $1 =~ ^[0-9]+$ ]] || [ "$1" -lt 1 ]; then
  echo "sharded-run: give the number of shards first: $usage" >&2
  exit 2
fi
shards=$1
shift
server_url=${OPENVIKING_SERVER_URL:-}
run_id=sharded-$(date -u +%Y%m%dT%H%M%SZ)
start_at=""
extra=()
for option in "$@"; do
  case "$option" in
    -DapiKey=*) echo "sharded-run: -DapiKey would show on every shard's command line: export OPENVIKING_API_KEY instead" >&2
                exit 2 ;;
    -Dshard=*|-Dshards=*|-DoutputDir=*) echo "sharded-run: $option is the script's to set: drop it" >&2; exit 2 ;;
    -DserverUrl=*) server_url=${option#-DserverUrl=} ;;
    -DrunId=*) run_id=${option#-DrunId=} ;;
    -DstartAt=*) start_at=${option#-DstartAt=} ;;
    -D*=*) extra+=("$option") ;;
    *) echo "sharded-run: unknown argument '$option': $usage" >&2; exit 2 ;;
  esac
done
if [ -e "reports/$run_id" ] || compgen -G "reports/$run_id-shard-*" >/dev/null; then
  echo "sharded-run: reports/$run_id or its shard folders exist already: give a new -DrunId" >&2
  exit 2
fi

log() { printf 'sharded-run: %s\n' "$*" >&2; }
if [ ! -f target/ov.classpath ] || [ ! -d target/classes/ovload/gatling ]; then
  log "building (mvn -q -DskipTests compile)"
  mvn -B -ntp -q -DskipTests compile
fi
classpath="target/classes:$(cat target/ov.classpath)"
work="target/sharded-runs/$run_id"
mkdir -p "$work"

standin_pid=""
shard_pids=()
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  for pid in "${shard_pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  [ -n "$standin_pid" ] && kill "$standin_pid" 2>/dev/null || true
  exit "$rc"
}
trap cleanup EXIT INT TERM

if [ -z "$server_url" ]; then
  start_until_url "$work/standin.log" 'http://127.0.0.1:[0-9]*' \
    bin/standin --port 0 --model-mode "${STANDIN_MODEL_MODE:-realistic}"
  standin_pid=$started_pid
  server_url=$started_url
  log "stand-in $server_url (pid $standin_pid) for all shards"
fi
# time for N JVMs to start and prepare on a busy machine; a shard ready late begins at once
[ -n "$start_at" ] || start_at=$(date -u -d "+$((15 + 5 * shards)) seconds" +%Y-%m-%dT%H:%M:%SZ)
log "$shards shards of run $run_id against $server_url, starting together at $start_at"

for ((i = 0; i < shards; i++)); do
  results="$work/gatling-shard-$i"
  java -Xmx768m --add-opens=java.base/java.lang=ALL-UNNAMED -cp "$classpath" \
    -Dgatling.data.enableAnalytics=false \
    -Djava.util.prefs.userRoot="$here/target/classes/gatling-prefs" \
    -Dlogback.configurationFile="$here/target/classes/logback.xml" \
    -Dovload.projectDir="$here" -Dovload.gatlingResults="$results" \
    "${extra[@]}" -DserverUrl="$server_url" -DrunId="$run_id" -DstartAt="$start_at" -Dshard="$i/$shards" \
    io.gatling.app.Gatling -s ovload.gatling.ContentionSimulation -rf "$results" \
    >"$work/shard-$i.log" 2>&1 &
  shard_pids+=($!)
done

for ((i = 0; i < shards; i++)); do
  rc=0
  wait "${shard_pids[$i]}" || rc=$?
  log "shard $i/$shards ended with $rc: $(grep -h '^ovload result:' "$work/shard-$i.log" | tail -n 1)"
  if [ "$rc" -ne 0 ] && [ "$rc" -ne 2 ]; then
    log "shard $i failed (exit $rc): see $work/shard-$i.log"
  fi
done
shard_pids=()
merge_rc=0
java -Dovload.projectDir="$here" -cp "$classpath" ovload.tools.Ovload merge --partial "reports/$run_id" || merge_rc=$?
exit "$merge_rc"
