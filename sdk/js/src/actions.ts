import { call } from "selegic:extension/actions@1.0.0";
import type { JsonValue } from "./json.js";

/** What an action call returned: `ok` with `output`, or `status`, `code` and `message` saying why not. */
export interface ActionResult {
  ok: boolean;
  status: number;
  output: JsonValue;
  code: string;
  message: string;
}

/**
 * Calls an action (e.g. "storage.put") through the Action API with this request's token: the
 * handler has exactly the capabilities granted to its installation. Refusals (403
 * capability_not_granted, 429 action_call_limit, ...) come back as a result, never as a throw.
 */
export function callAction(name: string, input: JsonValue): ActionResult {
  try {
    const answer = call(name, JSON.stringify(input));
    return { ok: true, status: answer.status, output: JSON.parse(answer.output) as JsonValue, code: "", message: "" };
  } catch (e) {
    const refusal = (e as { payload?: { status: number; code: string; message: string } }).payload;
    if (refusal === undefined) throw e;
    return { ok: false, status: refusal.status, output: null, code: refusal.code, message: refusal.message };
  }
}
