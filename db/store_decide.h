/* store_decide.h: the decisions, actions and audit tables (migration 0003). Verdicts are
 * the strings "accept", "reject" and "none", as stored. The caller opens the transaction
 * (store_begin) around a whole action, so that an action is written entirely or not at
 * all; these functions only read and append. */
#ifndef WINNOW_STORE_DECIDE_H
#define WINNOW_STORE_DECIDE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store.h"

/* The samples an action is about, kept in a temporary table (duplicates dropped).
 * ST_NOTFOUND "no sample with id N" if one does not exist. */
enum status
store_decide_load_ids(struct store *st, const int64_t *ids, size_t n, struct err *err);

/* Append an action. kind: decide, undo or redo; target: the action undone or redone
 * (0: none); query: a bulk action's query text (NULL: none). OUT: *id. */
enum status
store_action_add(struct store *st, const char *curator, const char *kind, int64_t target,
		 const char *at, const char *query, int64_t *id, struct err *err);

/* Give every loaded sample whose verdict differs the verdict, as entries of action, and
 * update decisions. OUT: *n_changed. */
enum status
store_decide_apply(struct store *st, int64_t action, const char *verdict, const char *curator,
		   const char *reason, const char *note, const char *at, int64_t *n_changed,
		   struct err *err);

/* Undo (redo = false) or redo the entries of action target as entries of action:
 * each sample goes back to its old verdict (forward to its new one) unless someone has
 * changed it since, in which case it is left alone. OUT: *n_changed, *n_entries (the
 * target's entries). */
enum status
store_decide_revert(struct store *st, int64_t action, int64_t target, bool redo,
		    const char *curator, const char *at, int64_t *n_changed, int64_t *n_entries,
		    struct err *err);

/* A curator's actions in the order written. */
typedef enum status (*store_action_fn)(void *ctx, int64_t id, const char *kind, int64_t target,
				       struct err *err);
enum status
store_actions_each(struct store *st, const char *curator, store_action_fn fn, void *ctx,
		   struct err *err);

/* OUT: *v = 0 none, 1 accept, 2 reject; ST_NOTFOUND if there is no such sample. */
enum status
store_verdict(struct store *st, int64_t id, int *v, struct err *err);

/* The decision on one sample: *v (0 none, 1 accept, 2 reject) and, when decided, who,
 * why and when (the caller's strings; NULL when none). */
enum status
store_decision_get(struct store *st, int64_t id, int *v, char **curator, char **reason,
		   char **note, char **at, struct err *err);

/* OUT: the number of samples accepted and rejected. */
enum status
store_verdict_counts(struct store *st, int64_t *accepted, int64_t *rejected, struct err *err);

/* One audit entry, strings borrowed for the callback only (reason, note, query may be
 * NULL; target is 0 for a decision). */
struct store_audit_row {
	int64_t seq, action, sample_id, target;
	const char *curator, *at, *old_verdict, *new_verdict, *reason, *note, *kind, *query;
};
typedef enum status (*store_audit_fn)(void *ctx, const struct store_audit_row *r,
				      struct err *err);

/* Entries by curator (NULL: all) at or after since (NULL: all) for sample_id (0: all);
 * limit > 0: the newest limit entries, newest first; else all, oldest first. */
enum status
store_audit_each(struct store *st, const char *curator, const char *since, int64_t sample_id,
		 int64_t limit, store_audit_fn fn, void *ctx, struct err *err);

/* The current time as stored: UTC ISO 8601 to the second ("2026-11-24T19:37:00Z"). */
void
store_now_iso(char out[32]);

#endif
