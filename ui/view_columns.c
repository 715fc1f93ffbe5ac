/* view_columns.c: every score column with its family, which side is better, a histogram
 * of its values over the project, quartiles and description; Enter (or x) shows or hides
 * it in the sample list, d goes back to the default columns. Either is saved at once as
 * the curator's choice for this project (view_list_set_columns). arg: the list view
 * (struct view *). */
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "engine_browse.h"
#include "util/xalloc.h"
#include "view.h"

#define BINS 12

struct columns {
	struct view *list;
	struct nav nav;
};

static enum status
columns_open(struct view *v, const void *arg, struct err *err)
{
	struct columns *c = v->priv;
	const struct column_info *cols;
	size_t n;
	enum status rc = engine_columns(v->ui->e, &cols, &n, err);

	c->list = (struct view *)arg;
	c->nav.n = n;
	if (rc == ST_OK)
		rc = engine_dist_load(v->ui->e, err);
	return rc;
}

static bool
shown(struct columns *c, const char *name)
{
	const char *const *names;
	size_t n;

	view_list_columns(c->list, &names, &n);
	for (size_t i = 0; i < n; i++)
		if (strcmp(names[i], name) == 0)
			return true;
	return false;
}

static void
toggle(struct view *v, const char *name)
{
	struct columns *c = v->priv;
	const char *const *names;
	size_t n, k = 0;

	view_list_columns(c->list, &names, &n);
	const char **next = xcalloc(n + 2, sizeof(*next));
	bool was = false;
	for (size_t i = 0; i < n; i++) {
		if (strcmp(names[i], name) == 0)
			was = true;
		else
			next[k++] = xstrdup(names[i]);
	}
	if (!was)
		next[k++] = xstrdup(name);
	view_list_set_columns(c->list, next, k);
	for (size_t i = 0; i < k; i++)
		free((char *)next[i]);
	free(next);
}

static const char *
dir_word(enum direction d)
{
	static const char *const w[] = {"higher", "lower", "flag", "-"};

	return w[d];
}

static void
sparkline(struct view *v, size_t col, struct line *l)
{
	int64_t hist[BINS], max = 0;

	engine_histogram(v->ui->e, col, BINS, hist);
	for (int i = 0; i < BINS; i++)
		max = hist[i] > max ? hist[i] : max;
	for (int i = 0; i < BINS; i++) {
		int level = max ? (int)((hist[i] * 8 + max - 1) / max) : 0;
		line_putwc(l, level ? 0x2580 + level : ' ', level ? S_ROLE : S_DIM);
	}
}

static void
draw_column(struct view *v, const struct column_info *sc, size_t i, int y, bool cur)
{
	struct columns *c = v->priv;
	struct dist_summary ds;
	struct line l = {0};
	char a[32], b[32], m[32];

	engine_dist_summary(v->ui->e, i, &ds);
	line_reset(&l, COLS);
	line_putwc(&l, cur ? 0x25B8 : ' ', S_TITLE);
	line_put(&l, shown(c, sc->name) ? "[x] " : "[ ] ", S_TITLE);
	line_field(&l, sc->name, 24, false, S_NORMAL);
	line_putwc(&l, ' ', S_NORMAL);
	line_field(&l, sc->family, 6, false, S_DIM);
	line_putwc(&l, ' ', S_NORMAL);
	line_field(&l, dir_word(sc->dir), 6, false, S_DIM);
	line_putwc(&l, ' ', S_NORMAL);
	sparkline(v, i, &l);
	if (sc->dir == DIR_FLAG)
		snprintf(m, sizeof(m), "fires %.1f%%", ds.n ? ds.mean * 100 : 0.0);
	else if (ds.n)
		snprintf(m, sizeof(m), "%s–%s", fmt_value(ds.p25, a), fmt_value(ds.p75, b));
	else
		snprintf(m, sizeof(m), "no values");
	line_putwc(&l, ' ', S_NORMAL);
	line_field(&l, m, 14, false, S_NORMAL);
	line_putwc(&l, ' ', S_NORMAL);
	line_put(&l, sc->desc, S_DIM);
	if (cur)
		line_set_cursor(&l);
	draw_line(y, &l);
	line_free(&l);
}

static void
columns_draw(struct view *v, int height)
{
	struct columns *c = v->priv;
	const struct column_info *cols;
	size_t n;
	struct err err;
	struct line l = {0};

	line_reset(&l, COLS);
	line_put(&l, "     score column             family better histogram    p25–p75        "
		 "what it measures", S_HEADER);
	line_pad(&l, COLS, S_HEADER);
	draw_line(0, &l);
	if (engine_columns(v->ui->e, &cols, &n, &err) != ST_OK || n == 0) {
		line_reset(&l, COLS);
		line_put(&l, "  no scores yet: S in the sample list computes them", S_DIM);
		draw_line(1, &l);
	}
	for (int y = 1; y < height && n; y++) {
		size_t i = c->nav.top + (size_t)y - 1;
		if (i < n)
			draw_column(v, &cols[i], i, y, i == c->nav.cur);
	}
	line_free(&l);
}

static int
columns_on_action(struct view *v, enum action a)
{
	struct columns *c = v->priv;
	const struct column_info *cols;
	size_t n;
	struct err err;
	int re = nav_action(&c->nav, a, ui_body_height(v->ui) - 1);

	if (re >= 0)
		return re;
	if (a == A_BACK)
		return RE_POP;
	if (a == A_TOGGLE && engine_columns(v->ui->e, &cols, &n, &err) == ST_OK && c->nav.cur < n)
		toggle(v, cols[c->nav.cur].name);
	if (a == A_COLUMNS_DEFAULT)
		view_list_default_columns(c->list);
	return RE_REDRAW;
}

static void
columns_status(struct view *v, struct line *l)
{
	struct columns *c = v->priv;
	struct dist_summary ds;

	engine_dist_summary(v->ui->e, 0, &ds);
	line_printf(l, S_STATUS, "%zu columns · Enter shows/hides · d defaults", c->nav.n);
	if (ds.sampled)
		line_printf(l, S_STATUS, " · histograms of %d samples spread evenly", DIST_SAMPLE);
}

const struct view_ops view_columns_ops = {
	.name = "columns",
	.keymap = KM_COLUMNS,
	.private_size = sizeof(struct columns),
	.open = columns_open,
	.draw = columns_draw,
	.on_action = columns_on_action,
	.status = columns_status,
};
