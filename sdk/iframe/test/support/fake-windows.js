// Two fake windows joined like a host page and its sandboxed iframe: postMessage delivers a
// structured clone asynchronously, honours the target origin, and sets event.source/origin as a
// browser would (the guest's origin is "null", as in a sandbox without allow-same-origin).
export function makeWindow(origin) {
  const listeners = new Set();
  return {
    origin,
    listeners,
    location: { hash: "" },
    addEventListener(type, fn) { if (type === "message") listeners.add(fn); },
    removeEventListener(type, fn) { if (type === "message") listeners.delete(fn); },
    deliver(data, targetOrigin, source, sourceOrigin) {
      if (targetOrigin !== "*" && targetOrigin !== origin) return; // a browser drops it silently
      const event = { data: structuredClone(data), origin: sourceOrigin, source };
      setImmediate(() => { for (const fn of [...listeners]) fn(event); });
    },
  };
}

export function connect({ hostOrigin = "https://crm.example", guestOrigin = "null" } = {}) {
  const host = makeWindow(hostOrigin);
  const guest = makeWindow(guestOrigin);
  // What the guest sees as window.parent, and what the host sees as iframe.contentWindow.
  const parentHandle = { postMessage: (data, target) => host.deliver(data, target, guest, guestOrigin) };
  guest.parent = parentHandle;
  guest.postMessage = (data, target) => guest.deliver(data, target, parentHandle, hostOrigin);
  const iframe = { contentWindow: guest };
  return { host, guest, iframe, parentHandle };
}

/** Timers the test advances by hand, so timeouts are tested without waiting. */
export function manualTimers() {
  const timers = new Map();
  let next = 1;
  return {
    setTimeout(fn, ms) { const id = next++; timers.set(id, { fn, ms }); return id; },
    clearTimeout(id) { timers.delete(id); },
    get count() { return timers.size; },
    fireAll() { const due = [...timers.values()]; timers.clear(); for (const t of due) t.fn(); },
  };
}

export const tick = () => new Promise((resolve) => setImmediate(resolve));
