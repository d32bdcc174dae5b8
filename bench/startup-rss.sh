#!/usr/bin/env bash
# Start-up and resident memory of two builds of the server jar, run alternately (five runs each,
# so that load from elsewhere on the machine falls on both alike): "ready in" from the log, wall
# time to the first 200 of /health/ready, RSS at ready and 20 s later (after the user agent
# analyzer, built in the background after ready, is done), and that build's time from the log.
# No AOT cache. Usage: bench/startup-rss.sh BEFORE.jar AFTER.jar
set -euo pipefail
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
# shellcheck source=bench/startup-time.sh
. "$(dirname "$0")/startup-time.sh"
run() {
  local jar=$1 label=$2 data start end pid port line rss0 rss1 ready ua
  data=$(mktemp -d)
  start=$(date +%s%N)
  "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -jar "$jar" serve --data "$data/d" --port 0 \
    > "$data/log" 2>&1 &
  pid=$!
  port=""
  for _ in $(seq 6000); do
    # read with the shell's own builtins: a process per attempt would compete with the start
    while IFS= read -r line; do
      [[ $line =~ listening\ on\ http://[^:]*:([0-9]+)\  ]] && port=${BASH_REMATCH[1]}
    done <"$data/log"
    [ -n "$port" ] && break
    read -r -t 0.01 -u "$startup_sleep_fd" || true
  done
  [ -n "$port" ] || { echo "$label: not listening after 60 s" >&2; cat "$data/log" >&2; exit 1; }
  until startup_ready "$port"; do read -r -t 0.01 -u "$startup_sleep_fd" || true; done
  end=$(date +%s%N)
  rss0=$(( $(ps -o rss= -p $pid) / 1024 ))
  sleep 20
  rss1=$(( $(ps -o rss= -p $pid) / 1024 ))
  kill $pid; wait $pid 2>/dev/null || true
  ready=$(sed -n 's/.*(ready in \([0-9]*\) ms).*/\1/p' "$data/log")
  ua=$(sed -n 's/.*user agent analyzer ready in \([0-9]*\) ms.*/\1/p' "$data/log")
  echo "$label: ready in ${ready} ms (log), $(( (end - start) / 1000000 )) ms to /health/ready," \
    "RSS ${rss0} MiB at ready, ${rss1} MiB 20 s later, analyzer built in ${ua:-(none)} ms"
  rm -rf "$data"
}
for i in 1 2 3 4 5; do
  run "$1" before
  run "$2" after
done
