/* vec_load.c: stored vectors into memory: a chosen list (vec_set_load, vectors.h) or the
 * whole corpus as sketches for kNN and k-means (vec_corpus_load, vec_corpus.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "score/par.h"
#include "score/vec_corpus.h"
#include "score/vectors.h"
#include "store.h"
#include "store_vectors.h"
#include "util/xalloc.h"

#define ARENA_CHUNK ((size_t)64 << 20)
#define SKETCH_EVERY 16384	/* rows read between two parallel sketch passes */

/* ---- vec_set_load ---- */

struct set_load {
	struct vec_set *s;
	size_t cap;		/* of idx and w */
	size_t i;		/* the vector being loaded */
	uint32_t idx[VEC_MAX_NNZ];
	float w[VEC_MAX_NNZ];
};

static enum status
set_add(void *ctx, int64_t id, const void *blob, size_t len, struct err *err)
{
	struct set_load *l = ctx;
	struct vec_set *s = l->s;
	struct vec v = {0};
	size_t at = s->off[l->i];

	if (!blob)
		s->n_missing++;
	else if (vec_decode(blob, len, l->idx, l->w, &v, err) != ST_OK) {
		err_prefix(err, "sample %lld", (long long)id);
		return err->code;
	}
	if (at + v.n > l->cap) {
		l->cap = 2 * (at + v.n);
		s->idx = xrealloc(s->idx, l->cap * sizeof(*s->idx));
		s->w = xrealloc(s->w, l->cap * sizeof(*s->w));
	}
	if (v.n) {
		memcpy(s->idx + at, v.idx, v.n * sizeof(*v.idx));
		memcpy(s->w + at, v.w, v.n * sizeof(*v.w));
	}
	s->off[l->i + 1] = at + v.n;
	return ST_OK;
}

enum status
vec_set_load(struct store *st, const int64_t *ids, size_t n, struct vec_set **out,
	     struct err *err)
{
	struct set_load *l = xcalloc(1, sizeof(*l));
	struct vec_set *s = xcalloc(1, sizeof(*s));
	enum status rc = ST_OK;

	*out = NULL;
	s->n = n;
	s->ids = xmalloc((n ? n : 1) * sizeof(*s->ids));
	memcpy(s->ids, ids, n * sizeof(*ids));
	s->off = xcalloc(n + 1, sizeof(*s->off));
	l->s = s;
	l->cap = 64 * (n ? n : 1);
	s->idx = xmalloc(l->cap * sizeof(*s->idx));
	s->w = xmalloc(l->cap * sizeof(*s->w));
	for (l->i = 0; rc == ST_OK && l->i < n; l->i++)
		rc = store_vec_get(st, ids[l->i], set_add, l, err);
	free(l);
	if (rc != ST_OK) {
		vec_set_free(s);
		return rc;
	}
	*out = s;
	return ST_OK;
}

/* ---- vec_corpus_load ---- */

struct vec_arena {
	uint8_t **chunk;
	size_t n_chunks, used;	/* bytes used in the last chunk */
};

static const uint8_t *
arena_put(struct vec_arena *a, const void *p, size_t len)
{
	uint8_t *dst;

	if (a->n_chunks == 0 || a->used + len > ARENA_CHUNK) {
		a->chunk = xrealloc(a->chunk, (a->n_chunks + 1) * sizeof(*a->chunk));
		a->chunk[a->n_chunks++] = xmalloc(ARENA_CHUNK);
		a->used = 0;
	}
	dst = a->chunk[a->n_chunks - 1] + a->used;
	memcpy(dst, p, len);
	a->used += len;
	return dst;
}

static void
arena_free(struct vec_arena *a)
{
	if (!a)
		return;
	for (size_t i = 0; i < a->n_chunks; i++)
		free(a->chunk[i]);
	free(a->chunk);
	free(a);
}

struct corpus_load {
	struct vec_corpus *c;
	int flags;
	size_t checked;		/* rows before this one are decoded and sketched */
	int n_threads;
	int64_t bad_id[64];	/* per thread: a sample whose blob failed to decode, or 0 */
};

/* Check each new row's blob (it must decode) and sketch it if asked. */
static void
check_work(void *ctx, size_t from, size_t to, int t)
{
	struct corpus_load *l = ctx;
	uint32_t idx[VEC_MAX_NNZ];
	float w[VEC_MAX_NNZ];
	struct err e;

	for (size_t i = l->checked + from; i < l->checked + to; i++) {
		struct vec v = {0};
		if (l->c->blob[i] && vec_decode(l->c->blob[i], l->c->len[i], idx, w, &v, &e) != ST_OK &&
		    !l->bad_id[t])
			l->bad_id[t] = l->c->ids[i];
		if (l->flags & VEC_LOAD_SKETCH)
			vec_sketch(&v, l->c->sketch + i * VEC_SKETCH_DIM);
	}
}

/* Check the rows read since the last pass; without VEC_LOAD_BLOBS, drop their blobs. */
static void
check_pending(struct corpus_load *l)
{
	struct vec_corpus *c = l->c;

	par_for(l->n_threads, c->n - l->checked, 512, check_work, l);
	l->checked = c->n;
	if (!(l->flags & VEC_LOAD_BLOBS)) {
		arena_free(c->arena);
		c->arena = xcalloc(1, sizeof(*c->arena));
	}
}

static void
grow(struct vec_corpus *c, int flags)
{
	c->cap = c->cap ? 2 * c->cap : 65536;
	c->ids = xrealloc(c->ids, c->cap * sizeof(*c->ids));
	c->blob = xrealloc(c->blob, c->cap * sizeof(*c->blob));
	c->len = xrealloc(c->len, c->cap * sizeof(*c->len));
	if (flags & VEC_LOAD_SKETCH)
		c->sketch = xrealloc(c->sketch, c->cap * VEC_SKETCH_DIM * sizeof(*c->sketch));
}

static enum status
corpus_add(void *ctx, int64_t id, const void *blob, size_t len, struct err *err)
{
	struct corpus_load *l = ctx;
	struct vec_corpus *c = l->c;

	(void)err;
	if (c->n == c->cap)
		grow(c, l->flags);
	c->ids[c->n] = id;
	c->blob[c->n] = blob ? arena_put(c->arena, blob, len) : NULL;
	c->len[c->n] = (uint32_t)len;
	c->n++;
	if (c->n - l->checked == SKETCH_EVERY)
		check_pending(l);
	return ST_OK;
}

enum status
vec_corpus_load(struct store *st, int n_threads, int flags, struct vec_corpus *out,
		struct err *err)
{
	struct corpus_load l = {.c = out, .flags = flags,
				.n_threads = n_threads < 1 ? 1 : n_threads > 64 ? 64 : n_threads};
	int64_t n = 0, max_id;
	enum status rc = store_corpus_size(st, &n, &max_id, err);

	memset(out, 0, sizeof(*out));
	out->arena = xcalloc(1, sizeof(*out->arena));
	out->cap = n > 0 ? (size_t)n / 2 : 0;	/* grow() doubles it to the hint */
	grow(out, flags);
	if (rc == ST_OK)
		rc = store_vec_each(st, corpus_add, &l, err);
	if (rc == ST_OK)
		check_pending(&l);
	for (int t = 0; rc == ST_OK && t < l.n_threads; t++)
		if (l.bad_id[t])
			rc = err_set(err, ST_BADDATA, "sample %lld: corrupt vector (delete its row "
				     "from the vectors table and run 'winnow score --only vec')",
				     (long long)l.bad_id[t]);
	if (!(flags & VEC_LOAD_BLOBS)) {
		free(out->blob);
		free(out->len);
		out->blob = NULL;
		out->len = NULL;
	}
	if (rc != ST_OK)
		vec_corpus_free(out);
	return rc;
}

struct vec
vec_corpus_at(const struct vec_corpus *c, size_t i, uint32_t *idx, float *w)
{
	struct vec v = {0};
	struct err e;

	if (c->blob[i])
		vec_decode(c->blob[i], c->len[i], idx, w, &v, &e);	/* checked at load */
	return v;
}

double
vec_corpus_dot(const struct vec_corpus *c, size_t i, const float *dense, const uint64_t *has)
{
	const uint8_t *p = c->blob[i], *end;
	uint32_t n = 0, at = 0;
	double dot = 0, ss = 0;

	if (!p || c->len[i] < 2)
		return 0;
	end = p + c->len[i];
	p++;	/* the format byte; the blob was checked by vec_decode at load */
	for (int sh = 0; p < end; sh += 7) {
		n |= (uint32_t)(*p & 0x7f) << sh;
		if (!(*p++ & 0x80))
			break;
	}
	const uint8_t *wq = end - 2 * (size_t)n;
	for (uint32_t k = 0; k < n; k++) {
		uint32_t d = 0;
		for (int sh = 0; p < wq; sh += 7) {
			d |= (uint32_t)(*p & 0x7f) << sh;
			if (!(*p++ & 0x80))
				break;
		}
		at += d;
		double w = (double)(wq[2 * k] | wq[2 * k + 1] << 8);
		if (has[at >> 6] >> (at & 63) & 1)
			dot += w * dense[at];
		ss += w * w;
	}
	return ss > 0 ? dot / sqrt(ss) : 0;
}

void
vec_corpus_free(struct vec_corpus *c)
{
	free(c->ids);
	free(c->sketch);
	free(c->blob);
	free(c->len);
	arena_free(c->arena);
	memset(c, 0, sizeof(*c));
}
