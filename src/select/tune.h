/* tune.h: threshold tuning over score columns held in memory as plain float arrays (see
 * DESIGN.md, "Interaction speed"): recounting what a set of cuts keeps, histograms,
 * percentiles, the margin of a cut, and the cut that best matches a curator's verdicts.
 * Pure functions over arrays: no store, no allocation the caller does not see, so a
 * thresholds view can call them on every key press (one pass over 1M floats is ~1 ms). */
#ifndef WINNOW_TUNE_H
#define WINNOW_TUNE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum tune_op { TUNE_GE, TUNE_GT, TUNE_LE, TUNE_LT, TUNE_EQ, TUNE_NE };

/* A filter "column op value": a row passes when its value compares true. A NaN value
 * (not scored) passes only when keep_missing: that is how a negated comparison of the
 * filter language reads ("not flag_dup" keeps a sample that has no flag_dup).
 * The values are floats and the cut is compared as a float too, so that a score stored
 * as the double 0.3 and held here as 0.3f passes "<= 0.3" as it does in SQL; only a
 * value within a float's precision of the cut and not equal to it can be judged
 * differently from the doubles of the store (a cut taken from the data should be that
 * value's double, not its float). */
struct tune_cut {
	size_t col;
	enum tune_op op;
	double value;
	bool keep_missing;
};

/* n_rows rows of n_cols columns; cols[c][r] is row r's value of column c (NaN: none). */
struct tune_table {
	size_t n_rows, n_cols;
	const float *const *cols;
};

/* At most this many cuts at once (a bit mask per row). */
#define TUNE_MAX_CUTS 64

bool
tune_pass(const struct tune_cut *c, float v);

/* One pass: *kept = rows passing every cut; drops[i] = rows cut i fails (whatever the
 * others say); alone[i] = rows that only cut i fails, i.e. that cut i alone drops.
 * drops and alone have n_cuts entries (either may be NULL). n_cuts <= TUNE_MAX_CUTS. */
void
tune_recount(const struct tune_table *t, const struct tune_cut *cuts, size_t n_cuts,
	     size_t *kept, size_t *drops, size_t *alone);

/* tune_recount that also fills pass[r] (n_rows entries; may be NULL): true when row r
 * passes every cut. Same single pass. */
void
tune_recount_mask(const struct tune_table *t, const struct tune_cut *cuts, size_t n_cuts,
		  size_t *kept, size_t *drops, size_t *alone, bool *pass);

/* The finite values of v counted into n_bins equal bins over [lo, hi] (values outside are
 * clamped into the end bins). OUT: bins[n_bins], *n_missing = NaN count. */
void
tune_histogram(const float *v, size_t n, double lo, double hi, size_t n_bins, uint32_t *bins,
	       size_t *n_missing);

/* Sort the finite values of v into out (capacity n). Returns how many there are. */
size_t
tune_sorted(const float *v, size_t n, float *out);

/* The p-th percentile (0..100) of sorted[0..n), by linear interpolation; NaN if n = 0. */
double
tune_percentile(const float *sorted, size_t n, double p);

/* The percentile rank (0..100) of x in sorted[0..n): the share of values below x, ties
 * counting half. NaN if n = 0. */
double
tune_rank(const float *sorted, size_t n, double x);

/* The margin of cut `focus`: among rows that pass every other cut (so that this cut alone
 * decides them), the k rows inside it closest to its value and the k rows outside it
 * closest, nearest first; ties by row index. OUT: inside[*n_in], outside[*n_out] (row
 * indices; capacity k each). */
void
tune_margin(const struct tune_table *t, const struct tune_cut *cuts, size_t n_cuts, size_t focus,
	    size_t k, size_t *inside, size_t *n_in, size_t *outside, size_t *n_out);

/* Confusion of "kept" (the recipe) against labels (1: the curator accepted, 0: rejected,
 * other: undecided and left out). */
struct tune_confusion {
	size_t tp, fp, fn, tn;	/* accepted & kept, rejected & kept, accepted & dropped, ... */
	double precision, recall, f1;	/* NaN when undefined */
};

void
tune_confusion(const bool *kept, const signed char *label, size_t n, struct tune_confusion *out);

/* The cut on v (op TUNE_GE: keep high values; TUNE_LE: keep low ones) that best agrees
 * with the labels, by F1 of "kept" against "accepted" and by Youden's J (TPR - FPR).
 * Candidate values are the labelled rows' values; among equally good cuts the one that
 * keeps the most rows wins (dropping less is the safer suggestion). NaN values and
 * unlabelled rows are left out. value is NaN when there is no accepted or no rejected row. */
struct tune_suggestion {
	double f1_value, f1;
	struct tune_confusion at_f1;
	double j_value, j;
};

void
tune_suggest(const float *v, const signed char *label, size_t n, enum tune_op op,
	     struct tune_suggestion *out);

#endif
