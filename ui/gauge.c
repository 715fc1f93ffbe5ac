/* gauge.c: long work (import, scoring, indexing) on a worker thread while the screen
 * stays alive: the worker only calls the engine and the progress sink below, which copies
 * the progress under a mutex and returns false once Esc was pressed; the UI thread polls
 * every 100 ms and draws a gauge with the rate and ETA. Headless runs do the same work
 * inline, reading Esc from the key script, so their screens are deterministic. */
#include <curses.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "engine_browse.h"
#include "view.h"

static bool
on_progress(void *ctx, const struct progress *p)
{
	struct job *j = ctx;

	pthread_mutex_lock(&j->mu);
	j->last = *p;
	snprintf(j->what, sizeof(j->what), "%s", p->what ? p->what : "");
	snprintf(j->item, sizeof(j->item), "%s", p->item ? p->item : "");
	snprintf(j->stage, sizeof(j->stage), "%s", p->stage ? p->stage : "");
	j->have_progress = true;
	pthread_mutex_unlock(&j->mu);
	return !atomic_load(&j->cancel);
}

static void *
worker(void *arg)
{
	struct ui *ui = arg;
	struct job *j = &ui->job;

	j->rc = j->fn(ui->e, j->arg, (struct progress_sink){on_progress, j}, &j->err);
	atomic_store(&j->finished, true);
	return NULL;
}

static void
job_reset(struct job *j)
{
	j->have_progress = false;
	memset(&j->last, 0, sizeof(j->last));
	memset(&j->err, 0, sizeof(j->err));
	j->what[0] = j->item[0] = j->stage[0] = '\0';
	atomic_store(&j->cancel, false);
	atomic_store(&j->finished, false);
	j->t0 = progress_now();
}

void
job_start(struct ui *ui)
{
	struct job *j = &ui->job;

	job_reset(j);
	pthread_mutex_init(&j->mu, NULL);
	j->active = true;
	if (pthread_create(&j->tid, NULL, worker, ui) != 0) {
		worker(ui);	/* no thread to be had: do it here, frozen but correct */
		j->tid = pthread_self();
	}
}

bool
job_poll(struct ui *ui)
{
	return ui->job.active && atomic_load(&ui->job.finished);
}

void
job_finish(struct ui *ui)
{
	struct job *j = &ui->job;

	if (!pthread_equal(j->tid, pthread_self()))
		pthread_join(j->tid, NULL);
	pthread_mutex_destroy(&j->mu);
	j->active = false;
	if (j->done)
		j->done(ui, j->arg, j->rc, &j->err);
}

void
job_cancel(struct ui *ui)
{
	atomic_store(&ui->job.cancel, true);
	if (ui->job.interruptible)
		engine_interrupt(ui->e);
}

/* Headless: progress checks the script for an Esc instead of a keyboard. */
static bool
on_progress_inline(void *ctx, const struct progress *p)
{
	struct ui *ui = ctx;

	if (script_take_key(ui, KEY_ESC))
		atomic_store(&ui->job.cancel, true);
	on_progress(&ui->job, p);
	return !atomic_load(&ui->job.cancel);
}

void
job_run_inline(struct ui *ui)
{
	struct job *j = &ui->job;

	job_reset(j);
	pthread_mutex_init(&j->mu, NULL);
	j->active = true;
	if (script_take_key(ui, KEY_ESC))
		atomic_store(&j->cancel, true);
	if (atomic_load(&j->cancel))	/* cancelled before it started: it never runs */
		j->rc = err_set(&j->err, ST_CANCELLED, "cancelled before it started");
	else
		j->rc = j->fn(ui->e, j->arg, (struct progress_sink){on_progress_inline, ui}, &j->err);
	atomic_store(&j->finished, true);
	j->tid = pthread_self();
	job_finish(ui);
}

/* ---- drawing ---- */

static const char *
base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

static void
fmt_time(double s, char *buf, size_t size)
{
	int t = s > 0 && s < 360000 ? (int)(s + 0.5) : 0;

	if (t >= 3600)
		snprintf(buf, size, "%d:%02d:%02d", t / 3600, t / 60 % 60, t % 60);
	else
		snprintf(buf, size, "%d:%02d", t / 60, t % 60);
}

/* The fraction done, or -1 when unknown. */
static double
fraction(const struct job *j, const struct progress *p)
{
	if (!j->have_progress || j->stage[0])
		return -1;
	if (p->total > 0)
		return (double)p->done / (double)p->total;
	if (j->total_hint > 0)
		return fmin(1.0, (double)p->rows / (double)j->total_hint);
	return -1;
}

/* One row of the box: │ content │, w columns, drawn at (y, x). */
static void
box_row(int y, int x, int w, const struct line *content)
{
	struct line l = {0};

	line_reset(&l, w);
	line_putwc(&l, 0x2502, S_TITLE);
	line_putwc(&l, ' ', S_NORMAL);
	l.max = w - 2;
	if (content)
		line_append(&l, content);
	line_pad(&l, w - 2, S_NORMAL);
	l.max = w;
	line_putwc(&l, ' ', S_NORMAL);
	line_putwc(&l, 0x2502, S_TITLE);
	draw_at(y, x, &l);
	line_free(&l);
}

static void
box_edge(int y, int x, int w, bool top, const char *title)
{
	struct line l = {0};

	line_reset(&l, w - 1);
	line_putwc(&l, top ? 0x250C : 0x2514, S_TITLE);
	if (title) {
		line_putwc(&l, 0x2500, S_TITLE);
		line_putwc(&l, ' ', S_TITLE);
		l.max = w - 4;
		line_puts(&l, title, strlen(title), S_TITLE);
		l.max = w - 1;
		line_putwc(&l, ' ', S_TITLE);
	}
	while (l.cols < w - 1)
		line_putwc(&l, 0x2500, S_TITLE);
	l.max = w;
	line_putwc(&l, top ? 0x2510 : 0x2518, S_TITLE);
	draw_at(y, x, &l);
	line_free(&l);
}

static void
bar(struct line *l, double frac, int width)
{
	int fill = (int)(frac * width + 0.5);
	char pct[16];

	for (int i = 0; i < width; i++)
		line_putwc(l, i < fill ? 0x2588 : 0x2591, i < fill ? S_GOOD : S_DIM);
	snprintf(pct, sizeof(pct), " %3.0f%%", frac * 100);
	line_puts(l, pct, strlen(pct), S_TITLE);
}

/* The gauge's three text rows. */
static void
gauge_text(struct ui *ui, const struct progress *p, double frac, struct line rows[3], int w)
{
	static const char spin[] = "|/-\\";
	const struct job *j = &ui->job;
	double elapsed = progress_now() - j->t0, rate = p->elapsed > 0 ? p->rows / p->elapsed : 0;
	char a[32], b[32], t1[16], t2[16];

	for (int i = 0; i < 3; i++)
		line_reset(&rows[i], w);
	if (frac >= 0)
		bar(&rows[0], frac, w - 6);
	else
		line_printf(&rows[0], S_TITLE, "%c working", spin[(int)(elapsed * 4) % 4]);
	if (j->have_progress) {
		const char *unit = strcmp(j->what, "score") == 0 ? "samples" : "rows";
		line_printf(&rows[1], S_NORMAL, "%s%s%s: %s %s, %s/s", j->what, j->item[0] ? " " : "",
			    base_name(j->item), fmt_count((int64_t)p->rows, a), unit,
			    fmt_count((int64_t)rate, b));
	}
	if (j->stage[0])
		line_printf(&rows[1], S_NORMAL, " (%s)", j->stage);
	fmt_time(elapsed, t1, sizeof(t1));
	line_printf(&rows[2], S_DIM, "elapsed %s", t1);
	if (frac > 0.01 && frac < 1 && p->elapsed > 0) {
		fmt_time(p->elapsed * (1 - frac) / frac, t2, sizeof(t2));
		line_printf(&rows[2], S_DIM, " · ETA %s", t2);
	}
	line_pad(&rows[2], w - 18, S_DIM);
	line_printf(&rows[2], S_DIM, "%s", atomic_load(&j->cancel) ? "cancelling…" : "Esc cancels");
}

void
gauge_draw(struct ui *ui)
{
	struct job *j = &ui->job;
	struct progress p;
	struct line rows[3] = {{0}};
	int w = COLS - 4 < 72 ? COLS - 4 : 72, x = (COLS - w) / 2, y = (LINES - 7) / 2;

	if (w < 20 || y < 0)
		return;
	pthread_mutex_lock(&j->mu);
	p = j->last;
	double frac = fraction(j, &p);
	pthread_mutex_unlock(&j->mu);
	gauge_text(ui, &p, frac, rows, w - 4);
	box_edge(y, x, w, true, j->title);
	box_row(y + 1, x, w, NULL);
	for (int i = 0; i < 3; i++)
		box_row(y + 2 + i, x, w, &rows[i]);
	box_edge(y + 5, x, w, false, NULL);
	for (int i = 0; i < 3; i++)
		line_free(&rows[i]);
}
