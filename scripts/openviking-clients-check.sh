#!/usr/bin/env bash
# The embedded stand-in against OpenViking's own clients, as openai-clients-check.sh does for the
# mock model:
#   1. the official Python client, openviking-sdk (in a venv under target/), performs every call
#      the benchmark makes (scripts/openviking-client-check.py): zero errors;
#   2. OpenViking's own `ov` (fetched from the openviking 0.5.2 wheel by scripts/fetch-ov.sh) runs
#      every command of the cli-subprocess adapter through the adapter and its output parser
#      (`ovload check-ov`, ovload.provision.OvCliCheck): each exits 0 and parses to what the suite reads;
#   3. every `ov` command and every public method of openviking-sdk's SyncHTTPClient and of the
#      openviking package's AsyncHTTPClient (scripts/client_calls.py) run against a fresh stand-in
#      and are compared with what they did against a real 0.5.2
#      (src/test/resources/conformance/clients-0.5.2/outcomes.json, scripts/record-client-conformance.sh):
#      exit code or exception, JSON keys, stable values. It prints how many agree; a difference
#      not listed with its reason in known-differences.json fails the check.
# Starts its own stand-ins on free loopback ports. Needs the project built (target/classes,
# target/ov.classpath), python3 with venv and PyPI for the first install and fetch (the openviking
# package is installed without its server's dependencies: its client needs only those listed here).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
OPENVIKING_SDK_VERSION=${OPENVIKING_SDK_VERSION:-0.1.17}
OPENVIKING_VERSION=${OPENVIKING_VERSION:-0.5.2}
venv=target/openviking-sdk-venv

if ! "$venv/bin/python" -c "import importlib.metadata as m, sys; sys.exit(m.version('openviking-sdk') != '$OPENVIKING_SDK_VERSION' or m.version('openviking') != '$OPENVIKING_VERSION')" 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check "openviking-sdk==$OPENVIKING_SDK_VERSION" \
    json-repair==0.64.9 pydantic==2.14.4 loguru==0.8.0
  # AsyncHTTPClient of the openviking package: the package alone, not its server's dependencies
  "$venv/bin/pip" install -q --disable-pip-version-check --no-deps "openviking==$OPENVIKING_VERSION"
fi
ov=$(scripts/fetch-ov.sh)

. scripts/lib/start-until-url.sh
work=$(mktemp -d)
standins=()
trap 'for p in "${standins[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"' EXIT
start_standin() {
  start_until_url "$work/standin-$1.log" 'http://127.0.0.1:[0-9]*' bin/standin --port 0 --model-mode "$2"
  standins+=("$started_pid")
}
start_standin benchmark instant
url=$started_url

# a private HOME: neither client reads the user's ~/.openviking
mkdir -p "$work/home"
status=0
echo "== openviking-sdk $OPENVIKING_SDK_VERSION against the stand-in at $url"
HOME="$work/home" "$venv/bin/python" scripts/openviking-client-check.py --url "$url" || status=1
echo "== OpenViking's ov ($ov) through the cli-subprocess adapter against the stand-in"
bin/ovload check-ov --ov "$ov" --url "$url" || status=1
# the conversation of the recording, on a stand-in of its own (it starts from an empty store, as the real server did),
# with model latency: a resource added without wait is still processing when the Python clients list, find and rm
# it at once, as on the real server (the instant stand-in may have finished it)
start_standin clients realistic
corpus=src/test/resources/conformance/clients-$OPENVIKING_VERSION
echo "== every ov command and every method of both Python clients against the stand-in at $started_url"
HOME="$work/home" "$venv/bin/python" scripts/client-conformance.py --url "$started_url" --clients ov,sdk,async \
  --ov "$ov" --expect "$corpus/outcomes.json" --known "$corpus/known-differences.json" --quiet || status=1
exit $status
