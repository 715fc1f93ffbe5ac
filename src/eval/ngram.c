/* ngram.c: see ngram.h.
 *
 * Witten-Bell interpolation, from the longest context down to a uniform distribution:
 *   P_k(w | h) = (c(h, w) + T(h) P_{k-1}(w | h')) / (c(h) + T(h))
 * where h' drops h's oldest token, c counts events seen after h, and T(h) is the number
 * of distinct tokens seen after h (a context never seen falls through to P_{k-1}).
 * Counts live in one open-addressing table keyed by a 64-bit hash of (order, context,
 * token) for c(h, w), and of (order, context) for c(h) and T(h). A hash collision merges
 * two counts; at 64 bits that is vanishingly rare for the data sizes here. */
#include "ngram.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "util/hash.h"
#include "util/xalloc.h"

#define NGRAM_MAX 8
#define EVENT_TAG 0x8000000000000000ULL	/* keeps (h, w) keys apart from h keys */

struct slot {
	uint64_t key;	/* 0: empty */
	uint32_t a, b;	/* c(h, w); or c(h) and T(h) */
};

struct ngram {
	int order;
	struct slot *tab;
	size_t cap, used;	/* cap is a power of two */
};

struct ngram *
ngram_new(int order)
{
	struct ngram *m = xcalloc(1, sizeof(*m));

	m->order = order < 1 ? 1 : order > NGRAM_MAX ? NGRAM_MAX : order;
	m->cap = 1 << 16;
	m->tab = xcalloc(m->cap, sizeof(struct slot));
	return m;
}

void
ngram_free(struct ngram *m)
{
	if (!m)
		return;
	free(m->tab);
	free(m);
}

static struct slot *
find(const struct ngram *m, uint64_t key)
{
	size_t mask = m->cap - 1, i = (size_t)hash_mix64(key) & mask;

	while (m->tab[i].key && m->tab[i].key != key)
		i = (i + 1) & mask;
	return &m->tab[i];
}

static void
grow(struct ngram *m)
{
	struct slot *old = m->tab;
	size_t n = m->cap;

	m->cap *= 2;
	m->tab = xcalloc(m->cap, sizeof(struct slot));
	for (size_t i = 0; i < n; i++)
		if (old[i].key)
			*find(m, old[i].key) = old[i];
	free(old);
}

static struct slot *
get(struct ngram *m, uint64_t key)
{
	struct slot *s;

	if (2 * (m->used + 1) > m->cap)
		grow(m);
	s = find(m, key);
	if (!s->key) {
		s->key = key;
		m->used++;
	}
	return s;
}

/* Hash of the context of length k ending just before position i of t (0 is a valid key
 * space value; the final key is forced non-zero). */
static uint64_t
ctx_key(const int32_t *ctx, int n_ctx, int k)
{
	uint64_t h = 0x9e3779b97f4a7c15ULL * (uint64_t)(k + 1);

	for (int j = n_ctx - k; j < n_ctx; j++)
		h = hash_mix64(h ^ (uint64_t)(uint32_t)ctx[j]) + 0x632be59bd9b4e019ULL;
	return (h & ~EVENT_TAG) | 1;
}

static uint64_t
event_key(uint64_t hk, int w)
{
	return (hash_mix64(hk ^ ((uint64_t)(uint32_t)w << 40)) | EVENT_TAG);
}

static void
count(struct ngram *m, const int32_t *ctx, int n_ctx, int w)
{
	for (int k = 0; k < m->order && k <= n_ctx; k++) {
		uint64_t hk = ctx_key(ctx, n_ctx, k);
		struct slot *e = get(m, event_key(hk, w));
		bool is_new = e->a++ == 0;
		struct slot *h = get(m, hk);
		h->a++;
		h->b += is_new;
	}
}

void
ngram_add(struct ngram *m, const struct example *e)
{
	for (int j = e->resp; j < e->len; j++)
		count(m, e->tok, j, e->tok[j]);
}

void
ngram_train(struct ngram *m, const struct example_set *set)
{
	for (size_t i = 0; i < set->n; i++)
		ngram_add(m, &set->ex[i]);
}

double
ngram_prob(const struct ngram *m, const int32_t *ctx, int n_ctx, int w)
{
	double p = 1.0 / TOK_VOCAB;

	for (int k = 0; k < m->order && k <= n_ctx; k++) {
		uint64_t hk = ctx_key(ctx, n_ctx, k);
		const struct slot *h = find(m, hk);
		if (!h->key || h->a == 0)
			break;	/* longer contexts were not seen either */
		const struct slot *e = find(m, event_key(hk, w));
		double c = e->key ? e->a : 0;
		p = (c + h->b * p) / ((double)h->a + h->b);
	}
	return p;
}

double
ngram_eval(const struct ngram *m, const struct example_set *set, int64_t *n_tokens)
{
	double sum = 0.0;
	int64_t n = 0;

	for (size_t i = 0; i < set->n; i++) {
		const struct example *e = &set->ex[i];
		for (int j = e->resp; j < e->len; j++, n++)
			sum -= log(ngram_prob(m, e->tok, j, e->tok[j]));
	}
	*n_tokens = n;
	return n ? sum / (double)n : 0.0;
}
