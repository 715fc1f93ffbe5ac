/* engine_export_sel.c: `winnow export --selection S -o OUT`: the selected rows in their
 * original JSON (engine_export), then OUT.manifest.json describing how they were chosen,
 * each written atomically. Nothing in either file depends on when the export ran, so
 * running it again writes the same bytes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "engine_select_internal.h"
#include "ingest/convert.h"
#include "store_select.h"
#include "util/atomic_file.h"
#include "util/buf.h"
#include "util/json_text.h"
#include "util/sha256.h"
#include "util/xalloc.h"

/* A JSON document (our own canonical text) nested at one level of indent. */
static void
put_nested(struct buf *b, const char *json)
{
	size_t n = strlen(json);

	while (n && json[n - 1] == '\n')
		n--;
	for (size_t i = 0; i < n; i++) {
		buf_putc(b, json[i]);
		if (json[i] == '\n')
			buf_puts(b, "  ");
	}
}

/* The ids of every sample not in sel (sorted), for --rejected. */
static enum status
complement(struct engine *e, const int64_t *sel, size_t n_sel, int64_t **out, size_t *n,
	   struct err *err)
{
	int64_t *all = NULL;
	size_t n_all = 0, j = 0;
	enum status rc = store_sample_ids(e->store, &all, &n_all, err);

	*out = NULL;
	*n = 0;
	if (rc != ST_OK)
		return rc;
	*out = xmalloc((n_all ? n_all : 1) * sizeof(**out));
	for (size_t i = 0; i < n_all; i++) {
		while (j < n_sel && sel[j] < all[i])
			j++;
		if (j == n_sel || sel[j] != all[i])
			(*out)[(*n)++] = all[i];
	}
	free(all);
	return ST_OK;
}

static void
put_version(void *ctx, const char *family, const char *version)
{
	struct buf *b = ctx;

	buf_puts(b, b->data[b->len - 1] == '{' ? "\n    " : ",\n    ");
	json_quote_or_null(b, family);
	buf_puts(b, ": ");
	json_quote_or_null(b, version);
}

static enum status
put_inputs(struct engine *e, struct buf *b, struct err *err)
{
	struct dataset *ds = NULL;
	size_t n = 0;
	enum status rc = store_datasets_list(e->store, &ds, &n, err);

	buf_puts(b, ",\n  \"inputs\": [");
	for (size_t i = 0; rc == ST_OK && i < n; i++) {
		buf_puts(b, i ? ",\n    {\"name\": " : "\n    {\"name\": ");
		json_quote_or_null(b, ds[i].name);
		buf_puts(b, ", \"sha256\": ");
		json_quote_or_null(b, ds[i].sha256);
		buf_printf(b, ", \"bytes\": %lld, \"samples\": %lld}", (long long)ds[i].bytes,
			   (long long)ds[i].n_samples);
	}
	buf_puts(b, n ? "\n  ]" : "]");
	store_datasets_free(ds, n);
	return rc;
}

/* The recipe's target set, with the SHA-256 of the file as it is now (null if it
 * cannot be read). */
static void
put_target(struct buf *b, const char *recipe_json)
{
	struct recipe *r = NULL;
	struct err ignore;
	char hex[65];

	buf_puts(b, ",\n  \"target\": ");
	if (recipe_parse(recipe_json, "", NULL, 0, &r, &ignore) != ST_OK || !r->target) {
		buf_puts(b, "null");
		recipe_free(r);
		return;
	}
	buf_puts(b, "{\"file\": ");
	json_quote_or_null(b, r->target);
	buf_puts(b, ", \"sha256\": ");
	if (sha256_file(r->target, hex, NULL))
		buf_printf(b, "\"%s\"}", hex);
	else
		buf_puts(b, "null}");
	recipe_free(r);
}

static const char *
base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

static enum status
manifest_text(struct engine *e, const struct store_selection *s,
	      const struct selection_export_opts *o, const struct selection_export_result *res,
	      int64_t out_bytes, bool json_array, struct buf *b, struct err *err)
{
	enum status rc;

	buf_printf(b, "{\n  \"winnow\": ");
	json_quote_or_null(b, o->version);
	buf_puts(b, ",\n  \"selection\": ");
	json_quote_or_null(b, s->name);
	buf_puts(b, ",\n  \"made_at\": ");
	json_quote_or_null(b, s->made_at);
	buf_puts(b, ",\n  \"recipe_name\": ");
	json_quote_or_null(b, s->recipe_name);
	buf_puts(b, ",\n  \"recipe\": ");
	put_nested(b, s->recipe);
	buf_printf(b, ",\n  \"seed\": %llu,\n  \"counts\": %s", (unsigned long long)s->seed,
		   s->counts);
	buf_printf(b, ",\n  \"sdf\": %.6f", s->n_samples ? (double)s->n_final / (double)s->n_samples : 0.0);
	buf_printf(b, ",\n  \"ids_sha256\": \"%s\"", s->hash);
	buf_printf(b, ",\n  \"audit\": {\"last_seq\": %lld, \"sha256\": \"%s\"}",
		   (long long)s->audit_seq, s->audit_hash);
	rc = put_inputs(e, b, err);
	put_target(b, s->recipe);
	buf_puts(b, ",\n  \"scorers\": {");
	if (rc == ST_OK)
		rc = store_scorer_versions(e->store, put_version, b, err);
	buf_puts(b, b->data[b->len - 1] == '{' ? "}" : "\n  }");
	buf_puts(b, ",\n  \"output\": {\"file\": ");
	json_quote_or_null(b, base_name(o->out));
	buf_printf(b, ", \"format\": \"%s\", \"rows_as\": \"%s\", \"rows\": %lld, \"rejected\": %s, "
		      "\"bytes\": %lld, \"sha256\": \"%s\"}\n}\n", json_array ? "json" : "jsonl",
		   convert_name(o->to), (long long)res->n_rows, o->rejected ? "true" : "false",
		   (long long)out_bytes, res->out_hash);
	return rc;
}

static enum status
write_text(const char *path, const struct buf *b, struct err *err)
{
	struct atomic_file af;
	enum status rc = atomic_file_open(&af, path, err);

	if (rc != ST_OK)
		return rc;
	fwrite(b->data, 1, b->len, af.fp);
	return atomic_file_commit(&af, err);
}

enum status
engine_export_selection(struct engine *e, const struct selection_export_opts *o,
			struct selection_export_result *res, struct err *err)
{
	struct store_selection s;
	struct export_opts x = {.out = o->out, .as = EXPORT_AUTO, .to = o->to};
	struct export_result xr;
	struct buf b = BUF_INIT;
	int64_t *ids = NULL;
	size_t n = 0;
	struct stat sb;
	enum status rc;

	memset(res, 0, sizeof(*res));
	if (!o->out || strcmp(o->out, "-") == 0)
		return err_set(err, ST_USAGE, "a selection is exported to a file (its manifest goes "
				   "beside it), not to standard output");
	rc = store_selection_get(e->store, o->selection, true, &s, err);
	if (rc != ST_OK)
		return rc;
	if (o->rejected)
		rc = complement(e, s.ids, s.n_ids, &ids, &n, err);
	x.ids = o->rejected ? ids : s.ids;
	x.n_ids = o->rejected ? n : s.n_ids;
	if (rc == ST_OK)
		rc = engine_export(e, &x, &xr, err);
	res->n_rows = xr.n_rows;
	if (rc == ST_OK && (!sha256_file(o->out, res->out_hash, NULL) || stat(o->out, &sb) != 0))
		rc = err_set(err, ST_IO, "%s: cannot read it back to hash it", o->out);
	res->manifest_path = xasprintf("%s.manifest.json", o->out);
	if (rc == ST_OK)
		rc = manifest_text(e, &s, o, res, (int64_t)sb.st_size, xr.as == EXPORT_JSON, &b, err);
	if (rc == ST_OK)
		rc = write_text(res->manifest_path, &b, err);
	buf_free(&b);
	free(ids);
	store_selection_free(&s);
	return rc;
}
