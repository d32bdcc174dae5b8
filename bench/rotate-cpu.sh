#!/usr/bin/env bash
# Issue 12 §3: an explicit rotation's processor time on a store of POPULATE sessions (default
# 1,000,000, made once by bench Populate into a cache directory and copied for each run). The
# given jar (default: the built one) serves a copy on SQLite; wrk (-t2 -c16) rotates populated
# sessions, each once (bench/wrk/rotate.lua), for WARM seconds, then for SECS more while the
# server's processor time is read per thread from /proc before and after. Prints /health/live
# before and after (the baseline), the rate, p50/p99, and microseconds per rotation on the SQLite
# committer, the request threads, GC and the rest.
# Usage: bench/rotate-cpu.sh [jar ...]   (several jars: run in turn, one sitting)
# Env: POPULATE (1000000), WARM (30), SECS (30), ROT_DIR (~/.cache/vigil-bench/rotate-POPULATE),
#   ROT_JAVA_OPTS (more JVM flags for the server, e.g. a JFR recording), ROT_SYSCALLS=1 (also
#   count the server's system calls and context switches in the measured run with perf stat and
#   print them per rotation: on these shared machines the processor time per rotation swings by a
#   third between runs of one jar, the counts do not), ROT_USE=1 (each rotated token is then
#   verified once, bench/wrk/rotate-use.lua: figures are per rotation and its first use)
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
populate=${POPULATE:-1000000}
warm=${WARM:-30}
secs=${SECS:-30}
dir=${ROT_DIR:-$HOME/.cache/vigil-bench/rotate-$populate}
jars=("$@")
[ ${#jars[@]} -eq 0 ] && jars=("$(ls server/target/vigil-*.jar | grep -v -- '-server-' | head -n 1)")
export KEY=rotate-admin-key-0123456789abcdefghijklmno
port=18585
script=rotate.lua per=1
[ "${ROT_USE:-0}" = 1 ] && script=rotate-use.lua per=2
if [ ! -f "$dir/tokens" ]; then
  echo "== putting $populate sessions in a store (bench Populate), once, into $dir"
  rm -rf "$dir" && mkdir -p "$dir"
  "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp bench/target/benchmarks.jar \
    dev.vigil.bench.Populate "$dir/base" "$populate" "$dir/tokens" > /dev/null
fi
# the warm-up and the measured run rotate different sessions, each once
head -n $((populate * 3 / 10)) "$dir/tokens" > "$dir/warm.tok"
tail -n +$((populate * 3 / 10 + 1)) "$dir/tokens" > "$dir/measured.tok"
run=$(mktemp -d)
pid=""
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; wait 2>/dev/null; rm -rf "$run"' EXIT
snapshot() {
  for t in /proc/"$pid"/task/*; do
    stat=$(cat "$t/stat" 2>/dev/null) || continue
    name=$(tr ' ' '_' < "$t/comm")
    rest=${stat##*) }
    set -- $rest
    echo "${t##*/} $name $(( ${12} + ${13} ))"
  done
}
for jar in "${jars[@]}"; do
  echo "== $jar"
  rm -rf "$run/data" && cp -r "$dir/base" "$run/data"
  # shellcheck disable=SC2086 # the flags are words
  "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Xmx353m ${ROT_JAVA_OPTS:-} -jar "$jar" serve \
    --data "$run/data" --port $port --bootstrap-api-key "$KEY" > "$run/server.log" 2>&1 &
  pid=$!
  until curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null; do sleep 0.2; done
  wrk -t2 -c16 -d"${warm}s" "http://127.0.0.1:$port/health/live" | awk '/Requests\/sec/ {print "  /health/live before: " $2 "/s"}'
  TOKENS="$dir/warm.tok" wrk -t2 -c16 -d"${warm}s" -s "bench/wrk/$script" "http://127.0.0.1:$port" > /dev/null
  counting=""
  if [ "${ROT_SYSCALLS:-0}" = 1 ]; then
    perf stat -x, -o "$run/syscalls" -p $pid -e "$(printf 'syscalls:sys_enter_%s,' fsync pwrite64 \
      pread64 futex writev read epoll_ctl fcntl)context-switches" -- sleep "$secs" &
    counting=$!
  fi
  before=$(snapshot)
  out=$(TOKENS="$dir/measured.tok" wrk -t2 -c16 -d"${secs}s" --latency -s "bench/wrk/$script" "http://127.0.0.1:$port")
  after=$(snapshot)
  ok=$(echo "$out" | awk -v per="$per" '/requests in/ {print int($1 / per)}')
  # rotate-use.lua prints each refusal, a 200 with "valid": false included (wrk's Non-2xx misses it)
  printed=$(echo "$out" | grep -c '^refused' || true)
  [ "$printed" -eq 0 ] || echo "  $printed answers refused (bench/wrk/$script)"
  refused=$(echo "$out" | awk '/Non-2xx/ {print $NF}')
  echo "$out" | awk -v r="${refused:-0}" -v per="$per" '/Requests\/sec/ {rate=$2 / per} /^ +50%/ {p50=$2} /^ +99%/ {p99=$2}
    END {print "  rotations: " rate "/s, p50 " p50 ", p99 " p99 ", refused " r}'
  if [ -n "$counting" ]; then
    wait $counting
    awk -F, -v ok="$ok" '$1 ~ /^[0-9]+$/ { sub(/^syscalls:sys_enter_/, "", $3)
      printf "  %-20s %7.2f per rotation\n", $3, $1 / ok }' "$run/syscalls"
  fi
  hz=$(getconf CLK_TCK)
  { echo "$before" | sed 's/^/B /'; echo "$after" | sed 's/^/A /'; } | awk -v ok="$ok" -v hz="$hz" '
    $1 == "B" { start[$2] = $4; next }
    { d = $4 - start[$2]; name = $3
      if (name ~ /^vigil-sqlite-co/) g = "sqlite committer"
      else if (name ~ /^C[12]_Compiler/) g = "JIT compilers"
      else if (name ~ /^(G1|GC|VM_Thread|VM_Periodic)/) g = "GC and VM"
      else if (name ~ /^(ForkJoinPool|qtp|JettyVirtual|virtual)/) g = "request threads"
      else g = "other"
      us[g] += d * 1000000 / hz }
    END { for (g in us) { tot += us[g]; if (us[g] > 0) printf "  %-20s %7.1f us per rotation\n", g, us[g] / ok }
          printf "  %-20s %7.1f us per rotation\n", "server in all", tot / ok }'
  wrk -t2 -c16 -d10s "http://127.0.0.1:$port/health/live" | awk '/Requests\/sec/ {print "  /health/live after: " $2 "/s"}'
  kill $pid; wait $pid 2>/dev/null || true; pid=""
done
