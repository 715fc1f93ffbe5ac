/* engine_scores.c: scores out to CSV or JSONL for analysis in other tools. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "engine_internal.h"
#include "store_scores.h"
#include "util/atomic_file.h"
#include "util/buf.h"
#include "util/json_text.h"

struct scores_out {
	FILE *fp;
	bool csv;
	bool header_done;
	int64_t n;
	struct buf b;
};

static void
csv_text(FILE *fp, const char *s)
{
	fputc('"', fp);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', fp);
		fputc(*s, fp);
	}
	fputc('"', fp);
}

static enum status
write_score_row(void *ctx, const struct score_table_row *r, struct err *err)
{
	struct scores_out *o = ctx;

	(void)err;
	if (o->csv && !o->header_done) {
		fputs("id,dataset,line", o->fp);
		for (size_t i = 0; i < r->n; i++)
			fprintf(o->fp, ",%s", r->names[i]);
		fputc('\n', o->fp);
		o->header_done = true;
	}
	if (o->csv) {
		fprintf(o->fp, "%lld,", (long long)r->id);
		csv_text(o->fp, r->dataset);
		fprintf(o->fp, ",%lld", (long long)r->line);
		for (size_t i = 0; i < r->n; i++)
			r->is_null[i] ? fputc(',', o->fp) : fprintf(o->fp, ",%.17g", r->vals[i]);
	} else {
		buf_clear(&o->b);
		json_quote(&o->b, r->dataset, strlen(r->dataset));
		fprintf(o->fp, "{\"id\":%lld,\"dataset\":%s,\"line\":%lld", (long long)r->id,
			buf_str(&o->b), (long long)r->line);
		for (size_t i = 0; i < r->n; i++)
			r->is_null[i] ? fprintf(o->fp, ",\"%s\":null", r->names[i])
				      : fprintf(o->fp, ",\"%s\":%.17g", r->names[i], r->vals[i]);
		fputc('}', o->fp);
	}
	fputc('\n', o->fp);
	o->n++;
	return ST_OK;
}

enum status
engine_scores_export(struct engine *e, const char *path, bool csv, int64_t *n_rows,
		     struct err *err)
{
	struct atomic_file af;
	struct scores_out o = {.csv = csv, .b = BUF_INIT};
	enum status rc = atomic_file_open(&af, path, err);

	*n_rows = 0;
	if (rc != ST_OK)
		return rc;
	o.fp = af.fp;
	rc = store_scores_each(e->store, write_score_row, &o, err);
	if (rc == ST_OK)
		rc = atomic_file_commit(&af, err);
	else
		atomic_file_abort(&af);
	*n_rows = o.n;
	buf_free(&o.b);
	return rc;
}
