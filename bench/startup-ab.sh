#!/usr/bin/env bash
# Start-up of two or more builds, alternated: in each round, every tree's `bin/vigil serve` once
# with its AOT cache and once without (VIGIL_NO_AOT=1), each timed from the command to the first 200
# from /health/ready, then the baseline (`bin/vigil --version` of the first tree, no cache). On these
# shared machines the speed drifts within minutes, so a build measured after another (as
# bench/startup.sh does) can look slower or faster than it is; alternating puts both in the same
# minutes. Prints every series and its median.
# Usage: bench/startup-ab.sh [-n ROUNDS] [-d DATA_DIR] TREE TREE...
#   TREE: a checkout whose jar is built (./mvnw -q package -DskipTests), for example a git worktree
#   of the commit before a change; -n rounds (default 6); -d a data directory every start uses as
#   it is (for example the 930,000-event one of StatsTiming), default a directory of each tree's
#   own, made by its first start (which also records that tree's cache; not counted).
set -euo pipefail
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
rounds=6
data=""
while getopts "n:d:" opt; do
  case $opt in
    n) rounds=$OPTARG ;;
    d) data=$OPTARG ;;
    *) echo "usage: bench/startup-ab.sh [-n ROUNDS] [-d DATA_DIR] TREE TREE..." >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
[ $# -ge 1 ] || { echo "usage: bench/startup-ab.sh [-n ROUNDS] [-d DATA_DIR] TREE TREE..." >&2; exit 2; }
startup_port=18383
# shellcheck source=bench/startup-time.sh
. "$(dirname "$0")/startup-time.sh"
if curl -s "http://127.0.0.1:$startup_port/" >/dev/null 2>&1; then
  echo "port $startup_port is in use: a server left running would answer for the one being timed" >&2
  exit 2
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dir_of() { if [ -n "$data" ]; then echo "$data"; else echo "$work/$(echo "$1" | md5sum | cut -c1-8)"; fi; }
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
# each tree's first start records its cache (and makes its directory): not counted
for tree in "$@"; do
  startup_ms "$tree" "$(dir_of "$tree")" >/dev/null
done
declare -A times
for _ in $(seq "$rounds"); do
  for tree in "$@"; do
    times[$tree|cache]+=" $(startup_ms "$tree" "$(dir_of "$tree")")"
    times[$tree|no cache]+=" $(startup_ms "$tree" "$(dir_of "$tree")" x)"
  done
  start=$(date +%s%N)
  VIGIL_NO_AOT=1 "$1/bin/vigil" --version >/dev/null 2>&1
  times[baseline]+=" $((($(date +%s%N) - start) / 1000000))"
done
echo "data directory: ${data:-an existing one per tree}; $rounds rounds, alternated"
# shellcheck disable=SC2086
echo "baseline (bin/vigil --version, no cache):${times[baseline]} ms | median $(median ${times[baseline]})"
for tree in "$@"; do
  for kind in cache "no cache"; do
    # shellcheck disable=SC2086
    echo "$tree, $kind:${times[$tree|$kind]} ms | median $(median ${times[$tree|$kind]})"
  done
done
