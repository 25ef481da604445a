/* A handler written against sdk/c/scrm.h, built by the tests with clang (wasi and freestanding). */
#define SCRM_IMPLEMENTATION
#include "scrm.h"
#ifdef __wasi__
#include <stdio.h>
#endif

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
    scrm_str header = scrm_string(scrm_json_get(req->headers, "x-test"));
    scrm_buf_append_cstr(&b, ",\"xTest\":");
    scrm_buf_append_json_string(&b, header.ptr, header.len);
    scrm_buf_append_cstr(&b, ",\"config\":");
    scrm_buf_append_str(&b, req->config);
    scrm_buf_append_cstr(&b, ",\"user\":");
    scrm_buf_append_str(&b, req->user);
    scrm_buf_append_cstr(&b, ",\"id\":");
    scrm_buf_append_str(&b, scrm_json_get(req->params, "id"));
    scrm_buf_append_cstr(&b, "}");
    return scrm_respond_json(200, scrm_buf_str(&b));
}

/* Saves the request body with storage.put and answers with what the action returned. */
static int64_t save(const scrm_request *req) {
    scrm_buf input = { 0, 0, 0 };
    scrm_buf_append_cstr(&input, "{\"key\":\"note\",\"value\":");
    scrm_buf_append_json_string(&input, req->body.ptr, req->body.len);
    scrm_buf_append_cstr(&input, "}");
    scrm_str result = scrm_action_call("storage.put", scrm_buf_str(&input));
    if (!scrm_json_is_true(scrm_json_get(result, "ok"))) {
        scrm_str code = scrm_string(scrm_json_get(result, "code"));
        scrm_log(SCRM_WARN, "storage.put was refused");
        return scrm_respond_text(502, "text/plain", code.ptr, code.len);
    }
    return scrm_respond_json(201, scrm_json_get(result, "output"));
}

/* Calls the action named by the query string with the body as input; answers with the result document. */
static int64_t call(const scrm_request *req) {
    scrm_str result = scrm_action_call(req->query.ptr, req->body);
    return scrm_respond_json(200, result);
}

static int64_t handle(const scrm_request *req) {
    if (scrm_str_eq(req->path, "/call")) return call(req);
    if (scrm_str_starts_with(req->path, "/echo")) return echo(req);
    if (scrm_str_eq(req->path, "/save") && scrm_str_eq(req->method, "POST")) return save(req);
    if (scrm_str_eq(req->path, "/log")) {
        scrm_log(SCRM_INFO, "hello from C");
        scrm_log(SCRM_ERROR, "an error line");
        return scrm_respond_text(204, "text/plain", "", 0);
    }
    if (scrm_str_eq(req->path, "/trap")) __builtin_trap();
    if (scrm_str_eq(req->path, "/log-trap")) {
        scrm_log(SCRM_WARN, "about to trap");
        __builtin_trap();
    }
#ifdef __wasi__
    if (scrm_str_eq(req->path, "/printf")) { /* WASI stdout and stderr become log lines */
        printf("printed %d\n", 42);
        fflush(stdout);
        fprintf(stderr, "to stderr\n");
        return scrm_respond_text(200, "text/plain", "ok", 2);
    }
#endif
    return scrm_respond_text(404, "text/plain", "no such route", 13);
}

SCRM_EXPORT_HANDLER(handle)
