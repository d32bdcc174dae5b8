#!/usr/bin/env bash
# Issue 11 §5: kill -9 of Vigil under a mixed write load, N rounds on one data directory, on SQLite
# and (when a server answers at 127.0.0.1:5432, user postgres, db test) on PostgreSQL; then prints
# the figures recorded in docs/robustness.md. The normal test suite runs 3 rounds on each store.
# Usage: bench/crash-test.sh [rounds, default 20] [seed]
# Maven runs offline; on a shared build machine set MVN_LOCK to a lock file to take turns.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-20}
seed=${2:+-Dvigil.crash.seed=$2}
mvn=(./mvnw -o -B verify -pl server -Dtest=CrashUnderLoadTest -Dsurefire.failIfNoSpecifiedTests=false
  "-Dvigil.crash.rounds=$rounds" ${seed:-})
if [ -n "${MVN_LOCK:-}" ]; then mvn=(flock "$MVN_LOCK" "${mvn[@]}"); fi
status=0
"${mvn[@]}" | grep -E "Tests run:|FAIL|BUILD" || status=$?
grep -h "crash under load" server/target/surefire-reports/dev.vigil.server.crash.CrashUnderLoadTest-output.txt || true
exit $status
