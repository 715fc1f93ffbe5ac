/* fam_text.c: the "text" scorer family: textstats.c as a registry entry. */
#include "score/family.h"
#include "score/textstats.h"

/* Bump when textstats.c changes what it computes: every sample is then re-scored. */
#define FAM_TEXT_VERSION "text-1"

static const char *
text_version(const void *cfg)
{
	(void)cfg;
	return FAM_TEXT_VERSION;
}

static size_t
text_n_metrics(const void *cfg)
{
	(void)cfg;
	return TS__COUNT;
}

static const struct metric_def *
text_metric(const void *cfg, size_t i)
{
	(void)cfg;
	return &textstats_metrics()[i];
}

static void *
text_scratch_new(const void *cfg)
{
	(void)cfg;
	return textstats_scratch_new();
}

static void
text_scratch_free(void *s)
{
	textstats_scratch_free(s);
}

static void
text_score(const void *cfg, void *scratch, const struct score_input *in, double *out,
	   char *note)
{
	(void)cfg;
	(void)note;
	textstats_compute(scratch, in->prompt, in->prompt_len, in->response, in->response_len,
			  in->n_turns, out);
}

const struct family family_text = {
	.name = "text",
	.desc = "sizes, lexical diversity, Gopher repetition rules, compressibility",
	.version = text_version,
	.n_metrics = text_n_metrics,
	.metric = text_metric,
	.scratch_new = text_scratch_new,
	.scratch_free = text_scratch_free,
	.score = text_score,
};
