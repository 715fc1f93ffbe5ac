/* report.c: see report.h. */
#include "report.h"

#include <math.h>
#include <stdlib.h>

const char *
eval_model_name(int m)
{
	static const char *const names[EVAL_N_MODELS] = {"full", "subset", "random"};

	return m >= 0 && m < EVAL_N_MODELS ? names[m] : "?";
}

void
eval_run_row_free(struct eval_run_row *r)
{
	if (!r)
		return;
	free(r->kind);
	free(r->status);
	free(r->selection);
	free(r->selection_hash);
	free(r->config);
	free(r->eval_source);
	free(r->metric);
	free(r->started_at);
	free(r->finished_at);
	free(r->error);
}

double
eval_pir_ref(double sdf)
{
	return 1.400 + 1.303 * (sdf - 0.025);
}

static double
ratio(double a, double b)
{
	return b > 0 && isfinite(a) && isfinite(b) ? a / b : NAN;
}

void
eval_metrics_compute(int64_t n_subset, int64_t n_full, double full, double subset, double random,
		     bool lower_better, struct eval_metrics *out)
{
	out->sdf = n_full > 0 ? (double)n_subset / (double)n_full : NAN;
	out->pir = lower_better ? ratio(full, subset) : ratio(subset, full);
	out->pir_random = lower_better ? ratio(random, subset) : ratio(subset, random);
	out->pir_ref = eval_pir_ref(out->sdf);
}
