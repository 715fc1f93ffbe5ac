/* select_run.h: one selection over in-memory arrays: the filter steps' results, the
 * ranking, the diversity or sampling step, the budget, then the curator's decisions
 * (accepted: in; rejected: out). Records for every sample why it is in or out.
 * Pure: the engine loads the arrays (engine_select.c); no store, no I/O. */
#ifndef WINNOW_SELECT_RUN_H
#define WINNOW_SELECT_RUN_H

#include <stddef.h>
#include <stdint.h>

#include "select/recipe.h"
#include "select/strategy.h"
#include "util/status.h"

#define SEL_MAX_STEPS 62	/* filter steps; bit 63 of a trace's mask is the search */
#define SEL_SEARCH_BIT 63

enum sel_outcome {
	SEL_FILTERED,	/* failed a filter step or the search */
	SEL_DIVERSITY,	/* too close to a kept sample (deita) or not a center (kcenter) */
	SEL_QUOTA,	/* its cluster was full */
	SEL_BUDGET,	/* ranked below the budget */
	SEL_KEPT,	/* chosen by the recipe */
	SEL_NOT_DRAWN,	/* random or DSIR: not drawn */
};

/* Why one sample is in or out (also the stored trace record, 32 bytes). */
struct sel_trace {
	int64_t id;
	uint64_t failed;	/* bit i: filter step i failed; bit 63: the search did not match */
	uint32_t rank;		/* 1-based position in the ranking; 0: not a candidate */
	uint8_t outcome;	/* enum sel_outcome */
	uint8_t verdict;	/* the curator's, when selected: 0 none, 1 accept, 2 reject */
	uint8_t final;		/* in the final selection */
	int64_t other;		/* SEL_DIVERSITY (deita): the kept sample it was too close to;
				 * SEL_QUOTA: its cluster */
};

#define SEL_TRACE_SIZE 32

void sel_trace_pack(const struct sel_trace *t, unsigned char out[SEL_TRACE_SIZE]);
void sel_trace_unpack(const unsigned char in[SEL_TRACE_SIZE], struct sel_trace *t);

/* Loads the vectors of the candidates cand_ids[0..n) (in that order) for a diversity
 * step. OUT: *v, *owner (freed with free_vecs). */
struct sel_vectors {
	enum status (*load)(void *ctx, const int64_t *cand_ids, size_t n, struct svecs *v,
			    void **owner, struct err *err);
	void (*free_vecs)(void *owner);
	void *ctx;
};

struct sel_input {
	size_t n;			/* samples, in id order */
	const int64_t *ids;
	const uint8_t *verdict;		/* 0 none, 1 accept, 2 reject */
	const struct recipe *r;
	const uint8_t *const *step_pass;	/* r->n_steps arrays of n: 1 if it passes */
	const uint8_t *search_pass;	/* NULL if the recipe has no search */
	const double *const *rank_cols;	/* r->n_terms columns of n values (NAN: none) */
	const double *cluster;		/* with DIV_CLUSTER */
	const double *dsir_logw;	/* with RANK_DSIR */
	struct sel_vectors vectors;	/* with DIV_DEITA or DIV_KCENTER */
	uint64_t seed;
};

struct sel_output {
	struct sel_trace *trace;	/* n, in id order */
	int64_t *final_ids;		/* ascending */
	size_t n_final;
	int64_t *after_step;		/* samples left after filter steps 0..i (sequentially) */
	int64_t n_candidates;		/* after every step and the search */
	int64_t n_ranked_out;		/* dropped by diversity, quota, budget or sampling */
	int64_t n_recipe, n_added, n_removed;
};

/* OUT: *out (free with sel_output_free). Errors: those of vectors.load. */
enum status
sel_run(const struct sel_input *in, struct sel_output *out, struct err *err);

void
sel_output_free(struct sel_output *out);

/* SHA-256 of ids, one decimal number per line ("12\n"), for selections, manifests and
 * evaluation runs. OUT: hex. */
void
sel_ids_hash(const int64_t *ids, size_t n, char hex[65]);

#endif
