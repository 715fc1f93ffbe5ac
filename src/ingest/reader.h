/* reader.h: stream the rows of a JSONL file or a JSON array file, one span at a time,
 * with bounded memory. Hashes every byte it reads (SHA-256) and, for a JSON array, keeps
 * the bytes around the elements so an export can rebuild the file exactly.
 * Does not parse rows: it only finds where each one starts and ends. */
#ifndef WINNOW_READER_H
#define WINNOW_READER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/status.h"

struct reader;

enum container { CONTAINER_JSONL, CONTAINER_JSON };

struct row_span {
	const char *data;	/* borrowed until the next reader_next; NULL if too_big */
	size_t len;		/* bytes of the row (also when too_big) */
	int64_t line;		/* 1-based line where it starts */
	bool too_big;		/* longer than max_row bytes: skipped, not held in memory */
};

/* Open path for reading. max_row: the largest row held in memory.
 * ST_IO if it cannot be opened, ST_BADDATA if it is empty or neither JSONL nor an array. */
enum status
reader_open(const char *path, size_t max_row, struct reader **out, struct err *err);

void
reader_close(struct reader *r);

enum container
reader_container(const struct reader *r);

/* Next row. OUT: *eof true (and row untouched) when there are no more rows.
 * ST_BADDATA for a broken JSON array structure (cannot continue) or ST_IO. */
enum status
reader_next(struct reader *r, struct row_span *row, bool *eof, struct err *err);

/* Bytes read so far, and the file's size (0 if unknown). */
uint64_t reader_bytes_read(const struct reader *r);
uint64_t reader_file_size(const struct reader *r);

/* After eof: the SHA-256 of the whole file. */
void reader_sha256(struct reader *r, char hex[65]);

/* After eof, for a JSON array: the bytes before the first row, between rows and after
 * the last one (borrowed). *uniform is false when the separators differ, so the file
 * cannot be rebuilt exactly from one separator. */
void reader_json_layout(const struct reader *r, const char **prefix, const char **sep,
			const char **suffix, bool *uniform);

#endif
