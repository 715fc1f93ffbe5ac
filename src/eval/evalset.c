/* evalset.c: see evalset.h. */
#include "evalset.h"

#include <stdbool.h>

#include "ingest/format.h"
#include "ingest/import.h"
#include "ingest/reader.h"

enum status
evalset_each(const char *path, evalset_fn fn, void *ctx, int64_t *n_rows, struct err *err)
{
	struct reader *r = NULL;
	struct record rec = {0};
	enum format want = FMT_AUTO, detected;
	bool eof = false;
	enum status rc = reader_open(path, IMPORT_DEFAULT_MAX_ROW, &r, err);

	*n_rows = 0;
	while (rc == ST_OK) {
		struct row_span row;
		rc = reader_next(r, &row, &eof, err);
		if (rc != ST_OK || eof)
			break;
		if (row.too_big) {
			rc = err_set(err, ST_BADDATA, "%s:%lld: row is too large", path,
				     (long long)row.line);
			break;
		}
		rc = format_map_row(row.data, row.len, want, &rec, &detected, err);
		if (rc != ST_OK) {
			err_prefix(err, "%s:%lld", path, (long long)row.line);
			break;
		}
		want = rec.format;	/* the first row decides */
		rc = fn(ctx, row.line, buf_str(&rec.prompt), rec.prompt.len, buf_str(&rec.response),
			rec.response.len, err);
		(*n_rows)++;
	}
	if (rc == ST_OK && *n_rows == 0)
		rc = err_set(err, ST_BADDATA, "%s: no samples in the file", path);
	record_free(&rec);
	reader_close(r);
	return rc;
}
