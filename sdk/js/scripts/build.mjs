#!/usr/bin/env node
// Builds a wasm-js@1 handler: esbuild bundles the TypeScript/JavaScript entry (and the SDK) into
// one ES module, then componentize-js turns it into a WebAssembly component of world
// selegic:extension/handler@1.0.0 with every WASI feature disabled (the component imports only
// the world's actions and log interfaces).
//
//   node scripts/build.mjs <entry.ts|entry.js> -o <handler.wasm>
import { build } from "esbuild";
import { componentize } from "@bytecodealliance/componentize-js";
import { mkdtemp, rm, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const sdk = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const out = args.indexOf("-o");
const entry = args.find((a, i) => !a.startsWith("-") && i !== out + 1);
if (!entry || out < 0 || !args[out + 1]) {
  console.error("usage: build.mjs <entry.ts|entry.js> -o <handler.wasm>");
  process.exit(2);
}
const output = resolve(args[out + 1]);

const work = await mkdtemp(join(tmpdir(), "scrm-js-"));
try {
  const bundled = join(work, "handler.js");
  await build({
    entryPoints: [resolve(entry)],
    bundle: true,
    format: "esm",
    platform: "neutral",
    target: "es2022",
    outfile: bundled,
    external: ["selegic:extension/*"],
    // a handler written against the SDK by package name resolves to this copy
    alias: { "@selegic/scrm-handler-js": join(sdk, "src", "index.ts") },
    logLevel: "warning",
  });
  // componentize-js reads the WIT inside its own WASI sandbox, which sees only the working directory
  process.chdir(sdk);
  const { component } = await componentize({
    sourcePath: bundled,
    witPath: "wit",
    worldName: "handler",
    disableFeatures: ["stdio", "random", "clocks", "http", "fetch-event"],
  });
  await mkdir(dirname(output), { recursive: true });
  await writeFile(output, component);
  console.log(`${output}: ${(component.length / 1024 / 1024).toFixed(2)} MiB component (wasm-js@1)`);
} finally {
  await rm(work, { recursive: true, force: true });
}
