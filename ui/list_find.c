/* list_find.c: ordering and narrowing the sample list: sort (indexing a column first on
 * a big project), search hits and n/N, go to an id, & (only the hits), the filter prompt,
 * review queues and duplicate clusters. */
#include <curses.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine_browse.h"
#include "list.h"
#include "util/xalloc.h"

void
apply_sort(struct view *v, const char *col, bool desc)
{
	struct list *l = v->priv;
	struct err err;

	if (engine_browse_sort(l->b, col, desc, &err) != ST_OK) {
		ui_error(v->ui, &err);
		return;
	}
	free(l->sort);
	l->sort = col ? xstrdup(col) : NULL;
	l->desc = desc;
	jump_to(v, NULL);	/* a new order starts at its top */
}

static enum status
job_index(struct engine *e, void *arg, struct progress_sink sink, struct err *err)
{
	(void)sink;
	return engine_index_column(e, arg, err);
}

static void
index_done(struct ui *ui, void *arg, enum status rc, const struct err *err)
{
	struct view *v = NULL;

	for (size_t i = 0; i < ui->n_views; i++)	/* the list that asked, if still open */
		if (ui->views[i]->ops == &view_list_ops &&
		    ((struct list *)ui->views[i]->priv)->pending_sort == arg)
			v = ui->views[i];
	if (!v)
		return;
	struct list *l = v->priv;
	if (rc == ST_OK)
		apply_sort(v, l->pending_sort, l->pending_desc);
	else if (rc == ST_CANCELLED)
		ui_message(ui, S_INFO, "sorting cancelled (no index was made)");
	else
		ui_error(ui, err);
	free(l->pending_sort);
	l->pending_sort = NULL;
}

int
sort_action(struct view *v, bool desc)
{
	struct list *l = v->priv;
	const char *col = l->sel == ID_COL ? NULL : l->cols[l->sel];
	char title[160];

	if (col && !engine_sort_ready(v->ui->e, col)) {	/* big project: index it first */
		free(l->pending_sort);
		l->pending_sort = xstrdup(col);
		l->pending_desc = desc;
		snprintf(title, sizeof(title), "Indexing %s for sorting (once per column)", col);
		ui_job(v->ui, title, job_index, l->pending_sort, index_done, true, 0);
		return RE_REDRAW;
	}
	apply_sort(v, col, desc);
	return RE_REDRAW;
}

/* Move to the next/previous hit from the cursor, wrapping around once. */
bool
goto_hit(struct view *v, bool backward, bool from_cursor, bool quiet)
{
	struct list *l = v->priv;
	struct browse_key key;
	bool found = false;
	struct err err;
	enum status rc = ST_OK;

	if (!l->searched) {
		ui_message(v->ui, S_INFO, "no search: / starts one");
		return false;
	}
	if (l->n && from_cursor)
		rc = engine_browse_next_hit(l->b, &l->rows[l->cur].key, backward, &key, &found, &err);
	if (rc == ST_OK && !found) {
		rc = engine_browse_next_hit(l->b, NULL, backward, &key, &found, &err);
		if (rc == ST_OK && found && from_cursor && !quiet)
			ui_message(v->ui, S_INFO, "search wrapped to the %s", backward ? "bottom" : "top");
	}
	if (rc != ST_OK)
		ui_error(v->ui, &err);
	else if (!found && !quiet)
		ui_message(v->ui, S_INFO, "no hits for /%s here", l->searched);
	if (rc == ST_OK && found)
		jump_to(v, &key);
	return rc == ST_OK && found;
}

/* Bring this list in line with the UI's search (set here or in another view). */
void
sync_search(struct view *v)
{
	struct list *l = v->priv;
	const char *want = v->ui->search;
	struct err err;

	if ((!want && !l->searched) || (want && l->searched && strcmp(want, l->searched) == 0))
		return;
	if (engine_browse_search(l->b, want, NULL, &err) != ST_OK) {
		ui_error(v->ui, &err);
		return;
	}
	free(l->searched);
	l->searched = want ? xstrdup(want) : NULL;
	engine_terms_free(l->terms);
	l->terms = want ? engine_terms_new(want) : NULL;
	if (!want)
		l->limited = false;
	if (list_apply_limits(v, &err) != ST_OK)
		ui_error(v->ui, &err);
	reload(v);
}

bool
view_list_search(struct view *v, const char *text)
{
	struct list *l = v->priv;
	struct err err;
	int64_t n = 0;
	char a[32];

	if (v->ops != &view_list_ops) {	/* a sample opened from elsewhere: highlight only */
		if (*text && engine_filter_count(v->ui->e, NULL, text, &n, &err) != ST_OK) {
			ui_error(v->ui, &err);
			return false;
		}
		ui_set_search(v->ui, text);
		return true;
	}
	if (*text && engine_browse_search(l->b, text, &n, &err) != ST_OK) {
		ui_error(v->ui, &err);	/* a bad query: the old search stays */
		return false;
	}
	ui_set_search(v->ui, text);
	sync_search(v);
	if (!*text)
		return true;
	if (!(l->n && l->rows[l->cur].hit))
		goto_hit(v, false, true, true);
	ui_message(v->ui, S_INFO, "/%s: %s hit%s in the project", text, fmt_count(n, a),
		   n == 1 ? "" : "s");
	return true;
}

void
goto_id(struct view *v, const char *text)
{
	struct list *l = v->priv;
	struct browse_key key;
	bool found = false;
	struct err err;
	char *end;
	long long id = strtoll(text, &end, 10);

	while (*end == ' ')
		end++;
	if (end == text || *end || id <= 0) {
		ui_message(v->ui, S_ERROR, "'%s' is not a sample id", text);
		return;
	}
	if (engine_browse_key_of(l->b, id, &key, &found, &err) != ST_OK)
		ui_error(v->ui, &err);
	else if (!found)
		ui_message(v->ui, S_INFO, "#%lld is not in this list", id);
	else
		jump_to(v, &key);
}

/* ---- work that can take seconds on a million rows ---- */

struct work {
	struct view *v;
	list_work_fn fn;
	list_done_fn done;
};

static enum status
work_job(struct engine *e, void *arg, struct progress_sink sink, struct err *err)
{
	struct work *w = arg;

	(void)e;
	(void)sink;
	return w->fn(w->v, err);
}

static void
work_done(struct ui *ui, void *arg, enum status rc, const struct err *err)
{
	struct work *w = arg;

	(void)ui;
	w->done(w->v, rc, err);
	free(w);
}

void
list_work(struct view *v, const char *title, list_work_fn fn, list_done_fn done)
{
	struct work *w = xcalloc(1, sizeof(*w));

	*w = (struct work){v, fn, done};
	if (v->ui->n_samples > SORT_INDEX_MIN) {	/* on a thread, with a gauge and Esc */
		ui_job(v->ui, title, work_job, w, work_done, true, 0);
	} else {
		struct err err = {0};
		enum status rc = fn(v, &err);
		work_done(v->ui, w, rc, &err);
	}
}

static void
limit_done(struct view *v, enum status rc, const struct err *err)
{
	struct list *l = v->priv;

	if (rc != ST_OK) {
		l->limited = !l->limited;	/* as it was */
		ui_error(v->ui, err);
	}
	reload(v);
}

int
limit_action(struct view *v)
{
	struct list *l = v->priv;

	if (!l->searched) {
		ui_message(v->ui, S_INFO, "no search to limit the list to: / starts one");
		return RE_REDRAW;
	}
	l->limited = !l->limited;
	list_work(v, "Narrowing the list", list_apply_limits, limit_done);
	return RE_REDRAW;
}

/* ---- filter and queues ---- */

/* a[0..na) and b[0..nb), both ascending. Returned array is the caller's. */
static int64_t *
intersect(const int64_t *a, size_t na, const int64_t *b, size_t nb, size_t *n)
{
	int64_t *out = xcalloc(na + 1, sizeof(*out));
	size_t i = 0, j = 0;

	*n = 0;
	while (i < na && j < nb) {
		if (a[i] < b[j])
			i++;
		else if (a[i] > b[j])
			j++;
		else
			out[(*n)++] = a[i++], j++;
	}
	return out;
}

enum status
list_apply_limits(struct view *v, struct err *err)
{
	struct list *l = v->priv;
	int64_t *ids = NULL, *both;
	size_t n = 0;
	bool have = l->queue || l->filter || l->cluster;
	enum status rc = ST_OK;

	if (l->queue) {
		ids = xcalloc(l->n_queue + 1, sizeof(*ids));
		memcpy(ids, l->queue, l->n_queue * sizeof(*ids));
		n = l->n_queue;
	} else if (l->filter) {
		rc = engine_filter_ids(v->ui->e, l->filter, NULL, &ids, &n, err);
	}
	if (rc == ST_OK && l->cluster) {
		both = ids || l->queue || l->filter ? intersect(ids, n, l->cluster, l->n_cluster, &n)
						    : intersect(l->cluster, l->n_cluster, l->cluster,
								l->n_cluster, &n);
		free(ids);
		ids = both;
	}
	if (rc == ST_OK && have && !ids)
		ids = xcalloc(1, sizeof(*ids));	/* an empty set, not "no limit" */
	if (rc == ST_OK)
		rc = engine_browse_limit(l->b, l->limited ? l->searched : NULL, have ? ids : NULL, n,
					 err);
	free(ids);
	return rc;
}

const struct filter *
view_list_filter(struct view *list)
{
	return ((struct list *)list->priv)->filter;
}

bool
view_list_set_filter(struct view *v, const char *text)
{
	struct list *l = v->priv;
	struct filter *f = NULL;
	struct err err;

	if (*text && engine_filter_parse(v->ui->e, text, &f, &err) != ST_OK) {
		ui_error(v->ui, &err);	/* the old filter stays */
		return false;
	}
	filter_free(l->filter);
	l->filter = f;
	view_list_set_queue(v, NULL, NULL, 0);
	return true;
}

static void
narrowed(struct view *v, enum status rc, const struct err *err)
{
	struct list *l = v->priv;
	char a[32];

	if (rc != ST_OK)
		ui_error(v->ui, err);
	else if (l->filter || l->queue_name)
		ui_message(v->ui, S_INFO, "%s: %s samples", l->queue_name ? "queue" : "filter",
			   fmt_count(engine_browse_count(l->b), a));
	jump_to(v, NULL);
}

void
view_list_set_queue(struct view *v, const char *name, const int64_t *ids, size_t n)
{
	struct list *l = v->priv;

	free(l->queue_name);
	free(l->queue);
	l->queue_name = name ? xstrdup(name) : NULL;
	l->queue = NULL;
	l->n_queue = 0;
	if (name) {
		l->queue = xcalloc(n + 1, sizeof(*ids));
		memcpy(l->queue, ids, n * sizeof(*ids));
		l->n_queue = n;
	}
	list_work(v, "Narrowing the list", list_apply_limits, narrowed);
}

int
filter_answer(struct view *v, const char *text)
{
	if (text)
		view_list_set_filter(v, text);
	return RE_REDRAW;
}

void
view_list_open_cluster(struct ui *ui, int64_t id)
{
	int64_t rep, size, *ids = NULL;
	size_t n = 0;
	struct err err;
	char a[32];

	if (engine_cluster(ui->e, id, 100000, &rep, &ids, &n, &size, &err) != ST_OK)
		ui_error(ui, &err);
	else if (size <= 1)
		ui_message(ui, S_INFO, "#%s has no duplicates", fmt_count(id, a));
	else {
		struct list_arg arg = {rep, ids, n};
		ui_push(ui, &view_list_ops, &arg);
	}
	free(ids);
}
