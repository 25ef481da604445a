import { Request, Response } from "./http.js";

export type Handler = (request: Request) => Response;

interface Route { method: string; segments: string[]; handler: Handler }

/**
 * Matches method and path against patterns with `:name` segments (like the manifest's
 * api.endpoints) and calls the first route that fits; captured segments land in request.params.
 * No match: 404 {"error":"not_found"}; path matched with another method: 405.
 */
export class Router {
  private readonly routes: Route[] = [];

  get(pattern: string, handler: Handler): Router { return this.on("GET", pattern, handler); }
  post(pattern: string, handler: Handler): Router { return this.on("POST", pattern, handler); }
  put(pattern: string, handler: Handler): Router { return this.on("PUT", pattern, handler); }
  patch(pattern: string, handler: Handler): Router { return this.on("PATCH", pattern, handler); }
  delete(pattern: string, handler: Handler): Router { return this.on("DELETE", pattern, handler); }

  on(method: string, pattern: string, handler: Handler): Router {
    this.routes.push({ method: method.toUpperCase(), segments: pattern.split("/"), handler });
    return this;
  }

  handle(request: Request): Response {
    const actual = request.path.split("/");
    let pathMatched = false;
    for (const route of this.routes) {
      if (!matches(route.segments, actual)) continue;
      pathMatched = true;
      if (route.method !== request.method) continue;
      route.segments.forEach((segment, i) => {
        if (segment.startsWith(":")) request.params.set(segment.substring(1), decodeURIComponent(actual[i]));
      });
      return route.handler(request);
    }
    return pathMatched
      ? Response.error(405, "method_not_allowed", `${request.method} is not allowed on ${request.path}`)
      : Response.error(404, "not_found", `no route for ${request.method} ${request.path}`);
  }
}

function matches(pattern: string[], actual: string[]): boolean {
  if (pattern.length !== actual.length) return false;
  return pattern.every((p, i) => p.startsWith(":") ? actual[i].length > 0 : p === actual[i]);
}
