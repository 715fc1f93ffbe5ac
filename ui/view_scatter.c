/* view_scatter.c: two scores against each other, every sample a braille dot (2 x 4 dots
 * a cell), over the scores' ranges; cells holding a sample the curator rejected are red,
 * accepted green; m shows only the accepted, only the rejected or only the undecided
 * ones (so the marks read without colour too). The live recipe's cuts on either score
 * are drawn as lines. h/l change the score across, j/k the one up.
 * arg: a struct scatter_arg. */
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "tune_ui.h"
#include "util/xalloc.h"

#define LABEL_W 8

enum marks { M_ALL, M_ACCEPTED, M_REJECTED, M_UNDECIDED, M__COUNT };

struct scatter {
	struct tune_ref ref;
	size_t x, y;
	enum marks marks;
	uint8_t *grid;		/* the last one computed, for this key: */
	size_t gw, gh, gx, gy;
};

static enum status
scatter_open(struct view *v, const void *arg, struct err *err)
{
	struct scatter *s = v->priv;
	const struct scatter_arg *a = arg;

	(void)err;
	s->ref = a->ref;
	s->x = a->x;
	s->y = a->y;
	return ST_OK;
}

static void
scatter_close(struct view *v)
{
	free(((struct scatter *)v->priv)->grid);
}

static const uint8_t *
grid(struct view *v, size_t w, size_t h)
{
	struct scatter *s = v->priv;

	if (!s->grid || s->gw != w || s->gh != h || s->gx != s->x || s->gy != s->y) {
		s->grid = xrealloc(s->grid, w * h + 1);
		engine_tune_scatter(s->ref.t, s->x, s->y, w, h, s->grid);
		s->gw = w, s->gh = h, s->gx = s->x, s->gy = s->y;
	}
	return s->grid;
}

/* The position of the live recipe's first cut on col among n dots, or -1. */
static long
cut_at(struct tune_session *t, size_t col, size_t n)
{
	double lo, hi;

	for (size_t i = 0; i < engine_tune_n_filters(t); i++) {
		const struct tune_filter *f = engine_tune_filter(t, i);
		if (f->kind == TK_CUT && f->col == col) {
			engine_tune_range(t, col, &lo, &hi);
			long p = bars_pos(f->cut.value, lo, hi, n);
			return p >= (long)n ? (long)n - 1 : p;
		}
	}
	return -1;
}

static void
draw_cell(struct view *v, struct line *l, const uint8_t *g, size_t w, size_t cx, size_t cy,
	  bool vline, bool hline)
{
	struct scatter *s = v->priv;
	static const uint8_t want[M__COUNT] = {1, 2, 4, 8};
	bool dots[4][2];
	bool any = false, acc = false, rej = false;

	for (int dy = 0; dy < 4; dy++)
		for (int dx = 0; dx < 2; dx++) {
			uint8_t b = g[(cy * 4 + (size_t)dy) * w + cx * 2 + (size_t)dx];
			dots[dy][dx] = b & want[s->marks];
			any |= dots[dy][dx];
			acc |= dots[dy][dx] && (b & 2);
			rej |= dots[dy][dx] && (b & 4);
		}
	if (any)
		line_putwc(l, braille(dots), rej ? S_REJECT : acc ? S_ACCEPT : s->marks ? S_TITLE : S_DIM);
	else if (vline && hline)
		line_putwc(l, 0x253C, S_DIM);	/* ┼ */
	else if (vline)
		line_putwc(l, 0x2502, S_DIM);	/* │ */
	else if (hline)
		line_putwc(l, 0x2500, S_DIM);	/* ─ */
	else
		line_putwc(l, ' ', S_NORMAL);
}

static void
draw_axes(struct view *v, int y, size_t cw)
{
	struct scatter *s = v->priv;
	const struct score_matrix *m = engine_tune_matrix(s->ref.t);
	struct line l = {0};
	double lo, hi;
	char a[32], b[32];

	engine_tune_range(s->ref.t, s->x, &lo, &hi);
	line_reset(&l, COLS);
	line_pad(&l, LABEL_W + 1, S_NORMAL);
	line_put(&l, fmt_value(lo, a), S_DIM);
	fmt_value(hi, b);
	line_pad(&l, LABEL_W + 1 + (int)cw - (int)strlen(b), S_NORMAL);
	line_put(&l, b, S_DIM);
	draw_line(y, &l);
	line_reset(&l, COLS);
	line_pad(&l, LABEL_W + 1, S_NORMAL);
	line_printf(&l, S_TITLE, "%s →", m->names[s->x]);
	draw_line(y + 1, &l);
	line_free(&l);
}

static void
scatter_draw(struct view *v, int height)
{
	struct scatter *s = v->priv;
	const struct score_matrix *m = engine_tune_matrix(s->ref.t);
	size_t ch = height > 4 ? (size_t)height - 4 : 1, cw = COLS > LABEL_W + 2 ? (size_t)COLS - LABEL_W - 2 : 1;
	const uint8_t *g = grid(v, cw * 2, ch * 4);
	long vx = cut_at(s->ref.t, s->x, cw * 2), hy = cut_at(s->ref.t, s->y, ch * 4);
	struct line l = {0};
	double lo, hi;
	char a[32];
	static const char *const what[M__COUNT] = {"every sample (red: rejected, green: accepted)",
						   "the accepted", "the rejected", "the undecided"};

	line_reset(&l, COLS);
	line_printf(&l, S_ROLE, "  ↑ %s", m->names[s->y]);
	line_printf(&l, S_DIM, " against %s · showing %s · lines: the recipe's cuts", m->names[s->x],
		    what[s->marks]);
	draw_line(0, &l);
	engine_tune_range(s->ref.t, s->y, &lo, &hi);
	for (size_t cy = 0; cy < ch; cy++) {
		line_reset(&l, COLS);
		const char *label = cy == 0 ? fmt_value(hi, a) : cy == ch - 1 ? fmt_value(lo, a) : "";
		line_field(&l, label, LABEL_W, true, S_DIM);
		line_putwc(&l, 0x2502, S_DIM);
		bool hline = hy >= 0 && ch - 1 - (size_t)hy / 4 == cy;
		for (size_t cx = 0; cx < cw; cx++)
			draw_cell(v, &l, g, cw * 2, cx, cy, vx >= 0 && (size_t)vx / 2 == cx, hline);
		draw_line(1 + (int)cy, &l);
	}
	line_free(&l);
	draw_axes(v, 1 + (int)ch, cw);
}

/* The next score after (or before) cur, other than skip. */
static size_t
next_score(size_t cur, size_t skip, size_t n, int dir)
{
	for (size_t k = 0; k < n; k++) {
		cur = (cur + n + (size_t)(dir > 0 ? 1 : n - 1)) % n;
		if (cur != skip)
			return cur;
	}
	return cur;
}

static int
scatter_on_action(struct view *v, enum action a)
{
	struct scatter *s = v->priv;
	size_t n = engine_tune_matrix(s->ref.t)->n_cols;

	switch (a) {
	case A_COL_RIGHT: case A_COL_LEFT:
		s->x = next_score(s->x, s->y, n, a == A_COL_RIGHT ? 1 : -1);
		return RE_REDRAW;
	case A_DOWN: case A_UP:
		s->y = next_score(s->y, s->x, n, a == A_DOWN ? 1 : -1);
		return RE_REDRAW;
	case A_MARKS: s->marks = (enum marks)((s->marks + 1) % M__COUNT); return RE_REDRAW;
	case A_BACK: return RE_POP;
	default: return RE_NONE;
	}
}

static void
scatter_status(struct view *v, struct line *l)
{
	(void)v;
	line_put(l, "h l: the score across · j k: the score up · m: which samples", S_STATUS);
}

const struct view_ops view_scatter_ops = {
	.name = "scatter",
	.keymap = KM_SCATTER,
	.private_size = sizeof(struct scatter),
	.open = scatter_open,
	.draw = scatter_draw,
	.on_action = scatter_on_action,
	.status = scatter_status,
	.close = scatter_close,
};
