/* ifd.c: see ifd.h. */
#include "ifd.h"

#include <stdlib.h>

#include "eval/examples.h"
#include "util/xalloc.h"

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
	in = xmalloc((size_t)T * sizeof(int));
	tg = xmalloc((size_t)T * sizeof(int));
	mask = xmalloc((size_t)T * sizeof(float));
	/* with the prompt: ... SEP r0 r1 ...; the loss counts the targets r0 onwards */
	for (int t = 0; t < T; t++) {
		in[t] = e->tok[t];
		tg[t] = e->tok[t + 1];
		mask[t] = t + 1 >= e->resp ? 1.0f : 0.0f;
	}
	out->loss_cond = gpt_forward(g, in, tg, mask, 1, T);
	/* alone: SEP r0 r1 ..., the same targets */
	in[0] = TOK_SEP;
	for (int t = 0; t < n_r; t++) {
		if (t > 0)
			in[t] = e->tok[e->resp + t - 1];
		tg[t] = e->tok[e->resp + t];
		mask[t] = 1.0f;
	}
	out->loss_alone = gpt_forward(g, in, tg, mask, 1, n_r);
	out->ifd = out->loss_alone > 0 ? out->loss_cond / out->loss_alone : 1.0;
	out->n_tokens = n_r;
	free(in);
	free(tg);
	free(mask);
	examples_free(&s);
}
