namespace Selegic.Extensions.Cli.Extension.Scaffold;

/// <summary>
/// The files `scrm extension create --lang ts` writes: the same notes extension as
/// <see cref="ScaffoldTemplates"/>, its handler in TypeScript (runtime wasm-js@1, built into a
/// WebAssembly component by sdk/js). The UI and .gitignore are the AssemblyScript scaffold's.
/// {{JS_SDK}} is the JavaScript SDK as a file: dependency.
/// </summary>
internal static class TypeScriptTemplates
{
    private static readonly string[] Shared = ["ui/index.html", "ui/app.js", "ui/style.css", ".gitignore"];

    public static IReadOnlyDictionary<string, string> Files { get; } = Shared
        .ToDictionary(path => path, path => ScaffoldTemplates.Files[path])
        .Concat(new Dictionary<string, string>
        {
            ["package.json"] = """
                {
                  "name": "{{SLUG}}",
                  "version": "0.1.0",
                  "private": true,
                  "type": "module",
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
                    "@selegic/scrm-handler-js": "{{JS_SDK}}",
                    "@selegic/scrm-iframe": "{{IFRAME_SDK}}"
                  }
                }

                """,
            // the same manifest, but for the runtime
            ["manifest.json"] = ScaffoldTemplates.Files["manifest.json"].Replace("\"runtime\": \"wasm@1\"", "\"runtime\": \"wasm-js@1\""),
            ["handler/index.ts"] = """
                // The handler: bundled and componentized by `scrm extension build` into dist/handler.wasm (runtime wasm-js@1).
                import { Router, Request, Response, callAction, setHandler } from "@selegic/scrm-handler-js";
                export { handle } from "@selegic/scrm-handler-js";

                function getNote(req: Request): Response {
                  const got = callAction("storage.get", { key: "note" });
                  if (!got.ok) return Response.error(502, got.code, got.message);
                  const value = (got.output as { value?: string } | null)?.value;
                  return Response.json(200, { text: value ?? "" });
                }

                function putNote(req: Request): Response {
                  const body = req.json<{ text?: unknown }>();
                  if (body === null || typeof body.text !== "string") return Response.error(400, "invalid_note", "Send {\"text\": \"...\"}.");
                  if (body.text.length > 2000) return Response.error(400, "invalid_note", "A note has at most 2000 characters.");
                  const saved = callAction("storage.put", { key: "note", value: body.text });
                  if (!saved.ok) return Response.error(502, saved.code, saved.message);
                  return Response.json(200, { text: body.text });
                }

                const router = new Router().get("/note", getNote).put("/note", putNote);
                setHandler((req) => router.handle(req));

                """,
            ["README.md"] = """
                # {{NAME}}

                ```sh
                npm install                 # the SDKs (the JavaScript SDK brings esbuild and componentize-js)
                scrm extension build        # handler/index.ts -> dist/handler.wasm (a WebAssembly component), ui/ -> dist/ui/
                scrm extension dev          # build, start a local server, publish, install, print the URL
                scrm extension publish      # to the server in SCRM_SERVER_URL, tenant SCRM_TENANT_ID
                ```

                """,
        })
        .ToDictionary(pair => pair.Key, pair => pair.Value);
}
