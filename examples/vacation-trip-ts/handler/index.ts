// The vacation-trip handler in TypeScript (runtime wasm-js@1), the twin of examples/vacation-trip:
// GET /trips, POST /trips, DELETE /trips/:id. Trips live in the installation's key-value storage
// (cap:storage.kv) under "trip:<id>".
import { Router, Request, Response, callAction, setHandler, type JsonValue } from "@selegic/scrm-handler-js";
export { handle } from "@selegic/scrm-handler-js";

const KEY_PREFIX = "trip:";
const MAX_DESTINATION = 100;
const MAX_NOTES = 500;

interface Trip { id: string; destination: string; startDate: string; endDate: string; notes: string; createdBy: string }

function listTrips(): Response {
  const trips: JsonValue[] = [];
  let cursor = "";
  do {
    const page = callAction("storage.list", cursor ? { prefix: KEY_PREFIX, limit: 100, cursor } : { prefix: KEY_PREFIX, limit: 100 });
    if (!page.ok) return refused(page.status, page.code, page.message);
    const { keys = [], cursor: next = "" } = page.output as { keys?: string[]; cursor?: string | null };
    for (const key of keys) {
      const got = callAction("storage.get", { key });
      if (!got.ok) return refused(got.status, got.code, got.message);
      const { found, value } = got.output as { found?: boolean; value?: JsonValue };
      if (found && value !== undefined) trips.push(value);
    }
    cursor = next ?? "";
  } while (cursor.length > 0);
  return Response.json(200, { trips });
}

function createTrip(req: Request): Response {
  const body = req.json<Record<string, unknown>>();
  if (body === null || typeof body !== "object" || Array.isArray(body)) return Response.error(400, "invalid_trip", "The body must be a JSON object.");
  const text = (name: string) => (typeof body[name] === "string" ? (body[name] as string) : "");
  const destination = text("destination").trim();
  const startDate = text("startDate");
  const endDate = text("endDate");
  const notes = text("notes");
  if (destination.length === 0 || destination.length > MAX_DESTINATION)
    return Response.error(400, "invalid_trip", `destination: 1-${MAX_DESTINATION} characters.`);
  if (!isDate(startDate) || !isDate(endDate)) return Response.error(400, "invalid_trip", "startDate and endDate: dates as YYYY-MM-DD.");
  if (endDate < startDate) return Response.error(400, "invalid_trip", "endDate is before startDate.");
  if (notes.length > MAX_NOTES) return Response.error(400, "invalid_trip", `notes: at most ${MAX_NOTES} characters.`);

  const id = newId(req.requestId);
  const createdBy = (req.user as { id?: string } | null)?.id ?? "";
  const trip: Trip = { id, destination, startDate, endDate, notes, createdBy };
  const saved = callAction("storage.put", { key: KEY_PREFIX + id, value: { ...trip } });
  if (!saved.ok) return refused(saved.status, saved.code, saved.message);
  emitLog("info", `trip planned: ${destination} ${startDate}..${endDate}`);
  return Response.json(201, trip);
}

function deleteTrip(req: Request): Response {
  const id = req.param("id");
  if (!/^[a-z0-9-]{1,64}$/.test(id)) return Response.error(400, "invalid_trip_id", "A trip id is 1-64 letters, digits or '-'.");
  const deleted = callAction("storage.delete", { key: KEY_PREFIX + id });
  if (!deleted.ok) return refused(deleted.status, deleted.code, deleted.message);
  if (!(deleted.output as { deleted?: boolean }).deleted) return Response.error(404, "trip_not_found", `No trip ${id}.`);
  emitLog("info", `trip deleted: ${id}`);
  return Response.empty(204);
}

/** An action refusal as this route's answer: the platform's code, 502 for anything not a client error. */
function refused(status: number, code: string, message: string): Response {
  return Response.error(status >= 400 && status < 500 && status !== 401 && status !== 403 ? status : 502, code, message);
}

/** Logging is best effort: without cap:log.write the trip is still saved. */
function emitLog(level: string, message: string): void {
  callAction("log.emit", { level, message });
}

/** Trip ids come from the gateway's unique request id, reduced to letters, digits and '-'. */
function newId(requestId: string): string {
  const id = requestId.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+/, "").slice(0, 64);
  return id.length > 0 ? id : "trip";
}

function isDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (m === null) return false;
  const month = Number(m[2]), day = Number(m[3]);
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

const router = new Router()
  .get("/trips", listTrips)
  .post("/trips", createTrip)
  .delete("/trips/:id", deleteTrip);

setHandler((req) => router.handle(req));
