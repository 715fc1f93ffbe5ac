/* registry.c: the one table of scorer families, in the order `winnow score` runs them.
 * Each family's adapter (fam_*.c) wraps a pure module (textstats.c, rules.c, langid.c). */
#include <string.h>

#include "score/family.h"

extern const struct family family_text;
extern const struct family family_rules;
extern const struct family family_lang;
extern const struct family family_lm;
extern const struct family family_rel;
extern const struct family family_gpt;

extern const struct score_step step_dup;
extern const struct score_step step_vec;
extern const struct score_step step_knn;
extern const struct score_step step_kmeans;
extern const struct score_step step_dsir;

static const struct family *const families[] = {
	&family_text,
	&family_rules,
	&family_lang,
	&family_lm,
	&family_rel,
	&family_gpt,
};

static const struct score_step *const steps[] = {
	&step_dup,
	&step_vec,	/* before knn and kmeans, which read the vectors */
	&step_knn,
	&step_kmeans,
	&step_dsir,	/* only with --target FILE */
};
#define N_STEPS (sizeof(steps) / sizeof(steps[0]))

const struct family *const *
registry_families(size_t *n)
{
	*n = sizeof(families) / sizeof(families[0]);
	return families;
}

const struct family *
registry_find(const char *name)
{
	for (size_t i = 0; i < sizeof(families) / sizeof(families[0]); i++)
		if (strcmp(families[i]->name, name) == 0)
			return families[i];
	return NULL;
}

const struct score_step *const *
registry_steps(size_t *n)
{
	*n = N_STEPS;
	return steps;
}

const struct score_step *
registry_find_step(const char *name)
{
	for (size_t i = 0; i < N_STEPS; i++)
		if (strcmp(steps[i]->name, name) == 0)
			return steps[i];
	return NULL;
}

enum status
registry_each_metric(metric_fn fn, void *ctx, struct err *err)
{
	size_t n = sizeof(families) / sizeof(families[0]);

	for (size_t i = 0; i < n; i++) {
		const struct family *f = families[i];
		void *cfg = NULL;
		if (f->cfg_new && f->cfg_new(NULL, &cfg, err) != ST_OK)
			return err->code;
		for (size_t m = 0; m < f->n_metrics(cfg); m++)
			fn(ctx, f->name, f->metric(cfg, m));
		if (f->cfg_free)
			f->cfg_free(cfg);
	}
	for (size_t i = 0; i < N_STEPS; i++) {
		const struct metric_def *defs = steps[i]->metrics(&n);
		for (size_t m = 0; m < n; m++)
			fn(ctx, steps[i]->name, &defs[m]);
	}
	return ST_OK;
}
