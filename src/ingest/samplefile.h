/* samplefile.h: the samples of a dataset file read without importing it, for scorers
 * that fit against a set of examples the user gives (DSIR's --target; a reference set).
 * Any format import reads (JSONL or a JSON array), through the same reader and format
 * mapper: the first row's keys give the file's format, and a row is read as that
 * format unless its own keys say it is another one (so a file may mix formats).
 * Uses reader.h and format.h; never touches the store. */
#ifndef WINNOW_SAMPLEFILE_H
#define WINNOW_SAMPLEFILE_H

#include <stddef.h>
#include <stdint.h>

#include "util/status.h"

/* One sample; texts borrowed for the callback only. */
struct samplefile_row {
	const char *prompt;
	size_t prompt_len;
	const char *response;
	size_t response_len;
	int64_t line;		/* 1-based line where the row starts */
};

typedef enum status (*samplefile_fn)(void *ctx, const struct samplefile_row *row,
				     struct err *err);

/* Call fn for every row of path, in file order. A bad row stops the walk with
 * ST_BADDATA and "path:line: field ...: reason" (as import says it); an unreadable file
 * is ST_IO; a file with no rows ST_BADDATA. A status other than ST_OK from fn stops the
 * walk and is returned. OUT: sha256 (may be NULL), the hex SHA-256 of the file's bytes,
 * filled when the whole file was read; *n_rows (may be NULL), rows handed to fn. */
enum status
samplefile_each(const char *path, samplefile_fn fn, void *ctx, char sha256[65],
		int64_t *n_rows, struct err *err);

#endif
