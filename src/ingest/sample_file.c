/* sample_file.c: reader -> format mapper -> callback, for files that are not imported. */
#include "sample_file.h"

#include <stdbool.h>

#include "ingest/import.h"
#include "ingest/reader.h"

static enum status
one_row(const char *path, const struct row_span *row, enum format *fmt, struct record *rec,
	struct err *err)
{
	enum format detected;
	struct err row_err = {0};
	enum status rc;

	if (row->too_big)
		return err_set(err, ST_BADDATA, "%s:%lld: row is %.1f MB, over the %.1f MB limit",
			       path, (long long)row->line, row->len / 1048576.0,
			       IMPORT_DEFAULT_MAX_ROW / 1048576.0);
	rc = format_map_row(row->data, row->len, *fmt, rec, &detected, &row_err);
	if (rc == ST_BADDATA && *fmt < FMT__COUNT && detected < FMT__COUNT && detected != *fmt)
		return err_set(err, ST_BADDATA, "%s:%lld: this row is %s but the file is %s", path,
			       (long long)row->line, format_name(detected), format_name(*fmt));
	if (rc != ST_OK)
		return err_set(err, rc, "%s:%lld: %s", path, (long long)row->line, row_err.msg);
	if (*fmt == FMT_AUTO)
		*fmt = rec->format;
	return ST_OK;
}

enum status
sample_file_each(const char *path, sample_file_fn fn, void *ctx, int64_t *n_rows,
		 struct err *err)
{
	struct reader *r = NULL;
	struct record rec = {0};
	struct row_span row;
	enum format fmt = FMT_AUTO;
	int64_t n = 0;
	bool eof = false;
	enum status rc = reader_open(path, IMPORT_DEFAULT_MAX_ROW, &r, err);

	while (rc == ST_OK) {
		rc = reader_next(r, &row, &eof, err);
		if (rc != ST_OK || eof)
			break;
		rc = one_row(path, &row, &fmt, &rec, err);
		if (rc == ST_OK)
			rc = fn(ctx, &rec, row.line, err);
		n++;
	}
	if (rc == ST_OK && n == 0)
		rc = err_set(err, ST_BADDATA, "%s: no samples in the file", path);
	if (n_rows)
		*n_rows = n;
	record_free(&rec);
	reader_close(r);
	return rc;
}
