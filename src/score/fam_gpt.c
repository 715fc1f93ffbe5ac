/* fam_gpt.c: the "gpt" scorer family: IFD and response losses under a model that winnow
 * trained (a checkpoint from `winnow eval --save-models DIR`), given with
 * `winnow score --model CKPT`. See eval/ifd.h for what IFD measures. The checkpoint's
 * SHA-256 is in the version, so another model re-scores every sample. Each scoring thread
 * runs its own copy of the model. */
#include <stdio.h>
#include <stdlib.h>

#include "eval/examples.h"
#include "eval/gpt.h"
#include "eval/ifd.h"
#include "score/family.h"
#include "score/score_run.h"
#include "util/xalloc.h"

/* Bump when ifd.c changes what it computes. */
#define FAM_GPT_VERSION "gpt-1"

static const struct metric_def gpt_metrics[] = {
	{"gpt_ifd", "IFD under the model: loss(response | prompt) / loss(response); < 1: the "
	 "prompt helps predict the response (Cherry LLM, Superfiltering)", DIR_NEUTRAL, 0, 100},
	{"flag_gpt_misaligned", "gpt_ifd >= 1: the prompt does not help the model predict the "
	 "response (needs a prompt)", DIR_FLAG, 0, 1},
	{"gpt_loss", "the model's mean loss per response byte given the prompt (nats)",
	 DIR_LOWER, 0, 50},
	{"gpt_loss_alone", "the model's mean loss per response byte with no prompt (nats)",
	 DIR_NEUTRAL, 0, 50},
};

struct gpt_cfg {
	struct gpt *model;	/* as loaded; each thread scores with a clone */
	char version[48];
};

static enum status
gpt_cfg_new(const struct score_opts *o, void **out, struct err *err)
{
	struct gpt_cfg *c;
	struct gpt *g;
	enum status rc;

	*out = NULL;
	if (!o)		/* listing the metrics: no model needed */
		return ST_OK;
	if (!o->model_path)
		return err_set(err, ST_USAGE, "the gpt scorer needs a model: winnow score --model "
			       "CKPT (train one with winnow eval --save-models DIR)");
	rc = gpt_load(o->model_path, 1, &g, err);
	if (rc != ST_OK)
		return rc;
	if (g->cfg.vocab != TOK_VOCAB) {
		gpt_free(g);
		return err_set(err, ST_BADDATA, "%s: a model over %d tokens, not winnow's byte "
			       "tokenizer (%d)", o->model_path, g->cfg.vocab, TOK_VOCAB);
	}
	c = xcalloc(1, sizeof(*c));
	c->model = g;
	snprintf(c->version, sizeof(c->version), "%s:%.16s", FAM_GPT_VERSION, g->sha256);
	*out = c;
	return ST_OK;
}

static void
gpt_cfg_free(void *cfg)
{
	struct gpt_cfg *c = cfg;

	if (c)
		gpt_free(c->model);
	free(c);
}

static const char *
gpt_version(const void *cfg)
{
	const struct gpt_cfg *c = cfg;

	return c ? c->version : FAM_GPT_VERSION;
}

static size_t
gpt_n(const void *cfg)
{
	(void)cfg;
	return sizeof(gpt_metrics) / sizeof(gpt_metrics[0]);
}

static const struct metric_def *
gpt_metric(const void *cfg, size_t i)
{
	(void)cfg;
	return &gpt_metrics[i];
}

static void *
gpt_scratch_new(const void *cfg)
{
	const struct gpt_cfg *c = cfg;

	return gpt_clone(c->model, 1);
}

static void
gpt_scratch_free(void *s)
{
	gpt_free(s);
}

static void
gpt_score(const void *cfg, void *scratch, const struct score_input *in, double *out,
	  char *note)
{
	struct ifd_result r;

	(void)cfg;
	(void)note;
	ifd_score(scratch, in->prompt, in->prompt_len, in->response, in->response_len, &r);
	out[0] = r.ifd;
	out[1] = in->prompt_len > 0 && r.ifd >= 1.0;	/* no prompt: IFD is 1 by definition */
	out[2] = r.loss_cond;
	out[3] = r.loss_alone;
}

const struct family family_gpt = {
	.name = "gpt",
	.desc = "IFD and response losses under a model trained by winnow (--model CKPT)",
	.cfg_new = gpt_cfg_new,
	.cfg_free = gpt_cfg_free,
	.version = gpt_version,
	.n_metrics = gpt_n,
	.metric = gpt_metric,
	.scratch_new = gpt_scratch_new,
	.scratch_free = gpt_scratch_free,
	.score = gpt_score,
	.needs_model = true,
};
