#!/usr/bin/env bash
# Verify throughput with the events of verifications and every anomaly rule on, against the same
# node with them off, in one run. Both nodes run side by side (each on its own data directory and
# port) and wrk alternates between them in short rounds, so drift in the machine's speed hits both
# alike; the figure is the median of the per-round ratios. The workload is bench/wrk/verify-mix.lua:
# 85% valid, 10% revoked, 5% tampered tokens, one client address per request.
# PERIOD, VALID_UPTO and REVOKED_UPTO change the mix (see the script); PERIOD=100 VALID_UPTO=98
# REVOKED_UPTO=99 is 98% valid, 1% revoked, 1% tampered.
# Usage: bench/events-bench.sh [rounds] [seconds per run]   (needs wrk, curl, the built bench jar)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-10}
secs=${2:-6}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
jar=bench/target/benchmarks.jar
export KEY=bench-admin-key-0123456789abcdefghijklmnopq
work=$(mktemp -d)
pids=()
trap 'for p in "${pids[@]}"; do kill $p 2>/dev/null; done; wait 2>/dev/null; rm -rf "$work"' EXIT

A=${A:-on} B=${B:-off} # the two nodes compared: on, off, or events (events kept, rules off)
declare -A port=([$A]=18282 [$B]=18283)
for mode in $A $B; do
  url="http://127.0.0.1:${port[$mode]}"
  "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Xmx2g -cp "$jar" dev.vigil.bench.EventsServer \
    "$mode" "${port[$mode]}" "$work/data-$mode" "$KEY" > "$work/server-$mode.log" 2>&1 &
  pids+=($!)
  until curl -sf "$url/health/ready" >/dev/null; do sleep 0.1; done
  for i in $(seq 1 400); do
    curl -sf -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \
      -d "{\"subject\":\"user-$i\"}" "$url/v1/sessions" | sed 's/.*"token":"\([^"]*\)".*/\1/' >> "$work/valid-$mode"
  done
  for i in $(seq 1 50); do
    t=$(curl -sf -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \
      -d "{\"subject\":\"gone-$i\"}" "$url/v1/sessions" | sed 's/.*"token":"\([^"]*\)".*/\1/')
    curl -sf -o /dev/null -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \
      -d "{\"token\":\"$t\"}" "$url/v1/sessions/revoke"
    echo "$t" >> "$work/revoked-$mode"
  done
done

run() { # mode seconds -> requests/sec
  VALID="$work/valid-$1" REVOKED="$work/revoked-$1" \
    wrk -t2 -c64 -d"$2s" --latency -s bench/wrk/verify-mix.lua "http://127.0.0.1:${port[$1]}/v1/sessions/verify" \
    > "$work/wrk-$1.txt"
  awk '/Requests\/sec/ {print $2}' "$work/wrk-$1.txt"
}
run $A 20 > /dev/null; run $B 20 > /dev/null # warm-up: JIT, and the analyzer both nodes build after start
for r in $(seq 1 "$rounds"); do
  if (( r % 2 )); then on=$(run $A "$secs"); off=$(run $B "$secs"); else off=$(run $B "$secs"); on=$(run $A "$secs"); fi
  p99on=$(awk '$1 == "99%" {print $2}' "$work/wrk-$A.txt"); p99off=$(awk '$1 == "99%" {print $2}' "$work/wrk-$B.txt")
  echo "round $r: $A $on rps (p99 $p99on), $B $off rps (p99 $p99off), ratio $(awk -v a="$on" -v b="$off" 'BEGIN {printf "%.3f", a / b}')" | tee -a "$work/rounds"
done
for mode in $A $B; do
  echo "$mode: $(curl -sf -H "Authorization: Bearer $KEY" "http://127.0.0.1:${port[$mode]}/v1/audit/verify")"
  echo "$mode anomalies: $(curl -sf -H "Authorization: Bearer $KEY" "http://127.0.0.1:${port[$mode]}/metrics" | grep -c '^vigil_anomalies_total' || true) series"
done
awk '{gsub(/,/, ""); print $NF}' "$work/rounds" | sort -n | awk '{a[NR] = $1} END {
  m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2; printf "median '"$A"'/'"$B"' ratio over %d rounds: %.3f\n", NR, m }'
