/* ui.c: the TUI's frame: curses set-up and teardown (or the headless screen), the view
 * stack, the loop (apply reactions, draw, one refresh, read a key with a timeout), resize,
 * the status bar and message line, and the start-up work (import, score, index) with a
 * gauge. Owns struct ui. Views change state and return reactions; only this loop draws. */
#include "ui.h"

#include <curses.h>
#include <langinfo.h>
#include <locale.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "engine_browse.h"
#include "util/buf.h"
#include "util/xalloc.h"
#include "view.h"

static volatile sig_atomic_t got_signal;	/* SIGINT/SIGTERM: the loop quits cleanly */

static void
on_signal(int sig)
{
	got_signal = sig;
}

static void
die_endwin(void)
{
	endwin();
}

/* ---- formatting shared by the views ---- */

const char *
fmt_count(int64_t n, char buf[32])
{
	char digits[32];
	int len = snprintf(digits, sizeof(digits), "%lld", (long long)(n < 0 ? -n : n)), o = 0;

	if (n < 0)
		buf[o++] = '-';
	for (int i = 0; i < len; i++) {
		if (i && (len - i) % 3 == 0)
			buf[o++] = ',';
		buf[o++] = digits[i];
	}
	buf[o] = '\0';
	return buf;
}

const char *
fmt_value(double v, char buf[32])
{
	double a = fabs(v);

	if (isnan(v))
		snprintf(buf, 32, "nan");
	else if (v == floor(v) && a < 1e7)
		snprintf(buf, 32, "%.0f", v);
	else if (a >= 1e7)
		snprintf(buf, 32, "%.2g", v);
	else if (a >= 100)
		snprintf(buf, 32, "%.0f", v);
	else if (a >= 10)
		snprintf(buf, 32, "%.1f", v);
	else if (a >= 0.01)
		snprintf(buf, 32, "%.2f", v);
	else
		snprintf(buf, 32, "%.1e", v);
	return buf;
}

/* ---- views ---- */

static struct view *
top_view(struct ui *ui)
{
	return ui->n_views ? ui->views[ui->n_views - 1] : NULL;
}

struct view *
ui_push(struct ui *ui, const struct view_ops *ops, const void *arg)
{
	struct view *v;
	struct err err = {0};

	if (ui->n_views == MAX_VIEWS) {
		ui_message(ui, S_ERROR, "too many views open: close one with q");
		return NULL;
	}
	v = xcalloc(1, sizeof(*v));
	v->ops = ops;
	v->ui = ui;
	v->priv = xcalloc(1, ops->private_size ? ops->private_size : 1);
	ui->views[ui->n_views++] = v;
	if (ops->open(v, arg, &err) != ST_OK) {
		ui->n_views--;
		if (ops->close)
			ops->close(v);
		free(v->priv);
		free(v);
		ui_error(ui, &err);
		return NULL;
	}
	return v;
}

struct view *
ui_below(struct ui *ui, struct view *v)
{
	for (size_t i = 1; i < ui->n_views; i++)
		if (ui->views[i] == v)
			return ui->views[i - 1];
	return NULL;
}

static void
pop_view(struct ui *ui)
{
	struct view *v = top_view(ui);

	if (!v)
		return;
	ui->n_views--;
	if (ui->prompt.active && ui->prompt.owner == v)
		ui->prompt.active = false;
	if (v->ops->close)
		v->ops->close(v);
	free(v->priv);
	free(v);
	v = top_view(ui);
	if (v && v->ops->resume && !ui->job.active)	/* a job's done does the refresh */
		v->ops->resume(v);
}

void
ui_message(struct ui *ui, enum style st, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ui->msg, sizeof(ui->msg), fmt, ap);
	va_end(ap);
	ui->msg_style = st;
}

void
ui_error(struct ui *ui, const struct err *err)
{
	ui_message(ui, S_ERROR, "%s", err->msg[0] ? err->msg : status_str(err->code));
}

void
ui_prompt(struct ui *ui, struct view *v, int kind, const char *label, const char *initial,
	  bool with_history)
{
	struct prompt *p = &ui->prompt;

	memset(p, 0, sizeof(*p));
	p->active = true;
	p->owner = v;
	p->kind = kind;
	snprintf(p->label, sizeof(p->label), "%s", label);
	snprintf(p->text, sizeof(p->text), "%s", initial ? initial : "");
	p->len = p->pos = strlen(p->text);
	if (with_history) {
		p->history = ui->history;
		p->n_history = p->hist_at = ui->n_history;
	}
}

static void
job_begin(struct ui *ui, const char *title, job_fn fn, void *arg, job_done_fn done,
	  bool interruptible, int64_t total_hint, bool live)
{
	struct job *j = &ui->job;

	snprintf(j->title, sizeof(j->title), "%s", title);
	j->fn = fn;
	j->arg = arg;
	j->done = done;
	j->interruptible = interruptible;
	j->total_hint = total_hint;
	j->live = live;
	j->resized = false;
	if (ui->headless)
		job_run_inline(ui);
	else
		job_start(ui);
}

void
ui_job(struct ui *ui, const char *title, job_fn fn, void *arg, job_done_fn done,
       bool interruptible, int64_t total_hint)
{
	job_begin(ui, title, fn, arg, done, interruptible, total_hint, false);
}

void
ui_job_live(struct ui *ui, const char *title, job_fn fn, void *arg, job_done_fn done)
{
	job_begin(ui, title, fn, arg, done, false, 0, true);
}

int
ui_body_height(const struct ui *ui)
{
	(void)ui;
	return LINES - 2 > 0 ? LINES - 2 : 0;
}

void
ui_set_search(struct ui *ui, const char *fts)
{
	free(ui->search);
	ui->search = fts && *fts ? xstrdup(fts) : NULL;
	if (!ui->search)
		return;
	if (ui->n_history && strcmp(ui->history[ui->n_history - 1], fts) == 0)
		return;
	if (ui->n_history == sizeof(ui->history) / sizeof(ui->history[0])) {
		free(ui->history[0]);
		memmove(ui->history, ui->history + 1, (ui->n_history - 1) * sizeof(char *));
		ui->n_history--;
	}
	ui->history[ui->n_history++] = xstrdup(fts);
}

/* ---- drawing ---- */

/* " view │ what the view says ...   ✓a ✗r ·u  curator  project  ? help ": the right part
 * loses the project, then the curator, then the counts when the line is full. */
static void
draw_status(struct ui *ui, struct view *v, int y)
{
	struct line l = {0};
	const char *slash = strrchr(ui->project, '/');
	struct buf right[4] = {BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT};
	char a[32], r[32], u[32];

	line_reset(&l, COLS);
	line_printf(&l, S_STATUS, " %s ", v ? v->ops->name : "winnow");
	line_putwc(&l, 0x2502, S_STATUS);
	line_putwc(&l, ' ', S_STATUS);
	if (v && v->ops->status)
		v->ops->status(v, &l);
	for (int k = 0; k < 3; k++)	/* the longest first */
		buf_printf(&right[k], "  ✓%s ✗%s ·%s", fmt_count(ui->counts.accepted, a),
			   fmt_count(ui->counts.rejected, r), fmt_count(ui->counts.undecided, u));
	buf_printf(&right[0], "  %s  %s", ui->curator, slash ? slash + 1 : ui->project);
	buf_printf(&right[1], "  %s", ui->curator);
	for (int k = 0; k < 4; k++) {
		buf_puts(&right[k], "  ? help ");
		int w = text_width(buf_str(&right[k]), right[k].len);
		if (l.cols + w <= COLS) {
			line_pad(&l, COLS - w, S_STATUS);
			line_put(&l, buf_str(&right[k]), S_STATUS);
			break;
		}
	}
	line_pad(&l, COLS, S_STATUS);
	draw_line(y, &l);
	line_free(&l);
	for (int k = 0; k < 4; k++)
		buf_free(&right[k]);
}

static void
draw_message(struct ui *ui, int y)
{
	struct line l = {0};

	if (ui->prompt.active) {
		prompt_draw(&ui->prompt, y);
		return;
	}
	line_reset(&l, COLS);
	line_puts(&l, ui->msg, strlen(ui->msg), ui->msg_style);
	draw_line(y, &l);
	line_free(&l);
}

static void
draw_too_small(void)
{
	struct line l = {0};
	char a[64], b[64];

	snprintf(a, sizeof(a), "Terminal too small: %dx%d.", COLS, LINES);
	snprintf(b, sizeof(b), "winnow needs at least %dx%d.", MIN_COLS, MIN_ROWS);
	const char *rows[] = {a, b, "Enlarge it, or press q to quit."};
	for (int y = 0; y < 3 && y < LINES; y++) {
		line_reset(&l, COLS);
		line_puts(&l, rows[y], strlen(rows[y]), y == 0 ? S_ERROR : S_NORMAL);
		draw_line(y, &l);
	}
	line_free(&l);
}

static void
redraw(struct ui *ui)
{
	struct view *v = top_view(ui);

	if (ui->job.active && ui->n_views && !ui->job.live) {	/* the view's state is the job's */
		gauge_draw(ui);
		if (!ui->headless)
			refresh();
		return;
	}
	erase();
	ui->too_small = COLS < MIN_COLS || LINES < MIN_ROWS;
	if (ui->too_small) {
		draw_too_small();
	} else {
		if (v)
			v->ops->draw(v, ui_body_height(ui));
		draw_status(ui, v, LINES - 2);
		draw_message(ui, LINES - 1);
		if (ui->job.active && !ui->job.live)
			gauge_draw(ui);
	}
	if (!ui->headless)
		refresh();
}

/* ---- keys ---- */

static void
apply(struct ui *ui, struct view *v, int re)
{
	if ((re & RE_POP) && v == top_view(ui))
		pop_view(ui);
	if (re & RE_QUIT)
		ui->quit = true;
}

static void
on_resize(struct ui *ui)
{
	for (size_t i = 0; i < ui->n_views; i++)
		if (ui->views[i]->ops->resize)
			ui->views[i]->ops->resize(ui->views[i]);
}

static void
handle_action(struct ui *ui, struct view *v, enum action a)
{
	switch (a) {
	case A_QUIT: ui->quit = true; return;
	case A_REDRAW: clearok(curscr, TRUE); return;
	case A_HELP:
		if (v->ops != &view_help_ops) {
			struct help_arg h = {v->ops->keymap, v->ops->name};
			ui_push(ui, &view_help_ops, &h);
		}
		return;
	case A_NONE: return;
	default: apply(ui, v, v->ops->on_action(v, a));
	}
}

static void
handle_key(struct ui *ui, int key)
{
	struct view *v = top_view(ui);
	const char *answer;

	ui->msg[0] = '\0';
	if (key == KEY_FN(KEY_RESIZE)) {
		if (ui->job.active) {
			erase();	/* views relayout when the job ends */
			ui->job.resized = true;
		} else
			on_resize(ui);
		return;
	}
	if (ui->job.active) {
		if (key == KEY_ESC || key == 3)
			job_cancel(ui);
		else if (ui->job.live)
			ui_message(ui, S_INFO, "%s: Esc cancels it", ui->job.title);
		return;
	}
	if (ui->too_small || !v) {
		if (key == 'q' || key == 'Q')
			ui->quit = true;
		return;
	}
	if (ui->prompt.active) {
		struct view *owner = ui->prompt.owner;
		if (prompt_key(&ui->prompt, key, &answer) && owner->ops->on_prompt)
			apply(ui, owner, owner->ops->on_prompt(owner, ui->prompt.kind, answer));
		return;
	}
	handle_action(ui, v, keymap_action(v->ops->keymap, key));
}

/* The next key; 0 for a timeout (the gauge ticks). False when input ends. */
static bool
next_key(struct ui *ui, int *key)
{
	wint_t wch;
	int ret;

	if (ui->headless)
		return script_next_key(ui, key);
	wtimeout(stdscr, ui->job.active ? 100 : 500);
	ret = wget_wch(stdscr, &wch);
	if (got_signal) {	/* Ctrl-C or a kill: cancel the work, or leave cleanly */
		got_signal = 0;
		if (!ui->job.active)
			ui->quit = true;
		*key = ui->job.active ? KEY_ESC : 0;
		return true;
	}
	*key = ret == ERR ? 0 : key_from_curses(ret, (unsigned)wch);
	return true;
}

/* With $WINNOW_TUI_TIMING set (make bench): one line per key, "KEY MS", the time from
 * the key to the screen drawn for it; and "first-screen MS" from the start of ui_run. */
static void
timing(struct ui *ui, int key, double t0)
{
	char name[32];

	if (!ui->timing)
		return;
	fprintf(ui->timing, "%s %.2f\n", key ? key_label(key, name, sizeof(name)) : "first-screen",
		(progress_now() - t0) * 1000);
	fflush(ui->timing);
}

static void
loop(struct ui *ui)
{
	int key = 0;
	double t0 = ui->t_start;
	bool timed = false;

	while (!ui->quit) {
		if (ui->job.active && job_poll(ui)) {
			bool resized = ui->job.resized;
			job_finish(ui);
			if (resized && !ui->job.active)
				on_resize(ui);
		}
		if (!ui->job.active && ui->n_views == 0)
			break;
		redraw(ui);
		if (!timed)
			timing(ui, key, t0);
		timed = true;
		if (!next_key(ui, &key))
			break;
		if (key == 0)	/* a timeout, to redraw the gauge */
			continue;
		t0 = progress_now();
		timed = false;
		handle_key(ui, key);
	}
	if (ui->job.active) {	/* quitting during work: cancel it and wait */
		job_cancel(ui);
		while (!job_poll(ui))
			napms(20);
		ui->job.done = NULL;
		job_finish(ui);
	}
}

/* ---- start-up: import, score and index with a gauge, then the sample list ---- */

struct startup {
	const char *const *files;
	size_t n_files;
	int64_t n_before, n_imported, n_already;
};

static enum status
job_import(struct engine *e, void *arg, struct progress_sink sink, struct err *err)
{
	struct startup *s = arg;
	struct import_opts o = {.format = FMT_AUTO, .max_row = IMPORT_DEFAULT_MAX_ROW,
				.progress = sink};
	struct import_result res;
	enum status rc = engine_import(e, s->files, s->n_files, &o, &res, err);

	s->n_imported = res.n_samples;
	for (size_t i = 0; i < res.n_files; i++)
		s->n_already += res.files[i].already;
	import_result_free(&res);
	return rc;
}

enum status
ui_job_score(struct engine *e, void *arg, struct progress_sink sink, struct err *err)
{
	struct score_opts o = {.progress = sink};
	struct score_result res;

	(void)arg;
	return engine_score(e, &o, &res, err);
}

static enum status
job_index(struct engine *e, void *arg, struct progress_sink sink, struct err *err)
{
	(void)sink;
	return engine_index_column(e, arg, err);
}

static void
open_list(struct ui *ui)
{
	struct err err;

	engine_columns_reload(ui->e);
	if (engine_sample_count(ui->e, &ui->n_samples, &err) != ST_OK)
		ui_error(ui, &err);
	ui_counts_refresh(ui);
	ui_selection_load(ui);
	ui_push(ui, &view_list_ops, NULL);
	if (ui->n_views == 0)	/* the list could not open: say why on the way out */
		ui->exit_code = 1;
}

static void
done_index(struct ui *ui, void *arg, enum status rc, const struct err *err)
{
	(void)arg;
	open_list(ui);
	if (rc == ST_CANCELLED)
		ui_message(ui, S_INFO, "indexing cancelled: duplicate clusters open slowly");
	else if (rc != ST_OK)
		ui_error(ui, err);
}

/* A big project gets its duplicate-cluster index once, so clusters open at once. */
static void
index_then_list(struct ui *ui)
{
	int64_t n = 0;
	struct err err;
	const struct column_info *cols;
	size_t n_cols;

	engine_columns_reload(ui->e);
	if (engine_sample_count(ui->e, &n, &err) == ST_OK && n > SORT_INDEX_MIN &&
	    engine_columns(ui->e, &cols, &n_cols, &err) == ST_OK &&
	    engine_column_find(ui->e, "dup_cluster") >= 0 && !engine_sort_ready(ui->e, "dup_cluster")) {
		ui_job(ui, "Indexing duplicate clusters (once)", job_index, "dup_cluster", done_index,
		       true, 0);
		return;
	}
	open_list(ui);
}

static void
done_score(struct ui *ui, void *arg, enum status rc, const struct err *err)
{
	struct startup *s = arg;
	char n[32];

	index_then_list(ui);
	if (rc == ST_CANCELLED)
		ui_message(ui, S_INFO, "scoring cancelled: finished batches are kept; S scores the rest");
	else if (rc != ST_OK)
		ui_error(ui, err);
	else if (s->n_imported > 0)
		ui_message(ui, S_INFO, "imported and scored %s samples", fmt_count(s->n_imported, n));
	else if (s->n_already)
		ui_message(ui, S_INFO, "already imported; scores are up to date");
}

static void
done_import(struct ui *ui, void *arg, enum status rc, const struct err *err)
{
	struct startup *s = arg;
	int64_t total = 0;
	struct err e2;

	if (rc != ST_OK) {	/* nothing was imported: leave, saying why */
		ui->exit_code = status_exit_code(rc);
		snprintf(ui->msg, sizeof(ui->msg), "%s", rc == ST_CANCELLED
			 ? "import cancelled; nothing was imported" : err->msg);
		ui->quit = true;
		return;
	}
	engine_sample_count(ui->e, &total, &e2);
	ui_job(ui, "Scoring", ui_job_score, s, done_score, false,
	       s->n_before == 0 ? total : 0);
}

static void
start(struct ui *ui, struct startup *s)
{
	struct err err;

	if (s->n_files == 0) {
		index_then_list(ui);
		return;
	}
	engine_sample_count(ui->e, &s->n_before, &err);
	ui_job(ui, "Importing", job_import, s, done_import, false, 0);
}

/* ---- set-up and teardown ---- */

static void
set_locale(bool headless)
{
	if (headless || !setlocale(LC_ALL, "") || strcmp(nl_langinfo(CODESET), "UTF-8") != 0)
		setlocale(LC_ALL, "C.UTF-8");	/* text is UTF-8 whatever the environment says */
}

static void
catch_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;	/* no SA_RESTART: a blocked read returns */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

static SCREEN *
open_screen(struct ui *ui, const struct ui_opts *o, FILE **null_out, FILE **null_in)
{
	char v[16];

	if (!o->headless)
		return newterm(NULL, stdout, stdin);
	setenv("TERM", "xterm-256color", 1);
	setenv("TZ", "UTC", 1);
	snprintf(v, sizeof(v), "%d", o->rows > 0 ? o->rows : 30);
	setenv("LINES", v, 1);
	snprintf(v, sizeof(v), "%d", o->cols > 0 ? o->cols : 100);
	setenv("COLUMNS", v, 1);
	*null_out = fopen("/dev/null", "w");
	*null_in = fopen("/dev/null", "r");
	(void)ui;
	return *null_out && *null_in ? newterm("xterm-256color", *null_out, *null_in) : NULL;
}

/* Curses in the modes the loop expects; the settings every run shares. */
static void
setup_modes(struct ui *ui, const struct ui_opts *o)
{
	const char *seed = getenv("WINNOW_TUI_SEED"), *timing_path = getenv("WINNOW_TUI_TIMING");

	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	curs_set(0);
	draw_init(getenv("NO_COLOR") && *getenv("NO_COLOR"));
	ui->curator = decide_default_curator();
	ui->seed = seed ? strtoull(seed, NULL, 10) : o->headless ? 1 : (uint64_t)time(NULL);
	if (timing_path && *timing_path)
		ui->timing = fopen(timing_path, "w");
}

static void
teardown(struct ui *ui)
{
	while (ui->n_views)
		pop_view(ui);
	if (ui->exit_code && ui->msg[0])
		fprintf(stderr, "winnow tui: %s\n", ui->msg);
	script_close(ui->script);
	if (ui->timing)
		fclose(ui->timing);
	ui_set_search(ui, NULL);
	for (size_t i = 0; i < ui->n_history; i++)
		free(ui->history[i]);
	ui_selection_free(ui);
}

int
ui_run(struct engine *e, const struct ui_opts *o)
{
	struct ui ui = {.e = e, .project = o->project, .headless = o->headless,
			.dump = o->dump ? o->dump : stdout, .t_start = progress_now()};
	struct startup s = {o->files, o->n_files, 0, 0, 0};
	FILE *null_out = NULL, *null_in = NULL;
	struct err err = {0};
	SCREEN *scr;

	if (!o->headless && (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))) {
		fprintf(stderr, "winnow tui: needs a terminal (use --headless --keys FILE for scripts)\n");
		return 2;
	}
	if (o->headless && script_open(o->keys ? o->keys : "-", &ui.script, &err) != ST_OK) {
		fprintf(stderr, "winnow tui: %s\n", err.msg);
		return status_exit_code(err.code);
	}
	set_locale(o->headless);
	catch_signals();
	xalloc_set_die_callback(die_endwin);
	set_escdelay(25);
	scr = open_screen(&ui, o, &null_out, &null_in);
	if (!scr) {
		fprintf(stderr, "winnow tui: cannot set up the terminal (TERM=%s)\n",
			getenv("TERM") ? getenv("TERM") : "");
		script_close(ui.script);
		return 1;
	}
	setup_modes(&ui, o);
	start(&ui, &s);
	loop(&ui);
	endwin();	/* before teardown prints the reason for a failed start-up */
	teardown(&ui);
	delscreen(scr);
	xalloc_set_die_callback(NULL);
	if (null_out)
		fclose(null_out);
	if (null_in)
		fclose(null_in);
	return ui.exit_code;
}
