# Sourced by the client checks. start_until_url LOG PATTERN COMMAND...: starts COMMAND in the
# background with its output in LOG and waits up to 60 s until LOG holds a URL matching PATTERN
# (grep -o) on a whole line: a line still being written could hold half a port. Sets started_pid
# and started_url; on failure prints LOG, stops COMMAND and exits 1.
start_until_url() {
  local log=$1 pattern=$2
  shift 2
  "$@" >"$log" 2>&1 &
  started_pid=$!
  started_url=""
  for _ in $(seq 1 300); do
    started_url=$(whole_lines "$log" | grep -o "$pattern" | head -n 1 || true)
    [ -n "$started_url" ] && return 0
    kill -0 "$started_pid" 2>/dev/null || break
    sleep 0.2
  done
  echo "$1 did not start (no $pattern in its output):" >&2
  cat "$log" >&2
  kill "$started_pid" 2>/dev/null || true
  exit 1
}

# LOG without its last line when that line has no newline yet
whole_lines() {
  if [ -s "$1" ] && [ "$(tail -c 1 "$1" | od -An -tx1 | tr -d ' ')" != 0a ]; then
    sed '$d' "$1"
  else
    cat "$1"
  fi
}
