/* view_eval.c: E: the evaluation view (winnow eval in the TUI). The history of runs,
 * newest first; for the run under the cursor its results table (loss, perplexity, SDF,
 * PIR against the full data and against the random subset, the reference line) and the
 * three training-loss curves (full / subset / random) as a braille chart sized to the
 * window (an n-gram run has no curve: its held-out losses as bars). s starts a quick
 * comparison from the latest stored selection, T a transformer one: it runs on the worker
 * thread as a live job, the curves growing as the engine reports each point; Esc cancels
 * (the run is stored as cancelled). arg: none. */
#include <curses.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "chart.h"
#include "util/xalloc.h"
#include "view.h"

#define DEFAULT_BUDGET_TEXT "2000000"
#define SEED 1
#define YLABEL 8	/* columns of the y axis' labels */
#define ENDLABEL 14	/* columns right of the chart for "◂ subset 4.31" */

enum { P_BUDGET = 1 };

static const enum style model_style[EVAL_N_MODELS] = {S_INFO, S_GOOD, S_BAD};

struct curves {
	struct curve_point *pts[EVAL_N_MODELS];
	size_t n[EVAL_N_MODELS], cap[EVAL_N_MODELS];
	int64_t budget[EVAL_N_MODELS];	/* a live run's x range (0: from the points) */
};

/* What the worker reads and writes while a comparison runs. */
struct run {
	int64_t *ids;
	size_t n_ids;
	char *label;
	bool quick;
	int64_t budget;
	struct eval_result res;
	pthread_mutex_t mu;	/* guards live */
	struct curves live;
};

struct eval_view {
	struct eval_run_row *runs;	/* newest first */
	struct nav nav;			/* over runs */
	struct curves shown;		/* the curves of the run under the cursor */
	bool running;
	struct run run;
};

/* ---- loading (never while a run is on the worker: the engine is its) ---- */

static void
curves_clear(struct curves *c)
{
	for (int m = 0; m < EVAL_N_MODELS; m++)
		free(c->pts[m]);
	memset(c, 0, sizeof(*c));
}

static void
curves_add(struct curves *c, int m, const struct curve_point *pt)
{
	if (c->n[m] == c->cap[m]) {
		c->cap[m] = c->cap[m] ? 2 * c->cap[m] : 64;
		c->pts[m] = xrealloc(c->pts[m], c->cap[m] * sizeof(*pt));
	}
	c->pts[m][c->n[m]++] = *pt;
}

struct ids {
	int64_t *v;
	size_t n;
};

static enum status
take_id(void *ctx, const struct eval_run_row *r, struct err *err)
{
	struct ids *ids = ctx;

	(void)err;
	ids->v = xrealloc(ids->v, (ids->n + 1) * sizeof(*ids->v));
	ids->v[ids->n++] = r->id;
	return ST_OK;
}

static void
runs_free(struct eval_view *ev)
{
	for (size_t i = 0; i < ev->nav.n; i++)
		eval_run_row_free(&ev->runs[i]);
	free(ev->runs);
	ev->runs = NULL;
	ev->nav.n = 0;
}

/* The curves of the run under the cursor. */
static void
load_curves(struct view *v)
{
	struct eval_view *ev = v->priv;
	struct err err;

	curves_clear(&ev->shown);
	if (ev->nav.n == 0)
		return;
	for (int m = 0; m < EVAL_N_MODELS; m++)
		if (engine_eval_curve(v->ui->e, ev->runs[ev->nav.cur].id, m, &ev->shown.pts[m],
				      &ev->shown.n[m], &err) != ST_OK)
			ui_error(v->ui, &err);
}

/* The history again, newest first; the cursor on run `select` (0: where it was). */
static void
load_runs(struct view *v, int64_t select)
{
	struct eval_view *ev = v->priv;
	struct ids ids = {0};
	struct err err;

	runs_free(ev);
	if (engine_eval_list(v->ui->e, take_id, &ids, &err) != ST_OK)
		ui_error(v->ui, &err);
	ev->runs = xcalloc(ids.n ? ids.n : 1, sizeof(*ev->runs));
	for (size_t i = ids.n; i-- > 0;) {
		if (engine_eval_get(v->ui->e, ids.v[i], &ev->runs[ev->nav.n], &err) != ST_OK) {
			ui_error(v->ui, &err);
			continue;
		}
		if (ids.v[i] == select)
			ev->nav.cur = ev->nav.n;
		ev->nav.n++;
	}
	free(ids.v);
	if (ev->nav.cur >= ev->nav.n)
		ev->nav.cur = ev->nav.n ? ev->nav.n - 1 : 0;
	load_curves(v);
}

static enum status
eval_open(struct view *v, const void *arg, struct err *err)
{
	struct eval_view *ev = v->priv;

	(void)arg;
	(void)err;
	pthread_mutex_init(&ev->run.mu, NULL);
	ui_selection_load(v->ui);
	load_runs(v, 0);
	return ST_OK;
}

static void
eval_close(struct view *v)
{
	struct eval_view *ev = v->priv;

	runs_free(ev);
	curves_clear(&ev->shown);
	curves_clear(&ev->run.live);
	free(ev->run.ids);
	free(ev->run.label);
	pthread_mutex_destroy(&ev->run.mu);
}

/* ---- the history ---- */

/* How many history rows the body shows. */
static int
history_rows(const struct eval_view *ev, int height)
{
	int want = ev->nav.n ? (int)ev->nav.n : 1, most = height / 4 > 3 ? height / 4 : 3;

	return want < most ? want : most;
}

static void
fmt_ratio(double v, char *buf, size_t size)
{
	if (isnan(v))
		snprintf(buf, size, "-");
	else
		snprintf(buf, size, "%.3f", v);
}

static void
history_header(int y)
{
	struct line l = {0};

	line_reset(&l, COLS);
	line_put(&l, "   run kind    selection             SDF     PIR  vs rnd  status     started",
		 S_HEADER);
	line_pad(&l, COLS, S_HEADER);
	draw_line(y, &l);
	line_free(&l);
}

static void
history_row(struct view *v, int y, size_t i, const struct eval_run_row *r)
{
	struct eval_view *ev = v->priv;
	struct line l = {0};
	char sdf[16], pir[16], rnd[16];

	fmt_ratio(r->sdf, sdf, sizeof(sdf));
	fmt_ratio(r->pir, pir, sizeof(pir));
	fmt_ratio(r->pir_random, rnd, sizeof(rnd));
	line_reset(&l, COLS);
	line_putwc(&l, i == ev->nav.cur ? 0x25B8 : ' ', S_TITLE);
	line_printf(&l, S_NORMAL, "%5lld ", (long long)r->id);
	line_field(&l, r->kind ? r->kind : "", 7, false, S_NORMAL);
	line_put(&l, " ", S_NORMAL);
	line_field(&l, r->selection ? r->selection : "", 18, false, S_NORMAL);
	line_printf(&l, S_NORMAL, " %6s  ", sdf);
	line_field(&l, pir, 6, true, isnan(r->pir) ? S_DIM : r->pir > 1 ? S_GOOD : S_BAD);
	line_put(&l, "  ", S_NORMAL);
	line_field(&l, rnd, 6, true, isnan(r->pir_random) ? S_DIM : r->pir_random > 1 ? S_GOOD
		   : S_BAD);
	line_put(&l, "  ", S_NORMAL);
	line_field(&l, r->status ? r->status : "", 9, false,
		   r->status && strcmp(r->status, "done") == 0 ? S_NORMAL : S_DIM);
	line_printf(&l, S_DIM, "  %s", r->started_at ? r->started_at : "");
	if (i == ev->nav.cur)
		line_set_cursor(&l);
	draw_line(y, &l);
	line_free(&l);
}

/* The visible part of the history; returns the rows used. */
static int
draw_history(struct view *v, int height)
{
	struct eval_view *ev = v->priv;
	int rows = history_rows(ev, height);
	struct line l = {0};

	history_header(0);
	if (ev->nav.n == 0) {
		line_reset(&l, COLS);
		line_put(&l, "  no runs yet: s starts a quick comparison (n-gram), T a transformer one",
			 S_DIM);
		draw_line(1, &l);
		line_free(&l);
		return 2;
	}
	if (ev->nav.cur < ev->nav.top)
		ev->nav.top = ev->nav.cur;
	if (ev->nav.cur >= ev->nav.top + (size_t)rows)
		ev->nav.top = ev->nav.cur - (size_t)rows + 1;
	for (int k = 0; k < rows && ev->nav.top + (size_t)k < ev->nav.n; k++)
		history_row(v, 1 + k, ev->nav.top + (size_t)k, &ev->runs[ev->nav.top + (size_t)k]);
	return 1 + rows;
}

/* ---- the results table ---- */

static void
put_row(int y, struct line *l)
{
	draw_line(y, l);
	line_reset(l, COLS);
}

static void
draw_models(const struct eval_run_row *r, int y, struct line *l)
{
	char a[32], b[32];

	line_put(l, "  model      samples   train tok   steps      time   held-out loss      ppl",
		 S_HEADER);
	line_pad(l, COLS, S_HEADER);
	put_row(y++, l);
	for (size_t i = 0; i < r->n_models; i++) {
		const struct eval_model_row *m = &r->models[i];
		line_put(l, "  ", S_NORMAL);
		line_field(l, eval_model_name(m->model), 8, false, model_style[m->model]);
		line_printf(l, S_NORMAL, " %10s  %10s  %6lld  %8.2fs  ", fmt_count(m->n_train, a),
			    fmt_count(m->train_tokens, b), (long long)m->steps, m->seconds);
		if (isnan(m->loss))
			line_printf(l, S_DIM, "%14s  %7s", "-", "-");
		else
			line_printf(l, S_NORMAL, "%14.4f  %7.3f", m->loss, m->ppl);
		put_row(y++, l);
	}
}

/* SDF, PIR and the reference line, in two rows. */
static void
draw_verdict(const struct eval_run_row *r, int y, struct line *l)
{
	double ref = eval_pir_ref(r->sdf);
	bool loss = !r->metric || strcmp(r->metric, "loss") == 0;

	line_printf(l, S_NORMAL, "  SDF %.3f  ", r->sdf);
	if (isnan(r->pir)) {
		line_put(l, "PIR -: the run did not finish", S_DIM);
		put_row(y, l);
		return;
	}
	line_printf(l, r->pir > 1 ? S_GOOD : S_BAD, "PIR %.3f", r->pir);
	line_printf(l, S_DIM, " (%s; > 1: the subset won)  ", loss ? "loss full / subset"
		    : "subset / full");
	line_printf(l, r->pir_random > 1 ? S_GOOD : S_BAD, "vs random %.3f", r->pir_random);
	put_row(y++, l);
	line_printf(l, S_DIM, "  reference line 1.400 + 1.303 (SDF - 0.025) = %.3f: the run is %s "
		    "it (an indication only)", ref, r->pir > ref ? "above" : "below");
	put_row(y, l);
}

/* The run's title, table and verdict; returns the rows used. */
static int
draw_results(const struct eval_run_row *r, int y)
{
	struct line l = {0};
	int y0 = y;
	char a[32], b[32];

	line_reset(&l, COLS);
	line_printf(&l, S_ROLE, "── run %lld", (long long)r->id);
	line_printf(&l, S_NORMAL, " · %s · %s · %s (%s of %s) · held-out: %s, %lld samples",
		    r->kind, r->status, r->selection ? r->selection : "", fmt_count(r->n_subset, a),
		    fmt_count(r->n_full, b), r->eval_source ? r->eval_source : "",
		    (long long)r->n_eval);
	put_row(y++, &l);
	if (r->error) {
		line_printf(&l, S_ERROR, "  %s", r->error);
		put_row(y++, &l);
	}
	if (r->n_models) {
		draw_models(r, y, &l);
		y += 1 + (int)r->n_models;
	}
	draw_verdict(r, y, &l);
	y += isnan(r->pir) ? 1 : 2;
	line_free(&l);
	return y - y0;
}

/* ---- the chart ---- */

/* The data range of the curves: x from 0 to the longest budget or last point. False if
 * there is no point. */
static bool
curves_range(const struct curves *c, double *x1, double *y0, double *y1)
{
	bool any = false;

	*x1 = 0, *y0 = INFINITY, *y1 = -INFINITY;
	for (int m = 0; m < EVAL_N_MODELS; m++) {
		if ((double)c->budget[m] > *x1)
			*x1 = (double)c->budget[m];
		for (size_t i = 0; i < c->n[m]; i++) {
			const struct curve_point *p = &c->pts[m][i];
			if (!isfinite(p->loss))
				continue;
			any = true;
			*x1 = fmax(*x1, (double)p->tokens);
			*y0 = fmin(*y0, p->loss);
			*y1 = fmax(*y1, p->loss);
		}
	}
	double pad = (*y1 - *y0) * 0.05;
	*y0 -= pad, *y1 += pad;
	return any;
}

static void
plot_curves(struct chart *ch, const struct curves *c)
{
	for (int m = 0; m < EVAL_N_MODELS; m++) {
		double *x = xcalloc(c->n[m] + 1, sizeof(double)), *y = xcalloc(c->n[m] + 1, sizeof(double));
		for (size_t i = 0; i < c->n[m]; i++)
			x[i] = (double)c->pts[m][i].tokens, y[i] = c->pts[m][i].loss;
		chart_series(ch, x, y, c->n[m], model_style[m]);
		free(x);
		free(y);
	}
}

/* Which model's end label goes on each chart row (-1: none): at its last point's row, or
 * the nearest free one. */
static void
end_labels(const struct chart *ch, const struct curves *c, int *at)
{
	for (int r = 0; r < ch->h; r++)
		at[r] = -1;
	for (int m = 0; m < EVAL_N_MODELS; m++) {
		if (c->n[m] == 0)
			continue;
		int row = chart_row_of(ch, c->pts[m][c->n[m] - 1].loss);
		for (int d = 0; d < ch->h; d++) {
			if (row + d < ch->h && at[row + d] < 0) {
				at[row + d] = m;
				break;
			}
			if (row - d >= 0 && at[row - d] < 0) {
				at[row - d] = m;
				break;
			}
		}
	}
}

static void
chart_rows(const struct chart *ch, const struct curves *c, int y)
{
	struct line l = {0};
	int *at = xcalloc((size_t)ch->h, sizeof(int));
	char v[32];

	end_labels(ch, c, at);
	for (int r = 0; r < ch->h; r++) {
		bool tick = r == 0 || r == ch->h - 1 || r == ch->h / 2;
		double val = ch->y1 - (ch->y1 - ch->y0) * (r + 0.5) / ch->h;
		line_reset(&l, COLS);
		if (tick)
			line_printf(&l, S_DIM, "%*s", YLABEL - 1, fmt_value(val, v));
		line_pad(&l, YLABEL - 1, S_DIM);
		line_putwc(&l, tick ? 0x2524 : 0x2502, S_DIM);
		chart_row(ch, r, &l);
		if (at[r] >= 0) {
			const struct curve_point *p = &c->pts[at[r]][c->n[at[r]] - 1];
			line_printf(&l, model_style[at[r]], " ◂ %s %.3f", eval_model_name(at[r]),
				    p->loss);
		}
		draw_line(y + r, &l);
	}
	line_free(&l);
	free(at);
}

static void
x_axis(const struct chart *ch, int y)
{
	struct line l = {0};
	char n[32], right[64];

	line_reset(&l, COLS);
	line_pad(&l, YLABEL - 1, S_DIM);
	line_putwc(&l, 0x2514, S_DIM);
	line_put(&l, "0  training tokens seen →", S_DIM);
	snprintf(right, sizeof(right), "%s", fmt_count((int64_t)ch->x1, n));
	line_pad(&l, YLABEL + ch->w - text_width(right, strlen(right)), S_DIM);
	line_put(&l, right, S_DIM);
	draw_line(y, &l);
	line_free(&l);
}

static void
chart_title(int y, const char *what)
{
	struct line l = {0};

	line_reset(&l, COLS);
	line_printf(&l, S_ROLE, "── %s ", what);
	for (int m = 0; m < EVAL_N_MODELS; m++) {
		line_putwc(&l, 0x28FF, model_style[m]);
		line_printf(&l, model_style[m], " %s  ", eval_model_name(m));
	}
	draw_line(y, &l);
	line_free(&l);
}

/* The three curves in rows [y, y + height): a title, the chart, the x axis. */
static void
draw_curves(const struct curves *c, int y, int height)
{
	struct chart ch;
	double x1, y0, y1;
	int w = COLS - YLABEL - ENDLABEL;

	if (height < 4 || w < 10)
		return;
	chart_title(y, "training loss by tokens seen");
	if (!curves_range(c, &x1, &y0, &y1)) {
		struct line l = {0};
		line_reset(&l, COLS);
		line_put(&l, "  no training curve yet", S_DIM);
		draw_line(y + 1, &l);
		line_free(&l);
		return;
	}
	chart_init(&ch, w, height - 2, 0, x1, y0, y1);
	plot_curves(&ch, c);
	chart_rows(&ch, c, y + 1);
	x_axis(&ch, y + height - 1);
	chart_free(&ch);
}

/* An n-gram run has no curve: its held-out losses as bars from 0. */
static void
draw_bars(const struct eval_run_row *r, int y, int height)
{
	struct line l = {0};
	double most = 0;
	int w = COLS - 30;

	if (height < 2 || w < 8 || r->n_models == 0)
		return;
	line_reset(&l, COLS);
	line_put(&l, "── held-out loss (an n-gram only counts tokens: no training curve)", S_ROLE);
	put_row(y++, &l);
	for (size_t i = 0; i < r->n_models; i++)
		most = isnan(r->models[i].loss) ? most : fmax(most, r->models[i].loss);
	for (size_t i = 0; i < r->n_models && (int)i + 1 < height; i++) {
		const struct eval_model_row *m = &r->models[i];
		int eighths = most > 0 && !isnan(m->loss) ? (int)lround(m->loss / most * w * 8) : 0;
		line_put(&l, "  ", S_NORMAL);
		line_field(&l, eval_model_name(m->model), 8, false, model_style[m->model]);
		for (int k = 0; k < eighths / 8; k++)
			line_putwc(&l, 0x2588, model_style[m->model]);
		if (eighths % 8)
			line_putwc(&l, 0x2590 - eighths % 8, model_style[m->model]);
		line_printf(&l, S_NORMAL, " %.4f", m->loss);
		put_row(y++, &l);
	}
	line_free(&l);
}

/* ---- a run on the worker ---- */

/* On the worker: a new point of a training curve. */
static void
live_point(void *ctx, int model, const struct curve_point *pt, int64_t budget)
{
	struct run *r = ctx;

	pthread_mutex_lock(&r->mu);
	curves_add(&r->live, model, pt);
	r->live.budget[model] = budget;
	pthread_mutex_unlock(&r->mu);
}

static enum status
job_eval(struct engine *e, void *arg, struct progress_sink sink, struct err *err)
{
	struct run *r = arg;
	struct eval_opts o = {.subset_ids = r->ids, .n_subset = r->n_ids, .selection = r->label,
			      .quick = r->quick, .budget = r->budget, .seed = SEED,
			      .progress = sink, .on_point = live_point, .point_ctx = r};

	return engine_eval(e, &o, &r->res, err);
}

static void
eval_done(struct ui *ui, void *arg, enum status rc, const struct err *err)
{
	struct run *r = arg;
	struct view *v = ui->n_views ? ui->views[ui->n_views - 1] : NULL;
	int64_t id = r->res.run_id;

	if (v && v->ops == &view_eval_ops) {
		struct eval_view *ev = v->priv;
		ev->running = false;
		load_runs(v, id);
	}
	if (rc == ST_OK)
		ui_message(ui, S_INFO, "run %lld done: PIR %.3f, against random %.3f", (long long)id,
			   r->res.m.pir, r->res.m.pir_random);
	else if (rc == ST_CANCELLED && id)
		ui_message(ui, S_INFO, "run %lld cancelled (stored as cancelled)", (long long)id);
	else if (rc == ST_CANCELLED)
		ui_message(ui, S_INFO, "cancelled before it started: nothing stored");
	else
		ui_error(ui, err);
	eval_result_free(&r->res);
}

static int
start_run(struct view *v, bool quick, int64_t budget)
{
	struct eval_view *ev = v->priv;
	struct ui *ui = v->ui;
	struct run *r = &ev->run;

	ui_selection_load(ui);
	if (!ui->sel.name) {
		ui_message(ui, S_ERROR, "no stored selection: run winnow select first");
		return RE_REDRAW;
	}
	free(r->ids);
	free(r->label);
	r->ids = xcalloc(ui->sel.n ? ui->sel.n : 1, sizeof(int64_t));
	if (ui->sel.n)
		memcpy(r->ids, ui->sel.ids, ui->sel.n * sizeof(int64_t));
	r->n_ids = ui->sel.n;
	r->label = xasprintf("selection:%s", ui->sel.name);
	r->quick = quick;
	r->budget = budget;
	memset(&r->res, 0, sizeof(r->res));
	curves_clear(&r->live);
	ev->running = true;
	ui_job_live(ui, quick ? "quick comparison" : "transformer comparison", job_eval, r,
		    eval_done);
	return RE_REDRAW;
}

/* The line over a live run's chart: what it does, how far, the time left. */
static void
live_status(struct ui *ui, int y)
{
	struct job *j = &ui->job;
	struct line l = {0};
	struct progress p;
	char item[256];

	pthread_mutex_lock(&j->mu);
	p = j->last;
	snprintf(item, sizeof(item), "%s", j->item);
	pthread_mutex_unlock(&j->mu);
	line_reset(&l, COLS);
	line_printf(&l, S_ROLE, "── running: %s", j->title);
	if (item[0])
		line_printf(&l, S_NORMAL, " · %s", item);
	if (p.total > 0) {
		double f = (double)p.done / (double)p.total;
		line_printf(&l, S_NORMAL, " · %.0f%%", 100 * f);
		if (f > 0.01 && f < 1)
			line_printf(&l, S_DIM, " · ETA %.0fs", p.elapsed * (1 - f) / f);
	}
	line_put(&l, " · Esc cancels", S_DIM);
	draw_line(y, &l);
	line_free(&l);
}

static void
draw_live(struct view *v, int y, int height)
{
	struct eval_view *ev = v->priv;
	struct curves c = {0};

	live_status(v->ui, y);
	pthread_mutex_lock(&ev->run.mu);
	for (int m = 0; m < EVAL_N_MODELS; m++) {
		c.n[m] = ev->run.live.n[m];
		c.budget[m] = ev->run.live.budget[m];
		c.pts[m] = xcalloc(c.n[m] + 1, sizeof(struct curve_point));
		if (c.n[m])
			memcpy(c.pts[m], ev->run.live.pts[m], c.n[m] * sizeof(struct curve_point));
	}
	pthread_mutex_unlock(&ev->run.mu);
	draw_curves(&c, y + 1, height - 1);
	curves_clear(&c);
}

/* ---- the view ---- */

static void
eval_draw(struct view *v, int height)
{
	struct eval_view *ev = v->priv;
	int y = draw_history(v, height);

	if (ev->running && v->ui->job.active) {
		draw_live(v, y, height - y);
		return;
	}
	if (ev->nav.n == 0)
		return;
	const struct eval_run_row *r = &ev->runs[ev->nav.cur];
	y += draw_results(r, y);
	bool curves = ev->shown.n[0] || ev->shown.n[1] || ev->shown.n[2];
	if (!curves && r->kind && strcmp(r->kind, "ngram") == 0)
		draw_bars(r, y, height - y);
	else
		draw_curves(&ev->shown, y, height - y);
}

static int
eval_on_action(struct view *v, enum action a)
{
	struct eval_view *ev = v->priv;
	size_t was = ev->nav.cur;
	int re = nav_action(&ev->nav, a, history_rows(ev, ui_body_height(v->ui)));

	if (re >= 0) {
		if (ev->nav.cur != was)
			load_curves(v);
		return re;
	}
	switch (a) {
	case A_BACK: return RE_POP;
	case A_EVAL_QUICK: return start_run(v, true, 0);
	case A_EVAL_GPT:
		ui_prompt(v->ui, v, P_BUDGET, "Training tokens per model (Enter: " DEFAULT_BUDGET_TEXT
			  "): ", NULL, false);
		return RE_REDRAW;
	default: return RE_NONE;
	}
}

static int
eval_on_prompt(struct view *v, int kind, const char *text)
{
	char *end;
	long long n;

	if (kind != P_BUDGET || !text)
		return RE_REDRAW;
	if (!*text)
		text = DEFAULT_BUDGET_TEXT;
	errno = 0;
	n = strtoll(text, &end, 10);
	if (errno || end == text || *end || n < 1) {
		ui_message(v->ui, S_ERROR, "the budget is a positive number of tokens, not '%s'", text);
		return RE_REDRAW;
	}
	return start_run(v, false, (int64_t)n);
}

static void
eval_status(struct view *v, struct line *l)
{
	struct eval_view *ev = v->priv;
	const char *sel = v->ui->sel.name;

	if (ev->running)
		line_put(l, "training: Esc cancels", S_STATUS);
	else
		line_printf(l, S_STATUS, "%zu run%s · s quick, T transformer from %s%s%s", ev->nav.n,
			    ev->nav.n == 1 ? "" : "s", sel ? "'" : "", sel ? sel : "no selection",
			    sel ? "'" : "");
}

const struct view_ops view_eval_ops = {
	.name = "eval",
	.keymap = KM_EVAL,
	.private_size = sizeof(struct eval_view),
	.open = eval_open,
	.draw = eval_draw,
	.on_action = eval_on_action,
	.on_prompt = eval_on_prompt,
	.status = eval_status,
	.close = eval_close,
};
