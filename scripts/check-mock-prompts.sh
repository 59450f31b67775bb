#!/usr/bin/env bash
# Checks the mock model provider's answers with OpenViking's own parsers: starts bin/mockmodel on a
# free loopback port and runs scripts/check_mock_prompts.py with the python of a venv that has
# openviking installed (OV_VENV, default target/openviking-venv: scripts/real-server.sh makes one).
#
#   OV_VENV=/path/to/venv scripts/check-mock-prompts.sh [--write-prompts DIR]
#
# Exits 0 when every kind of reply is accepted, 1 when one is not, 2 when there is no such venv.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
OV_VENV=${OV_VENV:-$here/target/openviking-venv}
if ! "$OV_VENV/bin/python" -c 'import openviking' 2>/dev/null; then
  echo "check-mock-prompts: no openviking in $OV_VENV: set OV_VENV to a venv with openviking==0.5.2 (scripts/real-server.sh creates one)" >&2
  exit 2
fi
[ -f target/ov.classpath ] || mvn -q -DskipTests compile
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
bin/mockmodel --port "$port" >/dev/null 2>&1 &
mock=$!
trap 'kill $mock 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do
  curl -sf -o /dev/null "http://127.0.0.1:$port/v1/models" && break
  sleep 0.5
done
# litellm, imported by openviking, would fetch a price list from the internet without this
LITELLM_LOCAL_MODEL_COST_MAP=True "$OV_VENV/bin/python" scripts/check_mock_prompts.py "http://127.0.0.1:$port" "$@"
