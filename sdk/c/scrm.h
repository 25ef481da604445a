/*
 * scrm.h: write extension handlers in C for guest ABI wasm@1 (docs/guest-abi.md).
 *
 * Single-header library. In exactly one .c file:
 *
 *     #define SCRM_IMPLEMENTATION
 *     #include "scrm.h"
 *
 *     static int64_t handle(const scrm_request *req) {
 *         if (scrm_str_eq(req->path, "/hello"))
 *             return scrm_respond_text(200, "text/plain", "hello", 5);
 *         return scrm_respond_text(404, "text/plain", "not found", 9);
 *     }
 *     SCRM_EXPORT_HANDLER(handle)
 *
 * Build (with WASI libc, as a reactor: no main, _initialize runs constructors):
 *     clang --target=wasm32-wasi -O2 -mexec-model=reactor handler.c -o handler.wasm
 * or freestanding (no libc; the header brings its own allocator, memcpy and memset):
 *     clang --target=wasm32 -O2 -nostdlib -Wl,--no-entry handler.c -o handler.wasm
 *
 * Every instance serves exactly one request, so memory is never freed: the allocator may be a
 * bump allocator, and strings handed out by this header stay valid until the handler returns.
 * All strings are (pointer, length) pairs (scrm_str) pointing into the request envelope or into
 * memory from scrm_malloc; none is NUL-terminated unless said so.
 */
#ifndef SCRM_H
#define SCRM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SCRM_ABI_VERSION "wasm@1"

typedef struct { const char *ptr; size_t len; } scrm_str;

enum { SCRM_DEBUG = 0, SCRM_INFO = 1, SCRM_WARN = 2, SCRM_ERROR = 3 };

/* ---- host imports (module "scrm") ------------------------------------------------------- */
__attribute__((import_module("scrm"), import_name("action_call")))
int64_t scrm_host_action_call(const char *name, int32_t name_len, const char *input, int32_t input_len);
__attribute__((import_module("scrm"), import_name("log")))
void scrm_host_log(int32_t level, const char *message, int32_t len);

/* ---- the request ------------------------------------------------------------------------ */
/* Raw JSON values of the envelope's members (strings still quoted and escaped: see scrm_string). */
typedef struct {
    scrm_str envelope;       /* the whole request document */
    scrm_str method, path, query, params, headers, body, body_base64, config, user, installation;
} scrm_request;

/* ---- memory ----------------------------------------------------------------------------- */
void *scrm_malloc(size_t size);

/* ---- strings and JSON --------------------------------------------------------------------- */
scrm_str scrm_cstr(const char *s);
int scrm_str_eq(scrm_str s, const char *literal);
int scrm_str_starts_with(scrm_str s, const char *prefix);
/* The raw value of member `key` of a JSON object (e.g. req->headers); {0,0} when absent. */
scrm_str scrm_json_get(scrm_str object, const char *key);
/* A JSON string value unescaped into fresh memory, NUL-terminated; {0,0} when not a string. */
scrm_str scrm_string(scrm_str json_string);
/* Whether a JSON value is the literal true. */
int scrm_json_is_true(scrm_str value);

/* A growable byte buffer for building JSON and bodies. */
typedef struct { char *data; size_t len, cap; } scrm_buf;
void scrm_buf_append(scrm_buf *b, const char *bytes, size_t len);
void scrm_buf_append_cstr(scrm_buf *b, const char *s);
void scrm_buf_append_str(scrm_buf *b, scrm_str s);
/* Appends bytes as a quoted, escaped JSON string. */
void scrm_buf_append_json_string(scrm_buf *b, const char *bytes, size_t len);
void scrm_buf_append_int(scrm_buf *b, int64_t value);
scrm_str scrm_buf_str(const scrm_buf *b);

/* ---- responses ---------------------------------------------------------------------------- */
/* Each returns the packed (pointer << 32 | length) that scrm_handle must return. */
int64_t scrm_respond_text(int status, const char *content_type, const char *body, size_t len);
/* `json` is a complete JSON value; sent as application/json. */
int64_t scrm_respond_json(int status, scrm_str json);
/* `envelope` is a complete response document {"status":..,"headers":{..},"body":".."}. */
int64_t scrm_respond_envelope(scrm_str envelope);

/* ---- actions and logs --------------------------------------------------------------------- */
/* Calls an action; returns the result document {"ok":true,"status":200,"output":...} or
 * {"ok":false,"status":403,"code":"...","message":"..."} (use scrm_json_get on it). */
scrm_str scrm_action_call(const char *name, scrm_str input_json);
void scrm_log(int level, const char *message);

/* Defines the exported scrm_handle: parses the envelope and calls fn(const scrm_request *) -> int64_t. */
#define SCRM_EXPORT_HANDLER(fn)                                                              \
    __attribute__((export_name("scrm_handle"))) int64_t scrm_handle(int32_t ptr, int32_t len) { \
        scrm_request request;                                                                  \
        scrm__parse_request((const char *)(uintptr_t)ptr, (size_t)len, &request);              \
        return fn(&request);                                                                   \
    }
void scrm__parse_request(const char *ptr, size_t len, scrm_request *out);

#ifdef SCRM_IMPLEMENTATION

#ifdef __wasi__
#include <stdlib.h>
#include <string.h>
void *scrm_malloc(size_t size) { return malloc(size ? size : 1); }
#else
/* Freestanding: bump allocator from the linker's __heap_base, growing memory as needed. */
extern unsigned char __heap_base;
static uintptr_t scrm__next;
void *scrm_malloc(size_t size) {
    if (!scrm__next) scrm__next = (uintptr_t)&__heap_base;
    uintptr_t start = (scrm__next + 15) & ~(uintptr_t)15;
    uintptr_t end = start + size;
    if (end < start) return 0;
    size_t have = __builtin_wasm_memory_size(0) * 65536u;
    if (end > have) {
        size_t pages = (end - have + 65535u) / 65536u;
        if (__builtin_wasm_memory_grow(0, pages) == (size_t)-1) return 0;
    }
    scrm__next = end;
    return (void *)start;
}
void *memcpy(void *dst, const void *src, size_t n) {
    unsigned char *d = (unsigned char *)dst; const unsigned char *s = (const unsigned char *)src;
    while (n--) *d++ = *s++;
    return dst;
}
void *memset(void *dst, int c, size_t n) {
    unsigned char *d = (unsigned char *)dst;
    while (n--) *d++ = (unsigned char)c;
    return dst;
}
#endif

__attribute__((export_name("scrm_alloc"))) int32_t scrm_alloc(int32_t size) {
    return (int32_t)(uintptr_t)scrm_malloc((size_t)size);
}

static size_t scrm__cstrlen(const char *s) { size_t n = 0; while (s[n]) n++; return n; }

scrm_str scrm_cstr(const char *s) { scrm_str r = { s, scrm__cstrlen(s) }; return r; }

int scrm_str_eq(scrm_str s, const char *literal) {
    size_t n = scrm__cstrlen(literal);
    if (s.len != n) return 0;
    for (size_t i = 0; i < n; i++) if (s.ptr[i] != literal[i]) return 0;
    return 1;
}

int scrm_str_starts_with(scrm_str s, const char *prefix) {
    size_t n = scrm__cstrlen(prefix);
    if (s.len < n) return 0;
    for (size_t i = 0; i < n; i++) if (s.ptr[i] != prefix[i]) return 0;
    return 1;
}

/* ---- a minimal JSON scanner: finds values, never builds a tree -------------------------- */
static size_t scrm__ws(const char *p, size_t i, size_t n) {
    while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\n' || p[i] == '\r')) i++;
    return i;
}

/* Index just past the JSON value starting at i (after whitespace), or n on malformed input. */
static size_t scrm__skip(const char *p, size_t i, size_t n) {
    i = scrm__ws(p, i, n);
    if (i >= n) return n;
    if (p[i] == '"') {
        for (i++; i < n; i++) {
            if (p[i] == '\\') i++;
            else if (p[i] == '"') return i + 1;
        }
        return n;
    }
    if (p[i] == '{' || p[i] == '[') {
        int depth = 0;
        for (; i < n; i++) {
            char c = p[i];
            if (c == '"') { i = scrm__skip(p, i, n) - 1; continue; }
            if (c == '{' || c == '[') depth++;
            else if (c == '}' || c == ']') { if (--depth == 0) return i + 1; }
        }
        return n;
    }
    while (i < n && p[i] != ',' && p[i] != '}' && p[i] != ']' && p[i] != ' ' && p[i] != '\n' && p[i] != '\r' && p[i] != '\t') i++;
    return i;
}

/* Reads the member starting at i (after '{' or ','): its key (without quotes) and raw value.
 * Returns the index after the value; leaves value untouched when there is no well-formed member. */
static size_t scrm__member(const char *p, size_t i, size_t n, scrm_str *key, scrm_str *value) {
    i = scrm__ws(p, i, n);
    if (i >= n || p[i] != '"') return n;
    size_t kstart = i + 1, kend = scrm__skip(p, i, n) - 1;
    i = scrm__ws(p, kend + 1, n);
    if (i >= n || p[i] != ':') return n;
    size_t vstart = scrm__ws(p, i + 1, n), vend = scrm__skip(p, vstart, n);
    key->ptr = p + kstart; key->len = kend - kstart;
    value->ptr = p + vstart; value->len = vend - vstart;
    return vend;
}

/* Index after the ',' that follows a member ending at i, or n after the last member. */
static size_t scrm__after_member(const char *p, size_t i, size_t n) {
    i = scrm__ws(p, i, n);
    return i < n && p[i] == ',' ? i + 1 : n;
}

/* Index just inside an object's '{', or its length when the value is not an object. */
static size_t scrm__object_start(scrm_str object) {
    size_t i = scrm__ws(object.ptr, 0, object.len);
    return i < object.len && object.ptr[i] == '{' ? i + 1 : object.len;
}

scrm_str scrm_json_get(scrm_str object, const char *key) {
    scrm_str none = { 0, 0 }, k, v;
    const char *p = object.ptr; size_t n = object.len;
    for (size_t i = scrm__object_start(object); i < n; i = scrm__after_member(p, i, n)) {
        v = none;
        i = scrm__member(p, i, n, &k, &v);
        if (v.ptr == 0) break;
        if (scrm_str_eq(k, key)) return v;
    }
    return none;
}

int scrm_json_is_true(scrm_str value) { return scrm_str_eq(value, "true"); }

static int scrm__hex(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static size_t scrm__utf8(char *out, uint32_t cp) {
    if (cp < 0x80) { out[0] = (char)cp; return 1; }
    if (cp < 0x800) { out[0] = (char)(0xC0 | (cp >> 6)); out[1] = (char)(0x80 | (cp & 0x3F)); return 2; }
    if (cp < 0x10000) { out[0] = (char)(0xE0 | (cp >> 12)); out[1] = (char)(0x80 | ((cp >> 6) & 0x3F)); out[2] = (char)(0x80 | (cp & 0x3F)); return 3; }
    out[0] = (char)(0xF0 | (cp >> 18)); out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F)); out[3] = (char)(0x80 | (cp & 0x3F)); return 4;
}

static uint32_t scrm__u4(const char *p) {
    uint32_t v = 0;
    for (int k = 0; k < 4; k++) { int h = scrm__hex(p[k]); if (h < 0) return 0xFFFD; v = v * 16 + (uint32_t)h; }
    return v;
}

scrm_str scrm_string(scrm_str s) {
    scrm_str none = { 0, 0 };
    if (s.len < 2 || s.ptr[0] != '"' || s.ptr[s.len - 1] != '"') return none;
    char *out = (char *)scrm_malloc(s.len + 1);
    if (!out) return none;
    size_t o = 0;
    for (size_t i = 1; i + 1 < s.len; i++) {
        char c = s.ptr[i];
        if (c != '\\') { out[o++] = c; continue; }
        if (++i + 1 >= s.len) break;
        switch (s.ptr[i]) {
            case 'n': out[o++] = '\n'; break;
            case 't': out[o++] = '\t'; break;
            case 'r': out[o++] = '\r'; break;
            case 'b': out[o++] = '\b'; break;
            case 'f': out[o++] = '\f'; break;
            case 'u': {
                if (i + 4 >= s.len) { i = s.len; break; }
                uint32_t cp = scrm__u4(s.ptr + i + 1); i += 4;
                if (cp >= 0xD800 && cp < 0xDC00 && i + 6 < s.len && s.ptr[i + 1] == '\\' && s.ptr[i + 2] == 'u') {
                    uint32_t lo = scrm__u4(s.ptr + i + 3);
                    if (lo >= 0xDC00 && lo < 0xE000) { cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00); i += 6; }
                }
                o += scrm__utf8(out + o, cp);
                break;
            }
            default: out[o++] = s.ptr[i]; break; /* \" \\ \/ */
        }
    }
    out[o] = 0;
    scrm_str r = { out, o };
    return r;
}

/* One pass over the envelope's members (of duplicate keys the first wins, as with scrm_json_get). */
void scrm__parse_request(const char *ptr, size_t len, scrm_request *out) {
    scrm_str env = { ptr, len }, none = { 0, 0 }, k, v;
    scrm_str method = none, path = none, query = none, body = none, body_base64 = none;
    out->envelope = env;
    out->params = out->headers = out->config = out->user = out->installation = none;
    for (size_t i = scrm__object_start(env); i < len; i = scrm__after_member(ptr, i, len)) {
        v = none;
        i = scrm__member(ptr, i, len, &k, &v);
        if (v.ptr == 0) break;
        scrm_str *slot =
            scrm_str_eq(k, "method") ? &method : scrm_str_eq(k, "path") ? &path : scrm_str_eq(k, "query") ? &query :
            scrm_str_eq(k, "body") ? &body : scrm_str_eq(k, "bodyBase64") ? &body_base64 :
            scrm_str_eq(k, "params") ? &out->params : scrm_str_eq(k, "headers") ? &out->headers :
            scrm_str_eq(k, "config") ? &out->config : scrm_str_eq(k, "user") ? &out->user :
            scrm_str_eq(k, "installation") ? &out->installation : 0;
        if (slot && slot->ptr == 0) *slot = v;
    }
    out->method = scrm_string(method);
    out->path = scrm_string(path);
    out->query = scrm_string(query);
    out->body = scrm_string(body);
    out->body_base64 = scrm_string(body_base64);
}

/* ---- building output ---------------------------------------------------------------------- */
void scrm_buf_append(scrm_buf *b, const char *bytes, size_t len) {
    if (b->len + len > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 256;
        while (cap < b->len + len) cap *= 2;
        char *bigger = (char *)scrm_malloc(cap);
        if (!bigger) __builtin_trap();
        for (size_t i = 0; i < b->len; i++) bigger[i] = b->data[i];
        b->data = bigger; b->cap = cap;
    }
    for (size_t i = 0; i < len; i++) b->data[b->len + i] = bytes[i];
    b->len += len;
}

void scrm_buf_append_cstr(scrm_buf *b, const char *s) { scrm_buf_append(b, s, scrm__cstrlen(s)); }
void scrm_buf_append_str(scrm_buf *b, scrm_str s) { scrm_buf_append(b, s.ptr, s.len); }

void scrm_buf_append_json_string(scrm_buf *b, const char *bytes, size_t len) {
    static const char hex[] = "0123456789abcdef";
    scrm_buf_append(b, "\"", 1);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)bytes[i];
        if (c == '"' || c == '\\') { char e[2] = { '\\', (char)c }; scrm_buf_append(b, e, 2); }
        else if (c == '\n') scrm_buf_append(b, "\\n", 2);
        else if (c == '\r') scrm_buf_append(b, "\\r", 2);
        else if (c == '\t') scrm_buf_append(b, "\\t", 2);
        else if (c < 0x20) { char e[6] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 15] }; scrm_buf_append(b, e, 6); }
        else scrm_buf_append(b, (const char *)&c, 1);
    }
    scrm_buf_append(b, "\"", 1);
}

void scrm_buf_append_int(scrm_buf *b, int64_t value) {
    char digits[24]; size_t n = 0;
    uint64_t v = value < 0 ? (uint64_t)0 - (uint64_t)value : (uint64_t)value;
    do { digits[n++] = (char)('0' + v % 10); v /= 10; } while (v);
    if (value < 0) scrm_buf_append(b, "-", 1);
    while (n) scrm_buf_append(b, &digits[--n], 1);
}

scrm_str scrm_buf_str(const scrm_buf *b) { scrm_str r = { b->data, b->len }; return r; }

static int64_t scrm__pack(scrm_str s) { return ((int64_t)(uint32_t)(uintptr_t)s.ptr << 32) | (uint32_t)s.len; }

int64_t scrm_respond_envelope(scrm_str envelope) { return scrm__pack(envelope); }

int64_t scrm_respond_text(int status, const char *content_type, const char *body, size_t len) {
    scrm_buf b = { 0, 0, 0 };
    scrm_buf_append_cstr(&b, "{\"status\":");
    scrm_buf_append_int(&b, status);
    scrm_buf_append_cstr(&b, ",\"headers\":{\"content-type\":");
    scrm_buf_append_json_string(&b, content_type, scrm__cstrlen(content_type));
    scrm_buf_append_cstr(&b, "},\"body\":");
    scrm_buf_append_json_string(&b, body, len);
    scrm_buf_append_cstr(&b, "}");
    return scrm__pack(scrm_buf_str(&b));
}

int64_t scrm_respond_json(int status, scrm_str json) {
    return scrm_respond_text(status, "application/json", json.ptr, json.len);
}

scrm_str scrm_action_call(const char *name, scrm_str input_json) {
    int64_t packed = scrm_host_action_call(name, (int32_t)scrm__cstrlen(name), input_json.ptr, (int32_t)input_json.len);
    scrm_str r = { (const char *)(uintptr_t)(uint32_t)(packed >> 32), (size_t)(uint32_t)packed };
    return r;
}

void scrm_log(int level, const char *message) { scrm_host_log(level, message, (int32_t)scrm__cstrlen(message)); }

#endif /* SCRM_IMPLEMENTATION */

#ifdef __cplusplus
}
#endif
#endif /* SCRM_H */
