// Reference runner: executes a WASI preview-1 command module under Node.js (V8) so the
// tests can compare our engine's stdout and exit code with it.
// Usage: node run-under-node.mjs FILE.wasm [args...]
// stdin, stdout and stderr are the process's own; the exit code is the program's.
// Also provides env.abort (AssemblyScript without the WASI shim): message to stderr, exit 134.
import { readFileSync } from "node:fs";
import { WASI } from "node:wasi";
import process from "node:process";

const [file, ...args] = process.argv.slice(2);
if (!file) {
  process.stderr.write("usage: node run-under-node.mjs FILE.wasm [args...]\n");
  process.exit(2);
}

const wasi = new WASI({ version: "preview1", args: [file, ...args], env: {}, returnOnExit: true });
let memory;
const readAssemblyScriptString = (ptr) => {
  if (!ptr) return "null";
  const bytes = new Uint8Array(memory.buffer);
  const length = new Uint32Array(memory.buffer, ptr - 4, 1)[0];
  return Buffer.from(bytes.subarray(ptr, ptr + length)).toString("utf16le");
};
const imports = {
  wasi_snapshot_preview1: wasi.wasiImport,
  env: {
    abort(message, fileName, line, column) {
      process.stderr.write(`abort: ${readAssemblyScriptString(message)} at ${readAssemblyScriptString(fileName)}:${line}:${column}\n`);
      process.exit(134);
    },
  },
};

const module = await WebAssembly.compile(readFileSync(file));
const instance = await WebAssembly.instantiate(module, imports);
memory = instance.exports.memory;
const code = wasi.start(instance);
process.exitCode = code ?? 0;
