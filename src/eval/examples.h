/* examples.h: the byte-level tokenizer and the instruction-tuning examples built from it.
 * A sample becomes   prompt bytes, SEP, response bytes, EOS   (token ids 0..255 are the
 * bytes, 256 is SEP, 257 is EOS). The loss counts the response bytes and EOS only: each is
 * predicted from everything before it, the prompt included.
 * Owns the token arrays of a set. Knows nothing of the store or of models. */
#ifndef WINNOW_EVAL_EXAMPLES_H
#define WINNOW_EVAL_EXAMPLES_H

#include <stddef.h>
#include <stdint.h>

#define TOK_SEP 256
#define TOK_EOS 257
#define TOK_VOCAB 258

struct example {
	const int32_t *tok;	/* into the set's pool */
	int len;		/* tokens (at most max_len) */
	int resp;		/* index of the first response token (just after SEP) */
};

struct example_set {
	struct example *ex;
	size_t n, cap;
	int32_t *pool;
	size_t n_tok, cap_tok;
	int max_len;		/* longest example kept, in tokens */
	int64_t n_resp;		/* response tokens (targets) in all */
};

/* An empty set whose examples hold at most max_len tokens (>= 4). */
void
examples_init(struct example_set *s, int max_len);

/* Append one sample. Too long: the prompt keeps its last bytes (at most half of max_len
 * unless the response is shorter), then the response keeps its first bytes. */
void
examples_add(struct example_set *s, const char *prompt, size_t prompt_len, const char *response,
	     size_t response_len);

void
examples_free(struct example_set *s);

/* Fill a batch from examples idx[0..B): inputs, targets and mask are B*T arrays, where T
 * is the longest example's len - 1. Padding has mask 0. Returns T; *n_tok gets the
 * positions that are not padding. */
int
examples_batch(const struct example_set *s, const size_t *idx, int B, int *inputs, int *targets,
	       float *mask, int64_t *n_tok);

struct rng;

/* order[0..n) = 0..n-1 in a random order drawn from r (Fisher-Yates, the trainer's index
 * draw): an epoch's order, for the transformer's batches and the n-gram's budget. */
void
examples_shuffle(size_t *order, size_t n, struct rng *r);

#endif
