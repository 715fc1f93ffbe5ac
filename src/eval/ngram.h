/* ngram.h: the --quick model: an interpolated Witten-Bell byte n-gram over the same
 * tokens as the GPT (examples.h), counting response tokens only, each in the context of
 * the tokens before it (prompt included). Small and self-contained.
 * Owns its count tables. */
#ifndef WINNOW_EVAL_NGRAM_H
#define WINNOW_EVAL_NGRAM_H

#include <stdint.h>

#include "eval/examples.h"

struct ngram;

/* order: tokens per n-gram (context = order - 1), 1..8. */
struct ngram *
ngram_new(int order);

void
ngram_free(struct ngram *m);

/* Count every response token of every example in set. */
void
ngram_train(struct ngram *m, const struct example_set *set);

/* Count every response token of one example. */
void
ngram_add(struct ngram *m, const struct example *e);

/* Witten-Bell probability of token w after the context ctx[0..n_ctx) (the last n_ctx
 * tokens before it, oldest first). Always > 0. */
double
ngram_prob(const struct ngram *m, const int32_t *ctx, int n_ctx, int w);

/* Mean negative log probability (nats) of the response tokens of set. OUT: *n_tokens. */
double
ngram_eval(const struct ngram *m, const struct example_set *set, int64_t *n_tokens);

#endif
