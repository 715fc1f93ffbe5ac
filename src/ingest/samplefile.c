/* samplefile.c: a dataset file's samples, streamed through the reader and the format
 * mapper without a project file (see samplefile.h). */
#include "samplefile.h"

#include "format.h"
#include "import.h"
#include "reader.h"

/* Map one row as the file's format (the first row's, like import) so that errors name
 * the field; a row whose keys say it is another format is taken as that one. */
static enum status
one_row(const char *path, const struct row_span *span, enum format *file_fmt,
	struct record *rec, samplefile_fn fn, void *ctx, struct err *err)
{
	struct err row_err = {0};
	enum format detected;
	enum status rc;

	if (span->too_big)
		return err_set(err, ST_BADDATA, "%s:%lld: row is %.1f MB, over the %.1f MB limit",
			       path, (long long)span->line, span->len / 1048576.0,
			       IMPORT_DEFAULT_MAX_ROW / 1048576.0);
	rc = format_map_row(span->data, span->len, *file_fmt, rec, &detected, &row_err);
	if (rc == ST_BADDATA && *file_fmt != FMT_AUTO && detected < FMT__COUNT &&
	    detected != *file_fmt)
		rc = format_map_row(span->data, span->len, detected, rec, &detected, &row_err);
	if (rc != ST_OK)
		return err_set(err, rc, "%s:%lld: %s", path, (long long)span->line, row_err.msg);
	if (*file_fmt == FMT_AUTO)
		*file_fmt = rec->format;
	struct samplefile_row row = {buf_str(&rec->prompt), rec->prompt.len,
				     buf_str(&rec->response), rec->response.len, span->line};
	return fn(ctx, &row, err);
}

enum status
samplefile_each(const char *path, samplefile_fn fn, void *ctx, char sha256[65],
		int64_t *n_rows, struct err *err)
{
	struct reader *r = NULL;
	struct record rec = {0};
	struct row_span span;
	enum format fmt = FMT_AUTO;
	bool eof = false;
	int64_t n = 0;
	enum status rc = reader_open(path, IMPORT_DEFAULT_MAX_ROW, &r, err);

	if (n_rows)
		*n_rows = 0;
	while (rc == ST_OK) {
		rc = reader_next(r, &span, &eof, err);
		if (rc != ST_OK || eof)
			break;
		rc = one_row(path, &span, &fmt, &rec, fn, ctx, err);
		n += rc == ST_OK;
	}
	if (rc == ST_OK && n == 0)
		rc = err_set(err, ST_BADDATA, "%s: no samples in the file", path);
	if (rc == ST_OK && sha256)
		reader_sha256(r, sha256);
	if (n_rows)
		*n_rows = n;
	record_free(&rec);
	reader_close(r);
	return rc;
}
