// V8 side of bench/wasm/run.sh: compile once, then best wall time of REPEAT runs of
// instantiate + _start with node:wasi, and the hash of the program's stdout.
// Usage: node node-bench.mjs REPEAT FILE.wasm [args...]
import { readFileSync, openSync, closeSync, readFileSync as read, unlinkSync } from "node:fs";
import { WASI } from "node:wasi";
import { createHash } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";

const [repeatText, file, ...args] = process.argv.slice(2);
const module = await WebAssembly.compile(readFileSync(file));
let best = Infinity;
let stdout = Buffer.alloc(0);
for (let i = 0; i < Number(repeatText); i++) {
  const outPath = join(tmpdir(), `node-bench-${process.pid}-${i}.out`);
  const fd = openSync(outPath, "w");
  const wasi = new WASI({ version: "preview1", args: [file, ...args], env: {}, stdout: fd, returnOnExit: true });
  const start = process.hrtime.bigint();
  const instance = await WebAssembly.instantiate(module, { wasi_snapshot_preview1: wasi.wasiImport });
  const code = wasi.start(instance);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  closeSync(fd);
  stdout = read(outPath);
  unlinkSync(outPath);
  if (code !== 0) throw new Error(`${file} exited ${code}`);
  best = Math.min(best, seconds);
}
console.log(`seconds ${best.toFixed(4)}`);
console.log(`stdout_sha256 ${createHash("sha256").update(stdout).digest("hex")}`);
