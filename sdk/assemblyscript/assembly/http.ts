import { Json, JsonValue } from "./json";
import { TextBuilder } from "./text";

/** The request a handler receives (docs/guest-abi.md, "Request"). Header names are lower case. */
export class Request {
  method: string = "";
  path: string = "";
  /** Raw query string without '?'. */
  query: string = "";
  /** Route parameters: from the gateway's endpoint match, and from the Router's own match. */
  params: Map<string, string> = new Map();
  headers: Map<string, string> = new Map();
  /** The body as text ("" when the body was binary: see bodyBase64). */
  body: string = "";
  bodyBase64: string = "";
  config: JsonValue = JsonValue.null();
  user: JsonValue = JsonValue.null();
  installation: JsonValue = JsonValue.null();
  requestId: string = "";

  static fromEnvelope(envelope: JsonValue): Request {
    const r = new Request();
    r.method = envelope.getString("method");
    r.path = envelope.getString("path");
    r.query = envelope.getString("query");
    r.body = envelope.getString("body");
    r.bodyBase64 = envelope.getString("bodyBase64");
    r.requestId = envelope.getString("requestId");
    copyStrings(envelope.get("params"), r.params);
    copyStrings(envelope.get("headers"), r.headers);
    const config = envelope.get("config"); if (config != null) r.config = config;
    const user = envelope.get("user"); if (user != null) r.user = user;
    const installation = envelope.get("installation"); if (installation != null) r.installation = installation;
    return r;
  }

  header(name: string): string | null {
    const key = name.toLowerCase();
    return this.headers.has(key) ? this.headers.get(key) : null;
  }

  param(name: string): string { return this.params.has(name) ? this.params.get(name) : ""; }

  /** The first value of query parameter `name` (percent-decoded, '+' as space), or null. */
  queryParam(name: string): string | null {
    if (this.query.length == 0) return null;
    const pairs = this.query.split("&");
    for (let i = 0; i < pairs.length; i++) {
      const eq = pairs[i].indexOf("=");
      const key = decodeQueryComponent(eq < 0 ? pairs[i] : pairs[i].substring(0, eq));
      if (key == name) return eq < 0 ? "" : decodeQueryComponent(pairs[i].substring(eq + 1));
    }
    return null;
  }

  /** The body parsed as JSON, or null when it is not JSON (Json.lastError says why). */
  json(): JsonValue | null { return Json.parse(this.body); }
}

function copyStrings(from: JsonValue | null, to: Map<string, string>): void {
  if (from == null || !from.isObject) return;
  const keys = from.keys;
  const values = from.values;
  for (let i = 0; i < keys.length; i++) to.set(keys[i], values[i].asString());
}

function decodeQueryComponent(s: string): string {
  const plus = s.replaceAll("+", " ");
  return plus.indexOf("%") < 0 ? plus : decodeURIComponent(plus);
}

/** The response a handler returns (docs/guest-abi.md, "Response"). */
export class Response {
  status: i32;
  headers: Map<string, string> = new Map();
  body: string = "";

  constructor(status: i32 = 200) { this.status = status; }

  static text(status: i32, body: string, contentType: string = "text/plain; charset=utf-8"): Response {
    const r = new Response(status);
    r.headers.set("content-type", contentType);
    r.body = body;
    return r;
  }

  static json(status: i32, value: JsonValue): Response {
    return Response.text(status, value.stringify(), "application/json");
  }

  static empty(status: i32): Response { return new Response(status); }

  /** A JSON error document {"error": code, "message": message}. */
  static error(status: i32, code: string, message: string): Response {
    return Response.json(status, JsonValue.object().setString("error", code).setString("message", message));
  }

  header(name: string, value: string): Response {
    this.headers.set(name.toLowerCase(), value);
    return this;
  }

  toEnvelope(): string {
    const out = new TextBuilder(this.body.length + 256);
    out.append("{\"status\":").append(this.status.toString()).append(",\"headers\":{");
    const keys = this.headers.keys();
    for (let i = 0; i < keys.length; i++) {
      if (i > 0) out.append(",");
      out.appendQuoted(keys[i]).append(":").appendQuoted(this.headers.get(keys[i]));
    }
    return out.append("},\"body\":").appendQuoted(this.body).append("}").toString();
  }
}
