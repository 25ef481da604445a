import { callHost } from "./host";
import { Json, JsonValue } from "./json";

/** What an action call returned: `ok` with `output`, or `status`, `code` and `message` saying why not. */
export class ActionResult {
  ok: bool = false;
  status: i32 = 0;
  output: JsonValue = JsonValue.null();
  code: string = "";
  message: string = "";
}

/**
 * Calls an action (e.g. "storage.put") through the Action API with this request's token: the
 * handler has exactly the capabilities granted to its installation. Refusals (403
 * capability_not_granted, 429 rate_limited, ...) come back as a result, never as a trap.
 */
export function callAction(name: string, input: JsonValue): ActionResult {
  const result = new ActionResult();
  const envelope = Json.parse(callHost(name, input.stringify()));
  if (envelope == null) {
    result.code = "action_result_unreadable";
    result.message = Json.lastError;
    return result;
  }
  result.ok = envelope.getBool("ok");
  result.status = <i32>envelope.getNumber("status");
  const output = envelope.get("output");
  if (output != null) result.output = output;
  result.code = envelope.getString("code");
  result.message = envelope.getString("message");
  return result;
}
