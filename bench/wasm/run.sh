#!/usr/bin/env bash
# WebAssembly benchmark: three compute programs compiled once to wasm (clang, wasm32-wasi),
# run on the handlers' Wasmtime configuration (bench/WasmBench: SandboxEngine, pooling allocator)
# and under Node.js (V8) in the same script.
# Reports engine/V8 time ratio per program (also with fuel metering off, and with fuel and epochs
# off, to show what the handlers' limits cost), instantiate time (median us, small module) and compile
# throughput. A program's time is steady-state instantiate + _start: each repetition is a fresh
# process that compiles the module, runs it once to warm up (JIT tiering on both sides) and then
# times one run; the best of REPEAT processes counts. Fresh processes because node 20 crashes
# (SIGSEGV) after a few runs of the sort program in one process.
# Usage: bench/wasm/run.sh [REPEAT]      (default 3)
set -euo pipefail
trap 'echo "bench/wasm/run.sh: failed at line $LINENO" >&2' ERR
cd "$(dirname "$0")/../.."
repeat="${1:-3}"
out=bench/wasm/obj
mkdir -p "$out"
src=tests/Shared/Programs/C

for p in sha256 nbody function_pointers; do
  clang --target=wasm32-wasi -O2 "$src/$p.c" -o "$out/$p.wasm" -Wl,--strip-all
done
printf '(module (memory (export "memory") 1) (global $g (mut i32) (i32.const 0))\n (func (export "_start") (global.set $g (i32.add (global.get $g) (i32.const 1)))))' > "$out/small.wat"
wat2wasm "$out/small.wat" -o "$out/small.wasm"

dotnet build bench/WasmBench -c Release -nologo -v q >/dev/null
bench() { dotnet bench/WasmBench/bin/Release/net10.0/WasmBench.dll "$@"; }
value() { awk -v k="$1" '$1 == k { print $2 }'; }
# best_of N COMMAND...: runs COMMAND N times, prints the run with the lowest "seconds"
best_of() {
  local n="$1" best="" out
  shift
  for _ in $(seq "$n"); do
    out="$("$@")"
    if [ -z "$best" ] || awk -v a="$(value seconds <<< "$out")" -v b="$(value seconds <<< "$best")" 'BEGIN { exit !(a < b) }'; then
      best="$out"
    fi
  done
  echo "$best"
}

programs=(
  "sha-256 over 64 MiB|sha256.wasm --mib 64"
  "n-body, 5,000,000 steps|nbody.wasm 5000000"
  "sort 1,000,000 ints (qsort + merge sort)|function_pointers.wasm --sort 1000000"
)

echo "| program | engine (s) | V8 (s) | engine/V8 | epoch only/V8 | unmetered/V8 | same stdout |"
echo "|---|---:|---:|---:|---:|---:|---|"
for entry in "${programs[@]}"; do
  name="${entry%%|*}"
  read -r -a cmd <<< "${entry#*|}"
  ours="$(best_of "$repeat" bench run 1 "$out/${cmd[0]}" "${cmd[@]:1}")"
  v8="$(best_of "$repeat" node --no-warnings bench/wasm/node-bench.mjs 1 "$out/${cmd[0]}" "${cmd[@]:1}")"
  t_ours="$(value seconds <<< "$ours")"
  t_v8="$(value seconds <<< "$v8")"
  same=no
  [ "$(value stdout_sha256 <<< "$ours")" = "$(value stdout_sha256 <<< "$v8")" ] && same=yes
  ratio() { awk -v a="$1" -v b="$t_v8" 'BEGIN { printf "%.2f", a / b }'; }
  # the same program with fuel metering off, then fuel and epochs off: what the limits cost
  t_epoch="$(value seconds <<< "$(WASMBENCH_METERING=epoch best_of "$repeat" bench run 1 "$out/${cmd[0]}" "${cmd[@]:1}")")"
  t_none="$(value seconds <<< "$(WASMBENCH_METERING=none best_of "$repeat" bench run 1 "$out/${cmd[0]}" "${cmd[@]:1}")")"
  echo "| $name | $t_ours | $t_v8 | $(ratio "$t_ours") | $(ratio "$t_epoch") | $(ratio "$t_none") | $same |"
done

inst="$(bench instantiate "$out/small.wasm")"
echo
echo "instantiate (store + WASI context + instance, pooling; median of 20,000, $(value instantiate_module_bytes <<< "$inst")-byte module): $(value instantiate_median_us <<< "$inst") us"
comp="$(bench compile "$out/sha256.wasm" "$out/nbody.wasm" "$out/function_pointers.wasm")"
echo "compile throughput (validate + Cranelift, the three programs): $(value compile_mb_per_s <<< "$comp") MB/s"
