namespace Selegic.Extensions.Cli.Extension.Scaffold;

/// <summary>
/// The files `scrm extension create` writes: a small notes extension (GET/PUT /note stored with
/// storage.*) that builds with `scrm extension build` and publishes as is. {{SLUG}}, {{NAME}},
/// {{HANDLER_SDK}} and {{IFRAME_SDK}} are replaced (the SDKs as file: dependencies).
/// </summary>
internal static class ScaffoldTemplates
{
    public static readonly IReadOnlyDictionary<string, string> Files = new Dictionary<string, string>
    {
        ["package.json"] = """
            {
              "name": "{{SLUG}}",
              "version": "0.1.0",
              "private": true,
              "scripts": {
                "build": "scrm extension build",
                "dev": "scrm extension dev"
              },
              "selegic": {
                "extension": {
                  "slug": "{{SLUG}}",
                  "bundlePath": "dist",
                  "manifest": "manifest.json"
                }
              },
              "devDependencies": {
                "@selegic/scrm-handler": "{{HANDLER_SDK}}",
                "@selegic/scrm-iframe": "{{IFRAME_SDK}}",
                "assemblyscript": "0.28.9"
              }
            }

            """,
        ["manifest.json"] = """
            {
              "slug": "{{SLUG}}",
              "name": "{{NAME}}",
              "version": "0.1.0",
              "description": "Keeps one note per installation.",
              "runtime": "wasm@1",
              "handler": "handler.wasm",
              "capabilities": ["cap:storage.kv"],
              "ui": { "type": "iframe", "entry": "ui/index.html" },
              "api": {
                "endpoints": [
                  { "method": "GET", "path": "/note" },
                  { "method": "PUT", "path": "/note" }
                ]
              }
            }

            """,
        ["handler/index.ts"] = """
            // The handler: compiled by `scrm extension build` (asc) into dist/handler.wasm.
            import { Router, Request, Response, JsonValue, callAction, setHandler } from "@selegic/scrm-handler/assembly/index";
            export { scrm_alloc, scrm_handle } from "@selegic/scrm-handler/assembly/index";

            function getNote(req: Request): Response {
              const got = callAction("storage.get", JsonValue.object().setString("key", "note"));
              if (!got.ok) return Response.error(502, got.code, got.message);
              const value = got.output.get("value");
              return Response.json(200, JsonValue.object().setString("text", value != null ? value.asString() : ""));
            }

            function putNote(req: Request): Response {
              const body = req.json();
              if (body == null || !body.isObject) return Response.error(400, "invalid_note", "Send {\"text\": \"...\"}.");
              const text = body.getString("text");
              if (text.length > 2000) return Response.error(400, "invalid_note", "A note has at most 2000 characters.");
              const saved = callAction("storage.put", JsonValue.object().setString("key", "note").setString("value", text));
              if (!saved.ok) return Response.error(502, saved.code, saved.message);
              return Response.json(200, JsonValue.object().setString("text", text));
            }

            setHandler((req: Request): Response => new Router().get("/note", getNote).put("/note", putNote).handle(req));

            """,
        ["ui/index.html"] = """
            <!doctype html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <title>{{NAME}}</title>
              <link rel="stylesheet" href="style.css">
              <!-- classic scripts: the UI runs in a sandboxed iframe (docs/ui-bridge.md) -->
              <script src="scrm-iframe.js" defer></script>
              <script src="app.js" defer></script>
            </head>
            <body>
              <h1>{{NAME}}</h1>
              <form id="note-form">
                <textarea id="note" rows="6" maxlength="2000"></textarea>
                <button type="submit">Save</button>
              </form>
              <p id="status"></p>
            </body>
            </html>

            """,
        ["ui/app.js"] = """
            // Calls go through the host page (scrm-iframe.js), which proxies them to this extension's handler.
            (function () {
              "use strict";
              const bridge = scrm.createBridge();
              const note = document.getElementById("note");
              const status = document.getElementById("status");

              document.getElementById("note-form").addEventListener("submit", async (event) => {
                event.preventDefault();
                const result = await bridge.uiProxy.call("/note", { method: "PUT", body: { text: note.value } });
                status.textContent = result.ok ? "Saved." : "Not saved: " + JSON.stringify(result.body);
              });

              bridge.ready()
                .then(() => bridge.uiProxy.call("/note", { method: "GET" }))
                .then((result) => { note.value = result.ok ? result.body.text : ""; bridge.resize(); })
                .catch((error) => { status.textContent = error.message; });
            })();

            """,
        ["ui/style.css"] = """
            body { font: 14px/1.45 system-ui, sans-serif; margin: 16px; }
            textarea { width: 100%; font: inherit; }

            """,
        [".gitignore"] = """
            node_modules/
            dist/
            *.tar.gz

            """,
        ["README.md"] = """
            # {{NAME}}

            ```sh
            npm install                 # the AssemblyScript compiler and the SDKs
            scrm extension build        # handler/index.ts -> dist/handler.wasm, ui/ -> dist/ui/
            scrm extension dev          # build, start a local server, publish, install, print the URL
            scrm extension publish      # to the server in SCRM_SERVER_URL, tenant SCRM_TENANT_ID
            ```

            """,
    };
}
