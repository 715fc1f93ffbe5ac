/* fam_lang.c: the "lang" scorer family: langid.c on the response. The code goes to
 * note_lang; flag_lang_other is set afterwards, against each dataset's main language. */
#include <stdio.h>

#include "score/family.h"
#include "score/langid.h"
#include "store_scores.h"

/* Bump when langid.c changes what it detects. */
#define FAM_LANG_VERSION "lang-1"

static const struct metric_def lang_metrics[] = {
	{"resp_lang_conf", "confidence of the response's language (code in note_lang); 0 if "
	 "undetermined", DIR_NEUTRAL, 0, 1},
	{"flag_lang_other", "the response is confidently in another language than most of "
	 "its dataset", DIR_FLAG, 0, 1},
};

static const char *
lang_version(const void *cfg)
{
	(void)cfg;
	return FAM_LANG_VERSION;
}

static size_t
lang_n(const void *cfg)
{
	(void)cfg;
	return sizeof(lang_metrics) / sizeof(lang_metrics[0]);
}

static const struct metric_def *
lang_metric(const void *cfg, size_t i)
{
	(void)cfg;
	return &lang_metrics[i];
}

static void *
lang_scratch_new(const void *cfg)
{
	(void)cfg;
	return NULL;	/* langid is pure over static tables */
}

static void
lang_scratch_free(void *s)
{
	(void)s;
}

static void
lang_score(const void *cfg, void *scratch, const struct score_input *in, double *out,
	   char *note)
{
	struct langid_result r;

	(void)cfg;
	(void)scratch;
	langid_detect(in->response, in->response_len, &r);
	out[0] = r.confidence;
	out[1] = 0;	/* decided in lang_after, once the majority is known */
	snprintf(note, FAMILY_NOTE_MAX, "%s", r.code);
}

const struct family family_lang = {
	.name = "lang",
	.desc = "language of the response (script + function words) and a flag for outliers",
	.version = lang_version,
	.n_metrics = lang_n,
	.metric = lang_metric,
	.scratch_new = lang_scratch_new,
	.scratch_free = lang_scratch_free,
	.score = lang_score,
	.has_note = true,
	.after = store_scores_lang_other,
};
