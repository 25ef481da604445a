// V8 side of bench/wasm/run.sh: compile once, run once to warm up (V8 tiers functions up while
// they run), then the best wall time of REPEAT runs of instantiate + _start with node:wasi,
// and the hash of the program's stdout.
// Usage: node node-bench.mjs REPEAT FILE.wasm [args...]
import { readFileSync, openSync, unlinkSync } from "node:fs";
import { WASI } from "node:wasi";
import { createHash } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";

const [repeatText, file, ...args] = process.argv.slice(2);
const module = await WebAssembly.compile(readFileSync(file));

async function runOnce(index) {
  // uvwasi owns the descriptor it is given: closing it here makes node 20 crash later (SIGSEGV).
  const outPath = join(tmpdir(), `node-bench-${process.pid}-${index}.out`);
  const fd = openSync(outPath, "w");
  const wasi = new WASI({ version: "preview1", args: [file, ...args], env: {}, stdout: fd, returnOnExit: true });
  const start = process.hrtime.bigint();
  const instance = await WebAssembly.instantiate(module, { wasi_snapshot_preview1: wasi.wasiImport });
  const code = wasi.start(instance);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const stdout = readFileSync(outPath);
  unlinkSync(outPath);
  if (code !== 0) throw new Error(`${file} exited ${code}`);
  return { seconds, stdout };
}

await runOnce(0);
let best = { seconds: Infinity, stdout: Buffer.alloc(0) };
for (let i = 1; i <= Number(repeatText); i++) {
  const run = await runOnce(i);
  if (run.seconds < best.seconds) best = run;
}
console.log(`seconds ${best.seconds.toFixed(4)}`);
console.log(`stdout_sha256 ${createHash("sha256").update(best.stdout).digest("hex")}`);
