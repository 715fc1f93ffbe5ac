/* vec_build.c: document frequencies, idf, and one encoded TF-IDF vector per sample
 * (see vec_build.h and, for the weights and the blob, vectors.h). */
#include "vec_build.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "score/hashfeat.h"
#include "util/xalloc.h"

struct vec_builder {
	struct hashfeat f;
	uint32_t *count;	/* VEC_DIM, all zero between calls */
	uint32_t *uniq, *tmp;	/* distinct buckets of the sample */
	size_t cap;
	uint32_t idx[VEC_MAX_NNZ];
	float w[VEC_MAX_NNZ];
	double *wd;		/* cap: weights before the cut */
	uint32_t *order;	/* cap: for the cut */
	uint8_t blob[2 + 5 + VEC_MAX_NNZ * (5 + 2)];
};

struct vec_model {
	float idf[VEC_DIM];
};

struct vec_builder *
vec_builder_new(void)
{
	struct vec_builder *b = xcalloc(1, sizeof(*b));

	b->count = xcalloc(VEC_DIM, sizeof(*b->count));
	return b;
}

void
vec_builder_free(struct vec_builder *b)
{
	if (!b)
		return;
	hashfeat_free(&b->f);
	free(b->count);
	free(b->uniq);
	free(b->tmp);
	free(b->wd);
	free(b->order);
	free(b);
}

/* LSD radix sort of bucket numbers (< VEC_DIM) in two passes of VEC_BITS / 2 bits;
 * insertion sort for short lists. */
static void
sort_buckets(uint32_t *a, uint32_t *tmp, size_t n)
{
	enum { HALF = VEC_BITS / 2, R = 1 << HALF };
	size_t cnt[R];

	if (n < 64) {
		for (size_t i = 1; i < n; i++) {
			uint32_t x = a[i];
			size_t j = i;
			for (; j > 0 && a[j - 1] > x; j--)
				a[j] = a[j - 1];
			a[j] = x;
		}
		return;
	}
	for (int pass = 0; pass < 2; pass++) {
		uint32_t *src = pass ? tmp : a, *dst = pass ? a : tmp;
		int sh = pass * HALF;
		size_t sum = 0;
		memset(cnt, 0, sizeof(cnt));
		for (size_t i = 0; i < n; i++)
			cnt[(src[i] >> sh) & (R - 1)]++;
		for (size_t r = 0; r < R; r++) {
			size_t c = cnt[r];
			cnt[r] = sum;
			sum += c;
		}
		for (size_t i = 0; i < n; i++)
			dst[cnt[(src[i] >> sh) & (R - 1)]++] = src[i];
	}
}

/* Hash the sample, count each bucket into b->count, list the distinct ones sorted.
 * The counts stay set: the caller clears them. */
static size_t
count_buckets(struct vec_builder *b, const char *prompt, size_t prompt_len,
	      const char *response, size_t response_len)
{
	size_t n = 0;

	hashfeat_sample(&b->f, prompt, prompt_len, response, response_len);
	if (b->cap < b->f.n) {
		b->cap = b->f.n;
		b->uniq = xrealloc(b->uniq, b->cap * sizeof(*b->uniq));
		b->tmp = xrealloc(b->tmp, b->cap * sizeof(*b->tmp));
		b->wd = xrealloc(b->wd, b->cap * sizeof(*b->wd));
		b->order = xrealloc(b->order, b->cap * sizeof(*b->order));
	}
	for (size_t i = 0; i < b->f.n; i++) {
		uint32_t k = (uint32_t)(b->f.h[i] >> (64 - VEC_BITS));
		if (b->count[k]++ == 0)
			b->uniq[n++] = k;
	}
	sort_buckets(b->uniq, b->tmp, n);
	return n;
}

size_t
vec_buckets(struct vec_builder *b, const char *prompt, size_t prompt_len,
	    const char *response, size_t response_len, const uint32_t **out)
{
	size_t n = count_buckets(b, prompt, prompt_len, response, response_len);

	for (size_t i = 0; i < n; i++)
		b->count[b->uniq[i]] = 0;
	*out = b->uniq;
	return n;
}

struct vec_model *
vec_model_new(const uint32_t *df, int64_t n_docs)
{
	struct vec_model *m = xmalloc(sizeof(*m));

	for (uint32_t k = 0; k < VEC_DIM; k++)
		m->idf[k] = (float)(log((1.0 + (double)n_docs) / (1.0 + df[k])) + 1.0);
	return m;
}

void
vec_model_free(struct vec_model *m)
{
	free(m);
}

double
vec_model_idf(const struct vec_model *m, uint32_t bucket)
{
	return m->idf[bucket];
}

/* Heap order for the cut: a is "smaller" (evicted first) when its weight is lower, or
 * equal with a higher position, so the cut keeps the largest weights and, among equal
 * ones, the lowest buckets. */
static bool
heap_less(const double *w, uint32_t a, uint32_t b)
{
	return w[a] < w[b] || (w[a] == w[b] && a > b);
}

static void
heap_down(const double *w, uint32_t *h, size_t n, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, m = i;
		if (l < n && heap_less(w, h[l], h[m]))
			m = l;
		if (l + 1 < n && heap_less(w, h[l + 1], h[m]))
			m = l + 1;
		if (m == i)
			return;
		uint32_t t = h[i];
		h[i] = h[m];
		h[m] = t;
		i = m;
	}
}

/* Keep the VEC_MAX_NNZ largest of w[0..n) (positions into b->uniq), in bucket order.
 * Returns how many are kept. */
static size_t
cut(struct vec_builder *b, size_t n)
{
	uint32_t *h = b->order;
	size_t k = 0;

	if (n <= VEC_MAX_NNZ) {
		for (size_t i = 0; i < n; i++)
			h[i] = (uint32_t)i;
		return n;
	}
	for (size_t i = 0; i < VEC_MAX_NNZ; i++)
		h[i] = (uint32_t)i;
	for (size_t i = VEC_MAX_NNZ / 2; i-- > 0;)
		heap_down(b->wd, h, VEC_MAX_NNZ, i);
	for (size_t i = VEC_MAX_NNZ; i < n; i++)
		if (heap_less(b->wd, h[0], (uint32_t)i)) {
			h[0] = (uint32_t)i;
			heap_down(b->wd, h, VEC_MAX_NNZ, 0);
		}
	memset(b->tmp, 0, n * sizeof(*b->tmp));	/* reused as "kept" marks */
	for (size_t i = 0; i < VEC_MAX_NNZ; i++)
		b->tmp[h[i]] = 1;
	for (size_t i = 0; i < n; i++)
		if (b->tmp[i])
			h[k++] = (uint32_t)i;
	return k;
}

static uint8_t *
put_varint(uint8_t *p, uint32_t v)
{
	while (v >= 0x80) {
		*p++ = (uint8_t)(v | 0x80);
		v >>= 7;
	}
	*p++ = (uint8_t)v;
	return p;
}

/* b->idx/w[0..n) (unit norm) -> b->blob. Returns its length. */
static size_t
encode(struct vec_builder *b, uint32_t n)
{
	uint8_t *p = b->blob;
	float max = 0;
	uint32_t at = 0;

	*p++ = 1;
	p = put_varint(p, n);
	for (uint32_t i = 0; i < n; i++) {
		p = put_varint(p, b->idx[i] - at);
		at = b->idx[i];
		max = b->w[i] > max ? b->w[i] : max;
	}
	for (uint32_t i = 0; i < n; i++) {
		long q = lround(b->w[i] / max * 65535.0);
		q = q < 1 ? 1 : q > 65535 ? 65535 : q;
		*p++ = (uint8_t)(q & 0xff);
		*p++ = (uint8_t)(q >> 8);
	}
	return (size_t)(p - b->blob);
}

const uint8_t *
vec_build(const struct vec_model *m, struct vec_builder *b, const char *prompt,
	  size_t prompt_len, const char *response, size_t response_len, struct vec *v,
	  size_t *len)
{
	size_t n = count_buckets(b, prompt, prompt_len, response, response_len), k;
	double norm = 0;

	for (size_t i = 0; i < n; i++) {
		uint32_t q = b->uniq[i];
		b->wd[i] = (1.0 + log((double)b->count[q])) * m->idf[q];
		b->count[q] = 0;
	}
	k = cut(b, n);
	for (size_t i = 0; i < k; i++)
		norm += b->wd[b->order[i]] * b->wd[b->order[i]];
	norm = norm > 0 ? 1 / sqrt(norm) : 0;
	for (size_t i = 0; i < k; i++) {
		b->idx[i] = b->uniq[b->order[i]];
		b->w[i] = (float)(b->wd[b->order[i]] * norm);
	}
	if (norm == 0)
		k = 0;
	*v = (struct vec){(uint32_t)k, b->idx, b->w};
	*len = encode(b, (uint32_t)k);
	return b->blob;
}
