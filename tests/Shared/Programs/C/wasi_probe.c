// Exercises the WASI preview-1 surface wasi-libc uses, printing what it sees so the tests can
// check each call. Modes (argv[1]): report (default), flood (write stdout forever),
// stderr (write to stderr), exit N (exit with code N via proc_exit).
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static void report(int argc, char **argv) {
    printf("argc=%d\n", argc);
    for (int i = 1; i < argc; i++) printf("argv[%d]=%s\n", i, argv[i]);
    for (char **e = environ; *e; e++) printf("env %s\n", *e);
    const char *home = getenv("HOME");
    printf("getenv HOME=%s\n", home ? home : "(unset)");

    size_t total = 0, n;
    char buf[1000];
    unsigned sum = 0;
    while ((n = fread(buf, 1, sizeof buf, stdin)) > 0) {
        for (size_t i = 0; i < n; i++) sum = sum * 31 + (unsigned char)buf[i];
        total += n;
    }
    printf("stdin %zu bytes, hash %08x\n", total, sum);

    struct timespec real, mono1, mono2, res;
    clock_gettime(CLOCK_REALTIME, &real);
    clock_gettime(CLOCK_MONOTONIC, &mono1);
    clock_gettime(CLOCK_MONOTONIC, &mono2);
    clock_getres(CLOCK_MONOTONIC, &res);
    printf("realtime after 2020: %s\n", real.tv_sec > 1577836800 ? "yes" : "no");
    printf("monotonic non-decreasing: %s\n",
           mono2.tv_sec > mono1.tv_sec || (mono2.tv_sec == mono1.tv_sec && mono2.tv_nsec >= mono1.tv_nsec) ? "yes" : "no");
    printf("monotonic resolution positive: %s\n", res.tv_sec > 0 || res.tv_nsec > 0 ? "yes" : "no");

    unsigned char random[64] = {0};
    int got = getentropy(random, sizeof random);
    int nonzero = 0;
    for (size_t i = 0; i < sizeof random; i++) nonzero += random[i] != 0;
    printf("getentropy=%d nonzero bytes>32: %s\n", got, nonzero > 32 ? "yes" : "no");

    FILE *f = fopen("/etc/passwd", "r");
    printf("fopen /etc/passwd: %s\n", f ? "opened" : "failed");
    printf("isatty(1)=%d\n", isatty(1));
    fprintf(stderr, "to stderr\n");
}

int main(int argc, char **argv) {
    const char *mode = argc > 1 ? argv[1] : "report";
    if (strcmp(mode, "flood") == 0) {
        for (unsigned long i = 0;; i++) printf("line %lu of an endless stream of output\n", i);
    }
    if (strcmp(mode, "exit") == 0) {
        printf("exiting with %s\n", argv[2]);
        fflush(stdout);
        exit(atoi(argv[2]));
    }
    report(argc, argv);
    return 0;
}
