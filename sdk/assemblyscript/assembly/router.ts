import { Request, Response } from "./http";

export type Handler = (request: Request) => Response;

class Route {
  constructor(public method: string, public segments: Array<string>, public handler: Handler) {}
}

/**
 * Matches method and path against patterns with `:name` segments (like the manifest's
 * api.endpoints) and calls the first route that fits; captured segments land in request.params.
 * No match: 404 {"error":"not_found"}; path matched with another method: 405.
 */
export class Router {
  private routes: Array<Route> = [];

  get(pattern: string, handler: Handler): Router { return this.on("GET", pattern, handler); }
  post(pattern: string, handler: Handler): Router { return this.on("POST", pattern, handler); }
  put(pattern: string, handler: Handler): Router { return this.on("PUT", pattern, handler); }
  patch(pattern: string, handler: Handler): Router { return this.on("PATCH", pattern, handler); }
  delete(pattern: string, handler: Handler): Router { return this.on("DELETE", pattern, handler); }

  on(method: string, pattern: string, handler: Handler): Router {
    this.routes.push(new Route(method.toUpperCase(), pattern.split("/"), handler));
    return this;
  }

  handle(request: Request): Response {
    const actual = request.path.split("/");
    let pathMatched = false;
    for (let i = 0; i < this.routes.length; i++) {
      const route = this.routes[i];
      if (!matches(route.segments, actual)) continue;
      pathMatched = true;
      if (route.method != request.method) continue;
      for (let s = 0; s < route.segments.length; s++) {
        const segment = route.segments[s];
        if (segment.startsWith(":")) request.params.set(segment.substring(1), decodeURIComponent(actual[s]));
      }
      return route.handler(request);
    }
    return pathMatched
      ? Response.error(405, "method_not_allowed", request.method + " is not allowed on " + request.path)
      : Response.error(404, "not_found", "no route for " + request.method + " " + request.path);
  }
}

function matches(pattern: Array<string>, actual: Array<string>): bool {
  if (pattern.length != actual.length) return false;
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i];
    if (p.startsWith(":")) { if (actual[i].length == 0) return false; }
    else if (p != actual[i]) return false;
  }
  return true;
}
