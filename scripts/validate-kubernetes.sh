#!/usr/bin/env bash
# Validates deploy/kubernetes/ offline: the core manifests (Jobs, PVC) against the Kubernetes
# schemas that kubernetes-validate (PyPI) bundles, strictly (an unknown field is an error); the
# Gatling Operator resources, which those schemas do not know, by check-gatling-resources.py.
# Needs python3 with venv and PyPI once (a venv in target/k8s-venv); the checks themselves run
# without a network.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=target/k8s-venv
if [ ! -x "$venv/bin/kubernetes-validate" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q "kubernetes-validate==1.37.0"
fi
core=()
for f in deploy/kubernetes/*.yaml; do
  [ "$f" = deploy/kubernetes/gatling-operator.yaml ] || core+=("$f")
done
"$venv/bin/kubernetes-validate" --strict --quiet "${core[@]}"
echo "kubernetes-validate: ${#core[@]} manifests valid against the Kubernetes $("$venv/bin/kubernetes-validate" --version | cut -d. -f1,2) schemas"
"$venv/bin/python" deploy/kubernetes/check-gatling-resources.py deploy/kubernetes/gatling-operator.yaml
