import type { JsonValue } from "./json.js";

/** The request record of wasm-js@1 as componentize-js hands it over (../wit/handler.wit, "types"). */
export interface WireRequest {
  kind: string;
  action: string;
  requestId: string;
  method: string;
  path: string;
  query: string;
  params: [string, string][];
  headers: [string, string][];
  body: Uint8Array;
  config: string;
  user: string;
  installation: string;
}

export interface WireResponse {
  status: number;
  headers: [string, string][];
  body: Uint8Array;
}

/** The installation a request runs for. */
export interface Installation { id: string; tenant: string; extension: string; version: string }

const decoder = new TextDecoder();
const encoder = new TextEncoder();

/** The request a handler receives (docs/guest-abi.md, "wasm-js@1"). Header names are lower case. */
export class Request {
  /** "http", or "action" when a CRM flow calls a manifest-declared action (its name is in `action`). */
  readonly kind: string;
  readonly action: string;
  readonly requestId: string;
  readonly method: string;
  readonly path: string;
  /** Raw query string without '?'. */
  readonly query: string;
  /** Route parameters: from the gateway's endpoint match, and from the Router's own match. */
  readonly params: Map<string, string>;
  readonly headers: Map<string, string>;
  readonly bodyBytes: Uint8Array;
  readonly config: JsonValue;
  readonly user: JsonValue;
  readonly installation: Installation | null;

  constructor(wire: WireRequest) {
    this.kind = wire.kind;
    this.action = wire.action;
    this.requestId = wire.requestId;
    this.method = wire.method;
    this.path = wire.path;
    this.query = wire.query;
    this.params = new Map(wire.params);
    this.headers = new Map(wire.headers);
    this.bodyBytes = wire.body;
    this.config = JSON.parse(wire.config) as JsonValue;
    this.user = JSON.parse(wire.user) as JsonValue;
    this.installation = JSON.parse(wire.installation) as Installation | null;
  }

  /** The body as UTF-8 text. */
  get body(): string { return decoder.decode(this.bodyBytes); }

  header(name: string): string | null { return this.headers.get(name.toLowerCase()) ?? null; }

  param(name: string): string { return this.params.get(name) ?? ""; }

  /** The first value of query parameter `name` (percent-decoded, '+' as space), or null. */
  queryParam(name: string): string | null {
    return this.query.length === 0 ? null : new URLSearchParams(this.query).get(name);
  }

  /** The body parsed as JSON; null when it is empty or not JSON. */
  json<T = JsonValue>(): T | null {
    try { return this.bodyBytes.length === 0 ? null : JSON.parse(this.body) as T; } catch { return null; }
  }
}

/** The response a handler returns. */
export class Response {
  status: number;
  headers: Map<string, string> = new Map();
  body: Uint8Array;

  constructor(status = 200, body: Uint8Array | string = new Uint8Array(0)) {
    this.status = status;
    this.body = typeof body === "string" ? encoder.encode(body) : body;
  }

  static text(status: number, body: string, contentType = "text/plain; charset=utf-8"): Response {
    return new Response(status, body).header("content-type", contentType);
  }

  static json(status: number, value: unknown): Response {
    return Response.text(status, JSON.stringify(value), "application/json");
  }

  static empty(status: number): Response { return new Response(status); }

  /** A JSON error document {"error": code, "message": message}. */
  static error(status: number, code: string, message: string): Response {
    return Response.json(status, { error: code, message });
  }

  header(name: string, value: string): Response {
    this.headers.set(name.toLowerCase(), value);
    return this;
  }

  toWire(): WireResponse {
    return { status: this.status, headers: [...this.headers], body: this.body };
  }
}
