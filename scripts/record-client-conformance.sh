#!/usr/bin/env bash
# Records how OpenViking's own clients fare against a REAL, fresh OpenViking server (see
# docs/conformance.md): every `ov` command and every public method of openviking-sdk's
# SyncHTTPClient and of the openviking package's AsyncHTTPClient (scripts/client_calls.py).
#
#   OV_VENV=/path/to/venv-with-openviking scripts/record-client-conformance.sh [version]   # default 0.5.2
#
# scripts/real-server.sh starts the mock model provider and openviking-server (OV_VENV must hold
# openviking and openviking-sdk, as openviking 0.5.2 installs them), then
# scripts/client-conformance.py runs the clients through a recording proxy and writes
#   src/test/resources/conformance/clients-<version>/outcomes.json      what each call answered
#   src/test/resources/conformance/openviking-<version>-clients/NNNN-*.json   every HTTP exchange
# scripts/openviking-clients-check.sh compares the stand-in with the first, ConformanceReplayTest
# replays the second. The hand-written known-differences.json and not-compared.json are kept.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
version=${1:-0.5.2}
OV_VENV=${OV_VENV:-$here/target/openviking-venv}
outcomes="$here/src/test/resources/conformance/clients-$version"
corpus="$here/src/test/resources/conformance/openviking-$version-clients"
mkdir -p "$outcomes" "$corpus"
export OPENVIKING_VERSION="$version" OV_VENV
export REAL_SERVER_RUN="'$OV_VENV/bin/python' '$here/scripts/client-conformance.py' --url \"\$SERVER_URL\" --api-key \"\$ROOT_API_KEY\" --clients ov,sdk,async --ov '$OV_VENV/bin/ov' --record '$outcomes/outcomes.json' --http-corpus '$corpus' --quiet"
exec "$here/scripts/real-server.sh"
