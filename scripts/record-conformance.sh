#!/usr/bin/env bash
# Records the conformance corpus from a REAL OpenViking server (see docs/conformance.md).
#
#   scripts/record-conformance.sh [version]        # default 0.5.2
#
# scripts/real-server.sh starts the mock model provider and openviking-server==<version> on
# loopback (trusted mode; OV_VENV picks the venv, installed there if it has another version),
# scripts/record-conformance.py holds the scripted conversation and writes every exchange into
# src/test/resources/conformance/openviking-<version>/, then both servers are stopped.
# ConformanceReplayTest replays that folder against the stand-in.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
version=${1:-0.5.2}
out="$here/src/test/resources/conformance/openviking-$version"
mkdir -p "$out"
export OPENVIKING_VERSION="$version"
export REAL_SERVER_RUN="python3 '$here/scripts/record-conformance.py' \"\$SERVER_URL\" \"\$ROOT_API_KEY\" '$out'"
exec "$here/scripts/real-server.sh"
