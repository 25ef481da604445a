// A hostile extension UI: tries every way an extension page could reach the admin page's session
// (storage, cookies, the opener, the parent, a popup of /admin/) and writes what it got into
// #report as JSON: [{what, outcome: "read" | "blocked" | "absent", detail}]. The browser tests
// assert that nothing is "read".
"use strict";

const results = [];

function attempt(what, read) {
  try {
    const value = read();
    results.push(value === null || value === undefined
      ? { what, outcome: "absent", detail: "" }
      : { what, outcome: "read", detail: String(value) });
  } catch (error) {
    results.push({ what, outcome: "blocked", detail: String(error && error.name) });
  }
}

function entries(storage) {
  const all = {};
  for (let i = 0; i < storage.length; i++) all[storage.key(i)] = storage.getItem(storage.key(i));
  return JSON.stringify(all);
}

function delay(ms) { return new Promise((resolve) => setTimeout(resolve, ms)); }

/** Opens `url` in a popup and, if the browser allows one, tries to read its document and storage once it has loaded. */
async function probePopup(what, url) {
  let popup = null;
  try { popup = window.open(url, "_blank"); } catch (error) { popup = null; }
  if (!popup) {
    results.push({ what: what + " (window.open)", outcome: "blocked", detail: "window.open gave no window" });
    return;
  }
  for (let waited = 0; waited < 5000; waited += 100) {
    try { if (popup.document.readyState === "complete" && popup.document.title) break; } catch (error) { break; }
    await delay(100);
  }
  await delay(300); // the admin page signs in from its storage right after load
  attempt(what + ".document", () => popup.document.title + " " + popup.document.body.innerText.slice(0, 200));
  attempt(what + ".sessionStorage", () => entries(popup.sessionStorage));
  attempt(what + ".localStorage", () => entries(popup.localStorage));
  try { popup.close(); } catch (error) { /* nothing to close */ }
}

async function run() {
  attempt("localStorage", () => entries(window.localStorage));
  attempt("sessionStorage", () => entries(window.sessionStorage));
  attempt("document.cookie", () => document.cookie);
  attempt("opener.document", () => window.opener && window.opener.document.title + " " + window.opener.location.href);
  attempt("opener.sessionStorage", () => window.opener && entries(window.opener.sessionStorage));
  attempt("opener.localStorage", () => window.opener && entries(window.opener.localStorage));
  attempt("parent.document", () => window.parent !== window ? window.parent.document.title : null);
  attempt("parent.sessionStorage", () => window.parent !== window ? entries(window.parent.sessionStorage) : null);
  // A popup of the probe itself only probes, so popups do not open popups without end.
  if (location.hash !== "#probe-child") {
    await probePopup("popup /admin/", new URL("/admin/", location.href).href);
    await probePopup("popup of this page", location.href.split("#")[0] + "#probe-child");
  }

  const report = document.getElementById("report");
  report.textContent = JSON.stringify(results);
  report.dataset.done = "true";
  console.log("scrm-probe " + JSON.stringify(results));
}

run();
