#!/usr/bin/env bash
# Validates deploy/kubernetes/ offline: renders the manifests from values.env (both paths: the
# Indexed Job and the Gatling Operator's resources), checks them with check_manifests.py (the
# Kubernetes schemas kubernetes-validate bundles, strictly; the Gatling Operator's schema vendored in
# deploy/kubernetes/vendor/; shard counts, claims, mount paths, exit codes, restricted Pod Security),
# then runs test_check_manifests.py (each broken manifest issue 26 lists must be refused) and
# test_k8s_run.py (scripts/k8s-run.sh against a stand-in kubectl).
#   scripts/validate-kubernetes.sh [manifest.yaml ...]   (given files: only those are checked)
# Needs python3 with venv and PyPI once (a venv in target/k8s-venv); the checks run without a network.
set -euo pipefail
cd "$(dirname "$0")/.."
export PYTHONDONTWRITEBYTECODE=1
venv=target/k8s-venv
if [ ! -x "$venv/bin/kubernetes-validate" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q "kubernetes-validate==1.37.0"
fi
py="$venv/bin/python"
k8s=deploy/kubernetes
if [ $# -gt 0 ]; then
  exec "$py" "$k8s/check_manifests.py" "$@"
fi
out=target/k8s-rendered
mkdir -p "$out"
for part in pvc jobs merge results operator; do
  "$py" "$k8s/render.py" --run-id ovload-validate "$part" > "$out/$part.yaml"
done
echo "== the Indexed Job path (values.env rendered into $out)"
"$py" "$k8s/check_manifests.py" "$out/pvc.yaml" "$out/jobs.yaml" "$out/merge.yaml" "$out/results.yaml"
echo "== the Gatling Operator path"
"$py" "$k8s/check_manifests.py" "$out/pvc.yaml" "$out/operator.yaml" "$out/merge.yaml" "$out/results.yaml"
echo "== the broken manifests are refused"
(cd "$k8s" && "../../$py" -m unittest test_check_manifests)
echo "== scripts/k8s-run.sh against a stand-in kubectl (no cluster here)"
(cd "$k8s" && "../../$py" -m unittest test_k8s_run)
