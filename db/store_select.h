/* store_select.h: saved recipes, stored selections, and the bulk reads a selection
 * needs (every sample id, score columns and verdicts as plain arrays in id order). */
#ifndef WINNOW_STORE_SELECT_H
#define WINNOW_STORE_SELECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store.h"

/* ---- recipes ---- */

enum status
store_recipe_put(struct store *st, const char *name, const char *json, struct err *err);

/* OUT: *json (the caller's). ST_NOTFOUND if there is none by that name. */
enum status
store_recipe_get(struct store *st, const char *name, char **json, struct err *err);

typedef enum status (*store_recipe_fn)(void *ctx, const char *name, const char *json,
				       const char *saved_at, struct err *err);
enum status
store_recipes_each(struct store *st, store_recipe_fn fn, void *ctx, struct err *err);

/* ST_NOTFOUND if there is none by that name. */
enum status
store_recipe_rm(struct store *st, const char *name, struct err *err);

/* ---- bulk reads, in id order ---- */

/* Every sample id, ascending. OUT: *ids (the caller's), *n. */
enum status
store_sample_ids(struct store *st, int64_t **ids, size_t *n, struct err *err);

/* For the sorted ids[0..n): out[c][i] = column cols[c] of sample ids[i], NAN where it has
 * none. out[c] are the caller's arrays of n doubles. Column names must be score columns
 * (they are quoted as identifiers). */
enum status
store_load_scores(struct store *st, const int64_t *ids, size_t n, const char *const *cols,
		  size_t n_cols, double *const *out, struct err *err);

/* dataset_id[i] and line[i] of sample ids[i] (either may be NULL). */
enum status
store_load_meta(struct store *st, const int64_t *ids, size_t n, int64_t *dataset_id,
		int64_t *line, struct err *err);

/* verdict[i] = 0 none, 1 accept, 2 reject for sample ids[i]. */
enum status
store_load_verdicts(struct store *st, const int64_t *ids, size_t n, uint8_t *verdict,
		    struct err *err);

/* Which way each scorer says is better: +1 higher, -1 lower, 0 flag/neutral. */
typedef void (*store_dir_fn)(void *ctx, const char *name, int dir);
enum status
store_scorer_dirs(struct store *st, store_dir_fn fn, void *ctx, struct err *err);

/* Each scorer family's version (for a manifest). */
typedef void (*store_version_fn)(void *ctx, const char *family, const char *version);
enum status
store_scorer_versions(struct store *st, store_version_fn fn, void *ctx, struct err *err);

/* The audit log's state: the last seq and a SHA-256 over every entry up to it (one line
 * each: seq, action, sample, curator, at, old, new, reason, note, kind, tab-separated). */
enum status
store_audit_hash(struct store *st, int64_t *last_seq, char hex[65], struct err *err);

/* ---- selections ---- */

struct store_selection {
	int64_t id;
	char *name, *recipe_name, *recipe, *counts, *hash, *audit_hash, *made_at;
	uint64_t seed;
	int64_t n_samples, n_candidates, n_recipe, n_added, n_removed, n_final, audit_seq;
	int64_t *ids;		/* the final selection, ascending */
	size_t n_ids;
	const void *trace;	/* store_selection_put only: borrowed */
	size_t trace_len;
};

/* Insert, or replace the one with the same name. OUT: s->id. */
enum status
store_selection_put(struct store *st, struct store_selection *s, struct err *err);

/* The selection called name (NULL: the latest). ids are read only if with_ids.
 * ST_NOTFOUND if there is none. OUT: *s (free with store_selection_free). */
enum status
store_selection_get(struct store *st, const char *name, bool with_ids, struct store_selection *s,
		    struct err *err);

void
store_selection_free(struct store_selection *s);

typedef enum status (*store_selection_fn)(void *ctx, const struct store_selection *s,
					  struct err *err);
enum status
store_selections_each(struct store *st, store_selection_fn fn, void *ctx, struct err *err);

enum status
store_selection_rm(struct store *st, const char *name, struct err *err);

/* One record of a selection's trace: rec_size bytes found by binary search on its first
 * 8 bytes (the sample id, little-endian) with incremental blob I/O. OUT: rec (rec_size
 * bytes); ST_NOTFOUND if the sample is not in the trace. */
enum status
store_selection_trace_get(struct store *st, int64_t selection_id, int64_t sample_id,
			  size_t rec_size, void *rec, struct err *err);

#endif
