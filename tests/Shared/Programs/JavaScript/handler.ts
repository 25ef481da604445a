// A wasm-js@1 test handler written with sdk/js (imported by relative path) and built by
// sdk/js/scripts/build.mjs at test time: one component serves every test, since building and
// compiling one takes seconds.
import { Router, Request, Response, callAction, logInfo, logWarn, setHandler } from "../../../../sdk/js/src/index.js";
export { handle } from "../../../../sdk/js/src/index.js";

let requestsSeen = 0; // module state: a fresh instance per request starts it at 0 again

const router = new Router()
  .get("/counter", (req: Request) => Response.json(200, { seen: ++requestsSeen, tenant: req.installation?.tenant ?? null, config: req.config }))
  .get("/hello/:name", (req: Request) => {
    const greeting = (req.config as { greeting?: string } | null)?.greeting ?? "hello";
    return Response.text(200, `${greeting} ${req.param("name")}`);
  })
  .post("/echo/:id", (req: Request) => Response.json(200, {
    method: req.method,
    path: req.path,
    q: req.queryParam("q"),
    xTest: req.header("X-Test"),
    body: req.body,
    user: (req.user as { id?: string } | null)?.id ?? null,
    installation: req.installation,
    params: Object.fromEntries(req.params),
    requestId: req.requestId,
  }).header("x-handler", "typescript"))
  .get("/store/:key", (req: Request) => {
    const result = callAction("storage.put", { key: req.param("key"), value: "v" });
    return Response.json(result.ok ? 200 : 502, result);
  })
  .post("/kv/:key", (req: Request) => {
    const result = callAction("storage.put", { key: req.param("key"), value: req.body });
    return result.ok ? Response.json(201, result.output) : Response.text(403, result.code);
  })
  .get("/kv/:key", (req: Request) => {
    const result = callAction("storage.get", { key: req.param("key") });
    return result.ok ? Response.json(200, result.output) : Response.text(result.status, result.code);
  })
  .get("/denied", () => Response.json(200, callAction("denied.read", {})))
  .get("/log", () => {
    logInfo("first line");
    logWarn("second line");
    return Response.empty(204);
  })
  .get("/loop", () => { for (;;) { /* spin until the deadline */ } })
  .get("/bomb", () => {
    const hoard: number[][] = [];
    for (;;) hoard.push(new Array(1 << 16).fill(hoard.length));
  })
  .get("/throw", () => { throw new Error("boom from typescript"); })
  .get("/bad-header", () => Response.text(200, "x").header("bad header", "y"));

setHandler((req) => router.handle(req));
