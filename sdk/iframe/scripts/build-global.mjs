// Writes dist/scrm-iframe.js: src/index.js as a classic script exposing `globalThis.scrm`.
// Why: a sandboxed iframe without allow-same-origin has an opaque origin, so module scripts
// (always fetched with CORS) from the asset server would be refused; classic scripts load fine.
// `--check` fails when the committed file is not what this script would write.
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const source = readFileSync(join(root, "src/index.js"), "utf8");
const names = [...source.matchAll(/^export (?:async )?(?:function|class|const|let) ([A-Za-z_$][\w$]*)/gm)].map((m) => m[1]);
const body = source.replace(/^export /gm, "");
const output = `// Generated from src/index.js by scripts/build-global.mjs; do not edit.\n(function () {\n"use strict";\n${body}\nglobalThis.scrm = Object.freeze({ ${names.join(", ")} });\n})();\n`;
const target = join(root, "dist/scrm-iframe.js");
if (process.argv.includes("--check")) {
  let current = "";
  try { current = readFileSync(target, "utf8"); } catch { /* missing */ }
  if (current !== output) { console.error("dist/scrm-iframe.js is stale: run npm run build"); process.exit(1); }
} else {
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, output);
}
