/* tune.c: recount, histogram, percentiles, margin and suggested cuts over float arrays. */
#include "select/tune.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

bool
tune_pass(const struct tune_cut *c, float v)
{
	float x = (float)c->value;	/* at the values' precision: see tune.h */

	if (isnan(v))
		return c->keep_missing;
	switch (c->op) {
	case TUNE_GE: return v >= x;
	case TUNE_GT: return v > x;
	case TUNE_LE: return v <= x;
	case TUNE_LT: return v < x;
	case TUNE_EQ: return v == x;
	case TUNE_NE: return v != x;
	}
	return false;
}

/* Rows are tested a block at a time, one cut after another over the block: each loop
 * compares one column with one value and vectorises, and the block's masks stay in the
 * cache (a row-by-row test of every cut was several times slower on a million rows). */
#define BLOCK 2048

/* m[j] for rows r0 + j, j < len: bit i set when the row fails cut i. */
static void
fail_block(const struct tune_table *t, const struct tune_cut *cuts, size_t n_cuts, size_t r0,
	   size_t len, uint64_t *m)
{
	memset(m, 0, len * sizeof(*m));
	for (size_t i = 0; i < n_cuts; i++) {
		const float *v = t->cols[cuts[i].col] + r0;
		const float x = (float)cuts[i].value;
		const unsigned sh = (unsigned)i;
		size_t j;
		/* (uint64_t)!pass << i: no branch to mispredict. A NaN compares false, so it
		 * fails every op (!= is written to make it fail too) */
		switch (cuts[i].op) {
		case TUNE_GE: for (j = 0; j < len; j++) m[j] |= (uint64_t)!(v[j] >= x) << sh; break;
		case TUNE_GT: for (j = 0; j < len; j++) m[j] |= (uint64_t)!(v[j] > x) << sh; break;
		case TUNE_LE: for (j = 0; j < len; j++) m[j] |= (uint64_t)!(v[j] <= x) << sh; break;
		case TUNE_LT: for (j = 0; j < len; j++) m[j] |= (uint64_t)!(v[j] < x) << sh; break;
		case TUNE_EQ: for (j = 0; j < len; j++) m[j] |= (uint64_t)!(v[j] == x) << sh; break;
		case TUNE_NE:
			for (j = 0; j < len; j++)
				m[j] |= (uint64_t)!(v[j] != x && v[j] == v[j]) << sh;
			break;
		}
		if (cuts[i].keep_missing)	/* then a NaN passes */
			for (j = 0; j < len; j++)
				m[j] &= ~((uint64_t)(v[j] != v[j]) << sh);
	}
}

void
tune_recount(const struct tune_table *t, const struct tune_cut *cuts, size_t n_cuts,
	     size_t *kept, size_t *drops, size_t *alone)
{
	tune_recount_mask(t, cuts, n_cuts, kept, drops, alone, NULL);
}

void
tune_recount_mask(const struct tune_table *t, const struct tune_cut *cuts, size_t n_cuts,
		  size_t *kept, size_t *drops, size_t *alone, bool *pass)
{
	size_t k = 0;

	if (n_cuts > TUNE_MAX_CUTS)
		n_cuts = TUNE_MAX_CUTS;
	if (drops)
		memset(drops, 0, n_cuts * sizeof(*drops));
	if (alone)
		memset(alone, 0, n_cuts * sizeof(*alone));
	for (size_t r0 = 0; r0 < t->n_rows; r0 += BLOCK) {
		uint64_t masks[BLOCK];
		size_t len = t->n_rows - r0 < BLOCK ? t->n_rows - r0 : BLOCK;
		fail_block(t, cuts, n_cuts, r0, len, masks);
		for (size_t j = 0; j < len; j++) {
			uint64_t m = masks[j];
			if (pass)
				pass[r0 + j] = !m;
			if (!m) {
				k++;
				continue;
			}
			if (alone && !(m & (m - 1)))	/* one bit: only that cut drops it */
				alone[__builtin_ctzll(m)]++;
			for (; drops && m; m &= m - 1)
				drops[__builtin_ctzll(m)]++;
		}
	}
	*kept = k;
}

void
tune_histogram(const float *v, size_t n, double lo, double hi, size_t n_bins, uint32_t *bins,
	       size_t *n_missing)
{
	double width = hi > lo ? (hi - lo) / (double)n_bins : 1;
	size_t missing = 0;

	memset(bins, 0, n_bins * sizeof(*bins));
	for (size_t i = 0; i < n; i++) {
		double b;
		if (isnan(v[i])) {
			missing++;
			continue;
		}
		b = floor(((double)v[i] - lo) / width);
		bins[b < 0 ? 0 : b >= (double)n_bins ? n_bins - 1 : (size_t)b]++;
	}
	if (n_missing)
		*n_missing = missing;
}

static int
float_cmp(const void *a, const void *b)
{
	float x = *(const float *)a, y = *(const float *)b;

	return (x > y) - (x < y);
}

size_t
tune_sorted(const float *v, size_t n, float *out)
{
	size_t m = 0;

	for (size_t i = 0; i < n; i++)
		if (!isnan(v[i]))
			out[m++] = v[i];
	qsort(out, m, sizeof(*out), float_cmp);
	return m;
}

double
tune_percentile(const float *sorted, size_t n, double p)
{
	double pos, frac;
	size_t i;

	if (!n)
		return NAN;
	p = p < 0 ? 0 : p > 100 ? 100 : p;
	pos = p / 100 * (double)(n - 1);
	i = (size_t)pos;
	frac = pos - (double)i;
	return i + 1 < n ? sorted[i] + frac * ((double)sorted[i + 1] - sorted[i]) : sorted[i];
}

/* First index whose value is >= x (strict: > x). */
static size_t
bound(const float *s, size_t n, double x, bool strict)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strict ? s[mid] <= x : s[mid] < x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

double
tune_rank(const float *sorted, size_t n, double x)
{
	size_t below, upto;

	if (!n)
		return NAN;
	below = bound(sorted, n, x, false);
	upto = bound(sorted, n, x, true);
	return 100.0 * ((double)below + 0.5 * (double)(upto - below)) / (double)n;
}

/* Keep the k nearest (distance, then row) in best[0..*m), nearest first. */
static void
keep_nearest(size_t *best, double *dist, size_t *m, size_t k, size_t row, double d)
{
	size_t i;

	if (*m == k && (d > dist[k - 1] || (d == dist[k - 1] && row > best[k - 1])))
		return;
	i = *m < k ? (*m)++ : k - 1;
	while (i > 0 && (dist[i - 1] > d || (dist[i - 1] == d && best[i - 1] > row))) {
		best[i] = best[i - 1];
		dist[i] = dist[i - 1];
		i--;
	}
	best[i] = row;
	dist[i] = d;
}

void
tune_margin(const struct tune_table *t, const struct tune_cut *cuts, size_t n_cuts, size_t focus,
	    size_t k, size_t *inside, size_t *n_in, size_t *outside, size_t *n_out)
{
	double *din = xmalloc((k ? k : 1) * sizeof(double)), *dout = xmalloc((k ? k : 1) * sizeof(double));
	uint64_t others = ~(1ull << focus);

	*n_in = *n_out = 0;
	if (n_cuts > TUNE_MAX_CUTS)
		n_cuts = TUNE_MAX_CUTS;
	for (size_t r0 = 0; k && focus < n_cuts && r0 < t->n_rows; r0 += BLOCK) {
		uint64_t masks[BLOCK];
		size_t len = t->n_rows - r0 < BLOCK ? t->n_rows - r0 : BLOCK;
		const float *col = t->cols[cuts[focus].col];
		fail_block(t, cuts, n_cuts, r0, len, masks);
		for (size_t j = 0; j < len; j++) {
			size_t r = r0 + j;
			uint64_t m = masks[j];
			if (isnan(col[r]) || (m & others))
				continue;	/* no distance, or another cut drops it anyway */
			double d = fabs((double)col[r] - cuts[focus].value);
			if (m)
				keep_nearest(outside, dout, n_out, k, r, d);
			else
				keep_nearest(inside, din, n_in, k, r, d);
		}
	}
	free(din);
	free(dout);
}

static double
ratio(size_t a, size_t b)
{
	return b ? (double)a / (double)b : NAN;
}

static void
finish(struct tune_confusion *c)
{
	c->precision = ratio(c->tp, c->tp + c->fp);
	c->recall = ratio(c->tp, c->tp + c->fn);
	c->f1 = ratio(2 * c->tp, 2 * c->tp + c->fp + c->fn);
}

void
tune_confusion(const bool *kept, const signed char *label, size_t n, struct tune_confusion *out)
{
	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < n; i++) {
		if (label[i] == 1)
			kept[i] ? out->tp++ : out->fn++;
		else if (label[i] == 0)
			kept[i] ? out->fp++ : out->tn++;
	}
	finish(out);
}

struct labelled {
	float v;
	signed char acc;
};

static int
by_value_desc(const void *a, const void *b)
{
	float x = ((const struct labelled *)a)->v, y = ((const struct labelled *)b)->v;

	return (x < y) - (x > y);
}

void
tune_suggest(const float *v, const signed char *label, size_t n, enum tune_op op,
	     struct tune_suggestion *out)
{
	struct labelled *l = xmalloc((n ? n : 1) * sizeof(*l));
	size_t m = 0, p = 0, q, tp = 0, fp = 0;
	bool keep_low = op == TUNE_LE || op == TUNE_LT;

	*out = (struct tune_suggestion){.f1_value = NAN, .f1 = NAN, .j_value = NAN, .j = NAN};
	for (size_t i = 0; i < n; i++)
		if ((label[i] == 0 || label[i] == 1) && !isnan(v[i])) {
			/* keeping low values is keeping high values of -v */
			l[m++] = (struct labelled){keep_low ? -v[i] : v[i], label[i]};
			p += label[i] == 1;
		}
	q = m - p;
	if (!p || !q) {
		free(l);
		return;
	}
	qsort(l, m, sizeof(*l), by_value_desc);
	/* Lower the cut one distinct value at a time: each step keeps one more group. A tie
	 * with the best so far moves the suggestion down, to the cut that keeps more. */
	for (size_t i = 0; i < m;) {
		size_t j = i;
		double f1, jj;
		while (j < m && l[j].v == l[i].v) {
			tp += l[j].acc == 1;
			fp += l[j].acc == 0;
			j++;
		}
		f1 = 2.0 * (double)tp / (double)(2 * tp + fp + (p - tp));
		jj = (double)tp / (double)p - (double)fp / (double)q;
		if (isnan(out->f1) || f1 >= out->f1) {
			out->f1 = f1;
			out->f1_value = keep_low ? -l[i].v : l[i].v;
			out->at_f1 = (struct tune_confusion){.tp = tp, .fp = fp, .fn = p - tp,
							     .tn = q - fp};
		}
		if (isnan(out->j) || jj >= out->j) {
			out->j = jj;
			out->j_value = keep_low ? -l[i].v : l[i].v;
		}
		i = j;
	}
	finish(&out->at_f1);
	free(l);
}
