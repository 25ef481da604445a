// A small JSON value type with a parser and a serializer (AssemblyScript has no built-in JSON).
// Parse errors never abort: Json.parse returns null and Json.lastError says why.

export enum JsonKind { Null, Bool, Number, String, Array, Object }

export class JsonValue {
  kind: JsonKind = JsonKind.Null;
  private b: bool = false;
  private n: f64 = 0;
  private s: string = "";
  private items: Array<JsonValue> = [];
  private names: Array<string> = [];

  static null(): JsonValue { return new JsonValue(); }
  static bool(value: bool): JsonValue { const v = new JsonValue(); v.kind = JsonKind.Bool; v.b = value; return v; }
  static number(value: f64): JsonValue { const v = new JsonValue(); v.kind = JsonKind.Number; v.n = value; return v; }
  static string(value: string): JsonValue { const v = new JsonValue(); v.kind = JsonKind.String; v.s = value; return v; }
  static array(): JsonValue { const v = new JsonValue(); v.kind = JsonKind.Array; return v; }
  static object(): JsonValue { const v = new JsonValue(); v.kind = JsonKind.Object; return v; }

  get isNull(): bool { return this.kind == JsonKind.Null; }
  get isObject(): bool { return this.kind == JsonKind.Object; }
  get isArray(): bool { return this.kind == JsonKind.Array; }

  /** The boolean, or false for any other kind. */
  asBool(): bool { return this.kind == JsonKind.Bool ? this.b : false; }
  /** The number, or 0 for any other kind. */
  asNumber(): f64 { return this.kind == JsonKind.Number ? this.n : 0; }
  /** The string, or "" for any other kind. */
  asString(): string { return this.kind == JsonKind.String ? this.s : ""; }

  /** Array elements, or object member values in order. */
  get values(): Array<JsonValue> { return this.items; }
  /** Object member names in order (empty for non-objects). */
  get keys(): Array<string> { return this.names; }
  get length(): i32 { return this.items.length; }

  /** Member `key` of an object, or null. */
  get(key: string): JsonValue | null {
    if (this.kind != JsonKind.Object) return null;
    for (let i = 0; i < this.names.length; i++) if (this.names[i] == key) return this.items[i];
    return null;
  }

  /** Element `index` of an array, or null. */
  at(index: i32): JsonValue | null {
    if (this.kind != JsonKind.Array || index < 0 || index >= this.items.length) return null;
    return this.items[index];
  }

  getString(key: string, fallback: string = ""): string {
    const v = this.get(key);
    return v != null && v.kind == JsonKind.String ? v.s : fallback;
  }

  getNumber(key: string, fallback: f64 = 0): f64 {
    const v = this.get(key);
    return v != null && v.kind == JsonKind.Number ? v.n : fallback;
  }

  getBool(key: string, fallback: bool = false): bool {
    const v = this.get(key);
    return v != null && v.kind == JsonKind.Bool ? v.b : fallback;
  }

  /** Sets member `key` of an object (replacing it if present); returns this for chaining. */
  set(key: string, value: JsonValue): JsonValue {
    for (let i = 0; i < this.names.length; i++) {
      if (this.names[i] == key) { this.items[i] = value; return this; }
    }
    this.names.push(key);
    this.items.push(value);
    return this;
  }

  setString(key: string, value: string): JsonValue { return this.set(key, JsonValue.string(value)); }
  setNumber(key: string, value: f64): JsonValue { return this.set(key, JsonValue.number(value)); }
  setBool(key: string, value: bool): JsonValue { return this.set(key, JsonValue.bool(value)); }

  /** Appends to an array; returns this for chaining. */
  push(value: JsonValue): JsonValue { this.items.push(value); return this; }

  stringify(): string {
    switch (this.kind) {
      case JsonKind.Null: return "null";
      case JsonKind.Bool: return this.b ? "true" : "false";
      case JsonKind.Number: return formatNumber(this.n);
      case JsonKind.String: return quote(this.s);
      case JsonKind.Array: {
        const parts = new Array<string>(this.items.length);
        for (let i = 0; i < this.items.length; i++) parts[i] = this.items[i].stringify();
        return "[" + parts.join(",") + "]";
      }
      default: {
        const parts = new Array<string>(this.items.length);
        for (let i = 0; i < this.items.length; i++) parts[i] = quote(this.names[i]) + ":" + this.items[i].stringify();
        return "{" + parts.join(",") + "}";
      }
    }
  }
}

function formatNumber(n: f64): string {
  if (!isFinite(n)) return "null";
  if (n == Math.floor(n) && Math.abs(n) < 9007199254740992) return (<i64>n).toString();
  return n.toString();
}

const HEX = "0123456789abcdef";

/** A JSON string literal for `s`, quotes included. */
export function quote(s: string): string {
  let out = "\"";
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let escape: string | null = null;
    if (c == 0x22) escape = "\\\"";
    else if (c == 0x5c) escape = "\\\\";
    else if (c == 0x0a) escape = "\\n";
    else if (c == 0x0d) escape = "\\r";
    else if (c == 0x09) escape = "\\t";
    else if (c < 0x20) escape = "\\u00" + HEX.charAt(c >> 4) + HEX.charAt(c & 15);
    if (escape != null) {
      out += s.substring(start, i) + escape;
      start = i + 1;
    }
  }
  return out + s.substring(start) + "\"";
}

export class Json {
  /** Why the last parse failed ("" after a success). */
  static lastError: string = "";

  /** Parses one JSON value (surrounding whitespace allowed); null on malformed input. */
  static parse(text: string): JsonValue | null {
    const parser = new Parser(text);
    const value = parser.value(0);
    if (value != null) {
      parser.skipSpace();
      if (parser.pos != text.length) { parser.fail("trailing characters"); return Json.fail(parser); }
      Json.lastError = "";
      return value;
    }
    return Json.fail(parser);
  }

  private static fail(parser: Parser): JsonValue | null {
    Json.lastError = parser.error + " at offset " + parser.pos.toString();
    return null;
  }
}

const MAX_DEPTH = 64;

class Parser {
  pos: i32 = 0;
  error: string = "";
  constructor(public text: string) {}

  fail(message: string): void { if (this.error.length == 0) this.error = message; }

  skipSpace(): void {
    while (this.pos < this.text.length) {
      const c = this.text.charCodeAt(this.pos);
      if (c != 0x20 && c != 0x09 && c != 0x0a && c != 0x0d) break;
      this.pos++;
    }
  }

  value(depth: i32): JsonValue | null {
    if (depth > MAX_DEPTH) { this.fail("nested too deeply"); return null; }
    this.skipSpace();
    if (this.pos >= this.text.length) { this.fail("unexpected end"); return null; }
    const c = this.text.charCodeAt(this.pos);
    if (c == 0x7b) return this.object(depth);
    if (c == 0x5b) return this.array(depth);
    if (c == 0x22) {
      const s = this.string();
      return s == null ? null : JsonValue.string(s);
    }
    if (this.literal("true")) return JsonValue.bool(true);
    if (this.literal("false")) return JsonValue.bool(false);
    if (this.literal("null")) return JsonValue.null();
    return this.number();
  }

  literal(word: string): bool {
    if (this.text.substring(this.pos, this.pos + word.length) != word) return false;
    this.pos += word.length;
    return true;
  }

  number(): JsonValue | null {
    const start = this.pos;
    if (this.pos < this.text.length && this.text.charCodeAt(this.pos) == 0x2d) this.pos++;
    let digits = 0;
    while (this.pos < this.text.length) {
      const c = this.text.charCodeAt(this.pos);
      if ((c >= 0x30 && c <= 0x39)) { digits++; this.pos++; }
      else if (c == 0x2e || c == 0x65 || c == 0x45 || c == 0x2b || c == 0x2d) this.pos++;
      else break;
    }
    if (digits == 0) { this.pos = start; this.fail("unexpected character"); return null; }
    const n = parseFloat(this.text.substring(start, this.pos));
    if (isNaN(n)) { this.fail("malformed number"); return null; }
    return JsonValue.number(n);
  }

  string(): string | null {
    this.pos++; // opening quote
    let out = "";
    let start = this.pos;
    while (this.pos < this.text.length) {
      const c = this.text.charCodeAt(this.pos);
      if (c == 0x22) {
        out += this.text.substring(start, this.pos);
        this.pos++;
        return out;
      }
      if (c < 0x20) { this.fail("control character in string"); return null; }
      if (c == 0x5c) {
        out += this.text.substring(start, this.pos);
        if (this.pos + 1 >= this.text.length) break;
        const e = this.text.charCodeAt(this.pos + 1);
        this.pos += 2;
        if (e == 0x6e) out += "\n";
        else if (e == 0x74) out += "\t";
        else if (e == 0x72) out += "\r";
        else if (e == 0x62) out += "\b";
        else if (e == 0x66) out += "\f";
        else if (e == 0x22 || e == 0x5c || e == 0x2f) out += String.fromCharCode(e);
        else if (e == 0x75) {
          if (this.pos + 4 > this.text.length) break;
          const code = parseInt(this.text.substring(this.pos, this.pos + 4), 16);
          if (isNaN(code)) { this.fail("bad \\u escape"); return null; }
          out += String.fromCharCode(<i32>code);
          this.pos += 4;
        } else { this.fail("bad escape"); return null; }
        start = this.pos;
        continue;
      }
      this.pos++;
    }
    this.fail("unterminated string");
    return null;
  }

  array(depth: i32): JsonValue | null {
    this.pos++;
    const result = JsonValue.array();
    this.skipSpace();
    if (this.pos < this.text.length && this.text.charCodeAt(this.pos) == 0x5d) { this.pos++; return result; }
    while (true) {
      const item = this.value(depth + 1);
      if (item == null) return null;
      result.push(item);
      this.skipSpace();
      if (this.pos >= this.text.length) break;
      const c = this.text.charCodeAt(this.pos++);
      if (c == 0x5d) return result;
      if (c != 0x2c) { this.fail("expected , or ]"); return null; }
    }
    this.fail("unterminated array");
    return null;
  }

  object(depth: i32): JsonValue | null {
    this.pos++;
    const result = JsonValue.object();
    this.skipSpace();
    if (this.pos < this.text.length && this.text.charCodeAt(this.pos) == 0x7d) { this.pos++; return result; }
    while (true) {
      this.skipSpace();
      if (this.pos >= this.text.length || this.text.charCodeAt(this.pos) != 0x22) { this.fail("expected a member name"); return null; }
      const key = this.string();
      if (key == null) return null;
      this.skipSpace();
      if (this.pos >= this.text.length || this.text.charCodeAt(this.pos) != 0x3a) { this.fail("expected :"); return null; }
      this.pos++;
      const item = this.value(depth + 1);
      if (item == null) return null;
      result.set(key, item);
      this.skipSpace();
      if (this.pos >= this.text.length) break;
      const c = this.text.charCodeAt(this.pos++);
      if (c == 0x7d) return result;
      if (c != 0x2c) { this.fail("expected , or }"); return null; }
    }
    this.fail("unterminated object");
    return null;
  }
}
