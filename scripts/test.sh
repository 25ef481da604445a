#!/usr/bin/env bash
# Runs every test: installs what the tests need, starts a throwaway PostgreSQL,
# runs the WebAssembly conformance suite and all test projects.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
for lock in $(git ls-files '*package-lock.json' 2>/dev/null); do
  d="$(dirname "$lock")"
  [ -d "$d/node_modules" ] || (cd "$d" && npm ci --no-audit --no-fund --loglevel=error)
done

export EXTENSIONS_TEST_POSTGRES="$(scripts/postgres.sh start)"
trap 'scripts/postgres.sh stop' EXIT

node --test sdk/iframe/test/ && (cd sdk/iframe && node scripts/build-global.mjs --check)

dotnet build Extensions.sln -c Release -nologo -v quiet
if [ -d tests/WasmSpec ]; then
  # once per allocator the engine is built with: per-module memories (tools) and the handlers' pool,
  dotnet run --project tests/WasmSpec -c Release --no-build -- ../shared/wasm-spec/json
  dotnet run --project tests/WasmSpec -c Release --no-build -- ../shared/wasm-spec/json --pooled
  # and with the baseline compiler that runs a new handler's first calls
  dotnet run --project tests/WasmSpec -c Release --no-build -- ../shared/wasm-spec/json --pooled --baseline
fi
# The real-GCS smoke test runs only when a bucket and key are configured (there is none in CI).
gcs_filter=()
[ -n "${EXTENSIONS_TEST_GCS_KEY_FILE:-}" ] && [ -n "${EXTENSIONS_TEST_GCS_BUCKET:-}" ] || gcs_filter=(--filter "Category!=RealGcs")
dotnet test Extensions.sln -c Release --no-build -nologo "${gcs_filter[@]}"
