#!/usr/bin/env bash
# The embedded stand-in against OpenViking's own clients, as openai-clients-check.sh does for the
# mock model:
#   1. the official Python client, openviking-sdk (in a venv under target/), performs every call
#      the benchmark makes (scripts/openviking-client-check.py): zero errors;
#   2. OpenViking's own `ov` (fetched from the openviking 0.5.2 wheel by scripts/fetch-ov.sh) runs
#      every command of the cli-subprocess adapter through the adapter and its output parser
#      (ovload.actions.OvCliCheck): each exits 0 and parses to what the suite reads.
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

work=$(mktemp -d)
bin/standin --port 0 --model-mode instant >"$work/standin.log" 2>&1 &
standin=$!
trap 'kill $standin 2>/dev/null || true; rm -rf "$work"' EXIT
url=""
for _ in $(seq 1 300); do
  url=$(grep -o 'http://127.0.0.1:[0-9]*' "$work/standin.log" || true)
  [ -n "$url" ] && break
  kill -0 "$standin" 2>/dev/null || { cat "$work/standin.log" >&2; exit 1; }
  sleep 0.2
done
[ -n "$url" ] || { echo "openviking-clients-check: the stand-in did not start" >&2; cat "$work/standin.log" >&2; exit 1; }

# a private HOME: neither client reads the user's ~/.openviking
mkdir -p "$work/home"
status=0
echo "== openviking-sdk $OPENVIKING_SDK_VERSION against the stand-in at $url"
HOME="$work/home" "$venv/bin/python" scripts/openviking-client-check.py --url "$url" || status=1
echo "== OpenViking's ov ($ov) through the cli-subprocess adapter against the stand-in"
java -cp "target/classes:$(cat target/ov.classpath)" ovload.actions.OvCliCheck --ov "$ov" --url "$url" || status=1
exit $status
