/** A JSON document as JSON.parse returns it. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** JSON.parse that answers null instead of throwing. */
export function parseJson<T = JsonValue>(text: string): T | null {
  try { return JSON.parse(text) as T; } catch { return null; }
}
