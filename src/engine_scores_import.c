/* engine_scores_import.c: `winnow scores import`: per-sample values made elsewhere (an
 * LLM judge, a reward model, IFD on a GPU) become a first-class score column.
 * The file is read whole (score files are small), every key is resolved before anything
 * is written, and the rows go in one transaction. */
#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine_internal.h"
#include "ingest/rawpack.h"
#include "score/family.h"
#include "store_scores.h"
#include "util/buf.h"
#include "util/sha256.h"
#include "util/xalloc.h"

struct hash_id {
	char hex[65];
	int64_t id;
};

struct imp {
	struct engine *e;
	const struct scores_import_opts *o;
	struct scores_import_result *res;
	int64_t *ids;
	double *vals;
	size_t n, cap;
	struct hash_id *hashes;	/* sorted, for --key hash */
	size_t n_hashes, cap_hashes;
	struct buf raw;		/* one row, unpacked */
	struct buf unmatched;
	int64_t n_datasets;
};

/* ---- --key hash: SHA-256 of every row's original JSON ---- */

static enum status
hash_row(void *ctx, const struct raw_row *row, struct err *err)
{
	struct imp *im = ctx;
	struct sha256 h;

	(void)err;
	rawpack_unpack(row->raw, row->raw_len, row->packed, row->prompt, row->response, &im->raw);
	sha256_init(&h);
	sha256_update(&h, im->raw.data, im->raw.len);
	if (im->n_hashes == im->cap_hashes) {
		im->cap_hashes = im->cap_hashes ? 2 * im->cap_hashes : 4096;
		im->hashes = xrealloc(im->hashes, im->cap_hashes * sizeof(*im->hashes));
	}
	sha256_final_hex(&h, im->hashes[im->n_hashes].hex);
	im->hashes[im->n_hashes++].id = row->id;
	return ST_OK;
}

static int
cmp_hash(const void *a, const void *b)
{
	return strcmp(((const struct hash_id *)a)->hex, ((const struct hash_id *)b)->hex);
}

/* ---- one record ---- */

static enum status
resolve(struct imp *im, const char *key, const char *dataset, int64_t line, int64_t *id,
	struct err *err)
{
	int64_t v;
	bool ok;
	char *end;

	*id = 0;
	if (im->o->key == SCORES_KEY_HASH) {
		struct hash_id probe = {.id = 0}, *hit;
		snprintf(probe.hex, sizeof(probe.hex), "%s", key);
		hit = bsearch(&probe, im->hashes, im->n_hashes, sizeof(probe), cmp_hash);
		*id = hit ? hit->id : 0;
		return ST_OK;
	}
	errno = 0;
	v = strtoll(key, &end, 10);
	if (errno || end == key || *end)
		return err_set(err, ST_BADDATA, "%s:%lld: key '%.40s' is not a number", im->o->path,
			       (long long)line, key);
	if (im->o->key == SCORES_KEY_ID) {
		enum status rc = store_sample_exists(im->e->store, v, &ok, err);
		*id = ok ? v : 0;
		return rc;
	}
	if (!dataset && im->n_datasets > 1)
		return err_set(err, ST_USAGE, "%s:%lld: the project has %lld datasets: give a "
			       "'dataset' field or --dataset NAME", im->o->path, (long long)line,
			       (long long)im->n_datasets);
	return store_sample_by_line(im->e->store, dataset, v, id, err);
}

static enum status
add_record(struct imp *im, int64_t line, const char *key, const char *dataset,
	   const char *value, bool value_is_number, double number, struct err *err)
{
	int64_t id;
	double v = number;
	char *end;
	enum status rc;

	if (!key)
		return err_set(err, ST_BADDATA, "%s:%lld: missing key field '%s'", im->o->path,
			       (long long)line, im->o->key_field);
	if (!value_is_number) {
		if (!value)
			return err_set(err, ST_BADDATA, "%s:%lld: missing field '%s'", im->o->path,
				       (long long)line, im->o->field);
		v = strtod(value, &end);
		if (end == value || *end)
			return err_set(err, ST_BADDATA, "%s:%lld: field '%s': '%.40s' is not a number",
				       im->o->path, (long long)line, im->o->field, value);
	}
	rc = resolve(im, key, im->o->dataset ? im->o->dataset : dataset, line, &id, err);
	if (rc != ST_OK)
		return rc;
	im->res->n_rows++;
	if (!id) {
		if (im->res->n_unmatched++ < 5)
			buf_printf(&im->unmatched, "%sline %lld (%s)", im->unmatched.len ? ", " : "",
				   (long long)line, key);
		return ST_OK;
	}
	if (im->n == im->cap) {
		im->cap = im->cap ? 2 * im->cap : 1024;
		im->ids = xrealloc(im->ids, im->cap * sizeof(*im->ids));
		im->vals = xrealloc(im->vals, im->cap * sizeof(*im->vals));
	}
	im->ids[im->n] = id;
	im->vals[im->n++] = v;
	return ST_OK;
}

/* ---- JSONL ---- */

static const char *
json_text(const cJSON *v, char *tmp, size_t n)
{
	if (cJSON_IsString(v))
		return v->valuestring;
	if (cJSON_IsNumber(v)) {
		snprintf(tmp, n, "%.0f", v->valuedouble);
		return tmp;
	}
	return NULL;
}

static enum status
jsonl_record(struct imp *im, const char *line_text, int64_t line, struct err *err)
{
	cJSON *o = cJSON_Parse(line_text);
	char keybuf[40];
	enum status rc;

	if (!cJSON_IsObject(o)) {
		cJSON_Delete(o);
		return err_set(err, ST_BADDATA, "%s:%lld: not a JSON object", im->o->path,
			       (long long)line);
	}
	const cJSON *val = cJSON_GetObjectItemCaseSensitive(o, im->o->field);
	const cJSON *ds = cJSON_GetObjectItemCaseSensitive(o, "dataset");
	rc = add_record(im, line, json_text(cJSON_GetObjectItemCaseSensitive(o, im->o->key_field),
					    keybuf, sizeof(keybuf)),
			cJSON_IsString(ds) ? ds->valuestring : NULL,
			cJSON_IsString(val) ? val->valuestring : NULL, cJSON_IsNumber(val),
			cJSON_IsNumber(val) ? val->valuedouble : 0, err);
	cJSON_Delete(o);
	return rc;
}

static enum status
read_jsonl(struct imp *im, char *text, struct err *err)
{
	int64_t line = 0;
	enum status rc = ST_OK;

	for (char *p = text, *nl; rc == ST_OK && p && *p; p = nl ? nl + 1 : NULL) {
		nl = strchr(p, '\n');
		if (nl)
			*nl = '\0';
		line++;
		if (strspn(p, " \t\r") == strlen(p))
			continue;
		rc = jsonl_record(im, p, line, err);
	}
	return rc;
}

/* ---- CSV (RFC 4180: quoted fields, "" for a quote, CRLF or LF) ---- */

/* Parse one record from *p into fields (pointers into the text, which is rewritten in
 * place). Returns the number of fields, 0 at the end. */
static int
csv_record(char **p, char **fields, int max, int64_t *line)
{
	char *s = *p, *out;
	int n = 0;

	if (!*s)
		return 0;
	while (n < max) {
		bool quoted = *s == '"';
		fields[n++] = out = quoted ? ++s : s;
		while (*s) {
			if (quoted && *s == '"' && s[1] == '"') {
				*out++ = '"';
				s += 2;
			} else if (quoted && *s == '"') {
				s++;
				quoted = false;
			} else if (!quoted && (*s == ',' || *s == '\n' || *s == '\r')) {
				break;
			} else {
				*line += *s == '\n';
				*out++ = *s++;
			}
		}
		char end = *s;	/* read before the terminator may overwrite it */
		*out = '\0';
		if (end == ',') {
			s++;
			continue;
		}
		if (end == '\r')
			s++;
		if (end == '\r' || end == '\n')
			s += *s == '\n' || end == '\n';
		(*line)++;
		break;
	}
	*p = s;
	return n;
}

static int
find_col(char **head, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (strcmp(head[i], name) == 0)
			return i;
	return -1;
}

static enum status
read_csv(struct imp *im, char *text, struct err *err)
{
	char *head[256], *f[256], *p = text;
	int64_t line = 1, at;
	int nh = csv_record(&p, head, 256, &line), kc, vc, dc, n;
	enum status rc = ST_OK;

	kc = find_col(head, nh, im->o->key_field);
	vc = find_col(head, nh, im->o->field);
	dc = find_col(head, nh, "dataset");
	if (kc < 0 || vc < 0)
		return err_set(err, ST_BADDATA, "%s:1: the header needs the columns '%s' and '%s'",
			       im->o->path, im->o->key_field, im->o->field);
	while (rc == ST_OK && (at = line, n = csv_record(&p, f, 256, &line)) > 0) {
		if (n == 1 && !*f[0])
			continue;	/* blank line */
		rc = add_record(im, at, kc < n ? f[kc] : NULL, dc >= 0 && dc < n ? f[dc] : NULL,
				vc < n ? f[vc] : NULL, false, 0, err);
	}
	return rc;
}

/* ---- the whole import ---- */

struct name_probe {
	const char *name;
	bool found;
};

static void
match_name(void *ctx, const char *family, const struct metric_def *m)
{
	struct name_probe *p = ctx;

	(void)family;
	p->found |= strcmp(m->name, p->name) == 0;
}

static bool
builtin_name(const char *name)
{
	struct name_probe p = {name, false};
	struct err err;

	registry_each_metric(match_name, &p, &err);
	return p.found;
}

static enum status
read_file(const char *path, struct buf *out, char hex[65], struct err *err)
{
	FILE *fp = fopen(path, "rb");
	char chunk[1 << 16];
	size_t n;
	struct sha256 h;

	if (!fp)
		return err_set(err, ST_IO, "%s: cannot open: %s", path, strerror(errno));
	sha256_init(&h);
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0) {
		buf_append(out, chunk, n);
		sha256_update(&h, chunk, n);
	}
	fclose(fp);
	sha256_final_hex(&h, hex);
	return ST_OK;
}

static enum status
write_scores(struct imp *im, const char *version, struct err *err)
{
	char family[80];
	struct metric_def def = {im->o->name, "", im->o->dir, -1e300, 1e300};
	struct score_writer *w = NULL;
	char *desc = xasprintf("imported from %s (field %s)", im->o->path, im->o->field);
	enum status rc;

	def.desc = desc;
	snprintf(family, sizeof(family), "ext_%s", im->o->name);
	rc = store_begin(im->e->store, err);
	if (rc == ST_OK)
		rc = store_scores_prepare(im->e->store, family, version, &def, 1, false, err);
	if (rc == ST_OK)
		rc = store_score_writer_new(im->e->store, family, &def, 1, false, &w, err);
	for (size_t i = 0; rc == ST_OK && i < im->n; i++)
		rc = store_score_write(w, im->ids[i], version, &im->vals[i], NULL, err);
	store_score_writer_free(w);
	if (rc == ST_OK)
		rc = store_commit(im->e->store, err);
	else
		store_rollback(im->e->store);
	free(desc);
	return rc;
}

enum status
engine_scores_import(struct engine *e, const struct scores_import_opts *o,
		     struct scores_import_result *res, struct err *err)
{
	struct imp im = {.e = e, .o = o, .res = res, .unmatched = BUF_INIT, .raw = BUF_INIT};
	struct buf text = BUF_INIT;
	char hex[65];
	size_t len = strlen(o->path);
	enum status rc = ST_OK;

	memset(res, 0, sizeof(*res));
	if (!store_score_name_ok(o->name) || strlen(o->name) > 60)
		return err_set(err, ST_USAGE, "--name '%s': use a-z, 0-9 and _, starting with a letter",
			       o->name);
	if (builtin_name(o->name))
		return err_set(err, ST_USAGE, "--name '%s' is a built-in score; choose another name",
			       o->name);
	rc = read_file(o->path, &text, hex, err);
	if (rc == ST_OK)
		rc = store_dataset_count(e->store, &im.n_datasets, err);
	if (rc == ST_OK && o->key == SCORES_KEY_HASH) {
		rc = store_samples_each_raw(e->store, hash_row, &im, err);
		qsort(im.hashes, im.n_hashes, sizeof(*im.hashes), cmp_hash);
	}
	if (rc == ST_OK)
		rc = len > 4 && strcmp(o->path + len - 4, ".csv") == 0
			     ? read_csv(&im, text.data ? text.data : (char *)"", err)
			     : read_jsonl(&im, text.data ? text.data : (char *)"", err);
	if (rc == ST_OK && res->n_unmatched && !o->skip_unmatched)
		rc = err_set(err, ST_BADDATA, "%s: %lld keys match no sample (%s%s); nothing was "
			     "imported (--skip-unmatched imports the rest)", o->path,
			     (long long)res->n_unmatched, buf_str(&im.unmatched),
			     res->n_unmatched > 5 ? ", ..." : "");
	if (rc == ST_OK && im.n == 0)
		rc = err_set(err, ST_BADDATA, "%s: no values to import", o->path);
	if (rc == ST_OK)
		rc = write_scores(&im, hex, err);
	res->n_matched = (int64_t)im.n;
	snprintf(res->unmatched, sizeof(res->unmatched), "%s", buf_str(&im.unmatched));
	free(im.ids);
	free(im.vals);
	free(im.hashes);
	buf_free(&im.raw);
	buf_free(&im.unmatched);
	buf_free(&text);
	return rc;
}
