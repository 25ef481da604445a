// Building one long string without a copy per piece: "a" + b + c copies everything written so far,
// which is quadratic for a big response and, with the stub runtime that never frees, a memory
// leak of the same size.

const HEX = "0123456789abcdef";

/** A UTF-16 buffer that doubles when full, turned into one string at the end. */
export class TextBuilder {
  private buffer: ArrayBuffer;
  private used: i32 = 0; // UTF-16 code units

  constructor(capacity: i32 = 64) { this.buffer = new ArrayBuffer(max(capacity, 16) << 1); }

  append(s: string): TextBuilder {
    const n = s.length;
    memory.copy(this.reserve(n), changetype<usize>(s), <usize>n << 1);
    this.used += n;
    return this;
  }

  /** Appends `s` as a JSON string literal, quotes included; measured first, then written once. */
  appendQuoted(s: string): TextBuilder {
    const n = s.length;
    let length = n + 2;
    for (let i = 0; i < n; i++) length += escapedLength(<u16>s.charCodeAt(i)) - 1;
    let o = this.reserve(length);
    store<u16>(o, 0x22);
    o += 2;
    for (let i = 0; i < n; i++) {
      const c = <u16>s.charCodeAt(i);
      const size = escapedLength(c);
      if (size == 1) store<u16>(o, c);
      else if (size == 2) { store<u16>(o, 0x5c); store<u16>(o, shortEscape(c), 2); }
      else {
        store<u64>(o, 0x0030_0030_0075_005c); // \u00
        store<u16>(o, <u16>HEX.charCodeAt(c >> 4), 8);
        store<u16>(o, <u16>HEX.charCodeAt(c & 15), 10);
      }
      o += <usize>size << 1;
    }
    store<u16>(o, 0x22);
    this.used += length;
    return this;
  }

  toString(): string {
    const out = changetype<string>(__new(<usize>this.used << 1, idof<string>()));
    memory.copy(changetype<usize>(out), changetype<usize>(this.buffer), <usize>this.used << 1);
    return out;
  }

  /** Room for `more` code units; returns where they go. */
  private reserve(more: i32): usize {
    const needed = this.used + more;
    const capacity = this.buffer.byteLength >> 1;
    if (needed > capacity) {
      const bigger = new ArrayBuffer(max(needed, capacity << 1) << 1);
      memory.copy(changetype<usize>(bigger), changetype<usize>(this.buffer), <usize>this.used << 1);
      this.buffer = bigger;
    }
    return changetype<usize>(this.buffer) + (<usize>this.used << 1);
  }
}

/** How many characters `c` takes inside a JSON string literal. */
function escapedLength(c: u16): i32 {
  if (c == 0x22 || c == 0x5c || c == 0x0a || c == 0x0d || c == 0x09) return 2;
  return c < 0x20 ? 6 : 1;
}

/** The letter after the backslash of a two-character escape. */
function shortEscape(c: u16): u16 {
  if (c == 0x0a) return 0x6e; // n
  if (c == 0x0d) return 0x72; // r
  if (c == 0x09) return 0x74; // t
  return c; // " and \
}
