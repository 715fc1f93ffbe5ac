/* store.h: the project file. The only code that calls sqlite3_*: schema and migrations,
 * cached prepared statements, transactions, the PCRE2 REGEXP function, and every query.
 * Functions return an enum status and fill a caller's struct err with SQLite's message. */
#ifndef WINNOW_STORE_H
#define WINNOW_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model.h"
#include "util/status.h"

struct store;

enum store_flags {
	STORE_CREATE = 1,	/* create the file if missing */
	STORE_READONLY = 2,
};

/* Open (and create/migrate) a project file. OUT: *out, NULL on failure.
 * Fails with ST_NOFTS if this SQLite lacks FTS5, ST_NOTFOUND if the file is missing and
 * STORE_CREATE is not set, ST_DB if it is not a winnow file or is newer than we are. */
enum status
store_open(const char *path, int flags, struct store **out, struct err *err);

/* Finalizes statements and closes. Accepts NULL. */
void
store_close(struct store *st);

/* The schema version (PRAGMA user_version) a current file has. */
int
store_schema_version(void);

enum status store_begin(struct store *st, struct err *err);
enum status store_commit(struct store *st, struct err *err);
void store_rollback(struct store *st);

/* Bulk loading, inside a transaction: suspend the per-row FTS insert trigger (it costs
 * about 3x the import time), then index each new dataset's rows in one statement, then
 * restore the trigger from its own stored SQL. All three roll back with the transaction. */
enum status store_bulk_begin(struct store *st, struct err *err);
enum status store_fts_index_dataset(struct store *st, int64_t dataset_id, struct err *err);
enum status store_bulk_end(struct store *st, struct err *err);

/* The SQLite library version in use (static). */
const char *
store_sqlite_version(void);

/* ---- datasets ---- */

/* OUT: *id = dataset with this file hash, or 0 if none. */
enum status
store_dataset_by_sha(struct store *st, const char *sha256, int64_t *id, struct err *err);

/* OUT: *n = number of datasets whose file had exactly this many bytes. */
enum status
store_datasets_with_size(struct store *st, int64_t bytes, int64_t *n, struct err *err);

/* OUT: *id of the new row. n_samples etc. are taken from d. */
enum status
store_dataset_insert(struct store *st, const struct dataset *d, int64_t *id, struct err *err);

/* Fill in what is only known at the end of an import. */
enum status
store_dataset_finish(struct store *st, const struct dataset *d, struct err *err);

/* OUT: *out, an array of *n datasets ordered by id (free with store_datasets_free). */
enum status
store_datasets_list(struct store *st, struct dataset **out, size_t *n, struct err *err);

void
store_datasets_free(struct dataset *ds, size_t n);

/* ---- samples ---- */

/* One row to insert. All strings are borrowed for the duration of the call. */
struct sample_in {
	int64_t dataset_id;
	int64_t ord;
	int64_t line;
	const char *format;
	int n_turns;
	const char *prompt;
	size_t prompt_len;
	const char *response;
	size_t response_len;
	int64_t prompt_chars;
	int64_t response_chars;
	const char *turns_json;	/* NULL for the plain two-turn shape */
	size_t turns_len;
	const char *raw;	/* packed as rawpack.h says when packed != 0 */
	size_t raw_len;
	int packed;
};

enum status
store_sample_insert(struct store *st, const struct sample_in *in, struct err *err);

/* OUT: *out filled (strings owned; free with model_sample_free). ST_NOTFOUND if no row. */
enum status
store_sample_get(struct store *st, int64_t id, struct sample *out, struct err *err);

/* A sample's raw JSON for export. The pointers are borrowed for the callback only. */
struct raw_row {
	int64_t id;
	int64_t dataset_id;
	int64_t ord;
	const char *raw;	/* as stored: packed if packed != 0 */
	size_t raw_len;
	int packed;
	const char *prompt;
	const char *response;
};

/* Return non-ST_OK from the callback to stop; that status is returned. */
typedef enum status (*raw_row_fn)(void *ctx, const struct raw_row *row, struct err *err);

/* Every sample in (dataset_id, ord) order. */
enum status
store_samples_each_raw(struct store *st, raw_row_fn fn, void *ctx, struct err *err);

/* One sample's raw row; ST_NOTFOUND if no such id. */
enum status
store_sample_raw(struct store *st, int64_t id, raw_row_fn fn, void *ctx, struct err *err);

/* OUT: *n = number of samples. */
enum status
store_sample_count(struct store *st, int64_t *n, struct err *err);

/* OUT: the number of samples and the largest id (0 when empty): together they change
 * whenever samples are added or removed, so fitted scorers know to fit again. */
enum status
store_corpus_size(struct store *st, int64_t *n, int64_t *max_id, struct err *err);

/* ---- search ---- */

struct search_opts {
	const char *fts;	/* FTS5 query or NULL */
	const char *regex;	/* PCRE2 pattern matched against prompt and response, or NULL */
	int64_t limit;		/* <= 0: no limit */
	bool rank;		/* order by bm25 relevance instead of id */
	const char *mark_open;	/* highlight markers for FTS snippets */
	const char *mark_close;
};

/* A raw search hit: snippet is set for FTS queries; for regex-only queries the caller
 * builds one from prompt/response. Borrowed for the callback only. */
struct search_row {
	int64_t id;
	int64_t dataset_id;
	int64_t line;
	const char *dataset;
	const char *snippet;	/* NULL when no FTS query */
	const char *prompt;	/* NULL when an FTS snippet is given */
	const char *response;
};

typedef enum status (*search_row_fn)(void *ctx, const struct search_row *row, struct err *err);

/* ST_BADQUERY for an FTS5 syntax error or a bad regex, with SQLite's/PCRE2's message. */
enum status
store_search(struct store *st, const struct search_opts *o, search_row_fn fn, void *ctx,
	     struct err *err);

/* OUT: *n = number of matches (ignores limit). */
enum status
store_search_count(struct store *st, const struct search_opts *o, int64_t *n, struct err *err);

/* ---- stats ---- */

struct count_row {
	const char *key;	/* borrowed */
	int64_t n;
};
typedef void (*count_row_fn)(void *ctx, const struct count_row *row);

/* Samples per row format, then per turn count (key is the number as text). */
enum status store_count_by_format(struct store *st, count_row_fn fn, void *ctx, struct err *err);
enum status store_count_by_turns(struct store *st, count_row_fn fn, void *ctx, struct err *err);

/* OUT: *out, malloc'd array of *n lengths in code points of the prompt (which = 0) or the
 * response (which = 1), unsorted. Caller frees. */
enum status
store_lengths(struct store *st, int which, int64_t **out, size_t *n, struct err *err);

#endif
