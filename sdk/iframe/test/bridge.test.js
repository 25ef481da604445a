import { test } from "node:test";
import assert from "node:assert/strict";
import { createBridge, createHost, envelope, isValidRoute, BridgeError } from "../src/index.js";
import { connect, manualTimers, tick } from "./support/fake-windows.js";

const HOST = "https://crm.example";
const session = { tenant: "acme", extension: "vacation-trip", version: "1.0.0", user: "u-1", theme: "light", locale: "en" };

function pair(overrides = {}) {
  const link = connect({ hostOrigin: HOST });
  const calls = [];
  const host = createHost({
    window: link.host, iframe: link.iframe, session,
    call: async (route, init) => { calls.push({ route, ...init }); return { status: 201, contentType: "application/json", body: JSON.stringify({ id: "t1" }) }; },
    ...overrides.host,
  });
  const bridge = createBridge({ window: link.guest, hostOrigin: HOST, ...overrides.guest });
  return { link, host, bridge, calls };
}

test("ready() resolves with the host's session bootstrap", async () => {
  const { bridge } = pair();
  assert.deepEqual(await bridge.ready(), session);
  assert.deepEqual(bridge.session, session);
});

test("uiProxy.call reaches the host's call() and returns status and parsed JSON body", async () => {
  const { bridge, calls } = pair();
  const result = await bridge.uiProxy.call("/trips", { method: "post", body: { city: "Lisbon" } });
  assert.deepEqual(calls, [{ route: "/trips", method: "POST", body: { city: "Lisbon" } }]);
  assert.deepEqual(result, { status: 201, ok: true, contentType: "application/json", body: { id: "t1" } });
});

test("a failing host call rejects with the host's code", async () => {
  const { bridge } = pair({ host: { call: async () => { throw new BridgeError("gateway_unreachable", "down"); } } });
  await assert.rejects(bridge.uiProxy.call("/trips"), (e) => e.code === "gateway_unreachable" && e.message === "down");
});

test("hostile routes and methods are refused on the guest side before anything is sent", async () => {
  const { bridge, calls } = pair();
  for (const route of ["trips", "//evil.example/x", "/a/../b", "/a/./b", "/a//b", "/a?x=1", "/a#f", "/a\\b", "", 42, "/" + "a".repeat(1024)])
    await assert.rejects(bridge.uiProxy.call(route), (e) => e.code === "bridge_invalid_route", String(route));
  await assert.rejects(bridge.uiProxy.call("/trips", { method: "OPTIONS" }), (e) => e.code === "bridge_invalid_method");
  assert.equal(calls.length, 0);
});

test("the host re-checks routes a forged guest message carries", async () => {
  const { link, calls } = pair();
  const answers = [];
  link.guest.addEventListener("message", (e) => answers.push(e.data));
  link.guest.parent.postMessage(envelope("ui_proxy.call", "r1", { route: "/../admin", method: "GET" }), HOST);
  link.guest.parent.postMessage(envelope("ui_proxy.call", "r2", { route: "/trips", method: "TRACE" }), HOST);
  link.guest.parent.postMessage(envelope("no_such_type", "r3", {}), HOST);
  await tick(); await tick();
  assert.equal(calls.length, 0);
  assert.deepEqual(answers.map((a) => [a.request_id, a.payload.error.code]),
    [["r1", "bridge_invalid_route"], ["r2", "bridge_invalid_method"], ["r3", "bridge_unknown_type"]]);
});

test("the host ignores messages from other windows, other origins and non-bridge data", async () => {
  const { link, calls } = pair();
  const seen = [];
  link.guest.addEventListener("message", (e) => seen.push(e.data));
  const call = envelope("ui_proxy.call", "x", { route: "/trips", method: "GET" });
  link.host.deliver(call, "*", { postMessage() {} }, "null");           // another window
  link.host.deliver(call, "*", link.guest, "https://evil.example");     // right window, wrong origin
  link.host.deliver({ ...call, version: "2" }, "*", link.guest, "null"); // another protocol version
  link.host.deliver({ ...call, scrm: "yes" }, "*", link.guest, "null");
  await tick(); await tick();
  assert.equal(calls.length, 0);
  assert.equal(seen.length, 0);
});

test("a forged answer carrying the real request id from the wrong origin does not settle the request", async () => {
  const timers = manualTimers();
  const link = connect({ hostOrigin: HOST });
  const sent = [];
  link.host.addEventListener("message", (e) => sent.push(e.data));
  const bridge = createBridge({ window: link.guest, hostOrigin: HOST, timers });
  const pending = bridge.uiProxy.call("/trips");
  await tick();
  const id = sent[0].request_id;
  link.guest.deliver(envelope("response", id, { ok: true, result: { status: 200 } }), "*", link.parentHandle, "https://evil.example");
  await tick();
  timers.fireAll();
  await assert.rejects(pending, (e) => e.code === "bridge_timeout");
  // the genuine answer settles a request with the same id shape
  const second = bridge.uiProxy.call("/trips");
  await tick();
  link.guest.deliver(envelope("response", sent[1].request_id, { ok: true, result: { status: 204, body: "" } }), "*", link.parentHandle, HOST);
  assert.equal((await second).status, 204);
});

test("guest messages go only to the host origin", async () => {
  const link = connect({ hostOrigin: "https://other.example" });
  const bridge = createBridge({ window: link.guest, hostOrigin: HOST, timers: manualTimers() });
  const received = [];
  link.host.addEventListener("message", (e) => received.push(e.data));
  bridge.resize(100);
  await tick();
  assert.equal(received.length, 0);
});

test("resize, navigate and theme notifications flow both ways", async () => {
  const sizes = [], paths = [], themes = [];
  const { bridge, host } = pair({ host: { onResize: (h) => sizes.push(h), onNavigate: (p) => paths.push(p) } });
  bridge.onTheme((t) => themes.push(t));
  await bridge.ready();
  bridge.resize(321.4);
  bridge.navigate("/contacts/42");
  assert.throws(() => bridge.navigate("https://evil.example/"), (e) => e.code === "bridge_invalid_path");
  assert.throws(() => bridge.navigate("//evil.example/"), (e) => e.code === "bridge_invalid_path");
  host.setTheme("dark");
  await tick(); await tick();
  assert.deepEqual(sizes, [322]);
  assert.deepEqual(paths, ["/contacts/42"]);
  assert.deepEqual(themes, ["light", "dark"]);
  assert.equal(bridge.session.theme, "dark");
});

test("the guest needs a host origin: from options, the URL fragment, or ancestorOrigins", () => {
  const link = connect({ hostOrigin: HOST });
  assert.throws(() => createBridge({ window: link.guest }), (e) => e.code === "bridge_no_host_origin");
  link.guest.location.hash = "#scrm-host=" + encodeURIComponent(HOST);
  assert.equal(createBridge({ window: link.guest }).hostOrigin, HOST);
  link.guest.location = { hash: "", ancestorOrigins: [HOST] };
  assert.equal(createBridge({ window: link.guest }).hostOrigin, HOST);
  assert.throws(() => createBridge({ window: link.guest, hostOrigin: "*" }), (e) => e.code === "bridge_no_host_origin");
});

test("dispose() fails waiting requests and stops listening", async () => {
  const { bridge, link } = pair({ host: { call: () => new Promise(() => {}) }, guest: { timers: manualTimers() } });
  const pending = bridge.uiProxy.call("/trips");
  bridge.dispose();
  await assert.rejects(pending, (e) => e.code === "bridge_disposed");
  assert.equal(link.guest.listeners.size, 0);
});

test("isValidRoute accepts plain paths with parameters", () => {
  for (const route of ["/", "/trips", "/trips/abc-123", "/trips/a%20b", "/v1/x:y"]) assert.ok(isValidRoute(route), route);
});
