/* engine_decide.c: curator decisions, undo and redo, the audit log and the filter
 * language's entry points (see engine_decide.h). Each action is one transaction: it is
 * written whole or not at all, so a killed process loses nothing it reported as done.
 * Undo and redo find their target by replaying the curator's actions, inside the same
 * transaction, so two processes cannot undo the same action twice. */
#include "engine_decide.h"

#include <stdlib.h>
#include <string.h>

#include "engine_browse.h"
#include "engine_internal.h"
#include "select/filter.h"
#include "store_decide.h"
#include "store_filter.h"
#include "util/xalloc.h"

const char *
verdict_name(enum verdict v)
{
	switch (v) {
	case VERDICT_ACCEPT: return "accept";
	case VERDICT_REJECT: return "reject";
	default: return "none";
	}
}

static enum verdict
verdict_parse(const char *s)
{
	if (s && strcmp(s, "accept") == 0)
		return VERDICT_ACCEPT;
	if (s && strcmp(s, "reject") == 0)
		return VERDICT_REJECT;
	return VERDICT_NONE;
}

const char *
decide_default_curator(void)
{
	const char *c = getenv("WINNOW_CURATOR");

	if (!c || !*c)
		c = getenv("USER");
	return c && *c ? c : "unknown";
}

static enum status
check_curator(const char *curator, struct err *err)
{
	if (!curator || !*curator)
		return err_set(err, ST_USAGE, "a decision needs a curator's name");
	return ST_OK;
}

/* Commit on success, else roll back; returns rc. */
static enum status
finish(struct engine *e, enum status rc, struct err *err)
{
	if (rc == ST_OK)
		rc = store_commit(e->store, err);
	if (rc != ST_OK)
		store_rollback(e->store);
	return rc;
}

enum status
engine_decide(struct engine *e, const int64_t *ids, size_t n, enum verdict v,
	      const struct decide_opts *o, int64_t *n_changed, int64_t *action, struct err *err)
{
	int64_t changed = 0, act = 0;
	char at[32];
	enum status rc = check_curator(o->curator, err);

	if (n_changed)
		*n_changed = 0;
	if (action)
		*action = 0;
	if (rc != ST_OK || n == 0)
		return rc;
	store_now_iso(at);
	rc = store_begin(e->store, err);
	if (rc != ST_OK)
		return rc;
	rc = store_decide_load_ids(e->store, ids, n, err);
	if (rc == ST_OK)
		rc = store_action_add(e->store, o->curator, "decide", 0, at, o->query, &act, err);
	if (rc == ST_OK)
		rc = store_decide_apply(e->store, act, verdict_name(v), o->curator, o->reason, o->note,
					at, &changed, err);
	if (rc == ST_OK && changed == 0) {	/* nothing to do: leave no empty action behind */
		store_rollback(e->store);
		return ST_OK;
	}
	rc = finish(e, rc, err);
	if (rc == ST_OK && n_changed)
		*n_changed = changed;
	if (rc == ST_OK && action)
		*action = act;
	return rc;
}

/* ---- undo and redo ---- */

/* Two stacks of decide actions, rebuilt from the curator's history: done (undoable)
 * and undone (redoable; emptied by a new decision). */
struct stacks {
	int64_t *done, *undone;
	size_t n_done, n_undone, cap_done, cap_undone;
};

static void
push(int64_t **a, size_t *n, size_t *cap, int64_t v)
{
	if (*n == *cap)
		*a = xrealloc(*a, (*cap = *cap ? 2 * *cap : 64) * sizeof(**a));
	(*a)[(*n)++] = v;
}

/* Remove v (normally the top) from a stack. */
static void
drop(int64_t *a, size_t *n, int64_t v)
{
	for (size_t i = *n; i-- > 0;) {
		if (a[i] == v) {
			memmove(a + i, a + i + 1, (*n - i - 1) * sizeof(*a));
			(*n)--;
			return;
		}
	}
}

static enum status
replay(void *ctx, int64_t id, const char *kind, int64_t target, struct err *err)
{
	struct stacks *s = ctx;

	(void)err;
	if (strcmp(kind, "decide") == 0) {
		push(&s->done, &s->n_done, &s->cap_done, id);
		s->n_undone = 0;
	} else if (strcmp(kind, "undo") == 0) {
		drop(s->done, &s->n_done, target);
		push(&s->undone, &s->n_undone, &s->cap_undone, target);
	} else {
		drop(s->undone, &s->n_undone, target);
		push(&s->done, &s->n_done, &s->cap_done, target);
	}
	return ST_OK;
}

enum status
engine_undo_redo(struct engine *e, const char *curator, bool redo, struct undo_result *res,
		 struct err *err)
{
	struct stacks s = {0};
	int64_t n_entries = 0;
	char at[32];
	enum status rc = check_curator(curator, err);

	memset(res, 0, sizeof(*res));
	if (rc != ST_OK)
		return rc;
	store_now_iso(at);
	rc = store_begin(e->store, err);
	if (rc == ST_OK)
		rc = store_actions_each(e->store, curator, replay, &s, err);
	if (rc == ST_OK && (redo ? s.n_undone : s.n_done) == 0) {
		store_rollback(e->store);	/* nothing to undo or redo */
		goto out;
	}
	if (rc == ST_OK) {
		res->target = redo ? s.undone[s.n_undone - 1] : s.done[s.n_done - 1];
		rc = store_action_add(e->store, curator, redo ? "redo" : "undo", res->target, at, NULL,
				      &res->action, err);
	}
	if (rc == ST_OK)
		rc = store_decide_revert(e->store, res->action, res->target, redo, curator, at,
					 &res->n_changed, &n_entries, err);
	rc = finish(e, rc, err);
	if (rc == ST_OK)
		res->n_skipped = n_entries - res->n_changed;
	else
		memset(res, 0, sizeof(*res));
out:
	free(s.done);
	free(s.undone);
	return rc;
}

enum status
engine_undo(struct engine *e, const char *curator, int64_t *n_changed, struct err *err)
{
	struct undo_result r;
	enum status rc = engine_undo_redo(e, curator, false, &r, err);

	*n_changed = r.n_changed;
	return rc;
}

enum status
engine_redo(struct engine *e, const char *curator, int64_t *n_changed, struct err *err)
{
	struct undo_result r;
	enum status rc = engine_undo_redo(e, curator, true, &r, err);

	*n_changed = r.n_changed;
	return rc;
}

/* ---- reading ---- */

enum status
engine_verdict(struct engine *e, int64_t id, enum verdict *v, struct err *err)
{
	int x;
	enum status rc = store_verdict(e->store, id, &x, err);

	*v = (enum verdict)x;
	return rc;
}

enum status
engine_verdicts(struct engine *e, const int64_t *ids, size_t n, enum verdict *out,
		struct err *err)
{
	for (size_t i = 0; i < n; i++) {
		int x;
		enum status rc = store_verdict(e->store, ids[i], &x, err);
		if (rc == ST_NOTFOUND)
			x = VERDICT_NONE;
		else if (rc != ST_OK)
			return rc;
		out[i] = (enum verdict)x;
	}
	return ST_OK;
}

enum status
engine_verdict_counts(struct engine *e, struct verdict_counts *out, struct err *err)
{
	int64_t n = 0;
	enum status rc = store_verdict_counts(e->store, &out->accepted, &out->rejected, err);

	if (rc == ST_OK)	/* counted once per engine: count(*) reads the whole table */
		rc = engine_sample_count(e, &n, err);
	out->undecided = rc == ST_OK ? n - out->accepted - out->rejected : 0;
	return rc;
}

struct audit_ctx {
	audit_fn fn;
	void *ctx;
};

static enum status
audit_row(void *ctx, const struct store_audit_row *r, struct err *err)
{
	struct audit_ctx *a = ctx;
	struct audit_entry e = {
		.seq = r->seq, .action = r->action, .sample_id = r->sample_id, .curator = r->curator,
		.at = r->at, .old_verdict = verdict_parse(r->old_verdict),
		.new_verdict = verdict_parse(r->new_verdict), .reason = r->reason, .note = r->note,
		.kind = r->kind, .target = r->target, .query = r->query,
	};
	return a->fn(a->ctx, &e, err);
}

enum status
engine_audit_each(struct engine *e, const struct audit_filter *f, audit_fn fn, void *ctx,
		  struct err *err)
{
	struct audit_ctx a = {fn, ctx};
	struct audit_filter all = {0};

	if (!f)
		f = &all;
	return store_audit_each(e->store, f->curator, f->since, f->sample_id, f->limit, audit_row,
				&a, err);
}

/* ---- the filter language ---- */

/* The names a filter may use: the pseudo-columns, then every score column. The
 * strings are borrowed from cols. OUT: *n. */
static struct filter_name *
filter_names(const struct score_col *cols, size_t n_cols, size_t *n)
{
	struct filter_name *names = xcalloc(n_cols + 8, sizeof(*names));
	bool has_cluster = false, has_lang = false;
	size_t k = 0;

	for (size_t i = 0; i < n_cols; i++) {
		has_cluster |= strcmp(cols[i].name, "cluster") == 0;
		has_lang |= strcmp(cols[i].name, "note_lang") == 0;
	}
	names[k++] = (struct filter_name){"verdict", FCOL_VERDICT, NULL, NULL};
	names[k++] = (struct filter_name){"dataset", FCOL_DATASET, NULL, NULL};
	names[k++] = (struct filter_name){"id", FCOL_ID, NULL, NULL};
	names[k++] = (struct filter_name){"line", FCOL_LINE, NULL, NULL};
	if (has_lang)
		names[k++] = (struct filter_name){"lang", FCOL_TEXT, "note_lang", NULL};
	if (!has_cluster)
		names[k++] = (struct filter_name){
			"cluster", FCOL_MISSING, NULL,
			"no 'cluster' column yet: run 'winnow score' with vectors first"};
	for (size_t i = 0; i < n_cols; i++) {
		if (!cols[i].is_text)
			names[k++] = (struct filter_name){cols[i].name, FCOL_SCORE, cols[i].name, NULL};
		else if (strncmp(cols[i].name, "note_", 5) == 0)
			names[k++] = (struct filter_name){cols[i].name, FCOL_TEXT, cols[i].name, NULL};
	}
	*n = k;
	return names;
}

enum status
engine_filter_parse(struct engine *e, const char *text, struct filter **out, struct err *err)
{
	struct score_col *cols = NULL;
	struct filter_name *names;
	size_t n_cols = 0, n_names;
	enum status rc = store_score_cols(e->store, &cols, &n_cols, err);

	*out = NULL;
	if (rc != ST_OK)
		return rc;
	names = filter_names(cols, n_cols, &n_names);
	rc = filter_parse(text, names, n_names, out, err);
	free(names);
	store_score_cols_free(cols, n_cols);
	return rc;
}

const char *
filter_text(const struct filter *f)
{
	return f->text;
}

enum status
engine_filter_ids(struct engine *e, const struct filter *f, const char *fts, int64_t **ids,
		  size_t *n, struct err *err)
{
	return store_filter_ids(e->store, f, fts, ids, n, err);
}

enum status
engine_filter_count(struct engine *e, const struct filter *f, const char *fts, int64_t *n,
		    struct err *err)
{
	return store_filter_count(e->store, f, fts, n, err);
}
