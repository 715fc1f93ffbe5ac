/* view_curator.c: what the scores say about the curator's calls. The live recipe's
 * choice against the curator's verdicts (a confusion matrix with precision, recall and
 * F1); every score ranked by how well it separates the accepted samples from the
 * rejected ones (ROC AUC with a 95% interval); for the score under the cursor, the two
 * histograms on one axis with the live cut and the suggested one marked, the cut that
 * agrees best with the curator (F1, Youden's J), and what applying it would change: y
 * applies the F1 cut, Y the J cut, to the thresholds view's recipe.
 * arg: a struct tune_ref. */
#include <curses.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tune_ui.h"
#include "util/xalloc.h"

#define TALL 3		/* rows of each histogram */
#define PANE (4 + 2 * TALL)	/* heading, two histograms, axis, suggestion, its change */
#define CONF_ROWS 5

struct scored {
	size_t col;
	struct auc a;
};

struct curator {
	struct tune_ref ref;
	struct scored *s;	/* every score, best separation first */
	size_t n;
	struct nav nav;
};

static double
separation(const struct auc *a)
{
	return isnan(a->auc) ? -1 : fabs(a->auc - 0.5);
}

static int
by_separation(const void *x, const void *y)
{
	double a = separation(&((const struct scored *)x)->a), b = separation(&((const struct scored *)y)->a);

	if (a != b)
		return (a < b) - (a > b);
	return (((const struct scored *)x)->col > ((const struct scored *)y)->col) -
	       (((const struct scored *)x)->col < ((const struct scored *)y)->col);
}

/* Every score's AUC, sorted; the cursor stays on its score. */
static void
rank_scores(struct view *v)
{
	struct curator *c = v->priv;
	const struct score_matrix *m = engine_tune_matrix(c->ref.t);
	size_t at = c->n ? c->s[c->nav.cur].col : SIZE_MAX;	/* keep the cursor on its score */

	c->n = 0;
	c->s = xrealloc(c->s, (m->n_cols + 1) * sizeof(*c->s));
	for (size_t i = 0; i < m->n_cols; i++) {
		if (score_is_label(m->names[i]))	/* an ROC curve over cluster ids means nothing */
			continue;
		c->s[c->n].col = i;
		engine_tune_auc(c->ref.t, i, &c->s[c->n++].a);
	}
	qsort(c->s, c->n, sizeof(*c->s), by_separation);
	c->nav.n = c->n;
	for (size_t i = 0; i < c->n; i++)
		if (c->s[i].col == at)
			c->nav.cur = i;
}

static enum status
curator_open(struct view *v, const void *arg, struct err *err)
{
	struct curator *c = v->priv;

	(void)err;
	c->ref = *(const struct tune_ref *)arg;
	rank_scores(v);
	return ST_OK;
}

static void
curator_close(struct view *v)
{
	free(((struct curator *)v->priv)->s);
}

/* ---- the confusion matrix ---- */

static void
put_ratio(struct line *l, const char *name, double x)
{
	if (isnan(x))
		line_printf(l, S_DIM, "%s -", name);
	else
		line_printf(l, S_TITLE, "%s %.3f", name, x);
}

static void
draw_confusion(struct view *v, int y)
{
	struct curator *c = v->priv;
	struct tune_confusion k;
	struct line l = {0};
	size_t acc, rej;
	char a[32], b[32];

	engine_tune_confusion(c->ref.t, &k);
	engine_tune_labels(c->ref.t, &acc, &rej);
	line_reset(&l, COLS);
	line_printf(&l, S_ROLE, "  the recipe against your %s decisions", fmt_count((int64_t)(acc + rej), a));
	line_printf(&l, S_DIM, " (%s accepted, %s rejected; undecided samples are left out)",
		    fmt_count((int64_t)acc, a), fmt_count((int64_t)rej, b));
	draw_line(y, &l);
	line_reset(&l, COLS);
	line_put(&l, "                    chosen by the recipe   left out", S_HEADER);
	line_pad(&l, COLS, S_HEADER);
	draw_line(y + 1, &l);
	for (int i = 0; i < 2; i++) {
		line_reset(&l, COLS);
		line_put(&l, i ? "  you rejected      " : "  you accepted      ", i ? S_REJECT : S_ACCEPT);
		line_field(&l, fmt_count((int64_t)(i ? k.fp : k.tp), a), 20, true, S_NORMAL);
		line_field(&l, fmt_count((int64_t)(i ? k.tn : k.fn), b), 11, true, S_NORMAL);
		line_put(&l, "   ", S_NORMAL);
		if (!i)
			put_ratio(&l, "recall", k.recall);
		draw_line(y + 2 + i, &l);
	}
	line_reset(&l, COLS);
	line_put(&l, "  ", S_NORMAL);
	put_ratio(&l, "precision", k.precision);
	line_put(&l, " · ", S_NORMAL);
	put_ratio(&l, "F1", k.f1);
	line_put(&l, " · the recipe's choice before your decisions override it", S_DIM);
	draw_line(y + 4, &l);
	line_free(&l);
}

/* ---- the scores ---- */

static void
draw_score(struct view *v, size_t i, int y, bool cur)
{
	struct curator *c = v->priv;
	const struct score_matrix *m = engine_tune_matrix(c->ref.t);
	const struct auc *a = &c->s[i].a;
	struct line l = {0};
	char buf[64];
	int bar;

	line_reset(&l, COLS);
	line_putwc(&l, cur ? 0x25B8 : ' ', S_TITLE);
	line_putwc(&l, ' ', S_NORMAL);
	line_field(&l, m->names[c->s[i].col], 24, false, S_NORMAL);
	if (isnan(a->auc)) {
		line_put(&l, "     -  (needs accepted and rejected samples with a value)", S_DIM);
	} else {
		snprintf(buf, sizeof(buf), " %5.3f  %.2f–%.2f", a->auc, a->lo, a->hi);
		line_put(&l, buf, S_TITLE);
		snprintf(buf, sizeof(buf), "  %zu/%zu", a->n_pos, a->n_neg);
		line_field(&l, buf, 12, false, S_DIM);
		line_field(&l, a->auc >= 0.5 ? "accepted higher" : "accepted lower", 16, false, S_NORMAL);
		bar = (int)lround(separation(a) * 2 * 20);
		for (int k = 0; k < bar; k++)
			line_putwc(&l, 0x2588, separation(a) >= 0.25 ? S_GOOD : S_DIM);
	}
	if (cur)
		line_set_cursor(&l);
	draw_line(y, &l);
	line_free(&l);
}

/* ---- the score under the cursor ---- */

struct pane {
	size_t col;
	double lo, hi;
	size_t bins;
	enum tune_op op;
	struct tune_suggestion s;
	long cut, sug;		/* marks: the live cut, the suggested one */
};

static long
live_cut(struct tune_session *t, size_t col, double lo, double hi, size_t bins)
{
	for (size_t i = 0; i < engine_tune_n_filters(t); i++) {
		const struct tune_filter *f = engine_tune_filter(t, i);
		if (f->kind == TK_CUT && f->col == col)
			return bars_pos(f->cut.value, lo, hi, bins);
	}
	return -1;
}

static void
draw_histograms(struct view *v, const struct pane *p, int y)
{
	struct curator *c = v->priv;
	uint32_t *acc = xcalloc(p->bins + 1, sizeof(*acc)), *rej = xcalloc(p->bins + 1, sizeof(*rej));
	struct line l = {0};
	char a[32], b[32];

	engine_tune_histogram(c->ref.t, p->col, TW_ACCEPTED, p->lo, p->hi, p->bins, acc, NULL);
	engine_tune_histogram(c->ref.t, p->col, TW_REJECTED, p->lo, p->hi, p->bins, rej, NULL);
	for (int h = 0; h < 2; h++)
		for (int r = 0; r < TALL; r++) {
			line_reset(&l, COLS);
			line_field(&l, r == TALL - 1 ? (h ? "rejected " : "accepted ") : "", 11, true,
				   h ? S_REJECT : S_ACCEPT);
			bars_tall_row(&l, h ? rej : acc, p->bins, 0, TALL, r, h ? S_REJECT : S_ACCEPT,
				      p->cut, p->sug);
			draw_line(y + h * TALL + r, &l);
		}
	line_reset(&l, COLS);
	line_pad(&l, 11, S_NORMAL);
	line_put(&l, fmt_value(p->lo, a), S_DIM);
	line_pad(&l, 11 + (int)p->bins + 2 - (int)strlen(fmt_value(p->hi, b)), S_NORMAL);
	line_put(&l, b, S_DIM);
	line_put(&l, "  (each scaled to its own tallest bar; ┃ the cut, ╏ the suggestion)", S_DIM);
	draw_line(y + 2 * TALL, &l);
	line_free(&l);
	free(acc);
	free(rej);
}

static void
draw_suggestion(struct view *v, const struct pane *p, int y)
{
	struct curator *c = v->priv;
	const char *op = p->op == TUNE_GE ? ">=" : "<=";
	const char *name = engine_tune_matrix(c->ref.t)->names[p->col];
	struct tune_preview pv;
	struct line l = {0};
	char a[32], b[32];

	line_reset(&l, COLS);
	if (isnan(p->s.f1_value)) {
		line_put(&l, "  no suggestion: it needs accepted and rejected samples with a value", S_DIM);
		draw_line(y, &l);
		line_free(&l);
		return;
	}
	line_printf(&l, S_NORMAL, "  suggested: ");
	line_printf(&l, S_TITLE, "%s %s %s", name, op, fmt_value(p->s.f1_value, a));
	line_printf(&l, S_NORMAL, " (best F1, %.3f) · Youden's J: %s %s (J %.3f)", p->s.f1, op,
		    fmt_value(p->s.j_value, b), p->s.j);
	draw_line(y, &l);
	engine_tune_preview(c->ref.t, p->col, p->op, p->s.f1_value, &pv);
	line_reset(&l, COLS);
	line_printf(&l, S_NORMAL, "  applying it %s: the filters keep %s (%s%lld); their F1 ",
		    pv.adds ? "adds a filter" : "moves the cut", fmt_count((int64_t)pv.after, a),
		    pv.after >= pv.before ? "+" : "", (long long)pv.after - (long long)pv.before);
	if (isnan(pv.c_before.f1) || isnan(pv.c_after.f1))
		line_put(&l, "-", S_DIM);
	else
		line_printf(&l, S_TITLE, "%.3f → %.3f", pv.c_before.f1, pv.c_after.f1);
	line_put(&l, " (y; Y: the J cut)", S_DIM);
	draw_line(y + 1, &l);
	line_free(&l);
}

static void
draw_pane(struct view *v, int y)
{
	struct curator *c = v->priv;
	struct pane p = {0};
	struct line l = {0};

	if (!c->n)
		return;
	p.col = c->s[c->nav.cur].col;
	p.bins = COLS > 11 + 4 + 2 ? (size_t)(COLS - 11 - 4) : 4;
	engine_tune_range(c->ref.t, p.col, &p.lo, &p.hi);
	p.op = engine_tune_side(c->ref.t, p.col);
	engine_tune_suggest(c->ref.t, p.col, p.op, &p.s);
	p.cut = live_cut(c->ref.t, p.col, p.lo, p.hi, p.bins);
	p.sug = bars_pos(p.s.f1_value, p.lo, p.hi, p.bins);
	line_reset(&l, COLS);
	line_printf(&l, S_ROLE, "── %s: the accepted and the rejected on one axis ",
		    engine_tune_matrix(c->ref.t)->names[p.col]);
	while (l.cols < COLS)
		line_putwc(&l, 0x2500, S_DIM);
	draw_line(y, &l);
	line_free(&l);
	draw_histograms(v, &p, y + 1);
	draw_suggestion(v, &p, y + 2 + 2 * TALL);
}

static int
list_rows(int height)
{
	int rows = height - CONF_ROWS - 1 - PANE;

	return rows < 1 ? 1 : rows;
}

static void
curator_draw(struct view *v, int height)
{
	struct curator *c = v->priv;
	int rows = list_rows(height), y = CONF_ROWS;
	struct line l = {0};

	draw_confusion(v, 0);
	line_reset(&l, COLS);
	line_put(&l, "  score                     AUC    95% CI     acc/rej     which side      "
		 "separation", S_HEADER);
	line_pad(&l, COLS, S_HEADER);
	draw_line(y++, &l);
	line_free(&l);
	if (c->nav.cur < c->nav.top)
		c->nav.top = c->nav.cur;
	if (c->nav.cur >= c->nav.top + (size_t)rows)
		c->nav.top = c->nav.cur - (size_t)rows + 1;
	for (int i = 0; i < rows; i++, y++)
		if (c->nav.top + (size_t)i < c->n)
			draw_score(v, c->nav.top + (size_t)i, y, c->nav.top + (size_t)i == c->nav.cur);
	if (height - y >= PANE)
		draw_pane(v, y);
}

static int
apply(struct view *v, bool youden)
{
	struct curator *c = v->priv;
	struct tune_suggestion s;
	struct err err;
	size_t col = c->s[c->nav.cur].col, at;
	char a[32];

	enum tune_op op = engine_tune_side(c->ref.t, col);
	engine_tune_suggest(c->ref.t, col, op, &s);
	double value = youden ? s.j_value : s.f1_value;
	if (isnan(value)) {
		ui_message(v->ui, S_INFO, "no suggestion: decide some samples both ways first");
		return RE_REDRAW;
	}
	if (engine_tune_apply(c->ref.t, col, op, value, &at, &err) != ST_OK) {
		ui_error(v->ui, &err);
		return RE_REDRAW;
	}
	view_thresholds_changed(c->ref.thresholds, at);
	ui_message(v->ui, S_INFO, "applied %s: the filters keep %s", engine_tune_filter(c->ref.t, at)->text,
		   fmt_count((int64_t)engine_tune_summary(c->ref.t)->candidates, a));
	return RE_REDRAW;
}

static int
curator_on_action(struct view *v, enum action a)
{
	struct curator *c = v->priv;
	int re = nav_action(&c->nav, a, list_rows(ui_body_height(v->ui)));

	if (re >= 0)
		return re;
	switch (a) {
	case A_APPLY_F1: return c->n ? apply(v, false) : RE_NONE;
	case A_APPLY_J: return c->n ? apply(v, true) : RE_NONE;
	case A_OVERVIEW: ui_push(v->ui, &view_overview_ops, &c->ref); return RE_REDRAW;
	case A_BACK: return RE_POP;
	default: return RE_NONE;
	}
}

static void
curator_status(struct view *v, struct line *l)
{
	struct curator *c = v->priv;

	line_printf(l, S_STATUS, "%zu scores by how well they separate your decisions · "
		    "y/Y apply a suggested cut", c->n);
}

static void
curator_resume(struct view *v)
{
	rank_scores(v);
}

const struct view_ops view_curator_ops = {
	.name = "curator",
	.keymap = KM_CURATOR,
	.private_size = sizeof(struct curator),
	.open = curator_open,
	.draw = curator_draw,
	.on_action = curator_on_action,
	.status = curator_status,
	.resume = curator_resume,
	.close = curator_close,
};
