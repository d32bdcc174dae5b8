#!/usr/bin/env bash
# Resident memory of a Vigil node holding N live sessions (default 1,000,000): fills a data
# directory through the real SessionService (bench Populate), starts the server with a cache
# large enough for all of them, verifies every token once over HTTP so every session is cached,
# and reports RSS before and after, with the heap after a full GC.
# Usage: bench/memory.sh [N]   (needs the built jars and wrk)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000000}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
data=$(mktemp -d)
tokens="$data/tokens.txt"
port=18383
export KEY=bench-admin-key-0123456789abcdefghijklmnopq
trap 'kill $pid 2>/dev/null; rm -rf "$data"' EXIT
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp bench/target/benchmarks.jar dev.vigil.bench.Populate "$data/d" "$n" "$tokens"
VIGIL_NO_AOT=1 bin/vigil serve --data "$data/d" --port $port --cache-size "$n" --cache-ttl PT1H --bootstrap-api-key "$KEY" \
  > "$data/server.log" 2>&1 &
pid=$!
until curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null; do sleep 0.1; done
sleep 16   # the live-session gauge refreshes every 15 s
echo "live sessions (metric): $(curl -s "http://127.0.0.1:$port/metrics" | sed -n 's/^vigil_sessions_live \(.*\)/\1/p')"
echo "RSS after start:        $(( $(ps -o rss= -p $pid) / 1024 )) MiB"
rate=$(TOKENS=$tokens wrk -t1 -c32 -d$(( n / 3000 + 20 ))s -s bench/wrk/verify-many.lua "http://127.0.0.1:$port/v1/sessions/verify" | sed -n 's/Requests\/sec: *//p')
echo "verified every token (${rate} verifies/s, mostly cache misses)"
echo "cached sessions:        $(curl -s "http://127.0.0.1:$port/metrics" | sed -n 's/^vigil_sessions_cached \(.*\)/\1/p')"
echo "RSS with all cached:    $(( $(ps -o rss= -p $pid) / 1024 )) MiB"
"$JAVA_HOME/bin/jcmd" $pid GC.run >/dev/null
echo "heap after full GC:     $("$JAVA_HOME/bin/jcmd" $pid GC.heap_info | sed -n 's/.*used \([0-9]*K\).*/\1/p' | head -n 1)"
