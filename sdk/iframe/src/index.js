// @selegic/scrm-iframe: the postMessage bridge between an extension's UI (a sandboxed iframe)
// and the CRM host page. Protocol: docs/ui-bridge.md. The guest half (ready, uiProxy, resize,
// navigate, theme) runs in the iframe; the host half (createHost) runs in the host page.

export const PROTOCOL_VERSION = "1";
export const DEFAULT_TIMEOUT_MS = 10000;
export const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"];

/** Message types. Requests are answered by a "response" with the same request_id. */
export const MessageType = Object.freeze({
  Ready: "ready",           // guest -> host request; answer: the session bootstrap
  Call: "ui_proxy.call",    // guest -> host request; answer: the handler's response
  Resize: "resize",         // guest -> host notification {height}
  Navigate: "navigate",     // guest -> host notification {path}
  Theme: "theme",           // host -> guest notification {theme}
  Response: "response",     // answer to a request: {ok: true, result} | {ok: false, error: {code, message}}
});

/** A refusal or failure of the bridge, with a stable code (docs/ui-bridge.md, "Errors"). */
export class BridgeError extends Error {
  constructor(code, message) {
    super(message);
    this.name = "BridgeError";
    this.code = code;
  }
}

/** The envelope every bridge message has. */
export function envelope(type, requestId, payload) {
  return { scrm: true, version: PROTOCOL_VERSION, type, request_id: requestId, payload: payload ?? null };
}

/** Whether `data` is a bridge message of this protocol version (anything else is ignored). */
export function isBridgeMessage(data) {
  return data !== null && typeof data === "object" && data.scrm === true && data.version === PROTOCOL_VERSION
    && typeof data.type === "string" && typeof data.request_id === "string";
}

/**
 * Whether `route` may be proxied: an absolute path of URL-safe characters, no "." / ".." / empty
 * segments, no query, fragment or backslash, at most 1024 characters.
 */
export function isValidRoute(route) {
  if (typeof route !== "string" || route.length < 1 || route.length > 1024 || route[0] !== "/") return false;
  if (!/^[A-Za-z0-9._~\-\/:%@!$&'()*+,;=]*$/.test(route)) return false;
  if (route === "/") return true;
  return route.slice(1).split("/").every((segment) => segment.length > 0 && segment !== "." && segment !== "..");
}

let counter = 0;
function newRequestId() {
  counter = (counter + 1) % Number.MAX_SAFE_INTEGER;
  const random = Math.random().toString(36).slice(2, 10);
  return `${Date.now().toString(36)}-${counter.toString(36)}-${random}`;
}

/**
 * Requests this side sent and is waiting for: each settles on its response or after the timeout.
 */
class PendingRequests {
  constructor(timers, timeoutMs) {
    this.timers = timers;
    this.timeoutMs = timeoutMs;
    this.waiting = new Map();
  }

  add(requestId, type) {
    return new Promise((resolve, reject) => {
      const timer = this.timers.setTimeout(() => {
        this.waiting.delete(requestId);
        reject(new BridgeError("bridge_timeout", `No answer to '${type}' within ${this.timeoutMs} ms.`));
      }, this.timeoutMs);
      this.waiting.set(requestId, { resolve, reject, timer });
    });
  }

  settle(requestId, payload) {
    const entry = this.waiting.get(requestId);
    if (!entry) return false;
    this.waiting.delete(requestId);
    this.timers.clearTimeout(entry.timer);
    if (payload && payload.ok === true) entry.resolve(payload.result);
    else {
      const error = (payload && payload.error) || {};
      entry.reject(new BridgeError(String(error.code || "bridge_failed"), String(error.message || "The host refused the request.")));
    }
    return true;
  }

  rejectAll(code, message) {
    for (const [, entry] of this.waiting) {
      this.timers.clearTimeout(entry.timer);
      entry.reject(new BridgeError(code, message));
    }
    this.waiting.clear();
  }
}

function defaultTimers(win) {
  return {
    setTimeout: (fn, ms) => (win.setTimeout || setTimeout)(fn, ms),
    clearTimeout: (id) => (win.clearTimeout || clearTimeout)(id),
  };
}

/**
 * The host origin the guest trusts: given explicitly, else the `scrm-host` parameter of the
 * iframe URL's fragment (the host page adds it), else the first ancestor origin (Chromium).
 */
export function resolveHostOrigin(win, explicit) {
  if (explicit) return explicit;
  const hash = (win.location && win.location.hash) || "";
  const match = /[#&]scrm-host=([^&]+)/.exec(hash);
  if (match) return decodeURIComponent(match[1]);
  const ancestors = win.location && win.location.ancestorOrigins;
  if (ancestors && ancestors.length > 0) return ancestors[0];
  return null;
}

/** Parses a proxied handler answer {status, contentType, body} into {status, ok, headers, body}. */
function readCallResult(result) {
  const status = Number(result && result.status) || 0;
  const contentType = (result && result.contentType) || "";
  let body = result ? result.body : null;
  if (typeof body === "string" && /^application\/([a-z.+-]*\+)?json\b/i.test(contentType)) {
    try { body = body.length ? JSON.parse(body) : null; } catch { /* keep the text */ }
  }
  return { status, ok: status >= 200 && status < 300, contentType, body };
}

/**
 * The guest half, for the extension's UI inside the iframe.
 * options: window (default globalThis), hostOrigin (default: see resolveHostOrigin), timeoutMs, timers.
 */
export function createBridge(options = {}) {
  const win = options.window || globalThis;
  const hostOrigin = resolveHostOrigin(win, options.hostOrigin);
  if (!hostOrigin || hostOrigin === "null" || hostOrigin === "*")
    throw new BridgeError("bridge_no_host_origin", "The host origin is unknown; open the UI through the host page or pass hostOrigin.");
  const timeoutMs = options.timeoutMs || DEFAULT_TIMEOUT_MS;
  const pending = new PendingRequests(options.timers || defaultTimers(win), timeoutMs);
  const themeListeners = new Set();
  let session = null;

  function onMessage(event) {
    if (event.source !== win.parent || event.origin !== hostOrigin || !isBridgeMessage(event.data)) return;
    const message = event.data;
    if (message.type === MessageType.Response) pending.settle(message.request_id, message.payload);
    else if (message.type === MessageType.Theme) {
      const theme = message.payload && message.payload.theme;
      if (session) session = { ...session, theme };
      for (const listener of themeListeners) listener(theme);
    }
  }
  win.addEventListener("message", onMessage);

  function send(type, payload) {
    const id = newRequestId();
    win.parent.postMessage(envelope(type, id, payload), hostOrigin);
    return id;
  }

  function request(type, payload) {
    const id = newRequestId();
    const answer = pending.add(id, type);
    win.parent.postMessage(envelope(type, id, payload), hostOrigin);
    return answer;
  }

  return {
    hostOrigin,
    /** Tells the host the UI is up; resolves with the session bootstrap {tenant, extension, version, user, theme, locale}. */
    async ready() {
      session = await request(MessageType.Ready, { protocol: PROTOCOL_VERSION });
      for (const listener of themeListeners) listener(session && session.theme);
      return session;
    },
    /** The session from ready(), or null before it. */
    get session() { return session; },
    uiProxy: {
      /** Calls the extension's handler route through the host page; resolves {status, ok, contentType, body}. */
      async call(route, init = {}) {
        const method = String(init.method || "GET").toUpperCase();
        if (!isValidRoute(route)) throw new BridgeError("bridge_invalid_route", `'${route}' is not a route path like /trips or /trips/42.`);
        if (!METHODS.includes(method)) throw new BridgeError("bridge_invalid_method", `Method '${method}' is not one of ${METHODS.join(", ")}.`);
        const payload = { route, method };
        if (init.body !== undefined) payload.body = init.body;
        return readCallResult(await request(MessageType.Call, payload));
      },
    },
    /** Asks the host to size the iframe to `height` CSS pixels (default: the document's height). */
    resize(height) {
      const value = height ?? (win.document && win.document.documentElement ? win.document.documentElement.scrollHeight : 0);
      send(MessageType.Resize, { height: Math.max(0, Math.ceil(Number(value) || 0)) });
    },
    /** Asks the host to navigate within the CRM (a host-relative path such as /contacts/42). */
    navigate(path) {
      if (typeof path !== "string" || !path.startsWith("/") || path.startsWith("//"))
        throw new BridgeError("bridge_invalid_path", "navigate() takes a host-relative path such as /contacts/42.");
      send(MessageType.Navigate, { path });
    },
    /** Calls `listener(theme)` now (after ready) and whenever the host switches theme; returns an unsubscribe function. */
    onTheme(listener) {
      themeListeners.add(listener);
      return () => themeListeners.delete(listener);
    },
    /** Stops listening and fails every request still waiting. */
    dispose() {
      win.removeEventListener("message", onMessage);
      pending.rejectAll("bridge_disposed", "The bridge was closed.");
    },
  };
}

let defaultBridge = null;
function bridge() {
  if (!defaultBridge) defaultBridge = createBridge();
  return defaultBridge;
}

/** ready() on the default bridge (this window, host origin from the URL fragment). */
export function ready() { return bridge().ready(); }
/** uiProxy.call(route, {method, body}) on the default bridge. */
export const uiProxy = { call: (route, init) => bridge().uiProxy.call(route, init) };
export function resize(height) { return bridge().resize(height); }
export function navigate(path) { return bridge().navigate(path); }
export function onTheme(listener) { return bridge().onTheme(listener); }

/**
 * The host half, for the CRM page that embeds the iframe. Answers the guest's requests from
 * handlers; messages from anything but this iframe's window with the expected origin are ignored.
 * options:
 *   iframe        the <iframe> element (sandbox="allow-scripts", without allow-same-origin)
 *   guestOrigin   the origin the guest's messages carry: "null" for such a sandbox (default)
 *   session       the bootstrap answered to ready(): {tenant, extension, version, user, theme, locale}
 *   call          async (route, {method, body}) => {status, contentType, body}: proxy to the handler
 *   onResize, onNavigate   notifications from the guest
 *   window        the host window (default globalThis)
 */
export function createHost(options) {
  const win = options.window || globalThis;
  const iframe = options.iframe;
  const guestOrigin = options.guestOrigin || "null";
  let session = options.session || {};

  function post(message) {
    const target = iframe.contentWindow;
    // A sandboxed guest's origin is opaque and cannot be named as a target origin, hence "*";
    // nothing secret is ever sent to the guest (docs/ui-bridge.md, "Security").
    if (target) target.postMessage(message, guestOrigin === "null" ? "*" : guestOrigin);
  }

  function answer(requestId, result) { post(envelope(MessageType.Response, requestId, { ok: true, result })); }
  function refuse(requestId, code, message) { post(envelope(MessageType.Response, requestId, { ok: false, error: { code, message } })); }

  async function handleCall(message) {
    const payload = message.payload || {};
    const method = String(payload.method || "GET").toUpperCase();
    if (!isValidRoute(payload.route)) return refuse(message.request_id, "bridge_invalid_route", "The route is not a plain absolute path.");
    if (!METHODS.includes(method)) return refuse(message.request_id, "bridge_invalid_method", `Method '${method}' is not allowed.`);
    try {
      answer(message.request_id, await options.call(payload.route, { method, body: payload.body }));
    } catch (error) {
      refuse(message.request_id, (error && error.code) || "bridge_call_failed", String((error && error.message) || error));
    }
  }

  function onMessage(event) {
    if (!iframe.contentWindow || event.source !== iframe.contentWindow || event.origin !== guestOrigin || !isBridgeMessage(event.data)) return;
    const message = event.data;
    switch (message.type) {
      case MessageType.Ready: answer(message.request_id, session); break;
      case MessageType.Call: handleCall(message); break;
      case MessageType.Resize:
        if (options.onResize && message.payload && Number.isFinite(message.payload.height)) options.onResize(message.payload.height);
        break;
      case MessageType.Navigate:
        if (options.onNavigate && message.payload && typeof message.payload.path === "string") options.onNavigate(message.payload.path);
        break;
      default: refuse(message.request_id, "bridge_unknown_type", `Unknown message type '${message.type}'.`);
    }
  }
  win.addEventListener("message", onMessage);

  return {
    /** Switches the guest's theme (e.g. "light" | "dark"). */
    setTheme(theme) {
      session = { ...session, theme };
      post(envelope(MessageType.Theme, newRequestId(), { theme }));
    },
    dispose() { win.removeEventListener("message", onMessage); },
  };
}
