/* list_decide.c: decisions from the sample list: accept, reject or clear the sample under
 * the cursor and move on; with a reason and a note; every sample of the list after a
 * confirmation that gives the count; undo and redo. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "list.h"
#include "util/buf.h"

/* What chose the list, for the log of a bulk action. Returned string is the caller's. */
static char *
describe(struct list *l)
{
	struct buf b = BUF_INIT;

	if (l->queue_name)
		buf_printf(&b, "queue: %s", l->queue_name);
	else if (l->filter)
		buf_printf(&b, "filter: %s", filter_text(l->filter));
	if (l->cluster)
		buf_printf(&b, "%scluster of #%lld", b.len ? "; " : "", (long long)l->rep);
	if (l->limited)
		buf_printf(&b, "%ssearch: %s", b.len ? "; " : "", l->searched);
	if (!b.len)
		buf_puts(&b, "every sample");
	return buf_take(&b);
}

static void
decided(struct view *v, bool move)
{
	list_refresh_verdicts(v);
	if (move)
		move_by(v, 1, 0);
}

static void
ask_bulk(struct view *v, enum verdict verdict)
{
	struct list *l = v->priv;
	char label[160], a[32];
	int64_t n = engine_browse_count(l->b);

	if (n == 0) {
		ui_message(v->ui, S_INFO, "the list is empty");
		return;
	}
	snprintf(label, sizeof(label), "%s all %s sample%s of this list? (y/n) ",
		 verdict == VERDICT_ACCEPT ? "Accept" : "Reject", fmt_count(n, a), n == 1 ? "" : "s");
	ui_prompt(v->ui, v, verdict == VERDICT_ACCEPT ? P_CONFIRM_ACCEPT : P_CONFIRM_REJECT, label,
		  NULL, false);
}

/* On the worker when the project is big: engine calls only. */
static enum status
bulk_work(struct view *v, struct err *err)
{
	struct list *l = v->priv;
	char *query = describe(l);
	struct decide_opts o = {v->ui->curator, NULL, NULL, query};
	int64_t *ids = NULL;
	size_t n = 0;
	enum status rc = engine_browse_ids(l->b, &ids, &n, err);

	l->bulk_n = (int64_t)n;
	l->bulk_changed = 0;
	if (rc == ST_OK)
		rc = engine_decide(v->ui->e, ids, n, l->bulk_verdict, &o, &l->bulk_changed, NULL, err);
	free(ids);
	free(query);
	return rc;
}

static void
bulk_done(struct view *v, enum status rc, const struct err *err)
{
	struct list *l = v->priv;

	if (rc == ST_OK)
		ui_decide_report(v->ui, l->bulk_verdict, l->bulk_n, l->bulk_changed, 0);
	else
		ui_error(v->ui, err);
	ui_counts_refresh(v->ui);
	decided(v, false);
}

static enum status
undo_work(struct view *v, struct err *err)
{
	struct list *l = v->priv;

	return engine_undo_redo(v->ui->e, v->ui->curator, l->redo, &l->undo, err);
}

static void
undo_done(struct view *v, enum status rc, const struct err *err)
{
	struct list *l = v->priv;

	ui_undo_report(v->ui, l->redo, rc, &l->undo, err);
	decided(v, false);
}

int
list_decide_prompt(struct view *v, int kind, const char *text)
{
	if (kind == P_CONFIRM_ACCEPT || kind == P_CONFIRM_REJECT) {
		if (text && (strcmp(text, "y") == 0 || strcmp(text, "yes") == 0)) {
			((struct list *)v->priv)->bulk_verdict =
				kind == P_CONFIRM_ACCEPT ? VERDICT_ACCEPT : VERDICT_REJECT;
			list_work(v, "Deciding on every sample of the list", bulk_work, bulk_done);
		} else
			ui_message(v->ui, S_INFO, "nothing decided");
		return RE_REDRAW;
	}
	if (ui_decide_answer(v->ui, v, kind, text))
		decided(v, true);
	return RE_REDRAW;
}

int
list_decide_action(struct view *v, enum action a)
{
	struct list *l = v->priv;
	int64_t id = l->n ? l->rows[l->cur].id : 0;
	enum verdict verdict = a == A_ACCEPT || a == A_ACCEPT_WHY ? VERDICT_ACCEPT
			       : a == A_REJECT || a == A_REJECT_WHY ? VERDICT_REJECT : VERDICT_NONE;

	switch (a) {
	case A_UNDO: case A_REDO:
		l->redo = a == A_REDO;
		list_work(v, l->redo ? "Redoing" : "Undoing", undo_work, undo_done);
		return RE_REDRAW;
	case A_BULK_ACCEPT: ask_bulk(v, VERDICT_ACCEPT); return RE_REDRAW;
	case A_BULK_REJECT: ask_bulk(v, VERDICT_REJECT); return RE_REDRAW;
	default: break;
	}
	if (!l->n)
		return RE_NONE;
	if (a == A_ACCEPT_WHY || a == A_REJECT_WHY)
		ui_decide_ask(v->ui, v, id, verdict);
	else if (ui_decide(v->ui, &id, 1, verdict, NULL, NULL, NULL, &l->rows[l->cur].verdict))
		decided(v, true);
	return RE_REDRAW;
}
