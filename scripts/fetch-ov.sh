#!/usr/bin/env bash
# Fetches OpenViking's own `ov` CLI (the native binary inside the openviking 0.5.2 wheel) into
# target/openviking-0.5.2/ and prints its path: `pip download --no-deps openviking==0.5.2` (a 30 MB
# wheel, no install, no dependencies), then the binary and its libraries are unzipped and must
# answer `ov --version`. Quick when it is already there. The cli-subprocess adapter runs this ov
# when no -DovBin, OV_BIN or `ov` on the PATH is given, and fetches it by itself when PyPI answers;
# this script does the same ahead of a run (or offline later). Needs Java 17, Maven and python3 with pip.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
if [ ! -f target/classes/ovload/tools/FetchOvCommand.class ] || [ ! -f target/ov.classpath ]; then
  mvn -q -DskipTests compile >&2
fi
exec java -cp "target/classes:$(cat target/ov.classpath)" ovload.tools.Ovload fetch-ov "$here"
