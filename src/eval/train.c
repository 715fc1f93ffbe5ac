/* train.c: see train.h. */
#include "train.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "eval/rng.h"
#include "util/progress.h"
#include "util/xalloc.h"

void
train_opts_default(struct train_opts *o)
{
	*o = (struct train_opts){.batch = 8, .lr = 1e-3f, .min_lr_frac = 0.1f, .warmup_frac = 0.05f,
				 .weight_decay = 0.1f, .clip = 1.0f, .budget = 1000000, .seed = 1,
				 .curve_points = 100};
}

/* Learning rate after `tokens` of `budget`: linear warm-up, then a cosine down to
 * min_lr_frac * lr at the end of the budget. */
static float
lr_at(const struct train_opts *o, int64_t tokens)
{
	double warm = o->warmup_frac * (double)o->budget, x = (double)tokens;

	if (x < warm)
		return (float)(o->lr * (x + 1.0) / (warm + 1.0));
	double prog = o->budget > warm ? (x - warm) / ((double)o->budget - warm) : 1.0;
	prog = prog > 1.0 ? 1.0 : prog;
	double min = o->lr * o->min_lr_frac;
	return (float)(min + (o->lr - min) * 0.5 * (1.0 + cos(M_PI * prog)));
}

struct batcher {
	const struct example_set *set;
	struct rng rng;
	size_t *order, pos;
	int *inputs, *targets;
	float *mask;
};

static void
batcher_init(struct batcher *b, const struct example_set *set, int B, uint64_t seed)
{
	size_t cells = (size_t)B * (size_t)set->max_len;

	b->set = set;
	rng_seed(&b->rng, seed);
	b->order = xmalloc(set->n * sizeof(size_t));
	b->pos = set->n;	/* shuffle on first use */
	b->inputs = xmalloc(cells * sizeof(int));
	b->targets = xmalloc(cells * sizeof(int));
	b->mask = xmalloc(cells * sizeof(float));
}

static void
batcher_free(struct batcher *b)
{
	free(b->order);
	free(b->inputs);
	free(b->targets);
	free(b->mask);
}

/* The next B examples in this epoch's order; a new epoch reshuffles. */
static int
batcher_next(struct batcher *b, int B, int64_t *n_tok)
{
	size_t idx[B];

	for (int i = 0; i < B; i++) {
		if (b->pos == b->set->n) {
			examples_shuffle(b->order, b->set->n, &b->rng);
			b->pos = 0;
		}
		idx[i] = b->order[b->pos++];
	}
	return examples_batch(b->set, idx, B, b->inputs, b->targets, b->mask, n_tok);
}

static void
curve_add(struct train_result *res, size_t *cap, int64_t step, int64_t tokens, double loss)
{
	if (res->n_curve == *cap) {
		*cap = *cap ? 2 * *cap : 128;
		res->curve = xrealloc(res->curve, *cap * sizeof(*res->curve));
	}
	res->curve[res->n_curve++] = (struct curve_point){step, tokens, (float)loss};
}

enum status
train_gpt(struct gpt *g, const struct example_set *set, const struct train_opts *o, train_cb cb,
	  void *ctx, struct train_result *res, struct err *err)
{
	struct batcher b;
	struct train_state st = {.budget = o->budget};
	int64_t every = o->budget / (o->curve_points > 0 ? o->curve_points : 100), next_pt;
	double t0 = progress_now(), acc = 0.0, acc_w = 0.0;
	size_t cap = 0;
	enum status rc = ST_OK;

	memset(res, 0, sizeof(*res));
	if (set->n == 0)
		return err_set(err, ST_USAGE, "nothing to train on: the training set is empty");
	every = every < 1 ? 1 : every;
	next_pt = every;
	batcher_init(&b, set, o->batch, o->seed);
	while (st.tokens < o->budget) {
		int64_t n_tok;
		int T = batcher_next(&b, o->batch, &n_tok);
		float lr = lr_at(o, st.tokens);
		gpt_forward(g, b.inputs, b.targets, b.mask, o->batch, T);
		acc += g->loss_sum;
		acc_w += g->loss_weight;
		gpt_zero_grad(g);
		gpt_backward(g);
		gpt_clip_grad(g, o->clip);
		gpt_update(g, lr, o->weight_decay);
		st.step++;
		st.tokens += n_tok;
		if (st.tokens >= next_pt || st.tokens >= o->budget) {
			st.loss = acc_w > 0 ? acc / acc_w : 0.0;
			curve_add(res, &cap, st.step, st.tokens, st.loss);
			st.n_points = res->n_curve;
			acc = acc_w = 0.0;
			while (next_pt <= st.tokens)
				next_pt += every;
		}
		st.elapsed = progress_now() - t0;
		if (cb && !cb(ctx, &st)) {
			rc = err_set(err, ST_CANCELLED, "training cancelled");
			break;
		}
	}
	batcher_free(&b);
	res->steps = st.step;
	res->tokens = st.tokens;
	res->seconds = progress_now() - t0;
	return rc;
}

void
train_result_free(struct train_result *r)
{
	free(r->curve);
	memset(r, 0, sizeof(*r));
}

double
eval_gpt(struct gpt *g, const struct example_set *set, int batch, int64_t *n_tokens)
{
	size_t cells = (size_t)batch * set->max_len, idx[batch];
	int *inputs = xmalloc(cells * sizeof(int)), *targets = xmalloc(cells * sizeof(int));
	float *mask = xmalloc(cells * sizeof(float));
	double sum = 0.0, w = 0.0;

	for (size_t i = 0; i < set->n; i += (size_t)batch) {
		int B = set->n - i < (size_t)batch ? (int)(set->n - i) : batch;
		int64_t n_tok;
		for (int k = 0; k < B; k++)
			idx[k] = i + (size_t)k;
		int T = examples_batch(set, idx, B, inputs, targets, mask, &n_tok);
		gpt_forward(g, inputs, targets, mask, B, T);
		sum += g->loss_sum;
		w += g->loss_weight;
	}
	free(inputs);
	free(targets);
	free(mask);
	*n_tokens = (int64_t)w;
	return w > 0 ? sum / w : 0.0;
}
