// Allocation-heavy program: a string-keyed hash table that grows and rehashes, a linked list
// of randomly sized blocks freed out of order, and realloc growth; prints checksums so any
// heap corruption or memory.grow mistake changes the output.
// Usage: malloc_churn [rounds]   (default 200)
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint32_t rng = 12345;
static uint32_t next_random(void) { rng ^= rng << 13; rng ^= rng >> 17; rng ^= rng << 5; return rng; }

typedef struct entry { char *key; long value; struct entry *next; } entry;
typedef struct { entry **buckets; size_t size, count; } table;

static uint32_t hash(const char *s) { uint32_t h = 2166136261u; while (*s) h = (h ^ (uint8_t)*s++) * 16777619u; return h; }

static void table_grow(table *t) {
    size_t size = t->size ? t->size * 2 : 16;
    entry **buckets = calloc(size, sizeof *buckets);
    for (size_t i = 0; i < t->size; i++)
        for (entry *e = t->buckets[i], *next; e; e = next) {
            next = e->next;
            size_t b = hash(e->key) & (size - 1);
            e->next = buckets[b];
            buckets[b] = e;
        }
    free(t->buckets);
    t->buckets = buckets;
    t->size = size;
}

static void table_add(table *t, const char *key, long delta) {
    if (t->count * 4 >= t->size * 3) table_grow(t);
    size_t b = hash(key) & (t->size - 1);
    for (entry *e = t->buckets[b]; e; e = e->next)
        if (strcmp(e->key, key) == 0) { e->value += delta; return; }
    entry *e = malloc(sizeof *e);
    e->key = strdup(key);
    e->value = delta;
    e->next = t->buckets[b];
    t->buckets[b] = e;
    t->count++;
}

static void table_remove_odd(table *t) {
    for (size_t i = 0; i < t->size; i++) {
        entry **link = &t->buckets[i];
        while (*link) {
            entry *e = *link;
            if (e->value & 1) { *link = e->next; free(e->key); free(e); t->count--; }
            else link = &e->next;
        }
    }
}

static long table_sum(const table *t) {
    long sum = 0;
    for (size_t i = 0; i < t->size; i++)
        for (entry *e = t->buckets[i]; e; e = e->next) sum += e->value * (long)strlen(e->key);
    return sum;
}

static void table_free(table *t) {
    for (size_t i = 0; i < t->size; i++)
        for (entry *e = t->buckets[i], *next; e; e = next) { next = e->next; free(e->key); free(e); }
    free(t->buckets);
}

typedef struct block { struct block *next; size_t size; unsigned char data[]; } block;

int main(int argc, char **argv) {
    int rounds = argc > 1 ? atoi(argv[1]) : 200;
    uint64_t checksum = 0;
    size_t peak_blocks = 0;
    for (int round = 0; round < rounds; round++) {
        block *head = NULL;
        size_t live = 0;
        for (int i = 0; i < 500; i++) {
            size_t size = 1 + next_random() % (i % 50 == 0 ? 65536 : 256);
            block *b = malloc(sizeof *b + size);
            if (!b) { printf("out of memory at round %d\n", round); return 1; }
            b->size = size;
            memset(b->data, (int)(size & 0xff), size);
            b->next = head;
            head = b;
            live++;
            if (next_random() % 3 == 0 && head->next) {   // free a block from the middle
                block *victim = head->next;
                head->next = victim->next;
                checksum += victim->data[victim->size - 1] + victim->size;
                free(victim);
                live--;
            }
        }
        if (live > peak_blocks) peak_blocks = live;
        while (head) { block *next = head->next; checksum += head->size; free(head); head = next; }

        char *text = NULL;
        size_t length = 0;
        for (int i = 0; i < 64; i++) {
            char piece[32];
            int n = snprintf(piece, sizeof piece, "%d:%u;", i, next_random() % 1000);
            text = realloc(text, length + (size_t)n + 1);
            memcpy(text + length, piece, (size_t)n + 1);
            length += (size_t)n;
        }
        checksum = checksum * 31 + hash(text);
        free(text);
    }

    table t = {0};
    char key[24];
    for (int i = 0; i < 20000; i++) {
        snprintf(key, sizeof key, "k%u", next_random() % 5000);
        table_add(&t, key, i % 7);
    }
    size_t before = t.count;
    long sum_before = table_sum(&t);
    table_remove_odd(&t);
    printf("blocks checksum %llu, peak live blocks %zu\n", (unsigned long long)checksum, peak_blocks);
    printf("table: %zu keys, sum %ld; after removing odd values: %zu keys, sum %ld, %zu buckets\n",
           before, sum_before, t.count, table_sum(&t), t.size);
    table_free(&t);
    return 0;
}
