/* engine_queue.c: the TUI's review queues that need more than a filter: the samples whose
 * keep-or-drop under a threshold filter is least certain, and a seeded random pick (the
 * audit samples). Owns nothing beyond each call. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine_browse.h"
#include "engine_internal.h"
#include "engine_select.h"
#include "select/filter.h"
#include "store_browse.h"
#include "util/buf.h"
#include "util/xalloc.h"

#define MAX_CUTS 32

struct cut {
	const char *column;
	enum filter_op op;
	double value, scale;
};

struct margins {
	struct cut cuts[MAX_CUTS];
	size_t n_cuts;
	size_t k;
	int64_t *ids;		/* a max-heap of the k smallest margins so far */
	double *m;
	size_t n;
};

static enum filter_op
negate(enum filter_op op)
{
	static const enum filter_op inverse[] = {
		[FOP_LT] = FOP_GE, [FOP_LE] = FOP_GT, [FOP_GT] = FOP_LE,
		[FOP_GE] = FOP_LT, [FOP_EQ] = FOP_NE, [FOP_NE] = FOP_EQ,
	};

	return inverse[op];
}

/* Collect the cuts of an and-tree of score thresholds, where `not` may stand before a
 * comparison or a flag (as in a recipe: "not flag_dup"); false if f is anything else.
 * neg: under a `not`. */
static bool
collect(const struct filter_node *n, struct margins *mg, bool neg)
{
	if (!n)
		return false;
	if (n->kind == FN_AND && !neg)
		return collect(n->a, mg, false) && collect(n->b, mg, false);
	if (n->kind == FN_NOT)
		return collect(n->a, mg, !neg);
	if (mg->n_cuts == MAX_CUTS || n->col != FCOL_SCORE)
		return false;
	if (n->kind == FN_CMP && n->vtype == FVAL_NUM)
		mg->cuts[mg->n_cuts++] = (struct cut){n->column, neg ? negate(n->op) : n->op,
						      n->num, 1};
	else if (n->kind == FN_TRUTH)	/* a bare flag: true when non-zero */
		mg->cuts[mg->n_cuts++] = (struct cut){n->column, neg ? FOP_EQ : FOP_NE, 0, 1};
	else
		return false;
	return true;
}

/* Each column measured in its interquartile range (else its range, else 1). */
static void
set_scales(struct engine *e, struct margins *mg)
{
	for (size_t i = 0; i < mg->n_cuts; i++) {
		int col = engine_column_find(e, mg->cuts[i].column);
		struct dist_summary s;
		if (col < 0)
			continue;
		engine_dist_summary(e, (size_t)col, &s);
		double scale = s.p75 - s.p25 > 0 ? s.p75 - s.p25 : s.max - s.min;
		mg->cuts[i].scale = scale > 0 ? scale : 1;
	}
}

static void
heap_sift_down(struct margins *mg, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, big = i;
		if (l < mg->n && mg->m[l] > mg->m[big])
			big = l;
		if (r < mg->n && mg->m[r] > mg->m[big])
			big = r;
		if (big == i)
			return;
		double tm = mg->m[i];
		int64_t ti = mg->ids[i];
		mg->m[i] = mg->m[big], mg->ids[i] = mg->ids[big];
		mg->m[big] = tm, mg->ids[big] = ti;
		i = big;
	}
}

static void
heap_offer(struct margins *mg, int64_t id, double m)
{
	if (mg->n < mg->k) {	/* sift up */
		size_t i = mg->n++;
		while (i > 0 && mg->m[(i - 1) / 2] < m) {
			mg->m[i] = mg->m[(i - 1) / 2];
			mg->ids[i] = mg->ids[(i - 1) / 2];
			i = (i - 1) / 2;
		}
		mg->m[i] = m;
		mg->ids[i] = id;
	} else if (mg->k && m < mg->m[0]) {
		mg->m[0] = m;
		mg->ids[0] = id;
		heap_sift_down(mg, 0);
	}
}

/* A row's margin (see engine_browse.h). Flags and == / != are yes or no: never near,
 * a failed one counts 1. A value exactly on an inclusive bound (0 for most fractions,
 * where many samples sit) is not near it either. Rows no cut can flip are skipped. */
static enum status
row_margin(void *ctx, int64_t id, const double *vals, const bool *nul, struct err *err)
{
	struct margins *mg = ctx;
	double nearest = INFINITY, failed = 0;
	size_t n_fail = 0;

	(void)err;
	for (size_t i = 0; i < mg->n_cuts; i++) {
		const struct cut *c = &mg->cuts[i];
		bool binary = c->op == FOP_EQ || c->op == FOP_NE;
		if (nul[i])
			return ST_OK;	/* unscored: no threshold decides it */
		double d = binary ? 1 : fabs(vals[i] - c->value) / c->scale;
		if (!filter_op_num(c->op, vals[i], c->value)) {
			n_fail++;
			failed += d;
		} else if (!binary && vals[i] != c->value && d < nearest) {
			nearest = d;
		}
	}
	if (n_fail || nearest < INFINITY)
		heap_offer(mg, id, n_fail ? failed : nearest);
	return ST_OK;
}

static int
cmp_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

enum status
engine_least_certain(struct engine *e, const struct filter *f, size_t k, int64_t **ids,
		     size_t *n, struct err *err)
{
	struct margins mg = {.k = k};
	const char *names[MAX_CUTS];
	enum status rc;

	*ids = NULL;
	*n = 0;
	if (!f || !collect(f->root, &mg, false) || mg.n_cuts == 0)
		return err_set(err, ST_USAGE, "least certain needs score thresholds and flags joined "
			       "by 'and', e.g. resp_words >= 5 and not flag_refusal");
	rc = engine_dist_load(e, err);
	if (rc != ST_OK)
		return rc;
	set_scales(e, &mg);
	for (size_t i = 0; i < mg.n_cuts; i++)
		names[i] = mg.cuts[i].column;
	mg.ids = xcalloc(k + 1, sizeof(*mg.ids));
	mg.m = xcalloc(k + 1, sizeof(*mg.m));
	rc = store_score_values(e->store, names, mg.n_cuts, NULL, 0, row_margin, &mg, err);
	free(mg.m);
	if (rc != ST_OK) {
		free(mg.ids);
		return rc;
	}
	qsort(mg.ids, mg.n, sizeof(*mg.ids), cmp_id);
	*ids = mg.ids;
	*n = mg.n;
	return ST_OK;
}

static uint64_t
splitmix64(uint64_t *s)
{
	uint64_t z = (*s += 0x9E3779B97F4A7C15ULL);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

void
engine_random_pick(int64_t *ids, size_t *n, size_t k, uint64_t seed)
{
	uint64_t s = seed;

	if (k >= *n)
		return;
	for (size_t i = 0; i < k; i++) {	/* partial Fisher-Yates */
		size_t j = i + (size_t)(splitmix64(&s) % (*n - i));
		int64_t t = ids[i];
		ids[i] = ids[j];
		ids[j] = t;
	}
	*n = k;
	qsort(ids, k, sizeof(*ids), cmp_id);
}

enum status
engine_recipe_filter(struct engine *e, const char *recipe, char **text, struct err *err)
{
	struct select_opts o = {.recipe = recipe, .dry_run = true};
	struct select_result res;
	struct buf b = BUF_INIT;
	enum status rc = engine_select(e, &o, &res, err);

	*text = NULL;
	if (rc != ST_OK)
		return rc;
	for (size_t i = 0; i < res.n_steps; i++)
		buf_printf(&b, "%s(%s)", b.len ? " and " : "", res.steps[i].text);
	select_result_free(&res);
	if (!b.len)
		return err_set(err, ST_USAGE, "recipe '%s' has no filter steps: nothing is near a "
			       "threshold", recipe ? recipe : "default");
	*text = buf_take(&b);
	return ST_OK;
}
