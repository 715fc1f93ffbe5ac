/* test_ifd.c: IFD under a model winnow trained (src/eval/ifd.c): after a short training on
 * samples/alpaca.jsonl, a prompt with its own response gets a lower IFD than the same
 * response after another sample's prompt; the two losses are over the same tokens. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "eval/evalset.h"
#include "eval/examples.h"
#include "eval/gpt.h"
#include "eval/ifd.h"
#include "eval/train.h"
#include "util/xalloc.h"

struct pairs {
	struct example_set set;
	char *p[300], *r[300];
	size_t pl[300], rl[300], n;
};

static enum status
keep_row(void *ctx, int64_t line, const char *p, size_t pl, const char *r, size_t rl,
	 struct err *err)
{
	struct pairs *s = ctx;

	(void)line;
	(void)err;
	examples_add(&s->set, p, pl, r, rl);
	if (s->n < 300) {
		s->p[s->n] = xstrndup(p, pl);
		s->r[s->n] = xstrndup(r, rl);
		s->pl[s->n] = pl;
		s->rl[s->n++] = rl;
	}
	return ST_OK;
}

TEST(ifd_aligned_pairs_score_lower_than_shuffled_ones)
{
	struct gpt_config c = {.vocab = TOK_VOCAB, .max_seq = 128, .n_layer = 2, .n_head = 2,
			       .n_embd = 64};
	struct pairs s = {0};
	struct train_opts o;
	struct train_result res;
	struct gpt *g;
	struct err err;
	int64_t rows;
	double sum_al = 0, sum_sh = 0;
	int lower = 0, n = 0;

	examples_init(&s.set, c.max_seq + 1);
	CHECK(evalset_each("samples/alpaca.jsonl", keep_row, &s, &rows, &err) == ST_OK);
	train_opts_default(&o);
	o.batch = 8;
	o.budget = 300000;
	o.lr = 3e-3f;
	CHECK(gpt_new(&c, 1, 2, &g, &err) == ST_OK);
	CHECK(train_gpt(g, &s.set, &o, NULL, NULL, &res, &err) == ST_OK);
	for (size_t i = 0; i < s.n; i += 3) {
		size_t j = (i + 97) % s.n;	/* another sample's prompt */
		struct ifd_result al, sh;
		ifd_score(g, s.p[i], s.pl[i], s.r[i], s.rl[i], &al);
		ifd_score(g, s.p[j], s.pl[j], s.r[i], s.rl[i], &sh);
		CHECK(isfinite(al.ifd) && al.ifd > 0 && isfinite(sh.ifd) && sh.ifd > 0);
		/* the same response tokens, so the same loss with no prompt, when the window
		 * keeps the same part of the response */
		if (al.n_tokens == sh.n_tokens)
			CHECK(fabs(al.loss_alone - sh.loss_alone) <= 1e-6 * al.loss_alone);
		CHECK(fabs(al.ifd - al.loss_cond / al.loss_alone) < 1e-12);
		sum_al += al.ifd;
		sum_sh += sh.ifd;
		lower += al.ifd < sh.ifd;
		n++;
	}
	CHECK(sum_al / n < sum_sh / n);
	CHECK(lower > n * 3 / 4);
	if (!(sum_al / n < sum_sh / n) || lower <= n * 3 / 4)
		fprintf(stderr, "    IFD mean aligned %.4f, shuffled %.4f; aligned lower in %d of %d\n",
			sum_al / n, sum_sh / n, lower, n);
	/* the clone scores exactly as the original */
	struct gpt *cl = gpt_clone(g, 1);
	struct ifd_result a, b;
	ifd_score(g, s.p[5], s.pl[5], s.r[5], s.rl[5], &a);
	ifd_score(cl, s.p[5], s.pl[5], s.r[5], s.rl[5], &b);
	CHECK(a.ifd == b.ifd && a.loss_cond == b.loss_cond);
	gpt_free(cl);
	for (size_t i = 0; i < s.n; i++) {
		free(s.p[i]);
		free(s.r[i]);
	}
	train_result_free(&res);
	examples_free(&s.set);
	gpt_free(g);
}
