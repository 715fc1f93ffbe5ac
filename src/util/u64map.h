/* u64map.h: an open-addressing hash table from a non-zero 64-bit key to `stride` 32-bit
 * values (zeroed when the key is new), with linear probing, grown at 70% full. Owns its
 * arrays; not thread-safe while written, safe to read from many threads after. */
#ifndef WINNOW_U64MAP_H
#define WINNOW_U64MAP_H

#include <stddef.h>
#include <stdint.h>

struct u64map {
	uint64_t *keys;		/* 0 = empty slot */
	uint32_t *vals;		/* cap x stride */
	size_t cap, n;		/* cap: a power of two, 0 before the first insert */
	unsigned stride;
};

#define U64MAP_INIT(stride) {NULL, NULL, 0, 0, (stride)}

/* The slot of key, or SIZE_MAX if absent. */
size_t u64map_find(const struct u64map *t, uint64_t key);

/* key's values, or NULL if absent (borrowed until the next put). */
const uint32_t *u64map_get(const struct u64map *t, uint64_t key);

/* key's values, inserted (zeroed) if new. key must not be 0. */
uint32_t *u64map_put(struct u64map *t, uint64_t key);

void u64map_free(struct u64map *t);

/* Bytes held by the arrays. */
size_t u64map_bytes(const struct u64map *t);

#endif
