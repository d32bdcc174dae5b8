#!/usr/bin/env bash
# Sessions in use and rotated: each given jar (default: the built one) serves a copy of the
# 10^6-session store of bench/rotate-cpu.sh (made there once), 128 sessions are created, and wrk
# (-t2 -c16, bench/wrk/use-rotate.lua) verifies each twice, then rotates it, over and over, for
# WARM + SECS seconds; the server's processor time is read from /proc over the last SECS. Prints
# the rate and microseconds of server processor time per request and per cycle (two verifies and
# a rotation). Several jars run in turn, one sitting.
# Usage: bench/use-rotate.sh [jar ...]   Env: WARM (20), SECS (30), POPULATE (1000000)
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
populate=${POPULATE:-1000000}
warm=${WARM:-20}
secs=${SECS:-30}
dir=$HOME/.cache/vigil-bench/rotate-$populate
[ -f "$dir/tokens" ] || { echo "no store in $dir: run bench/rotate-cpu.sh once" >&2; exit 2; }
jars=("$@")
[ ${#jars[@]} -eq 0 ] && jars=("$(ls server/target/vigil-*.jar | grep -v -- '-server-' | head -n 1)")
export KEY=use-rotate-admin-key-0123456789abcdefghijklmno
port=18588
run=$(mktemp -d)
pid=""
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; wait 2>/dev/null; rm -rf "$run"' EXIT
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
for jar in "${jars[@]}"; do
  rm -rf "$run/data" && cp -r "$dir/base" "$run/data"
  "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Xmx353m -jar "$jar" serve \
    --data "$run/data" --port $port --bootstrap-api-key "$KEY" > "$run/server.log" 2>&1 &
  pid=$!
  until curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null; do sleep 0.2; done
  for i in $(seq 1 128); do
    curl -sf -X POST -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \
      -d "{\"subject\":\"use-rotate-$i\"}" "http://127.0.0.1:$port/v1/sessions"
    echo
  done | python3 -c 'import json, sys
for line in sys.stdin:
    d = json.loads(line); print(d["session"]["id"], d["token"])' > "$run/tokens"
  TOKENS="$run/tokens" wrk -t2 -c16 -d$((warm + secs + 2))s -s bench/wrk/use-rotate.lua \
    "http://127.0.0.1:$port" > "$run/out" &
  load=$!
  sleep "$warm"
  before=$(ticks $pid)
  sleep "$secs"
  after=$(ticks $pid)
  wait $load
  awk -v b="$before" -v a="$after" -v secs="$secs" -v jar="$jar" -v hz="$(getconf CLK_TCK)" '
    /requests in/ { n = $1; d = $4; sub(/,$/, "", d)
      if (d ~ /m$/) { sub(/m$/, "", d); d *= 60 } else sub(/s$/, "", d) }
    /cannot follow|refused/ { bad++ }
    END { rate = n / d; cpu = (a - b) / hz
      printf "== %s\n  %.0f requests/s, server %.2f cores, %.1f us per request, %.1f us per cycle (2 verifies, 1 rotation), %d answers not followed or refused\n",
        jar, rate, cpu / secs, cpu / (rate * secs) * 1e6, 3 * cpu / (rate * secs) * 1e6, bad }' "$run/out"
  kill $pid; wait $pid 2>/dev/null || true; pid=""
done
