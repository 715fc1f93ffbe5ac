/* engine_tune_curator.c: the scores against the curator's decisions: the decided rows,
 * each score's ROC AUC of accepted against rejected (util/auc.c), the live recipe's
 * confusion matrix (tune_confusion), the cut that best agrees with the curator
 * (tune_suggest), what applying it would change, and keeping the verdicts current. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine_tune_internal.h"
#include "store_select.h"
#include "util/xalloc.h"

void
tune_labels_refresh(struct tune_session *t)
{
	size_t n = 0;

	t->lab = xrealloc(t->lab, (t->m.n_rows ? t->m.n_rows : 1) * sizeof(*t->lab));
	for (size_t r = 0; r < t->m.n_rows; r++)
		if (t->m.verdict[r] == 0 || t->m.verdict[r] == 1)
			t->lab[n++] = r;
	t->n_lab = n;
}

void
engine_tune_labels(const struct tune_session *t, size_t *accepted, size_t *rejected)
{
	size_t a = 0;

	for (size_t i = 0; i < t->n_lab; i++)
		a += t->m.verdict[t->lab[i]] == 1;
	*accepted = a;
	*rejected = t->n_lab - a;
}

void
engine_tune_set_verdict(struct tune_session *t, int64_t id, enum verdict v)
{
	size_t r = score_matrix_row(&t->m, id);

	if (r == t->m.n_rows)
		return;
	t->m.verdict[r] = v == VERDICT_ACCEPT ? 1 : v == VERDICT_REJECT ? 0 : -1;
	t->verdict3[r] = (uint8_t)v;
	tune_labels_refresh(t);
	tune_recount_all(t);	/* a curator's decision can move the budget's line */
}

enum status
engine_tune_reload_verdicts(struct tune_session *t, struct err *err)
{
	enum status rc = store_load_verdicts(t->e->store, t->m.ids, t->m.n_rows, t->verdict3, err);

	for (size_t r = 0; rc == ST_OK && r < t->m.n_rows; r++)
		t->m.verdict[r] = t->verdict3[r] == 1 ? 1 : t->verdict3[r] == 2 ? 0 : -1;
	tune_labels_refresh(t);
	tune_recount_all(t);
	return rc;
}

/* The decided rows' values of col (and their labels). OUT: v, label (n_lab each). */
static void
labelled(const struct tune_session *t, size_t col, float *v, signed char *label)
{
	for (size_t i = 0; i < t->n_lab; i++) {
		v[i] = t->m.cols[col][t->lab[i]];
		label[i] = t->m.verdict[t->lab[i]];
	}
}

void
engine_tune_auc(struct tune_session *t, size_t col, struct auc *out)
{
	size_t n = t->n_lab ? t->n_lab : 1;
	float *f = xmalloc(n * sizeof(*f));
	double *v = xmalloc(n * sizeof(*v));
	signed char *label = xmalloc(n);

	if (col < t->m.n_cols) {
		labelled(t, col, f, label);
		for (size_t i = 0; i < t->n_lab; i++)
			v[i] = f[i];
		auc_compute(v, label, t->n_lab, out);
	} else {
		auc_compute(v, label, 0, out);
	}
	free(f);
	free(v);
	free(label);
}

void
engine_tune_confusion(const struct tune_session *t, struct tune_confusion *out)
{
	tune_confusion(t->chosen, t->m.verdict, t->m.n_rows, out);
}

static bool
keeps_high(enum tune_op op)
{
	return op == TUNE_GE || op == TUNE_GT;
}

enum tune_op
engine_tune_side(struct tune_session *t, size_t col)
{
	struct auc a;

	for (size_t i = 0; i < t->n_f; i++) {
		const struct tune_filter *f = &t->f[i];
		if (f->col != col || f->kind == TK_FIXED)
			continue;
		if (f->kind == TK_FLAG)
			return f->flag_set ? TUNE_GE : TUNE_LE;
		if (f->cut.op != TUNE_EQ && f->cut.op != TUNE_NE)
			return keeps_high(f->cut.op) ? TUNE_GE : TUNE_LE;
	}
	if (col < t->m.n_cols && t->m.dirs[col] == DIR_HIGHER)
		return TUNE_GE;
	if (col < t->m.n_cols && (t->m.dirs[col] == DIR_LOWER || t->m.dirs[col] == DIR_FLAG))
		return TUNE_LE;
	engine_tune_auc(t, col, &a);
	return isnan(a.auc) || a.auc >= 0.5 ? TUNE_GE : TUNE_LE;
}

void
engine_tune_suggest(struct tune_session *t, size_t col, enum tune_op op,
		    struct tune_suggestion *out)
{
	size_t n = t->n_lab ? t->n_lab : 1;
	float *v = xmalloc(n * sizeof(*v));
	signed char *label = xmalloc(n);

	if (col < t->m.n_cols) {
		labelled(t, col, v, label);
		tune_suggest(v, label, t->n_lab, op, out);
	} else {
		tune_suggest(v, label, 0, op, out);
	}
	free(v);
	free(label);
}

/* The cut a suggestion on col keeping side op moves: the first TK_CUT on col keeping the
 * same side; n_f when there is none (it is added). */
static size_t
target(const struct tune_session *t, size_t col, enum tune_op op)
{
	for (size_t i = 0; i < t->n_f; i++)
		if (t->f[i].kind == TK_CUT && t->f[i].col == col && !t->f[i].cut.keep_missing &&
		    t->f[i].cut.op != TUNE_EQ && t->f[i].cut.op != TUNE_NE &&
		    keeps_high(t->f[i].cut.op) == keeps_high(op))
			return i;
	return t->n_f;
}

void
engine_tune_preview(struct tune_session *t, size_t col, enum tune_op op, double value,
		    struct tune_preview *out)
{
	struct tune_table tab;
	size_t i = target(t, col, op), n_cuts = t->n_f, kept;
	bool *pass = xmalloc((t->m.n_rows ? t->m.n_rows : 1) * sizeof(*pass));

	memset(out, 0, sizeof(*out));
	tune_build_cuts(t, &tab);
	struct tune_cut *cuts = xcalloc(t->n_f + 2, sizeof(*cuts));
	memcpy(cuts, t->cuts, t->n_f * sizeof(*cuts));
	if (i == t->n_f && n_cuts < TUNE_MAX_CUTS)
		cuts[n_cuts++] = (struct tune_cut){col, op, value, false};
	else if (i < t->n_f)
		cuts[i].value = value;
	out->adds = i == t->n_f;
	out->filter = i;
	out->before = t->sum.candidates;
	tune_recount_mask(&tab, cuts, n_cuts, &kept, NULL, NULL, pass);
	out->after = kept;
	tune_confusion(t->cand, t->m.verdict, t->m.n_rows, &out->c_before);
	tune_confusion(pass, t->m.verdict, t->m.n_rows, &out->c_after);
	free(cuts);
	free(pass);
}

/* A suggested cut is a decided sample's value as a float: the store's double of that
 * value, so that the recipe written with it keeps or drops that sample in `winnow
 * select` as it does here (the float 0.33333334 is not the 1/3 the store holds). */
static double
exact_value(struct tune_session *t, size_t col, double value)
{
	const char *name = t->m.names[col];
	double d = value, *out = &d;
	struct err err;

	for (size_t i = 0; i < t->n_lab; i++)
		if (t->m.cols[col][t->lab[i]] == (float)value) {
			int64_t id = t->m.ids[t->lab[i]];
			if (store_load_scores(t->e->store, &id, 1, &name, 1, &out, &err) != ST_OK ||
			    (float)d != (float)value)
				d = value;
			break;
		}
	return d;
}

enum status
engine_tune_apply(struct tune_session *t, size_t col, enum tune_op op, double value,
		  size_t *filter, struct err *err)
{
	size_t i = target(t, col, op);

	if (col >= t->m.n_cols || isnan(value))
		return err_set(err, ST_USAGE, "no cut to apply");
	value = tune_short_cut(t, col, op, exact_value(t, col, value));
	if (i < t->n_f) {
		if (filter)
			*filter = i;
		return engine_tune_set(t, i, value, err);
	}
	if (!tune_push_cut(t, col, op, value, "added"))
		return err_set(err, ST_USAGE, "at most %d filters", TUNE_MAX_CUTS);
	if (filter)
		*filter = t->n_f - 1;
	tune_recount_all(t);
	return ST_OK;
}
