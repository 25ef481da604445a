// A small JSON value type with a parser and a serializer (AssemblyScript has no built-in JSON).
// Parse errors never abort: Json.parse returns null and Json.lastError says why.
//
// Parsing and serializing are linear in time and memory, which matters because the stub runtime
// never frees: a string literal is scanned to its end first and decoded once into a string of its
// exact length, arrays and objects get exact-size member arrays, and output goes through one
// TextBuilder. (The request body reaches the guest escaped inside the envelope, and building it
// one escape at a time used to copy it once per escape: a 12 KB body ran out of 64 MiB.)

import { TextBuilder } from "./text";

export enum JsonKind { Null, Bool, Number, String, Array, Object }

export class JsonValue {
  // the f64 first keeps the object at 28 bytes, one 48-byte block with the runtime's header
  private n: f64 = 0; // the number, or 1/0 for a boolean
  kind: JsonKind = JsonKind.Null;
  private s: string = "";
  // only arrays and objects get these: a parsed document is mostly scalars
  private items: Array<JsonValue> | null = null;
  private names: Array<string> | null = null;
  // name -> position, for objects with more members than a scan is worth
  private index: Map<string, i32> | null = null;

  static null(): JsonValue { return new JsonValue(); }
  static bool(value: bool): JsonValue { const v = new JsonValue(); v.kind = JsonKind.Bool; v.n = value ? 1 : 0; return v; }
  static number(value: f64): JsonValue { const v = new JsonValue(); v.kind = JsonKind.Number; v.n = value; return v; }
  static string(value: string): JsonValue { const v = new JsonValue(); v.kind = JsonKind.String; v.s = value; return v; }
  static array(): JsonValue { const v = new JsonValue(); v.kind = JsonKind.Array; return v; }
  static object(): JsonValue { const v = new JsonValue(); v.kind = JsonKind.Object; return v; }

  /** An array of `items` (kept, not copied). */
  static arrayOf(items: Array<JsonValue>): JsonValue {
    const v = JsonValue.array();
    v.items = items;
    return v;
  }

  /** An object of these members in order (arrays kept, not copied); a repeated name keeps its first position and its last value. */
  static objectOf(names: Array<string>, items: Array<JsonValue>): JsonValue {
    const v = JsonValue.object();
    v.names = names;
    v.items = items;
    if (names.length <= SCAN_MEMBERS) {
      for (let i = 1; i < names.length; i++) {
        for (let j = 0; j < i; j++) if (names[j] == names[i]) return JsonValue.rebuilt(names, items);
      }
      return v;
    }
    const index = new Map<string, i32>();
    for (let i = 0; i < names.length; i++) {
      if (index.has(names[i])) return JsonValue.rebuilt(names, items);
      index.set(names[i], i);
    }
    v.index = index;
    return v;
  }

  private static rebuilt(names: Array<string>, items: Array<JsonValue>): JsonValue {
    const v = JsonValue.object();
    for (let i = 0; i < names.length; i++) v.set(names[i], items[i]);
    return v;
  }

  get isNull(): bool { return this.kind == JsonKind.Null; }
  get isObject(): bool { return this.kind == JsonKind.Object; }
  get isArray(): bool { return this.kind == JsonKind.Array; }

  /** The boolean, or false for any other kind. */
  asBool(): bool { return this.kind == JsonKind.Bool && this.n != 0; }
  /** The number, or 0 for any other kind. */
  asNumber(): f64 { return this.kind == JsonKind.Number ? this.n : 0; }
  /** The string, or "" for any other kind. */
  asString(): string { return this.kind == JsonKind.String ? this.s : ""; }

  /** Array elements, or object member values in order (read-only). */
  get values(): Array<JsonValue> { return this.itemList(); }
  /** Object member names in order (read-only; empty for non-objects). */
  get keys(): Array<string> { return this.nameList(); }
  get length(): i32 { const items = this.items; return items == null ? 0 : items.length; }

  /** Member `key` of an object, or null. */
  get(key: string): JsonValue | null {
    if (this.kind != JsonKind.Object) return null;
    const i = this.find(key);
    return i < 0 ? null : this.itemList()[i];
  }

  /** Element `index` of an array, or null. */
  at(index: i32): JsonValue | null {
    if (this.kind != JsonKind.Array || index < 0 || index >= this.length) return null;
    return this.itemList()[index];
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
    return v != null && v.kind == JsonKind.Bool ? v.n != 0 : fallback;
  }

  /** Sets member `key` of an object (replacing it if present); returns this for chaining. */
  set(key: string, value: JsonValue): JsonValue {
    const i = this.find(key);
    if (i >= 0) { this.itemList()[i] = value; return this; }
    const names = this.nameList();
    names.push(key);
    this.itemList().push(value);
    const index = this.index;
    if (index != null) index.set(key, names.length - 1);
    return this;
  }

  setString(key: string, value: string): JsonValue { return this.set(key, JsonValue.string(value)); }
  setNumber(key: string, value: f64): JsonValue { return this.set(key, JsonValue.number(value)); }
  setBool(key: string, value: bool): JsonValue { return this.set(key, JsonValue.bool(value)); }

  /** Appends to an array; returns this for chaining. */
  push(value: JsonValue): JsonValue { this.itemList().push(value); return this; }

  stringify(): string {
    const out = new TextBuilder();
    this.writeTo(out);
    return out.toString();
  }

  writeTo(out: TextBuilder): void {
    switch (this.kind) {
      case JsonKind.Null: out.append("null"); break;
      case JsonKind.Bool: out.append(this.n != 0 ? "true" : "false"); break;
      case JsonKind.Number: out.append(formatNumber(this.n)); break;
      case JsonKind.String: out.appendQuoted(this.s); break;
      case JsonKind.Array: {
        const items = this.itemList();
        out.append("[");
        for (let i = 0; i < items.length; i++) {
          if (i > 0) out.append(",");
          items[i].writeTo(out);
        }
        out.append("]");
        break;
      }
      default: {
        const items = this.itemList();
        const names = this.nameList();
        out.append("{");
        for (let i = 0; i < items.length; i++) {
          if (i > 0) out.append(",");
          out.appendQuoted(names[i]).append(":");
          items[i].writeTo(out);
        }
        out.append("}");
      }
    }
  }

  private itemList(): Array<JsonValue> {
    let items = this.items;
    if (items == null) { items = new Array<JsonValue>(); this.items = items; }
    return items;
  }

  private nameList(): Array<string> {
    let names = this.names;
    if (names == null) { names = new Array<string>(); this.names = names; }
    return names;
  }

  /** Position of member `key`, or -1: a scan for small objects, an index (built once) for large ones. */
  private find(key: string): i32 {
    const names = this.names;
    if (names == null) return -1;
    let index = this.index;
    if (index == null) {
      if (names.length <= SCAN_MEMBERS) {
        for (let i = 0; i < names.length; i++) if (names[i] == key) return i;
        return -1;
      }
      index = new Map<string, i32>();
      for (let i = names.length - 1; i >= 0; i--) index.set(names[i], i);
      this.index = index;
    }
    return index.has(key) ? index.get(key) : -1;
  }
}

const SCAN_MEMBERS = 8;

function formatNumber(n: f64): string {
  if (!isFinite(n)) return "null";
  if (n == Math.floor(n) && Math.abs(n) < 9007199254740992) return (<i64>n).toString();
  return n.toString();
}

/** A JSON string literal for `s`, quotes included. */
export function quote(s: string): string {
  return new TextBuilder(s.length + 2).appendQuoted(s).toString();
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
const MAX_EXACT_DIGITS = 15; // integers this long are exact in an f64 when summed digit by digit

class Parser {
  pos: i32 = 0;
  error: string = "";
  // members of the arrays and objects still open; each takes an exact-size copy of its own at its end
  private openItems: Array<JsonValue> = [];
  private openNames: Array<string> = [];

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
    if (this.pos + word.length > this.text.length) return false;
    for (let i = 0; i < word.length; i++) if (this.text.charCodeAt(this.pos + i) != word.charCodeAt(i)) return false;
    this.pos += word.length;
    return true;
  }

  number(): JsonValue | null {
    const start = this.pos;
    const negative = this.pos < this.text.length && this.text.charCodeAt(this.pos) == 0x2d;
    if (negative) this.pos++;
    let digits = 0;
    let integer = true;
    let value: f64 = 0;
    while (this.pos < this.text.length) {
      const c = this.text.charCodeAt(this.pos);
      if ((c >= 0x30 && c <= 0x39)) { digits++; value = value * 10 + (c - 0x30); this.pos++; }
      else if (c == 0x2e || c == 0x65 || c == 0x45 || c == 0x2b || c == 0x2d) { integer = false; this.pos++; }
      else break;
    }
    if (digits == 0) { this.pos = start; this.fail("unexpected character"); return null; }
    if (integer && digits <= MAX_EXACT_DIGITS) return JsonValue.number(negative ? -value : value);
    const n = parseFloat(this.text.substring(start, this.pos));
    if (isNaN(n)) { this.fail("malformed number"); return null; }
    return JsonValue.number(n);
  }

  /** The string literal at pos: one scan to its end (checking every escape), then one decoded copy. */
  string(): string | null {
    const text = this.text;
    const start = this.pos + 1; // after the opening quote
    let end = start;
    let length = 0;
    while (true) {
      if (end >= text.length) { this.pos = end; this.fail("unterminated string"); return null; }
      const c = text.charCodeAt(end);
      if (c == 0x22) break;
      if (c < 0x20) { this.pos = end; this.fail("control character in string"); return null; }
      if (c == 0x5c) {
        const size = escapeSize(text, end);
        if (size == 0) { this.pos = end; this.fail(text.charCodeAt(end + 1) == 0x75 ? "bad \\u escape" : "bad escape"); return null; }
        end += size;
      } else end++;
      length++;
    }
    this.pos = end + 1;
    if (length == end - start) return text.substring(start, end);
    const out = changetype<string>(__new(<usize>length << 1, idof<string>()));
    let o = changetype<usize>(out);
    for (let i = start; i < end; o += 2) {
      const c = text.charCodeAt(i);
      if (c != 0x5c) { store<u16>(o, <u16>c); i++; continue; }
      const e = text.charCodeAt(i + 1);
      if (e == 0x75) { store<u16>(o, hex4(text, i + 2)); i += 6; }
      else { store<u16>(o, unescape(e)); i += 2; }
    }
    return out;
  }

  array(depth: i32): JsonValue | null {
    this.pos++;
    this.skipSpace();
    if (this.pos < this.text.length && this.text.charCodeAt(this.pos) == 0x5d) { this.pos++; return JsonValue.array(); }
    const mark = this.openItems.length;
    while (true) {
      const item = this.value(depth + 1);
      if (item == null) return null;
      this.openItems.push(item);
      this.skipSpace();
      if (this.pos >= this.text.length) break;
      const c = this.text.charCodeAt(this.pos++);
      if (c == 0x5d) return JsonValue.arrayOf(take(this.openItems, mark));
      if (c != 0x2c) { this.fail("expected , or ]"); return null; }
    }
    this.fail("unterminated array");
    return null;
  }

  object(depth: i32): JsonValue | null {
    this.pos++;
    this.skipSpace();
    if (this.pos < this.text.length && this.text.charCodeAt(this.pos) == 0x7d) { this.pos++; return JsonValue.object(); }
    const itemMark = this.openItems.length;
    const nameMark = this.openNames.length;
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
      this.openNames.push(key);
      this.openItems.push(item);
      this.skipSpace();
      if (this.pos >= this.text.length) break;
      const c = this.text.charCodeAt(this.pos++);
      if (c == 0x7d) return JsonValue.objectOf(take(this.openNames, nameMark), take(this.openItems, itemMark));
      if (c != 0x2c) { this.fail("expected , or }"); return null; }
    }
    this.fail("unterminated object");
    return null;
  }
}

/** Removes the elements from `mark` on and returns them in an array of exactly their number. */
function take<T>(open: Array<T>, mark: i32): Array<T> {
  const taken = open.slice(mark);
  open.length = mark;
  return taken;
}

/** Characters taken by the escape whose backslash is at `i`: 2, 6 for \uXXXX, 0 when malformed. */
function escapeSize(text: string, i: i32): i32 {
  const e = text.charCodeAt(i + 1);
  if (e == 0x75) {
    if (i + 6 > text.length) return 0;
    for (let k = i + 2; k < i + 6; k++) if (hexDigit(text.charCodeAt(k)) < 0) return 0;
    return 6;
  }
  return e == 0x22 || e == 0x5c || e == 0x2f || e == 0x62 || e == 0x66 || e == 0x6e || e == 0x72 || e == 0x74 ? 2 : 0;
}

/** The character a two-character escape stands for (escapeSize has checked it). */
function unescape(e: i32): u16 {
  if (e == 0x6e) return 0x0a;
  if (e == 0x74) return 0x09;
  if (e == 0x72) return 0x0d;
  if (e == 0x62) return 0x08;
  if (e == 0x66) return 0x0c;
  return <u16>e; // " \ /
}

function hex4(text: string, i: i32): u16 {
  let v = 0;
  for (let k = i; k < i + 4; k++) v = (v << 4) | hexDigit(text.charCodeAt(k));
  return <u16>v;
}

function hexDigit(c: i32): i32 {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return -1;
}
