/* sample_file.h: read the samples of a dataset file (any supported format, JSONL or a
 * JSON array) without importing it, e.g. a reference or target set for a scorer's fit.
 * Uses the reader and the format mapper; never touches the store. */
#ifndef WINNOW_SAMPLE_FILE_H
#define WINNOW_SAMPLE_FILE_H

#include <stdint.h>

#include "ingest/format.h"
#include "util/status.h"

/* One sample: rec (prompt, response, turns) borrowed for the call; line where it starts. */
typedef enum status (*sample_file_fn)(void *ctx, const struct record *rec, int64_t line,
				      struct err *err);

/* Call fn for every row of path, in file order. The first row's keys decide the format
 * (as for import); every later row must match it. A bad row stops the read:
 * ST_BADDATA "path:line: field ...: reason". ST_IO if the file cannot be read,
 * ST_BADDATA "path: no samples in the file" if it has none. OUT: *n_rows (may be NULL). */
enum status
sample_file_each(const char *path, sample_file_fn fn, void *ctx, int64_t *n_rows,
		 struct err *err);

#endif
