#!/usr/bin/env bash
# Gateway benchmark, one script: a no-op handler through the full gateway (auth with an extension
# token, installation lookup, route match, per-request token, Runner, audit, metrics) against a bare
# Kestrel endpoint returning the same bytes, with wrk at a fixed concurrency.
# GATEWAY_TOPOLOGY picks what serves the gateway:
#   embedded (default)  the server in the host process (SQLite, Runner in process); the host also
#                       prints the cold first call after publish of ~100 KiB modules;
#   cohosted            node A of two co-hosted Frontend processes over one PostgreSQL;
#   split               a client Frontend in front of two silo nodes (each call is an execution grain call).
# The cluster topologies use EXTENSIONS_TEST_POSTGRES, or start PostgreSQL with scripts/postgres.sh.
# Bare and gateway runs alternate for several rounds, and each round's gateway/bare ratio is
# printed, so a change in background load shows up as spread instead of skewing one side.
# Usage: [GATEWAY_TOPOLOGY=embedded|cohosted|split] bench/gateway.sh [duration-seconds] [connections] [rounds]   (needs wrk and clang)
set -euo pipefail
cd "$(dirname "$0")/.."
duration="${1:-10}"
connections="${2:-32}"
rounds="${3:-3}"
topology="${GATEWAY_TOPOLOGY:-embedded}"
threads=2

command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 1; }
case "$topology" in
  embedded) project=bench/Gateway; host_dll=bench/Gateway/bin/Release/net10.0/Selegic.Extensions.Bench.Gateway.dll; host_args=() ;;
  cohosted|split)
    project=bench/ClusterGateway; host_dll=bench/ClusterGateway/bin/Release/net10.0/Selegic.Extensions.Bench.ClusterGateway.dll; host_args=("$topology")
    if [ -z "${EXTENSIONS_TEST_POSTGRES:-}" ]; then EXTENSIONS_TEST_POSTGRES="$(scripts/postgres.sh start)"; export EXTENSIONS_TEST_POSTGRES; fi ;;
  *) echo "GATEWAY_TOPOLOGY must be embedded, cohosted or split (got '$topology')" >&2; exit 2 ;;
esac
build_log="$(dotnet build "$project" -c Release -nologo -v q 2>&1)" || { echo "$build_log" >&2; exit 1; }

scratch="$(mktemp -d /tmp/scrm-bench-gateway-XXXXXX)"   # the host's data directory and compiler output live here
info="$scratch/info.env"
log="$scratch/host.log"
TMPDIR="$scratch" dotnet "$host_dll" "${host_args[@]}" "$info" >"$log" 2>&1 &
host=$!
trap 'kill "$host" 2>/dev/null || true; wait "$host" 2>/dev/null || true; rm -rf "$scratch"' EXIT
for _ in $(seq 1 900); do [ -f "$info" ] && break; kill -0 "$host" 2>/dev/null || { cat "$log"; exit 1; }; sleep 0.2; done
[ -f "$info" ] || { echo "the benchmark host did not get ready"; cat "$log"; exit 1; }
# shellcheck disable=SC1090
. "$info"
grep -E "^topology|^cold|^sequential|^allocated" "$log"

measure() { # name url [header...]: prints the wrk summary lines, stores requests/s in $rps
  local name="$1" url="$2"; shift 2
  local out
  out="$(wrk -t"$threads" -c"$connections" -d"${duration}s" --latency "$@" "$url")"
  rps="$(echo "$out" | awk '/Requests\/sec/ {print $2}')"
  echo "   $name: $(echo "$out" | grep -E "Requests/sec|^ +50%|^ +99%|Non-2xx|Socket errors" | tr -s ' ' | tr '\n' ' ')"
}
echo "wrk -t$threads -c$connections -d${duration}s --latency; bare $BARE_URL; gateway $GATEWAY_URL"
for url in "$BARE_URL" "$GATEWAY_URL"; do wrk -t"$threads" -c"$connections" -d2s -H "Authorization: Bearer $TOKEN" "$url" >/dev/null; done  # warm-up
for round in $(seq 1 "$rounds"); do
  echo "== round $round"
  measure "bare Kestrel" "$BARE_URL"; bare=$rps
  measure "gateway (extension token)" "$GATEWAY_URL" -H "Authorization: Bearer $TOKEN"; token=$rps
  measure "gateway (tenant API key)" "$GATEWAY_URL" -H "Authorization: Bearer $TENANT_KEY"; key=$rps
  awk -v b="$bare" -v t="$token" -v k="$key" 'BEGIN { printf "   ratio to bare: extension token %.1f%%, tenant key %.1f%%\n", 100*t/b, 100*k/b }'
done
