#!/usr/bin/env bash
# The mock model provider against the real OpenAI clients: the Python `openai` package (in a venv
# under target/) and the JS `openai` package (npm, under scripts/openai-js-check). Needs the project
# built (target/classes, target/ov.classpath) and the package registries for the first install.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
OPENAI_PY_VERSION=${OPENAI_PY_VERSION:-3.57.0}
venv=target/openai-venv

if ! "$venv/bin/python" -c "import openai, sys; sys.exit(openai.__version__ != '$OPENAI_PY_VERSION')" 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q "openai==$OPENAI_PY_VERSION"
fi
npm ci --prefix scripts/openai-js-check --no-audit --no-fund --loglevel=error

. scripts/lib/start-until-url.sh
log=$(mktemp)
trap 'rm -f "$log"' EXIT
start_until_url "$log" 'http://127.0.0.1:[0-9]*/v1' bin/mockmodel --port 0 --latency-ms 5 --token-latency-ms 1
mock=$started_pid
url=$started_url
trap 'kill $mock 2>/dev/null || true; rm -f "$log"' EXIT
"$venv/bin/python" scripts/openai-client-check.py --base-url "$url"
node scripts/openai-js-check/check.mjs --base-url "$url"
