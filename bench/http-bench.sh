#!/usr/bin/env bash
# HTTP throughput and latency of one Vigil node on SQLite, under wrk, on this machine.
# Usage: bench/http-bench.sh [seconds per run]   (needs wrk, curl, and the built jar)
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-15}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
jar=$(ls server/target/vigil-*.jar | grep -v -- '-server-' | head -n 1)
data=$(mktemp -d)
port=18181
export KEY=bench-admin-key-0123456789abcdefghijklmnopq
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -jar "$jar" serve --data "$data" --port $port \
  --bootstrap-api-key "$KEY" > "$data/server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$data"' EXIT
until curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null; do sleep 0.1; done
url="http://127.0.0.1:$port"
create() { curl -sf -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' -d "{\"subject\":\"$1\"}" "$url/v1/sessions" | sed 's/.*"token":"\([^"]*\)".*/\1/'; echo; }
export TOKEN=$(create bench-user)

run() { # name, wrk args... (a later -d overrides the default duration)
  local name=$1; shift
  echo "== $name"
  wrk -t2 -c64 -d"${secs}s" --latency "$@" | grep -E "Requests/sec|^ +50%|^ +99%|Non-2xx|Socket errors|requests in"
}
echo "warm-up"; wrk -t2 -c64 -d10s -s bench/wrk/verify.lua "$url/v1/sessions/verify" >/dev/null; wrk -t2 -c64 -d5s "$url/health/live" >/dev/null
run "GET /health/live" "$url/health/live"
run "POST /v1/sessions/verify (valid, cached)" -s bench/wrk/verify.lua "$url/v1/sessions/verify"
tokens=$(mktemp)
TOKENS_OUT=$tokens run "POST /v1/sessions (create, SQLite)" -s bench/wrk/create.lua "$url/v1/sessions"
cat "$tokens".* > "$tokens"; rm -f "$tokens".*
echo "   ($(wc -l < "$tokens") tokens issued; the rotation run uses half the time so each is rotated at most once)"
TOKENS=$tokens run "POST /v1/sessions/rotate (explicit, SQLite; distinct tokens)" -d"$((secs / 2))s" -s bench/wrk/rotate.lua "$url/v1/sessions/rotate"
rm -f "$tokens"
