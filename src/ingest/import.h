/* import.h: read dataset files into a project file (stage 1 input).
 * One call imports a list of files in one transaction: all of them or nothing.
 * Uses the reader, the format mapper and the store; never prints. */
#ifndef WINNOW_IMPORT_H
#define WINNOW_IMPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "format.h"
#include "util/progress.h"
#include "util/status.h"

struct store;

struct import_opts {
	enum format format;		/* FMT_AUTO by default */
	bool skip_bad;			/* import good rows, report bad ones */
	const char *bad_report;		/* where the report goes (with skip_bad) */
	size_t max_row;			/* bytes; larger rows are bad rows */
	struct progress_sink progress;
};

#define IMPORT_DEFAULT_MAX_ROW ((size_t)16 << 20)

/* What happened to one file. */
struct import_file_result {
	char *path;			/* owned */
	int64_t dataset_id;		/* new or, if already, the existing one */
	bool already;			/* same bytes were imported before: nothing done */
	enum format format;		/* detected or given (FMT_MIXED if rows differ) */
	int64_t n_samples;
	int64_t n_bad;
	uint64_t bytes;
};

struct import_result {
	struct import_file_result *files;
	size_t n_files;
	int64_t n_samples, n_bad;
	uint64_t bytes;
	double seconds;
	bool wrote_report;
};

/* Import paths[0..n). On ST_BADDATA err says "file:line: field ...: reason". Nothing is
 * written unless every file imports (bad rows allowed only with skip_bad).
 * OUT: res (free with import_result_free), filled as far as it got. */
enum status
import_files(struct store *st, const char *const *paths, size_t n, const struct import_opts *o,
	     struct import_result *res, struct err *err);

void
import_result_free(struct import_result *res);

#endif
