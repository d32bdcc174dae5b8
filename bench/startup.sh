#!/usr/bin/env bash
# Time from `bin/vigil serve` to the first 200 from /health/ready, on a new and on an existing
# data directory, five runs each; first without the AOT cache, then with it (the first run of
# that series records the cache, as after every build). Usage: bench/startup.sh [large-data-dir]
# With a data directory (for example one whose vigil.db StatsTiming filled with 930,000 events),
# a third kind, "large", starts on that directory as it is.
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
startup_port=18282
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT
# shellcheck source=bench/startup-time.sh
. bench/startup-time.sh
# the baseline, in the same run: a JVM that starts, parses the command line and exits
base=()
for i in 1 2 3 4 5; do
  start=$(date +%s%N)
  VIGIL_NO_AOT=1 bin/vigil --version >/dev/null 2>&1
  base+=("$(( ($(date +%s%N) - start) / 1000000 ))")
done
echo "baseline (bin/vigil --version, no AOT cache): ${base[*]} ms"
rm -f server/target/vigil-*.aot
for cache in without with; do
  kinds="new existing"
  [ -n "${1:-}" ] && kinds="$kinds large"
  for kind in $kinds; do
    times=()
    for i in 1 2 3 4 5; do
      [ "$kind" = new ] && rm -rf "$data/d"
      dir="$data/d"
      [ "$kind" = large ] && dir="$1"
      if [ $cache = without ]; then
        times+=("$(startup_ms . "$dir" x)")
      else
        times+=("$(startup_ms . "$dir")")
      fi
    done
    echo "$kind data directory, $cache AOT cache: ${times[*]} ms"
  done
done
