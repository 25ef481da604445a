// Word statistics over a built-in text: exercises AssemblyScript strings (split, case,
// concatenation, UTF-8 output), arrays (push, sort with a comparator, join) and maps.
// Prints through WASI (fd_write) via @assemblyscript/wasi-shim; argv words are counted too.

const TEXT = `It was the best of times, it was the worst of times, it was the age of wisdom,
it was the age of foolishness, it was the epoch of belief, it was the epoch of incredulity,
it was the season of Light, it was the season of Darkness, it was the spring of hope,
it was the winter of despair. Naïve café — ünïcödé wörds count too.`;

function isWordChar(c: i32): bool {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c > 127;
}

function words(text: string): string[] {
  const lower = text.toLowerCase();
  const result = new Array<string>();
  let start = -1;
  for (let i = 0; i <= lower.length; i++) {
    const c = i < lower.length ? lower.charCodeAt(i) : 32;
    if (isWordChar(c)) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      result.push(lower.substring(start, i));
      start = -1;
    }
  }
  return result;
}

class Entry {
  constructor(public word: string, public count: i32) {}
}

const all = words(TEXT);
const args = process.argv;
for (let i = 1; i < args.length; i++) {
  const extra = words(args[i]);
  for (let j = 0; j < extra.length; j++) all.push(extra[j]);
}

const counts = new Map<string, i32>();
for (let i = 0; i < all.length; i++) {
  const w = all[i];
  counts.set(w, counts.has(w) ? counts.get(w) + 1 : 1);
}

const keys = counts.keys();
const entries = new Array<Entry>();
for (let i = 0; i < keys.length; i++) entries.push(new Entry(keys[i], counts.get(keys[i])));
entries.sort((a: Entry, b: Entry): i32 => {
  if (a.count != b.count) return b.count - a.count;
  return a.word < b.word ? -1 : a.word > b.word ? 1 : 0;
});

console.log("words: " + all.length.toString() + ", distinct: " + entries.length.toString());
for (let i = 0; i < entries.length && i < 12; i++) {
  const e = entries[i];
  console.log(e.word.padEnd(12, ".") + " " + e.count.toString());
}

const longest = new Array<string>();
for (let i = 0; i < entries.length; i++) longest.push(entries[i].word);
longest.sort((a: string, b: string): i32 => b.length - a.length || (a < b ? -1 : a > b ? 1 : 0));
console.log("longest: " + longest.slice(0, 5).join(", "));
console.log("reversed: " + longest[0].split("").reverse().join(""));
console.log("utf8 bytes of 'ünïcödé': " + String.UTF8.byteLength("ünïcödé").toString());

let checksum: u32 = 2166136261;
for (let i = 0; i < all.length; i++) {
  const w = all[i];
  for (let j = 0; j < w.length; j++) checksum = (checksum ^ <u32>w.charCodeAt(j)) * 16777619;
}
console.log("fnv1a: " + checksum.toString(16));

process.exit(entries.length > 20 ? 7 : 0);
