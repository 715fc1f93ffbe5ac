/* knn.c: k-th nearest neighbour distances from an impact-ordered inverted file over the
 * sparse vectors, re-scored with exact cosines (see knn.h). */
#include "knn.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "score/corpus.h"
#include "score/par.h"
#include "util/xalloc.h"

#define MAX_THREADS 64
#define DEFAULT_BUDGET 4096
#define DEFAULT_POSTINGS 1024
#define KNN_BLOCK 65536	/* queries between two progress reports */

struct cand {
	float s;
	int32_t row;
};

/* One posting: a sample and its weight for the bucket, in 1/65535 (>= 1). */
struct posting {
	uint32_t row;
	uint16_t w;
} __attribute__((packed));

/* Per thread. */
struct knn_scratch {
	float *acc;		/* n partial dot products, all zero between queries */
	uint32_t *touched;	/* rows with a nonzero acc */
	struct cand *heap;	/* rerank */
	float *dense;		/* VEC_DIM, all zero between queries */
	uint64_t has[VEC_DIM / 64];	/* the query's buckets */
	uint32_t idx[VEC_MAX_NNZ];
	float w[VEC_MAX_NNZ];
	uint16_t order[VEC_MAX_NNZ];
};

struct knn_index {
	const struct vec_corpus *c;
	int k, rerank, n_threads;
	size_t budget, cap;	/* postings read per query, kept per bucket */
	size_t *off;		/* VEC_DIM + 1 */
	struct posting *post;
	uint32_t *df;		/* VEC_DIM */
	uint32_t *key;		/* n: each row's heaviest bucket (VEC_DIM: empty) */
	uint32_t *qorder;	/* n: rows in the order they are queried */
	struct knn_scratch *sc[MAX_THREADS];
	size_t first;		/* the block of queries being run */
	float *dist;
	int32_t *nbr;
};

/* Worse candidates first: lower similarity, or equal and a higher row. */
static bool
worse(const struct cand *a, const struct cand *b)
{
	return a->s < b->s || (a->s == b->s && a->row > b->row);
}

static void
heap_down(struct cand *h, size_t n, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, m = i;
		if (l < n && worse(&h[l], &h[m]))
			m = l;
		if (l + 1 < n && worse(&h[l + 1], &h[m]))
			m = l + 1;
		if (m == i)
			return;
		struct cand t = h[i];
		h[i] = h[m];
		h[m] = t;
		i = m;
	}
}

static void
heap_up(struct cand *h, size_t i)
{
	while (i > 0 && worse(&h[i], &h[(i - 1) / 2])) {
		struct cand t = h[i];
		h[i] = h[(i - 1) / 2];
		h[(i - 1) / 2] = t;
		i = (i - 1) / 2;
	}
}

/* Keep the best cap candidates in a heap of *n whose root is the worst. */
static void
offer(struct cand *h, size_t *n, size_t cap, float s, int32_t row)
{
	struct cand c = {s, row};

	if (*n < cap) {
		h[*n] = c;
		heap_up(h, (*n)++);
	} else if (worse(&h[0], &c)) {
		h[0] = c;
		heap_down(h, cap, 0);
	}
}

static int
best_first(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;

	return worse(x, y) ? 1 : worse(y, x) ? -1 : 0;
}

/* ---- building the inverted file ---- */

struct df_job {
	struct knn_index *ix;
	uint32_t *part[MAX_THREADS];	/* per-thread counts, summed in thread order */
};

static void
df_work(void *ctx, size_t from, size_t to, int t)
{
	struct df_job *j = ctx;
	uint32_t idx[VEC_MAX_NNZ];
	float w[VEC_MAX_NNZ];

	for (size_t i = from; i < to; i++) {
		struct vec v = vec_corpus_at(j->ix->c, i, idx, w);
		uint32_t top = VEC_DIM;	/* empty: after every bucket */
		for (uint32_t q = 0; q < v.n; q++) {
			j->part[t][v.idx[q]]++;
			if (top == VEC_DIM || v.w[q] > w[top])
				top = q;
		}
		j->ix->key[i] = top == VEC_DIM ? VEC_DIM : v.idx[top];
	}
}

/* Queries in order of their heaviest bucket (then row): neighbouring queries share
 * postings and candidates, so they find them in the cache. A counting sort. */
static void
order_queries(struct knn_index *ix)
{
	size_t *start = xcalloc(VEC_DIM + 2, sizeof(*start));

	for (size_t i = 0; i < ix->c->n; i++)
		start[ix->key[i] + 1]++;
	for (uint32_t b = 0; b <= VEC_DIM; b++)
		start[b + 1] += start[b];
	ix->qorder = xmalloc((ix->c->n ? ix->c->n : 1) * sizeof(*ix->qorder));
	for (size_t i = 0; i < ix->c->n; i++)
		ix->qorder[start[ix->key[i]]++] = (uint32_t)i;
	free(start);
}

static void
count_df(struct knn_index *ix)
{
	struct df_job j = {.ix = ix};

	for (int t = 0; t < ix->n_threads; t++)
		j.part[t] = xcalloc(VEC_DIM, sizeof(uint32_t));
	par_for(ix->n_threads, ix->c->n, 1024, df_work, &j);
	ix->df = j.part[0];
	for (int t = 1; t < ix->n_threads; t++) {
		for (uint32_t b = 0; b < VEC_DIM; b++)
			ix->df[b] += j.part[t][b];
		free(j.part[t]);
	}
}

/* Posting a is kept before b when its weight is larger, or equal and its row earlier;
 * the heap of an overfull bucket has the least kept posting at its root. */
static bool
less_kept(const struct posting *a, const struct posting *b)
{
	return a->w < b->w || (a->w == b->w && a->row > b->row);
}

static void
post_down(struct posting *h, size_t n, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, m = i;
		if (l < n && less_kept(&h[l], &h[m]))
			m = l;
		if (l + 1 < n && less_kept(&h[l + 1], &h[m]))
			m = l + 1;
		if (m == i)
			return;
		struct posting t = h[i];
		h[i] = h[m];
		h[m] = t;
		i = m;
	}
}

static void
post_up(struct posting *h, size_t i)
{
	while (i > 0 && less_kept(&h[i], &h[(i - 1) / 2])) {
		struct posting t = h[i];
		h[i] = h[(i - 1) / 2];
		h[(i - 1) / 2] = t;
		i = (i - 1) / 2;
	}
}

static int
by_row(const void *a, const void *b)
{
	const struct posting *x = a, *y = b;

	return x->row < y->row ? -1 : x->row > y->row;
}

/* Add one posting to bucket b (fill[b] so far); an overfull bucket keeps the cap best. */
static void
put(struct knn_index *ix, size_t *fill, uint32_t b, struct posting p)
{
	struct posting *h = ix->post + ix->off[b];

	if (fill[b] < ix->cap) {
		h[fill[b]] = p;
		if (ix->df[b] > ix->cap)
			post_up(h, fill[b]);
		fill[b]++;
	} else if (less_kept(&h[0], &p)) {
		h[0] = p;
		post_down(h, ix->cap, 0);
	}
}

/* One part of the buckets (those with b % n_parts == part): every row's postings for
 * them, in row order, overfull buckets sorted by row at the end. Parts touch disjoint
 * buckets, so they fill in parallel and the result does not depend on the threads;
 * each part decodes every row, which costs less than the scattered writes it shares. */
struct fill_job {
	struct knn_index *ix;
	size_t *fill;
	uint32_t n_parts;
};

static void
fill_work(void *ctx, size_t from, size_t to, int t)
{
	struct fill_job *j = ctx;
	struct knn_index *ix = j->ix;
	uint32_t idx[VEC_MAX_NNZ];
	float w[VEC_MAX_NNZ];

	(void)t;
	for (size_t part = from; part < to; part++) {
		for (size_t i = 0; i < ix->c->n; i++) {
			struct vec v = vec_corpus_at(ix->c, i, idx, w);
			for (uint32_t q = 0; q < v.n; q++) {
				if (v.idx[q] % j->n_parts != part)
					continue;
				long u = lround(v.w[q] * 65535.0);
				struct posting p = {(uint32_t)i, (uint16_t)(u < 1 ? 1 : u > 65535 ? 65535 : u)};
				put(ix, j->fill, v.idx[q], p);
			}
		}
		for (uint32_t b = (uint32_t)part; b < VEC_DIM; b += j->n_parts)
			if (ix->df[b] > ix->cap)
				qsort(ix->post + ix->off[b], ix->cap, sizeof(*ix->post), by_row);
	}
}

static void
build(struct knn_index *ix)
{
	const struct vec_corpus *c = ix->c;
	struct fill_job j = {.ix = ix, .n_parts = (uint32_t)ix->n_threads};

	ix->key = xmalloc((c->n ? c->n : 1) * sizeof(*ix->key));
	count_df(ix);
	order_queries(ix);
	ix->off = xcalloc(VEC_DIM + 1, sizeof(*ix->off));
	for (uint32_t b = 0; b < VEC_DIM; b++)
		ix->off[b + 1] = ix->off[b] + (ix->df[b] < ix->cap ? ix->df[b] : ix->cap);
	ix->post = xmalloc((ix->off[VEC_DIM] ? ix->off[VEC_DIM] : 1) * sizeof(*ix->post));
	j.fill = xcalloc(VEC_DIM, sizeof(*j.fill));
	par_for(ix->n_threads, j.n_parts, 1, fill_work, &j);
	free(j.fill);
}

/* ---- queries ---- */

/* The query's buckets as positions into q, heaviest first (ties: the lower bucket). */
static void
order_terms(struct knn_scratch *s, const struct vec *q)
{
	for (uint32_t i = 0; i < q->n; i++) {
		uint32_t j = i;
		for (; j > 0 && q->w[s->order[j - 1]] < q->w[i]; j--)
			s->order[j] = s->order[j - 1];
		s->order[j] = (uint16_t)i;
	}
}

/* Accumulate partial dot products from the query's heaviest buckets; keep the best
 * candidates in s->heap. Returns how many. */
static size_t
gather(struct knn_index *ix, struct knn_scratch *s, const struct vec *q, uint32_t row)
{
	size_t nt = 0, read = 0, nh = 0;

	order_terms(s, q);
	for (uint32_t t = 0; t < q->n && read < ix->budget; t++) {
		uint32_t b = q->idx[s->order[t]];
		float wq = q->w[s->order[t]] * (1.0f / 65535.0f);
		const struct posting *p = ix->post + ix->off[b], *end = ix->post + ix->off[b + 1];
		read += (size_t)(end - p);
		for (; p < end; p++) {
			uint32_t r = p->row;
			if (r == row)
				continue;
			if (s->acc[r] == 0)
				s->touched[nt++] = r;
			s->acc[r] += wq * (float)p->w;
		}
	}
	for (size_t i = 0; i < nt; i++) {
		offer(s->heap, &nh, (size_t)ix->rerank, s->acc[s->touched[i]], (int32_t)s->touched[i]);
		s->acc[s->touched[i]] = 0;
	}
	return nh;
}

/* Exact cosines for the candidates. */
static void
rerank(struct knn_index *ix, struct knn_scratch *s, const struct vec *q, size_t nh)
{
	struct cand *h = s->heap;

	for (uint32_t i = 0; i < q->n; i++) {
		s->dense[q->idx[i]] = q->w[i];
		s->has[q->idx[i] >> 6] |= (uint64_t)1 << (q->idx[i] & 63);
	}
	for (size_t i = 0; i < nh; i++) {
		if (i + 4 < nh) {	/* blobs are scattered over memory: fetch ahead */
			const uint8_t *b = ix->c->blob[h[i + 4].row];
			__builtin_prefetch(b);
			__builtin_prefetch(b + 64);
			__builtin_prefetch(b + 128);
		}
		double dot = vec_corpus_dot(ix->c, (size_t)h[i].row, s->dense, s->has);
		h[i].s = (float)(dot > 1 ? 1 : dot);
	}
	for (uint32_t i = 0; i < q->n; i++) {
		s->dense[q->idx[i]] = 0;
		s->has[q->idx[i] >> 6] = 0;
	}
}

static void
query(struct knn_index *ix, struct knn_scratch *s, size_t row)
{
	struct vec q = vec_corpus_at(ix->c, row, s->idx, s->w);
	size_t nh, k = (size_t)ix->k;

	if (q.n == 0)
		return;		/* dist 1, no neighbours: set by knn_run */
	nh = gather(ix, s, &q, (uint32_t)row);
	rerank(ix, s, &q, nh);
	qsort(s->heap, nh, sizeof(*s->heap), best_first);
	ix->dist[row] = nh >= k ? 1 - s->heap[k - 1].s : 1;
	ix->dist[row] = ix->dist[row] < 0 ? 0 : ix->dist[row];
	for (size_t i = 0; ix->nbr && i < k; i++)
		ix->nbr[row * k + i] = i < nh ? s->heap[i].row : -1;
}

static void
query_work(void *ctx, size_t from, size_t to, int t)
{
	struct knn_index *ix = ctx;

	for (size_t i = ix->first + from; i < ix->first + to; i++)
		query(ix, ix->sc[t], ix->qorder[i]);
}

static struct knn_scratch *
scratch_new(const struct knn_index *ix)
{
	struct knn_scratch *s = xcalloc(1, sizeof(*s));

	s->acc = xcalloc(ix->c->n ? ix->c->n : 1, sizeof(*s->acc));
	s->touched = xmalloc((ix->budget + ix->cap) * sizeof(*s->touched));
	s->heap = xmalloc((size_t)ix->rerank * sizeof(*s->heap));
	s->dense = xcalloc(VEC_DIM, sizeof(*s->dense));
	return s;
}

static void
scratch_free(struct knn_scratch *s)
{
	free(s->acc);
	free(s->touched);
	free(s->heap);
	free(s->dense);
	free(s);
}

bool
knn_run(const struct vec_corpus *c, const struct knn_opts *o, float *dist, int32_t *nbr)
{
	struct knn_index ix = {.c = c, .dist = dist, .nbr = nbr};
	double t0 = progress_now();
	bool go;

	ix.k = o->k < 1 ? 1 : o->k > KNN_MAX_K ? KNN_MAX_K : o->k;
	ix.rerank = o->rerank > 0 ? o->rerank : 3 * ix.k + 10;
	ix.rerank = ix.rerank < ix.k ? ix.k : ix.rerank;
	ix.budget = o->budget ? o->budget : DEFAULT_BUDGET;
	ix.cap = o->postings ? o->postings : DEFAULT_POSTINGS;
	ix.n_threads = o->n_threads < 1 ? 1 : o->n_threads > MAX_THREADS ? MAX_THREADS : o->n_threads;
	for (size_t i = 0; i < c->n; i++) {
		dist[i] = 1;
		for (size_t j = 0; nbr && j < (size_t)ix.k; j++)
			nbr[i * (size_t)ix.k + j] = -1;
	}
	go = corpus_tick(o->progress, "knn", "building the index", 0, (int64_t)c->n, t0);
	if (go)
		build(&ix);
	for (int t = 0; go && t < ix.n_threads; t++)
		ix.sc[t] = scratch_new(&ix);
	for (size_t from = 0; go && from < c->n; from += KNN_BLOCK) {	/* blocks: progress */
		ix.first = from;
		par_for(ix.n_threads, from + KNN_BLOCK < c->n ? KNN_BLOCK : c->n - from, 64,
			query_work, &ix);
		go = corpus_tick(o->progress, "knn", NULL, (int64_t)(from + KNN_BLOCK < c->n ?
			from + KNN_BLOCK : c->n), (int64_t)c->n, t0);
	}
	for (int t = 0; t < ix.n_threads; t++)
		if (ix.sc[t])
			scratch_free(ix.sc[t]);
	free(ix.df);
	free(ix.key);
	free(ix.qorder);
	free(ix.off);
	free(ix.post);
	return go;
}
