// The vacation-trip handler: GET /trips, POST /trips, DELETE /trips/:id.
// Trips live in the installation's key-value storage (cap:storage.kv) under "trip:<id>".
import {
  Router, Request, Response, JsonValue, callAction, setHandler,
} from "@selegic/scrm-handler/assembly/index";
export { scrm_alloc, scrm_handle } from "@selegic/scrm-handler/assembly/index";

const KEY_PREFIX = "trip:";
const MAX_DESTINATION = 100;
const MAX_NOTES = 500;

function listTrips(req: Request): Response {
  const trips = JsonValue.array();
  let cursor = "";
  do {
    const input = JsonValue.object().setString("prefix", KEY_PREFIX).setNumber("limit", 100);
    if (cursor.length > 0) input.setString("cursor", cursor);
    const page = callAction("storage.list", input);
    if (!page.ok) return refused(page.status, page.code, page.message);
    const keys = page.output.get("keys");
    if (keys != null) {
      for (let i = 0; i < keys.length; i++) {
        const got = callAction("storage.get", JsonValue.object().setString("key", keys.values[i].asString()));
        if (!got.ok) return refused(got.status, got.code, got.message);
        const value = got.output.get("value");
        if (got.output.getBool("found") && value != null) trips.push(value);
      }
    }
    cursor = page.output.getString("cursor");
  } while (cursor.length > 0);
  return Response.json(200, JsonValue.object().set("trips", trips));
}

function createTrip(req: Request): Response {
  const body = req.json();
  if (body == null || !body.isObject) return Response.error(400, "invalid_trip", "The body must be a JSON object.");
  const destination = body.getString("destination").trim();
  const startDate = body.getString("startDate");
  const endDate = body.getString("endDate");
  const notes = body.getString("notes");
  if (destination.length == 0 || destination.length > MAX_DESTINATION)
    return Response.error(400, "invalid_trip", "destination: 1-" + MAX_DESTINATION.toString() + " characters.");
  if (!isDate(startDate) || !isDate(endDate))
    return Response.error(400, "invalid_trip", "startDate and endDate: dates as YYYY-MM-DD.");
  if (endDate < startDate) return Response.error(400, "invalid_trip", "endDate is before startDate.");
  if (notes.length > MAX_NOTES) return Response.error(400, "invalid_trip", "notes: at most " + MAX_NOTES.toString() + " characters.");

  const id = newId(req.requestId);
  const trip = JsonValue.object()
    .setString("id", id)
    .setString("destination", destination)
    .setString("startDate", startDate)
    .setString("endDate", endDate)
    .setString("notes", notes)
    .setString("createdBy", req.user.getString("id"));
  const saved = callAction("storage.put", JsonValue.object().setString("key", KEY_PREFIX + id).set("value", trip));
  if (!saved.ok) return refused(saved.status, saved.code, saved.message);
  emitLog("info", "trip planned: " + destination + " " + startDate + ".." + endDate);
  return Response.json(201, trip);
}

function deleteTrip(req: Request): Response {
  const id = req.param("id");
  if (!isId(id)) return Response.error(400, "invalid_trip_id", "A trip id is 1-64 letters, digits or '-'.");
  const deleted = callAction("storage.delete", JsonValue.object().setString("key", KEY_PREFIX + id));
  if (!deleted.ok) return refused(deleted.status, deleted.code, deleted.message);
  if (!deleted.output.getBool("deleted")) return Response.error(404, "trip_not_found", "No trip " + id + ".");
  emitLog("info", "trip deleted: " + id);
  return Response.empty(204);
}

/** An action refusal as this route's answer: the platform's code, 502 for anything not a client error. */
function refused(status: i32, code: string, message: string): Response {
  return Response.error(status >= 400 && status < 500 && status != 401 && status != 403 ? status : 502, code, message);
}

/** Logging is best effort: without cap:log.write the trip is still saved. */
function emitLog(level: string, message: string): void {
  callAction("log.emit", JsonValue.object().setString("level", level).setString("message", message));
}

/** Trip ids come from the gateway's unique request id, reduced to letters, digits and '-'. */
function newId(requestId: string): string {
  let id = "";
  for (let i = 0; i < requestId.length && id.length < 64; i++) {
    const c = requestId.charCodeAt(i);
    if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)) id += String.fromCharCode(c);
    else if (id.length > 0 && id.charCodeAt(id.length - 1) != 45) id += "-";
  }
  return id.length > 0 ? id.toLowerCase() : "trip";
}

function isId(id: string): bool {
  if (id.length == 0 || id.length > 64) return false;
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 122) || c == 45)) return false;
  }
  return true;
}

function isDate(s: string): bool {
  if (s.length != 10 || s.charCodeAt(4) != 45 || s.charCodeAt(7) != 45) return false;
  for (let i = 0; i < 10; i++) {
    if (i == 4 || i == 7) continue;
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  const month = I32.parseInt(s.substring(5, 7));
  const day = I32.parseInt(s.substring(8, 10));
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

const router = new Router()
  .get("/trips", listTrips)
  .post("/trips", createTrip)
  .delete("/trips/:id", deleteTrip);

setHandler((req: Request): Response => router.handle(req));
