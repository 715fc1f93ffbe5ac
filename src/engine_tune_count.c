/* engine_tune_count.c: what the live recipe keeps, recounted after every change: one pass
 * of tune_recount_mask over the filters' columns, the recipe's ranking, diversity and
 * budget run by select_run.c over the candidates (skipped when it has none of them),
 * then one pass for the curator's overrides, the datasets, the clusters and the
 * difference from the stored selection. Also the margin of a cut, histograms, ranges,
 * steps and the scatter grid. All of it passes over arrays: no store. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine_browse.h"
#include "engine_tune_internal.h"
#include "select/select_run.h"
#include "select/strategy.h"
#include "util/u64map.h"
#include "util/xalloc.h"

#define NO_CLUSTER UINT32_MAX

void
tune_build_cuts(struct tune_session *t, struct tune_table *tab)
{
	size_t nc = t->m.n_cols;

	t->tcols = xrealloc(t->tcols, (nc + t->n_f + 1) * sizeof(*t->tcols));
	t->cuts = xrealloc(t->cuts, (t->n_f + 1) * sizeof(*t->cuts));
	for (size_t c = 0; c < nc; c++)
		t->tcols[c] = t->m.cols[c];
	for (size_t i = 0; i < t->n_f; i++) {
		t->tcols[nc + i] = t->fixed[i];
		if (t->fixed[i])	/* a fixed filter tests its own column */
			t->f[i].col = t->f[i].cut.col = nc + i;
		t->cuts[i] = t->f[i].cut;
	}
	*tab = (struct tune_table){t->m.n_rows, nc + t->n_f, t->tcols};
}

/* ---- the recipe's ranking, diversity and budget ---- */

static bool
plain(const struct tune_session *t)
{
	return t->base->div == DIV_NONE && (t->rank == RANK_NONE || t->rank == RANK_SCORES) &&
	       t->k == 0 && !(t->fraction > 0);
}

/* Column name as doubles, for select_run.c; NULL (and a note) when there is none. */
static double *
doubles(struct tune_session *t, const char *name)
{
	size_t c = score_matrix_col(&t->m, name);
	double *d;

	if (c == t->m.n_cols) {
		if (!t->sum.rank_note)
			t->sum.rank_note = xasprintf("the recipe needs the '%s' score, which the "
						     "project has not: counted without that step", name);
		return NULL;
	}
	d = xmalloc((t->m.n_rows ? t->m.n_rows : 1) * sizeof(*d));
	for (size_t r = 0; r < t->m.n_rows; r++)
		d[r] = t->m.cols[c][r];
	return d;
}

struct keyed {
	double key;
	size_t row;
};

/* x ranks before y: the larger key (NAN last), then the lower row, as strategy_order. */
static bool
before(const struct keyed *x, const struct keyed *y)
{
	bool nx = isnan(x->key), ny = isnan(y->key);

	if (nx != ny)
		return ny;
	if (!nx && x->key != y->key)
		return x->key > y->key;
	return x->row < y->row;
}

static void
swap_keyed(struct keyed *a, size_t i, size_t j)
{
	struct keyed t = a[i];

	a[i] = a[j];
	a[j] = t;
}

/* Reorder a[0..n) so that its k first are the k that rank first (in no order): a
 * quickselect. Every two items differ (by row), so no run of ties slows it. */
static void
select_top(struct keyed *a, size_t n, size_t k)
{
	size_t lo = 0, hi = n;	/* the items from lo to hi are still to sort out */

	while (hi - lo > 1) {
		size_t store = lo;
		swap_keyed(a, lo + (hi - lo) / 2, hi - 1);	/* the pivot, at the end */
		for (size_t i = lo; i < hi - 1; i++)
			if (before(&a[i], &a[hi - 1]))
				swap_keyed(a, i, store++);
		swap_keyed(a, store, hi - 1);	/* before store: all rank before it */
		if (k == store || k == store + 1)
			return;
		if (k < store)
			hi = store;
		else
			lo = store + 1;
	}
}

/* The recipe's ranking and budget without a diversity or sampling step: the k best of
 * the same key select_run.c ranks by, found in linear time instead of sorting a million
 * candidates (same ties: the lower row first). False when it cannot (a missing score). */
static bool
budget_fast(struct tune_session *t)
{
	size_t nc = 0, k, c;
	struct rank_term terms[RECIPE_MAX_TERMS];
	size_t *cand = xmalloc((t->m.n_rows ? t->m.n_rows : 1) * sizeof(*cand));
	bool ok = true;

	for (size_t r = 0; r < t->m.n_rows; r++)
		if (t->cand[r])
			cand[nc++] = r;
	k = strategy_budget(nc, t->k, t->fraction);
	memset(t->chosen, 0, t->m.n_rows * sizeof(*t->chosen));
	size_t n_terms = t->rank == RANK_SCORES ? t->n_terms : 0;
	for (size_t i = 0; i < n_terms && ok; i++)
		ok = (c = score_matrix_col(&t->m, t->terms[i].score)) < t->m.n_cols;
	for (size_t i = 0; i < n_terms && ok; i++) {
		double *v = xmalloc((nc ? nc : 1) * sizeof(*v));
		c = score_matrix_col(&t->m, t->terms[i].score);
		for (size_t j = 0; j < nc; j++)
			v[j] = t->m.cols[c][cand[j]];
		terms[i] = (struct rank_term){v, t->terms[i].weight, t->terms[i].dir};
	}
	if (ok && !n_terms) {	/* no ranking: the file's order */
		for (size_t j = 0; j < k; j++)
			t->chosen[cand[j]] = true;
	} else if (ok) {
		double *key = xmalloc((nc ? nc : 1) * sizeof(*key));
		struct keyed *a = xmalloc((nc ? nc : 1) * sizeof(*a));
		strategy_rank_key(terms, n_terms, t->base->norm, nc, key);
		for (size_t j = 0; j < nc; j++)
			a[j] = (struct keyed){key[j], cand[j]};
		select_top(a, nc, k);
		for (size_t j = 0; j < k; j++)
			t->chosen[a[j].row] = true;
		free(key);
		free(a);
	}
	for (size_t i = 0; i < n_terms && ok; i++)
		free((double *)terms[i].val);
	free(cand);
	return ok;
}

static void
run_selection(struct tune_session *t)
{
	struct recipe r = *t->base;
	const uint8_t *steps[1] = {(const uint8_t *)t->cand};	/* bool is one byte, 0 or 1 */
	double *cols[RECIPE_MAX_TERMS] = {0}, *cluster = NULL, *logw = NULL;
	struct sel_output out;
	struct err err;
	bool ok = true;

	r.n_steps = 1;
	r.rank = t->rank;
	r.terms = t->terms;
	r.n_terms = t->n_terms;
	r.k = t->k;
	r.fraction = t->fraction;
	if (r.div == DIV_DEITA || r.div == DIV_KCENTER) {	/* seconds to minutes on a big project */
		t->sum.rank_note = xasprintf("counted without the %s step, which only winnow select "
					     "(E) runs", r.div == DIV_DEITA ? "deita" : "kcenter");
		r.div = DIV_NONE;
	}
	for (size_t i = 0; i < r.n_terms && ok; i++)
		ok = (cols[i] = doubles(t, r.terms[i].score)) != NULL;
	if (ok && r.div == DIV_CLUSTER)
		ok = (cluster = doubles(t, "cluster")) != NULL;
	if (ok && r.rank == RANK_DSIR)
		ok = (logw = doubles(t, "dsir_logw")) != NULL;
	struct sel_input in = {t->m.n_rows, t->m.ids, t->verdict3, &r, steps, NULL,
			       (const double *const *)cols, cluster, logw, {0}, r.seed};
	if (ok && sel_run(&in, &out, &err) == ST_OK) {
		for (size_t i = 0; i < t->m.n_rows; i++)
			t->chosen[i] = out.trace[i].outcome == SEL_KEPT;
		sel_output_free(&out);
	} else {
		memcpy(t->chosen, t->cand, t->m.n_rows * sizeof(*t->chosen));
	}
	for (size_t i = 0; i < r.n_terms; i++)
		free(cols[i]);
	free(cluster);
	free(logw);
}

/* ---- the summary ---- */

static void
summarize(struct tune_session *t)
{
	struct tune_summary *s = &t->sum;
	size_t fin_n = 0, rec = 0, add = 0, rem = 0, vs_add = 0, vs_rem = 0;

	for (size_t d = 0; d < s->n_datasets; d++)
		s->datasets[d].final = 0;
	for (size_t c = 0; c < s->n_clusters; c++)
		s->clusters[c].final = 0;
	for (size_t r = 0; r < t->m.n_rows; r++) {
		signed char v = t->m.verdict[r];
		bool ch = t->chosen[r], fin = v == 1 || (ch && v != 0);
		rec += ch;
		fin_n += fin;
		add += !ch && v == 1;
		rem += ch && v == 0;
		if (fin) {
			s->datasets[t->m.dataset[r]].final++;
			if (t->cluster_of && t->cluster_of[r] != NO_CLUSTER)
				s->clusters[t->cluster_of[r]].final++;
		}
		if (t->in_last) {
			vs_add += fin && !t->in_last[r];
			vs_rem += !fin && t->in_last[r];
		}
	}
	s->recipe = rec;
	s->final = fin_n;
	s->cur_added = add;
	s->cur_removed = rem;
	s->vs_added = vs_add;
	s->vs_removed = vs_rem;
	s->sdf = s->n_samples ? (double)fin_n / (double)s->n_samples : 0;
}

void
tune_recount_all(struct tune_session *t)
{
	struct tune_table tab;
	size_t n = t->m.n_rows ? t->m.n_rows : 1, *drops, *alone;

	tune_build_cuts(t, &tab);
	if (!t->cand) {
		t->cand = xmalloc(n * sizeof(*t->cand));
		t->chosen = xmalloc(n * sizeof(*t->chosen));
	}
	drops = xcalloc(t->n_f + 1, sizeof(*drops));
	alone = xcalloc(t->n_f + 1, sizeof(*alone));
	tune_recount_mask(&tab, t->cuts, t->n_f, &t->sum.candidates, drops, alone, t->cand);
	for (size_t i = 0; i < t->n_f; i++) {
		t->f[i].drops = drops[i];
		t->f[i].alone = alone[i];
	}
	free(drops);
	free(alone);
	free(t->sum.rank_note);
	t->sum.rank_note = NULL;
	if (plain(t))
		memcpy(t->chosen, t->cand, t->m.n_rows * sizeof(*t->chosen));
	else if (t->base->div != DIV_NONE || (t->rank != RANK_NONE && t->rank != RANK_SCORES) ||
		 !budget_fast(t))
		run_selection(t);
	summarize(t);
}

static int
by_total(const void *a, const void *b)
{
	const struct tune_group *x = a, *y = b;

	return (x->total < y->total) - (x->total > y->total);
}

/* Rows grouped by the `cluster` score (a k-means cluster number), groups largest first. */
void
tune_clusters_load(struct tune_session *t)
{
	size_t c = score_matrix_col(&t->m, "cluster"), n = 0;
	struct u64map map = U64MAP_INIT(1);
	uint32_t *order;

	if (c == t->m.n_cols)
		return;
	t->sum.has_clusters = true;
	t->cluster_of = xmalloc((t->m.n_rows ? t->m.n_rows : 1) * sizeof(*t->cluster_of));
	for (size_t r = 0; r < t->m.n_rows; r++) {
		float v = t->m.cols[c][r];
		t->cluster_of[r] = NO_CLUSTER;
		if (isnan(v))
			continue;
		uint32_t *slot = u64map_put(&map, (uint64_t)llroundf(v) ^ (1ull << 63));
		if (!*slot) {	/* numbered from 1 in the map, from 0 in groups */
			t->sum.clusters = xrealloc(t->sum.clusters, (n + 1) * sizeof(*t->sum.clusters));
			t->sum.clusters[n] = (struct tune_group){xasprintf("#%lld", (long long)llroundf(v)), 0, 0};
			*slot = (uint32_t)++n;
		}
		t->cluster_of[r] = *slot - 1;
		t->sum.clusters[*slot - 1].total++;
	}
	u64map_free(&map);
	t->sum.n_clusters = n;
	/* sort the groups, and renumber the rows to match */
	for (size_t g = 0; g < n; g++)
		t->sum.clusters[g].final = g;	/* the old number, for a moment */
	qsort(t->sum.clusters, n, sizeof(*t->sum.clusters), by_total);
	order = xmalloc((n ? n : 1) * sizeof(*order));
	for (size_t g = 0; g < n; g++)
		order[t->sum.clusters[g].final] = (uint32_t)g;
	for (size_t r = 0; r < t->m.n_rows; r++)
		if (t->cluster_of[r] != NO_CLUSTER)
			t->cluster_of[r] = order[t->cluster_of[r]];
	free(order);
}

void
tune_summary_free(struct tune_summary *s)
{
	for (size_t i = 0; i < s->n_datasets; i++)
		free(s->datasets[i].name);
	for (size_t i = 0; i < s->n_clusters; i++)
		free(s->clusters[i].name);
	free(s->datasets);
	free(s->clusters);
	free(s->last_name);
	free(s->rank_note);
	memset(s, 0, sizeof(*s));
}

/* ---- the margin ---- */

void
engine_tune_margin(struct tune_session *t, size_t i, size_t k, struct tune_margin_row *in,
		   size_t *n_in, struct tune_margin_row *out, size_t *n_out)
{
	struct tune_table tab;
	size_t *ri = xmalloc((k ? k : 1) * sizeof(*ri)), *ro = xmalloc((k ? k : 1) * sizeof(*ro));

	*n_in = *n_out = 0;
	tune_build_cuts(t, &tab);
	if (i < t->n_f)	/* rows are in id order: ties by row are ties by id */
		tune_margin(&tab, t->cuts, t->n_f, i, k, ri, n_in, ro, n_out);
	for (size_t j = 0; j < *n_in + *n_out; j++) {
		bool inside = j < *n_in;
		size_t r = inside ? ri[j] : ro[j - *n_in];
		struct tune_margin_row *row = inside ? &in[j] : &out[j - *n_in];
		*row = (struct tune_margin_row){t->m.ids[r], tab.cols[t->f[i].cut.col][r],
						t->m.verdict[r], inside};
	}
	free(ri);
	free(ro);
}

/* ---- distributions ---- */

static const float *
column(const struct tune_session *t, size_t col)
{
	if (col < t->m.n_cols)
		return t->m.cols[col];
	return col - t->m.n_cols < t->n_f ? t->fixed[col - t->m.n_cols] : NULL;
}

double
engine_tune_percentile(struct tune_session *t, size_t col, double v)
{
	if (col >= t->m.n_cols || t->ecol[col] < 0)
		return NAN;
	return engine_percentile(t->e, (size_t)t->ecol[col], v);
}

double
engine_tune_quantile(struct tune_session *t, size_t col, double p)
{
	if (col >= t->m.n_cols || t->ecol[col] < 0)
		return NAN;
	return engine_quantile(t->e, (size_t)t->ecol[col], p);
}

void
engine_tune_range(struct tune_session *t, size_t col, double *lo, double *hi)
{
	struct dist_summary ds = {0};
	double q1, q99, spread;

	*lo = 0;
	*hi = 1;
	if (col >= t->m.n_cols || t->ecol[col] < 0)
		return;
	engine_dist_summary(t->e, (size_t)t->ecol[col], &ds);
	if (!ds.n)
		return;
	*lo = ds.min;
	*hi = ds.max;
	q1 = engine_tune_quantile(t, col, 1);
	q99 = engine_tune_quantile(t, col, 99);
	spread = q99 - q1;
	if (spread > 0 && ds.max - q99 > 2 * spread)	/* a long tail: draw the body */
		*hi = q99;
	if (spread > 0 && q1 - ds.min > 2 * spread)
		*lo = q1;
	if (*hi <= *lo)
		*hi = *lo + 1;
}

void
engine_tune_histogram(struct tune_session *t, size_t col, enum tune_which which, double lo,
		      double hi, size_t bins, uint32_t *out, size_t *missing)
{
	const float *v = column(t, col);
	float *sub;
	size_t n = 0;

	if (!v || !bins) {
		memset(out, 0, bins * sizeof(*out));
		return;
	}
	if (which == TW_ALL) {
		tune_histogram(v, t->m.n_rows, lo, hi, bins, out, missing);
		return;
	}
	sub = xmalloc((t->m.n_rows ? t->m.n_rows : 1) * sizeof(*sub));
	if (which == TW_SPREAD) {
		size_t step = (t->m.n_rows + TUNE_SPREAD_ROWS - 1) / TUNE_SPREAD_ROWS;
		for (size_t r = 0; r < t->m.n_rows; r += step ? step : 1)
			sub[n++] = v[r];
	}
	for (size_t r = 0; which != TW_SPREAD && r < t->m.n_rows; r++)
		if (t->m.verdict[r] == (signed char)which)
			sub[n++] = v[r];
	tune_histogram(sub, n, lo, hi, bins, out, missing);
	free(sub);
}

/* 1, 2 or 5 times a power of ten, near x. */
static double
nice(double x)
{
	double p = pow(10, floor(log10(x))), r = x / p;

	return p * (r < 1.5 ? 1 : r < 3.5 ? 2 : r < 7.5 ? 5 : 10);
}

double
engine_tune_step(struct tune_session *t, size_t i)
{
	const struct tune_filter *f = i < t->n_f ? &t->f[i] : NULL;
	double lo, hi, step;

	if (!f || f->kind != TK_CUT)
		return 0;
	if (t->m.dirs[f->col] == DIR_FLAG)
		return 1;
	engine_tune_range(t, f->col, &lo, &hi);
	step = nice((hi - lo) / 50);
	return t->whole[f->col] && step < 1 ? 1 : step;
}

static size_t
cell(double v, double lo, double hi, size_t n)
{
	double x = (v - lo) / (hi - lo) * (double)n;

	return x < 0 ? 0 : x >= (double)n ? n - 1 : (size_t)x;
}

void
engine_tune_scatter(struct tune_session *t, size_t x, size_t y, size_t w, size_t h,
		    uint8_t *grid)
{
	const float *vx = column(t, x), *vy = column(t, y);
	double xlo, xhi, ylo, yhi;

	memset(grid, 0, w * h);
	if (!vx || !vy || !w || !h)
		return;
	engine_tune_range(t, x, &xlo, &xhi);
	engine_tune_range(t, y, &ylo, &yhi);
	for (size_t r = 0; r < t->m.n_rows; r++) {
		signed char v = t->m.verdict[r];
		if (isnan(vx[r]) || isnan(vy[r]))
			continue;
		size_t gx = cell(vx[r], xlo, xhi, w), gy = h - 1 - cell(vy[r], ylo, yhi, h);
		grid[gy * w + gx] |= 1 | (v == 1 ? 2 : v == 0 ? 4 : 8);
	}
}
