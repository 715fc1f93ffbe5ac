/* engine_sample.c: one sample as the detail view shows it: every score with its
 * percentile, the notes scorer families left (fired rules, language), its duplicate
 * cluster, and where the built-in rules fired in its text. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine_browse.h"
#include "engine_cache.h"
#include "engine_internal.h"
#include "score/rules.h"
#include "store_browse.h"
#include "util/xalloc.h"

struct scores_acc {
	struct engine *e;
	struct sample_score *out;
	size_t n;
};

static enum status
take_scores(void *ctx, int64_t id, const double *vals, const bool *nul, struct err *err)
{
	struct scores_acc *a = ctx;

	(void)id;
	(void)err;
	for (size_t i = 0; i < a->n; i++) {
		a->out[i].value = vals[i];
		a->out[i].nul = nul[i];
		a->out[i].pct = nul[i] || !a->e ? NAN : engine_percentile(a->e, i, vals[i]);
	}
	return ST_OK;
}

enum status
engine_sample_scores(struct engine *e, int64_t id, struct sample_score **out, size_t *n,
		     struct err *err)
{
	const struct column_info *cols;
	size_t n_cols;
	enum status rc = engine_columns(e, &cols, &n_cols, err);
	struct scores_acc a = {e, NULL, 0};

	*out = NULL;
	*n = 0;
	if (rc != ST_OK)
		return rc;
	a.out = xcalloc(n_cols + 1, sizeof(*a.out));
	a.n = n_cols;
	const char **names = xcalloc(n_cols + 1, sizeof(*names));
	for (size_t i = 0; i < n_cols; i++) {
		names[i] = cols[i].name;
		a.out[i] = (struct sample_score){i, 0, true, NAN};
	}
	if (n_cols)
		rc = store_score_values(e->store, names, n_cols, &id, 1, take_scores, &a, err);
	free(names);
	if (rc != ST_OK) {
		free(a.out);
		return rc;
	}
	*out = a.out;
	*n = n_cols;
	return ST_OK;
}

enum status
engine_sample_note(struct engine *e, int64_t id, const char *family, char **out,
		   struct err *err)
{
	char col[96];

	snprintf(col, sizeof(col), "note_%s", family);
	return store_score_text(e->store, id, col, out, err);
}

enum status
engine_cluster(struct engine *e, int64_t id, size_t max, int64_t *rep, int64_t **ids,
	       size_t *n, int64_t *size, struct err *err)
{
	const char *col = "dup_cluster";
	struct sample_score one = {0, 0, true, NAN};
	struct scores_acc a = {NULL, &one, 1};
	enum status rc = ST_OK;

	*rep = id;
	if (store_scores_has(e->store, col))
		rc = store_score_values(e->store, &col, 1, &id, 1, take_scores, &a, err);
	if (rc == ST_OK && !one.nul)
		*rep = (int64_t)one.value;
	if (rc == ST_OK && !one.nul)
		rc = store_cluster_members(e->store, *rep, max, ids, n, size, err);
	else if (rc == ST_OK) {	/* not clustered: a cluster of itself */
		*ids = xcalloc(2, sizeof(**ids));
		(*ids)[0] = id;
		*n = 1;
		*size = 1;
	}
	return rc;
}

/* ---- rules ---- */

static struct rules *
builtin_rules(struct engine *e, struct rules_scratch **rs)
{
	struct engine_cache *c;
	const struct column_info *cols;
	size_t n;
	struct err err;

	if (engine_columns(e, &cols, &n, &err) != ST_OK)
		return NULL;
	c = e->cache;
	if (!c->rules_tried) {
		c->rules_tried = true;
		if (rules_load(rules_default_text(), "<default>", &c->rules, &err) == ST_OK)
			c->rs = rules_scratch_new(c->rules);
	}
	*rs = c->rs;
	return c->rules;
}

bool
engine_rules_builtin(struct engine *e, int64_t id)
{
	struct rules_scratch *rs;
	struct rules *r = builtin_rules(e, &rs);
	char *version = NULL;
	struct err err;
	bool same;

	if (!r || store_score_text(e->store, id, "v_rules", &version, &err) != ST_OK)
		return false;
	same = version && strcmp(version, rules_version(r)) == 0;
	free(version);
	return same;
}

void
engine_rule_spans(struct engine *e, const char *rule_id, bool prompt, const char *text,
		  size_t len, span_fn fn, void *ctx)
{
	struct rules_scratch *rs;
	struct rules *r = builtin_rules(e, &rs);

	if (r)
		rules_spans(r, rs, rule_id, prompt, text, len, fn, ctx);
}
