#!/usr/bin/env bash
# A sharded run on Kubernetes, end to end, from deploy/kubernetes/values.env (the one place: image,
# shard count, server URL, storage class, sizes): renders the manifests with a fresh run id (new Job
# names every run) and start time, applies the volume and the shards, waits until the shards' Job has
# ended (Complete, or Failed once every index ended: a failed shard fails its own index only), runs
# the merge Job over the shards that finished, copies reports/<runId> here through a results pod, and
# exits with the merge's code.
#
#   scripts/k8s-run.sh [--values FILE] [--operator] [--render-only]
#
# --operator: one Gatling resource per shard for the Gatling Operator (with its ServiceAccount, Role
# and RoleBinding) instead of the Indexed Job; --render-only: print the manifests and stop.
# Needs kubectl on a cluster of Kubernetes 1.33 or later and the API key's Secret (values.env says how),
# python3 with PyYAML (target/k8s-venv from scripts/validate-kubernetes.sh has it).
# Exit codes: the merge's (0 merged, gates passed; 3 a gate failed on the merged events; 4 merged
# without a shard that did not finish, named in its log), 2 a bad value or argument, 1 a step failed
# or timed out (SHARDS_TIMEOUT, MERGE_TIMEOUT seconds: 7200, 1800).
set -euo pipefail
cd "$(dirname "$0")/.."
values=deploy/kubernetes/values.env
operator=false
render_only=false
while [ $# -gt 0 ]; do
  case "$1" in
    --values) values=$2; shift 2 ;;
    --operator) operator=true; shift ;;
    --render-only) render_only=true; shift ;;
    *) echo "k8s-run: unknown argument '$1' (usage: scripts/k8s-run.sh [--values FILE] [--operator] [--render-only])" >&2
       exit 2 ;;
  esac
done
py=python3
[ -x target/k8s-venv/bin/python ] && py=target/k8s-venv/bin/python
now=$(date -u +%Y-%m-%dT%H:%M:%SZ)
run_id=ovload-$(date -u -d "$now" +%Y%m%d-%H%M%S)
render() { "$py" deploy/kubernetes/render.py --values "$values" --run-id "$run_id" --now "$now" "$1"; }
shards_part=jobs
$operator && shards_part=operator
# every part rendered first: a bad value stops the run before anything is applied
for part in pvc "$shards_part" merge results; do
  render "$part" >/dev/null
done
if $render_only; then
  for part in pvc "$shards_part" merge results; do
    render "$part"
    echo ---
  done
  exit 0
fi
log() { printf 'k8s-run: %s\n' "$*" >&2; }

# Waits until the Job has a true terminal condition; a Failed Job ends the wait as a Complete one does.
wait_job() {
  local job=$1 timeout=$2 deadline=$((SECONDS + $2)) conditions
  while :; do
    conditions=" $(kubectl get job "$job" -o jsonpath='{range .status.conditions[?(@.status=="True")]}{.type}{" "}{end}') "
    case "$conditions" in
      *" Complete "*|*" Failed "*) echo "$conditions"; return 0 ;;
    esac
    if [ "$SECONDS" -ge "$deadline" ]; then
      log "job/$job has not ended after ${timeout}s (conditions:$conditions)"
      return 1
    fi
    sleep 10
  done
}

log "run $run_id: $(grep -E '^(IMAGE|SHARDS|SERVER_URL)=' "$values" | tr '\n' ' ')"
render pvc | kubectl apply -f -
render "$shards_part" | kubectl apply -f -
if $operator; then
  # the operator names each runner Job <resource>-runner; wait for them all
  shards=$(grep -E '^SHARDS=' "$values" | cut -d= -f2)
  for ((i = 0; i < shards; i++)); do
    job=ovload-$run_id-shard-$i-runner
    until kubectl get job "$job" >/dev/null 2>&1; do sleep 5; done
    wait_job "$job" "${SHARDS_TIMEOUT:-7200}" >/dev/null
  done
else
  ended=$(wait_job "ovload-shards-$run_id" "${SHARDS_TIMEOUT:-7200}")
  log "shards' Job ended:$ended"
  kubectl get pods -l "job-name=ovload-shards-$run_id" -o \
    jsonpath='{range .items[*]}shard {.metadata.annotations.batch\.kubernetes\.io/job-completion-index}: exit {.status.containerStatuses[0].state.terminated.exitCode}{"\n"}{end}' >&2
fi
render merge | kubectl apply -f -
wait_job "ovload-merge-$run_id" "${MERGE_TIMEOUT:-1800}" >/dev/null
kubectl logs "job/ovload-merge-$run_id" >&2 || true
merge_rc=$(kubectl get pods -l "job-name=ovload-merge-$run_id" \
  -o jsonpath='{.items[0].status.containerStatuses[0].state.terminated.exitCode}')
render results | kubectl apply -f -
kubectl wait --for=condition=Ready --timeout=300s "pod/ovload-results-$run_id"
mkdir -p reports
kubectl cp "ovload-results-$run_id:/ovload/reports/$run_id" "reports/$run_id"
kubectl delete pod "ovload-results-$run_id" --wait=false
log "merged run folder: reports/$run_id (merge exit ${merge_rc:-unknown})"
case "$merge_rc" in
  0|3|4) exit "$merge_rc" ;;
  *) exit 1 ;;
esac
