/* engine_why.c: stored selections: listing them, their ids, removing them, and why one
 * sample is in or out of one (its trace record, the recipe as run, and the curator's
 * decision now). */
#include <stdlib.h>
#include <string.h>

#include "engine_select_internal.h"
#include "store_decide.h"
#include "store_select.h"
#include "util/xalloc.h"

struct list_ctx {
	selection_info_fn fn;
	void *ctx;
};

static enum status
list_one(void *ctx, const struct store_selection *s, struct err *err)
{
	struct list_ctx *c = ctx;
	struct selection_info si = {s->name, s->recipe_name, s->hash, s->made_at, s->seed,
				    s->n_samples, s->n_candidates, s->n_recipe, s->n_added,
				    s->n_removed, s->n_final};

	return c->fn(c->ctx, &si, err);
}

enum status
engine_selections_each(struct engine *e, selection_info_fn fn, void *ctx, struct err *err)
{
	struct list_ctx c = {fn, ctx};

	return store_selections_each(e->store, list_one, &c, err);
}

enum status
engine_selection_ids(struct engine *e, const char *name, int64_t **ids, size_t *n,
		     char hash[65], struct err *err)
{
	struct store_selection s;
	enum status rc = store_selection_get(e->store, name, true, &s, err);

	*ids = NULL;
	*n = 0;
	if (rc != ST_OK)
		return rc;
	sel_ids_hash(s.ids, s.n_ids, hash);
	if (strcmp(hash, s.hash) != 0)
		rc = err_set(err, ST_DB, "selection '%s': its ids do not match its recorded hash",
			     s.name);
	if (rc == ST_OK) {
		*ids = s.ids;
		*n = s.n_ids;
		s.ids = NULL;
	}
	store_selection_free(&s);
	return rc;
}

enum status
engine_selection_rm(struct engine *e, const char *name, struct err *err)
{
	return store_selection_rm(e->store, name, err);
}

enum status
engine_why(struct engine *e, const char *selection, int64_t id, struct why_result *res,
	   struct err *err)
{
	struct store_selection s;
	unsigned char rec[SEL_TRACE_SIZE];
	enum status rc = store_selection_get(e->store, selection, false, &s, err);

	memset(res, 0, sizeof(*res));
	if (rc != ST_OK)
		return rc;
	rc = store_selection_trace_get(e->store, s.id, id, SEL_TRACE_SIZE, rec, err);
	if (rc == ST_OK)
		rc = recipe_parse(s.recipe, s.name, NULL, 0, &res->recipe, err);
	if (rc == ST_OK)
		rc = store_decision_get(e->store, id, &res->verdict_now, &res->curator, &res->reason,
					&res->note, &res->at, err);
	if (rc == ST_OK) {
		sel_trace_unpack(rec, &res->t);
		res->selection = s.name;
		res->recipe_label = s.recipe_name;
		res->made_at = s.made_at;
		s.name = s.recipe_name = s.made_at = NULL;
		res->n_candidates = s.n_candidates;
		res->n_recipe = s.n_recipe;
		res->budget = strategy_budget((size_t)s.n_candidates, res->recipe->k,
					      res->recipe->fraction);
	}
	store_selection_free(&s);
	if (rc != ST_OK)
		why_result_free(res);
	return rc;
}

void
why_result_free(struct why_result *res)
{
	free(res->selection);
	free(res->recipe_label);
	free(res->made_at);
	recipe_free(res->recipe);
	free(res->curator);
	free(res->reason);
	free(res->note);
	free(res->at);
	memset(res, 0, sizeof(*res));
}
