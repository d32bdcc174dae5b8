# Sourced by bench/startup.sh and bench/startup-ab.sh: one timed start of a Vigil build.
#
# startup_ms TREE DIR [no-cache]: starts TREE's bin/vigil serve on data directory DIR at
# $startup_port (without the AOT cache when a third argument is given), prints the milliseconds
# from the command to the first 200 from /health/ready, stops it and waits until the cache it may
# be recording is written (by a child JVM, after the server stops). Fails when the server ends
# before it is ready.
startup_ms() {
  local start end pid
  start=$(date +%s%N)
  if [ -n "${3:-}" ]; then
    VIGIL_NO_AOT=1 "$1/bin/vigil" serve --data "$2" --port "$startup_port" >/dev/null 2>&1 &
  else
    "$1/bin/vigil" serve --data "$2" --port "$startup_port" >/dev/null 2>&1 &
  fi
  pid=$!
  until curl -sf "http://127.0.0.1:$startup_port/health/ready" >/dev/null 2>&1; do
    kill -0 $pid 2>/dev/null || { echo "vigil serve of $1 ended before it was ready" >&2; return 1; }
    sleep 0.005
  done
  end=$(date +%s%N)
  kill $pid
  wait $pid 2>/dev/null || true
  while ls "$1"/server/target/*.aot.config >/dev/null 2>&1; do sleep 0.2; done
  echo $(((end - start) / 1000000))
}
