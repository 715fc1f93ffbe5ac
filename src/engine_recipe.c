/* engine_recipe.c: recipes against a project: where a recipe comes from (saved, built-in
 * or a file), checking it (keys, score names, filters, search), saving and listing. */
#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine_select_internal.h"
#include "store_filter.h"
#include "store_select.h"
#include "util/buf.h"
#include "util/xalloc.h"

struct score_list {
	struct recipe_score *s;
	size_t n;
};

static void
set_dir(void *ctx, const char *name, int dir)
{
	struct score_list *l = ctx;

	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->s[i].name, name) == 0)
			l->s[i].dir = dir;
}

/* Every score column (REAL) with the direction its scorer declared. The names are
 * borrowed from cols. */
static enum status
score_list(struct engine *e, struct score_col *cols, size_t n_cols, struct score_list *l,
	   struct err *err)
{
	l->s = xcalloc(n_cols + 1, sizeof(*l->s));
	l->n = 0;
	for (size_t i = 0; i < n_cols; i++)
		if (!cols[i].is_text)
			l->s[l->n++] = (struct recipe_score){cols[i].name, 0};
	return store_scorer_dirs(e->store, set_dir, l, err);
}

static enum status
compile_steps(struct engine *e, const char *source, struct loaded_recipe *lr, struct err *err)
{
	struct recipe *r = lr->r;
	enum status rc = ST_OK;

	if (r->n_steps > SEL_MAX_STEPS)
		return err_set(err, ST_BADDATA, "%s: %zu filter steps; at most %d", source,
			       r->n_steps, SEL_MAX_STEPS);
	lr->steps = xcalloc(r->n_steps + 1, sizeof(*lr->steps));
	for (size_t i = 0; rc == ST_OK && i < r->n_steps; i++) {
		rc = engine_filter_parse(e, r->steps[i].text, &lr->steps[i], err);
		if (rc != ST_OK && strncmp(err->msg, "filter: ", 8) == 0)
			memmove(err->msg, err->msg + 8, strlen(err->msg + 8) + 1);
		if (rc != ST_OK)
			err_prefix(err, "%s: %s", source, r->steps[i].from);
	}
	if (rc == ST_OK && r->search) {
		int64_t n;
		rc = engine_filter_count(e, NULL, r->search, &n, err);
		if (rc != ST_OK)
			err_prefix(err, "%s: search", source);
	}
	return rc;
}

enum status
recipe_load(struct engine *e, const char *json, const char *source, struct loaded_recipe *out,
	    struct err *err)
{
	struct score_col *cols = NULL;
	struct score_list l = {0};
	size_t n_cols = 0;
	enum status rc = store_score_cols(e->store, &cols, &n_cols, err);

	memset(out, 0, sizeof(*out));
	if (rc == ST_OK)
		rc = score_list(e, cols, n_cols, &l, err);
	if (rc == ST_OK)
		rc = recipe_parse(json, source, l.s, l.n, &out->r, err);
	if (rc == ST_OK)
		rc = compile_steps(e, source, out, err);
	free(l.s);
	store_score_cols_free(cols, n_cols);
	if (rc != ST_OK)
		loaded_recipe_free(out);
	return rc;
}

void
loaded_recipe_free(struct loaded_recipe *lr)
{
	for (size_t i = 0; lr->r && lr->steps && i < lr->r->n_steps; i++)
		filter_free(lr->steps[i]);
	free(lr->steps);
	recipe_free(lr->r);
	memset(lr, 0, sizeof(*lr));
}

static enum status
read_file(const char *path, char **out, struct err *err)
{
	FILE *fp = fopen(path, "rb");
	struct buf b = BUF_INIT;
	char chunk[8192];
	size_t n;

	*out = NULL;
	if (!fp)
		return err_set(err, ST_IO, "%s: cannot open: %s", path, strerror(errno));
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		buf_append(&b, chunk, n);
	if (ferror(fp)) {
		fclose(fp);
		buf_free(&b);
		return err_set(err, ST_IO, "%s: cannot read", path);
	}
	fclose(fp);
	if (memchr(buf_str(&b), '\0', b.len)) {
		buf_free(&b);
		return err_set(err, ST_BADDATA, "%s: not a text file", path);
	}
	*out = b.data ? buf_take(&b) : xstrdup("");
	return ST_OK;
}

enum status
engine_recipe_source(struct engine *e, const char *name, const char *file, char **json,
		     char **label, struct err *err)
{
	enum status rc;

	*json = *label = NULL;
	if (file) {
		rc = read_file(file, json, err);
		if (rc == ST_OK)
			*label = xstrdup(file);
		return rc;
	}
	if (!name || strcmp(name, "default") == 0) {
		*json = xstrdup(recipe_default_json());
		*label = xstrdup("default");
		return ST_OK;
	}
	rc = store_recipe_get(e->store, name, json, err);
	if (rc == ST_OK)
		*label = xstrdup(name);
	return rc;
}

enum status
engine_recipe_check(struct engine *e, const char *json, const char *source, char **canonical,
		    struct err *err)
{
	struct loaded_recipe lr;
	enum status rc = recipe_load(e, json, source, &lr, err);

	if (canonical)
		*canonical = rc == ST_OK ? recipe_to_json(lr.r) : NULL;
	loaded_recipe_free(&lr);
	return rc;
}

static bool
name_ok(const char *name)
{
	if (!name || !*name || strlen(name) > 64)
		return false;
	for (const char *p = name; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		      *p == '_' || *p == '-' || *p == '.'))
			return false;
	return true;
}

enum status
engine_recipe_save(struct engine *e, const char *name, const char *json, const char *source,
		   bool replace, struct err *err)
{
	char *canonical = NULL, *old = NULL;
	struct err ignore;
	enum status rc;

	if (!name_ok(name))
		return err_set(err, ST_USAGE, "'%s' is not a recipe name (use A-Z, a-z, 0-9, _ . -, "
				   "at most 64)", name ? name : "");
	if (strcmp(name, "default") == 0)
		return err_set(err, ST_USAGE, "'default' is the built-in recipe; save yours under "
				   "another name");
	if (!replace && store_recipe_get(e->store, name, &old, &ignore) == ST_OK) {
		free(old);
		return err_set(err, ST_USAGE, "a recipe called '%s' exists; use --force to replace it",
			       name);
	}
	rc = engine_recipe_check(e, json, source, &canonical, err);
	if (rc == ST_OK)
		rc = store_recipe_put(e->store, name, canonical, err);
	free(canonical);
	return rc;
}

enum status
engine_recipe_rm(struct engine *e, const char *name, struct err *err)
{
	if (name && strcmp(name, "default") == 0)
		return err_set(err, ST_USAGE, "'default' is built in and cannot be removed");
	return store_recipe_rm(e->store, name, err);
}

/* The description field of a recipe's JSON, for listings (the caller's; NULL if none). */
static char *
description_of(const char *json)
{
	cJSON *root = cJSON_Parse(json);
	const cJSON *d = cJSON_GetObjectItemCaseSensitive(root, "description");
	char *out = cJSON_IsString(d) ? xstrdup(d->valuestring) : NULL;

	cJSON_Delete(root);
	return out;
}

struct each_ctx {
	recipe_info_fn fn;
	void *ctx;
};

static enum status
each_saved(void *ctx, const char *name, const char *json, const char *saved_at, struct err *err)
{
	struct each_ctx *c = ctx;
	char *d = description_of(json);
	struct recipe_info ri = {name, json, saved_at, d};
	enum status rc = c->fn(c->ctx, &ri, err);

	free(d);
	return rc;
}

enum status
engine_recipes_each(struct engine *e, recipe_info_fn fn, void *ctx, struct err *err)
{
	struct each_ctx c = {fn, ctx};
	char *d = description_of(recipe_default_json());
	struct recipe_info def = {"default", recipe_default_json(), NULL, d};
	enum status rc = fn(ctx, &def, err);

	free(d);
	if (rc == ST_OK)
		rc = store_recipes_each(e->store, each_saved, &c, err);
	return rc;
}
