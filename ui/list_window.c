/* list_window.c: the sample list's window of rows: a few pages around the cursor,
 * fetched by key in either direction, trimmed on the far side, so moving anywhere in a
 * million rows reads only the rows near the cursor. */
#include <curses.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine_browse.h"
#include "list.h"
#include "util/xalloc.h"

int
rows_height(const struct view *v)
{
	int h = ui_body_height(v->ui) - 1;

	return h > 1 ? h : 1;
}

size_t
page_size(const struct view *v)
{
	return (size_t)rows_height(v) * 2 + 50;
}

void
clear_rows(struct list *l)
{
	engine_browse_rows_free(l->rows, l->n);
	l->rows = NULL;
	l->n = l->cur = l->top = 0;
}

/* ---- the window of rows ---- */

void
keep_visible(struct view *v)
{
	struct list *l = v->priv;
	size_t h = (size_t)rows_height(v);

	if (l->cur < l->top)
		l->top = l->cur;
	if (l->cur >= l->top + h)
		l->top = l->cur - h + 1;
	if (l->at_end && l->n > h && l->top > l->n - h)
		l->top = l->n - h;
}

/* Replace the window with the rows around key (NULL: the start; at_end: the end). */
enum status
load_around(struct view *v, const struct browse_key *key, bool at_end, struct err *err)
{
	struct list *l = v->priv;
	struct browse_row *back = NULL, *fwd = NULL;
	size_t n_back = 0, n_fwd = 0, want = page_size(v);
	int64_t rank = 0;
	enum status rc = ST_OK;

	if (key || at_end)
		rc = engine_browse_page(l->b, key, true, at_end ? want * 2 : want, &back, &n_back, err);
	if (rc == ST_OK && !at_end)
		rc = engine_browse_page(l->b, n_back ? &back[n_back - 1].key : NULL, false, want * 2,
					&fwd, &n_fwd, err);
	if (rc == ST_OK && key && n_back)
		rc = engine_browse_rank(l->b, &back[0].key, &rank, err);
	if (rc != ST_OK) {
		engine_browse_rows_free(back, n_back);
		engine_browse_rows_free(fwd, n_fwd);
		return rc;
	}
	clear_rows(l);
	l->rows = xrealloc(back, (n_back + n_fwd + 1) * sizeof(*l->rows));
	if (n_fwd)
		memcpy(l->rows + n_back, fwd, n_fwd * sizeof(*fwd));
	free(fwd);
	l->n = n_back + n_fwd;
	l->at_start = !key || n_back < (at_end ? want * 2 : want);
	l->at_end = at_end || n_fwd < want * 2;
	l->base = at_end ? engine_browse_count(l->b) - (int64_t)l->n : key ? rank : 0;
	l->cur = at_end ? (l->n ? l->n - 1 : 0) : 0;
	for (size_t i = 0; key && i < l->n; i++)
		if (l->rows[i].id == key->id)
			l->cur = i;
	l->top = l->cur > (size_t)rows_height(v) / 2 ? l->cur - (size_t)rows_height(v) / 2 : 0;
	keep_visible(v);
	return ST_OK;
}

/* Drop rows from the far side when the window grows past a few pages (never those on
 * the screen). */
static void
trim(struct view *v, bool front)
{
	struct list *l = v->priv;
	size_t max = page_size(v) * 4, k, keep_to = l->top + (size_t)rows_height(v);

	if (l->n <= max)
		return;
	k = l->n - max;
	if (front) {
		k = k < l->top ? k : l->top;
		for (size_t i = 0; i < k; i++)
			engine_browse_row_clear(&l->rows[i]);
		memmove(l->rows, l->rows + k, (l->n - k) * sizeof(*l->rows));
		l->n -= k;
		l->cur -= k;
		l->top -= k;
		l->base = l->base >= 0 ? l->base + (int64_t)k : -1;
		l->at_start = l->at_start && k == 0;
		return;
	}
	if (l->n - k < keep_to)
		k = l->n > keep_to ? l->n - keep_to : 0;
	for (size_t i = l->n - k; i < l->n; i++)
		engine_browse_row_clear(&l->rows[i]);
	l->n -= k;
	l->at_end = l->at_end && k == 0;
}

/* Fetch the next page after (down) or before the window. Returns the rows added. */
static size_t
extend(struct view *v, bool down)
{
	struct list *l = v->priv;
	struct browse_row *more;
	size_t got = 0, want = page_size(v);
	struct err err;

	if (l->n == 0 || (down ? l->at_end : l->at_start))
		return 0;
	if (engine_browse_page(l->b, &l->rows[down ? l->n - 1 : 0].key, !down, want, &more, &got,
			       &err) != ST_OK) {
		ui_error(v->ui, &err);
		return 0;
	}
	l->rows = xrealloc(l->rows, (l->n + got + 1) * sizeof(*l->rows));
	if (down) {
		memcpy(l->rows + l->n, more, got * sizeof(*more));
		l->at_end = got < want;
	} else {
		memmove(l->rows + got, l->rows, l->n * sizeof(*l->rows));
		memcpy(l->rows, more, got * sizeof(*more));
		l->cur += got, l->top += got;
		l->base = l->base >= 0 ? l->base - (int64_t)got : -1;
		l->at_start = got < want;
	}
	l->n += got;
	free(more);
	trim(v, down);
	return got;
}

/* Move the cursor by delta rows (and the screen by scroll rows), fetching as needed. */
void
move_by(struct view *v, long delta, long scroll)
{
	struct list *l = v->priv;
	long target = (long)l->cur + delta, top = (long)l->top + scroll;

	while (target >= (long)l->n && !l->at_end) {
		size_t before = l->cur;
		if (!extend(v, true))
			break;
		target -= (long)before - (long)l->cur;	/* trimming shifted the indices */
		top -= (long)before - (long)l->cur;
	}
	while (target < 0 && !l->at_start) {
		size_t got = extend(v, false);
		if (!got)
			break;
		target += (long)got;
		top += (long)got;
	}
	if (l->n == 0)
		return;
	l->cur = target < 0 ? 0 : target >= (long)l->n ? l->n - 1 : (size_t)target;
	l->top = top < 0 ? 0 : (size_t)top;
	keep_visible(v);
}

/* Reload around the current sample (after a sort, limit or search change). */
void
reload(struct view *v)
{
	struct list *l = v->priv;
	struct browse_key key;
	bool found = false;
	struct err err;
	enum status rc = ST_OK;

	if (l->n)
		rc = engine_browse_key_of(l->b, l->rows[l->cur].id, &key, &found, &err);
	if (rc == ST_OK)
		rc = load_around(v, found ? &key : NULL, false, &err);
	if (rc != ST_OK)
		ui_error(v->ui, &err);
}

/* Put the cursor on key's row: within the window when it is there, else load around it. */
void
jump_to(struct view *v, const struct browse_key *key)
{
	struct list *l = v->priv;
	struct err err;

	for (size_t i = 0; key && i < l->n; i++)
		if (l->rows[i].id == key->id) {
			l->cur = i;
			keep_visible(v);
			return;
		}
	if (load_around(v, key, false, &err) != ST_OK)
		ui_error(v->ui, &err);
}

/* ---- columns ---- */

void
list_refresh_verdicts(struct view *v)
{
	struct list *l = v->priv;
	struct err err;

	if (engine_browse_verdicts(l->b, l->rows, l->n, &err) != ST_OK)
		ui_error(v->ui, &err);
}
