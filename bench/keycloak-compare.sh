#!/usr/bin/env bash
# Vigil beside Keycloak, one server at a time, in one sitting, with the same harness (vigil bench)
# and the same settings: Keycloak's closest operations stand in for Vigil's (token introspection
# for verify, the refresh grant for rotate, the password grant for sign-in, the admin API's
# per-user session list and logout for listing and ending one subject's sessions).
#
# Downloads Keycloak (org.keycloak:keycloak-quarkus-dist, zip, from Maven Central, through the
# Maven Wrapper) into ~/.cache/vigil-bench once, starts it on loopback (start-dev, a fresh H2
# database), creates a realm "bench" (access tokens for an hour, "Revoke Refresh Token" on with
# no reuse, as Vigil's rotation is), a confidential client with direct access grants and an
# audience mapper (26.x introspection needs the client in aud), and a user; runs the harness; stops
# it; then starts Vigil on SQLite (default configuration, but for the sign-in throttle, off, as
# Keycloak's brute-force protection is by default, and max_sessions_per_subject raised to hold the
# sessions) and runs the same. Each server first gets a warm-up pass (every rate scenario for 30 s,
# not recorded: Keycloak's rates were still rising minutes after its start), then the measured pass,
# in which each rate scenario has 30 s of load unmeasured, then 40 s measured.
# Prints the table of ratios (Vigil / Keycloak), and leaves the JSON of both in bench/target/.
#
# Vigil hashes passwords with Keycloak's default Argon2id cost (m=7 MiB, t=5, p=1; OWASP lists it
# beside Vigil's default of m=19 MiB, t=2), so that sign-in compares like with like.
#
# Usage: bench/keycloak-compare.sh [sessions, default 20000; 0 leaves the sessions test out]
#   (needs the built jar: ./mvnw -q package -DskipTests; about 25 minutes)
#   BENCH_CONNECTIONS (16), BENCH_WARMUP (PT30S), BENCH_DURATION (PT40S), KC_VERSION (26.7.3),
#   BENCH_SCENARIOS (verify,rotate,signin), BENCH_POPULATE (0: sessions put in Vigil's store
#   before it starts, through bench Populate, so that it runs on a store that holds them; needs
#   ./mvnw -q install -DskipTests for bench/target/benchmarks.jar)
set -euo pipefail
cd "$(dirname "$0")/.."
sessions=${1:-20000}
conns=${BENCH_CONNECTIONS:-16}
warm=${BENCH_WARMUP:-PT30S}
measured=${BENCH_DURATION:-PT40S}
scenarios=${BENCH_SCENARIOS:-verify,rotate,signin}
populate=${BENCH_POPULATE:-0}
kc_version=${KC_VERSION:-26.7.3}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
jar=$(ls server/target/vigil-*.jar | grep -v -- '-server-' | head -n 1)
cache=${VIGIL_BENCH_CACHE:-$HOME/.cache/vigil-bench}
kc=$cache/keycloak-$kc_version
kc_port=18380
vigil_port=18381
out=bench/target/keycloak-compare
mkdir -p "$out" "$cache"
work=$(mktemp -d)
kc_pid=""
vigil_pid=""
cleanup() {
  [ -n "$kc_pid" ] && kill -- "-$kc_pid" 2>/dev/null || true
  [ -n "$vigil_pid" ] && kill "$vigil_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# Throwaway secrets for a loopback-only sitting, passed to the harness through its environment.
secret() { head -c 18 /dev/urandom | base64 | tr -d '/+='; }
admin_password=$(secret)
export VIGIL_BENCH_CLIENT_SECRET=$(secret)
export VIGIL_BENCH_PASSWORD="bench $(secret) pass"
export VIGIL_BENCH_ADMIN_PASSWORD=$admin_password
key=bench-$(secret)$(secret)

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)," \
  "$(free -g | awk '/Mem:/ {print $2}') GiB; load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "java: $("$JAVA_HOME/bin/java" -version 2>&1 | head -n 1)"

if [ ! -x "$kc/bin/kc.sh" ]; then
  echo "downloading Keycloak $kc_version from Maven Central"
  ./mvnw -q -B dependency:copy \
    -Dartifact="org.keycloak:keycloak-quarkus-dist:$kc_version:zip" -DoutputDirectory="$cache"
  (cd "$cache" && unzip -q -o "keycloak-quarkus-dist-$kc_version.zip")
fi

bench() { # peer-url, args...
  local url=$1
  shift
  "$JAVA_HOME/bin/java" -jar "$jar" bench "$url" -c "$conns" --format json "$@"
}
rss_mib() { awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$1/status"; }

# ---- Keycloak ----
rm -rf "$kc/data"
echo "starting Keycloak $kc_version (start-dev, fresh H2 database) on 127.0.0.1:$kc_port"
KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD=$admin_password \
  setsid "$kc/bin/kc.sh" start-dev --http-host=127.0.0.1 --http-port=$kc_port \
  > "$out/keycloak.log" 2>&1 &
kc_pid=$!
started=$(date +%s)
until curl -sf "http://127.0.0.1:$kc_port/realms/master" >/dev/null; do
  if [ $(($(date +%s) - started)) -gt 300 ]; then
    echo "Keycloak did not start in 300 s; see $out/keycloak.log" >&2
    exit 1
  fi
  sleep 1
done
echo "Keycloak ready after $(($(date +%s) - started)) s"
kc_java=$(pgrep -f -n "kc.home.dir" || echo "$kc_pid")

admin_token() {
  curl -sf -d grant_type=password -d client_id=admin-cli -d username=admin \
    --data-urlencode "password=$admin_password" \
    "http://127.0.0.1:$kc_port/realms/master/protocol/openid-connect/token" |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["access_token"])'
}
admin() { # method path [json]
  curl -sf -X "$1" -H "Authorization: Bearer $(admin_token)" -H 'Content-Type: application/json' \
    ${3:+--data "$3"} "http://127.0.0.1:$kc_port/admin$2"
}
user_json() { # username password
  python3 -c 'import json, sys; print(json.dumps({"username": sys.argv[1], "enabled": True,
    "email": sys.argv[1] + "@bench.test", "emailVerified": True, "firstName": sys.argv[1],
    "lastName": "Bench", "credentials": [{"type": "password", "value": sys.argv[2],
    "temporary": False}]}))' "$1" "$2"
}
admin POST /realms "$(python3 -c 'import json, sys; print(json.dumps({
  "realm": "bench", "enabled": True, "accessTokenLifespan": 3600,
  "ssoSessionIdleTimeout": 36000, "ssoSessionMaxLifespan": 36000,
  "revokeRefreshToken": True, "refreshTokenMaxReuse": 0,
  "clients": [{"clientId": "bench-client", "secret": sys.argv[1], "publicClient": False,
    "directAccessGrantsEnabled": True, "standardFlowEnabled": False,
    "protocolMappers": [{"name": "bench-audience", "protocol": "openid-connect",
      "protocolMapper": "oidc-audience-mapper",
      "config": {"included.client.audience": "bench-client", "access.token.claim": "true",
        "introspection.token.claim": "true"}}]}]}))' "$VIGIL_BENCH_CLIENT_SECRET")"
admin POST /realms/bench/users "$(user_json alice "$VIGIL_BENCH_PASSWORD")"
kc_ready_rss=$(rss_mib "$kc_java")

echo "Keycloak: warm-up pass (not recorded)"
bench "http://127.0.0.1:$kc_port" --peer keycloak --realm bench --client-id bench-client \
  --username alice --scenarios "$scenarios" -w PT0S -d PT30S > /dev/null || true
echo "Keycloak: $scenarios (alice, the realm's default password hash)"
bench "http://127.0.0.1:$kc_port" --peer keycloak --realm bench --client-id bench-client \
  --username alice --scenarios "$scenarios" -w "$warm" -d "$measured" \
  > "$out/keycloak-rates.json" || true
kc_load_rss=$(rss_mib "$kc_java")
# The sessions are made by password grants: the hash is made nearly free for this user only (set
# after the sign-in figures, for a user created after it), so that 20,000 sign-ins take a minute.
admin PUT /realms/bench '{"passwordPolicy": "hashAlgorithm(pbkdf2-sha256) and hashIterations(1)"}'
admin POST /realms/bench/users "$(user_json carol "$VIGIL_BENCH_PASSWORD")"
if [ "$sessions" -gt 0 ]; then
  echo "Keycloak: sessions ($sessions for carol; the logout may take minutes)"
  bench "http://127.0.0.1:$kc_port" --peer keycloak --realm bench --client-id bench-client \
    --username carol --admin-username admin --scenarios sessions --sessions "$sessions" \
    > "$out/keycloak-sessions.json" || true
else
  echo '{"results": []}' > "$out/keycloak-sessions.json"
fi
kill -- "-$kc_pid" 2>/dev/null || true
wait "$kc_pid" 2>/dev/null || true
kc_pid=""

# ---- Vigil ----
if [ "$populate" -gt 0 ]; then
  echo "putting $populate sessions in Vigil's store (bench Populate)"
  "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp bench/target/benchmarks.jar \
    dev.vigil.bench.Populate "$work/vigil" "$populate" "$work/populated-tokens" > /dev/null
fi
echo "starting Vigil on 127.0.0.1:$vigil_port (SQLite, $populate sessions stored)"
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -jar "$jar" serve --data "$work/vigil" \
  --port $vigil_port --bootstrap-api-key "$key" --login-address-limit 0 \
  --password-hash-memory-kib 7168 --password-hash-iterations 5 \
  --max-sessions-per-subject $((sessions + 100)) > "$out/vigil.log" 2>&1 &
vigil_pid=$!
until curl -sf "http://127.0.0.1:$vigil_port/health/ready" >/dev/null; do sleep 0.2; done
vigil_ready_rss=$(rss_mib "$vigil_pid")
echo "Vigil: warm-up pass (not recorded)"
bench "http://127.0.0.1:$vigil_port" --api-key "$key" --scenarios "$scenarios" \
  -w PT0S -d PT30S > /dev/null || true
echo "Vigil: $scenarios"
bench "http://127.0.0.1:$vigil_port" --api-key "$key" --scenarios "$scenarios" \
  -w "$warm" -d "$measured" > "$out/vigil-rates.json" || true
vigil_load_rss=$(rss_mib "$vigil_pid")
if [ "$sessions" -gt 0 ]; then
  echo "Vigil: sessions ($sessions of one subject)"
  bench "http://127.0.0.1:$vigil_port" --api-key "$key" --scenarios sessions \
    --sessions "$sessions" > "$out/vigil-sessions.json" || true
else
  echo '{"results": []}' > "$out/vigil-sessions.json"
fi
kill "$vigil_pid"
wait "$vigil_pid" 2>/dev/null || true
vigil_pid=""

python3 - "$out" "$kc_ready_rss" "$kc_load_rss" "$vigil_ready_rss" "$vigil_load_rss" <<'PY'
import json, sys, os
out = sys.argv[1]
rss = sys.argv[2:6]
def load(name):
    try:
        return json.load(open(os.path.join(out, name)))
    except (OSError, ValueError) as e:
        return {"results": [], "error": str(e)}
kr, vr = load("keycloak-rates.json"), load("vigil-rates.json")
ks, vs = load("keycloak-sessions.json"), load("vigil-sessions.json")
def by(doc):
    return {r["scenario"]: r for r in doc["results"] if r["scenario"] != "live"}
def live(doc):
    l = [r["per_second"] for r in doc["results"] if r["scenario"] == "live"]
    return sum(l) / len(l) if l else 0
k, v = by(kr), by(vr)
print()
print("| operation (Vigil / Keycloak) | Vigil /s | p50 / p99 ms | Keycloak /s | p50 / p99 ms | Vigil ÷ Keycloak |")
print("|---|---:|---:|---:|---:|---:|")
print(f"| baseline (`GET /health/live` / `GET /realms/bench`) | {live(vr):,.0f} | | {live(kr):,.0f} | | {live(vr) / live(kr) if live(kr) else 0:.1f}x |")
names = {"verify": "verify / token introspection", "rotate": "rotate / refresh grant",
         "signin": "sign-in / password grant"}
for s in ("verify", "rotate", "signin"):
    if s in v and s in k:
        a, b = v[s], k[s]
        errs = "" if a["errors"] == 0 and b["errors"] == 0 else f" (errors {a['errors']} / {b['errors']})"
        print(f"| {names[s]}{errs} | {a['per_second']:,.1f} | {a['p50_ms']:.2f} / {a['p99_ms']:.2f} | "
              f"{b['per_second']:,.1f} | {b['p50_ms']:.2f} / {b['p99_ms']:.2f} | "
              f"**{a['per_second'] / b['per_second'] if b['per_second'] else 0:.1f}x** |")
vs_, ks_ = vs.get("sessions"), ks.get("sessions")
if vs_ and ks_:
    n = vs_["sessions"]
    print()
    print(f"| {n:,} sessions of one subject | Vigil | Keycloak | Keycloak ÷ Vigil (time) |")
    print("|---|---:|---:|---:|")
    print(f"| list them (one call) | {vs_['list_seconds']:.3f} s ({vs_['listed']:,}) | "
          f"{ks_['list_seconds']:.3f} s ({ks_['listed']:,}) | "
          f"**{ks_['list_seconds'] / vs_['list_seconds']:.0f}x** |")
    def ended(d):
        if d["ended"] >= d["listed"] and d["listed"] > 0:
            return f"{d['end_seconds']:.3f} s ({d['ended']:,})"
        return f"**not done**: {d['ended']:,} ended, gave up after {d['end_seconds']:.0f} s"
    done = ks_["ended"] >= ks_["listed"] and ks_["listed"] > 0
    ratio = (f"**{ks_['end_seconds'] / vs_['end_seconds']:.0f}x**" if done
             else f"more than {ks_['end_seconds'] / vs_['end_seconds']:.0f}x")
    print(f"| end them all (one call) | {ended(vs_)} | {ended(ks_)} | {ratio} |")
    print(f"| a token refused afterwards | {vs_['refused_after']} | {ks_['refused_after']} | |")
    for who, doc in (("Vigil", vs_), ("Keycloak", ks_)):
        for p in doc.get("problems", []):
            print(f"- {who}: {p}")
print()
print(f"Resident memory (MiB), ready then after the rate scenarios: Keycloak {rss[0]} -> {rss[1]},"
      f" Vigil {rss[2]} -> {rss[3]}")
PY
echo "JSON and logs in $out"
