#!/usr/bin/env bash
# Sign-in throughput beside the raw Argon2id rate, and verify latency with and without a sign-in
# flood, on one node. Usage: bench/signin-bench.sh [seconds]   (needs the built jars and wrk)
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-15}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
threads=$(( $(nproc) > 1 ? $(nproc) - 1 : 1 ))
echo "== raw Argon2id (OWASP m=19 MiB, t=2, p=1), JMH, $threads thread(s): the server hashes on as many"
"$JAVA_HOME/bin/java" -jar bench/target/benchmarks.jar Argon2Benchmark -t "$threads" -f 1 -wi 2 -i 3 2>/dev/null \
  | grep -E "^Argon2Benchmark"
data=$(mktemp -d)
port=18484
export KEY=bench-admin-key-0123456789abcdefghijklmnopq USERNAME=bencher PASSWORD="violet kettle marching sideways 81"
VIGIL_NO_AOT=1 bin/vigil serve --data "$data" --port $port --bootstrap-api-key "$KEY" --login-address-limit 0 \
  --max-sessions-per-subject 1000000 > "$data/server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$data"' EXIT
until curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null; do sleep 0.1; done
url="http://127.0.0.1:$port"
curl -sf -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \
  -d "{\"username\":\"$USERNAME\",\"password\":\"$PASSWORD\"}" "$url/v1/users" >/dev/null
export TOKEN=$(curl -sf -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \
  -d "{\"username\":\"$USERNAME\",\"password\":\"$PASSWORD\"}" "$url/v1/auth/login" | sed 's/.*"token":"\([^"]*\)".*/\1/')
wrk -t1 -c16 -d5s -s bench/wrk/login.lua "$url/v1/auth/login" >/dev/null
wrk -t1 -c16 -d10s -s bench/wrk/verify.lua "$url/v1/sessions/verify" >/dev/null
echo "== POST /v1/auth/login alone (wrk -t1 -c16)"
wrk -t1 -c16 -d"${secs}s" --latency -s bench/wrk/login.lua "$url/v1/auth/login" | grep -E "Requests/sec|^ +50%|^ +99%|Non-2xx"
echo "== POST /v1/sessions/verify, quiet (wrk -t1 -c16)"
wrk -t1 -c16 -d"${secs}s" --latency -s bench/wrk/verify.lua "$url/v1/sessions/verify" | grep -E "Requests/sec|^ +50%|^ +99%"
echo "== POST /v1/sessions/verify during a sign-in flood (login wrk -t1 -c64 at the same time)"
wrk -t1 -c64 -d"$((secs + 4))s" -s bench/wrk/login.lua "$url/v1/auth/login" > "$data/flood.txt" &
flood=$!
sleep 2
wrk -t1 -c16 -d"${secs}s" --latency -s bench/wrk/verify.lua "$url/v1/sessions/verify" | grep -E "Requests/sec|^ +50%|^ +99%"
wait $flood
echo "   flood: $(grep -E 'Requests/sec' "$data/flood.txt") $(grep -E 'Non-2xx' "$data/flood.txt" || true)"
