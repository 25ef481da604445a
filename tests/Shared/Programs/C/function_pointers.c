// Indirect calls (call_indirect): an operator table, qsort with several comparators, a
// "vtable" of shapes, a table-driven state machine, and a sort used by bench/.
// Usage: function_pointers            run everything; the exit code is derived from the results
//        function_pointers --sort N   sort N generated integers with qsort and a merge sort (bench/)
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef int64_t (*binary_op)(int64_t, int64_t);
static int64_t op_add(int64_t a, int64_t b) { return a + b; }
static int64_t op_sub(int64_t a, int64_t b) { return a - b; }
static int64_t op_mul(int64_t a, int64_t b) { return a * b; }
static int64_t op_div(int64_t a, int64_t b) { return b ? a / b : 0; }
static int64_t op_mod(int64_t a, int64_t b) { return b ? a % b : 0; }
static int64_t op_xor(int64_t a, int64_t b) { return a ^ b; }
static const struct { const char *name; binary_op fn; } ops[] = {
    {"add", op_add}, {"sub", op_sub}, {"mul", op_mul}, {"div", op_div}, {"mod", op_mod}, {"xor", op_xor},
};

static int cmp_int_asc(const void *a, const void *b) { int x = *(const int *)a, y = *(const int *)b; return (x > y) - (x < y); }
static int cmp_int_desc(const void *a, const void *b) { return cmp_int_asc(b, a); }
static int cmp_int_by_digit_sum(const void *a, const void *b) {
    int x = abs(*(const int *)a), y = abs(*(const int *)b), sx = 0, sy = 0;
    while (x) { sx += x % 10; x /= 10; }
    while (y) { sy += y % 10; y /= 10; }
    return sx != sy ? (sx > sy) - (sx < sy) : cmp_int_asc(a, b);
}
static int cmp_str(const void *a, const void *b) { return strcmp(*(const char *const *)a, *(const char *const *)b); }

typedef struct shape shape;
typedef struct { const char *name; double (*area)(const shape *); double (*perimeter)(const shape *); } shape_class;
struct shape { const shape_class *cls; double a, b; };
static double rect_area(const shape *s) { return s->a * s->b; }
static double rect_perimeter(const shape *s) { return 2 * (s->a + s->b); }
static double circle_area(const shape *s) { return 3.14159265358979 * s->a * s->a; }
static double circle_perimeter(const shape *s) { return 2 * 3.14159265358979 * s->a; }
static double tri_area(const shape *s) { return 0.5 * s->a * s->b; }
static double tri_perimeter(const shape *s) { return s->a + s->b + __builtin_sqrt(s->a * s->a + s->b * s->b); }
static const shape_class rect = {"rect", rect_area, rect_perimeter};
static const shape_class circle = {"circle", circle_area, circle_perimeter};
static const shape_class triangle = {"right-triangle", tri_area, tri_perimeter};

typedef enum { IDLE, NUMBER, WORD, STATE_COUNT } state;
typedef state (*transition)(char c, int *counters);
static state from_idle(char c, int *n) { if (c >= '0' && c <= '9') { n[0]++; return NUMBER; } if (c > ' ') { n[1]++; return WORD; } return IDLE; }
static state in_number(char c, int *n) { (void)n; return c >= '0' && c <= '9' ? NUMBER : c > ' ' ? WORD : IDLE; }
static state in_word(char c, int *n) { (void)n; return c > ' ' ? WORD : IDLE; }
static const transition machine[STATE_COUNT] = {from_idle, in_number, in_word};

static uint32_t seed = 7;
static int next_int(void) { seed = seed * 1103515245u + 12345u; return (int)(seed >> 1) % 2000001 - 1000000; }

static void merge_sort(int *a, int *tmp, size_t n, int (*cmp)(const void *, const void *)) {
    if (n < 2) return;
    size_t h = n / 2;
    merge_sort(a, tmp, h, cmp);
    merge_sort(a + h, tmp, n - h, cmp);
    size_t i = 0, j = h, k = 0;
    while (i < h && j < n) tmp[k++] = cmp(&a[j], &a[i]) < 0 ? a[j++] : a[i++];
    while (i < h) tmp[k++] = a[i++];
    while (j < n) tmp[k++] = a[j++];
    memcpy(a, tmp, n * sizeof *a);
}

static uint32_t checksum_ints(const int *a, size_t n) { uint32_t h = 0; for (size_t i = 0; i < n; i++) h = h * 31 + (uint32_t)a[i]; return h; }

static int sort_bench(size_t n) {
    int *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b), *tmp = malloc(n * sizeof *tmp);
    for (size_t i = 0; i < n; i++) a[i] = b[i] = next_int();
    qsort(a, n, sizeof *a, cmp_int_asc);
    merge_sort(b, tmp, n, cmp_int_asc);
    int same = memcmp(a, b, n * sizeof *a) == 0;
    printf("sorted %zu ints: checksum %08x, min %d, max %d, merge sort %s\n",
           n, checksum_ints(a, n), a[0], a[n - 1], same ? "agrees" : "DISAGREES");
    free(a); free(b); free(tmp);
    return same ? 0 : 1;
}

int main(int argc, char **argv) {
    if (argc > 2 && strcmp(argv[1], "--sort") == 0) return sort_bench((size_t)atol(argv[2]));

    int64_t acc = 1000003;
    for (int round = 0; round < 1000; round++) {
        const size_t k = (size_t)(round * 7 + 3) % (sizeof ops / sizeof ops[0]);
        acc = ops[k].fn(acc, round + 17) & 0xffffffffffffLL;
    }
    printf("operator table: %lld\n", (long long)acc);
    for (size_t k = 0; k < sizeof ops / sizeof ops[0]; k++) printf("  %s(1000, 7) = %lld\n", ops[k].name, (long long)ops[k].fn(1000, 7));

    enum { N = 2000 };
    static int numbers[N], tmp[N];
    int (*comparators[])(const void *, const void *) = {cmp_int_asc, cmp_int_desc, cmp_int_by_digit_sum};
    const char *names[] = {"ascending", "descending", "digit sum"};
    for (int c = 0; c < 3; c++) {
        for (int i = 0; i < N; i++) numbers[i] = next_int();
        qsort(numbers, N, sizeof numbers[0], comparators[c]);
        printf("qsort %-10s first %8d last %8d checksum %08x\n", names[c], numbers[0], numbers[N - 1], checksum_ints(numbers, N));
        for (int i = 0; i < N; i++) numbers[i] = next_int();
        merge_sort(numbers, tmp, N, comparators[c]);
        printf("merge %-10s first %8d last %8d checksum %08x\n", names[c], numbers[0], numbers[N - 1], checksum_ints(numbers, N));
    }

    const char *words[] = {"pear", "apple", "fig", "banana", "cherry", "date", "elderberry", "grape"};
    qsort(words, sizeof words / sizeof words[0], sizeof words[0], cmp_str);
    printf("words:");
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) printf(" %s", words[i]);
    printf("\n");

    shape shapes[] = {{&rect, 3, 4}, {&circle, 2, 0}, {&triangle, 3, 4}, {&rect, 1.5, 2.5}};
    double total = 0;
    for (size_t i = 0; i < sizeof shapes / sizeof shapes[0]; i++) {
        const shape *s = &shapes[i];
        printf("%-15s area %10.4f perimeter %10.4f\n", s->cls->name, s->cls->area(s), s->cls->perimeter(s));
        total += s->cls->area(s);
    }

    const char *text = "call 42 indirect 7 times via table 0 in 2026 and exit";
    int counters[2] = {0, 0};
    state st = IDLE;
    for (const char *p = text; *p; p++) st = machine[st](*p, counters);
    printf("state machine: %d numbers, %d words\n", counters[0], counters[1]);

    return (int)total % 50 + counters[0];   // a non-zero exit code the test compares
}
