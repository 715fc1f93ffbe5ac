/* report.h: what an evaluation run records and how its figures are computed: SDF, PIR
 * against the full-data model and against the random subset, and the survey's efficiency
 * reference line. Plain data shared by the engine, the store and the front ends. */
#ifndef WINNOW_EVAL_REPORT_H
#define WINNOW_EVAL_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum eval_model { EVAL_FULL, EVAL_SUBSET, EVAL_RANDOM, EVAL_N_MODELS };

/* "full", "subset", "random". */
const char *
eval_model_name(int m);

struct curve_point {
	int64_t step, tokens;
	float loss;		/* mean training loss since the previous point */
};

struct eval_model_row {
	int model;		/* enum eval_model */
	int64_t n_train, train_tokens, steps;
	double seconds;
	double loss, ppl;	/* on the held-out set; NAN until measured */
};

/* One run as stored (strings owned; free with eval_run_row_free). */
struct eval_run_row {
	int64_t id;
	char *kind;		/* gpt, ngram, external */
	char *status;		/* running, done, cancelled, failed, exported */
	char *selection, *selection_hash, *config, *eval_source, *metric;
	char *started_at, *finished_at, *error;
	int64_t n_full, n_subset, n_random, n_eval;
	double sdf, pir, pir_random;	/* NAN until done */
	struct eval_model_row models[EVAL_N_MODELS];
	size_t n_models;
};

void
eval_run_row_free(struct eval_run_row *r);

/* The reference line of Liu et al. (NAACL 2025), fitted through Instruction-Mining and
 * InstructionGPT-4: PIR = 1.400 + 1.303 (SDF - 0.025). */
double
eval_pir_ref(double sdf);

struct eval_metrics {
	double sdf;		/* |subset| / |full| */
	double pir;		/* full vs subset: > 1 means the subset model is better */
	double pir_random;	/* random vs subset: > 1 means the subset beats chance */
	double pir_ref;		/* the reference line at this SDF */
};

/* For a metric where lower is better (a loss) PIR = full / subset; where higher is better
 * (an accuracy) PIR = subset / full. The same for the random subset. */
void
eval_metrics_compute(int64_t n_subset, int64_t n_full, double full, double subset, double random,
		     bool lower_better, struct eval_metrics *out);

#endif
