// @selegic/scrm-handler-js: write an extension handler in TypeScript or JavaScript (guest ABI wasm-js@1).
//
//   import { Router, Request, Response, callAction, logInfo, setHandler } from "@selegic/scrm-handler-js";
//   export { handle } from "@selegic/scrm-handler-js";
//
//   const router = new Router().get("/hello/:name", (req: Request) => Response.text(200, "hello " + req.param("name")));
//   setHandler((req) => router.handle(req));
//
// Build: node node_modules/@selegic/scrm-handler-js/scripts/build.mjs src/handler.ts -o handler.wasm
// (esbuild bundles, componentize-js makes the component; `scrm extension build` runs it).

import { write } from "selegic:extension/log@1.0.0";
import { Request, Response, type WireRequest, type WireResponse } from "./http.js";
import type { Handler } from "./router.js";

export { Request, Response } from "./http.js";
export type { Installation, WireRequest, WireResponse } from "./http.js";
export { Router } from "./router.js";
export type { Handler } from "./router.js";
export { callAction } from "./actions.js";
export type { ActionResult } from "./actions.js";
export { log, logDebug, logInfo, logWarn, logError } from "./log.js";
export type { LogLevel } from "./log.js";
export { parseJson } from "./json.js";
export type { JsonValue } from "./json.js";

/** SpiderMonkey's out-of-memory exception is this string, not an Error. */
const OUT_OF_MEMORY = "out of memory";

let current: Handler = () => Response.error(500, "no_handler", "the handler module never called setHandler()");

/** Registers the function that answers every request (usually a Router's handle). */
export function setHandler(handler: Handler): void { current = handler; }

/**
 * The world's export: runs the handler. An exception that escapes it is logged and then traps
 * (the gateway answers 502 handler_trap); running out of memory is reported as such first, so the
 * Runner answers handler_memory_limit (docs/guest-abi.md).
 */
export function handle(wire: WireRequest): WireResponse {
  try {
    return current(new Request(wire)).toWire();
  } catch (e) {
    if (e === OUT_OF_MEMORY || (e instanceof Error && e.message === OUT_OF_MEMORY)) {
      write("error", OUT_OF_MEMORY + ": the handler reached its memory limit");
    } else {
      write("error", "uncaught " + describe(e));
    }
    throw e;
  }
}

function describe(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message}${e.stack ? "\n" + e.stack : ""}`;
  return String(e);
}
