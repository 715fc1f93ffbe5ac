/* view_list.c: the sample list. One row per sample: search-hit mark, id, the chosen score
 * columns (coloured by where the value stands for that scorer), fired flags and the start
 * of the prompt. Rows live in a window of a few pages fetched by key from the engine, so
 * moving anywhere in a million rows reads only the rows around the cursor.
 * arg: NULL for the main list, or a struct list_arg for a duplicate cluster. */
#include <curses.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine_browse.h"
#include "engine_settings.h"
#include "list.h"
#include "util/xalloc.h"
#include "view.h"

#define MIN_PREVIEW 12
#define FLAGS_WIDTH 14

static void
free_columns(struct list *l)
{
	for (size_t i = 0; i < l->n_cols; i++)
		free(l->cols[i]);
	free(l->cols);
	free(l->col_idx);
	l->cols = NULL;
	l->col_idx = NULL;
	l->n_cols = 0;
}

/* Keep the names that exist; apply them to the browse. */
enum status
set_columns(struct view *v, const char *const *names, size_t n, struct err *err)
{
	struct list *l = v->priv;
	const struct column_info *all;
	size_t n_all;
	char **keep = xcalloc(n + 1, sizeof(*keep));
	size_t k = 0;
	enum status rc = engine_columns(v->ui->e, &all, &n_all, err);

	for (size_t i = 0; rc == ST_OK && i < n; i++)
		if (engine_column_find(v->ui->e, names[i]) >= 0)
			keep[k++] = xstrdup(names[i]);
	free_columns(l);
	l->cols = keep;
	l->n_cols = k;
	l->col_idx = xcalloc(k + 1, sizeof(int));
	for (size_t i = 0; i < k; i++)
		l->col_idx[i] = engine_column_find(v->ui->e, keep[i]);
	l->has_flags = false;
	for (size_t i = 0; i < n_all; i++)
		l->has_flags |= all[i].dir == DIR_FLAG;
	if (l->sel >= (int)k)
		l->sel = ID_COL;
	return rc == ST_OK ? engine_browse_columns(l->b, (const char *const *)keep, k, err) : rc;
}

static const char *const defaults[] = {"resp_words", "resp_ttr", "resp_compress_ratio",
				       "dup_size"};
#define N_DEFAULTS (sizeof(defaults) / sizeof(defaults[0]))

/* set_columns with the names in text, separated by spaces or commas. */
static enum status
columns_from_text(struct view *v, const char *text, struct err *err)
{
	char *copy = xstrdup(text), *save = NULL;
	const char **names = xcalloc(strlen(text) / 2 + 2, sizeof(*names));
	size_t n = 0;
	enum status rc;

	for (char *tok = strtok_r(copy, ", ", &save); tok; tok = strtok_r(NULL, ", ", &save))
		names[n++] = tok;
	rc = set_columns(v, names, n, err);
	free(names);
	free(copy);
	return rc;
}

/* The columns a list opens with: those of the list it was opened over (a cluster's), else
 * $WINNOW_TUI_COLUMNS (scripts and tests), else the ones the curator chose last in this
 * project (those still score columns), else the defaults. A saved choice that cannot be
 * read is a message, not a failure. */
enum status
initial_columns(struct view *v, struct err *err)
{
	struct list *l = v->priv;
	const char *env = getenv("WINNOW_TUI_COLUMNS");
	char *saved = NULL;
	struct err e2;
	enum status rc = ST_OK;

	for (size_t i = 0; i < v->ui->n_views; i++) {
		struct view *o = v->ui->views[i];
		if (o != v && o->ops == &view_list_ops) {
			struct list *ol = o->priv;
			return set_columns(v, (const char *const *)ol->cols, ol->n_cols, err);
		}
	}
	if (env && *env)
		return columns_from_text(v, env, err);
	if (engine_tui_columns_load(v->ui->e, v->ui->curator, &saved, &e2) != ST_OK)
		ui_message(v->ui, S_ERROR, "saved columns not read (%s); the defaults instead", e2.msg);
	if (saved)
		rc = columns_from_text(v, saved, err);
	if (rc == ST_OK && (!saved || l->n_cols == 0))
		rc = set_columns(v, defaults, N_DEFAULTS, err);
	free(saved);
	return rc;
}

void
view_list_columns(struct view *list, const char *const **names, size_t *n)
{
	struct list *l = list->priv;

	*names = (const char *const *)l->cols;
	*n = l->n_cols;
}

/* Every list on the stack (the main list and a cluster list opened from it) shows the
 * same columns, and the curator's choice is saved at once: a failure to save is a
 * message, and the columns stay in use until winnow closes. */
void
view_list_set_columns(struct view *list, const char *const *names, size_t n)
{
	struct ui *ui = list->ui;
	struct err err;

	for (size_t i = 0; i < ui->n_views; i++) {
		struct view *v = ui->views[i];
		if (v->ops != &view_list_ops)
			continue;
		if (set_columns(v, names, n, &err) != ST_OK)
			ui_error(ui, &err);
		reload(v);
	}
	if (engine_tui_columns_save(ui->e, ui->curator, names, n, &err) != ST_OK)
		ui_message(ui, S_ERROR, "columns not saved (%s); they last until you quit", err.msg);
}

void
view_list_default_columns(struct view *list)
{
	view_list_set_columns(list, defaults, N_DEFAULTS);
}

/* ---- open / close ---- */

static enum status
list_open(struct view *v, const void *arg, struct err *err)
{
	struct list *l = v->priv;
	const struct list_arg *a = arg;
	enum status rc = engine_dist_load(v->ui->e, err);

	l->sel = ID_COL;
	if (rc == ST_OK)
		rc = engine_browse_new(v->ui->e, &l->b, err);
	if (rc == ST_OK)
		rc = initial_columns(v, err);
	if (rc == ST_OK && a) {
		l->cluster = xcalloc(a->n + 1, sizeof(*l->cluster));
		memcpy(l->cluster, a->ids, a->n * sizeof(*a->ids));
		l->n_cluster = a->n;
		l->rep = a->rep;
		rc = list_apply_limits(v, err);
	}
	if (rc == ST_OK && v->ui->search) {
		rc = engine_browse_search(l->b, v->ui->search, NULL, err);
		l->searched = xstrdup(v->ui->search);
		l->terms = engine_terms_new(v->ui->search);
	}
	if (rc == ST_OK)
		rc = load_around(v, NULL, false, err);
	return rc;
}

static void
list_close(struct view *v)
{
	struct list *l = v->priv;

	clear_rows(l);
	free_columns(l);
	engine_browse_free(l->b);
	engine_terms_free(l->terms);
	free(l->sort);
	free(l->searched);
	free(l->cluster);
	filter_free(l->filter);
	free(l->queue_name);
	free(l->queue);
	free(l->pending_sort);
}

/* ---- drawing ---- */

struct layout {
	int id_w, col_w[64], n_cols, flags_w, preview_x;
};

static void
layout(const struct view *v, struct layout *lo)
{
	const struct list *l = v->priv;
	char buf[32];
	int x;

	lo->id_w = (int)strlen(fmt_count(v->ui->n_samples > 9999 ? v->ui->n_samples : 9999, buf));
	x = 2 + lo->id_w + 2;	/* hit mark, id, verdict */
	lo->flags_w = l->has_flags ? FLAGS_WIDTH : 0;
	lo->n_cols = 0;
	for (size_t i = 0; i < l->n_cols && i < 64; i++) {
		int w = (int)strlen(l->cols[i]) + 1;
		w = w < 7 ? 7 : w > 11 ? 11 : w;
		if (x + 1 + w + 1 + lo->flags_w + MIN_PREVIEW > COLS)
			break;
		lo->col_w[lo->n_cols++] = w;
		x += 1 + w;
	}
	if (x + 1 + lo->flags_w + MIN_PREVIEW > COLS)
		lo->flags_w = 0;
	lo->preview_x = x + 1 + (lo->flags_w ? lo->flags_w + 1 : 0);
}

static void
draw_header(struct view *v, const struct layout *lo)
{
	struct list *l = v->priv;
	struct line ln = {0};
	char name[80];

	line_reset(&ln, COLS);
	line_pad(&ln, 2, S_HEADER);
	snprintf(name, sizeof(name), "%sid", !l->sort ? (l->desc ? "▼" : "▲") : "");
	line_field(&ln, name, lo->id_w, true, l->sel == ID_COL ? S_SORTCOL : S_HEADER);
	line_put(&ln, " v", S_HEADER);
	for (int i = 0; i < lo->n_cols; i++) {
		bool sorted = l->sort && strcmp(l->sort, l->cols[i]) == 0;
		snprintf(name, sizeof(name), "%s%s", sorted ? (l->desc ? "▼" : "▲") : "", l->cols[i]);
		line_putwc(&ln, ' ', S_HEADER);
		line_field(&ln, name, lo->col_w[i], true, l->sel == i ? S_SORTCOL : S_HEADER);
	}
	line_putwc(&ln, ' ', S_HEADER);
	if (lo->flags_w) {
		line_field(&ln, "flags", lo->flags_w, false, S_HEADER);
		line_putwc(&ln, ' ', S_HEADER);
	}
	line_put(&ln, "prompt", S_HEADER);
	line_pad(&ln, COLS, S_HEADER);
	draw_line(0, &ln);
	line_free(&ln);
}

/* Colour a value by where it stands for its scorer: the worst tenth is bad, the best
 * tenth good (higher/lower is better); a fired flag is bad; descriptive ones plain. */
enum style
ui_score_style(struct engine *e, int col, double v)
{
	const struct column_info *cols;
	size_t n;
	struct err err;

	if (col < 0 || engine_columns(e, &cols, &n, &err) != ST_OK || (size_t)col >= n)
		return S_NORMAL;
	if (cols[col].dir == DIR_FLAG)
		return v >= 0.5 ? S_BAD : S_NORMAL;
	if (cols[col].dir == DIR_NEUTRAL)
		return S_NORMAL;
	double pct = engine_percentile(e, (size_t)col, v);
	if (isnan(pct))
		return S_NORMAL;
	if (cols[col].dir == DIR_LOWER)
		pct = 100 - pct;
	return pct <= 10 ? S_BAD : pct >= 90 ? S_GOOD : S_NORMAL;
}

static void
mark_span(void *ctx, size_t start, size_t end)
{
	unsigned char *styles = ctx;

	memset(styles + start, S_HIT, end - start);
}

static void
draw_preview(struct line *ln, const char *text, const struct terms *terms)
{
	size_t len = strlen(text);
	unsigned char *styles = xcalloc(len + 1, 1);
	size_t i = 0;

	engine_term_spans(terms, text, len, mark_span, styles);
	while (i < len && ln->cols < ln->max) {	/* runs of one style */
		size_t j = i;
		while (j < len && styles[j] == styles[i])
			j++;
		line_puts(ln, text + i, j - i, (enum style)styles[i]);
		i = j;
	}
	free(styles);
}

static void
draw_row(struct view *v, const struct layout *lo, const struct browse_row *r, int y, bool cur)
{
	struct list *l = v->priv;
	struct line ln = {0};
	char buf[32];

	line_reset(&ln, COLS);
	line_putwc(&ln, cur ? 0x25B8 : ' ', S_TITLE);	/* ▸ the cursor, also for dumps */
	line_putwc(&ln, r->hit ? 0x2022 : ' ', r->hit ? S_HIT : S_NORMAL);
	line_field(&ln, fmt_count(r->id, buf), lo->id_w, true, S_DIM);
	line_putwc(&ln, ' ', S_NORMAL);
	if (r->verdict == VERDICT_ACCEPT)
		line_putwc(&ln, 0x2713, S_ACCEPT);	/* ✓ */
	else if (r->verdict == VERDICT_REJECT)
		line_putwc(&ln, 0x2717, S_REJECT);	/* ✗ */
	else	/* undecided: what the latest selection's recipe did, if there is one */
		switch (ui_selection_keeps(v->ui, r->id)) {
		case 1: line_putwc(&ln, '+', S_GOOD); break;
		case 0: line_putwc(&ln, '-', S_DIM); break;
		default: line_putwc(&ln, 0x00B7, S_DIM);
		}
	for (int i = 0; i < lo->n_cols; i++) {
		line_putwc(&ln, ' ', S_NORMAL);
		if (r->nul[i])
			line_field(&ln, "·", lo->col_w[i], true, S_DIM);
		else
			line_field(&ln, fmt_value(r->vals[i], buf), lo->col_w[i], true,
				   ui_score_style(v->ui->e, l->col_idx[i], r->vals[i]));
	}
	line_putwc(&ln, ' ', S_NORMAL);
	if (lo->flags_w) {
		line_field(&ln, r->flags, lo->flags_w, false, S_BAD);
		line_putwc(&ln, ' ', S_NORMAL);
	}
	draw_preview(&ln, r->preview, l->terms);
	if (cur)
		line_set_cursor(&ln);
	draw_line(y, &ln);
	line_free(&ln);
}

static void
list_draw(struct view *v, int height)
{
	struct list *l = v->priv;
	struct layout lo;
	struct line empty = {0};

	layout(v, &lo);
	draw_header(v, &lo);
	for (int y = 1; y < height; y++) {
		size_t i = l->top + (size_t)y - 1;
		if (i < l->n) {
			draw_row(v, &lo, &l->rows[i], y, i == l->cur);
		} else if (y == 1) {
			line_reset(&empty, COLS);
			line_put(&empty, "  (no samples)", S_DIM);
			draw_line(y, &empty);
		}
	}
	line_free(&empty);
}

static void
list_status(struct view *v, struct line *ln)
{
	struct list *l = v->priv;
	char a[32], b[32];
	int64_t count = engine_browse_count(l->b), hits = engine_browse_hits(l->b);

	if (l->cluster)
		line_printf(ln, S_STATUS, "duplicate cluster of #%s: ", fmt_count(l->rep, a));
	line_printf(ln, S_STATUS, "%s samples", fmt_count(count, a));
	if (l->limited)
		line_printf(ln, S_STATUS, " (only hits)");
	if (l->queue_name)
		line_printf(ln, S_STATUS, " · queue: %s", l->queue_name);
	else if (l->filter)
		line_printf(ln, S_STATUS, " · filter: %s", filter_text(l->filter));
	if (l->sort || l->desc)
		line_printf(ln, S_STATUS, " · sort %s %s", l->sort ? l->sort : "id",
			    l->desc ? "▼" : "▲");
	if (l->searched)
		line_printf(ln, S_STATUS, " · /%s: %s hit%s", l->searched, fmt_count(hits, b),
			    hits == 1 ? "" : "s");
	if (l->n) {
		if (l->base >= 0)
			line_printf(ln, S_STATUS, " · %s/%s", fmt_count(l->base + (int64_t)l->cur + 1, a),
				    fmt_count(count, b));
		else
			line_printf(ln, S_STATUS, " · #%s", fmt_count(l->rows[l->cur].id, a));
	}
}

/* ---- actions ---- */

/* Apply a sort now (the index exists or is not needed). */

static void
score_done(struct ui *ui, void *arg, enum status rc, const struct err *err)
{
	struct view *v = arg;
	struct list *l = v->priv;
	struct err e2;
	char **names = l->cols;
	size_t n = l->n_cols;

	engine_columns_reload(ui->e);
	if (engine_dist_load(ui->e, &e2) != ST_OK)
		ui_error(ui, &e2);
	l->cols = NULL;
	l->n_cols = 0;
	if (n ? set_columns(v, (const char *const *)names, n, &e2) : initial_columns(v, &e2))
		ui_error(ui, &e2);
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	reload(v);
	if (rc == ST_CANCELLED)
		ui_message(ui, S_INFO, "scoring cancelled: finished batches are kept");
	else if (rc != ST_OK)
		ui_error(ui, err);
	else
		ui_message(ui, S_INFO, "scores are up to date");
}

static int
list_move(struct view *v, enum action a)
{
	long h = rows_height(v);

	switch (a) {
	case A_DOWN: move_by(v, 1, 0); break;
	case A_UP: move_by(v, -1, 0); break;
	case A_PAGE_DOWN: move_by(v, h, h); break;
	case A_PAGE_UP: move_by(v, -h, -h); break;
	case A_HALF_DOWN: move_by(v, h / 2, h / 2); break;
	case A_HALF_UP: move_by(v, -h / 2, -h / 2); break;
	case A_FIRST: jump_to(v, NULL); break;
	case A_LAST: {
		struct err err;
		if (load_around(v, NULL, true, &err) != ST_OK)
			ui_error(v->ui, &err);
		break;
	}
	default: return -1;
	}
	return RE_REDRAW;
}

static int
list_on_action(struct view *v, enum action a)
{
	struct list *l = v->priv;
	int re = list_move(v, a);

	if (re >= 0)
		return re;
	switch (a) {
	case A_OPEN:
		if (l->n) {
			struct sample_ref ref = {v, l->rows[l->cur].id};
			ui_push(v->ui, &view_sample_ops, &ref);
		}
		return RE_REDRAW;
	case A_COL_LEFT: l->sel = l->sel > ID_COL ? l->sel - 1 : ID_COL; return RE_REDRAW;
	case A_COL_RIGHT: l->sel = l->sel + 1 < (int)l->n_cols ? l->sel + 1 : l->sel; return RE_REDRAW;
	case A_SORT_ASC: return sort_action(v, false);
	case A_SORT_DESC: return sort_action(v, true);
	case A_SORT_ID: l->sel = ID_COL; apply_sort(v, NULL, false); return RE_REDRAW;
	case A_SEARCH: ui_prompt(v->ui, v, P_SEARCH, "/", NULL, true); return RE_REDRAW;
	case A_GOTO: ui_prompt(v->ui, v, P_GOTO, "Go to id: ", NULL, false); return RE_REDRAW;
	case A_SEARCH_NEXT: goto_hit(v, false, true, false); return RE_REDRAW;
	case A_SEARCH_PREV: goto_hit(v, true, true, false); return RE_REDRAW;
	case A_LIMIT: return limit_action(v);
	case A_CLUSTER:
		if (l->n)
			view_list_open_cluster(v->ui, l->rows[l->cur].id);
		return RE_REDRAW;
	case A_COLUMNS: ui_push(v->ui, &view_columns_ops, v); return RE_REDRAW;
	case A_SCORE:
		ui_job(v->ui, "Scoring", ui_job_score, v, score_done, false, 0);
		return RE_REDRAW;
	case A_FILTER:
		ui_prompt(v->ui, v, P_FILTER, "Filter: ", l->filter ? filter_text(l->filter) : NULL, false);
		return RE_REDRAW;
	case A_QUEUES: ui_push(v->ui, &view_queues_ops, v); return RE_REDRAW;
	case A_TUNE: view_tune_start(v->ui); return RE_REDRAW;
	case A_EVAL: ui_push(v->ui, &view_eval_ops, NULL); return RE_REDRAW;
	case A_BACK: return l->cluster ? RE_POP : RE_QUIT;
	default: return list_decide_action(v, a);
	}
}

static int
list_on_prompt(struct view *v, int kind, const char *text)
{
	if (kind >= P_REASON)
		return list_decide_prompt(v, kind, text);
	if (kind == P_SEARCH && text)
		view_list_search(v, text);
	else if (kind == P_GOTO && text && *text)
		goto_id(v, text);
	else if (kind == P_FILTER)
		return filter_answer(v, text);
	return RE_REDRAW;
}

static void
list_resize(struct view *v)
{
	keep_visible(v);
}

static void
list_resume(struct view *v)
{
	list_refresh_verdicts(v);	/* a sample view above may have decided */
	sync_search(v);
}

bool
view_list_step(struct view *list, int dir, bool hit, int64_t *id)
{
	struct list *l = list->priv;
	int64_t before;

	if (list->ops != &view_list_ops)	/* the thresholds view's margin, say */
		return list->ops->step && list->ops->step(list, dir, hit, id);
	before = l->n ? l->rows[l->cur].id : 0;
	if (hit) {
		if (!goto_hit(list, dir < 0, true, false))
			return false;
	} else {
		move_by(list, dir, 0);
	}
	if (!l->n || before == l->rows[l->cur].id)
		return false;
	*id = l->rows[l->cur].id;
	return true;
}

const struct view_ops view_list_ops = {
	.name = "samples",
	.keymap = KM_LIST,
	.private_size = sizeof(struct list),
	.open = list_open,
	.draw = list_draw,
	.on_action = list_on_action,
	.on_prompt = list_on_prompt,
	.status = list_status,
	.resize = list_resize,
	.resume = list_resume,
	.close = list_close,
};
