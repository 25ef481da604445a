// The no-op handler of bench/Components, TypeScript on sdk/js (wasm-js@1).
import { Response, setHandler } from "../../../sdk/js/src/index.js";
export { handle } from "../../../sdk/js/src/index.js";

setHandler(() => Response.text(200, "ok"));
