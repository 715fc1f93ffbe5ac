/* engine_export_to.c: `winnow export --to alpaca|sharegpt|messages`: each row rebuilt
 * from its turns in another format (ingest/convert.c), written atomically like the
 * original-JSON export. */
#include <stdlib.h>
#include <string.h>

#include "engine_internal.h"
#include "ingest/convert.h"
#include "store_select.h"
#include "util/atomic_file.h"
#include "util/xalloc.h"

static enum status
write_rows(struct engine *e, const int64_t *ids, size_t n, enum export_to to, bool json,
	   struct atomic_file *af, const struct progress_sink *progress, int64_t *n_rows,
	   struct err *err)
{
	struct buf row = BUF_INIT;
	double t0 = progress_now();
	enum status rc = ST_OK;

	for (size_t i = 0; rc == ST_OK && i < n; i++) {
		struct sample s;
		rc = engine_sample_get(e, ids[i], &s, err);
		if (rc != ST_OK)
			break;
		buf_clear(&row);
		convert_sample(&s, to, &row);
		sample_free(&s);
		fputs(json ? (i ? ",\n" : "") : "", af->fp);
		fwrite(row.data, 1, row.len, af->fp);
		if (!json)
			putc('\n', af->fp);
		(*n_rows)++;
		if (progress->fn && *n_rows % 4096 == 0) {
			struct progress p = {.what = "export", .rows = (uint64_t)*n_rows,
					     .done = i, .total = n, .elapsed = progress_now() - t0};
			if (!progress->fn(progress->ctx, &p))
				rc = err_set(err, ST_CANCELLED, "export cancelled; nothing was written");
		}
	}
	buf_free(&row);
	return rc;
}

enum status
engine_export_converted(struct engine *e, const struct export_opts *o,
			struct export_result *res, struct err *err)
{
	size_t len = strlen(o->out), n = o->n_ids;
	bool json = o->as == EXPORT_JSON ||
		    (o->as == EXPORT_AUTO && len > 5 && strcmp(o->out + len - 5, ".json") == 0);
	int64_t *all = NULL;
	struct atomic_file af;
	enum status rc = ST_OK;

	memset(res, 0, sizeof(*res));
	res->as = json ? EXPORT_JSON : EXPORT_JSONL;
	if (!o->ids)
		rc = store_sample_ids(e->store, &all, &n, err);
	if (rc == ST_OK)
		rc = atomic_file_open(&af, o->out, err);
	if (rc != ST_OK) {
		free(all);
		return rc;
	}
	if (json)
		fputs("[\n", af.fp);
	rc = write_rows(e, o->ids ? o->ids : all, n, o->to, json, &af, &o->progress, &res->n_rows,
			err);
	if (json)
		fputs("\n]\n", af.fp);
	if (rc == ST_OK)
		rc = atomic_file_commit(&af, err);
	else
		atomic_file_abort(&af);
	free(all);
	return rc;
}
