/* engine_eval_io.c: the hook for running the comparison elsewhere: export the three
 * training sets and the held-out set with a manifest, and record the metrics an external
 * fine-tuning stack reports back. Never prints. */
#include <cjson/cJSON.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "engine_eval_internal.h"
#include "store_eval.h"
#include "util/atomic_file.h"
#include "util/json_text.h"
#include "util/sha256.h"
#include "util/xalloc.h"

static const char *const set_files[EVAL_N_MODELS + 1] = {
	"train_full.jsonl", "train_subset.jsonl", "train_random.jsonl", "eval.jsonl",
};

static void
row_json(struct buf *b, const struct text_row *t, bool from_file)
{
	buf_clear(b);
	buf_printf(b, "{\"%s\":%lld,\"prompt\":", from_file ? "line" : "id", (long long)t->id);
	json_quote(b, t->prompt, t->plen);
	buf_puts(b, ",\"response\":");
	json_quote(b, t->response, t->rlen);
	buf_puts(b, "}\n");
}

/* Write one set atomically. OUT: hex (its SHA-256), *n. */
static enum status
write_set(const struct eval_plan *p, int which, const char *dir, char hex[65], size_t *n,
	  struct err *err)
{
	char *path = xasprintf("%s/%s", dir, set_files[which]);
	struct atomic_file af;
	struct buf line = BUF_INIT;
	struct sha256 sh;
	bool file = which == EVAL_N_MODELS && p->eval_file.n;
	const size_t *idx = which < EVAL_N_MODELS ? p->idx[which] : p->eval_idx;
	enum status rc = atomic_file_open(&af, path, err);

	*n = file ? p->eval_file.n : which < EVAL_N_MODELS ? p->n[which] : p->n_eval_idx;
	sha256_init(&sh);
	for (size_t i = 0; rc == ST_OK && i < *n; i++) {
		row_json(&line, file ? &p->eval_file.rows[i] : &p->corpus.rows[idx[i]], file);
		sha256_update(&sh, line.data, line.len);
		fwrite(line.data, 1, line.len, af.fp);
	}
	sha256_final_hex(&sh, hex);
	if (rc == ST_OK)
		rc = atomic_file_commit(&af, err);
	else
		atomic_file_abort(&af);
	buf_free(&line);
	free(path);
	return rc;
}

enum status
eval_write_sets(const struct eval_plan *p, const char *dir, char hex[][65], size_t n[],
		struct err *err)
{
	enum status rc = ST_OK;

	for (int i = 0; rc == ST_OK && i <= EVAL_N_MODELS; i++)
		rc = write_set(p, i, dir, hex[i], &n[i], err);
	return rc;
}

enum status
eval_write_manifest(const struct eval_plan *p, const struct eval_opts *o, const char *dir,
		    int64_t run_id, const char hex[][65], const size_t *n, struct err *err)
{
	char *path = xasprintf("%s/manifest.json", dir);
	struct atomic_file af;
	struct buf b = BUF_INIT;
	enum status rc = atomic_file_open(&af, path, err);

	buf_printf(&b, "{\n  \"winnow_eval\": 1,\n  \"run\": %lld,\n  \"selection\": ", (long long)run_id);
	json_quote(&b, o->selection ? o->selection : "ids", strlen(o->selection ? o->selection : "ids"));
	buf_printf(&b, ",\n  \"selection_hash\": \"%s\",\n  \"seed\": %llu,\n  \"sdf\": %.6f,\n"
		       "  \"eval_source\": ", p->sel_hash, (unsigned long long)p->seed,
		   p->n[EVAL_FULL] ? (double)p->n[EVAL_SUBSET] / (double)p->n[EVAL_FULL] : 0.0);
	json_quote(&b, o->eval_set ? o->eval_set : "split", strlen(o->eval_set ? o->eval_set : "split"));
	buf_puts(&b, ",\n  \"config\": ");
	buf_puts(&b, p->config);
	buf_puts(&b, ",\n  \"files\": {\n");
	for (int i = 0; i <= EVAL_N_MODELS; i++)
		buf_printf(&b, "    \"%s\": {\"path\": \"%s\", \"rows\": %zu, \"sha256\": \"%s\"}%s\n",
			   i < EVAL_N_MODELS ? eval_model_name(i) : "eval", set_files[i], n[i], hex[i],
			   i < EVAL_N_MODELS ? "," : "");
	buf_printf(&b, "  },\n  \"rows\": \"{id, prompt, response}; eval rows from a file have line"
		       " instead of id\",\n  \"result\": \"write {\\\"run\\\": %lld, \\\"metric\\\": "
		       "\\\"loss\\\", \\\"direction\\\": \\\"lower\\\", \\\"full\\\": X, \\\"subset\\\": Y,"
		       " \\\"random\\\": Z} and run: winnow eval --import-result FILE\"\n}\n",
		   (long long)run_id);
	if (rc == ST_OK) {
		fwrite(b.data, 1, b.len, af.fp);
		rc = atomic_file_commit(&af, err);
	}
	buf_free(&b);
	free(path);
	return rc;
}

enum status
engine_eval_export(struct engine *e, const struct eval_opts *o, const char *dir,
		   int64_t *run_id, struct err *err)
{
	struct eval_plan p;
	struct eval_run_row row;
	char hex[EVAL_N_MODELS + 1][65];
	size_t n[EVAL_N_MODELS + 1];
	enum status rc = eval_plan_make(e, o, &p, err);

	*run_id = 0;
	if (rc == ST_OK && mkdir(dir, 0777) != 0 && errno != EEXIST)
		rc = err_set(err, ST_IO, "%s: cannot create the folder: %s", dir, strerror(errno));
	if (rc == ST_OK)
		rc = eval_write_sets(&p, dir, hex, n, err);
	if (rc == ST_OK) {
		eval_plan_row(&p, o, "external", "exported", &row);
		rc = store_eval_insert(e->store, &row, run_id, err);
	}
	if (rc == ST_OK)
		rc = eval_write_manifest(&p, o, dir, *run_id, (const char(*)[65])hex, n, err);
	eval_plan_free(&p);
	return rc;
}

/* ---- reading an external result back ---- */

enum status
eval_read_text(const char *path, char **out, struct err *err)
{
	FILE *fp = fopen(path, "rb");
	struct buf b = BUF_INIT;
	char chunk[4096];
	size_t n;

	*out = NULL;
	if (!fp)
		return err_set(err, ST_IO, "%s: cannot open: %s", path, strerror(errno));
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0 && b.len < (1u << 20))
		buf_append(&b, chunk, n);
	fclose(fp);
	*out = b.data ? buf_take(&b) : xstrdup("");
	return ST_OK;
}

static enum status
number(const cJSON *root, const char *path, const char *key, double *out, struct err *err)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, key);

	if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble))
		return err_set(err, ST_BADDATA, "%s: field '%s': expected a number", path, key);
	*out = v->valuedouble;
	return ST_OK;
}

struct ext_result {
	double run, val[EVAL_N_MODELS];
	bool lower;
	char metric[64];
};

static enum status
parse_result(const char *path, const char *text, struct ext_result *r, struct err *err)
{
	cJSON *root = cJSON_Parse(text);
	const cJSON *metric, *dir;
	enum status rc = ST_OK;

	if (!cJSON_IsObject(root)) {
		cJSON_Delete(root);
		return err_set(err, ST_BADDATA, "%s: not a JSON object", path);
	}
	rc = number(root, path, "run", &r->run, err);
	for (int m = 0; rc == ST_OK && m < EVAL_N_MODELS; m++)
		rc = number(root, path, eval_model_name(m), &r->val[m], err);
	metric = cJSON_GetObjectItemCaseSensitive(root, "metric");
	dir = cJSON_GetObjectItemCaseSensitive(root, "direction");
	snprintf(r->metric, sizeof(r->metric), "%s", cJSON_IsString(metric) ? metric->valuestring : "loss");
	r->lower = strcmp(r->metric, "loss") == 0;
	if (rc == ST_OK && dir && !(cJSON_IsString(dir) && (strcmp(dir->valuestring, "lower") == 0 ||
							    strcmp(dir->valuestring, "higher") == 0)))
		rc = err_set(err, ST_BADDATA, "%s: field 'direction': expected \"lower\" or \"higher\"",
			     path);
	else if (rc == ST_OK && dir)
		r->lower = strcmp(dir->valuestring, "lower") == 0;
	cJSON_Delete(root);
	return rc;
}

enum status
engine_eval_import(struct engine *e, const char *path, int64_t *run_id, struct err *err)
{
	struct ext_result r = {0};
	struct eval_run_row run = {0};
	struct eval_metrics m;
	char *text = NULL;
	enum status rc = eval_read_text(path, &text, err);

	*run_id = 0;
	if (rc == ST_OK)
		rc = parse_result(path, text, &r, err);
	if (rc == ST_OK)
		rc = store_eval_get(e->store, (int64_t)r.run, &run, err);
	if (rc == ST_OK && strcmp(run.kind, "external") != 0)
		rc = err_set(err, ST_USAGE, "run %lld was trained by winnow (%s), not exported",
			     (long long)run.id, run.kind);
	for (int k = 0; rc == ST_OK && k < EVAL_N_MODELS; k++) {
		int64_t n_train = k == EVAL_FULL ? run.n_full : k == EVAL_SUBSET ? run.n_subset : run.n_random;
		struct eval_model_row row = {k, n_train, 0, 0, 0, r.val[k],
					     r.lower && strcmp(r.metric, "loss") == 0 ? exp(r.val[k]) : NAN};
		rc = store_eval_save_model(e->store, run.id, &row, NULL, 0, err);
	}
	if (rc == ST_OK) {
		eval_metrics_compute(run.n_subset, run.n_full, r.val[EVAL_FULL], r.val[EVAL_SUBSET],
				     r.val[EVAL_RANDOM], r.lower, &m);
		rc = store_eval_set_metric(e->store, run.id, r.metric, err);
	}
	if (rc == ST_OK)
		rc = store_eval_finish(e->store, run.id, "done", NULL, &m, err);
	if (rc == ST_OK)
		*run_id = run.id;
	eval_run_row_free(&run);
	free(text);
	return rc;
}
