// Built without the WASI shim: a failed assertion calls the env.abort import, which the
// runner provides (message to stderr, exit code 134).

function answer(input: i32): i32 {
  return input * 6 + 1;
}

export function _start(): void {
  assert(answer(7) == 42, "the answer must be 42");
}
