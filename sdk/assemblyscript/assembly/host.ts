// The host imports of guest ABI wasm@1 (docs/guest-abi.md) and the glue to call them with strings.

@external("scrm", "action_call")
declare function host_action_call(namePtr: usize, nameLen: usize, inputPtr: usize, inputLen: usize): i64;

@external("scrm", "log")
declare function host_log(level: i32, ptr: usize, len: usize): void;

/** Reads the (pointer << 32 | length) UTF-8 string the host handed back. */
export function readPacked(packed: i64): string {
  const ptr = <usize>(<u64>packed >> 32);
  const len = <usize>(<u64>packed & 0xffffffff);
  return String.UTF8.decodeUnsafe(ptr, len);
}

/** Copies a string as UTF-8 into unmanaged memory (never moved or collected) and packs pointer and length. */
export function writePacked(text: string): i64 {
  const len = <usize>String.UTF8.byteLength(text);
  const ptr = heap.alloc(len > 0 ? len : 1);
  String.UTF8.encodeUnsafe(changetype<usize>(text), text.length, ptr);
  return (<i64>ptr << 32) | <i64>len;
}

export function callHost(name: string, inputJson: string): string {
  const n = String.UTF8.encode(name);
  const i = String.UTF8.encode(inputJson);
  return readPacked(host_action_call(changetype<usize>(n), <usize>n.byteLength, changetype<usize>(i), <usize>i.byteLength));
}

export function logHost(level: i32, message: string): void {
  const m = String.UTF8.encode(message);
  host_log(level, changetype<usize>(m), <usize>m.byteLength);
}
