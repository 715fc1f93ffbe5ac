/* engine_cache.h: what the engine keeps in memory for the TUI's reads (score columns,
 * their distributions, the built-in rules); shared by src/engine_columns.c,
 * engine_browse.c and engine_sample.c only. */
#ifndef WINNOW_ENGINE_CACHE_H
#define WINNOW_ENGINE_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "engine_browse.h"

struct rules;
struct rules_scratch;

struct col_dist {
	double *v;		/* sorted non-null values */
	size_t n;
	size_t n_null;
	double sum;
};

struct engine_cache {
	struct column_info *cols;	/* strings owned */
	size_t n_cols;
	bool loaded;
	struct col_dist *dist;	/* n_cols of them once dist_loaded */
	bool dist_loaded;
	bool sampled;
	struct rules *rules;	/* the built-in rules, loaded on first use */
	struct rules_scratch *rs;
	bool rules_tried;
	int next_set;		/* numbers the browse lists' temporary tables */
	bool counted;		/* n_samples and max_id are known */
	int64_t n_samples, max_id;
};

#endif
