/* dsir.h: DSIR importance weights (Xie et al. 2023, "Data Selection for Language Models
 * via Importance Resampling"): how much more likely a sample is under the target
 * distribution than under the raw data's, in a bag of hashed n-grams model.
 *
 * Features are the word unigrams and bigrams of prompt + response (hashfeat.h), folded
 * into DSIR_BUCKETS buckets. Each distribution is a multinomial over the buckets fitted
 * by counting, with add-one smoothing: p(b) = (count(b) + 1) / (total + DSIR_BUCKETS).
 * A sample x with features f_1..f_m gets
 *     log w(x) = sum_i [log p_target(b(f_i)) - log p_raw(b(f_i))]
 * (higher: more target-like). The sign alone says little: with a target much smaller
 * than DSIR_BUCKETS features the add-one counts flatten p_target, so most weights are
 * negative; the order is what counts. As in the paper the sum is not divided by the
 * length, so a long target-like sample weighs more than a short one; a sample without
 * words gets 0.
 * Pure: no I/O, no globals; counts are summed by the caller across threads. */
#ifndef WINNOW_DSIR_H
#define WINNOW_DSIR_H

#include <stddef.h>
#include <stdint.h>

#include "score/hashfeat.h"

#define DSIR_BUCKETS 10000

struct dsir_counts {
	uint64_t c[DSIR_BUCKETS];
	uint64_t total;
};

/* Add one sample's features to dc; f is the caller's scratch (one per thread). */
void
dsir_count(struct dsir_counts *dc, struct hashfeat *f, const char *prompt, size_t prompt_len,
	   const char *response, size_t response_len);

/* a += b. */
void
dsir_counts_add(struct dsir_counts *a, const struct dsir_counts *b);

/* log p_target(b) - log p_raw(b) for every bucket. */
struct dsir_model {
	double lw[DSIR_BUCKETS];
};

void
dsir_fit(struct dsir_model *m, const struct dsir_counts *target, const struct dsir_counts *raw);

/* log w(x) of one sample; f is the caller's scratch. */
double
dsir_logw(const struct dsir_model *m, struct hashfeat *f, const char *prompt,
	  size_t prompt_len, const char *response, size_t response_len);

#endif
