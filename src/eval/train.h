/* train.h: training the GPT on a set of examples under a token budget, and measuring the
 * mean response loss of a model on a set. AdamW with weight decay, linear warm-up then
 * cosine decay (both measured in tokens), gradient clipping by global norm.
 * Owns nothing beyond one call; the model is the caller's. */
#ifndef WINNOW_EVAL_TRAIN_H
#define WINNOW_EVAL_TRAIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "eval/examples.h"
#include "eval/gpt.h"
#include "eval/report.h"
#include "util/status.h"

struct train_opts {
	int batch;		/* sequences per step */
	float lr;		/* peak learning rate */
	float min_lr_frac;	/* the cosine ends at lr * this */
	float warmup_frac;	/* share of the budget spent warming up */
	float weight_decay;
	float clip;		/* global gradient norm limit; <= 0: none */
	int64_t budget;		/* training tokens (positions, prompt included) */
	uint64_t seed;		/* the order of the examples */
	int curve_points;	/* about this many loss points are recorded */
};

/* The defaults above: batch 8, lr 1e-3, min 0.1, warm-up 5%, decay 0.1, clip 1. */
void
train_opts_default(struct train_opts *o);

struct train_state {	/* what a progress callback sees */
	int64_t step, tokens, budget;
	double loss;		/* the latest recorded point */
	size_t n_points;	/* points recorded so far (a new one: the count grew) */
	double elapsed;
};

/* Return false to stop (the caller then gets ST_CANCELLED). */
typedef bool (*train_cb)(void *ctx, const struct train_state *s);

struct train_result {
	struct curve_point *curve;	/* owned: free() */
	size_t n_curve;
	int64_t steps, tokens;
	double seconds;
};

/* Train g on set until budget tokens have been seen, cycling through the examples in a
 * fresh seeded order each epoch. cb is called after every step. ST_CANCELLED when cb says
 * stop (res holds the curve so far); ST_USAGE for an empty set. */
enum status
train_gpt(struct gpt *g, const struct example_set *set, const struct train_opts *o, train_cb cb,
	  void *ctx, struct train_result *res, struct err *err);

void
train_result_free(struct train_result *r);

/* Mean loss (nats per response token) of g over every response token of set, in batches
 * of `batch` in file order. OUT: *n_tokens the number of response tokens counted. */
double
eval_gpt(struct gpt *g, const struct example_set *set, int batch, int64_t *n_tokens);

#endif
