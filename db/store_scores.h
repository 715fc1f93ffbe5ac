/* store_scores.h: reading samples to score and writing their scores (see store_scores.c). */
#ifndef WINNOW_STORE_SCORES_H
#define WINNOW_STORE_SCORES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "score/metric.h"
#include "store.h"

/* True if name is a usable score column: [a-z_][a-z0-9_]*, at most 64 characters. */
bool
store_score_name_ok(const char *name);

/* Make sure scores has a column for every metric and v_<family>, and record the metrics
 * in the scorers table. */
enum status
store_scores_prepare(struct store *st, const char *family, const char *version,
		     const struct metric_def *defs, size_t n, bool has_note, struct err *err);

/* A sample to score; texts borrowed for the callback only. */
struct pending_row {
	int64_t id;
	const char *prompt;
	size_t prompt_len;
	const char *response;
	size_t response_len;
	int n_turns;
};
typedef enum status (*pending_fn)(void *ctx, const struct pending_row *row, struct err *err);

/* Up to limit samples with id > after whose v_<family> is not version, in id order;
 * version NULL: every sample with id > after. */
enum status
store_scores_pending(struct store *st, const char *family, const char *version, int64_t after,
		     size_t limit, pending_fn fn, void *ctx, struct err *err);

/* One family's columns, for the readers and writers that handle several at once. */
struct score_group {
	const char *family;
	const struct metric_def *defs;
	size_t n;
	bool has_note;
};

/* Up to limit samples with id > after for which any group's v_<family> is not its
 * versions[k], in id order; versions NULL: every sample with id > after. */
enum status
store_scores_pending_any(struct store *st, const struct score_group *g, const char *const *versions,
			 size_t n_groups, int64_t after, size_t limit, pending_fn fn, void *ctx,
			 struct err *err);

/* OUT: *n = how many samples store_scores_pending_any would give from the start. */
enum status
store_scores_pending_count(struct store *st, const struct score_group *g,
			   const char *const *versions, size_t n_groups, int64_t *n,
			   struct err *err);

/* An upsert of one or more families' columns, prepared once per run. */
struct score_writer;

enum status
store_score_writer_groups(struct store *st, const struct score_group *g, size_t n_groups,
			  struct score_writer **out, struct err *err);

/* vals: every group's values, group after group; versions[k] and notes[k] per group
 * (notes NULL, or notes[k] NULL or "", stores NULL). */
enum status
store_score_write_groups(struct score_writer *w, int64_t id, const char *const *versions,
			 const double *vals, const char *const *notes, struct err *err);

enum status
store_score_writer_new(struct store *st, const char *family, const struct metric_def *defs,
		       size_t n, bool has_note, struct score_writer **out, struct err *err);

/* vals has one value per metric given to store_score_writer_new; note is stored in
 * note_<family> when the writer has one (NULL stores NULL). */
enum status
store_score_write(struct score_writer *w, int64_t id, const char *version, const double *vals,
		  const char *note, struct err *err);

void
store_score_writer_free(struct score_writer *w);



/* flag_lang_other = 1 where a response's language (note_lang, confidence >= 0.5) differs
 * from its dataset's main language (the most common confident one). */
enum status
store_scores_lang_other(struct store *st, struct err *err);

/* One sample with every score column (borrowed for the callback only). */
struct score_table_row {
	int64_t id;
	const char *dataset;
	int64_t line;
	size_t n;		/* score columns */
	const char *const *names;
	const double *vals;
	const bool *is_null;	/* not scored (yet) */
};
typedef enum status (*score_row_fn)(void *ctx, const struct score_table_row *row, struct err *err);

/* Every registered score (the scorers table) by name; strings borrowed for the call. */
typedef enum status (*scorer_fn)(void *ctx, const char *name, const char *family,
				 enum direction dir, const char *desc, struct err *err);
enum status
store_scorers_each(struct store *st, scorer_fn fn, void *ctx, struct err *err);

/* Every sample in id order with all its score columns. */
enum status
store_scores_each(struct store *st, score_row_fn fn, void *ctx, struct err *err);


/* ---- keys for imported scores ---- */

/* OUT: *id of the sample at dataset (its name) and line, or 0 if none. */
enum status
store_sample_by_line(struct store *st, const char *dataset, int64_t line, int64_t *id,
		     struct err *err);

/* OUT: *exists true if a sample has this id. */
enum status
store_sample_exists(struct store *st, int64_t id, bool *exists, struct err *err);

/* OUT: *n = number of datasets. */
enum status
store_dataset_count(struct store *st, int64_t *n, struct err *err);

#endif
