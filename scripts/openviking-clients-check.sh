#!/usr/bin/env bash
# The embedded stand-in against OpenViking's own clients, as openai-clients-check.sh does for the
# mock model:
#   1. the official Python client, openviking-sdk (in a venv under target/), performs every call
#      the benchmark makes (scripts/openviking-client-check.py): zero errors;
#   2. OpenViking's own `ov` (fetched from the openviking 0.5.2 wheel by scripts/fetch-ov.sh) runs
#      every command of the cli-subprocess adapter through the adapter and its output parser
#      (`ovload check-ov`, ovload.provision.OvCliCheck): each exits 0 and parses to what the suite reads.
# Starts its own stand-in on a free loopback port. Needs the project built (target/classes,
# target/ov.classpath), python3 with venv and PyPI for the first install and fetch.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
OPENVIKING_SDK_VERSION=${OPENVIKING_SDK_VERSION:-0.1.17}
venv=target/openviking-sdk-venv

if ! "$venv/bin/python" -c "import importlib.metadata as m, sys; sys.exit(m.version('openviking-sdk') != '$OPENVIKING_SDK_VERSION')" 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check "openviking-sdk==$OPENVIKING_SDK_VERSION"
fi
ov=$(scripts/fetch-ov.sh)

. scripts/lib/start-until-url.sh
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
start_until_url "$work/standin.log" 'http://127.0.0.1:[0-9]*' bin/standin --port 0 --model-mode instant
standin=$started_pid
url=$started_url
trap 'kill $standin 2>/dev/null || true; rm -rf "$work"' EXIT

# a private HOME: neither client reads the user's ~/.openviking
mkdir -p "$work/home"
status=0
echo "== openviking-sdk $OPENVIKING_SDK_VERSION against the stand-in at $url"
HOME="$work/home" "$venv/bin/python" scripts/openviking-client-check.py --url "$url" || status=1
echo "== OpenViking's ov ($ov) through the cli-subprocess adapter against the stand-in"
bin/ovload check-ov --ov "$ov" --url "$url" || status=1
exit $status
