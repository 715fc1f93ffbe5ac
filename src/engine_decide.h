/* engine_decide.h: the curator's decisions, the audit log, undo and redo, and the
 * filter language that bulk decisions, recipes and the TUI's filter prompt share.
 *
 * CONTRACT (written before the implementation, so the selection work and the TUI can be
 * built side by side): the declarations below are what the TUI calls. The implementation
 * (src/engine_decide.c, src/select/filter.c, db/store_decide.c) may add functions; it
 * changes these only together with their callers. */
#ifndef WINNOW_ENGINE_DECIDE_H
#define WINNOW_ENGINE_DECIDE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/status.h"

struct engine;

enum verdict { VERDICT_NONE = 0, VERDICT_ACCEPT = 1, VERDICT_REJECT = 2 };

/* "accept", "reject", "none" (for the CLI and the audit log). */
const char *verdict_name(enum verdict v);

struct decide_opts {
	const char *curator;	/* required; see decide_default_curator */
	const char *reason;	/* NULL: none */
	const char *note;	/* NULL: none */
	const char *query;	/* the bulk query that chose the ids, recorded with the action
				 * for the log (NULL: none) */
};

/* $WINNOW_CURATOR, else $USER, else "unknown" (the engine reads the environment here and
 * nowhere else). */
const char *decide_default_curator(void);

/* One curator action: give every sample in ids the verdict v (VERDICT_NONE clears it).
 * Written and committed before it returns, with one audit entry per changed sample, all
 * under one action number so that undo reverts them together. Samples whose verdict is
 * already v are not touched. ST_NOTFOUND (nothing written) if an id does not exist.
 * OUT: *n_changed (may be NULL), *action (may be NULL; 0 if nothing changed). */
enum status
engine_decide(struct engine *e, const int64_t *ids, size_t n, enum verdict v,
	      const struct decide_opts *o, int64_t *n_changed, int64_t *action, struct err *err);

/* Revert this curator's last action that is not undone yet, by writing new audit
 * entries (history is never rewritten). Redo re-applies the last undone action, until a
 * new action is made. OUT: *n_changed, 0 if there was nothing to undo or redo. */
enum status
engine_undo(struct engine *e, const char *curator, int64_t *n_changed, struct err *err);
enum status
engine_redo(struct engine *e, const char *curator, int64_t *n_changed, struct err *err);

/* engine_undo/engine_redo with the details: the new action (0 if there was nothing to
 * undo or redo), the action it reverted or re-applied, and how many of its samples were
 * left alone because another curator has changed them since (the undo still counts:
 * the next undo goes one further back). */
struct undo_result {
	int64_t action, target, n_changed, n_skipped;
};
enum status
engine_undo_redo(struct engine *e, const char *curator, bool redo, struct undo_result *res,
		 struct err *err);

/* The current verdict of one sample (the latest decision by any curator). */
enum status
engine_verdict(struct engine *e, int64_t id, enum verdict *v, struct err *err);

/* The verdicts of ids[0..n) in one pass (a TUI page, a selection). Unknown ids get
 * VERDICT_NONE. OUT: out[i]. */
enum status
engine_verdicts(struct engine *e, const int64_t *ids, size_t n, enum verdict *out,
		struct err *err);

/* Counts over the whole project. */
struct verdict_counts {
	int64_t accepted, rejected, undecided;
};
enum status
engine_verdict_counts(struct engine *e, struct verdict_counts *out, struct err *err);

/* One audit entry (strings borrowed for the callback only). */
struct audit_entry {
	int64_t seq;		/* order of writing */
	int64_t action;		/* entries of one action share it */
	int64_t sample_id;
	const char *curator;
	const char *at;		/* UTC ISO 8601 */
	enum verdict old_verdict, new_verdict;
	const char *reason, *note;	/* NULL if none */
	const char *kind;	/* "decide", "undo" or "redo" */
	int64_t target;		/* undo/redo: the action it reverted or re-applied; else 0 */
	const char *query;	/* the action's bulk query, NULL if none */
};
typedef enum status (*audit_fn)(void *ctx, const struct audit_entry *a, struct err *err);

struct audit_filter {
	const char *curator;	/* NULL: all */
	const char *since;	/* ISO 8601 prefix compare, NULL: all */
	int64_t sample_id;	/* 0: all */
	int64_t limit;		/* <= 0: all; newest first when limited */
};
enum status
engine_audit_each(struct engine *e, const struct audit_filter *f, audit_fn fn, void *ctx,
		  struct err *err);

/* ---- the filter language ----
 * e.g.  resp_words >= 5 and flag_refusal == 0 and not (lang != 'en')
 *       verdict == accept   dataset == 'alpaca.json'   dup_rep   regex(response, '^I')
 * Comparisons of a score column with a number (<, <=, >, >=, ==, !=), a bare flag name
 * (true when 1), and/or/not with parentheses; verdict, dataset and cluster are
 * pseudo-columns. Compiled into SQL with bound parameters, never pasted text. A parse
 * error is ST_BADQUERY naming the offset; an unknown name is ST_BADQUERY suggesting the
 * closest valid one. */
struct filter;

enum status
engine_filter_parse(struct engine *e, const char *text, struct filter **out, struct err *err);
void
filter_free(struct filter *f);

/* The filter's text as parsed (borrowed from f). */
const char *
filter_text(const struct filter *f);

/* The number of samples matching filter (NULL: all) and the FTS5 query (NULL: none). */
enum status
engine_filter_count(struct engine *e, const struct filter *f, const char *fts, int64_t *n,
		    struct err *err);

/* The ids matching filter (NULL: all) and the FTS5 query (NULL: none), in id order.
 * OUT: *ids (free()), *n. */
enum status
engine_filter_ids(struct engine *e, const struct filter *f, const char *fts, int64_t **ids,
		  size_t *n, struct err *err);

#endif
