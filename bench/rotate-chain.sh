#!/usr/bin/env bash
# Issue 12 §3, the Keycloak comparison's rotation workload alone: `vigil bench --scenarios rotate`
# (16 connections, each rotating one session's token back to back, never verifying it) against
# each given jar (default: the built one), serving a copy of the 10^6-session store of
# bench/rotate-cpu.sh (made there once), with the flags bench/keycloak-compare.sh gives Vigil.
# After WARM seconds of the same load, a measured run of SECS seconds without the /health/live
# baseline, so that the processor times read from /proc (server) and by time(1) (the harness, its
# JVM start included) cover the rotations only. Prints the rate, p50/p99, the server's cores and
# microseconds a rotation, the harness's microseconds a rotation, and the machine's idle cores.
# Usage: bench/rotate-chain.sh [jar ...]   (several: in turn, one sitting)
# Env: WARM (25), SECS (30), POPULATE (1000000)
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
java=$JAVA_HOME/bin/java
populate=${POPULATE:-1000000}
warm=${WARM:-25}
secs=${SECS:-30}
dir=$HOME/.cache/vigil-bench/rotate-$populate
[ -f "$dir/tokens" ] || { echo "no store in $dir: run bench/rotate-cpu.sh once" >&2; exit 2; }
jars=("$@")
[ ${#jars[@]} -eq 0 ] && jars=("$(ls server/target/vigil-*.jar | grep -v -- '-server-' | head -n 1)")
export VIGIL_BENCH_API_KEY=rotate-chain-admin-key-0123456789abcdefghijklmno
port=18589
run=$(mktemp -d)
pid=""
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; wait 2>/dev/null; rm -rf "$run"' EXIT
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
idle() { awk '/^cpu / {print $5 + $6}' /proc/stat; }
for jar in "${jars[@]}"; do
  rm -rf "$run/data" && cp -r "$dir/base" "$run/data"
  "$java" --enable-native-access=ALL-UNNAMED -jar "$jar" serve --data "$run/data" --port $port \
    --bootstrap-api-key "$VIGIL_BENCH_API_KEY" --login-address-limit 0 \
    --max-sessions-per-subject 20100 > "$run/server.log" 2>&1 &
  pid=$!
  until curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null; do sleep 0.2; done
  "$java" -jar "$jar" bench "http://127.0.0.1:$port" --no-baseline --scenarios rotate -w PT0S \
    -d "PT${warm}S" > /dev/null 2>&1
  before=$(ticks $pid) idle_before=$(idle)
  /usr/bin/time -f "%U %S" -o "$run/harness" "$java" -jar "$jar" bench "http://127.0.0.1:$port" \
    --no-baseline --scenarios rotate -w PT0S -d "PT${secs}S" --format json > "$run/rates.json" 2>/dev/null
  after=$(ticks $pid) idle_after=$(idle)
  python3 - "$jar" "$run" $((after - before)) $((idle_after - idle_before)) "$(getconf CLK_TCK)" "$secs" <<'PY'
import json, sys
jar, run, ticks, idle, hz, secs = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), float(sys.argv[6])
r = [x for x in json.load(open(run + "/rates.json"))["results"] if x["scenario"] == "rotate"][0]
harness = sum(float(x) for x in open(run + "/harness").read().split())
n, server = r["requests"], ticks / hz
print(f"== {jar}\n  {r['per_second']:,.0f} rotations/s, p50 {r['p50_ms']} ms, p99 {r['p99_ms']} ms, "
      f"{r['errors']} errors\n  server {server / secs:.2f} cores, {1e6 * server / n:.1f} us a rotation; "
      f"harness {1e6 * harness / n:.1f} us a rotation (its start included); "
      f"idle {idle / hz / secs:.2f} cores")
PY
  kill $pid; wait $pid 2>/dev/null || true; pid=""
done
