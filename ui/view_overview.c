/* view_overview.c: every score's distribution on one screen, in as many columns as fit,
 * with the live recipe's cut marked on the scores it filters; x and y choose two scores
 * and Enter plots them against each other (view_scatter.c). On a project over
 * TUNE_SPREAD_ROWS samples the histograms count that many, spread evenly over it, so the
 * screen opens at once. arg: a struct tune_ref. */
#include <curses.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tune_ui.h"
#include "util/xalloc.h"

#define CELL_MIN 50	/* a cell: mark, name, a histogram of 10 bins or more, range */
#define NAME_W 20
#define RANGE_W 15

struct overview {
	struct tune_ref ref;
	size_t cur, top;	/* the score under the cursor; the first row shown */
	size_t x, y;		/* the scatter's scores (n_cols: not chosen yet) */
	uint32_t **hist;	/* per score, bins of them (recomputed when the width changes) */
	size_t bins;
};

static size_t
n_scores(const struct overview *o)
{
	return engine_tune_matrix(o->ref.t)->n_cols;
}

static size_t
per_row(void)
{
	size_t k = (size_t)(COLS / CELL_MIN);

	return k ? k : 1;
}

static enum status
overview_open(struct view *v, const void *arg, struct err *err)
{
	struct overview *o = v->priv;

	(void)err;
	o->ref = *(const struct tune_ref *)arg;
	o->x = o->y = n_scores(o);
	o->hist = xcalloc(n_scores(o) + 1, sizeof(*o->hist));
	return ST_OK;
}

static void
overview_close(struct view *v)
{
	struct overview *o = v->priv;

	for (size_t i = 0; i < n_scores(o); i++)
		free(o->hist[i]);
	free(o->hist);
}

static const uint32_t *
hist(struct view *v, size_t col, size_t bins)
{
	struct overview *o = v->priv;
	double lo, hi;

	if (o->bins != bins) {
		for (size_t i = 0; i < n_scores(o); i++) {
			free(o->hist[i]);
			o->hist[i] = NULL;
		}
		o->bins = bins;
	}
	if (!o->hist[col]) {
		o->hist[col] = xcalloc(bins + 1, sizeof(**o->hist));
		engine_tune_range(o->ref.t, col, &lo, &hi);
		engine_tune_histogram(o->ref.t, col, TW_SPREAD, lo, hi, bins, o->hist[col], NULL);
	}
	return o->hist[col];
}

/* The first cut of the live recipe on col: where it falls, and the side it keeps. */
static long
cut_of(struct tune_session *t, size_t col, double lo, double hi, size_t bins, bool *right)
{
	for (size_t i = 0; i < engine_tune_n_filters(t); i++) {
		const struct tune_filter *f = engine_tune_filter(t, i);
		if (f->kind == TK_CUT && f->col == col) {
			*right = f->cut.op == TUNE_GE || f->cut.op == TUNE_GT;
			return bars_pos(f->cut.value, lo, hi, bins);
		}
	}
	return -1;
}

static void
draw_cell(struct view *v, struct line *l, size_t col, int width)
{
	struct overview *o = v->priv;
	const struct score_matrix *m = engine_tune_matrix(o->ref.t);
	int start = l->cols;
	size_t bins = (size_t)(width - 2 - NAME_W - 1 - RANGE_W - 2);
	double lo, hi;
	bool right = true;
	char a[32], b[32], range[72];

	line_putwc(l, col == o->cur ? 0x25B8 : ' ', S_TITLE);
	line_putwc(l, col == o->x ? 'x' : col == o->y ? 'y' : ' ', S_TITLE);
	line_putwc(l, ' ', S_NORMAL);
	line_field(l, m->names[col], NAME_W - 1, false, col == o->cur ? S_TITLE : S_NORMAL);
	line_putwc(l, ' ', S_NORMAL);
	engine_tune_range(o->ref.t, col, &lo, &hi);
	long cut = cut_of(o->ref.t, col, lo, hi, bins, &right);
	bars_row(l, hist(v, col, bins), bins, 0, cut, right, S_ROLE);
	if (cut < 0)
		line_putwc(l, ' ', S_NORMAL);
	snprintf(range, sizeof(range), " %s–%s", fmt_value(lo, a), fmt_value(hi, b));
	line_field(l, range, RANGE_W, false, S_DIM);
	line_pad(l, start + width, S_NORMAL);
}

static void
overview_draw(struct view *v, int height)
{
	struct overview *o = v->priv;
	size_t k = per_row(), n = n_scores(o), rows = height > 1 ? (size_t)height - 1 : 1;
	int width = COLS / (int)k;
	struct line l = {0};

	if (o->cur / k < o->top)
		o->top = o->cur / k;
	if (o->cur / k >= o->top + rows)
		o->top = o->cur / k - rows + 1;
	line_reset(&l, COLS);
	line_put(&l, "  every score over the project (┃ the recipe's cut; x and y: the scatter's "
		 "scores; Enter plots them)", S_HEADER);
	line_pad(&l, COLS, S_HEADER);
	draw_line(0, &l);
	for (size_t r = 0; r < rows; r++) {
		line_reset(&l, COLS);
		for (size_t c = 0; c < k; c++) {
			size_t col = (o->top + r) * k + c;
			if (col < n)
				draw_cell(v, &l, col, width);
		}
		draw_line((int)r + 1, &l);
	}
	line_free(&l);
}

static int
overview_on_action(struct view *v, enum action a)
{
	struct overview *o = v->priv;
	size_t k = per_row(), n = n_scores(o);
	long cur = (long)o->cur, page = (long)(ui_body_height(v->ui) - 1) * (long)k;

	switch (a) {
	case A_DOWN: cur += (long)k; break;
	case A_UP: cur -= (long)k; break;
	case A_COL_RIGHT: cur++; break;
	case A_COL_LEFT: cur--; break;
	case A_PAGE_DOWN: case A_HALF_DOWN: cur += page; break;
	case A_PAGE_UP: case A_HALF_UP: cur -= page; break;
	case A_FIRST: cur = 0; break;
	case A_LAST: cur = (long)n - 1; break;
	case A_SCATTER_X: o->x = o->cur; return RE_REDRAW;
	case A_SCATTER_Y: o->y = o->cur; return RE_REDRAW;
	case A_SCATTER: {
		struct scatter_arg sa = {o->ref, o->x < n ? o->x : o->cur,
					 o->y < n ? o->y : (o->cur + 1) % (n ? n : 1)};
		if (n < 2 || sa.x == sa.y) {
			ui_message(v->ui, S_INFO, "choose two different scores with x and y");
			return RE_REDRAW;
		}
		o->x = sa.x;
		o->y = sa.y;
		ui_push(v->ui, &view_scatter_ops, &sa);
		return RE_REDRAW;
	}
	case A_BACK: return RE_POP;
	default: return RE_NONE;
	}
	o->cur = cur < 0 ? 0 : cur >= (long)n ? (n ? n - 1 : 0) : (size_t)cur;
	return RE_REDRAW;
}

static void
overview_status(struct view *v, struct line *l)
{
	struct overview *o = v->priv;
	const struct score_matrix *m = engine_tune_matrix(o->ref.t);
	size_t n = n_scores(o);

	line_printf(l, S_STATUS, "%zu scores · x %s · y %s", n, o->x < n ? m->names[o->x] : "-",
		    o->y < n ? m->names[o->y] : "-");
}

static void
overview_resize(struct view *v)
{
	((struct overview *)v->priv)->bins = 0;	/* histograms are made again for the width */
}

const struct view_ops view_overview_ops = {
	.name = "overview",
	.keymap = KM_OVERVIEW,
	.private_size = sizeof(struct overview),
	.open = overview_open,
	.draw = overview_draw,
	.on_action = overview_on_action,
	.status = overview_status,
	.resize = overview_resize,
	.close = overview_close,
};
