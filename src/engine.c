/* engine.c: opening a project and the reading side of the engine API. */
#include "engine.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "engine_browse.h"
#include "engine_internal.h"
#include "ingest/rawpack.h"
#include "score/family.h"
#include "util/buf.h"
#include "util/xalloc.h"

enum status
engine_open(const char *path, int flags, struct engine **out, struct err *err)
{
	struct engine *e;
	struct store *st = NULL;
	int sflags = (flags & ENGINE_CREATE ? STORE_CREATE : 0) |
		     (flags & ENGINE_READONLY ? STORE_READONLY : 0);
	enum status rc = store_open(path, sflags, &st, err);

	*out = NULL;
	if (rc != ST_OK)
		return rc;
	e = xcalloc(1, sizeof(*e));
	e->store = st;
	e->path = xstrdup(path);
	*out = e;
	return ST_OK;
}

void
engine_close(struct engine *e)
{
	if (!e)
		return;
	engine_cache_free(e->cache);
	store_close(e->store);
	free(e->path);
	free(e);
}

const char *
engine_path(const struct engine *e)
{
	return e->path;
}

enum status
engine_import(struct engine *e, const char *const *paths, size_t n, const struct import_opts *o,
	      struct import_result *res, struct err *err)
{
	enum status rc = import_files(e->store, paths, n, o, res, err);

	engine_columns_reload(e);	/* the cached sample count is stale */
	return rc;
}

/* With no model and no --only, every family and step but those that need a model. */
enum status
engine_score(struct engine *e, const struct score_opts *o, struct score_result *res,
	     struct err *err)
{
	enum status rc = score_run(e->store, o, res, err);

	engine_columns_reload(e);	/* new columns, new values */
	return rc;
}

enum status
engine_datasets(struct engine *e, struct dataset **out, size_t *n, struct err *err)
{
	return store_datasets_list(e->store, out, n, err);
}

void
engine_datasets_free(struct dataset *ds, size_t n)
{
	store_datasets_free(ds, n);
}

/* turns_json -> turns; NULL turns_json means user=prompt, assistant=response. */
static enum status
parse_turns(struct sample *s, struct err *err)
{
	cJSON *arr, *t;
	size_t i = 0;

	if (!s->turns_json) {
		s->n_turns = 2;
		s->turns = xcalloc(2, sizeof(*s->turns));
		s->turns[0] = (struct turn){xstrdup("user"), xstrdup(s->prompt)};
		s->turns[1] = (struct turn){xstrdup("assistant"), xstrdup(s->response)};
		return ST_OK;
	}
	arr = cJSON_Parse(s->turns_json);
	if (!cJSON_IsArray(arr)) {
		cJSON_Delete(arr);
		return err_set(err, ST_DB, "sample %lld: stored turns are not a JSON array",
			       (long long)s->id);
	}
	s->n_turns = (size_t)cJSON_GetArraySize(arr);
	s->turns = xcalloc(s->n_turns ? s->n_turns : 1, sizeof(*s->turns));
	cJSON_ArrayForEach(t, arr) {
		const char *role = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(t, "role"));
		const char *text = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(t, "text"));
		s->turns[i].role = xstrdup(role ? role : "?");
		s->turns[i].text = xstrdup(text ? text : "");
		i++;
	}
	cJSON_Delete(arr);
	return ST_OK;
}

enum status
engine_sample_get(struct engine *e, int64_t id, struct sample *out, struct err *err)
{
	enum status rc = store_sample_get(e->store, id, out, err);

	if (rc == ST_OK && out->packed) {
		struct buf raw = BUF_INIT;
		rawpack_unpack(out->raw, out->raw_len, out->packed, out->prompt, out->response, &raw);
		free(out->raw);
		out->raw_len = raw.len;
		out->raw = buf_take(&raw);
		out->packed = 0;
	}
	if (rc == ST_OK)
		rc = parse_turns(out, err);
	if (rc != ST_OK)
		sample_free(out);
	return rc;
}

void
sample_free(struct sample *s)
{
	for (size_t i = 0; i < s->n_turns && s->turns; i++) {
		free(s->turns[i].role);
		free(s->turns[i].text);
	}
	free(s->turns);
	free(s->dataset);
	free(s->format);
	free(s->prompt);
	free(s->response);
	free(s->turns_json);
	free(s->raw);
	memset(s, 0, sizeof(*s));
}
