/* view_queues.c: review queues for a sample list: everything, the undecided samples, a
 * random audit sample of the accepted or of the rejected ones, and the samples whose
 * keep-or-drop under the list's filter is least certain. Enter puts the list on it.
 * arg: the list view (struct view *). */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine_browse.h"
#include "list.h"
#include "util/xalloc.h"

#define AUDIT_SIZE 50
#define UNCERTAIN_SIZE 100

enum queue { Q_ALL, Q_UNDECIDED, Q_AUDIT_ACCEPT, Q_AUDIT_REJECT, Q_UNCERTAIN, Q__COUNT };

struct queues {
	struct view *list;
	struct nav nav;
};

static const char *const titles[Q__COUNT] = {
	"Everything", "Undecided only", "Audit the accepted", "Audit the rejected", "Least certain",
};

static enum status
queues_open(struct view *v, const void *arg, struct err *err)
{
	struct queues *q = v->priv;

	(void)err;
	q->list = (struct view *)arg;
	q->nav.n = Q__COUNT;
	ui_counts_refresh(v->ui);
	ui_selection_load(v->ui);	/* winnow select may have run since */
	return ST_OK;
}

static void
explain(struct view *v, enum queue k, char *buf, size_t size)
{
	struct queues *q = v->priv;
	const struct filter *f = view_list_filter(q->list);
	const struct verdict_counts *c = &v->ui->counts;
	char a[32];

	switch (k) {
	case Q_ALL: snprintf(buf, size, "no filter, no queue"); break;
	case Q_UNDECIDED:
		snprintf(buf, size, "%s undecided: filter verdict == none%s", fmt_count(c->undecided, a),
			 f ? " and the current filter" : "");
		break;
	case Q_AUDIT_ACCEPT: case Q_AUDIT_REJECT:
		snprintf(buf, size, "%d at random of the %s %s", AUDIT_SIZE,
			 fmt_count(k == Q_AUDIT_ACCEPT ? c->accepted : c->rejected, a),
			 k == Q_AUDIT_ACCEPT ? "accepted" : "rejected");
		break;
	default:
		if (f)
			snprintf(buf, size, "the %d nearest a threshold of the filter: %s",
				 UNCERTAIN_SIZE, filter_text(f));
		else
			snprintf(buf, size, "the %d nearest a threshold of recipe '%s'", UNCERTAIN_SIZE,
				 v->ui->sel.recipe ? v->ui->sel.recipe : "default");
	}
}

static void
queues_draw(struct view *v, int height)
{
	struct queues *q = v->priv;
	struct line l = {0};
	char why[512];

	line_reset(&l, COLS);
	line_put(&l, "  review queue         what the list shows", S_HEADER);
	line_pad(&l, COLS, S_HEADER);
	draw_line(0, &l);
	for (int i = 0; i < Q__COUNT && i + 1 < height; i++) {
		line_reset(&l, COLS);
		line_putwc(&l, (size_t)i == q->nav.cur ? 0x25B8 : ' ', S_TITLE);
		line_putwc(&l, ' ', S_NORMAL);
		line_field(&l, titles[i], 20, false, S_TITLE);
		line_put(&l, " ", S_NORMAL);
		explain(v, (enum queue)i, why, sizeof(why));
		line_put(&l, why, S_NORMAL);
		if ((size_t)i == q->nav.cur)
			line_set_cursor(&l);
		draw_line(i + 1, &l);
	}
	line_free(&l);
}

/* ---- applying one ---- */

struct uncertain_job {
	struct view *list;
	const char *recipe;	/* without a filter: this recipe (NULL: the default) */
	int64_t *ids;
	size_t n;
};

/* On the worker: the list's filter, or the recipe's steps as one. */
static enum status
job_uncertain(struct engine *e, void *arg, struct progress_sink sink, struct err *err)
{
	struct uncertain_job *j = arg;
	const struct filter *f = view_list_filter(j->list);
	struct filter *own = NULL;
	char *text = NULL;
	enum status rc = ST_OK;

	(void)sink;
	if (!f) {
		rc = engine_recipe_filter(e, j->recipe, &text, err);
		if (rc == ST_OK)
			rc = engine_filter_parse(e, text, &own, err);
		f = own;
	}
	if (rc == ST_OK)
		rc = engine_least_certain(e, f, UNCERTAIN_SIZE, &j->ids, &j->n, err);
	filter_free(own);
	free(text);
	return rc;
}

static void
uncertain_done(struct ui *ui, void *arg, enum status rc, const struct err *err)
{
	struct uncertain_job *j = arg;
	const struct filter *f = view_list_filter(j->list);
	char name[256];

	if (rc == ST_OK) {
		if (f)
			snprintf(name, sizeof(name), "%zu least certain under %s", j->n, filter_text(f));
		else
			snprintf(name, sizeof(name), "%zu least certain under recipe %s", j->n,
				 j->recipe ? j->recipe : "default");
		view_list_set_queue(j->list, name, j->ids, j->n);
	} else if (rc == ST_CANCELLED || err->code == ST_CANCELLED) {
		ui_message(ui, S_INFO, "cancelled");
	} else {
		ui_error(ui, err);
	}
	free(j->ids);
	free(j);
}

static void
audit(struct view *v, enum verdict verdict)
{
	struct queues *q = v->priv;
	struct filter *f = NULL;
	int64_t *ids = NULL;
	size_t n = 0, all;
	struct err err;
	char name[128], a[32];

	if (engine_filter_parse(v->ui->e, verdict == VERDICT_ACCEPT ? "verdict == accept"
				: "verdict == reject", &f, &err) != ST_OK ||
	    engine_filter_ids(v->ui->e, f, NULL, &ids, &n, &err) != ST_OK) {
		ui_error(v->ui, &err);
	} else {
		all = n;
		engine_random_pick(ids, &n, AUDIT_SIZE, v->ui->seed++);
		snprintf(name, sizeof(name), "audit: %zu at random of %s %s", n, fmt_count((int64_t)all, a),
			 verdict == VERDICT_ACCEPT ? "accepted" : "rejected");
		view_list_set_queue(q->list, name, ids ? ids : (int64_t[]){0}, n);
	}
	filter_free(f);
	free(ids);
}

static void
undecided(struct view *v)
{
	struct queues *q = v->priv;
	const struct filter *f = view_list_filter(q->list);
	char *text = f && !strstr(filter_text(f), "verdict == none")
			     ? xasprintf("(%s) and verdict == none", filter_text(f))
			     : xstrdup("verdict == none");

	view_list_set_filter(q->list, text);
	free(text);
}

static void
apply(struct view *v, enum queue k)
{
	struct queues *q = v->priv;

	switch (k) {
	case Q_ALL: view_list_set_filter(q->list, ""); break;
	case Q_UNDECIDED: undecided(v); break;
	case Q_AUDIT_ACCEPT: audit(v, VERDICT_ACCEPT); break;
	case Q_AUDIT_REJECT: audit(v, VERDICT_REJECT); break;
	default: {
		struct uncertain_job *j = xcalloc(1, sizeof(*j));
		j->list = q->list;
		j->recipe = v->ui->sel.recipe;	/* lives until the next ui_selection_load */
		ui_job(v->ui, "Finding the least certain samples", job_uncertain, j, uncertain_done,
		       true, 0);
	}
	}
}

static int
queues_on_action(struct view *v, enum action a)
{
	struct queues *q = v->priv;
	int re = nav_action(&q->nav, a, ui_body_height(v->ui) - 1);

	if (re >= 0)
		return re;
	if (a == A_BACK)
		return RE_POP;
	if (a != A_OPEN)
		return RE_NONE;
	apply(v, (enum queue)q->nav.cur);
	return RE_POP;
}

static void
queues_status(struct view *v, struct line *l)
{
	(void)v;
	line_put(l, "Enter puts the list on a queue, q goes back", S_STATUS);
}

const struct view_ops view_queues_ops = {
	.name = "queues",
	.keymap = KM_QUEUES,
	.private_size = sizeof(struct queues),
	.open = queues_open,
	.draw = queues_draw,
	.on_action = queues_on_action,
	.status = queues_status,
};
