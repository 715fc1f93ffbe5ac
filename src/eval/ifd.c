/* ifd.c: see ifd.h. */
#include "ifd.h"

#include <stdlib.h>

#include "eval/examples.h"
#include "util/xalloc.h"

/* One forward pass over a batch of two: row 0 the response alone (SEP r0 r1 ...), row 1
 * with the prompt (... SEP r0 r1 ...); both count the same targets r0 onwards. */
void
ifd_score(struct gpt *g, const char *prompt, size_t prompt_len, const char *response,
	  size_t response_len, struct ifd_result *out)
{
	struct example_set s;
	const struct example *e;
	int T, n_r, *in, *tg;
	float *mask;

	examples_init(&s, g->cfg.max_seq + 1);
	examples_add(&s, prompt, prompt_len, response, response_len);
	e = &s.ex[0];
	T = e->len - 1;
	n_r = e->len - e->resp;	/* response tokens kept (the end marker included if it fits) */
	in = xmalloc(2 * (size_t)T * sizeof(int));
	tg = xmalloc(2 * (size_t)T * sizeof(int));
	mask = xmalloc(2 * (size_t)T * sizeof(float));
	for (int t = 0; t < T; t++) {
		in[t] = t == 0 ? TOK_SEP : t < n_r ? e->tok[e->resp + t - 1] : TOK_EOS;
		tg[t] = t < n_r ? e->tok[e->resp + t] : TOK_EOS;
		mask[t] = t < n_r ? 1.0f : 0.0f;
		in[T + t] = e->tok[t];
		tg[T + t] = e->tok[t + 1];
		mask[T + t] = t + 1 >= e->resp ? 1.0f : 0.0f;
	}
	gpt_forward(g, in, tg, mask, 2, T);
	out->loss_alone = gpt_seq_loss_sum(g, mask, 0) / n_r;
	out->loss_cond = gpt_seq_loss_sum(g, mask, 1) / n_r;
	out->ifd = out->loss_alone > 0 ? out->loss_cond / out->loss_alone : 1.0;
	out->n_tokens = n_r;
	free(in);
	free(tg);
	free(mask);
	examples_free(&s);
}
