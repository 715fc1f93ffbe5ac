/* store_filter.h: running the filter language (src/select/filter.h) against the project:
 * the AST becomes a WHERE clause whose values are all bound parameters and whose column
 * names are quoted identifiers taken from the schema, never the user's text. */
#ifndef WINNOW_STORE_FILTER_H
#define WINNOW_STORE_FILTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "select/filter.h"
#include "store.h"

/* A column of scores other than sample_id: REAL (a metric) or TEXT (note_*, v_*). */
struct score_col {
	char *name;
	bool is_text;
};

/* OUT: *out, *n in table order (free with store_score_cols_free). */
enum status
store_score_cols(struct store *st, struct score_col **out, size_t *n, struct err *err);

void
store_score_cols_free(struct score_col *cols, size_t n);

/* The ids of the samples matching f (NULL: all) and the FTS5 query fts (NULL: none), in
 * id order. ST_BADQUERY for a bad FTS5 query. OUT: *ids (the caller's, free()), *n. */
enum status
store_filter_ids(struct store *st, const struct filter *f, const char *fts, int64_t **ids,
		 size_t *n, struct err *err);

/* The number of such samples. */
enum status
store_filter_count(struct store *st, const struct filter *f, const char *fts, int64_t *n,
		   struct err *err);

#endif
