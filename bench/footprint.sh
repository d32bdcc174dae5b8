#!/usr/bin/env bash
# Resident memory of one Vigil node on SQLite (default configuration, fresh data directory, no AOT
# cache) under different JVM settings, one after the other: RSS at ready, RSS once the user agent
# analyzer is built, then a minute of mixed load (vigil bench mix, 16 connections) and RSS after
# it, the peak (VmHWM), the heap in use after a full GC, and the mix's rate beside the same run's
# /health/live (so a setting that saves memory by slowing the server shows).
# Usage: bench/footprint.sh ["JVM flags" ...]   (default: "" "-Xmx353m" "-Xmx353m -XX:+UseSerialGC")
#   (needs the built jar: ./mvnw -q package -DskipTests)
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
jar=$(ls server/target/vigil-*.jar | grep -v -- '-server-' | head -n 1)
key=footprint-admin-key-0123456789abcdefghijklmno
port=${FOOTPRINT_PORT:-18182}
if [ $# -eq 0 ]; then
  set -- "" "-Xmx353m" "-Xmx353m -XX:+UseSerialGC"
fi
rss() { awk "/$2/ {print int(\$2 / 1024)}" "/proc/$1/status"; }
echo "| JVM flags | RSS at ready | analyzer built | after 1 min of mix | peak | heap after GC | mix/s (x live) |"
echo "|---|---:|---:|---:|---:|---:|---:|"
for flags in "$@"; do
  work=$(mktemp -d)
  # shellcheck disable=SC2086 # the flags are words
  "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED $flags -jar "$jar" serve \
    --data "$work/data" --port "$port" --bootstrap-api-key "$key" > "$work/server.log" 2>&1 &
  pid=$!
  until curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null; do sleep 0.05; done
  ready=$(rss $pid VmRSS)
  for _ in $(seq 1 600); do grep -q "user agent analyzer ready" "$work/server.log" && break; sleep 0.1; done
  sleep 1
  built=$(rss $pid VmRSS)
  "$JAVA_HOME/bin/java" -jar "$jar" bench "http://127.0.0.1:$port" --api-key "$key" \
    --scenarios mix -c 16 -w PT0S -d PT60S --format json > "$work/mix.json" 2>/dev/null || true
  after=$(rss $pid VmRSS)
  peak=$(rss $pid VmHWM)
  "$JAVA_HOME/bin/jcmd" $pid GC.run >/dev/null
  # every generation's "used": G1 prints one line for its whole heap, the serial collector one
  # for each generation (the first, the young one, is all but empty after a full GC)
  heap=$("$JAVA_HOME/bin/jcmd" $pid GC.heap_info | grep -v -i 'metaspace\|class space' \
    | sed -n 's/.*used \([0-9]*\)K.*/\1/p' | awk '{s += $1} END {print s + 0}')
  mix=$(python3 -c "import json; r=json.load(open('$work/mix.json'))['results']; \
    print(f\"{r[1]['per_second']:,.0f} ({r[1]['ratio_to_live']:.2f})\")" 2>/dev/null || echo "-")
  echo "| \`${flags:-(JVM defaults)}\` | $ready MiB | $built MiB | $after MiB | $peak MiB | $((heap / 1024)) MiB | $mix |"
  kill $pid
  wait $pid 2>/dev/null || true
  rm -rf "$work"
done
