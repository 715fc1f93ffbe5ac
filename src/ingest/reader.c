/* reader.c: buffered, bounded row splitting for JSONL and JSON arrays. */
#include "reader.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util/buf.h"
#include "util/sha256.h"
#include "util/xalloc.h"

#define CHUNK (1u << 20)
#define LAYOUT_MAX 4096	/* longest prefix/separator/suffix we keep */

struct reader {
	FILE *fp;
	char *path;
	enum container container;
	size_t max_row;
	char *buf;		/* bytes [start, end) are unread */
	size_t cap, start, end;
	bool file_eof;
	uint64_t bytes_read, file_size;
	int64_t line;		/* line number at buf[start] */
	struct sha256 sha;
	/* A regular file is hashed by its own thread reading it a second time (from the page
	 * cache), so the hash costs the import no time on its critical path. */
	pthread_t hasher;
	bool threaded;
	atomic_bool stop;
	bool hash_ok;
	char hex[65];
	/* JSON array state */
	bool array_done;
	bool first_elem;
	struct buf prefix, sep, suffix, gap;
	bool uniform;
};

static enum status
fill(struct reader *r, struct err *err)
{
	if (r->file_eof)
		return ST_OK;
	if (r->start > 0) {	/* keep the unread bytes at the front */
		memmove(r->buf, r->buf + r->start, r->end - r->start);
		r->end -= r->start;
		r->start = 0;
	}
	if (r->end == r->cap) {
		r->cap *= 2;
		r->buf = xrealloc(r->buf, r->cap);
	}
	size_t n = fread(r->buf + r->end, 1, r->cap - r->end, r->fp);
	if (n == 0) {
		if (ferror(r->fp))
			return err_set(err, ST_IO, "%s: read error: %s", r->path, strerror(errno));
		r->file_eof = true;
	}
	if (!r->threaded)
		sha256_update(&r->sha, r->buf + r->end, n);
	r->end += n;
	r->bytes_read += n;
	return ST_OK;
}

static int
is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Skip whitespace, copying it into keep (if not NULL) and counting lines. Stops at the
 * first other byte (left unread) or end of file. */
static enum status
skip_ws(struct reader *r, struct buf *keep, struct err *err)
{
	enum status rc = ST_OK;

	for (;;) {
		while (r->start < r->end && is_ws(r->buf[r->start])) {
			if (r->buf[r->start] == '\n')
				r->line++;
			if (keep && keep->len < LAYOUT_MAX)
				buf_putc(keep, r->buf[r->start]);
			else if (keep)
				r->uniform = false;
			r->start++;
		}
		if (r->start < r->end || r->file_eof)
			return rc;
		if ((rc = fill(r, err)) != ST_OK)
			return rc;
	}
}

static void *
hash_thread(void *arg)
{
	struct reader *r = arg;

	r->hash_ok = sha256_file(r->path, r->hex, &r->stop);
	return NULL;
}

enum status
reader_open(const char *path, size_t max_row, struct reader **out, struct err *err)
{
	struct reader *r;
	struct stat sb;
	enum status rc;

	*out = NULL;
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return err_set(err, ST_IO, "%s: cannot open: %s", path, strerror(errno));
	if (fstat(fileno(fp), &sb) == 0 && S_ISDIR(sb.st_mode)) {
		fclose(fp);
		return err_set(err, ST_IO, "%s: is a directory", path);
	}
	r = xcalloc(1, sizeof(*r));
	r->fp = fp;
	r->path = xstrdup(path);
	r->max_row = max_row;
	r->cap = CHUNK;
	r->buf = xmalloc(r->cap);
	r->line = 1;
	r->file_size = S_ISREG(sb.st_mode) ? (uint64_t)sb.st_size : 0;
	r->uniform = true;
	r->first_elem = true;
	sha256_init(&r->sha);
	atomic_init(&r->stop, false);
	if (S_ISREG(sb.st_mode))
		r->threaded = pthread_create(&r->hasher, NULL, hash_thread, r) == 0;

	rc = fill(r, err);
	/* A UTF-8 byte order mark is not JSON; skip it (it stays in the hash and prefix). */
	if (rc == ST_OK && r->end >= 3 && memcmp(r->buf, "\xEF\xBB\xBF", 3) == 0) {
		buf_append(&r->prefix, r->buf, 3);
		r->start = 3;
	}
	if (rc == ST_OK) {
		struct buf lead = BUF_INIT;
		int64_t line0 = r->line;
		rc = skip_ws(r, &lead, err);
		if (rc == ST_OK && r->start >= r->end)
			rc = err_set(err, ST_BADDATA, "%s: the file is empty%s", path,
				     r->bytes_read ? " (only white space)" : "");
		else if (rc == ST_OK && r->buf[r->start] == '[') {
			r->container = CONTAINER_JSON;
			buf_append(&r->prefix, lead.data, lead.len);
		} else if (rc == ST_OK) {
			r->container = CONTAINER_JSONL;
			/* JSONL rows are found line by line: go back to the first line. */
			r->start -= lead.len < r->start ? lead.len : r->start;
			r->line = line0;
		}
		buf_free(&lead);
	}
	if (rc == ST_OK && r->container == CONTAINER_JSON) {
		buf_putc(&r->prefix, '[');
		r->start++;
	}
	if (rc != ST_OK) {
		reader_close(r);
		return rc;
	}
	*out = r;
	return ST_OK;
}

void
reader_close(struct reader *r)
{
	if (!r)
		return;
	if (r->threaded) {
		atomic_store(&r->stop, true);
		pthread_join(r->hasher, NULL);
	}
	if (r->fp)
		fclose(r->fp);
	buf_free(&r->prefix);
	buf_free(&r->sep);
	buf_free(&r->suffix);
	buf_free(&r->gap);
	free(r->buf);
	free(r->path);
	free(r);
}

enum container
reader_container(const struct reader *r)
{
	return r->container;
}

uint64_t
reader_bytes_read(const struct reader *r)
{
	return r->bytes_read;
}

uint64_t
reader_file_size(const struct reader *r)
{
	return r->file_size;
}

/* Read to the end so the hash covers the whole file. */
static void
drain(struct reader *r)
{
	while (!r->file_eof) {
		r->start = r->end;
		if (fill(r, NULL) != ST_OK)
			break;
	}
}

void
reader_sha256(struct reader *r, char hex[65])
{
	if (r->threaded) {
		pthread_join(r->hasher, NULL);
		r->threaded = false;
		if (r->hash_ok) {
			memcpy(hex, r->hex, 65);
			return;
		}
		/* The second read failed: hash what the reader itself reads. */
		sha256_init(&r->sha);
		rewind(r->fp);
		r->file_eof = false;
		r->start = r->end = 0;
	}
	drain(r);
	sha256_final_hex(&r->sha, hex);
}

void
reader_json_layout(const struct reader *r, const char **prefix, const char **sep,
		   const char **suffix, bool *uniform)
{
	*prefix = buf_str(&r->prefix);
	*sep = buf_str(&r->sep);
	*suffix = buf_str(&r->suffix);
	*uniform = r->uniform;
}

/* ---- JSONL ---- */

static bool
blank(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!is_ws(p[i]))
			return false;
	return true;
}

static enum status
next_line(struct reader *r, struct row_span *row, bool *eof, struct err *err)
{
	size_t scan = r->start;
	enum status rc;

	for (;;) {
		char *nl = memchr(r->buf + scan, '\n', r->end - scan);
		size_t len = nl ? (size_t)(nl - (r->buf + r->start)) : r->end - r->start;
		if (nl || (r->file_eof && len > 0)) {
			row->data = r->buf + r->start;
			row->len = len;
			row->line = r->line++;
			row->too_big = len > r->max_row;
			if (row->too_big)
				row->data = NULL;
			r->start += len + (nl != NULL);
			if (!row->too_big && blank(row->data, row->len))
				return next_line(r, row, eof, err);
			return ST_OK;
		}
		if (r->file_eof) {
			*eof = true;
			return ST_OK;
		}
		if (r->end - r->start > r->max_row) {	/* too long: skip to its newline */
			row->line = r->line++;
			row->len = 0;
			for (;;) {
				nl = memchr(r->buf + r->start, '\n', r->end - r->start);
				size_t take = nl ? (size_t)(nl - (r->buf + r->start)) + 1 : r->end - r->start;
				row->len += take - (nl != NULL);
				r->start += take;
				if (nl || r->file_eof)
					break;
				if ((rc = fill(r, err)) != ST_OK)
					return rc;
			}
			row->data = NULL;
			row->too_big = true;
			return ST_OK;
		}
		scan = r->end - r->start;	/* fill() moves the unread bytes to 0 */
		if ((rc = fill(r, err)) != ST_OK)
			return rc;
		scan = r->start + scan;
	}
}

/* ---- JSON array ---- */

/* Scan one JSON value starting at buf[start]; on success row spans it. Strings, nesting
 * and escapes are tracked so a ',' or ']' inside a string does not end the value. */
static enum status
scan_value(struct reader *r, struct row_span *row, struct err *err)
{
	size_t i = r->start;
	int depth = 0;
	bool in_str = false, esc = false, scalar;
	size_t dropped = 0;	/* bytes discarded once the value is too big */
	enum status rc;

	row->line = r->line;
	row->too_big = false;
	scalar = r->buf[i] != '{' && r->buf[i] != '[' && r->buf[i] != '"';
	for (;;) {
		for (; i < r->end; i++) {
			char c = r->buf[i];
			if (c == '\n')
				r->line++;
			if (in_str) {
				if (esc)
					esc = false;
				else if (c == '\\')
					esc = true;
				else if (c == '"') {
					in_str = false;
					if (depth == 0)
						goto done_incl;
				}
				continue;
			}
			if (scalar) {
				if (is_ws(c) || c == ',' || c == ']') {
					if (c == '\n')
						r->line--;	/* counted again by skip_ws */
					goto done_excl;
				}
				continue;
			}
			if (c == '"')
				in_str = true;
			else if (c == '{' || c == '[')
				depth++;
			else if ((c == '}' || c == ']') && --depth == 0)
				goto done_incl;
		}
		if (r->file_eof) {
			if (scalar)
				goto done_excl;
			return err_set(err, ST_BADDATA,
				       "%s:%lld: the JSON array ends in the middle of a row "
				       "(unbalanced brackets or an unterminated string)",
				       r->path, (long long)row->line);
		}
		if (i - r->start > r->max_row) {	/* drop what we hold, keep scanning */
			dropped += i - r->start;
			row->too_big = true;
			r->start = i;
		}
		size_t off = i - r->start;
		if ((rc = fill(r, err)) != ST_OK)
			return rc;
		i = r->start + off;
	}
done_incl:
	i++;
done_excl:
	row->len = dropped + (i - r->start);
	row->data = row->too_big ? NULL : r->buf + r->start;
	if (row->len > r->max_row && !row->too_big) {
		row->too_big = true;
		row->data = NULL;
	}
	r->start = i;
	return ST_OK;
}

static enum status
next_elem(struct reader *r, struct row_span *row, bool *eof, struct err *err)
{
	enum status rc;

	if (r->array_done) {
		*eof = true;
		return ST_OK;
	}
	buf_clear(&r->gap);
	if ((rc = skip_ws(r, &r->gap, err)) != ST_OK)
		return rc;
	if (r->start >= r->end)
		return err_set(err, ST_BADDATA, "%s:%lld: the JSON array is not closed (missing ']')",
			       r->path, (long long)r->line);
	char c = r->buf[r->start];
	if (!r->first_elem && c == ',') {
		buf_putc(&r->gap, ',');
		r->start++;
		if ((rc = skip_ws(r, &r->gap, err)) != ST_OK)
			return rc;
		if (r->start >= r->end)
			return err_set(err, ST_BADDATA, "%s:%lld: the JSON array is not closed",
				       r->path, (long long)r->line);
		c = r->buf[r->start];
		if (c == ']')
			return err_set(err, ST_BADDATA, "%s:%lld: trailing comma before ']'",
				       r->path, (long long)r->line);
	} else if (c == ']') {
		r->start++;
		buf_clear(&r->suffix);
		buf_append(&r->suffix, r->gap.data, r->gap.len);
		buf_putc(&r->suffix, ']');
		if ((rc = skip_ws(r, &r->suffix, err)) != ST_OK)
			return rc;
		if (r->start < r->end)
			return err_set(err, ST_BADDATA, "%s:%lld: unexpected data after the JSON array",
				       r->path, (long long)r->line);
		r->array_done = true;
		*eof = true;
		return ST_OK;
	} else if (!r->first_elem) {
		return err_set(err, ST_BADDATA, "%s:%lld: expected ',' or ']' between rows, found '%c'",
			       r->path, (long long)r->line, c);
	}
	if (r->first_elem) {
		buf_append(&r->prefix, r->gap.data, r->gap.len);
	} else if (r->sep.len == 0 && r->gap.len) {
		buf_append(&r->sep, r->gap.data, r->gap.len);
	} else if (r->gap.len != r->sep.len || memcmp(r->gap.data, r->sep.data, r->sep.len) != 0) {
		r->uniform = false;
	}
	r->first_elem = false;
	return scan_value(r, row, err);
}

enum status
reader_next(struct reader *r, struct row_span *row, bool *eof, struct err *err)
{
	*eof = false;
	if (r->container == CONTAINER_JSONL)
		return next_line(r, row, eof, err);
	return next_elem(r, row, eof, err);
}
