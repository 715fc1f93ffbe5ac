/* engine_browse.h: what the TUI reads from a project: the score columns with their
 * distributions, the sample list (sorted by any column, paged by key, limited to search
 * hits or a set of ids, with hits marked), and one sample's scores, rule matches and
 * duplicate cluster. Never prints, exits or touches curses; a CLI could call all of it.
 * Strings returned as const are borrowed from the engine until engine_columns_reload or
 * engine_close; everything else returned is the caller's, as each comment says. */
#ifndef WINNOW_ENGINE_BROWSE_H
#define WINNOW_ENGINE_BROWSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "engine_decide.h"
#include "score/metric.h"
#include "util/status.h"

struct engine;

/* ---- score columns and their distributions ---- */

struct column_info {
	const char *name;
	const char *family;	/* "" when the scorers table does not know the column */
	const char *desc;
	enum direction dir;
};

/* Every score column, in table order (loaded once; engine_columns_reload after scoring).
 * OUT: *cols (borrowed), *n (0 before any scoring). */
enum status
engine_columns(struct engine *e, const struct column_info **cols, size_t *n, struct err *err);

/* Index of a column by name, or -1 (engine_columns must have succeeded). */
int
engine_column_find(struct engine *e, const char *name);

/* Forget the cached columns and distributions (after scoring or importing). */
void
engine_columns_reload(struct engine *e);

/* Distributions come from every sample, or from DIST_SAMPLE samples in DIST_BLOCKS runs
 * of consecutive ids spread evenly over the project when there are more (then
 * percentiles are approximate and *sampled is true). Runs read few pages. */
#define DIST_SAMPLE 20000
#define DIST_BLOCKS 200

struct dist_summary {
	size_t n;		/* values in the distribution (non-null) */
	size_t n_null;		/* samples in it without a value */
	bool sampled;
	double min, p25, median, p75, max, mean;
};

/* Load the distributions of every column (one pass; a no-op when loaded). */
enum status
engine_dist_load(struct engine *e, struct err *err);

/* Percentile of v in column col: the share of values below v, counting ties half, in
 * [0, 100]; NAN when the distributions are not loaded or the column has no values. */
double
engine_percentile(struct engine *e, size_t col, double v);

/* The value at percentile p (0..100) of column col (nearest rank); NAN when the
 * distributions are not loaded or the column has no values. */
double
engine_quantile(struct engine *e, size_t col, double p);

/* OUT: *s for column col (zeroes when not loaded). */
void
engine_dist_summary(struct engine *e, size_t col, struct dist_summary *s);

/* Counts of the column's values in bins equal steps from min to max (the last bin
 * includes max). OUT: counts[bins]. */
void
engine_histogram(struct engine *e, size_t col, size_t bins, int64_t *counts);

/* ---- indexes for sorting ---- */

/* Projects up to this many samples sort without an index. */
#define SORT_INDEX_MIN 50000

/* True if sorting by col is fast already (small project, or an index exists). */
bool
engine_sort_ready(struct engine *e, const char *col);

/* Create the index that makes sorting by col (or looking up duplicate clusters, for
 * dup_cluster) a range scan. Runs for seconds on a million rows; engine_interrupt from
 * another thread stops it (ST_CANCELLED, nothing created). */
enum status
engine_index_column(struct engine *e, const char *col, struct err *err);

/* Stop the statement the engine runs on another thread. Safe from any thread. */
void
engine_interrupt(struct engine *e);

/* Samples in the project (counted once, until engine_columns_reload). */
enum status
engine_sample_count(struct engine *e, int64_t *n, struct err *err);

/* ---- the sample list ---- */

struct browse;

/* A position in the list's order: rows with a value of the sort column (seg 0) by
 * (v, id), then the rows without one (seg 1) by id. */
struct browse_key {
	int seg;
	double v;
	int64_t id;
};

struct browse_row {
	int64_t id, dataset_id, line;
	char *preview;		/* the start of the first user turn (or the response) */
	double *vals;		/* one per column given to engine_browse_columns */
	bool *nul;		/* not scored */
	char *flags;		/* fired flag columns without "flag_", space-separated; "" none */
	bool hit;		/* matches the current search */
	enum verdict verdict;	/* the curator's (engine_verdicts) */
	struct browse_key key;
};

/* A list over every sample in id order, no search. Uses temporary tables on the engine's
 * connection; several lists may be open at once. OUT: *out (engine_browse_free). */
enum status
engine_browse_new(struct engine *e, struct browse **out, struct err *err);

void
engine_browse_free(struct browse *b);

/* The score columns each row carries (copied). ST_USAGE for an unknown name. */
enum status
engine_browse_columns(struct browse *b, const char *const *names, size_t n, struct err *err);

/* Sort by a score column (NULL: by id), ascending or not. ST_USAGE for an unknown name. */
enum status
engine_browse_sort(struct browse *b, const char *col, bool desc, struct err *err);

/* Keep only the samples matching the FTS5 query fts (NULL: no such limit) and, when
 * ids is not NULL, in ids[0..n_ids). ST_BADQUERY for a bad query (the list is unchanged). */
enum status
engine_browse_limit(struct browse *b, const char *fts, const int64_t *ids, size_t n_ids,
		    struct err *err);

/* Mark the samples matching fts as hits (NULL: no search). ST_BADQUERY for a bad query
 * (the old search stays). OUT: *n_hits (may be NULL): hits in the whole project. */
enum status
engine_browse_search(struct browse *b, const char *fts, int64_t *n_hits, struct err *err);

/* Rows in the list; hits in the list (-1 when there is no search). */
int64_t engine_browse_count(const struct browse *b);
int64_t engine_browse_hits(const struct browse *b);

/* Up to limit rows after from (NULL: from the start), or before it when backward (NULL:
 * up to the end), always in list order. OUT: *rows (engine_browse_rows_free), *n. */
enum status
engine_browse_page(struct browse *b, const struct browse_key *from, bool backward,
		   size_t limit, struct browse_row **rows, size_t *n, struct err *err);

void
engine_browse_rows_free(struct browse_row *rows, size_t n);

/* Free what one row owns (not the row itself): for callers that keep a window of rows. */
void
engine_browse_row_clear(struct browse_row *r);

/* The next (or previous) search hit after from (NULL: the edge). OUT: *found, *key. */
enum status
engine_browse_next_hit(struct browse *b, const struct browse_key *from, bool backward,
		       struct browse_key *key, bool *found, struct err *err);

/* Every sample id of the list, in id order (for a bulk decision). OUT: *ids (free()). */
enum status
engine_browse_ids(struct browse *b, int64_t **ids, size_t *n, struct err *err);

/* Fill in the verdicts of rows[0..n) again (after a decision). */
enum status
engine_browse_verdicts(struct browse *b, struct browse_row *rows, size_t n, struct err *err);

/* The 0-based position of key in the list. */
enum status
engine_browse_rank(struct browse *b, const struct browse_key *key, int64_t *rank,
		   struct err *err);

/* The key of sample id in this list's order. OUT: *found false when it is not in the list. */
enum status
engine_browse_key_of(struct browse *b, int64_t id, struct browse_key *key, bool *found,
		     struct err *err);

/* ---- one sample ---- */

struct sample_score {
	size_t col;		/* index in engine_columns */
	double value;
	bool nul;
	double pct;		/* engine_percentile, NAN when unknown */
};

/* Every score of one sample. OUT: *out (free()), *n. */
enum status
engine_sample_scores(struct engine *e, int64_t id, struct sample_score **out, size_t *n,
		     struct err *err);

/* The text a scorer family stored for the sample (note_<family>: fired rules for
 * "rules", the language code for "lang"). OUT: *out (free()), NULL when none. */
enum status
engine_sample_note(struct engine *e, int64_t id, const char *family, char **out,
		   struct err *err);

/* The sample's duplicate cluster: its representative and up to max members in id order.
 * A unique sample is a cluster of one. OUT: *ids (free()), *n, *size (all members). */
enum status
engine_cluster(struct engine *e, int64_t id, size_t max, int64_t *rep, int64_t **ids,
	       size_t *n, int64_t *size, struct err *err);

/* ---- review queues ---- */

/* The k samples whose keep-or-drop under filter f is least certain: f must be score
 * thresholds and flags, each perhaps under a `not`, joined by `and` (ST_USAGE otherwise,
 * saying so). A sample's margin is how far its values must move to flip the outcome,
 * each column measured in its interquartile range: the nearest threshold for a kept
 * sample, the one failed threshold for a sample dropped by one, the sum for one dropped
 * by several. Flags and ==/!= are yes or no (a failed one counts 1, a passed one is never
 * near), and a value exactly on an inclusive bound is not near it. Reads those columns
 * of every sample (engine_interrupt stops it). OUT: *ids (free()) in id order, *n <= k. */
enum status
engine_least_certain(struct engine *e, const struct filter *f, size_t k, int64_t **ids,
		     size_t *n, struct err *err);

/* The filter steps of a recipe (NULL: the built-in default) joined with `and`, as
 * filter text, from a dry run of it (engine_select; nothing stored): what its automatic
 * verdict is decided by. OUT: *text (free()). ST_USAGE when it has no steps. */
enum status
engine_recipe_filter(struct engine *e, const char *recipe, char **text, struct err *err);

/* k of ids[0..*n) chosen at random with seed (splitmix64; the same seed, the same pick),
 * kept in id order, in place. OUT: *n = min(k, *n). */
void
engine_random_pick(int64_t *ids, size_t *n, size_t k, uint64_t seed);

/* ---- highlighting ---- */

struct text_span {
	size_t start, end;	/* byte offsets */
};
typedef void (*span_fn)(void *ctx, size_t start, size_t end);

/* True if the sample's rule flags came from the built-in rule file, whose rules the
 * engine can then match again to show where they fired. */
bool
engine_rules_builtin(struct engine *e, int64_t id);

/* Where rule rule_id (e.g. "refusal#2") of the built-in rules matches text, a prompt-side
 * (prompt true) or response-side turn. Rules with no place (@empty) give nothing. */
void
engine_rule_spans(struct engine *e, const char *rule_id, bool prompt, const char *text,
		  size_t len, span_fn fn, void *ctx);

/* The words of an FTS5 query (operators, column names and quotes dropped; "x*" kept as a
 * prefix). OUT: an opaque list for engine_term_spans (engine_terms_free). */
struct terms;
struct terms *
engine_terms_new(const char *fts);
void
engine_terms_free(struct terms *t);

/* Where the words occur in text as whole tokens (prefixes for x*), ignoring case. */
void
engine_term_spans(const struct terms *t, const char *text, size_t len, span_fn fn, void *ctx);

#endif
