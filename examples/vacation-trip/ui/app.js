// The vacation-trip UI. Every call goes through the host page (window.scrm from scrm-iframe.js),
// which proxies it to this extension's handler; this iframe itself can reach nothing.
(function () {
  "use strict";
  const bridge = scrm.createBridge();
  const form = document.getElementById("trip-form");
  const list = document.getElementById("trip-list");
  const statusLine = document.getElementById("status");
  const empty = document.getElementById("empty");

  function say(text, isError) {
    statusLine.textContent = text;
    statusLine.className = isError ? "error" : "muted";
  }

  function problem(result) {
    const body = result.body || {};
    return (body.message || body.detail || "HTTP " + result.status) + (body.error || body.code ? " (" + (body.error || body.code) + ")" : "");
  }

  function render(trips) {
    trips.sort((a, b) => (a.startDate + a.destination).localeCompare(b.startDate + b.destination));
    list.replaceChildren(...trips.map((trip) => {
      const item = document.createElement("li");
      item.dataset.id = trip.id;
      const text = document.createElement("span");
      const dest = document.createElement("span"); dest.className = "dest"; dest.textContent = trip.destination;
      const dates = document.createElement("span"); dates.className = "dates"; dates.textContent = trip.startDate + " → " + trip.endDate;
      text.append(dest, dates);
      if (trip.notes) { const notes = document.createElement("span"); notes.className = "notes"; notes.textContent = "· " + trip.notes; text.append(notes); }
      const remove = document.createElement("button");
      remove.type = "button"; remove.className = "link"; remove.textContent = "Delete";
      remove.addEventListener("click", () => deleteTrip(trip));
      item.append(text, remove);
      return item;
    }));
    empty.hidden = trips.length > 0;
    bridge.resize();
  }

  async function load() {
    const result = await bridge.uiProxy.call("/trips", { method: "GET" });
    if (!result.ok) throw new Error(problem(result));
    render(result.body.trips || []);
  }

  async function deleteTrip(trip) {
    const result = await bridge.uiProxy.call("/trips/" + encodeURIComponent(trip.id), { method: "DELETE" });
    if (!result.ok) return say("Could not delete: " + problem(result), true);
    say("Deleted " + trip.destination + ".");
    await load();
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const trip = {
      destination: String(data.get("destination") || ""),
      startDate: String(data.get("startDate") || ""),
      endDate: String(data.get("endDate") || ""),
      notes: String(data.get("notes") || ""),
    };
    try {
      const result = await bridge.uiProxy.call("/trips", { method: "POST", body: trip });
      if (!result.ok) return say("Could not save: " + problem(result), true);
      form.reset();
      say("Planned " + result.body.destination + ".");
      await load();
    } catch (error) {
      say("Could not save: " + error.message, true);
    }
  });

  bridge.onTheme((theme) => document.documentElement.classList.toggle("dark", theme === "dark"));
  bridge.ready()
    .then((session) => {
      document.getElementById("who").textContent = "Tenant " + session.tenant + " · " + session.extension + " " + session.version;
      return load();
    })
    .catch((error) => say("Could not load trips: " + error.message, true));
})();
