// The same no-op handler in AssemblyScript on sdk/assemblyscript (wasm@1), for comparison.
import { Request, Response, setHandler } from "../../../sdk/assemblyscript/assembly/index";
export { scrm_alloc, scrm_handle } from "../../../sdk/assemblyscript/assembly/index";

setHandler((req: Request): Response => Response.text(200, "ok"));
