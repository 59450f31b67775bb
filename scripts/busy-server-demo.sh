#!/usr/bin/env bash
# REAL_SERVER_RUN=scripts/busy-server-demo.sh scripts/real-server.sh (see docs/real-server.md): another client keeps adding documents under the suite's data root for 25 s
# while the suite starts; the suite's clear meets the paths the server is still processing.
set -u
H=(-H "X-API-Key: $ROOT_API_KEY" -H "X-OpenViking-Account: default" -H "X-OpenViking-User: default")
doc=$(mktemp --suffix=.md); printf '# busy\n\nA document another client adds while the suite starts.\n' > "$doc"
add_loop() {
  end=$((SECONDS + 25)); i=0
  while [ $SECONDS -lt $end ]; do
    id=$(curl -s "${H[@]}" -F "file=@$doc" "$SERVER_URL/api/v1/resources/temp_upload" | python3 -c 'import json,sys; print(json.load(sys.stdin)["result"]["temp_file_id"])')
    curl -s -o /dev/null -w "other client: add %{http_code}\n" "${H[@]}" -H 'Content-Type: application/json' \
      -d "{\"temp_file_id\": \"$id\", \"to\": \"viking://resources/bench/load_test/other-$i\", \"wait\": false, \"source_name\": \"busy.md\"}" \
      "$SERVER_URL/api/v1/resources"
    i=$((i + 1)); sleep 0.3
  done
}
add_loop > "$(dirname "$doc")/busy-demo-adds.log" 2>&1 &
sleep 3
mvn -q gatling:test -Dprofile=smoke -Dadapters=sdk "-DserverUrl=$SERVER_URL" "-DapiKey=$ROOT_API_KEY" -Daccount=default -Duser=default \
  -DdrainTimeout=90 "-DoutputDir=reports/busy-demo-$(date -u +%Y%m%dT%H%M%SZ)" 2>&1 | grep -v '^\[' | head -40
wait
