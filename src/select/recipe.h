/* recipe.h: a selection recipe, a small JSON document (see README "Selection"):
 *
 *   { "description": "...",
 *     "filter":   "resp_words >= 5 and not flag_refusal"  or a list of such steps,
 *     "ranges":   { "resp_words": {"min": 5, "max": 4000}, ... },
 *     "flags":    { "flag_refusal": false, "dup_rep": true, ... },
 *     "search":   "FTS5 query",
 *     "regex":    "PCRE2 pattern"  or  {"pattern": "...", "field": "prompt|response|any"},
 *     "rank":     "score"  or  {"score": s, "weight": w, "direction": "higher|lower"}
 *                 or a list of those (a weighted sum of normalised scores),
 *                 or "random" (the random baseline), or "dsir" (Gumbel top-k on dsir_logw),
 *     "normalize": "rank" (percentiles, the default) or "minmax",
 *     "diversity": {"method": "deita", "threshold": 0.1} | {"method": "kcenter"}
 *                  | {"method": "cluster", "per_cluster": n},
 *     "budget":   {"k": n}  or  {"fraction": f},
 *     "target":   "target.jsonl"  (the target set DSIR's weights were fitted to),
 *     "seed":     42 }
 *
 * Every key is optional. Unknown keys, and score names that are not columns, are
 * errors naming the key path and suggesting the closest valid name.
 * Owns: struct recipe and its strings. cJSON trees never outlive recipe_parse and
 * recipe_to_json. */
#ifndef WINNOW_RECIPE_H
#define WINNOW_RECIPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "select/strategy.h"
#include "util/status.h"

/* A score the recipe may name, with which way is better (+1, -1, 0: not said). */
struct recipe_score {
	const char *name;
	int dir;
};

#define RECIPE_MAX_TERMS 64	/* scores in one ranking */

enum recipe_rank { RANK_NONE, RANK_SCORES, RANK_RANDOM, RANK_DSIR };
enum recipe_div { DIV_NONE, DIV_DEITA, DIV_KCENTER, DIV_CLUSTER };

struct recipe_term {
	char *score;
	double weight;
	int dir;	/* +1 higher is better, -1 lower */
};

/* One filter step: the filter-language text, and the recipe key it came from. */
struct recipe_step {
	char *text;
	char *from;	/* "filter[0]", "ranges.resp_words", "flags.dup_rep", "regex" */
};

struct recipe_range {
	char *score;
	bool has_min, has_max;
	double min, max;	/* inclusive */
};

struct recipe_flag {
	char *score;
	bool value;		/* true: the flag must be set; false: it must not be */
};

struct recipe {
	char *description;
	char **filters;
	size_t n_filters;
	struct recipe_range *ranges;
	size_t n_ranges;
	struct recipe_flag *flags;
	size_t n_flags;
	char *regex;			/* PCRE2 pattern or NULL */
	char *regex_field;		/* prompt, response or any */
	/* filters, ranges, flags and regex as filter steps, ANDed in this order */
	struct recipe_step *steps;
	size_t n_steps;
	char *search;			/* FTS5 query or NULL */
	enum recipe_rank rank;
	struct recipe_term *terms;
	size_t n_terms;
	enum rank_norm norm;
	enum recipe_div div;
	double threshold;		/* deita: minimum cosine distance */
	int64_t per_cluster;		/* cluster: 0 = equal shares of the budget */
	int64_t k;			/* budget: k > 0, else fraction > 0, else everything */
	double fraction;
	char *target;
	uint64_t seed;
};

/* Parse and check a recipe. source names it in messages ("recipe 'x'", "r.json").
 * scores: the score columns with their directions (NULL: names are not checked, for a
 * recipe stored when it ran). Errors are ST_BADDATA:
 *   "<source>: line 3: malformed JSON"
 *   "<source>: unknown key 'rnak'; did you mean 'rank'?"
 *   "<source>: rank[1].score: unknown score 'resp_mtl'; did you mean 'resp_mtld'?"
 *   "<source>: budget.fraction: expected a number in (0, 1]"
 * Filter texts are checked by the caller (they need the project's names).
 * OUT: *out (free with recipe_free), NULL on error. */
enum status
recipe_parse(const char *json, const char *source, const struct recipe_score *scores,
	     size_t n_scores, struct recipe **out, struct err *err);

void
recipe_free(struct recipe *r);

/* The recipe as canonical JSON: every key in a fixed order, defaults written out, two
 * spaces of indent, a final newline. Parsing it again gives the same text.
 * Returned string is the caller's. */
char *
recipe_to_json(const struct recipe *r);

/* The score columns the recipe's ranking, diversity and sampling read (not its filter
 * steps). OUT: names borrowed from r or static; *n. */
size_t
recipe_columns(const struct recipe *r, const char **names, size_t max);

/* v as a recipe writes numbers: the shortest text that reads back as the same double. */
void
recipe_number(char out[40], double v);

/* The built-in recipe 'default' (JSON, static). */
const char *
recipe_default_json(void);

#endif
