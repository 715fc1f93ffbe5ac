/* view_thresholds.c: threshold tuning you can see. The live recipe's filters over their
 * histograms; keys move a cut by a step or to a percentile or value, add, remove or flip
 * filters, change the ranking and the budget, and every change recounts at once (the
 * engine keeps every score in memory: engine_tune.h). The margin list under them holds
 * the samples just inside and outside the cut under the cursor: read them (Enter opens
 * the sample view, whose J/K walk this list) and decide on them here. s saves the
 * recipe, E runs the selection and exports it with its manifest. V and o open the
 * scores against the curator and the overview. Drawing is in thresholds_draw.c.
 * arg: the struct tune_session (owned by the view from then on). */
#include <curses.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"	/* WINNOW_VERSION, for the manifest */
#include "engine_select.h"
#include "thresholds.h"
#include "util/xalloc.h"

enum {
	P_VALUE = 1, P_PCT, P_ADD, P_RANK, P_BUDGET, P_SAVE, P_SAVE_EXPORT, P_EXPORT,
};

/* ---- opening: every score into memory first ---- */

struct load_job {
	struct tune_session *t;
};

static enum status
job_load(struct engine *e, void *arg, struct progress_sink sink, struct err *err)
{
	struct load_job *j = arg;

	return engine_tune_open(e, NULL, sink, &j->t, err);
}

static void
load_done(struct ui *ui, void *arg, enum status rc, const struct err *err)
{
	struct load_job *j = arg;

	if (rc == ST_OK && ui->n_views == MAX_VIEWS) {
		engine_tune_close(j->t);
		ui_message(ui, S_ERROR, "too many views open: close one with q");
	} else if (rc == ST_OK) {
		ui_push(ui, &view_thresholds_ops, j->t);	/* the view owns it, even on failure */
	} else if (rc == ST_CANCELLED) {
		ui_message(ui, S_INFO, "cancelled");
	} else {
		ui_error(ui, err);
	}
	free(j);
}

void
view_tune_start(struct ui *ui)
{
	ui_job(ui, "Reading every score into memory", job_load, xcalloc(1, sizeof(struct load_job)),
	       load_done, false, 0);
}

static enum status
thresholds_open(struct view *v, const void *arg, struct err *err)
{
	struct thresholds *th = v->priv;

	(void)err;
	th->t = (struct tune_session *)arg;
	return ST_OK;
}

static void
thresholds_close(struct view *v)
{
	struct thresholds *th = v->priv;

	for (size_t i = 0; i < th->n_m; i++)
		free(th->mprev[i]);
	free(th->mprev);
	free(th->mrows);
	for (size_t i = 0; i < th->n_hc; i++)
		free(th->hc[i].b);
	free(th->hc);
	free(th->export_path);
	engine_tune_close(th->t);
}

struct tune_session *
view_thresholds_session(struct view *thresholds)
{
	return ((struct thresholds *)thresholds->priv)->t;
}

void
view_thresholds_changed(struct view *thresholds, size_t focus)
{
	struct thresholds *th = thresholds->priv;

	th->gen++;
	th->quit_armed = false;
	if (focus < engine_tune_n_filters(th->t))
		th->cur = focus;
}

/* ---- changes ---- */

/* After an engine call that changed (or failed to change) the live recipe. */
static int
changed(struct view *v, enum status rc, const struct err *err)
{
	struct thresholds *th = v->priv;
	size_t n = engine_tune_n_filters(th->t);

	if (rc != ST_OK) {
		ui_error(v->ui, err);
		return RE_REDRAW;
	}
	th->gen++;
	th->quit_armed = false;
	if (th->cur >= n)
		th->cur = n ? n - 1 : 0;
	return RE_REDRAW;
}

static int
nudge(struct view *v, int steps)
{
	struct thresholds *th = v->priv;
	struct err err;

	return changed(v, engine_tune_nudge(th->t, th->cur, steps, &err), &err);
}

static void
ask(struct view *v, int kind, const char *label, const char *initial)
{
	ui_prompt(v->ui, v, kind, label, initial, false);
}

static int
ask_value(struct view *v, bool pct)
{
	struct thresholds *th = v->priv;
	const struct tune_filter *f = engine_tune_filter(th->t, th->cur);
	char buf[40];

	if (!f || f->kind != TK_CUT) {
		ui_message(v->ui, S_INFO, "only a comparison of a score with a number moves");
		return RE_REDRAW;
	}
	/* the current figure in the label, not in the answer, so typing replaces it */
	char label[96];
	if (pct) {
		double p = engine_tune_percentile(th->t, f->col, f->cut.value);
		fmt_pct(p, buf);
		snprintf(label, sizeof(label), "Move the cut to percentile (now %s): ", buf[0] ? buf + 1 : "?");
		ask(v, P_PCT, label, NULL);
	} else {
		recipe_number(buf, f->cut.value);
		snprintf(label, sizeof(label), "Cut value (now %s): ", buf);
		ask(v, P_VALUE, label, NULL);
	}
	return RE_REDRAW;
}

static int
ask_text(struct view *v, int kind)
{
	struct thresholds *th = v->priv;
	char *text = kind == P_RANK ? engine_tune_rank_text(th->t) : engine_tune_budget_text(th->t);

	if (kind == P_RANK)
		ask(v, kind, "Rank by (score weight higher|lower, ...; random; dsir; empty: none): ", text);
	else
		ask(v, kind, "Budget (a count, P%, a fraction; empty: all): ", text);
	free(text);
	return RE_REDRAW;
}

static int
remove_filter(struct view *v)
{
	struct thresholds *th = v->priv;
	const struct tune_filter *f = engine_tune_filter(th->t, th->cur);

	if (!f)
		return RE_NONE;
	ui_message(v->ui, S_INFO, "removed: %s", f->text);
	engine_tune_remove(th->t, th->cur);
	return changed(v, ST_OK, NULL);
}

static int
flip(struct view *v)
{
	struct thresholds *th = v->priv;
	struct err err;

	return changed(v, engine_tune_flip(th->t, th->cur, &err), &err);
}

/* y / Y: the cut on the filter's score that agrees best with the curator. */
static int
apply_suggestion(struct view *v, bool youden)
{
	struct thresholds *th = v->priv;
	const struct tune_filter *f = engine_tune_filter(th->t, th->cur);
	struct tune_suggestion s;
	struct err err;
	size_t at, before = engine_tune_summary(th->t)->candidates;
	char a[32], b[32];

	if (!f || f->kind == TK_FIXED) {
		ui_message(v->ui, S_INFO, "a suggestion needs a filter on a score");
		return RE_REDRAW;
	}
	enum tune_op op = engine_tune_side(th->t, f->col);
	engine_tune_suggest(th->t, f->col, op, &s);
	double value = youden ? s.j_value : s.f1_value;
	if (isnan(value)) {
		ui_message(v->ui, S_INFO, "no suggestion: decide some samples both ways first");
		return RE_REDRAW;
	}
	if (engine_tune_apply(th->t, f->col, op, value, &at, &err) != ST_OK)
		return changed(v, ST_USAGE, &err);
	changed(v, ST_OK, NULL);
	th->cur = at;
	size_t after = engine_tune_summary(th->t)->candidates;
	ui_message(v->ui, S_INFO, "%s (%s %.3f): the filters keep %s (%s%lld)",
		   engine_tune_filter(th->t, at)->text, youden ? "Youden's J" : "F1",
		   youden ? s.j : s.f1, fmt_count((int64_t)after, a), after >= before ? "+" : "",
		   (long long)after - (long long)before);
	(void)b;
	return RE_REDRAW;
}

/* ---- the margin: reading and deciding ---- */

static int64_t
margin_id(struct view *v)
{
	struct thresholds *th = v->priv;

	return th->in_margin && th->mcur < th->n_m ? th->mrows[th->mcur].id : 0;
}

static bool
thresholds_step(struct view *v, int dir, bool hit, int64_t *id)
{
	struct thresholds *th = v->priv;

	(void)hit;
	if (!th->n_m || (dir < 0 && th->mcur == 0) || (dir > 0 && th->mcur + 1 >= th->n_m))
		return false;
	th->mcur = dir < 0 ? th->mcur - 1 : th->mcur + 1;
	th->in_margin = true;
	*id = th->mrows[th->mcur].id;
	return true;
}

static void
decided(struct view *v, int64_t id, enum verdict verdict)
{
	struct thresholds *th = v->priv;

	engine_tune_set_verdict(th->t, id, verdict);
	for (size_t i = 0; i < th->n_m; i++)
		if (th->mrows[i].id == id)
			th->mrows[i].verdict = verdict == VERDICT_ACCEPT ? 1 : verdict == VERDICT_REJECT ? 0 : -1;
	if (th->mcur + 1 < th->n_m)
		th->mcur++;
}

static int
decide_action(struct view *v, enum action a)
{
	struct thresholds *th = v->priv;
	int64_t id = margin_id(v);
	enum verdict verdict = a == A_ACCEPT || a == A_ACCEPT_WHY ? VERDICT_ACCEPT
			       : a == A_REJECT || a == A_REJECT_WHY ? VERDICT_REJECT : VERDICT_NONE;
	struct err err;

	if (a == A_UNDO || a == A_REDO) {
		ui_undo(v->ui, a == A_REDO);
		if (engine_tune_reload_verdicts(th->t, &err) != ST_OK)
			ui_error(v->ui, &err);
		th->m_valid = false;
		return RE_REDRAW;
	}
	if (!id) {
		ui_message(v->ui, S_INFO, "Tab goes to the margin list, where a r c decide");
		return RE_REDRAW;
	}
	if (a == A_ACCEPT_WHY || a == A_REJECT_WHY) {
		ui_decide_ask(v->ui, v, id, verdict);
		return RE_REDRAW;
	}
	signed char was = th->mrows[th->mcur].verdict;
	enum verdict old = was == 1 ? VERDICT_ACCEPT : was == 0 ? VERDICT_REJECT : VERDICT_NONE;
	if (ui_decide(v->ui, &id, 1, verdict, NULL, NULL, NULL, &old))
		decided(v, id, verdict);
	return RE_REDRAW;
}

static int
open_sample(struct view *v)
{
	struct thresholds *th = v->priv;
	int64_t id = margin_id(v);

	if (!id) {
		th->in_margin = th->n_m > 0;
		return RE_REDRAW;
	}
	struct sample_ref ref = {v, id};
	ui_push(v->ui, &view_sample_ops, &ref);
	return RE_REDRAW;
}

/* ---- saving, selecting, exporting ---- */

struct export_job {
	struct tune_session *t;
	char *name, *path;
	struct select_result sel;
	struct selection_export_result out;
};

static enum status
job_export(struct engine *e, void *arg, struct progress_sink sink, struct err *err)
{
	struct export_job *j = arg;
	struct selection_export_opts o = {.selection = j->name, .out = j->path,
					  .version = WINNOW_VERSION};
	enum status rc = engine_tune_select(j->t, j->name, &j->sel, err);

	(void)sink;
	if (rc == ST_OK)
		rc = engine_export_selection(e, &o, &j->out, err);
	return rc;
}

static void
export_done(struct ui *ui, void *arg, enum status rc, const struct err *err)
{
	struct export_job *j = arg;
	char a[32];

	ui_selection_load(ui);	/* the list marks what the latest selection keeps */
	if (rc == ST_OK)
		ui_message(ui, S_INFO, "selection '%s': %s samples, written to %s and %s", j->name,
			   fmt_count(j->out.n_rows, a), j->path, j->out.manifest_path);
	else
		ui_error(ui, err);
	if (j->sel.name)
		select_result_free(&j->sel);
	free(j->out.manifest_path);
	free(j->name);
	free(j->path);
	free(j);
}

static void
export_to(struct view *v, const char *path)
{
	struct thresholds *th = v->priv;
	struct export_job *j = xcalloc(1, sizeof(*j));

	j->t = th->t;
	j->name = xstrdup(engine_tune_name(th->t));
	j->path = xstrdup(path);
	th->gen++;	/* the stored selection changes what "since" compares with */
	ui_job(v->ui, "Running the selection and exporting it", job_export, j, export_done, true, 0);
}

static int
export_action(struct view *v)
{
	struct thresholds *th = v->priv;
	char *path;

	if (engine_tune_changed(th->t) || !engine_tune_name(th->t)) {
		ask(v, P_SAVE_EXPORT, "Save the recipe as (then export): ",
		    engine_tune_name(th->t) && strcmp(engine_tune_name(th->t), "default") ?
		    engine_tune_name(th->t) : NULL);
		return RE_REDRAW;
	}
	path = xasprintf("%s.jsonl", engine_tune_name(th->t));
	ask(v, P_EXPORT, "Export the selection to: ", path);
	free(path);
	return RE_REDRAW;
}

static bool
save(struct view *v, const char *name)
{
	struct thresholds *th = v->priv;
	struct err err;

	if (engine_tune_save(th->t, name, &err) != ST_OK) {
		ui_error(v->ui, &err);
		return false;
	}
	th->quit_armed = false;
	ui_message(v->ui, S_INFO, "saved the recipe as '%s' (winnow recipe show %s)", name, name);
	return true;
}

/* ---- keys ---- */

static int
move_cursor(struct view *v, enum action a)
{
	struct thresholds *th = v->priv;
	struct nav nv;
	size_t n = th->in_margin ? th->n_m : engine_tune_n_filters(th->t);
	int h = th->in_margin ? thresholds_margin_rows(v, ui_body_height(v->ui))
			      : (int)thresholds_filter_rows(v, ui_body_height(v->ui));

	nv = (struct nav){th->in_margin ? th->mcur : th->cur, th->in_margin ? 0 : th->top, n};
	int re = nav_action(&nv, a, h);
	if (re < 0)
		return -1;
	if (th->in_margin) {
		th->mcur = nv.cur;
	} else {
		th->cur = nv.cur;
		th->top = nv.top;
	}
	return re;
}

static int
quit(struct view *v)
{
	struct thresholds *th = v->priv;

	if (engine_tune_changed(th->t) && !th->quit_armed) {
		th->quit_armed = true;
		ui_message(v->ui, S_INFO, "the recipe has changes that are not saved: s saves it, "
			   "q again leaves without");
		return RE_REDRAW;
	}
	return RE_POP;
}

static int
thresholds_on_action(struct view *v, enum action a)
{
	struct thresholds *th = v->priv;
	struct tune_ref ref = {v, th->t};
	int re = move_cursor(v, a);

	if (re >= 0)
		return re;
	switch (a) {
	case A_FOCUS: th->in_margin = !th->in_margin && th->n_m; return RE_REDRAW;
	case A_CUT_DOWN: return nudge(v, -1);
	case A_CUT_UP: return nudge(v, 1);
	case A_CUT_DOWN_BIG: return nudge(v, -10);
	case A_CUT_UP_BIG: return nudge(v, 10);
	case A_CUT_PERCENTILE: return ask_value(v, true);
	case A_CUT_VALUE: return ask_value(v, false);
	case A_FILTER_ADD: ask(v, P_ADD, "Add a filter: ", NULL); return RE_REDRAW;
	case A_FILTER_REMOVE: return remove_filter(v);
	case A_FLAG_FLIP: return flip(v);
	case A_RANK: return ask_text(v, P_RANK);
	case A_BUDGET: return ask_text(v, P_BUDGET);
	case A_SAVE:
		ask(v, P_SAVE, "Save the recipe as: ", engine_tune_name(th->t) &&
		    strcmp(engine_tune_name(th->t), "default") ? engine_tune_name(th->t) : NULL);
		return RE_REDRAW;
	case A_EXPORT: return export_action(v);
	case A_CURATOR: ui_push(v->ui, &view_curator_ops, &ref); return RE_REDRAW;
	case A_OVERVIEW: ui_push(v->ui, &view_overview_ops, &ref); return RE_REDRAW;
	case A_APPLY_F1: return apply_suggestion(v, false);
	case A_APPLY_J: return apply_suggestion(v, true);
	case A_OPEN: return open_sample(v);
	case A_ACCEPT: case A_REJECT: case A_CLEAR: case A_ACCEPT_WHY: case A_REJECT_WHY:
	case A_UNDO: case A_REDO:
		return decide_action(v, a);
	case A_BACK: return quit(v);
	default: return RE_NONE;
	}
}

static int
answer(struct view *v, int kind, const char *text)
{
	struct thresholds *th = v->priv;
	struct err err;
	char *end;
	double x = strtod(text, &end);
	bool number = end != text && *end == '\0';

	switch (kind) {
	case P_VALUE:
		if (!number)
			return changed(v, err_set(&err, ST_USAGE, "not a number: '%s'", text), &err);
		return changed(v, engine_tune_set(th->t, th->cur, x, &err), &err);
	case P_PCT:
		if (!number)
			return changed(v, err_set(&err, ST_USAGE, "not a number: '%s'", text), &err);
		return changed(v, engine_tune_to_percentile(th->t, th->cur, x, &err), &err);
	case P_ADD: {
		size_t first;
		if (!*text)
			return RE_REDRAW;
		enum status rc = engine_tune_add(th->t, text, &first, &err);
		if (rc == ST_OK)
			th->cur = first;
		return changed(v, rc, &err);
	}
	case P_RANK: return changed(v, engine_tune_set_rank(th->t, text, &err), &err);
	case P_BUDGET: return changed(v, engine_tune_set_budget(th->t, text, &err), &err);
	case P_SAVE: save(v, text); return RE_REDRAW;
	case P_SAVE_EXPORT:
		if (save(v, text)) {
			char *path = xasprintf("%s.jsonl", text);
			ask(v, P_EXPORT, "Export the selection to: ", path);
			free(path);
		}
		return RE_REDRAW;
	case P_EXPORT:
		if (*text)
			export_to(v, text);
		return RE_REDRAW;
	default: return RE_REDRAW;
	}
}

static int
thresholds_on_prompt(struct view *v, int kind, const char *text)
{
	struct ui *ui = v->ui;

	if (kind >= P_REASON) {
		if (ui_decide_answer(ui, v, kind, text))
			decided(v, ui->pending.id, ui->pending.v);
		return RE_REDRAW;
	}
	return text ? answer(v, kind, text) : RE_REDRAW;
}

static void
thresholds_status(struct view *v, struct line *l)
{
	struct thresholds *th = v->priv;
	const char *name = engine_tune_name(th->t);
	char a[32];

	line_printf(l, S_STATUS, "recipe '%s'%s · %zu filter%s · keeps %s", name ? name : "?",
		    engine_tune_changed(th->t) ? " (changed)" : "", engine_tune_n_filters(th->t),
		    engine_tune_n_filters(th->t) == 1 ? "" : "s",
		    fmt_count((int64_t)engine_tune_summary(th->t)->candidates, a));
}

static void
thresholds_resume(struct view *v)
{
	struct thresholds *th = v->priv;
	struct err err;

	/* a sample view above may have decided; a suggestion may have been applied */
	if (engine_tune_reload_verdicts(th->t, &err) != ST_OK)
		ui_error(v->ui, &err);
	for (size_t i = 0; i < th->n_m; i++) {
		size_t r = score_matrix_row(engine_tune_matrix(th->t), th->mrows[i].id);
		th->mrows[i].verdict = engine_tune_matrix(th->t)->verdict[r];
	}
}

static void
thresholds_resize(struct view *v)
{
	((struct thresholds *)v->priv)->m_valid = false;
}

const struct view_ops view_thresholds_ops = {
	.name = "thresholds",
	.keymap = KM_TUNE,
	.private_size = sizeof(struct thresholds),
	.open = thresholds_open,
	.draw = thresholds_draw,
	.on_action = thresholds_on_action,
	.on_prompt = thresholds_on_prompt,
	.status = thresholds_status,
	.resize = thresholds_resize,
	.resume = thresholds_resume,
	.close = thresholds_close,
	.step = thresholds_step,
};
