// The tenant admin page: plain ES module, no build step. It talks only to the public API with the
// tenant key the admin signed in with (kept in this tab's sessionStorage), and hosts extension UIs
// in a sandboxed iframe through the host half of the bridge (sdk/iframe, served as scrm-iframe.js).
import { createHost } from "./scrm-iframe.js";

const $ = (id) => document.getElementById(id);
const STORAGE_KEY = "scrm-admin-session";
let auth = null;        // {tenant, apiKey}
let host = null;        // the bridge host of the open iframe
let theme = "light";

// ---- API -------------------------------------------------------------------------------------

class ApiError extends Error {
  constructor(status, code, message) { super(message); this.status = status; this.code = code; }
}

async function api(method, path, body) {
  const response = await fetch(`/api/v1/tenants/${encodeURIComponent(auth.tenant)}${path}`, {
    method,
    headers: { Authorization: `Bearer ${auth.apiKey}`, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 204) return null;
  const text = await response.text();
  const json = text ? JSON.parse(text) : null;
  if (!response.ok) throw new ApiError(response.status, json?.code ?? "http_" + response.status, json?.detail ?? json?.title ?? response.statusText);
  return json;
}

function describe(error) {
  return error instanceof ApiError ? `${error.message} (${error.code}, HTTP ${error.status})` : String(error?.message ?? error);
}

function say(text, isError = false) {
  $("message").textContent = text;
  $("message").className = isError ? "error" : "muted";
}

async function attempt(action) {
  try { await action(); } catch (error) { say(describe(error), true); }
}

// ---- DOM helpers -----------------------------------------------------------------------------

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === "onclick") node.addEventListener("click", value);
    else if (name === "dataset") Object.assign(node.dataset, value);
    else if (value !== undefined && value !== null && value !== false) node.setAttribute(name, value === true ? "" : value);
  }
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
}

function versionSelect(versions, selected) {
  return el("select", { class: "version" }, ...versions.map((v) => el("option", { value: v.version, selected: v.version === selected }, v.version)));
}

// ---- sign in ---------------------------------------------------------------------------------

async function signIn(tenant, apiKey) {
  auth = { tenant, apiKey };
  try {
    await api("GET", "/settings");
  } catch (error) {
    auth = null;
    throw error;
  }
  sessionStorage.setItem(STORAGE_KEY, JSON.stringify(auth));
  $("sign-in-panel").hidden = true;
  $("console").hidden = false;
  $("sign-out").hidden = false;
  $("theme-toggle").hidden = false;
  $("signed-in-as").textContent = `tenant ${tenant}`;
  await refresh();
}

function signOut() {
  sessionStorage.removeItem(STORAGE_KEY);
  closeFrame();
  location.reload();
}

// ---- extensions and installations ------------------------------------------------------------

let installations = [];

async function refresh() {
  const [extensions, installed] = await Promise.all([api("GET", "/extensions"), api("GET", "/installations")]);
  installations = installed.items;
  const versionsBySlug = new Map(await Promise.all(
    extensions.items.map(async (e) => [e.slug, (await api("GET", `/extensions/${encodeURIComponent(e.slug)}/versions`)).items])));
  renderExtensions(extensions.items, versionsBySlug);
  renderInstallations(versionsBySlug);
}

function renderExtensions(extensions, versionsBySlug) {
  $("no-extensions").hidden = extensions.length > 0;
  $("extensions").querySelector("tbody").replaceChildren(...extensions.map((extension) => {
    const select = versionSelect(versionsBySlug.get(extension.slug) ?? [], extension.latestVersion);
    const installed = installations.some((i) => i.extension === extension.slug);
    return el("tr", { dataset: { slug: extension.slug } },
      el("td", {}, el("strong", {}, extension.name), " ", el("code", {}, extension.slug),
        extension.description ? el("div", { class: "muted" }, extension.description) : null),
      el("td", {}, extension.latestVersion),
      el("td", {}, select),
      el("td", {}, installed
        ? el("span", { class: "muted" }, "installed")
        : el("button", { type: "button", class: "install", onclick: () => attempt(() => showInstall(extension.slug, select.value)) }, "Install…")));
  }));
}

function renderInstallations(versionsBySlug) {
  $("no-installations").hidden = installations.length > 0;
  $("installations").querySelector("tbody").replaceChildren(...installations.map((installation) => {
    const select = versionSelect(versionsBySlug.get(installation.extension) ?? [], installation.version);
    return el("tr", { dataset: { extension: installation.extension, id: installation.id } },
      el("td", {}, el("code", {}, installation.extension)),
      el("td", {}, installation.version),
      el("td", {}, el("span", { class: installation.enabled ? "badge on" : "badge" }, installation.enabled ? "enabled" : "disabled")),
      el("td", {}, ...(installation.grants.length ? installation.grants.map((g) => el("code", { class: "grant" }, g)) : [el("span", { class: "muted" }, "none")])),
      el("td", {}, el("div", { class: "actions" },
        el("button", { type: "button", class: "open", disabled: !installation.enabled, onclick: () => attempt(() => openFrame(installation)) }, "Open"),
        el("button", { type: "button", class: "secondary toggle", onclick: () => attempt(() => toggle(installation)) }, installation.enabled ? "Disable" : "Enable"),
        select,
        el("button", { type: "button", class: "secondary upgrade", onclick: () => attempt(() => changeVersion(installation, select.value)) }, "Change version"),
        el("button", { type: "button", class: "secondary logs", onclick: () => attempt(() => showLogs(installation)) }, "Logs"))));
  }));
}

let pendingInstall = null;

async function showInstall(slug, version) {
  const manifest = await api("GET", `/extensions/${encodeURIComponent(slug)}/versions/${encodeURIComponent(version)}/manifest`);
  pendingInstall = { slug, version };
  $("install-title").textContent = `${manifest.name} ${version}`;
  const capabilities = manifest.capabilities ?? [];
  $("install-grants").replaceChildren(...(capabilities.length
    ? capabilities.map((cap) => el("label", {}, el("input", { type: "checkbox", name: "grant", value: cap, checked: true }), " ", el("code", {}, cap)))
    : [el("p", { class: "muted" }, "This version asks for no capabilities.")]));
  $("install-panel").hidden = false;
}

async function install() {
  const grants = [...document.querySelectorAll("#install-grants input[name=grant]:checked")].map((box) => box.value);
  const created = await api("POST", "/installations", { extension: pendingInstall.slug, version: pendingInstall.version, grants });
  $("install-panel").hidden = true;
  say(`Installed ${created.extension} ${created.version} with ${grants.length ? grants.join(", ") : "no grants"}.`);
  await refresh();
}

async function toggle(installation) {
  const changed = await api("POST", `/installations/${installation.id}/${installation.enabled ? "disable" : "enable"}`);
  if (!changed.enabled) closeFrame();
  say(`${changed.extension} is now ${changed.enabled ? "enabled" : "disabled"}.`);
  await refresh();
}

async function changeVersion(installation, version) {
  if (version === installation.version) return say(`${installation.extension} already runs ${version}.`);
  const changed = await api("PUT", `/installations/${installation.id}/version`, { version });
  closeFrame();
  say(`${changed.extension} now runs ${changed.version}.`);
  await refresh();
}

async function showLogs(installation) {
  const page = await api("GET", `/installations/${installation.id}/logs?limit=100`);
  $("logs-title").textContent = `${installation.extension} ${installation.version}`;
  $("no-logs").hidden = page.entries.length > 0;
  $("logs").querySelector("tbody").replaceChildren(...page.entries.map((entry) => el("tr", {},
    el("td", {}, new Date(entry.at).toLocaleString()), el("td", {}, entry.level), el("td", {}, entry.source), el("td", {}, entry.message), el("td", {}, entry.user ?? ""))));
  $("logs-panel").hidden = false;
}

// ---- the extension's iframe ------------------------------------------------------------------

async function openFrame(installation) {
  closeFrame();
  const ticket = await api("POST", `/extensions/${encodeURIComponent(installation.extension)}/ui-ticket`);
  const frame = $("extension-frame");
  const session = { tenant: auth.tenant, extension: installation.extension, version: installation.version, user: "tenant-admin", theme, locale: navigator.language };
  host = createHost({
    iframe: frame,
    session,
    call: (route, init) => proxy(installation.extension, route, init),
    onResize: (height) => { frame.style.height = `${Math.min(Math.max(height, 200), 2000)}px`; },
    onNavigate: (path) => say(`The extension asked to open ${path} (no CRM page here).`),
  });
  $("frame-title").textContent = `${installation.extension} ${installation.version}`;
  $("frame-panel").hidden = false;
  // frameUrl carries the ticket as a path prefix, so the UI's relative URLs keep it where a sandboxed
  // frame's cookies may not be sent; it is on the UI origin when the server has one (EXTENSION_UI_ORIGIN).
  frame.src = `${ticket.frameUrl}#scrm-host=${encodeURIComponent(location.origin)}`;
}

/** The bridge's uiProxy.call: the extension's own route through the gateway, with this admin's key. */
async function proxy(extension, route, { method, body }) {
  const response = await fetch(`/api/ext/${encodeURIComponent(extension)}${route}`, {
    method,
    headers: { Authorization: `Bearer ${auth.apiKey}`, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
    body: body === undefined || method === "GET" ? undefined : JSON.stringify(body),
  });
  return { status: response.status, contentType: response.headers.get("content-type") ?? "", body: await response.text() };
}

function closeFrame() {
  host?.dispose();
  host = null;
  $("extension-frame").removeAttribute("src");
  $("frame-panel").hidden = true;
}

// ---- wiring ----------------------------------------------------------------------------------

$("sign-in-form").addEventListener("submit", (event) => {
  event.preventDefault();
  $("sign-in-error").textContent = "";
  signIn($("tenant").value.trim(), $("api-key").value.trim()).catch((error) => { $("sign-in-error").textContent = describe(error); });
});
$("sign-out").addEventListener("click", signOut);
$("install-panel").addEventListener("submit", (event) => { event.preventDefault(); attempt(install); });
$("install-cancel").addEventListener("click", () => { $("install-panel").hidden = true; });
$("logs-close").addEventListener("click", () => { $("logs-panel").hidden = true; });
$("frame-close").addEventListener("click", closeFrame);
$("theme-toggle").addEventListener("click", () => {
  theme = theme === "light" ? "dark" : "light";
  $("theme-toggle").textContent = theme === "light" ? "Dark theme" : "Light theme";
  host?.setTheme(theme);
});

const saved = sessionStorage.getItem(STORAGE_KEY);
if (saved) {
  const { tenant, apiKey } = JSON.parse(saved);
  signIn(tenant, apiKey).catch(() => sessionStorage.removeItem(STORAGE_KEY));
}
