/* engine_tune.c: the tuning session's live recipe: loading a recipe into filters (cuts,
 * flags, and fixed steps evaluated once), changing them, the ranking and the budget,
 * writing the recipe back as JSON, saving it and running the selection. The counting is
 * in engine_tune_count.c, the curator's side in engine_tune_curator.c. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine_browse.h"
#include "engine_tune_internal.h"
#include "select/filter.h"
#include "store_select.h"
#include "util/buf.h"
#include "util/xalloc.h"

/* ---- filters ---- */

static const char *
op_text(enum tune_op op)
{
	static const char *const s[] = {">=", ">", "<=", "<", "==", "!="};

	return s[op];
}

/* The comparison that is true exactly when op is false (for a value that is there). */
static enum tune_op
op_not(enum tune_op op)
{
	static const enum tune_op n[] = {TUNE_LT, TUNE_LE, TUNE_GT, TUNE_GE, TUNE_NE, TUNE_EQ};

	return n[op];
}

static enum tune_op
op_of(enum filter_op op)
{
	switch (op) {
	case FOP_LT: return TUNE_LT;
	case FOP_LE: return TUNE_LE;
	case FOP_GT: return TUNE_GT;
	case FOP_GE: return TUNE_GE;
	case FOP_EQ: return TUNE_EQ;
	default: return TUNE_NE;
	}
}

char *
tune_filter_text(const struct tune_filter *f)
{
	char v[40];

	if (f->kind == TK_FLAG)
		return xasprintf("%s%s", f->flag_set ? "" : "not ", f->score);
	recipe_number(v, f->cut.value);
	if (f->cut.keep_missing)	/* "not x >= 5": below 5, or no value */
		return xasprintf("not %s %s %s", f->score, op_text(op_not(f->cut.op)), v);
	return xasprintf("%s %s %s", f->score, op_text(f->cut.op), v);
}

static struct tune_filter *
push_filter(struct tune_session *t, enum tune_kind kind, const char *from)
{
	t->f = xrealloc(t->f, (t->n_f + 1) * sizeof(*t->f));
	t->fixed = xrealloc(t->fixed, (t->n_f + 1) * sizeof(*t->fixed));
	t->fixed[t->n_f] = NULL;
	struct tune_filter *f = &t->f[t->n_f++];
	memset(f, 0, sizeof(*f));
	f->kind = kind;
	f->from = xstrdup(from);
	return f;
}

bool
tune_push_cut(struct tune_session *t, size_t col, enum tune_op op, double value,
	      const char *from)
{
	if (t->n_f == TUNE_MAX_CUTS || col >= t->m.n_cols)
		return false;
	struct tune_filter *f = push_filter(t, TK_CUT, from);
	f->score = xstrdup(t->m.names[col]);
	f->col = col;
	f->cut = (struct tune_cut){col, op, value, false};
	f->text = tune_filter_text(f);
	t->changed = true;
	return true;
}

/* A leaf of a step as a cut or a flag; false when it is not one. */
static bool
leaf(struct tune_session *t, const struct filter_node *n, bool neg, struct tune_filter *out)
{
	bool named = (n->kind == FN_TRUTH || n->kind == FN_CMP) && n->col == FCOL_SCORE && n->column;
	size_t col = named ? score_matrix_col(&t->m, n->column) : t->m.n_cols;

	if (col == t->m.n_cols)
		return false;
	memset(out, 0, sizeof(*out));
	out->col = col;
	out->score = t->m.names[col];	/* copied when kept */
	if (n->kind == FN_TRUTH) {	/* x: set (non-zero); not x: zero or no value */
		out->kind = TK_FLAG;
		out->flag_set = !neg;
		out->cut = neg ? (struct tune_cut){col, TUNE_EQ, 0, true}
			       : (struct tune_cut){col, TUNE_NE, 0, false};
		return true;
	}
	if (n->kind != FN_CMP || n->vtype != FVAL_NUM)
		return false;
	out->kind = TK_CUT;
	out->cut = (struct tune_cut){col, neg ? op_not(op_of(n->op)) : op_of(n->op), n->num, neg};
	return true;
}

/* Collect a step's leaves if it is only cuts and flags joined by `and`. */
static bool
collect(struct tune_session *t, const struct filter_node *n, bool neg, struct tune_filter *out,
	size_t *k)
{
	if (!n)
		return false;
	if (n->kind == FN_AND && !neg)
		return collect(t, n->a, neg, out, k) && collect(t, n->b, neg, out, k);
	if (n->kind == FN_NOT)
		return collect(t, n->a, !neg, out, k);
	if (*k == TUNE_MAX_CUTS || !leaf(t, n, neg, &out[*k]))
		return false;
	(*k)++;
	return true;
}

/* fts or filter f (not both) evaluated once in SQL, as a 0/1 column. */
static enum status
fixed_column(struct tune_session *t, const struct filter *f, const char *fts, float **out,
	     struct err *err)
{
	int64_t *ids = NULL;
	size_t n = 0, at = 0;
	float *col = xcalloc(t->m.n_rows ? t->m.n_rows : 1, sizeof(*col));
	enum status rc = engine_filter_ids(t->e, f, fts, &ids, &n, err);

	for (size_t i = 0; rc == ST_OK && i < n; i++) {	/* both in id order */
		while (at < t->m.n_rows && t->m.ids[at] < ids[i])
			at++;
		if (at < t->m.n_rows && t->m.ids[at] == ids[i])
			col[at] = 1;
	}
	free(ids);
	*out = col;
	return rc;
}

static enum status
add_fixed(struct tune_session *t, const struct filter *f, const char *fts, const char *text,
	  const char *from, struct err *err)
{
	float *col = NULL;
	enum status rc;

	if (t->n_f == TUNE_MAX_CUTS)
		return err_set(err, ST_USAGE, "at most %d filters", TUNE_MAX_CUTS);
	rc = fixed_column(t, f, fts, &col, err);
	if (rc != ST_OK) {
		free(col);
		return rc;
	}
	struct tune_filter *tf = push_filter(t, TK_FIXED, from);
	tf->text = xstrdup(text);
	tf->cut = (struct tune_cut){0, TUNE_GE, 0.5, false};	/* its column: set by build_cuts */
	t->fixed[t->n_f - 1] = col;
	return ST_OK;
}

/* The conjuncts of n (a and b and c), in order; false past max. */
static bool
conjuncts(const struct filter_node *n, const struct filter_node **out, size_t *k, size_t max)
{
	if (n && n->kind == FN_AND)
		return conjuncts(n->a, out, k, max) && conjuncts(n->b, out, k, max);
	if (*k == max)
		return false;
	out[(*k)++] = n;
	return true;
}

/* One conjunct: its cuts and flags, or one fixed filter (text: NULL to write it out). */
static enum status
add_conjunct(struct tune_session *t, const struct filter_node *n, const char *text,
	     const char *from, struct err *err)
{
	struct tune_filter leaves[TUNE_MAX_CUTS];
	struct filter one = {(struct filter_node *)n, (char *)""};
	size_t k = 0;

	if (!collect(t, n, false, leaves, &k) || k == 0) {
		char *own = text ? NULL : filter_to_text(&one);
		enum status rc = add_fixed(t, &one, NULL, text ? text : own, from, err);
		free(own);
		return rc;
	}
	if (t->n_f + k > TUNE_MAX_CUTS)
		return err_set(err, ST_USAGE, "at most %d filters", TUNE_MAX_CUTS);
	for (size_t i = 0; i < k; i++) {
		struct tune_filter *tf = push_filter(t, leaves[i].kind, from);
		char *fr = tf->from;
		*tf = leaves[i];
		tf->from = fr;
		tf->score = xstrdup(leaves[i].score);
		tf->text = tune_filter_text(tf);
	}
	return ST_OK;
}

/* One recipe step (or an added filter), a conjunct at a time: "resp_words >= 5 and lang
 * == 'en'" is a cut that moves and a fixed filter; a step that is not a conjunction is
 * one fixed filter under its own text. */
static enum status
add_step(struct tune_session *t, const struct filter *f, const char *from, struct err *err)
{
	const struct filter_node *parts[TUNE_MAX_CUTS];
	size_t n = 0;
	enum status rc = ST_OK;

	if (!conjuncts(f->root, parts, &n, TUNE_MAX_CUTS) || n == 1)
		return add_conjunct(t, f->root, filter_text(f), from, err);
	for (size_t i = 0; rc == ST_OK && i < n; i++)
		rc = add_conjunct(t, parts[i], NULL, from, err);
	return rc;
}

/* ---- loading ---- */

static void
copy_terms(struct tune_session *t, const struct recipe_term *terms, size_t n)
{
	for (size_t i = 0; i < t->n_terms; i++)
		free(t->terms[i].score);
	free(t->terms);
	t->terms = xcalloc(n + 1, sizeof(*t->terms));
	for (size_t i = 0; i < n; i++)
		t->terms[i] = (struct recipe_term){xstrdup(terms[i].score), terms[i].weight, terms[i].dir};
	t->n_terms = n;
}

static enum status
load_recipe(struct tune_session *t, const char *json, const char *source, struct err *err)
{
	struct loaded_recipe lr;
	enum status rc = recipe_load(t->e, json, source, &lr, err);

	for (size_t i = 0; rc == ST_OK && i < lr.r->n_steps; i++) {
		if (strcmp(lr.r->steps[i].from, "regex") == 0) {
			rc = add_fixed(t, lr.steps[i], NULL, lr.r->steps[i].text, "regex", err);
			t->has_regex = rc == ST_OK;
		} else {
			rc = add_step(t, lr.steps[i], lr.r->steps[i].from, err);
		}
	}
	if (rc == ST_OK && lr.r->search) {
		char *text = xasprintf("search '%s'", lr.r->search);
		rc = add_fixed(t, NULL, lr.r->search, text, "search", err);
		t->has_search = rc == ST_OK;
		free(text);
	}
	if (rc != ST_OK) {
		if (lr.r)
			err_prefix(err, "%s", source);
		loaded_recipe_free(&lr);
		return rc;
	}
	t->rank = lr.r->rank;
	copy_terms(t, lr.r->terms, lr.r->n_terms);
	t->k = lr.r->k;
	t->fraction = lr.r->fraction;
	for (size_t i = 0; i < lr.r->n_steps; i++)	/* keep the recipe, not its compiled steps */
		filter_free(lr.steps[i]);
	free(lr.steps);
	t->base = lr.r;
	return ST_OK;
}

/* The latest stored selection: compared with (added / removed), and its recipe is the one
 * to tune when none is named. OUT: *json, *name (the caller's; NULL: no selection). */
static enum status
load_last(struct tune_session *t, char **json, char **name, struct err *err)
{
	struct store_selection s;
	size_t at = 0;
	enum status rc = store_selection_get(t->e->store, NULL, true, &s, err);

	*json = *name = NULL;
	free(t->in_last);
	t->in_last = NULL;
	if (rc == ST_NOTFOUND)
		return ST_OK;
	if (rc != ST_OK)
		return rc;
	t->in_last = xcalloc(t->m.n_rows ? t->m.n_rows : 1, sizeof(*t->in_last));
	for (size_t i = 0; i < s.n_ids; i++) {
		while (at < t->m.n_rows && t->m.ids[at] < s.ids[i])
			at++;
		if (at < t->m.n_rows && t->m.ids[at] == s.ids[i])
			t->in_last[at] = true;
	}
	free(t->sum.last_name);
	t->sum.last_name = xstrdup(s.name);
	t->sum.last_n = s.n_ids;
	t->sum.has_last = true;
	*json = xstrdup(s.recipe);
	*name = xstrdup(s.recipe_name);
	store_selection_free(&s);
	return ST_OK;
}

static void
load_columns(struct tune_session *t)
{
	t->ecol = xcalloc(t->m.n_cols + 1, sizeof(*t->ecol));
	t->whole = xcalloc(t->m.n_cols + 1, sizeof(*t->whole));
	for (size_t c = 0; c < t->m.n_cols; c++) {
		const float *v = t->m.cols[c];
		size_t r = 0;
		t->ecol[c] = engine_column_find(t->e, t->m.names[c]);
		while (r < t->m.n_rows && (isnan(v[r]) || v[r] == floorf(v[r])))
			r++;
		t->whole[c] = r == t->m.n_rows;
	}
	t->verdict3 = xmalloc(t->m.n_rows ? t->m.n_rows : 1);
	for (size_t r = 0; r < t->m.n_rows; r++)
		t->verdict3[r] = t->m.verdict[r] == 1 ? 1 : t->m.verdict[r] == 0 ? 2 : 0;
	t->sum.n_samples = t->m.n_rows;
	t->sum.n_datasets = t->m.n_datasets;
	t->sum.datasets = xcalloc(t->m.n_datasets + 1, sizeof(*t->sum.datasets));
	for (size_t d = 0; d < t->m.n_datasets; d++)
		t->sum.datasets[d].name = xstrdup(t->m.datasets[d]);
	for (size_t r = 0; r < t->m.n_rows; r++)
		t->sum.datasets[t->m.dataset[r]].total++;
}

/* The recipe to start from: the one named, else the latest selection's, else default. */
static enum status
open_recipe(struct tune_session *t, const char *recipe, struct err *err)
{
	char *json = NULL, *name = NULL, *label = NULL;
	enum status rc = load_last(t, &json, &name, err);

	if (rc == ST_OK && (recipe || !json)) {
		free(json);
		free(name);
		json = name = NULL;
		rc = engine_recipe_source(t->e, recipe, NULL, &json, &label, err);
		t->name = label;
		t->source = label ? xasprintf("recipe '%s'", label) : NULL;
	} else if (rc == ST_OK) {
		t->name = name;
		t->source = xasprintf("selection '%s'", t->sum.last_name);
	} else {
		free(name);
	}
	if (rc == ST_OK)
		rc = load_recipe(t, json, t->source, err);
	free(json);
	return rc;
}

enum status
engine_tune_open(struct engine *e, const char *recipe, struct progress_sink sink,
		 struct tune_session **out, struct err *err)
{
	struct tune_session *t = xcalloc(1, sizeof(*t));
	enum status rc = engine_score_matrix_progress(e, true, sink, &t->m, err);

	*out = NULL;
	t->e = e;
	if (rc == ST_OK && t->m.n_cols == 0)
		rc = err_set(err, ST_USAGE, "the project has no scores yet: run 'winnow score' first");
	if (rc == ST_OK)
		rc = engine_dist_load(e, err);
	if (rc == ST_OK) {
		load_columns(t);
		rc = open_recipe(t, recipe, err);
	}
	if (rc != ST_OK) {
		engine_tune_close(t);
		return rc;
	}
	tune_clusters_load(t);
	tune_labels_refresh(t);
	tune_recount_all(t);
	*out = t;
	return ST_OK;
}

static void
filter_clear(struct tune_filter *f, float *fixed)
{
	free(f->score);
	free(f->text);
	free(f->from);
	free(fixed);
}

void
engine_tune_close(struct tune_session *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->n_f; i++)
		filter_clear(&t->f[i], t->fixed[i]);
	free(t->f);
	free(t->fixed);
	copy_terms(t, NULL, 0);
	free(t->terms);
	recipe_free(t->base);
	free(t->name);
	free(t->source);
	free(t->tcols);
	free(t->cuts);
	free(t->cand);
	free(t->chosen);
	free(t->in_last);
	free(t->cluster_of);
	free(t->lab);
	free(t->verdict3);
	free(t->ecol);
	free(t->whole);
	tune_summary_free(&t->sum);
	score_matrix_free(&t->m);
	free(t);
}

/* ---- reading ---- */

const struct score_matrix *
engine_tune_matrix(const struct tune_session *t)
{
	return &t->m;
}

size_t
engine_tune_n_filters(const struct tune_session *t)
{
	return t->n_f;
}

const struct tune_filter *
engine_tune_filter(const struct tune_session *t, size_t i)
{
	return i < t->n_f ? &t->f[i] : NULL;
}

const struct tune_summary *
engine_tune_summary(const struct tune_session *t)
{
	return &t->sum;
}

const char *
engine_tune_name(const struct tune_session *t)
{
	return t->name;
}

const char *
engine_tune_source(const struct tune_session *t)
{
	return t->source;
}

bool
engine_tune_changed(const struct tune_session *t)
{
	return t->changed;
}

char *
engine_tune_rank_text(const struct tune_session *t)
{
	struct buf b = BUF_INIT;
	char w[40];

	if (t->rank == RANK_RANDOM)
		return xstrdup("random");
	if (t->rank == RANK_DSIR)
		return xstrdup("dsir");
	for (size_t i = 0; t->rank == RANK_SCORES && i < t->n_terms; i++) {
		recipe_number(w, t->terms[i].weight);
		buf_printf(&b, "%s%s %s %s", i ? ", " : "", t->terms[i].score, w,
			   t->terms[i].dir > 0 ? "higher" : "lower");
	}
	return b.data ? buf_take(&b) : xstrdup("");
}

char *
engine_tune_budget_text(const struct tune_session *t)
{
	char v[40];

	if (t->k > 0)
		return xasprintf("%lld", (long long)t->k);
	if (t->fraction > 0) {
		recipe_number(v, t->fraction * 100);
		return xasprintf("%s%%", v);
	}
	return xstrdup("");
}

const char *
engine_tune_diversity_text(const struct tune_session *t)
{
	switch (t->base->div) {
	case DIV_DEITA: return "deita";
	case DIV_KCENTER: return "kcenter";
	case DIV_CLUSTER: return t->base->per_cluster ? "cluster quotas" : "cluster shares";
	default: return "none";
	}
}

/* ---- changing ---- */

/* v without the noise of adding steps (0.1 + 0.2): 12 significant digits. */
static double
clean(double v)
{
	char s[40];

	snprintf(s, sizeof(s), "%.12g", v);
	return strtod(s, NULL);
}


static void
retext(struct tune_session *t, size_t i)
{
	free(t->f[i].text);
	t->f[i].text = tune_filter_text(&t->f[i]);
	t->changed = true;
	tune_recount_all(t);
}

enum status
engine_tune_set(struct tune_session *t, size_t i, double value, struct err *err)
{
	if (i >= t->n_f || t->f[i].kind != TK_CUT)
		return err_set(err, ST_USAGE, "only a comparison of a score with a number moves");
	if (!isfinite(value) || fabs(value) > 1e37)
		return err_set(err, ST_USAGE, "expected a number");
	t->f[i].cut.value = value;
	retext(t, i);
	return ST_OK;
}

enum status
engine_tune_nudge(struct tune_session *t, size_t i, int steps, struct err *err)
{
	double step = i < t->n_f ? engine_tune_step(t, i) : 0, v;

	if (step <= 0)
		return engine_tune_set(t, i, NAN, err);	/* says why */
	v = t->f[i].cut.value / step;
	/* to the next multiple of the step on that side, then whole steps; not past the
	 * score's smallest and largest values, where a cut keeps or drops everything */
	v = clean((steps > 0 ? floor(v + 1e-9) + steps : ceil(v - 1e-9) + steps) * step);
	struct dist_summary ds = {0};
	if (t->ecol[t->f[i].col] >= 0)
		engine_dist_summary(t->e, (size_t)t->ecol[t->f[i].col], &ds);
	if (ds.n && v < ds.min)
		v = ds.min;
	if (ds.n && v > ds.max)
		v = ds.max;
	return engine_tune_set(t, i, v, err);
}

/* The value nearest d0 with the fewest digits that cuts column col where d0 does: no
 * sample lies between them, so `col op value` keeps the same samples as `col op d0`.
 * For >= and < the free room is below d0, down to the next smaller value (as a float,
 * the way the column is held); for <= and > above it. "resp_mtld >= 117.6" rather than
 * "resp_mtld >= 117.67000000000004" when nothing scores between 117.5 and 117.67. */
double
tune_short_cut(const struct tune_session *t, size_t col, enum tune_op op, double d0)
{
	bool below = op == TUNE_GE || op == TUNE_LT;
	const float *v = t->m.cols[col];
	float f0 = (float)d0, nb = below ? -INFINITY : INFINITY;
	double a, b;

	if (op == TUNE_EQ || op == TUNE_NE || col >= t->m.n_cols || !isfinite(d0))
		return d0;
	for (size_t r = 0; r < t->m.n_rows; r++) {
		if (below && v[r] < f0 && v[r] > nb)
			nb = v[r];
		if (!below && v[r] > f0 && v[r] < nb)
			nb = v[r];
	}
	a = below ? (isinf(nb) ? d0 - fabs(d0) - 1 : (double)nextafterf(nb, INFINITY)) : d0;
	b = below ? d0 : (isinf(nb) ? d0 + fabs(d0) + 1 : (double)nextafterf(nb, -INFINITY));
	/* coarse steps first; a finer one while it is no longer to write (it is nearer d0) */
	double best = d0;
	size_t best_len = SIZE_MAX;
	for (int e = (int)floor(log10(fmax(fabs(a), fabs(b)) + 1)) + 1; e >= -17; e--) {
		double step = pow(10, e), c = clean((below ? floor(b / step) : ceil(a / step)) * step);
		char text[40];
		if (c < a || c > b || (below ? c > d0 : c < d0))
			continue;
		recipe_number(text, c);
		if (strlen(text) > best_len)
			break;
		best = c;
		best_len = strlen(text);
		if (c == d0)
			break;
	}
	return best;
}

enum status
engine_tune_to_percentile(struct tune_session *t, size_t i, double p, struct err *err)
{
	if (isnan(p) || p < 0 || p > 100)
		return err_set(err, ST_USAGE, "a percentile is a number from 0 to 100");
	if (i >= t->n_f || t->f[i].kind != TK_CUT)
		return engine_tune_set(t, i, NAN, err);
	double v = engine_tune_quantile(t, t->f[i].col, p);	/* a sample's own double */
	if (isnan(v))
		return err_set(err, ST_USAGE, "'%s' has no values", t->f[i].score);
	return engine_tune_set(t, i, tune_short_cut(t, t->f[i].col, t->f[i].cut.op, v), err);
}

enum status
engine_tune_add(struct tune_session *t, const char *text, size_t *first, struct err *err)
{
	struct filter *f = NULL;
	size_t before = t->n_f;
	enum status rc = engine_filter_parse(t->e, text, &f, err);

	if (rc == ST_OK)
		rc = add_step(t, f, "added", err);
	filter_free(f);
	if (first)
		*first = before;
	if (rc == ST_OK) {
		t->changed = true;
		tune_recount_all(t);
	}
	return rc;
}

void
engine_tune_remove(struct tune_session *t, size_t i)
{
	if (i >= t->n_f)
		return;
	if (strcmp(t->f[i].from, "regex") == 0)
		t->has_regex = false;
	if (strcmp(t->f[i].from, "search") == 0)
		t->has_search = false;
	filter_clear(&t->f[i], t->fixed[i]);
	memmove(t->f + i, t->f + i + 1, (t->n_f - i - 1) * sizeof(*t->f));
	memmove(t->fixed + i, t->fixed + i + 1, (t->n_f - i - 1) * sizeof(*t->fixed));
	t->n_f--;
	t->changed = true;
	tune_recount_all(t);
}

enum status
engine_tune_flip(struct tune_session *t, size_t i, struct err *err)
{
	struct tune_filter *f = i < t->n_f ? &t->f[i] : NULL;

	if (!f || f->kind != TK_FLAG)
		return err_set(err, ST_USAGE, "only a flag filter flips (a bare score, or not score)");
	f->flag_set = !f->flag_set;
	f->cut = f->flag_set ? (struct tune_cut){f->col, TUNE_NE, 0, false}
			     : (struct tune_cut){f->col, TUNE_EQ, 0, true};
	retext(t, i);
	return ST_OK;
}

/* One ranked score: "name [weight] [higher|lower]". */
static enum status
parse_term(struct tune_session *t, char *item, struct recipe_term *out, struct err *err)
{
	char *name = strtok(item, " \t"), *tok;
	size_t c = name ? score_matrix_col(&t->m, name) : t->m.n_cols;

	if (c == t->m.n_cols)
		return err_set(err, ST_USAGE, "rank: unknown score '%s'", name ? name : "");
	*out = (struct recipe_term){t->m.names[c], 1, t->m.dirs[c] == DIR_HIGHER ? 1
						 : t->m.dirs[c] == DIR_LOWER ? -1 : 0};
	while ((tok = strtok(NULL, " \t"))) {
		char *end;
		double w = strtod(tok, &end);
		if (strcmp(tok, "higher") == 0 || strcmp(tok, "lower") == 0)
			out->dir = tok[0] == 'h' ? 1 : -1;
		else if (*end == '\0' && end != tok && isfinite(w) && w > 0)
			out->weight = w;
		else
			return err_set(err, ST_USAGE, "rank: '%s' after '%s': expected a weight above 0, "
					   "'higher' or 'lower'", tok, name);
	}
	if (out->dir == 0)
		return err_set(err, ST_USAGE, "rank: '%s' has no better side: add 'higher' or 'lower'",
			       name);
	return ST_OK;
}

enum status
engine_tune_set_rank(struct tune_session *t, const char *text, struct err *err)
{
	struct recipe_term terms[RECIPE_MAX_TERMS];
	char *copy = xstrdup(text), *save = NULL, *item, *s = copy;
	size_t n = 0;
	enum status rc = ST_OK;

	while (*s && isspace((unsigned char)*s))
		s++;
	if (strcmp(s, "random") == 0 || strcmp(s, "dsir") == 0) {
		if (s[0] == 'd' && score_matrix_col(&t->m, "dsir_logw") == t->m.n_cols)
			rc = err_set(err, ST_USAGE, "rank: dsir needs the 'dsir_logw' score");
		if (rc == ST_OK)
			t->rank = s[0] == 'r' ? RANK_RANDOM : RANK_DSIR;
		n = 0;
	} else {
		for (item = strtok_r(s, ",", &save); rc == ST_OK && item; item = strtok_r(NULL, ",", &save)) {
			char *one = xstrdup(item);
			if (n == RECIPE_MAX_TERMS)
				rc = err_set(err, ST_USAGE, "rank: at most %d scores", RECIPE_MAX_TERMS);
			else if (strspn(one, " \t") < strlen(one))
				rc = parse_term(t, one, &terms[n++], err);
			free(one);
		}
		if (rc == ST_OK)
			t->rank = n ? RANK_SCORES : RANK_NONE;
	}
	if (rc == ST_OK && t->rank != RANK_RANDOM && t->rank != RANK_DSIR)
		copy_terms(t, terms, n);
	else if (rc == ST_OK)
		copy_terms(t, NULL, 0);
	free(copy);
	if (rc == ST_OK) {
		t->changed = true;
		tune_recount_all(t);
	}
	return rc;
}

enum status
engine_tune_set_budget(struct tune_session *t, const char *text, struct err *err)
{
	char *end;
	double v;

	while (isspace((unsigned char)*text))
		text++;
	if (!*text || strcmp(text, "all") == 0) {
		t->k = 0;
		t->fraction = 0;
	} else {
		v = strtod(text, &end);
		while (isspace((unsigned char)*end))
			end++;
		bool pct = *end == '%';
		if (pct)
			v /= 100, end++;
		if (*end || !isfinite(v) || v <= 0 || ((pct || strchr(text, '.')) && v > 1) ||
		    (!pct && !strchr(text, '.') && v != floor(v)))
			return err_set(err, ST_USAGE, "budget: expected a count (5000), a percentage "
						      "(10%%) or a fraction (0.1), not '%s'", text);
		t->k = pct || strchr(text, '.') ? 0 : (int64_t)v;
		t->fraction = t->k ? 0 : v;
	}
	t->changed = true;
	tune_recount_all(t);
	return ST_OK;
}

/* ---- the recipe as JSON ---- */

/* Add f to the ranges (true), unless it came from elsewhere or its side is taken. */
static bool
as_range(const struct tune_filter *f, struct recipe_range *g, size_t *n)
{
	bool lo = f->cut.op == TUNE_GE, hi = f->cut.op == TUNE_LE;
	size_t i = 0;

	if (f->kind != TK_CUT || f->cut.keep_missing || (!lo && !hi) || strncmp(f->from, "ranges.", 7))
		return false;
	while (i < *n && strcmp(g[i].score, f->score) != 0)
		i++;
	if (i == *n)
		g[(*n)++] = (struct recipe_range){f->score, false, false, 0, 0};
	if ((lo && g[i].has_min) || (hi && g[i].has_max))
		return false;
	if (lo)
		g[i].has_min = true, g[i].min = f->cut.value;
	else
		g[i].has_max = true, g[i].max = f->cut.value;
	return true;
}

static bool
as_flag(const struct tune_filter *f, struct recipe_flag *g, size_t *n)
{
	if (f->kind != TK_FLAG)
		return false;
	for (size_t i = 0; i < *n; i++)
		if (strcmp(g[i].score, f->score) == 0)
			return false;	/* a key appears once: the second one is a filter */
	g[(*n)++] = (struct recipe_flag){f->score, f->flag_set};
	return true;
}

char *
engine_tune_json(const struct tune_session *t)
{
	struct recipe r = *t->base;	/* borrowed strings: nothing here is freed but arrays */
	char **filters = xcalloc(t->n_f + 1, sizeof(*filters));
	struct recipe_range *ranges = xcalloc(t->n_f + 1, sizeof(*ranges));
	struct recipe_flag *flags = xcalloc(t->n_f + 1, sizeof(*flags));
	size_t nf = 0, ng = 0, nl = 0;
	char *json;

	for (size_t i = 0; i < t->n_f; i++) {
		const struct tune_filter *f = &t->f[i];
		if (f->kind == TK_FIXED && (!strcmp(f->from, "regex") || !strcmp(f->from, "search")))
			continue;
		if (!as_range(f, ranges, &ng) && !as_flag(f, flags, &nl))
			filters[nf++] = f->text;
	}
	r.filters = filters;
	r.n_filters = nf;
	r.ranges = ranges;
	r.n_ranges = ng;
	r.flags = flags;
	r.n_flags = nl;
	r.regex = t->has_regex ? t->base->regex : NULL;
	r.search = t->has_search ? t->base->search : NULL;
	r.rank = t->rank;
	r.terms = t->terms;
	r.n_terms = t->n_terms;
	r.k = t->k;
	r.fraction = t->fraction;
	json = recipe_to_json(&r);
	free(filters);
	free(ranges);
	free(flags);
	return json;
}

enum status
engine_tune_save(struct tune_session *t, const char *name, struct err *err)
{
	char *json = engine_tune_json(t);
	enum status rc = engine_recipe_save(t->e, name, json, "the tuned recipe", true, err);

	free(json);
	if (rc != ST_OK)
		return rc;
	free(t->name);
	free(t->source);
	t->name = xstrdup(name);
	t->source = xasprintf("recipe '%s'", name);
	t->changed = false;
	return ST_OK;
}

enum status
engine_tune_select(struct tune_session *t, const char *name, struct select_result *res,
		   struct err *err)
{
	struct select_opts o = {.recipe = name, .name = name};
	char *json = NULL, *rname = NULL;
	enum status rc = engine_select(t->e, &o, res, err);

	if (rc == ST_OK)
		rc = load_last(t, &json, &rname, err);
	free(json);
	free(rname);
	if (rc == ST_OK)
		tune_recount_all(t);
	return rc;
}
