/* store_browse.h: the queries behind the TUI's sample list, detail view and distributions
 * (see store_browse.c). Column names come from the scores table itself and are quoted with
 * %w; every value is bound. Private to the engine (src/engine_browse*.c). */
#ifndef WINNOW_STORE_BROWSE_H
#define WINNOW_STORE_BROWSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store.h"
#include "store_scores.h"

/* ---- score columns ---- */

/* One REAL column of scores with its scorers row; strings borrowed for the callback only
 * (family, direction and desc are NULL for a column the scorers table does not know). */
struct score_col_meta {
	const char *name;
	const char *family;
	const char *direction;	/* higher, lower, flag, neutral */
	const char *desc;
	double lo, hi;
};
typedef enum status (*col_meta_fn)(void *ctx, const struct score_col_meta *m, struct err *err);

/* Every REAL column of the scores table, in table order. */
enum status
store_score_columns(struct store *st, col_meta_fn fn, void *ctx, struct err *err);


/* Values of cols for the samples with ids[0..n) (those with no scores row are skipped), or
 * for every sample when ids is NULL. fn gets vals[n_cols] and nul[n_cols]. */
typedef enum status (*vals_fn)(void *ctx, int64_t id, const double *vals, const bool *nul,
			       struct err *err);
enum status
store_score_values(struct store *st, const char *const *cols, size_t n_cols, const int64_t *ids,
		   size_t n, vals_fn fn, void *ctx, struct err *err);

/* Values of cols for blocks of consecutive samples: up to block rows from each id in
 * starts[0..n) onwards (an even spread that reads few pages). */
enum status
store_score_blocks(struct store *st, const char *const *cols, size_t n_cols,
		   const int64_t *starts, size_t n, size_t block, vals_fn fn, void *ctx,
		   struct err *err);

/* The text columns of one sample's scores row (note_rules, note_lang, v_rules...): *out is
 * the caller's (free()), NULL when the column or the row is missing. */
enum status
store_score_text(struct store *st, int64_t id, const char *col, char **out, struct err *err);

/* Index a score column for sorting: CREATE INDEX IF NOT EXISTS scores_by_<col>. May be
 * interrupted with store_interrupt (ST_CANCELLED, nothing created). */
enum status
store_score_index(struct store *st, const char *col, struct err *err);

/* True if the column has an index (created by store_score_index or otherwise). */
bool
store_score_indexed(struct store *st, const char *col);

/* Stop the statement running on another thread (sqlite3_interrupt). Thread-safe. */
void
store_interrupt(struct store *st);

/* ---- sets: temporary tables of sample ids, numbered by the caller ---- */

/* Create (or empty) set n. */
enum status store_set_reset(struct store *st, int n, struct err *err);
void store_set_drop(struct store *st, int n);
/* Add the hits of an FTS5 query (ST_BADQUERY for a bad one). */
enum status store_set_add_fts(struct store *st, int n, const char *fts, struct err *err);
/* Keep only the members that match an FTS5 query. */
enum status store_set_keep_fts(struct store *st, int n, const char *fts, struct err *err);
enum status store_set_add_ids(struct store *st, int n, const int64_t *ids, size_t n_ids,
			      struct err *err);
enum status store_set_count(struct store *st, int n, int64_t *count, struct err *err);
enum status store_set_has(struct store *st, int n, int64_t id, bool *has, struct err *err);

/* The members of the duplicate cluster whose representative is rep, in id order, at most
 * max. OUT: *ids (free()), *n; *total, the cluster's size. */
enum status
store_cluster_members(struct store *st, int64_t rep, size_t max, int64_t **ids, size_t *n,
		      int64_t *total, struct err *err);

/* The members of set n in id order, or every sample id when n < 0. OUT: *ids (free()). */
enum status
store_set_ids(struct store *st, int n, int64_t **ids, size_t *n_ids, struct err *err);

/* ---- one page of the list, in keyset order ---- */

struct browse_sql {
	int set;		/* only samples in this set; -1: every sample */
	bool small_set;		/* few members: scan the set and sort, not the index */
	int hits;		/* mark members of this set as hits; -1: none */
	bool hits_only;		/* only rows that are hits */
	const char *sort;	/* score column, NULL: by id */
	int seg;		/* with sort: 0 the rows that have a value, 1 those without */
	bool rev;		/* descending in SQL */
	bool has_from;		/* exclusive start (from_v, from_id); else from the edge */
	double from_v;
	int64_t from_id;
	const char *const *cols;	/* score columns to read */
	size_t n_cols;
	size_t limit;
};

/* A row; strings borrowed for the callback only. */
struct browse_sql_row {
	int64_t id, dataset_id, line;
	const char *preview;	/* the start of the first user turn (or of the response) */
	const double *vals;
	const bool *nul;
	bool hit;
	double sort_v;		/* with sort in seg 0 */
};
typedef enum status (*browse_row_fn)(void *ctx, const struct browse_sql_row *r, struct err *err);

enum status
store_browse_page(struct store *st, const struct browse_sql *q, browse_row_fn fn, void *ctx,
		  struct err *err);

/* The number of rows the same query would return without its limit. */
enum status
store_browse_count(struct store *st, const struct browse_sql *q, int64_t *n, struct err *err);

#endif
