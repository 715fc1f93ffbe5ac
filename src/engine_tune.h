/* engine_tune.h: threshold tuning, for the TUI's thresholds, scores-against-the-curator
 * and overview screens (a CLI could drive it too). A tuning session is a live copy of a
 * recipe whose filters are cuts over every sample's scores held in memory
 * (engine_score_matrix, DESIGN.md "Interaction speed"). Every change recounts at once
 * with the pure functions of select/tune.h; the recipe's ranking, budget and the
 * curator's decisions are applied in memory by select_run.c; the margin of a cut, how
 * each score separates the curator's accepted from rejected samples, and the cut that
 * agrees best with them come from the same arrays.
 * Owns: struct tune_session and everything it returns as const (borrowed until the next
 * call that changes the session, or engine_tune_close). Never prints. */
#ifndef WINNOW_ENGINE_TUNE_H
#define WINNOW_ENGINE_TUNE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "engine.h"
#include "engine_decide.h"
#include "engine_select.h"
#include "select/tune.h"
#include "util/auc.h"

struct tune_session;

enum tune_kind {
	TK_CUT,		/* score op value: moved by steps, to a value or to a percentile */
	TK_FLAG,	/* a score that must be set (non-zero) or must not be */
	TK_FIXED,	/* anything else (text, regex, dataset, or/not, the search): counted only */
};

/* One filter of the live recipe, one line of the thresholds view. */
struct tune_filter {
	enum tune_kind kind;
	char *score;		/* TK_CUT, TK_FLAG: the score column; NULL for TK_FIXED */
	size_t col;		/* its matrix column (TK_FIXED: its own 0/1 column past them) */
	struct tune_cut cut;	/* the comparison (TK_FLAG: != 0, or == 0 keeping the unscored) */
	bool flag_set;		/* TK_FLAG: true when the score must be set */
	char *text;		/* the filter as the filter language writes it */
	char *from;		/* the recipe key: "ranges.x", "flags.x", "filter[0]", "regex",
				 * "search", or "added" */
	size_t drops;		/* samples it fails, whatever the other filters say */
	size_t alone;		/* samples only it drops */
};

/* Samples of one dataset or cluster: how many there are and how many are selected. */
struct tune_group {
	char *name;
	size_t total, final;
};

struct tune_summary {
	size_t n_samples;
	size_t candidates;	/* pass every filter */
	size_t recipe;		/* chosen by the recipe: after ranking, diversity and budget */
	size_t final;		/* after the curator: what was accepted is in, rejected out */
	size_t cur_added;	/* accepted by a curator though the recipe leaves them out */
	size_t cur_removed;	/* rejected by a curator though the recipe chooses them */
	double sdf;		/* final / samples */
	bool has_last;		/* a selection is stored */
	char *last_name;	/* the latest stored selection */
	size_t last_n, vs_added, vs_removed;	/* in final now and not in it, the reverse */
	struct tune_group *datasets;	/* in the order the project's rows name them */
	size_t n_datasets;
	struct tune_group *clusters;	/* by the `cluster` score, largest first */
	size_t n_clusters;
	bool has_clusters;	/* the project has a `cluster` score */
	char *rank_note;	/* why the ranking/diversity step did not run; NULL: it did */
};

/* Open a session on recipe (a saved name or "default"; NULL: the recipe of the latest
 * stored selection, else the default). Loads every score and verdict (engine_score_matrix,
 * reporting to sink; its false gives ST_CANCELLED) and the score distributions.
 * ST_NOTFOUND for an unknown recipe; ST_USAGE when the project has no scores.
 * OUT: *out (engine_tune_close), NULL on error. */
enum status
engine_tune_open(struct engine *e, const char *recipe, struct progress_sink sink,
		 struct tune_session **out, struct err *err);

void
engine_tune_close(struct tune_session *t);

/* ---- reading ---- */

/* Every score and verdict (borrowed; verdicts follow engine_tune_set_verdict). */
const struct score_matrix *
engine_tune_matrix(const struct tune_session *t);

size_t
engine_tune_n_filters(const struct tune_session *t);
const struct tune_filter *
engine_tune_filter(const struct tune_session *t, size_t i);

const struct tune_summary *
engine_tune_summary(const struct tune_session *t);

/* The recipe's name ("default", a saved one), what it was loaded from ("selection 'x'",
 * "recipe 'x'"), and whether it changed since it was loaded or saved. */
const char *
engine_tune_name(const struct tune_session *t);
const char *
engine_tune_source(const struct tune_session *t);
bool
engine_tune_changed(const struct tune_session *t);

/* The ranking and the budget as their prompts take them ("resp_mtld 1, resp_words 0.3
 * lower"; "10%", "5000", "" for none). Returned strings are the caller's. */
char *
engine_tune_rank_text(const struct tune_session *t);
char *
engine_tune_budget_text(const struct tune_session *t);
/* The diversity step in words ("none", "deita 0.1", ...). Static or borrowed. */
const char *
engine_tune_diversity_text(const struct tune_session *t);

/* ---- distributions ---- */

/* Where column col is drawn: from its minimum to its maximum, or to its 1st / 99th
 * percentile when the tail beyond is long (values past it count in the end bins). */
void
engine_tune_range(struct tune_session *t, size_t col, double *lo, double *hi);

/* Which samples a histogram counts. TW_SPREAD: every sample of a project up to
 * TUNE_SPREAD_ROWS, else that many spread evenly over it (every k-th row; for screens
 * that draw every score at once). */
enum tune_which {
	TW_SPREAD = -3, TW_ALL = -2, TW_UNDECIDED = -1, TW_REJECTED = 0, TW_ACCEPTED = 1
};
#define TUNE_SPREAD_ROWS 100000

/* Counts of column col's values in bins equal bins over [lo, hi] (ends clamped).
 * OUT: out[bins]; *missing (may be NULL): samples without a value. */
void
engine_tune_histogram(struct tune_session *t, size_t col, enum tune_which which, double lo,
		      double hi, size_t bins, uint32_t *out, size_t *missing);

/* The percentile rank (0..100) of v in column col, and the value at percentile p; NAN
 * when unknown. On a project over DIST_SAMPLE samples they come from that many samples
 * (engine_browse.h), within about half a point. */
double
engine_tune_percentile(struct tune_session *t, size_t col, double v);
double
engine_tune_quantile(struct tune_session *t, size_t col, double p);

/* The fine step of filter i's cut: a round number, about a fiftieth of its range (1 for
 * flags and whole-number scores at least). 0 for a filter that does not move. */
double
engine_tune_step(struct tune_session *t, size_t i);

/* A w x h grid of the samples with values in both columns x and y, over their ranges
 * (x left to right, y bottom to top): bit 0 any sample, bit 1 an accepted one, bit 2 a
 * rejected one, bit 3 an undecided one. OUT: grid[h * w], row 0 at the top. */
void
engine_tune_scatter(struct tune_session *t, size_t x, size_t y, size_t w, size_t h,
		    uint8_t *grid);

/* ---- changing the live recipe (each recounts) ---- */

/* Set filter i's value (a TK_CUT). ST_USAGE for another kind or a value that is not a
 * number. */
enum status
engine_tune_set(struct tune_session *t, size_t i, double value, struct err *err);

/* Move filter i's cut by steps fine steps (negative: down), to multiples of the step. */
enum status
engine_tune_nudge(struct tune_session *t, size_t i, int steps, struct err *err);

/* Move filter i's cut to the value at percentile p (0..100). */
enum status
engine_tune_to_percentile(struct tune_session *t, size_t i, double p, struct err *err);

/* Add a filter (the filter language): comparisons of scores with numbers joined by `and`
 * become one TK_CUT each, flags TK_FLAG, anything else one TK_FIXED (evaluated once, in
 * SQL). ST_BADQUERY naming the offset; ST_USAGE past TUNE_MAX_CUTS filters.
 * OUT: *first (may be NULL): the index of its first line. */
enum status
engine_tune_add(struct tune_session *t, const char *text, size_t *first, struct err *err);

void
engine_tune_remove(struct tune_session *t, size_t i);

/* A TK_FLAG's must-be-set becomes must-not-be and back. ST_USAGE for another kind. */
enum status
engine_tune_flip(struct tune_session *t, size_t i, struct err *err);

/* The ranking: "score [weight] [higher|lower], ..." (a flag or neutral score needs its
 * direction), "random", "dsir", or "" for none. ST_USAGE naming the item. */
enum status
engine_tune_set_rank(struct tune_session *t, const char *text, struct err *err);

/* The budget: "N" samples, "P%" or a fraction in (0, 1] of the candidates, "" for all. */
enum status
engine_tune_set_budget(struct tune_session *t, const char *text, struct err *err);

/* A curator decided sample id (the store has it already): update the counts. */
void
engine_tune_set_verdict(struct tune_session *t, int64_t id, enum verdict v);

/* Read every verdict again (after undo, or decisions made elsewhere), one pass. */
enum status
engine_tune_reload_verdicts(struct tune_session *t, struct err *err);

/* ---- the margin ---- */

struct tune_margin_row {
	int64_t id;
	float value;		/* of the filter's score */
	signed char verdict;	/* 1 accepted, 0 rejected, -1 undecided */
	bool inside;		/* passes the cut (and, like the others here, every other filter) */
};

/* The k samples nearest inside filter i's cut and the k nearest outside it, among those
 * every other filter keeps, so that this cut alone decides them; nearest first, ties by
 * id. OUT: in[*n_in], out[*n_out] (capacity k each). */
void
engine_tune_margin(struct tune_session *t, size_t i, size_t k, struct tune_margin_row *in,
		   size_t *n_in, struct tune_margin_row *out, size_t *n_out);

/* ---- against the curator ---- */

/* Decided samples: accepted and rejected. */
void
engine_tune_labels(const struct tune_session *t, size_t *accepted, size_t *rejected);

/* How well column col separates accepted (positive) from rejected samples: the ROC AUC of
 * "higher means accepted" with a 95% interval. NAN without both kinds. */
void
engine_tune_auc(struct tune_session *t, size_t col, struct auc *out);

/* The recipe's choice (before the curator's decisions override it) against the
 * curator's verdicts: accepted and kept is a true positive. */
void
engine_tune_confusion(const struct tune_session *t, struct tune_confusion *out);

/* Which side of col a cut keeps: that of the first filter on it, else the scorer's
 * better side, else the side the accepted samples lean to (by AUC). TUNE_GE or TUNE_LE. */
enum tune_op
engine_tune_side(struct tune_session *t, size_t col);

/* The cut on col (keeping the side op) that best agrees with the curator (F1 and
 * Youden's J). See tune_suggest. */
void
engine_tune_suggest(struct tune_session *t, size_t col, enum tune_op op,
		    struct tune_suggestion *out);

/* What "col op value" would change: it sets the first cut on col keeping that side, or is
 * added as a new filter. Candidates and the confusion of the candidates against the
 * curator, before and after. */
struct tune_preview {
	bool adds;		/* a new filter */
	size_t filter;		/* else the filter it moves */
	size_t before, after;	/* candidates */
	struct tune_confusion c_before, c_after;
};

void
engine_tune_preview(struct tune_session *t, size_t col, enum tune_op op, double value,
		    struct tune_preview *out);

/* Apply it (as engine_tune_preview says). OUT: *filter (may be NULL): its line. */
enum status
engine_tune_apply(struct tune_session *t, size_t col, enum tune_op op, double value,
		  size_t *filter, struct err *err);

/* ---- saving, selecting ---- */

/* The live recipe as canonical JSON (the caller's). */
char *
engine_tune_json(const struct tune_session *t);

/* Check the live recipe against the project and save it as name (replacing one of that
 * name); it is then the session's name and counts as unchanged. Errors of
 * engine_recipe_save (ST_USAGE for "default" or a bad name). */
enum status
engine_tune_save(struct tune_session *t, const char *name, struct err *err);

/* Run the saved recipe name as winnow select does, storing the selection as name; the
 * session then compares with it (added / removed). OUT: *res (select_result_free). */
enum status
engine_tune_select(struct tune_session *t, const char *name, struct select_result *res,
		   struct err *err);

#endif
