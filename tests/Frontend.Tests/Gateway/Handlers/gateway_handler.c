/* The gateway tests' handler, written against sdk/c/scrm.h and built with clang at test time.
 * Well-behaved routes echo what the gateway handed over; hostile routes break one limit each. */
#define SCRM_IMPLEMENTATION
#include "scrm.h"

static int64_t echo(const scrm_request *req) {
    scrm_buf b = { 0, 0, 0 };
    scrm_buf_append_cstr(&b, "{\"method\":");
    scrm_buf_append_json_string(&b, req->method.ptr, req->method.len);
    scrm_buf_append_cstr(&b, ",\"path\":");
    scrm_buf_append_json_string(&b, req->path.ptr, req->path.len);
    scrm_buf_append_cstr(&b, ",\"query\":");
    scrm_buf_append_json_string(&b, req->query.ptr, req->query.len);
    scrm_buf_append_cstr(&b, ",\"body\":");
    scrm_buf_append_json_string(&b, req->body.ptr, req->body.len);
    scrm_buf_append_cstr(&b, ",\"params\":");
    scrm_buf_append_str(&b, req->params);
    scrm_buf_append_cstr(&b, ",\"headers\":");
    scrm_buf_append_str(&b, req->headers);
    scrm_buf_append_cstr(&b, ",\"config\":");
    scrm_buf_append_str(&b, req->config);
    scrm_buf_append_cstr(&b, ",\"user\":");
    scrm_buf_append_str(&b, req->user);
    scrm_buf_append_cstr(&b, ",\"installation\":");
    scrm_buf_append_str(&b, req->installation);
    scrm_buf_append_cstr(&b, "}");
    return scrm_respond_json(200, scrm_buf_str(&b));
}

/* A handler trying to set headers the gateway must not let through. */
static int64_t headers_out(void) {
    return scrm_respond_envelope(scrm_cstr(
        "{\"status\":200,\"headers\":{\"content-type\":\"text/plain\",\"x-ext-trace\":\"t-1\",\"cache-control\":\"no-store\","
        "\"set-cookie\":\"session=stolen\",\"access-control-allow-origin\":\"*\",\"content-security-policy\":\"default-src *\","
        "\"server\":\"evil\"},\"body\":\"headers\"}"));
}

/* storage.put of the body; a refusal (e.g. capability_not_granted) is answered with its status and code. */
static int64_t save(const scrm_request *req) {
    scrm_buf input = { 0, 0, 0 };
    scrm_buf_append_cstr(&input, "{\"key\":\"note\",\"value\":");
    scrm_buf_append_json_string(&input, req->body.ptr, req->body.len);
    scrm_buf_append_cstr(&input, "}");
    scrm_str result = scrm_action_call("storage.put", scrm_buf_str(&input));
    if (!scrm_json_is_true(scrm_json_get(result, "ok"))) {
        scrm_str code = scrm_string(scrm_json_get(result, "code"));
        return scrm_respond_text(403, "text/plain", code.ptr, code.len);
    }
    return scrm_respond_json(201, scrm_json_get(result, "output"));
}

/* storage.put of the body under "kv", then storage.get of it: answers what the get returned
 * (two action calls in one request, so both carry the request's token); a refusal as in save. */
static int64_t kv(const scrm_request *req) {
    scrm_buf input = { 0, 0, 0 };
    scrm_buf_append_cstr(&input, "{\"key\":\"kv\",\"value\":");
    scrm_buf_append_json_string(&input, req->body.ptr, req->body.len);
    scrm_buf_append_cstr(&input, "}");
    scrm_str put = scrm_action_call("storage.put", scrm_buf_str(&input));
    if (!scrm_json_is_true(scrm_json_get(put, "ok"))) {
        scrm_str code = scrm_string(scrm_json_get(put, "code"));
        return scrm_respond_text(403, "text/plain", code.ptr, code.len);
    }
    scrm_str got = scrm_action_call("storage.get", scrm_cstr("{\"key\":\"kv\"}"));
    if (!scrm_json_is_true(scrm_json_get(got, "ok"))) {
        scrm_str code = scrm_string(scrm_json_get(got, "code"));
        return scrm_respond_text(403, "text/plain", code.ptr, code.len);
    }
    return scrm_respond_json(200, scrm_json_get(got, "output"));
}

/* Calls the action the query names with the request body as its input; answers the whole result document. */
static int64_t call(const scrm_request *req) {
    return scrm_respond_json(200, scrm_action_call(req->query.ptr, req->body));
}

/* storage.put of a value that is not UTF-8 (C0 AF, an overlong '/'), which no HTTP body can carry here. */
static int64_t call_invalid_utf8(void) {
    return scrm_respond_json(200, scrm_action_call("storage.put", scrm_cstr("{\"key\":\"k\",\"value\":\"\xC0\xAF\"}")));
}

static volatile int64_t sink;

static void spin(void) { for (;;) sink++; }

static void bomb(void) {
    for (;;) {
        volatile char *block = (volatile char *)scrm_malloc(1 << 20);
        if (!block) __builtin_trap();
        block[0] = 1;
    }
}

/* Through a volatile pointer, so the compiler cannot turn the recursion into a loop; no locals in
 * linear memory, so only the engine's call-depth cap can stop it. */
static int64_t dive(int64_t n);
static int64_t (*volatile dive_next)(int64_t) = dive;
static int64_t dive(int64_t n) { return dive_next(n + 1) + 1; }

static int64_t huge(void) {
    size_t size = 320u << 10;
    char *body = (char *)scrm_malloc(size);
    for (size_t i = 0; i < size; i++) body[i] = 'x';
    return scrm_respond_text(200, "text/plain", body, size);
}

/* One log line "<level> <query>" per level (query = a tag the tests choose); the gateway writes them to the installation log. */
static void log_levels(scrm_str tag) {
    static const char *names[] = { "debug", "info", "warn", "error" };
    for (int level = SCRM_DEBUG; level <= SCRM_ERROR; level++) {
        scrm_buf line = { 0, 0, 0 };
        scrm_buf_append_cstr(&line, names[level]);
        scrm_buf_append_cstr(&line, " ");
        scrm_buf_append_str(&line, tag);
        scrm_host_log(level, line.data, (int32_t)line.len);
    }
}

/* More lines than one execution may keep (the Runner keeps 100 and reports the rest as dropped). */
static int64_t log_flood(void) {
    for (int i = 0; i < 500; i++) scrm_log(SCRM_INFO, "flood line of a handler logging as much as it can");
    return scrm_respond_text(200, "text/plain", "flooded", 7);
}

/* Declared actions: kind "action" in the envelope, the (schema-checked) input as the body. */
static int64_t action(const scrm_request *req) {
    scrm_str name = scrm_string(scrm_json_get(req->envelope, "action"));
    if (scrm_str_eq(name, "fail")) return scrm_respond_text(500, "text/plain", "refused", 7);
    if (scrm_str_eq(name, "log")) {
        log_levels(scrm_string(scrm_json_get(req->body, "tag")));
        return scrm_respond_json(200, scrm_cstr("{\"logged\":true}"));
    }
    scrm_buf b = { 0, 0, 0 };
    scrm_buf_append_cstr(&b, "{\"action\":");
    scrm_buf_append_json_string(&b, name.ptr, name.len);
    scrm_buf_append_cstr(&b, ",\"input\":");
    scrm_buf_append_str(&b, req->body);
    scrm_buf_append_cstr(&b, "}");
    return scrm_respond_json(200, scrm_buf_str(&b));
}

static int64_t handle(const scrm_request *req) {
    if (scrm_str_eq(scrm_string(scrm_json_get(req->envelope, "kind")), "action")) return action(req);
    if (scrm_str_eq(req->path, "/noop")) return scrm_respond_text(200, "text/plain", "ok", 2);
    if (scrm_str_eq(req->path, "/headers")) return headers_out();
    if (scrm_str_eq(req->path, "/save")) return save(req);
    if (scrm_str_eq(req->path, "/kv")) return kv(req);
    if (scrm_str_eq(req->path, "/call")) return call(req);
    if (scrm_str_eq(req->path, "/call-invalid-utf8")) return call_invalid_utf8();
    if (scrm_str_eq(req->path, "/loop")) spin();
    if (scrm_str_eq(req->path, "/bomb")) bomb();
    if (scrm_str_eq(req->path, "/recurse")) sink = dive(0);
    if (scrm_str_eq(req->path, "/huge")) return huge();
    if (scrm_str_eq(req->path, "/trap")) __builtin_trap();
    if (scrm_str_eq(req->path, "/log")) { log_levels(req->query); return scrm_respond_text(200, "text/plain", "logged", 6); }
    if (scrm_str_eq(req->path, "/log-trap")) { log_levels(req->query); __builtin_trap(); }
    if (scrm_str_eq(req->path, "/log-flood")) return log_flood();
    return echo(req);
}

SCRM_EXPORT_HANDLER(handle)
