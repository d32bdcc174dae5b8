#!/usr/bin/env bash
# Which number of password-hashing threads is right on this machine: for each count (0: the
# default, one per core but one and every core while the rest of the machine leaves one idle),
# sign-ins per second alone (wrk -t1 -c16, nothing else running) and under a flood beside verify,
# and verify throughput and p99 quiet and during that flood, one node.
# Usage: bench/hash-threads-bench.sh [seconds] [counts...]   (needs the built jar and wrk)
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-15}
shift || true
counts=${*:-1 2}
port=18585
KEY=bench-admin-key-0123456789abcdefghijklmnopq
export USERNAME=bencher PASSWORD="violet kettle marching sideways 81"
url="http://127.0.0.1:$port"
printf '%-8s | %-16s | %-22s | %-20s | %-26s\n' threads "sign-ins/s alone" "sign-ins/s under flood" "verify/s, p99 quiet" "verify/s, p99 during flood"
for t in $counts; do
  data=$(mktemp -d)
  VIGIL_NO_AOT=1 bin/vigil serve --data "$data" --port $port --bootstrap-api-key "$KEY" \
    --login-address-limit 0 --max-sessions-per-subject 1000000 --password-hash-threads "$t" \
    > "$data/server.log" 2>&1 &
  pid=$!
  until curl -sf "$url/health/ready" >/dev/null; do sleep 0.1; done
  curl -sf -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \
    -d "{\"username\":\"$USERNAME\",\"password\":\"$PASSWORD\"}" "$url/v1/users" >/dev/null
  export KEY TOKEN=$(curl -sf -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \
    -d "{\"username\":\"$USERNAME\",\"password\":\"$PASSWORD\"}" "$url/v1/auth/login" \
    | sed 's/.*"token":"\([^"]*\)".*/\1/')
  wrk -t1 -c16 -d5s -s bench/wrk/login.lua "$url/v1/auth/login" >/dev/null
  alone=$(wrk -t1 -c16 -d"${secs}s" -s bench/wrk/login.lua "$url/v1/auth/login")
  wrk -t1 -c16 -d10s -s bench/wrk/verify.lua "$url/v1/sessions/verify" >/dev/null
  quiet=$(wrk -t1 -c16 -d"${secs}s" --latency -s bench/wrk/verify.lua "$url/v1/sessions/verify")
  wrk -t1 -c64 -d"$((secs + 4))s" -s bench/wrk/login.lua "$url/v1/auth/login" > "$data/flood.txt" &
  flood=$!
  sleep 2
  during=$(wrk -t1 -c16 -d"${secs}s" --latency -s bench/wrk/verify.lua "$url/v1/sessions/verify")
  wait $flood
  rps() { grep -E 'Requests/sec' | awk '{print $2}'; }
  p99() { grep -E '^ +99%' | awk '{print $2}'; }
  non2xx=$(grep -E 'Non-2xx' "$data/flood.txt" | awk '{print $NF}' || true)
  total=$(grep -E 'requests in' "$data/flood.txt" | awk '{print $1}')
  signed=$(awk -v t="$total" -v n="${non2xx:-0}" -v s="$((secs + 4))" 'BEGIN {printf "%.1f", (t - n) / s}')
  alone_ok=$(echo "$alone" | awk -v s="$secs" '/requests in/ {t=$1} /Non-2xx/ {n=$NF} END {printf "%.1f", (t - n) / s}')
  printf '%-8s | %-16s | %-22s | %-20s | %-26s\n' "$t" "$alone_ok" "$signed ok, ${non2xx:-0} refused" \
    "$(echo "$quiet" | rps), $(echo "$quiet" | p99)" "$(echo "$during" | rps), $(echo "$during" | p99)"
  kill $pid; wait $pid 2>/dev/null || true
  rm -rf "$data"
done
