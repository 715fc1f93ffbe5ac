/* ifd.h: the instruction-following difficulty of a sample under a trained model (Cherry
 * LLM, Li et al. 2024; Superfiltering, with a small model standing in for the large one):
 *   IFD = s(A|Q) / s(A),
 * s(A|Q) the mean loss of the response bytes (and the end marker) given the prompt, s(A)
 * the same bytes with no prompt. IFD near 1 or above: the prompt does not help predict the
 * response (hard, or the pair does not belong together); well below 1: it helps a lot.
 * Both losses are over the same response tokens: those the model's window keeps when the
 * prompt is there (examples.h's truncation). Knows nothing of the store. */
#ifndef WINNOW_EVAL_IFD_H
#define WINNOW_EVAL_IFD_H

#include <stddef.h>

#include "eval/gpt.h"

struct ifd_result {
	double loss_cond;	/* s(A|Q), nats per response token */
	double loss_alone;	/* s(A) */
	double ifd;		/* loss_cond / loss_alone */
	int n_tokens;		/* response tokens scored */
};

/* Two forward passes of g (batch 1; g's activations are overwritten, so one model per
 * thread). g must use the byte tokenizer (vocab 258). */
void
ifd_score(struct gpt *g, const char *prompt, size_t prompt_len, const char *response,
	  size_t response_len, struct ifd_result *out);

#endif
