#!/usr/bin/env bash
# Issue 12 §2: a sign-in's processor time beside its Argon2id hash. One node on a new data
# directory, USERS accounts signed in in turn by wrk (-t1 -c16) for WARMUP seconds, then for
# SECONDS more while the server's processor time is read per thread from /proc before and after.
# Prints the time per successful sign-in on the hashing thread(s) and on every other group of
# threads, and the others' share of the hash.
# Usage: bench/signin-cpu.sh [seconds, default 40] [warm-up seconds, default 45] [-- serve flags]
# (needs the built jar and wrk; USERS=16 by default; JAVA_HOME as bin/vigil finds it)
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-40}
warm=${2:-45}
shift $(( $# > 2 ? 2 : $# ))
[ "${1:-}" = "--" ] && shift
export USERS=${USERS:-16}
data=$(mktemp -d)
port=18486
export KEY=bench-admin-key-0123456789abcdefghijklmnopq USERNAME=cpu-bencher PASSWORD="violet kettle marching sideways 81"
VIGIL_NO_AOT=1 bin/vigil serve --data "$data" --port $port --bootstrap-api-key "$KEY" --login-address-limit 0 \
  --max-sessions-per-subject 1000000 "$@" > "$data/server.log" 2>&1 &
launcher=$!
trap 'kill $launcher 2>/dev/null; wait $launcher 2>/dev/null; rm -rf "$data"' EXIT
url="http://127.0.0.1:$port"
until curl -sf "$url/health/ready" >/dev/null; do sleep 0.1; done
pid=$(pgrep -f -- "--port $port" | while read -r p; do [ "$(cat /proc/$p/comm)" = java ] && echo "$p"; done | head -1)
for i in $(seq 1 "$USERS"); do
  curl -sf -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \
    -d "{\"username\":\"$USERNAME-$i\",\"password\":\"$PASSWORD\"}" "$url/v1/users" >/dev/null
done
# per thread: name (spaces as _) and utime+stime in clock ticks
snapshot() {
  for t in /proc/"$pid"/task/*; do
    stat=$(cat "$t/stat" 2>/dev/null) || continue
    name=$(cat "$t/comm" 2>/dev/null | tr ' ' '_')
    rest=${stat##*) }
    set -- $rest
    echo "${t##*/} $name $(( ${12} + ${13} ))"
  done
}
echo "== warm-up: $warm s of sign-ins, $USERS accounts in turn (wrk -t1 -c16)"
wrk -t1 -c16 -d"${warm}s" -s bench/wrk/login-many.lua "$url/v1/auth/login" | grep -E "Requests/sec|Non-2xx" || true
before=$(snapshot)
out=$(wrk -t1 -c16 -d"${secs}s" --latency -s bench/wrk/login-many.lua "$url/v1/auth/login")
after=$(snapshot)
echo "$out" | grep -E "requests in|Requests/sec|^ +50%|^ +99%|Non-2xx" || true
total=$(echo "$out" | awk '/requests in/ {print $1}')
refused=$(echo "$out" | awk '/Non-2xx/ {print $NF}')
ok=$(( total - ${refused:-0} ))
hz=$(getconf CLK_TCK)
echo "== processor time per successful sign-in ($ok in $secs s; server pid $pid)"
{ echo "$before" | sed 's/^/B /'; echo "$after" | sed 's/^/A /'; } | awk -v ok="$ok" -v hz="$hz" '
  $1 == "B" { start[$2] = $4; next }
  { d = $4 - start[$2]; name = $3
    if (name ~ /^vigil-argon2/) g = "hashing"
    else if (name ~ /^vigil-sqlite-co/) g = "sqlite committer"
    else if (name ~ /^vigil-sqlite-re/) g = "sqlite readers"
    else if (name ~ /^C[12]_Compiler/) g = "JIT compilers"
    else if (name ~ /^(G1|GC|VM_Thread|VM_Periodic)/) g = "GC and VM"
    else if (name ~ /^(ForkJoinPool|qtp|JettyVirtual|virtual)/) g = "request threads"
    else if (name ~ /^vigil-/) g = name
    else g = "other: " name
    ms[g] += d * 1000 / hz }
  END {
    for (g in ms) if (g != "hashing") others += ms[g]
    for (g in ms) if (ms[g] > 0) printf "  %-28s %8.3f ms\n", g, ms[g] / ok
    printf "  %-28s %8.3f ms  (%.1f%% of the hash)\n", "all but hashing", others / ok, 100 * others / ms["hashing"]
  }'
