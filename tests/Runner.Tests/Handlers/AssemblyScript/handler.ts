// A handler written with sdk/assemblyscript, built by the tests with the SDK's own asc.
import {
  Router, Request, Response, Json, JsonValue, callAction, logInfo, logWarn, setHandler,
} from "../../../../sdk/assemblyscript/assembly/index";
export { scrm_alloc, scrm_handle } from "../../../../sdk/assemblyscript/assembly/index";

function hello(req: Request): Response {
  const greeting = req.config.getString("greeting", "hello");
  return Response.text(200, greeting + " " + req.param("name"));
}

function echo(req: Request): Response {
  const out = JsonValue.object()
    .setString("method", req.method)
    .setString("path", req.path)
    .setString("q", req.queryParam("q") || "(none)")
    .setString("xTest", req.header("X-Test") || "(none)")
    .setString("user", req.user.getString("id"))
    .setString("tenant", req.installation.getString("tenant"))
    .set("params", JsonValue.object().setString("id", req.param("id")));
  return Response.json(200, out).header("X-Handler", "assemblyscript");
}

function createTrip(req: Request): Response {
  const trip = req.json();
  if (trip == null || !trip.isObject) return Response.error(400, "invalid_trip", "the body must be a JSON object");
  const name = trip.getString("name");
  const result = callAction("storage.put", JsonValue.object().setString("key", "trip:" + name).set("value", trip));
  if (!result.ok) {
    logWarn("storage.put refused: " + result.code);
    return Response.error(502, result.code, result.message);
  }
  logInfo("saved trip " + name);
  return Response.json(201, result.output);
}

/** Parses the body and answers with it re-serialized: the JSON parser and writer both ways through the envelopes. */
function roundTrip(req: Request): Response {
  const body = req.json();
  if (body == null) return Response.error(400, "invalid_json", Json.lastError);
  return Response.json(200, body);
}

function boom(req: Request): Response {
  throw new Error("boom in " + req.path);
}

const router = new Router()
  .get("/hello/:name", hello)
  .get("/echo/:id", echo)
  .post("/trips", createTrip)
  .post("/json", roundTrip)
  .get("/boom", boom);

setHandler((req: Request): Response => router.handle(req));
