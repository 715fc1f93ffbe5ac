/* engine_export.c: write samples back in their original JSON, atomically.
 * JSONL: one raw row per line (a pretty-printed row from a JSON array is compacted
 * outside its strings). JSON array: rows joined; when the rows are exactly one JSON
 * array dataset in file order, its recorded layout rebuilds the original file. */
#include <stdlib.h>
#include <string.h>

#include "engine_internal.h"
#include "ingest/rawpack.h"
#include "util/atomic_file.h"
#include "util/xalloc.h"

struct export_job {
	struct atomic_file af;
	enum export_as as;
	const char *sep;	/* between JSON array rows */
	int64_t n;
	int64_t expect_ord;	/* next ord if the rows are still one whole dataset in order */
	int64_t dataset_id;
	bool whole;		/* so far: one dataset, rows 0..n-1 in order */
	struct buf raw;		/* the unpacked row */
	struct progress_sink progress;
	double t0;
};

/* Remove white space outside strings (for a multi-line row going into JSONL). */
static void
write_compact(FILE *fp, const char *s, size_t n)
{
	bool in_str = false, esc = false;

	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (in_str) {
			if (esc)
				esc = false;
			else if (c == '\\')
				esc = true;
			else if (c == '"')
				in_str = false;
		} else if (c == '"') {
			in_str = true;
		} else if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
			continue;
		}
		putc(c, fp);
	}
}

static enum status
write_row(void *ctx, const struct raw_row *row, struct err *err)
{
	struct export_job *j = ctx;

	if (j->n == 0)
		j->dataset_id = row->dataset_id;
	if (row->dataset_id != j->dataset_id || row->ord != j->expect_ord)
		j->whole = false;
	j->expect_ord = row->ord + 1;
	const char *raw = row->raw;
	size_t len = row->raw_len;

	if (row->packed) {	/* most rows; the rest are written as stored */
		rawpack_unpack(row->raw, row->raw_len, row->packed, row->prompt, row->response,
			       &j->raw);
		raw = j->raw.data;
		len = j->raw.len;
	}
	if (j->as == EXPORT_JSON) {
		if (j->n)
			fputs(j->sep, j->af.fp);
		fwrite(raw, 1, len, j->af.fp);
	} else {
		if (memchr(raw, '\n', len))
			write_compact(j->af.fp, raw, len);
		else
			fwrite(raw, 1, len, j->af.fp);
		putc('\n', j->af.fp);
	}
	j->n++;
	if (j->progress.fn && j->n % 4096 == 0) {
		struct progress p = {.what = "export", .rows = (uint64_t)j->n,
				     .elapsed = progress_now() - j->t0};
		if (!j->progress.fn(j->progress.ctx, &p))
			return err_set(err, ST_CANCELLED, "export cancelled; nothing was written");
	}
	return ST_OK;
}

static enum export_as
choose_as(const struct export_opts *o)
{
	size_t n = strlen(o->out);

	if (o->as != EXPORT_AUTO)
		return o->as;
	return n > 5 && strcmp(o->out + n - 5, ".json") == 0 ? EXPORT_JSON : EXPORT_JSONL;
}

/* The JSON layout to use: a single JSON-array dataset's own, else a plain one. */
static const struct dataset *
sole_json_dataset(const struct dataset *ds, size_t n, const struct export_opts *o)
{
	if (o->ids || n != 1 || strcmp(ds[0].container, "json") != 0 || !ds[0].json_prefix)
		return NULL;
	return &ds[0];
}

enum status
engine_export(struct engine *e, const struct export_opts *o, struct export_result *res,
	      struct err *err)
{
	struct export_job j = {.whole = true, .progress = o->progress, .t0 = progress_now()};
	struct dataset *ds = NULL;
	const struct dataset *layout = NULL;
	size_t n_ds = 0;
	enum status rc;

	if (o->to != EXPORT_TO_ORIGINAL)
		return engine_export_converted(e, o, res, err);
	memset(res, 0, sizeof(*res));
	j.as = choose_as(o);
	rc = store_datasets_list(e->store, &ds, &n_ds, err);
	if (rc == ST_OK && j.as == EXPORT_JSON)
		layout = sole_json_dataset(ds, n_ds, o);
	j.sep = layout ? layout->json_sep : ",\n";
	if (rc == ST_OK)
		rc = atomic_file_open(&j.af, o->out, err);
	if (rc != ST_OK) {
		store_datasets_free(ds, n_ds);
		return rc;
	}
	if (j.as == EXPORT_JSON)
		fputs(layout ? layout->json_prefix : "[\n", j.af.fp);
	if (!o->ids)
		rc = store_samples_each_raw(e->store, write_row, &j, err);
	for (size_t i = 0; o->ids && rc == ST_OK && i < o->n_ids; i++)
		rc = store_sample_raw(e->store, o->ids[i], write_row, &j, err);
	if (j.as == EXPORT_JSON)
		fputs(layout ? layout->json_suffix : "\n]\n", j.af.fp);
	if (rc == ST_OK)
		rc = atomic_file_commit(&j.af, err);
	else
		atomic_file_abort(&j.af);
	res->n_rows = j.n;
	res->as = j.as;
	res->exact_file = rc == ST_OK && layout && j.whole && j.n == layout->n_samples;
	store_datasets_free(ds, n_ds);
	buf_free(&j.raw);
	return rc;
}
