/* import.c: files -> reader -> format mapper -> store, in one transaction. */
#include "import.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rawpack.h"
#include "reader.h"
#include "store.h"
#include "util/atomic_file.h"
#include "util/buf.h"
#include "util/sha256.h"
#include "util/xalloc.h"

#define PROGRESS_EVERY 2048	/* rows between progress calls */

struct job {
	struct store *st;
	const struct import_opts *o;
	struct import_result *res;
	struct buf report;	/* "file:line: reason" lines of skipped rows */
	uint64_t total_bytes, done_bytes;
	double t0;
	struct record rec;
	struct buf packed, scratch;
};

static bool
report_stage(struct job *j, const char *path, const char *stage, int64_t rows)
{
	struct progress p = {.what = "import", .item = path, .stage = stage,
			     .rows = (uint64_t)rows,
			     .elapsed = progress_now() - j->t0};
	return !j->o->progress.fn || j->o->progress.fn(j->o->progress.ctx, &p);
}

/* rows: all rows so far, this file's included. */
static bool
report_progress(struct job *j, const char *path, uint64_t file_done, int64_t rows,
		bool finished)
{
	struct progress p = {
		.what = "import",
		.item = path,
		.done = j->done_bytes + file_done,
		.total = j->total_bytes,
		.rows = (uint64_t)rows,
		.elapsed = progress_now() - j->t0,
		.finished = finished,
	};
	return !j->o->progress.fn || j->o->progress.fn(j->o->progress.ctx, &p);
}

/* A bad row: fatal by default, else a line in the report. */
static enum status
bad_row(struct job *j, struct import_file_result *fr, int64_t line, struct err *row_err,
	struct err *err)
{
	if (!j->o->skip_bad)
		return err_set(err, ST_BADDATA, "%s:%lld: %s", fr->path, (long long)line,
			       row_err->msg);
	buf_printf(&j->report, "%s:%lld: %s\n", fr->path, (long long)line, row_err->msg);
	fr->n_bad++;
	return ST_OK;
}

static enum status
check_format(enum format file_fmt, int64_t file_line, enum format detected, struct err *err)
{
	return err_set(err, ST_BADDATA,
		       "this row is %s (keys: %s) but the file is %s (detected at line %lld); "
		       "use --format mixed to allow several formats in one file",
		       format_name(detected), format_keys(detected), format_name(file_fmt),
		       (long long)file_line);
}

/* Map one row and insert it. Row-level problems go to row_err with ST_BADDATA. */
static enum status
one_row(struct job *j, struct import_file_result *fr, const struct row_span *row,
	int64_t *first_line, struct err *row_err, struct err *err)
{
	enum format want = fr->format, detected;
	enum status rc;

	if (row->too_big)
		return err_set(row_err, ST_BADDATA, "row is %.1f MB, over the %.1f MB limit "
			       "(raise it with --max-row-mb)", row->len / 1048576.0,
			       j->o->max_row / 1048576.0);
	rc = format_map_row(row->data, row->len, want == FMT_MIXED ? FMT_MIXED : want, &j->rec,
			    &detected, row_err);
	if (rc == ST_BADDATA && j->o->format == FMT_AUTO && want < FMT__COUNT &&
	    detected < FMT__COUNT && detected != want)
		return check_format(want, *first_line, detected, row_err);
	if (rc != ST_OK)
		return rc;
	if (fr->format == FMT_AUTO) {	/* the first good row decides */
		fr->format = j->rec.format;
		*first_line = row->line;
	}
	struct sample_in in = {
		.dataset_id = fr->dataset_id,
		.ord = fr->n_samples + fr->n_bad,
		.line = row->line,
		.format = format_name(j->rec.format),
		.n_turns = j->rec.n_turns,
		.prompt = buf_str(&j->rec.prompt),
		.prompt_len = j->rec.prompt.len,
		.response = buf_str(&j->rec.response),
		.response_len = j->rec.response.len,
		.prompt_chars = (int64_t)j->rec.prompt_chars,
		.response_chars = (int64_t)j->rec.response_chars,
		.turns_json = j->rec.simple ? NULL : buf_str(&j->rec.turns_json),
		.turns_len = j->rec.turns_json.len,
	};
	in.packed = rawpack_pack(row->data, row->len, in.prompt, in.prompt_len, in.response,
				 in.response_len, &j->packed, &j->scratch);
	in.raw = j->packed.data;
	in.raw_len = j->packed.len;
	rc = store_sample_insert(j->st, &in, err);
	if (rc == ST_OK)
		fr->n_samples++;
	return rc;
}

static enum status
read_rows(struct job *j, struct reader *r, struct import_file_result *fr, struct err *err)
{
	struct row_span row;
	struct err row_err;
	int64_t first_line = 0;
	bool eof = false;
	enum status rc = ST_OK;

	while (rc == ST_OK) {
		rc = reader_next(r, &row, &eof, err);
		if (rc != ST_OK || eof)
			break;
		err_clear(&row_err);
		rc = one_row(j, fr, &row, &first_line, &row_err, err);
		if (rc == ST_BADDATA)
			rc = bad_row(j, fr, row.line, &row_err, err);
		if (rc == ST_OK && (fr->n_samples + fr->n_bad) % PROGRESS_EVERY == 0) {
			if (!report_progress(j, fr->path, reader_bytes_read(r),
					     j->res->n_samples + fr->n_samples, false))
				rc = err_set(err, ST_CANCELLED, "import cancelled; nothing was written");
		}
	}
	if (rc == ST_OK && fr->n_samples == 0)
		rc = err_set(err, ST_BADDATA, fr->n_bad ? "%s: no good rows (%lld bad)"
						       : "%s: no samples in the file",
			     fr->path, (long long)fr->n_bad);
	return rc;
}


static char *
absolute(const char *path)
{
	char resolved[PATH_MAX];

	return realpath(path, resolved) ? xstrdup(resolved) : xstrdup(path);
}

static enum status
finish_dataset(struct job *j, struct reader *r, struct dataset *d,
	       struct import_file_result *fr, struct err *err)
{
	char hex[65];
	int64_t dup = 0;
	enum status rc;

	reader_sha256(r, hex);
	rc = store_dataset_by_sha(j->st, hex, &dup, err);
	if (rc == ST_OK && dup)	/* same bytes twice in one command */
		return err_set(err, ST_BADDATA, "%s: the same file is listed twice", fr->path);
	d->id = fr->dataset_id;
	d->sha256 = hex;
	d->format = (char *)format_name(fr->format);
	d->n_samples = fr->n_samples;
	d->n_skipped = fr->n_bad;
	if (reader_container(r) == CONTAINER_JSON) {
		const char *pre, *sep, *suf;
		bool uniform;
		reader_json_layout(r, &pre, &sep, &suf, &uniform);
		if (uniform) {
			d->json_prefix = (char *)pre;
			d->json_sep = (char *)sep;
			d->json_suffix = (char *)suf;
		}
	}
	fr->bytes = reader_bytes_read(r);
	return store_dataset_finish(j->st, d, err);
}

static enum status
import_one(struct job *j, const char *path, struct import_file_result *fr, struct err *err)
{
	struct reader *r = NULL;
	struct dataset d = {0};
	char pending[64], *abs = absolute(path), *slash;
	enum status rc;

	fr->path = xstrdup(path);
	fr->format = j->o->format;
	rc = reader_open(path, j->o->max_row, &r, err);
	if (rc == ST_OK) {
		int64_t same_size = 0;
		rc = store_datasets_with_size(j->st, (int64_t)reader_file_size(r), &same_size, err);
		if (rc == ST_OK && same_size) {
			/* Only then can it be a re-import: hash it before reading it. */
			char hex[65];
			rc = sha256_file(path, hex, NULL)
				     ? store_dataset_by_sha(j->st, hex, &fr->dataset_id, err)
				     : err_set(err, ST_IO, "%s: cannot read", path);
			if (rc == ST_OK && fr->dataset_id) {
				fr->already = true;
				goto out;
			}
		}
	}
	slash = strrchr(abs, '/');
	snprintf(pending, sizeof(pending), "importing-%ld", (long)getpid());
	d.name = slash ? slash + 1 : abs;
	d.path = abs;
	d.format = (char *)format_name(j->o->format);
	d.container = r && reader_container(r) == CONTAINER_JSON ? "json" : "jsonl";
	d.sha256 = pending;
	d.bytes = r ? (int64_t)reader_file_size(r) : 0;
	if (rc == ST_OK)
		rc = store_dataset_insert(j->st, &d, &fr->dataset_id, err);
	if (rc == ST_OK)
		rc = read_rows(j, r, fr, err);
	if (rc == ST_OK)
		rc = finish_dataset(j, r, &d, fr, err);
	if (rc == ST_OK && !fr->already)
		report_stage(j, path, "building the full-text index", fr->n_samples);
	if (rc == ST_OK && !fr->already)
		rc = store_fts_index_dataset(j->st, fr->dataset_id, err);
out:
	if (r)
		j->done_bytes += reader_bytes_read(r);
	reader_close(r);
	free(abs);
	return rc;
}

static enum status
write_report(struct job *j, struct err *err)
{
	struct atomic_file af;
	enum status rc;

	if (!j->o->skip_bad || !j->o->bad_report || j->res->n_bad == 0)
		return ST_OK;
	rc = atomic_file_open(&af, j->o->bad_report, err);
	if (rc != ST_OK)
		return rc;
	fwrite(j->report.data, 1, j->report.len, af.fp);
	rc = atomic_file_commit(&af, err);
	if (rc == ST_OK)
		j->res->wrote_report = true;
	return rc;
}

static uint64_t
total_size(const char *const *paths, size_t n)
{
	uint64_t total = 0;

	for (size_t i = 0; i < n; i++) {
		FILE *fp = fopen(paths[i], "rb");
		if (fp && fseek(fp, 0, SEEK_END) == 0) {
			long sz = ftell(fp);
			total += sz > 0 ? (uint64_t)sz : 0;
		}
		if (fp)
			fclose(fp);
	}
	return total;
}

enum status
import_files(struct store *st, const char *const *paths, size_t n, const struct import_opts *o,
	     struct import_result *res, struct err *err)
{
	struct job j = {.st = st, .o = o, .res = res, .report = BUF_INIT};
	enum status rc;

	memset(res, 0, sizeof(*res));
	res->files = xcalloc(n, sizeof(*res->files));
	j.t0 = progress_now();
	j.total_bytes = total_size(paths, n);
	rc = store_begin(st, err);
	if (rc == ST_OK)
		rc = store_bulk_begin(st, err);
	for (size_t i = 0; rc == ST_OK && i < n; i++) {
		struct import_file_result *fr = &res->files[res->n_files++];
		rc = import_one(&j, paths[i], fr, err);
		res->n_samples += fr->n_samples;
		res->n_bad += fr->n_bad;
		res->bytes += fr->bytes;
	}
	if (rc == ST_OK)
		rc = store_bulk_end(st, err);
	if (rc == ST_OK)
		rc = write_report(&j, err);
	if (rc == ST_OK) {
		report_stage(&j, NULL, "writing to disk", res->n_samples);
		rc = store_commit(st, err);
	}
	if (rc != ST_OK)
		store_rollback(st);
	res->seconds = progress_now() - j.t0;
	report_progress(&j, NULL, 0, res->n_samples, true);
	buf_free(&j.report);
	record_free(&j.rec);
	buf_free(&j.packed);
	buf_free(&j.scratch);
	return rc;
}

void
import_result_free(struct import_result *res)
{
	for (size_t i = 0; i < res->n_files; i++)
		free(res->files[i].path);
	free(res->files);
	memset(res, 0, sizeof(*res));
}
