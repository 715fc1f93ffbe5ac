/* engine_tune_internal.h: the tuning session's state, shared by src/engine_tune.c (the
 * live recipe), engine_tune_count.c (recount, selection, margin, distributions) and
 * engine_tune_curator.c (AUC, confusion, suggested cuts). Not for the front ends. */
#ifndef WINNOW_ENGINE_TUNE_INTERNAL_H
#define WINNOW_ENGINE_TUNE_INTERNAL_H

#include "engine_internal.h"
#include "engine_select_internal.h"
#include "engine_tune.h"

struct tune_session {
	struct engine *e;
	struct score_matrix m;	/* every score; m.verdict follows the curator */
	uint8_t *verdict3;	/* the same as select_run.c reads them: 0 none, 1, 2 */
	int *ecol;		/* each matrix column's index in engine_columns, -1: none */
	bool *whole;		/* the column holds whole numbers only */
	/* the live recipe: the filters below, the rest from base */
	struct recipe *base;	/* as loaded: description, search, regex, diversity, seed... */
	char *name, *source;
	bool changed;
	struct tune_filter *f;
	float **fixed;		/* per filter: TK_FIXED's 0/1 column, else NULL */
	size_t n_f;
	bool has_regex, has_search;	/* base's regex / search are still filters */
	enum recipe_rank rank;
	struct recipe_term *terms;	/* owned copies */
	size_t n_terms;
	int64_t k;
	double fraction;
	/* the counts of the last recount */
	const float **tcols;	/* the matrix columns, then the fixed ones */
	struct tune_cut *cuts;
	bool *cand;		/* passes every filter */
	bool *chosen;		/* chosen by the recipe */
	struct tune_summary sum;
	/* the selection compared with */
	bool *in_last;
	/* rows per cluster (the `cluster` score), NULL without one */
	uint32_t *cluster_of;
	/* the decided rows, for AUC and suggestions */
	size_t *lab;
	size_t n_lab;
};

/* Recount everything after a change (engine_tune_count.c). */
void
tune_recount_all(struct tune_session *t);

/* The table and cuts for the pure functions, n_f cuts (engine_tune_count.c). */
void
tune_build_cuts(struct tune_session *t, struct tune_table *tab);

/* Group the rows by the `cluster` score, if there is one (engine_tune_count.c). */
void
tune_clusters_load(struct tune_session *t);

void
tune_summary_free(struct tune_summary *s);

/* A new TK_CUT filter "col op value" from `from` (engine_tune.c). False past
 * TUNE_MAX_CUTS. */
bool
tune_push_cut(struct tune_session *t, size_t col, enum tune_op op, double value,
	      const char *from);

/* A short value cutting col where d0 does (engine_tune.c). */
double
tune_short_cut(const struct tune_session *t, size_t col, enum tune_op op, double d0);

/* Refresh the list of decided rows (engine_tune_curator.c). */
void
tune_labels_refresh(struct tune_session *t);

/* The text of a cut or flag filter, as the filter language writes it. Caller's. */
char *
tune_filter_text(const struct tune_filter *f);

#endif
