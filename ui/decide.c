/* decide.c: the curator's decisions from the TUI: one sample or a whole list, with an
 * optional reason and note asked on the prompt line, undo and redo, and the counts in
 * the status bar. Each decision goes through engine_decide, which commits before it
 * returns, so a kill right after a key press loses nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine_select.h"
#include "util/xalloc.h"

#include "view.h"

static const char *
past(enum verdict v)
{
	return v == VERDICT_ACCEPT ? "accepted" : v == VERDICT_REJECT ? "rejected" : "cleared";
}

void
ui_counts_refresh(struct ui *ui)
{
	struct err err;

	if (engine_verdict_counts(ui->e, &ui->counts, &err) != ST_OK)
		ui_error(ui, &err);
}

/* One sample went from old to v: move it between the counts (a recount reads the whole
 * samples table, too slow for every key on a million rows). */
static void
count_move(struct verdict_counts *c, enum verdict old, enum verdict v)
{
	int64_t *slot[] = {&c->undecided, &c->accepted, &c->rejected};

	(*slot[old])--;
	(*slot[v])++;
}

bool
ui_decide(struct ui *ui, const int64_t *ids, size_t n, enum verdict v, const char *reason,
	  const char *note, const char *query, const enum verdict *old)
{
	struct decide_opts o = {ui->curator, reason && *reason ? reason : NULL,
				note && *note ? note : NULL, query};
	int64_t changed = 0, action = 0;
	struct err err;

	if (engine_decide(ui->e, ids, n, v, &o, &changed, &action, &err) != ST_OK) {
		ui_error(ui, &err);
		return false;
	}
	if (old && n == 1 && changed)
		count_move(&ui->counts, *old, v);
	else if (!old || n != 1)
		ui_counts_refresh(ui);
	ui_decide_report(ui, v, (int64_t)n, changed, ids[0]);
	return true;
}

void
ui_decide_report(struct ui *ui, enum verdict v, int64_t n, int64_t changed, int64_t id)
{
	char a[32], b[32];

	if (n == 1)
		ui_message(ui, S_INFO, "#%s %s%s", fmt_count(id, a), changed ? past(v) : "was already ",
			   changed ? "" : past(v));
	else
		ui_message(ui, S_INFO, "%s %s samples (%s already were); u undoes it", past(v),
			   fmt_count(changed, a), fmt_count(n - changed, b));
}

void
ui_decide_ask(struct ui *ui, struct view *owner, int64_t id, enum verdict v)
{
	ui->pending.id = id;
	ui->pending.v = v;
	ui->pending.reason[0] = '\0';
	ui_prompt(ui, owner, P_REASON, v == VERDICT_ACCEPT ? "Accept, reason: " : "Reject, reason: ",
		  NULL, false);
}

bool
ui_decide_answer(struct ui *ui, struct view *owner, int kind, const char *text)
{
	if (!text) {
		ui_message(ui, S_INFO, "nothing decided");
		return false;
	}
	if (kind == P_REASON) {
		snprintf(ui->pending.reason, sizeof(ui->pending.reason), "%s", text);
		ui_prompt(ui, owner, P_NOTE, "Note (optional): ", NULL, false);
		return false;
	}
	return kind == P_NOTE &&
	       ui_decide(ui, &ui->pending.id, 1, ui->pending.v, ui->pending.reason, text, NULL, NULL);
}

void
ui_undo(struct ui *ui, bool redo)
{
	struct undo_result res;
	struct err err;
	enum status rc = engine_undo_redo(ui->e, ui->curator, redo, &res, &err);

	ui_undo_report(ui, redo, rc, &res, &err);
}

void
ui_undo_report(struct ui *ui, bool redo, enum status rc, const struct undo_result *r,
	       const struct err *err)
{
	char a[32];

	if (rc != ST_OK) {
		ui_error(ui, err);
		return;
	}
	ui_counts_refresh(ui);
	const struct undo_result res = *r;
	if (res.action == 0)
		ui_message(ui, S_INFO, "nothing to %s", redo ? "redo" : "undo");
	else
		ui_message(ui, S_INFO, "%s action %lld: %s sample%s changed%s", redo ? "redid" : "undid",
			   (long long)res.target, fmt_count(res.n_changed, a),
			   res.n_changed == 1 ? "" : "s",
			   res.n_skipped ? " (some were changed since by someone else)" : "");
}

/* ---- the recipe's verdicts: the latest stored selection ---- */

struct latest {
	char *name, *recipe, *at;
};

static enum status
take_latest(void *ctx, const struct selection_info *si, struct err *err)
{
	struct latest *l = ctx;

	(void)err;
	if (l->at && strcmp(si->made_at, l->at) < 0)
		return ST_OK;
	free(l->name), free(l->recipe), free(l->at);
	l->name = xstrdup(si->name);
	l->recipe = si->recipe_name ? xstrdup(si->recipe_name) : NULL;
	l->at = xstrdup(si->made_at);
	return ST_OK;
}

void
ui_selection_free(struct ui *ui)
{
	free(ui->sel.name);
	free(ui->sel.recipe);
	free(ui->sel.ids);
	memset(&ui->sel, 0, sizeof(ui->sel));
}

void
ui_selection_load(struct ui *ui)
{
	struct latest l = {0};
	struct err err;
	char hash[65];

	ui_selection_free(ui);
	if (engine_selections_each(ui->e, take_latest, &l, &err) != ST_OK || !l.name)
		goto out;
	if (engine_selection_ids(ui->e, l.name, &ui->sel.ids, &ui->sel.n, hash, &err) != ST_OK) {
		ui_error(ui, &err);
		goto out;
	}
	ui->sel.name = l.name;
	ui->sel.recipe = l.recipe;
	l.name = l.recipe = NULL;
out:
	free(l.name), free(l.recipe), free(l.at);
}

int
ui_selection_keeps(const struct ui *ui, int64_t id)
{
	size_t lo = 0, hi = ui->sel.n;

	if (!ui->sel.name)
		return -1;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (ui->sel.ids[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < ui->sel.n && ui->sel.ids[lo] == id;
}
