# Sourced by bench/startup.sh and bench/startup-ab.sh: one timed start of a Vigil build.
#
# startup_ms TREE DIR [no-cache]: starts TREE's bin/vigil serve on data directory DIR at
# $startup_port (without the AOT cache when a third argument is given), prints the milliseconds
# from the command to the first 200 from /health/ready, stops it and waits until the cache it may
# be recording is written (by a child JVM, after the server stops). Fails when the server ends
# before it is ready.
#
# The probe is bash's own /dev/tcp and read (no process per attempt): a curl every 5 ms costs about
# 25 ms of processor time per attempt here, most of a core taken from the server it times on these
# 2-core machines. STARTUP_PROBE=curl probes with curl as before (docs/BENCHMARKS.md, "Start-up to
# ready").

# a descriptor that never has anything to read: `read -t` on it waits without a sleep process
exec {startup_sleep_fd}<> <(:)

# startup_ready PORT: whether /health/ready on PORT answers 200 now
startup_ready() {
  if [ "${STARTUP_PROBE:-}" = curl ]; then
    curl -sf "http://127.0.0.1:$1/health/ready" >/dev/null 2>&1
    return
  fi
  local fd line
  { exec {fd}<>"/dev/tcp/127.0.0.1/$1"; } 2>/dev/null || return 1
  printf 'GET /health/ready HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&"$fd"
  read -r -t 5 line <&"$fd" || line=""
  exec {fd}>&-
  case "$line" in "HTTP/1."?" 200"*) return 0 ;; esac
  return 1
}

startup_ms() {
  local start end pid
  start=$(date +%s%N)
  if [ -n "${3:-}" ]; then
    VIGIL_NO_AOT=1 "$1/bin/vigil" serve --data "$2" --port "$startup_port" >/dev/null 2>&1 &
  else
    "$1/bin/vigil" serve --data "$2" --port "$startup_port" >/dev/null 2>&1 &
  fi
  pid=$!
  until startup_ready "$startup_port"; do
    kill -0 $pid 2>/dev/null || { echo "vigil serve of $1 ended before it was ready" >&2; return 1; }
    read -r -t 0.005 -u "$startup_sleep_fd" || true
  done
  end=$(date +%s%N)
  kill $pid
  wait $pid 2>/dev/null || true
  while ls "$1"/server/target/*.aot.config >/dev/null 2>&1; do sleep 0.2; done
  echo $(((end - start) / 1000000))
}
