#!/usr/bin/env bash
# HTTP throughput of Vigil on SQLite (one node), on PostgreSQL (one node), and on PostgreSQL with
# three nodes on this machine, under wrk, in one run; GET /health/live of the same node is the
# baseline of every figure. With three nodes, three wrk processes (one per node, a third of the
# connections each) run at once and their rates are added.
# Usage: bench/cluster-bench.sh [seconds per run]   (needs wrk, curl, psql, the built jar and the
# machine's PostgreSQL at 127.0.0.1:5432, user postgres, database test)
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-15}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
jar=$(ls server/target/vigil-*.jar | grep -v -- '-server-' | head -n 1)
export KEY=bench-admin-key-0123456789abcdefghijklmnopq
master=$("$JAVA_HOME/bin/java" -cp "$jar" dev.vigil.server.cli.VigilCommand keys master 2>/dev/null | tail -n 1)
work=$(mktemp -d)
pids=()
schema=""
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  [ -n "$schema" ] && psql -q -h 127.0.0.1 -U postgres -d test -c "DROP SCHEMA IF EXISTS $schema CASCADE" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

start() { # name port store...: starts a node, waits until ready
  local name=$1 port=$2 store=$3
  mkdir -p "$work/$name"
  local args=(serve --data "$work/$name" --port "$port" --bootstrap-api-key "$KEY")
  if [ "$store" = postgres ]; then
    args+=(--store postgres --postgres-url jdbc:postgresql://127.0.0.1:5432/test --postgres-user postgres
      --postgres-schema "$schema" --master-key "$master")
  fi
  "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -jar "$jar" "${args[@]}" > "$work/$name/server.log" 2>&1 &
  pids+=($!)
  until curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null; do sleep 0.2; done
  # the user agent analyzer is built in the background after start: seconds of CPU to wait out
  for _ in $(seq 1 600); do grep -q "user agent analyzer ready" "$work/$name/server.log" && break; sleep 0.2; done
}
stop_all() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  pids=()
}
token() { curl -sf -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \
  -d "{\"subject\":\"$2\"}" "http://127.0.0.1:$1/v1/sessions" | sed 's/.*"token":"\([^"]*\)".*/\1/'; }

# wrk on each port at once (-c64 shared among them), prints the summed rate and the worst p50/p99
load() { # label seconds script path ports...
  local label=$1 d=$2 script=$3 path=$4; shift 4
  local c=$((64 / $#)) t=$((2 / $# > 0 ? 2 / $# : 1)) i=0 outs=() loads=()
  for port in "$@"; do
    local out="$work/wrk.$i"; outs+=("$out")
    local env=(THREADS=$t)
    [ -n "${TOKENS_DIR:-}" ] && env+=(TOKENS="$TOKENS_DIR/part.$i")
    [ -n "${TOKENS_OUT_DIR:-}" ] && env+=(TOKENS_OUT="$TOKENS_OUT_DIR/out.$i")
    if [ -n "$script" ]; then
      env "${env[@]}" TOKEN="${TOKENS_ONE[$i]:-}" wrk -t$t -c$c -d"${d}s" --latency -s "$script" "http://127.0.0.1:$port$path" > "$out" &
    else
      wrk -t$t -c$c -d"${d}s" --latency "http://127.0.0.1:$port$path" > "$out" &
    fi
    loads+=($!)
    i=$((i + 1))
  done
  wait "${loads[@]}"
  python3 - "$label" "${outs[@]}" <<'PY'
import re, sys
label, files = sys.argv[1], sys.argv[2:]
def ms(v):
    n, u = float(re.match(r"[\d.]+", v).group()), re.sub(r"[\d.]", "", v)
    return n * {"us": 1e-3, "ms": 1, "s": 1e3}[u]
rate, p50, p99, errors = 0.0, 0.0, 0.0, 0
for f in files:
    t = open(f).read()
    rate += float(re.search(r"Requests/sec:\s+([\d.]+)", t).group(1))
    p50 = max(p50, ms(re.search(r"^\s+50%\s+(\S+)", t, re.M).group(1)))
    p99 = max(p99, ms(re.search(r"^\s+99%\s+(\S+)", t, re.M).group(1)))
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", t)
    errors += int(m.group(1)) if m else 0
print(f"{label:<44} {rate:>10,.0f}/s  p50 {p50:7.2f} ms  p99 {p99:7.2f} ms  non-2xx {errors}")
PY
}

measure() { # label ports...
  local label=$1; shift
  local ports=("$@") i=0
  TOKENS_ONE=()
  for port in "${ports[@]}"; do TOKENS_ONE+=("$(token "$port" "bench-$i")"); i=$((i + 1)); done
  load "$label warm-up" 10 bench/wrk/verify.lua /v1/sessions/verify "${ports[@]}" > /dev/null
  load "$label GET /health/live" "$secs" "" /health/live "${ports[@]}"
  load "$label POST /v1/sessions/verify (cached)" "$secs" bench/wrk/verify.lua /v1/sessions/verify "${ports[@]}"
  local tokens="$work/tokens"; rm -rf "$tokens"; mkdir -p "$tokens"
  TOKENS_OUT_DIR=$tokens load "$label POST /v1/sessions (create)" "$secs" bench/wrk/create.lua /v1/sessions "${ports[@]}"
  cat "$tokens"/out.* > "$tokens/all"
  split -n l/${#ports[@]} -d -a 1 "$tokens/all" "$tokens/part."
  TOKENS_DIR=$tokens load "$label POST /v1/sessions/rotate" "$((secs / 2))" bench/wrk/rotate.lua /v1/sessions/rotate "${ports[@]}"
}

echo "wrk -c64 in all, ${secs} s per run after 10 s of warm-up; $(nproc) cores"
start sqlite 18301 sqlite
measure "sqlite, 1 node:" 18301
stop_all

schema="bench_$(date +%s)"
start pg1 18311 postgres
measure "postgres, 1 node:" 18311
stop_all
psql -q -h 127.0.0.1 -U postgres -d test -c "DROP SCHEMA $schema CASCADE" >/dev/null

schema="bench_$(date +%s)_3"
start pga 18321 postgres; start pgb 18322 postgres; start pgc 18323 postgres
measure "postgres, 3 nodes:" 18321 18322 18323
stop_all
