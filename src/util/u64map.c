/* u64map.c: see u64map.h. Keys are spread by the murmur3 finaliser, so packed ids with
 * structure in their low bits still probe well. */
#include "util/u64map.h"

#include <stdlib.h>
#include <string.h>

#include "util/hash.h"
#include "util/xalloc.h"

#define LOAD_NUM 7	/* grow past 7/10 full */
#define LOAD_DEN 10

size_t
u64map_find(const struct u64map *t, uint64_t key)
{
	if (!t->cap)
		return SIZE_MAX;
	for (size_t i = hash_mix64(key) & (t->cap - 1);; i = (i + 1) & (t->cap - 1)) {
		if (t->keys[i] == key)
			return i;
		if (!t->keys[i])
			return SIZE_MAX;
	}
}

const uint32_t *
u64map_get(const struct u64map *t, uint64_t key)
{
	size_t i = u64map_find(t, key);

	return i == SIZE_MAX ? NULL : t->vals + i * t->stride;
}

static void
u64map_grow(struct u64map *t)
{
	struct u64map old = *t;

	t->cap = old.cap ? old.cap * 2 : 1024;
	t->keys = xcalloc(t->cap, sizeof(*t->keys));
	t->vals = xcalloc(t->cap * t->stride, sizeof(*t->vals));
	t->n = 0;
	for (size_t i = 0; i < old.cap; i++)
		if (old.keys[i])
			memcpy(u64map_put(t, old.keys[i]), old.vals + i * t->stride,
			       t->stride * sizeof(*t->vals));
	free(old.keys);
	free(old.vals);
}

uint32_t *
u64map_put(struct u64map *t, uint64_t key)
{
	size_t i;

	if ((t->n + 1) * LOAD_DEN > t->cap * LOAD_NUM)
		u64map_grow(t);
	for (i = hash_mix64(key) & (t->cap - 1); t->keys[i]; i = (i + 1) & (t->cap - 1))
		if (t->keys[i] == key)
			return t->vals + i * t->stride;
	t->keys[i] = key;
	t->n++;
	return t->vals + i * t->stride;
}

void
u64map_free(struct u64map *t)
{
	free(t->keys);
	free(t->vals);
	t->keys = NULL;
	t->vals = NULL;
	t->cap = t->n = 0;
}

size_t
u64map_bytes(const struct u64map *t)
{
	return t->cap * (sizeof(*t->keys) + t->stride * sizeof(*t->vals));
}
