#!/usr/bin/env bash
# Verify throughput with the events of verifications and every anomaly rule on, against the same
# node with them off, in one run: on, off, on, off, each measured under the same wrk mix
# (bench/wrk/verify-mix.lua: 85% valid, 10% revoked, 5% tampered tokens, one client address per
# request). Usage: bench/events-bench.sh [seconds per run]   (needs wrk, curl, the built bench jar)
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-20}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
jar=bench/target/benchmarks.jar
export KEY=bench-admin-key-0123456789abcdefghijklmnopq
port=18282
url="http://127.0.0.1:$port"
work=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT

start() { # on|off
  rm -rf "$work/data"
  "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Xmx1g -cp "$jar" dev.vigil.bench.EventsServer \
    "$1" $port "$work/data" "$KEY" > "$work/server-$1.log" 2>&1 &
  pid=$!
  until curl -sf "$url/health/ready" >/dev/null; do sleep 0.1; done
  : > "$work/valid"; : > "$work/revoked"
  for i in $(seq 1 400); do
    curl -sf -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \
      -d "{\"subject\":\"user-$i\"}" "$url/v1/sessions" | sed 's/.*"token":"\([^"]*\)".*/\1/' >> "$work/valid"
  done
  for i in $(seq 1 50); do
    t=$(curl -sf -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \
      -d "{\"subject\":\"gone-$i\"}" "$url/v1/sessions" | sed 's/.*"token":"\([^"]*\)".*/\1/')
    curl -sf -o /dev/null -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \
      -d "{\"token\":\"$t\"}" "$url/v1/sessions/revoke"
    echo "$t" >> "$work/revoked"
  done
  export VALID="$work/valid" REVOKED="$work/revoked"
  wrk -t2 -c64 -d10s -s bench/wrk/verify-mix.lua "$url/v1/sessions/verify" > /dev/null # warm-up
}
stop() { kill $pid; wait $pid 2>/dev/null || true; pid=; }

measure() { # on|off
  start "$1"
  local out; out=$(wrk -t2 -c64 -d"${secs}s" --latency -s bench/wrk/verify-mix.lua "$url/v1/sessions/verify")
  local rps; rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  local p50; p50=$(echo "$out" | awk '$1 == "50%" {print $2}')
  local p99; p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
  local events; events=$(curl -sf -H "Authorization: Bearer $KEY" "$url/v1/audit/verify" | sed 's/.*"events":\([0-9]*\).*/\1/')
  echo "$1 rps=$rps p50=$p50 p99=$p99 events_in_log=$events" | tee -a "$work/results"
  stop
}

modes=${MODES:-on off}
for round in 1 2 3; do for m in $modes; do measure "$m"; done; done
awk '{split($2, a, "="); s[$1] += a[2]; n[$1]++} END {
  on = s["on"] / n["on"]; off = s["off"] / n["off"];
  printf "mean on=%.0f off=%.0f  on/off=%.3f\n", on, off, on / off }' "$work/results"
