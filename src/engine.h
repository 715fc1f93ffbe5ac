/* engine.h: the one API both front ends (CLI and TUI) use. Owns a struct store and
 * everything a command needs; never prints, exits or touches curses. */
#ifndef WINNOW_ENGINE_H
#define WINNOW_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ingest/import.h"
#include "model.h"
#include "util/progress.h"
#include "util/status.h"

struct engine;

enum engine_flags { ENGINE_CREATE = 1, ENGINE_READONLY = 2 };

/* Open a project file. OUT: *out (NULL on failure). See store_open for errors. */
enum status
engine_open(const char *path, int flags, struct engine **out, struct err *err);

void
engine_close(struct engine *e);

const char *
engine_path(const struct engine *e);

/* ---- stage 1: import ---- */
enum status
engine_import(struct engine *e, const char *const *paths, size_t n, const struct import_opts *o,
	      struct import_result *res, struct err *err);

/* ---- stage 1: scores ---- */
#include "score/metric.h"
#include "score/score_run.h"

enum status
engine_score(struct engine *e, const struct score_opts *o, struct score_result *res,
	     struct err *err);

/* Every sample's scores to path ("-": stdout) as CSV (csv) or JSONL, atomically.
 * OUT: *n_rows. */
enum status
engine_scores_export(struct engine *e, const char *path, bool csv, int64_t *n_rows,
		     struct err *err);

enum scores_key { SCORES_KEY_ID, SCORES_KEY_LINE, SCORES_KEY_HASH };

struct scores_import_opts {
	const char *path;	/* JSONL, or CSV if it ends in .csv */
	const char *name;	/* the new score column */
	const char *field;	/* the value's field/column */
	const char *key_field;	/* the key's field/column */
	enum scores_key key;	/* sample id, line (+ "dataset" field), or SHA-256 of the row */
	const char *dataset;	/* with SCORES_KEY_LINE: the dataset name for every row */
	enum direction dir;
	bool skip_unmatched;	/* import the matched rows and report the rest */
};

struct scores_import_result {
	int64_t n_rows, n_matched, n_unmatched;
	char unmatched[256];	/* the first few unmatched keys */
};

/* Import an external score. ST_BADDATA naming file:line for a non-numeric value or a
 * missing field; unmatched keys are an error unless skip_unmatched. All or nothing. */
enum status
engine_scores_import(struct engine *e, const struct scores_import_opts *o,
		     struct scores_import_result *res, struct err *err);

/* Every sample's scores in memory, column by column (DESIGN.md, "Interaction speed"):
 * 1M samples x 50 scores is 200 MB of floats, and a pass over one column is ~1 ms. */
struct score_matrix {
	size_t n_rows, n_cols;
	int64_t *ids;		/* sample ids, ascending */
	char **names;		/* score columns, in table order */
	enum direction *dirs;	/* from the scorers table; neutral if it has none */
	float **cols;		/* cols[c][row]; NaN: not scored */
	signed char *verdict;	/* with verdicts: 1 accepted, 0 rejected, -1 undecided */
	uint32_t *dataset;	/* the row's dataset: an index into datasets */
	char **datasets;	/* dataset names, in order of first appearance */
	size_t n_datasets;
};

enum status
engine_score_matrix(struct engine *e, bool with_verdicts, struct score_matrix *out,
		    struct err *err);
/* The same, reporting rows read to sink (total: the samples); the sink's false stops it
 * (ST_CANCELLED, *out empty). */
enum status
engine_score_matrix_progress(struct engine *e, bool with_verdicts, struct progress_sink sink,
			     struct score_matrix *out, struct err *err);
void
score_matrix_free(struct score_matrix *m);
/* The column called name, or n_cols. */
size_t
score_matrix_col(const struct score_matrix *m, const char *name);
/* The row of sample id, or n_rows. */
size_t
score_matrix_row(const struct score_matrix *m, int64_t id);

/* True for a score whose values name a group rather than measure anything (a cluster
 * id: dup_cluster, cluster): a ROC curve or a ranking over it means nothing. */
bool
score_is_label(const char *name);

/* How well each score separates labelled rows from the unlabelled rest. */
#include "util/auc.h"

struct auc_score {
	size_t kind;		/* index into auc_report.kinds */
	char *score;
	enum direction dir;
	bool reversed;		/* a neutral score: lower values mark the label */
	struct auc a;		/* oriented: 1 = every labelled row scores worse */
};

struct auc_report {
	char **kinds;		/* labels in order of first appearance */
	size_t n_kinds;
	struct auc_score *rows;	/* by kind, then AUC best first */
	size_t n_rows;
	int64_t n_labels, n_unmatched;
	char first_unmatched[128];
};

/* labels_path: TSV with a header, "file<TAB>line<TAB>kind" (the dataset's name and
 * line) or "id<TAB>kind". A row with several kinds counts for each; the negatives of a
 * kind are the rows with no label at all. ST_BADDATA naming file:line on a bad line. */
enum status
engine_scores_auc(struct engine *e, const char *labels_path, struct auc_report *out,
		  struct err *err);

void
auc_report_free(struct auc_report *r);

/* ---- reading ---- */

/* OUT: *out with turns filled (free with sample_free). ST_NOTFOUND if no such id. */
enum status
engine_sample_get(struct engine *e, int64_t id, struct sample *out, struct err *err);

void
sample_free(struct sample *s);

/* OUT: datasets (free with engine_datasets_free). */
enum status
engine_datasets(struct engine *e, struct dataset **out, size_t *n, struct err *err);

void
engine_datasets_free(struct dataset *ds, size_t n);

/* ---- search ---- */
struct search_query {
	const char *fts;	/* FTS5 query or NULL */
	const char *regex;	/* PCRE2 pattern or NULL */
	int64_t limit;		/* <= 0: all */
	bool rank;		/* bm25 order instead of id order */
	const char *mark_open;	/* highlight markers around matches */
	const char *mark_close;
};

typedef enum status (*hit_fn)(void *ctx, const struct hit *h, struct err *err);

/* Calls fn for each hit. ST_BADQUERY for a bad FTS5 query or regex (message names it). */
enum status
engine_search(struct engine *e, const struct search_query *q, hit_fn fn, void *ctx,
	      struct err *err);

enum status
engine_search_count(struct engine *e, const struct search_query *q, int64_t *n, struct err *err);

/* ---- export ---- */
enum export_as { EXPORT_AUTO, EXPORT_JSONL, EXPORT_JSON };

/* The rows as they came in, or rebuilt from their turns in another format. */
enum export_to { EXPORT_TO_ORIGINAL, EXPORT_TO_ALPACA, EXPORT_TO_SHAREGPT, EXPORT_TO_MESSAGES };

struct export_opts {
	const int64_t *ids;	/* NULL: every sample */
	size_t n_ids;
	const char *out;	/* path, or "-" for standard output */
	enum export_as as;	/* AUTO: .json -> JSON array, else JSONL */
	struct progress_sink progress;
	enum export_to to;	/* ORIGINAL (0): the original JSON; see ingest/convert.h */
};

struct export_result {
	int64_t n_rows;
	bool exact_file;	/* rebuilt a whole JSON array file byte for byte */
	enum export_as as;
};

/* Writes rows in their original JSON, atomically. ST_NOTFOUND if an id is unknown. */
enum status
engine_export(struct engine *e, const struct export_opts *o, struct export_result *res,
	      struct err *err);

/* ---- stats ---- */
struct length_stats {
	int64_t min, p25, median, p75, p90, p99, max;
	double mean;
};

struct key_count {
	char *key;
	int64_t n;
};

struct stats {
	int64_t n_samples;
	struct dataset *datasets;
	size_t n_datasets;
	struct key_count *formats, *turns;
	size_t n_formats, n_turns;
	struct length_stats prompt, response;	/* in characters */
};

enum status
engine_stats(struct engine *e, struct stats *out, struct err *err);

void
stats_free(struct stats *s);

/* ---- stage 3: evaluation (winnow eval) ---- */
#include "engine_eval.h"

#endif
