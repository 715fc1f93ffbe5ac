/* engine_select.h: stage 2's selector for both front ends: saved recipes, running a
 * selection (recipe + curator decisions), explaining one sample, and exporting a stored
 * selection with its manifest. Never prints. */
#ifndef WINNOW_ENGINE_SELECT_H
#define WINNOW_ENGINE_SELECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "select/recipe.h"
#include "select/select_run.h"
#include "engine.h"
#include "util/status.h"

struct engine;

/* ---- recipes ---- */

/* The recipe JSON to run: the file (when file is set), else the saved recipe called name,
 * else (name NULL or "default") the built-in default. OUT: *json and *label ("default",
 * the name, or the file's path), both the caller's. ST_NOTFOUND, ST_IO for a file. */
enum status
engine_recipe_source(struct engine *e, const char *name, const char *file, char **json,
		     char **label, struct err *err);

/* Check a recipe against the project (its keys, score names and filters) and give its
 * canonical form. source names it in messages. OUT: *canonical (the caller's; may be
 * NULL to only check). ST_BADDATA or ST_BADQUERY naming the key. */
enum status
engine_recipe_check(struct engine *e, const char *json, const char *source, char **canonical,
		    struct err *err);

/* Save (checked, canonical) under name ([A-Za-z0-9_.-], not "default"). An existing one
 * is replaced only if replace. */
enum status
engine_recipe_save(struct engine *e, const char *name, const char *json, const char *source,
		   bool replace, struct err *err);

enum status
engine_recipe_rm(struct engine *e, const char *name, struct err *err);

struct recipe_info {
	const char *name, *json, *saved_at;	/* saved_at NULL for the built-in one */
	const char *description;		/* NULL if none */
};
typedef enum status (*recipe_info_fn)(void *ctx, const struct recipe_info *r, struct err *err);

/* The built-in default first, then the saved ones by name. */
enum status
engine_recipes_each(struct engine *e, recipe_info_fn fn, void *ctx, struct err *err);

/* ---- running a selection ---- */

struct select_opts {
	const char *recipe;	/* a saved recipe's name; NULL: the default */
	const char *recipe_file; /* or a recipe file */
	const char *name;	/* the selection's name; NULL: the recipe's label */
	bool dry_run;		/* count, do not store */
	bool has_seed;		/* override the recipe's seed */
	uint64_t seed;
	bool want_recipe_ids;	/* fill select_result.recipe_ids */
};

struct select_step {
	char *from, *text;	/* the recipe key and the filter */
	int64_t left;		/* samples left after this step (and every earlier one) */
};

struct select_result {
	char *name, *recipe_label, *recipe_json;
	uint64_t seed;
	int64_t n_samples;
	struct select_step *steps;
	size_t n_steps;
	int64_t n_candidates;	/* after the steps and the search */
	int64_t n_ranked_out;	/* dropped by diversity, quotas, budget or sampling */
	int64_t n_recipe, n_added, n_removed, n_final;
	int64_t n_unscored;	/* samples without a value in a score the recipe reads */
	char *unscored_col;	/* one such score, NULL if none */
	char hash[65];		/* of the final ids */
	bool stored, replaced;	/* saved as a selection; one of that name was replaced */
	int64_t *recipe_ids;	/* with want_recipe_ids: what the recipe chose, before the
				 * curator's decisions (ascending) */
	size_t n_recipe_ids;
	double seconds;
};

/* Run the recipe, apply the curator's decisions, store the result as a selection
 * (unless dry_run). OUT: *res (free with select_result_free). */
enum status
engine_select(struct engine *e, const struct select_opts *o, struct select_result *res,
	      struct err *err);

void
select_result_free(struct select_result *res);

/* ---- stored selections ---- */

struct selection_info {
	const char *name, *recipe_name, *hash, *made_at;
	uint64_t seed;
	int64_t n_samples, n_candidates, n_recipe, n_added, n_removed, n_final;
};
typedef enum status (*selection_info_fn)(void *ctx, const struct selection_info *s,
					 struct err *err);
enum status
engine_selections_each(struct engine *e, selection_info_fn fn, void *ctx, struct err *err);

/* The final ids of a stored selection (NULL: the latest), ascending, and their hash
 * (SHA-256 of the ids, one per line: what eval records as selection_hash).
 * OUT: *ids (free()), *n, hash. */
enum status
engine_selection_ids(struct engine *e, const char *name, int64_t **ids, size_t *n,
		     char hash[65], struct err *err);

enum status
engine_selection_rm(struct engine *e, const char *name, struct err *err);

/* ---- why ---- */

struct why_result {
	char *selection, *recipe_label, *made_at;
	struct sel_trace t;		/* as recorded when the selection was made */
	struct recipe *recipe;		/* the recipe as run (steps, rank, budget...) */
	int64_t n_candidates, n_recipe;
	size_t budget;			/* how many the budget allowed (of n_candidates) */
	/* the sample's decision now */
	int verdict_now;		/* 0 none, 1 accept, 2 reject */
	char *curator, *reason, *note, *at;
};

/* Why sample id is in or out of the selection (NULL: the latest). ST_NOTFOUND if there
 * is no such selection or the sample was not in the project then.
 * OUT: *res (free with why_result_free). */
enum status
engine_why(struct engine *e, const char *selection, int64_t id, struct why_result *res,
	   struct err *err);

void
why_result_free(struct why_result *res);

/* ---- export ---- */

struct selection_export_opts {
	const char *selection;	/* NULL: the latest */
	const char *out;	/* the subset file; the manifest goes to OUT.manifest.json */
	bool rejected;		/* write the complement (every sample not selected) instead */
	const char *version;	/* winnow's version, for the manifest */
	enum export_to to;	/* the original JSON (0), or rebuilt as another format */
};

struct selection_export_result {
	int64_t n_rows;
	char out_hash[65];
	char *manifest_path;	/* the caller's */
};

/* Writes the rows in their original JSON (JSONL, or a JSON array if OUT ends in .json)
 * and the manifest, each atomically (temporary file + rename). The same command on the
 * same project writes the same bytes. */
enum status
engine_export_selection(struct engine *e, const struct selection_export_opts *o,
			struct selection_export_result *res, struct err *err);

#endif
