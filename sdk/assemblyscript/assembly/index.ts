// @selegic/scrm-handler: write an extension handler in AssemblyScript.
//
//   import { Router, Request, Response, JsonValue, callAction, logInfo, setHandler } from "@selegic/scrm-handler/assembly";
//   export { scrm_alloc, scrm_handle } from "@selegic/scrm-handler/assembly";
//
//   const router = new Router().get("/hello/:name", (req: Request): Response => Response.text(200, "hello " + req.param("name")));
//   setHandler((req: Request): Response => router.handle(req));
//
// Build: asc handler.ts -o handler.wasm --optimize --runtime stub
// (one instance serves one request, so the stub runtime, which never collects, is enough and fastest).

import { Json } from "./json";
import { Request, Response } from "./http";
import { Handler } from "./router";
import { writePacked } from "./host";

export { Json, JsonValue, JsonKind, quote } from "./json";
export { Request, Response } from "./http";
export { Router, Handler } from "./router";
export { ActionResult, callAction } from "./actions";
export { LogLevel, log, logDebug, logInfo, logWarn, logError } from "./log";

function notConfigured(request: Request): Response {
  return Response.error(500, "no_handler", "the handler module never called setHandler()");
}

let current: Handler = notConfigured;

/** Registers the function that answers every request (usually a Router's handle). */
export function setHandler(handler: Handler): void { current = handler; }

/** wasm@1 export: memory for the host to write into (unmanaged, never moved). */
export function scrm_alloc(size: i32): i32 {
  return <i32>heap.alloc(size > 0 ? <usize>size : 1);
}

/** wasm@1 export: runs the handler on the request envelope and returns the response envelope. */
export function scrm_handle(ptr: i32, len: i32): i64 {
  const envelope = Json.parse(String.UTF8.decodeUnsafe(<usize>ptr, <usize>len));
  const response = envelope == null
    ? Response.error(400, "bad_envelope", Json.lastError)
    : current(Request.fromEnvelope(envelope));
  return writePacked(response.toEnvelope());
}
