/* strategy_diverse.c: diversity over sparse vectors: DEITA's score-first filter and
 * k-center greedy (see strategy.h). Both use an inverted index (term -> items and
 * weights) so that a dot product only visits items sharing a term; DEITA's index also
 * leaves out the terms that cannot matter (prefix filtering, below). */
#include "strategy.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

double
svecs_cos(const struct svecs *v, size_t i, size_t j)
{
	size_t a = v->off[i], ae = v->off[i + 1], b = v->off[j], be = v->off[j + 1];
	double dot = 0;

	while (a < ae && b < be) {
		if (v->term[a] == v->term[b])
			dot += (double)v->w[a++] * v->w[b++];
		else if (v->term[a] < v->term[b])
			a++;
		else
			b++;
	}
	return dot;
}

/* ---- the inverted index ---- */

struct posting {
	uint32_t *item;
	float *w;
	uint32_t n, cap;
};

struct index {
	struct posting *post;	/* n_terms lists, grown on demand */
	uint32_t n_terms;
};

static void
index_init(struct index *x, uint32_t n_terms)
{
	x->post = xcalloc(n_terms ? n_terms : 1, sizeof(*x->post));
	x->n_terms = n_terms;
}

static void
index_add(struct index *x, const struct svecs *v, size_t item)
{
	for (size_t p = v->off[item]; p < v->off[item + 1]; p++) {
		struct posting *l = &x->post[v->term[p]];
		if (l->n == l->cap) {
			l->cap = l->cap ? 2 * l->cap : 4;
			l->item = xrealloc(l->item, l->cap * sizeof(*l->item));
			l->w = xrealloc(l->w, l->cap * sizeof(*l->w));
		}
		l->item[l->n] = (uint32_t)item;
		l->w[l->n++] = v->w[p];
	}
}

static void
index_free(struct index *x)
{
	for (uint32_t t = 0; t < x->n_terms; t++) {
		free(x->post[t].item);
		free(x->post[t].w);
	}
	free(x->post);
}

/* Dot products of item with every indexed item sharing a term, into acc[] (the items
 * touched listed in touched[], *n_touched). The caller zeroes acc[touched] afterwards. */
static void
index_dots(const struct index *x, const struct svecs *v, size_t item, double *acc,
	   uint32_t *touched, size_t *n_touched)
{
	for (size_t p = v->off[item]; p < v->off[item + 1]; p++) {
		const struct posting *l = &x->post[v->term[p]];
		double wi = v->w[p];
		for (uint32_t k = 0; k < l->n; k++) {
			uint32_t j = l->item[k];
			if (acc[j] == 0)
				touched[(*n_touched)++] = j;
			acc[j] += wi * l->w[k];
			if (acc[j] == 0)	/* keep it marked as touched */
				acc[j] = 1e-300;
		}
	}
}

/* ---- DEITA ----
 * Exact, with prefix filtering (Bayardo, Ma and Srikant, "Scaling up all pairs similarity
 * search", WWW 2007): a kept item y is indexed under only some of its terms, the rarer
 * ones; the others, taken most common first, are left out while the most they can add to
 * a dot product, sum |w_y(t)| * max_x |w_x(t)|, stays below the bound. Any item x whose
 * cosine with y reaches the bound must then share an indexed term with y, so x probes the
 * index with all of its terms and verifies each item found with an exact dot product.
 * Common words never get a posting list, which is what keeps this fast. */

struct dstats {
	float *maxw;		/* per term: the largest |weight| of any item */
	uint32_t *df;		/* per term: how many items have it */
};

static void
dstats_init(struct dstats *s, const struct svecs *v)
{
	s->maxw = xcalloc(v->n_terms ? v->n_terms : 1, sizeof(*s->maxw));
	s->df = xcalloc(v->n_terms ? v->n_terms : 1, sizeof(*s->df));
	for (size_t p = 0; p < v->off[v->n]; p++) {
		float a = fabsf(v->w[p]);
		s->maxw[v->term[p]] = a > s->maxw[v->term[p]] ? a : s->maxw[v->term[p]];
		s->df[v->term[p]]++;
	}
}

struct tpos {
	uint32_t df;
	size_t p;	/* position in the vector arrays */
};

static int
cmp_common_first(const void *a, const void *b)
{
	const struct tpos *x = a, *y = b;

	if (x->df != y->df)
		return x->df > y->df ? -1 : 1;
	return x->p < y->p ? -1 : x->p > y->p;
}

/* Index item under its terms, leaving out the most common ones while their bound stays
 * below `bound`. */
static void
index_add_prefix(struct index *x, const struct svecs *v, const struct dstats *s, size_t item,
		 double bound, struct tpos *scratch)
{
	size_t n = v->off[item + 1] - v->off[item];
	double b = 0;

	for (size_t j = 0; j < n; j++)
		scratch[j] = (struct tpos){s->df[v->term[v->off[item] + j]], v->off[item] + j};
	qsort(scratch, n, sizeof(*scratch), cmp_common_first);
	for (size_t j = 0; j < n; j++) {
		size_t p = scratch[j].p;
		double most = fabs((double)v->w[p]) * s->maxw[v->term[p]];
		if (b + most < bound) {	/* still below: leave this term out */
			b += most;
			continue;
		}
		b = bound;	/* from here on index every term */
		struct posting *l = &x->post[v->term[p]];
		if (l->n == l->cap) {
			l->cap = l->cap ? 2 * l->cap : 4;
			l->item = xrealloc(l->item, l->cap * sizeof(*l->item));
			l->w = xrealloc(l->w, l->cap * sizeof(*l->w));
		}
		l->item[l->n] = (uint32_t)item;
		l->w[l->n++] = v->w[p];
	}
}

/* The first kept item found whose cosine with item reaches bound, or STRATEGY_NONE.
 * seen[] holds, per kept item, the last item it was checked against. */
static size_t
find_close(const struct index *x, const struct svecs *v, size_t item, double bound,
	   size_t *seen)
{
	for (size_t p = v->off[item]; p < v->off[item + 1]; p++) {
		const struct posting *l = &x->post[v->term[p]];
		for (uint32_t k = 0; k < l->n; k++) {
			uint32_t j = l->item[k];
			if (seen[j] == item)
				continue;
			seen[j] = item;
			if (svecs_cos(v, item, j) >= bound)
				return j;
		}
	}
	return STRATEGY_NONE;
}

void
strategy_deita(const struct svecs *v, const size_t *order, size_t n_order, double threshold,
	       size_t k, size_t *keep, size_t *n_keep, size_t *near)
{
	struct index x;
	struct dstats st;
	size_t *seen = xmalloc((v->n ? v->n : 1) * sizeof(*seen)), max_len = 1;
	struct tpos *scratch;
	/* cosine at or above it: too close (less a float rounding margin, so that two
	 * copies of one vector, whose cosine may come out as 0.9999999, are close) */
	double bound = 1.0 - threshold - 1e-6;

	*n_keep = 0;
	for (size_t i = 0; i < v->n; i++) {
		seen[i] = STRATEGY_NONE;
		max_len = v->off[i + 1] - v->off[i] > max_len ? v->off[i + 1] - v->off[i] : max_len;
		if (near)
			near[i] = STRATEGY_NONE;
	}
	scratch = xmalloc(max_len * sizeof(*scratch));
	index_init(&x, v->n_terms);
	dstats_init(&st, v);
	for (size_t r = 0; r < n_order && (k == 0 || *n_keep < k); r++) {
		size_t item = order[r];
		/* bound <= 0: every pair is close, even without a shared term */
		size_t hit = bound <= 0 && *n_keep ? keep[0] : find_close(&x, v, item, bound, seen);
		if (hit != STRATEGY_NONE) {
			if (near)
				near[item] = hit;
			continue;
		}
		keep[(*n_keep)++] = item;
		index_add_prefix(&x, v, &st, item, bound, scratch);
	}
	index_free(&x);
	free(st.maxw);
	free(st.df);
	free(seen);
	free(scratch);
}

/* ---- k-center greedy ---- */

/* A max-heap of (distance, position in order); stale entries are skipped when popped
 * (distances only ever shrink, and every change pushes a fresh entry). */
struct hent {
	double d;
	size_t pos;
};

struct heap {
	struct hent *a;
	size_t n, cap;
};

static bool
above(const struct hent *x, const struct hent *y)
{
	return x->d > y->d || (x->d == y->d && x->pos < y->pos);
}

static void
heap_push(struct heap *h, double d, size_t pos)
{
	size_t i;

	if (h->n == h->cap)
		h->a = xrealloc(h->a, (h->cap = h->cap ? 2 * h->cap : 1024) * sizeof(*h->a));
	i = h->n++;
	h->a[i] = (struct hent){d, pos};
	while (i > 0 && above(&h->a[i], &h->a[(i - 1) / 2])) {
		struct hent t = h->a[i];
		h->a[i] = h->a[(i - 1) / 2];
		h->a[(i - 1) / 2] = t;
		i = (i - 1) / 2;
	}
}

static struct hent
heap_pop(struct heap *h)
{
	struct hent top = h->a[0];
	size_t i = 0;

	h->a[0] = h->a[--h->n];
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, best = i;
		if (l < h->n && above(&h->a[l], &h->a[best]))
			best = l;
		if (r < h->n && above(&h->a[r], &h->a[best]))
			best = r;
		if (best == i)
			break;
		struct hent t = h->a[i];
		h->a[i] = h->a[best];
		h->a[best] = t;
		i = best;
	}
	return top;
}

/* Lower the distances of every item sharing a term with center (the others are at
 * distance 1 from it, which mind[] already is at most). */
static void
kcenter_update(const struct index *x, const struct svecs *v, size_t center, const size_t *pos,
	       double *mind, double *acc, uint32_t *touched, struct heap *h)
{
	size_t n_touched = 0;

	index_dots(x, v, center, acc, touched, &n_touched);
	for (size_t t = 0; t < n_touched; t++) {
		uint32_t j = touched[t];
		double d = 1.0 - (acc[j] > 1.0 ? 1.0 : acc[j]);
		acc[j] = 0;
		if (d < mind[j]) {
			mind[j] = d;
			heap_push(h, d, pos[j]);
		}
	}
}

void
strategy_kcenter(const struct svecs *v, const size_t *order, size_t n_order, size_t k,
		 size_t *keep, size_t *n_keep, double *dist)
{
	struct index x;
	struct heap h = {0};
	double *mind = xmalloc((v->n ? v->n : 1) * sizeof(*mind));
	double *acc = xcalloc(v->n ? v->n : 1, sizeof(*acc));
	uint32_t *touched = xmalloc((v->n ? v->n : 1) * sizeof(*touched));
	size_t *pos = xmalloc((v->n ? v->n : 1) * sizeof(*pos));
	bool *taken = xcalloc(v->n ? v->n : 1, sizeof(*taken));

	*n_keep = 0;
	index_init(&x, v->n_terms);
	for (size_t i = 0; i < v->n; i++)
		mind[i] = NAN;	/* not a candidate */
	for (size_t r = 0; r < n_order; r++) {
		pos[order[r]] = r;
		mind[order[r]] = 1.0;	/* every candidate is at most 1 from any center */
		index_add(&x, v, order[r]);
	}
	for (size_t r = 1; r < n_order; r++)
		heap_push(&h, 1.0, r);
	if (n_order > 0 && k > 0) {
		keep[(*n_keep)++] = order[0];
		taken[order[0]] = true;
		mind[order[0]] = 0;
		kcenter_update(&x, v, order[0], pos, mind, acc, touched, &h);
	}
	while (*n_keep < k && h.n > 0) {
		struct hent e = heap_pop(&h);
		size_t item = order[e.pos];
		if (taken[item] || e.d != mind[item])
			continue;	/* stale */
		keep[(*n_keep)++] = item;
		taken[item] = true;
		mind[item] = 0;
		kcenter_update(&x, v, item, pos, mind, acc, touched, &h);
	}
	if (dist)
		memcpy(dist, mind, v->n * sizeof(*dist));
	index_free(&x);
	free(h.a);
	free(mind);
	free(acc);
	free(touched);
	free(pos);
	free(taken);
}
