/* thresholds_draw.c: the thresholds view's screen. From the top: the live recipe's
 * filters, one a line (score, comparison, value, a histogram of the score sized to the
 * window with the cut marked, what the filter drops, what it alone drops); a line on the
 * filter under the cursor; what all the filters keep, the ranking and budget, the final
 * selection with the curator's overrides and the change since the stored selection, by
 * dataset and by cluster; then the margin: the samples just inside and just outside the
 * cut, in value order around a line for the cut. */
#include <curses.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine_browse.h"
#include "thresholds.h"
#include "util/xalloc.h"

#define NAME_W 22
#define VALUE_W 8
#define COUNT_W 8
#define FIXED_ROWS 8	/* header, detail, five summary lines, the margin's heading */
#define MIN_MARGIN 5	/* the cut's line and two samples a side */
#define PREVIEW_MAX 240

size_t
thresholds_filter_rows(struct view *v, int height)
{
	struct thresholds *th = v->priv;
	long room = height - FIXED_ROWS - MIN_MARGIN;
	size_t n = engine_tune_n_filters(th->t);

	room = room < 1 ? 1 : room;
	return n < (size_t)room ? (n ? n : 1) : (size_t)room;
}

int
thresholds_margin_rows(struct view *v, int height)
{
	long rows = height - FIXED_ROWS - (long)thresholds_filter_rows(v, height);

	return rows < 0 ? 0 : (int)rows;
}

/* A value as precisely as the margin needs it to show which side of the cut it is on:
 * up to 6 significant digits. Returns buf. */
static const char *
fmt_exact(double v, char buf[32])
{
	snprintf(buf, 32, "%.6g", v);
	return buf;
}

/* ---- the margin ---- */

static char *
preview_of(struct engine *e, int64_t id)
{
	struct sample s;
	struct err err;
	char *p;

	if (engine_sample_get(e, id, &s, &err) != ST_OK)
		return xstrdup("");
	const char *text = s.prompt && *s.prompt ? s.prompt : s.response ? s.response : "";
	p = xstrndup(text, strnlen(text, PREVIEW_MAX));
	sample_free(&s);
	return p;
}

static void
margin_free(struct thresholds *th)
{
	for (size_t i = 0; i < th->n_m; i++)
		free(th->mprev[i]);
	free(th->mprev);
	free(th->mrows);
	th->mprev = NULL;
	th->mrows = NULL;
	th->n_m = th->n_above = 0;
}

/* Which side of the line a filter keeps in value order: below it (high values kept). */
static bool
keeps_below(const struct tune_filter *f)
{
	return f->cut.op == TUNE_GE || f->cut.op == TUNE_GT || f->cut.op == TUNE_NE;
}

void
thresholds_margin(struct view *v, size_t k)
{
	struct thresholds *th = v->priv;
	int64_t at = th->n_m && th->mcur < th->n_m ? th->mrows[th->mcur].id : 0;
	size_t n_in, n_out, same = th->m_for == th->cur;

	if (th->m_valid && th->m_gen == th->gen && th->m_for == th->cur && th->m_k == k)
		return;
	margin_free(th);
	const struct tune_filter *f = engine_tune_filter(th->t, th->cur);
	struct tune_margin_row *in = xcalloc(k + 1, sizeof(*in)), *out = xcalloc(k + 1, sizeof(*out));
	if (f && k)
		engine_tune_margin(th->t, th->cur, k, in, &n_in, out, &n_out);
	else
		n_in = n_out = 0;
	bool below_in = f && keeps_below(f);
	struct tune_margin_row *up = below_in ? out : in, *down = below_in ? in : out;
	size_t n_up = below_in ? n_out : n_in, n_down = below_in ? n_in : n_out;
	th->mrows = xcalloc(n_up + n_down + 1, sizeof(*th->mrows));
	th->mprev = xcalloc(n_up + n_down + 1, sizeof(*th->mprev));
	for (size_t i = 0; i < n_up; i++)	/* nearest last, just above the line */
		th->mrows[i] = up[n_up - 1 - i];
	memcpy(th->mrows + n_up, down, n_down * sizeof(*down));
	th->n_m = n_up + n_down;
	th->n_above = n_up;
	for (size_t i = 0; i < th->n_m; i++)
		th->mprev[i] = preview_of(v->ui->e, th->mrows[i].id);
	/* the cursor stays on its sample if it is still there, else nearest the line */
	th->mcur = th->n_above < th->n_m ? th->n_above : th->n_m ? th->n_m - 1 : 0;
	for (size_t i = 0; same && at && i < th->n_m; i++)
		if (th->mrows[i].id == at)
			th->mcur = i;
	th->m_for = th->cur;
	th->m_k = k;
	th->m_gen = th->gen;
	th->m_valid = true;
	if (!th->n_m)
		th->in_margin = false;
	free(in);
	free(out);
}

/* ---- one filter ---- */

static const uint32_t *
histogram(struct view *v, size_t col, double lo, double hi, size_t bins)
{
	struct thresholds *th = v->priv;
	struct hist_cache *c = NULL;

	for (size_t i = 0; i < th->n_hc && !c; i++)
		if (th->hc[i].col == col)
			c = &th->hc[i];
	if (!c) {
		th->hc = xrealloc(th->hc, (th->n_hc + 1) * sizeof(*th->hc));
		c = &th->hc[th->n_hc++];
		memset(c, 0, sizeof(*c));
		c->col = col;
	}
	if (!c->b || c->bins != bins || c->lo != lo || c->hi != hi) {
		c->b = xrealloc(c->b, (bins ? bins : 1) * sizeof(*c->b));
		c->bins = bins;
		c->lo = lo;
		c->hi = hi;
		engine_tune_histogram(th->t, col, TW_ALL, lo, hi, bins, c->b, NULL);
	}
	return c->b;
}

struct widths {
	int hist;	/* bins */
	bool alone;
};

static void
widths(struct widths *w)
{
	int fixed = 2 + NAME_W + 1 + 2 + 1 + VALUE_W + 2 + 1 + 2 + COUNT_W;

	w->alone = COLS - fixed - (1 + COUNT_W) >= 10;
	w->hist = COLS - fixed - (w->alone ? 1 + COUNT_W : 0);
	w->hist = w->hist < 0 ? 0 : w->hist;
}

static void
put_count(struct line *l, size_t n, int width, enum style st)
{
	char buf[32];

	line_putwc(l, ' ', S_NORMAL);
	line_field(l, fmt_count((int64_t)n, buf), width, true, st);
}

static void
filter_picture(struct view *v, struct line *l, const struct tune_filter *f, int bins)
{
	struct thresholds *th = v->priv;
	size_t n = engine_tune_summary(th->t)->n_samples;
	char a[32], b[32];
	double lo, hi;

	line_put(l, "  ", S_NORMAL);
	if (f->kind == TK_CUT && bins > 0) {
		engine_tune_range(th->t, f->col, &lo, &hi);
		const uint32_t *h = histogram(v, f->col, lo, hi, (size_t)bins);
		bars_row(l, h, (size_t)bins, 0, bars_pos(f->cut.value, lo, hi, (size_t)bins),
			 keeps_below(f), S_GOOD);
		return;
	}
	size_t set = f->kind == TK_FLAG ? (f->flag_set ? n - f->drops : f->drops) : n - f->drops;
	snprintf(b, sizeof(b), "%.1f%%", n ? 100.0 * (double)set / (double)n : 0.0);
	line_printf(l, S_DIM, "%s %s (%s)", f->kind == TK_FLAG ? "set in" : "true for",
		    fmt_count((int64_t)set, a), b);
}

static void
draw_filter(struct view *v, size_t i, int y, const struct widths *w)
{
	struct thresholds *th = v->priv;
	const struct tune_filter *f = engine_tune_filter(th->t, i);
	bool cur = i == th->cur;
	struct line l = {0};
	char val[32];
	int start;

	line_reset(&l, COLS);
	line_putwc(&l, cur ? 0x25B8 : ' ', S_TITLE);
	line_putwc(&l, ' ', S_NORMAL);
	if (f->kind == TK_CUT) {
		static const char *const ops[] = {">=", ">", "<=", "<", "==", "!="};
		line_field(&l, f->score, NAME_W, false, S_NORMAL);
		line_putwc(&l, ' ', S_NORMAL);
		line_field(&l, ops[f->cut.op], 2, false, S_TITLE);
		line_putwc(&l, ' ', S_NORMAL);
		line_field(&l, fmt_exact(f->cut.value, val), VALUE_W, false, S_TITLE);
	} else {
		line_field(&l, f->text, NAME_W + 1 + 2 + 1 + VALUE_W, false,
			   f->kind == TK_FLAG ? S_NORMAL : S_DIM);
	}
	start = l.cols;
	filter_picture(v, &l, f, w->hist);
	line_pad(&l, start + 2 + w->hist + 1, S_NORMAL);
	put_count(&l, f->drops, COUNT_W, f->drops ? S_BAD : S_DIM);
	if (w->alone)
		put_count(&l, f->alone, COUNT_W, f->alone ? S_NORMAL : S_DIM);
	if (cur && !th->in_margin)
		line_set_cursor(&l);
	draw_line(y, &l);
	line_free(&l);
}

static void
draw_header(int y, const struct widths *w)
{
	struct line l = {0};
	int x;

	line_reset(&l, COLS);
	line_put(&l, "  filter", S_HEADER);
	line_pad(&l, 2 + NAME_W + 1 + 2 + 1 + VALUE_W, S_HEADER);
	line_put(&l, "  histogram (┃ the cut)", S_HEADER);
	x = 2 + NAME_W + 1 + 2 + 1 + VALUE_W + 2 + w->hist + 1;
	line_pad(&l, x, S_HEADER);
	line_putwc(&l, ' ', S_HEADER);
	line_field(&l, "drops", COUNT_W, true, S_HEADER);
	if (w->alone) {
		line_putwc(&l, ' ', S_HEADER);
		line_field(&l, "alone", COUNT_W, true, S_HEADER);
	}
	line_pad(&l, COLS, S_HEADER);
	draw_line(y, &l);
	line_free(&l);
}

/* The filter under the cursor in words: where its cut stands and what one step is. */
static void
draw_detail(struct view *v, int y)
{
	struct thresholds *th = v->priv;
	const struct tune_filter *f = engine_tune_filter(th->t, th->cur);
	struct line l = {0};
	char a[32], b[32], c[32], p[32];
	double lo, hi;

	line_reset(&l, COLS);
	line_put(&l, "  ", S_NORMAL);
	if (!f) {
		line_put(&l, "no filters: the recipe keeps every sample (+ adds one)", S_DIM);
	} else if (f->kind == TK_CUT) {
		engine_tune_range(th->t, f->col, &lo, &hi);
		line_put(&l, f->text, S_TITLE);
		fmt_pct(engine_tune_percentile(th->t, f->col, f->cut.value), p);
		if (p[0])
			line_printf(&l, S_NORMAL, " · at %s", p);
		line_printf(&l, S_DIM, " · drawn from %s to %s · a step is %s (h l, H L ten)",
			    fmt_value(lo, a), fmt_value(hi, b), fmt_value(engine_tune_step(th->t, th->cur), c));
	} else if (f->kind == TK_FLAG) {
		line_put(&l, f->text, S_TITLE);
		line_printf(&l, S_DIM, " · a flag: ! flips it");
	} else {
		line_put(&l, f->text, S_TITLE);
		line_printf(&l, S_DIM, " · %s, counted once: it does not move", f->from);
	}
	draw_line(y, &l);
	line_free(&l);
}

/* ---- the summary ---- */

static void
draw_keep(struct view *v, int y)
{
	struct thresholds *th = v->priv;
	const struct tune_summary *s = engine_tune_summary(th->t);
	struct line l = {0};
	char a[32], b[32];

	line_reset(&l, COLS);
	line_put(&l, "  all filters keep ", S_NORMAL);
	line_put(&l, fmt_count((int64_t)s->candidates, a), S_TITLE);
	line_printf(&l, S_NORMAL, " of %s (%.1f%%) · the recipe chooses ",
		    fmt_count((int64_t)s->n_samples, b),
		    s->n_samples ? 100.0 * (double)s->candidates / (double)s->n_samples : 0.0);
	line_put(&l, fmt_count((int64_t)s->recipe, a), S_TITLE);
	line_put(&l, " · final ", S_NORMAL);
	line_put(&l, fmt_count((int64_t)s->final, a), S_TITLE);
	line_printf(&l, S_NORMAL, " · SDF %.3f", s->sdf);
	draw_line(y, &l);
	line_free(&l);
}

static void
draw_rank(struct view *v, int y)
{
	struct thresholds *th = v->priv;
	const struct tune_summary *s = engine_tune_summary(th->t);
	struct line l = {0};
	char *rank = engine_tune_rank_text(th->t), *budget = engine_tune_budget_text(th->t);

	line_reset(&l, COLS);
	line_printf(&l, S_NORMAL, "  rank %s · budget %s · diversity %s", *rank ? rank : "none (file order)",
		    *budget ? budget : "all", engine_tune_diversity_text(th->t));
	line_put(&l, " (w b)", S_DIM);
	if (s->rank_note)
		line_printf(&l, S_ERROR, " %s", s->rank_note);
	draw_line(y, &l);
	line_free(&l);
	free(rank);
	free(budget);
}

static void
draw_selection(struct view *v, int y)
{
	struct thresholds *th = v->priv;
	const struct tune_summary *s = engine_tune_summary(th->t);
	struct line l = {0};
	char a[32], b[32];

	line_reset(&l, COLS);
	line_printf(&l, S_NORMAL, "  your calls: +%s accepted that it leaves out, ",
		    fmt_count((int64_t)s->cur_added, a));
	line_printf(&l, S_NORMAL, "−%s rejected that it chooses", fmt_count((int64_t)s->cur_removed, b));
	if (s->has_last)
		line_printf(&l, S_NORMAL, " · since selection '%s': +%s new, −%s gone", s->last_name,
			    fmt_count((int64_t)s->vs_added, a), fmt_count((int64_t)s->vs_removed, b));
	else
		line_put(&l, " · no selection stored yet (E makes one)", S_DIM);
	draw_line(y, &l);
	line_free(&l);
}

static void
draw_groups(int y, const char *title, const struct tune_group *g, size_t n, const char *none)
{
	struct line l = {0};
	char a[32], b[32];

	line_reset(&l, COLS);
	line_put(&l, "  ", S_NORMAL);
	line_put(&l, title, S_ROLE);
	if (!n)
		line_printf(&l, S_DIM, " %s", none);
	for (size_t i = 0; i < n && l.cols < COLS; i++)
		line_printf(&l, S_NORMAL, "%s%s %s/%s", i ? " · " : " ", g[i].name,
			    fmt_count((int64_t)g[i].final, a), fmt_count((int64_t)g[i].total, b));
	draw_line(y, &l);
	line_free(&l);
}

/* ---- the margin ---- */

static void
draw_margin_heading(struct view *v, int y)
{
	struct thresholds *th = v->priv;
	const struct tune_filter *f = engine_tune_filter(th->t, th->cur);
	struct line l = {0};

	line_reset(&l, COLS);
	line_put(&l, "── margin", S_ROLE);
	if (f)
		line_printf(&l, S_ROLE, " of %s: only it decides these ", f->text);
	line_put(&l, "(Tab, Enter reads, a r c) ", S_DIM);
	while (l.cols < COLS)
		line_putwc(&l, 0x2500, S_DIM);
	draw_line(y, &l);
	line_free(&l);
}

static void
draw_cut_line(struct view *v, int y)
{
	struct thresholds *th = v->priv;
	const struct tune_filter *f = engine_tune_filter(th->t, th->cur);
	struct line l = {0};

	line_reset(&l, COLS);
	line_put(&l, "  ┄┄┄┄ ", S_TITLE);
	line_printf(&l, S_TITLE, "%s", f ? f->text : "");
	line_printf(&l, S_DIM, " · %s above, %s below ", keeps_below(f) ? "dropped" : "kept",
		    keeps_below(f) ? "kept" : "dropped");
	while (l.cols < COLS)
		line_putwc(&l, 0x2504, S_DIM);
	draw_line(y, &l);
	line_free(&l);
}

static void
draw_margin_row(struct view *v, size_t i, int y)
{
	struct thresholds *th = v->priv;
	const struct tune_margin_row *r = &th->mrows[i];
	bool cur = th->in_margin && i == th->mcur;
	struct line l = {0};
	char a[32];

	line_reset(&l, COLS);
	line_putwc(&l, cur ? 0x25B8 : ' ', S_TITLE);
	line_putwc(&l, ' ', S_NORMAL);
	line_field(&l, fmt_count(r->id, a), 9, true, S_DIM);
	line_putwc(&l, ' ', S_NORMAL);
	if (r->verdict == 1)
		line_putwc(&l, 0x2713, S_ACCEPT);
	else if (r->verdict == 0)
		line_putwc(&l, 0x2717, S_REJECT);
	else
		line_putwc(&l, 0x00B7, S_DIM);
	line_putwc(&l, ' ', S_NORMAL);
	line_field(&l, r->inside ? "kept" : "drop", 4, false, r->inside ? S_GOOD : S_BAD);
	line_putwc(&l, ' ', S_NORMAL);
	line_field(&l, isnan(r->value) ? "·" : fmt_exact(r->value, a), VALUE_W, true, S_TITLE);
	line_put(&l, "  ", S_NORMAL);
	line_put(&l, th->mprev[i], S_NORMAL);
	if (cur)
		line_set_cursor(&l);
	draw_line(y, &l);
	line_free(&l);
}

static void
draw_margin(struct view *v, int y, int rows)
{
	struct thresholds *th = v->priv;
	struct line empty = {0};
	size_t k = rows > 1 ? (size_t)(rows - 1) / 2 : 0;

	thresholds_margin(v, k);
	if (!th->n_m) {
		line_reset(&empty, COLS);
		line_put(&empty, rows > 0 && engine_tune_filter(th->t, th->cur)
			 ? "  (no samples near this cut that the other filters keep)" : "", S_DIM);
		if (rows > 0)
			draw_line(y, &empty);
		line_free(&empty);
		return;
	}
	/* the cut's line sits in the middle: rows above it, then below */
	int line_y = y + (int)k;
	for (size_t i = 0; i < th->n_above; i++)
		draw_margin_row(v, i, line_y - (int)(th->n_above - i));
	draw_cut_line(v, line_y);
	for (size_t i = th->n_above; i < th->n_m; i++)
		draw_margin_row(v, i, line_y + 1 + (int)(i - th->n_above));
	line_reset(&empty, COLS);
	line_put(&empty, "  (none on this side that the other filters keep)", S_DIM);
	if (!th->n_above && k)
		draw_line(line_y - 1, &empty);
	if (th->n_above == th->n_m && k)
		draw_line(line_y + 1, &empty);
	line_free(&empty);
}

void
thresholds_draw(struct view *v, int height)
{
	struct thresholds *th = v->priv;
	const struct tune_summary *s = engine_tune_summary(th->t);
	size_t fr = thresholds_filter_rows(v, height), n = engine_tune_n_filters(th->t);
	struct widths w;
	int y = 0;

	widths(&w);
	if (th->cur < th->top)
		th->top = th->cur;
	if (th->cur >= th->top + fr)
		th->top = th->cur - fr + 1;
	draw_header(y++, &w);
	for (size_t i = 0; i < fr; i++, y++)
		if (th->top + i < n)
			draw_filter(v, th->top + i, y, &w);
	draw_detail(v, y++);
	draw_keep(v, y++);
	draw_rank(v, y++);
	draw_selection(v, y++);
	draw_groups(y++, "by dataset", s->datasets, s->n_datasets, "");
	draw_groups(y++, "by cluster", s->clusters, s->n_clusters, s->has_clusters ? "" :
		    "(no 'cluster' score: import one with winnow scores import --name cluster)");
	draw_margin_heading(v, y++);
	draw_margin(v, y, height - y);
}
