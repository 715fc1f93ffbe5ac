/* engine_eval_ext.c: winnow eval --external 'CMD': the comparison run with a training
 * stack winnow does not know. The three training sets and the held-out set are written as
 * --export-sets writes them; the command runs once per model with placeholders for its
 * training file, the held-out file and a result path; the JSON it writes comes back and
 * the run is stored like a built-in one (kind 'external'). Never prints; the command's
 * output goes to a log file per model. */
#include <cjson/cJSON.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "engine_eval_internal.h"
#include "store_eval.h"
#include "util/buf.h"
#include "util/run_cmd.h"
#include "util/xalloc.h"

/* ---- placeholders ---- */

enum ph { PH_TRAIN, PH_EVAL, PH_OUT, PH_MODEL, PH_DIR, PH_RUN, PH_SEED, PH_BUDGET, PH_N };

static const char *const ph_names[PH_N] = {
	"train", "eval", "out", "model", "dir", "run", "seed", "budget",
};

/* The placeholder at s ('{' + lowercase letters or '_' + '}', not after '$'), or -1 if
 * none; -2 for a placeholder-shaped word that is not one. OUT: *len its length. */
static int
placeholder_at(const char *start, const char *s, size_t *len)
{
	size_t n = 1;

	if (*s != '{' || (s > start && s[-1] == '$'))
		return -1;
	while ((s[n] >= 'a' && s[n] <= 'z') || s[n] == '_')
		n++;
	if (s[n] != '}' || n == 1)
		return -1;
	*len = n + 1;
	for (int i = 0; i < PH_N; i++)
		if (strlen(ph_names[i]) == n - 1 && strncmp(s + 1, ph_names[i], n - 1) == 0)
			return i;
	return -2;
}

enum status
eval_external_check(const char *cmd, struct err *err)
{
	bool seen[PH_N] = {0};
	size_t len;

	for (const char *s = cmd; *s; s++) {
		int ph = placeholder_at(cmd, s, &len);
		if (ph == -2)
			return err_set(err, ST_USAGE, "--external: unknown placeholder '%.*s'; the "
				       "placeholders are {train} {eval} {out} {model} {dir} {run} "
				       "{seed} {budget}", (int)len, s);
		if (ph >= 0) {
			seen[ph] = true;
			s += len - 1;
		}
	}
	if (!seen[PH_TRAIN] || !seen[PH_OUT])
		return err_set(err, ST_USAGE, "--external: the command must use {train} (the "
			       "training file) and {out} (where it writes its result)");
	return ST_OK;
}

/* Append v as one single-quoted shell word. */
static void
shell_quote(struct buf *b, const char *v)
{
	buf_putc(b, '\'');
	for (; *v; v++)
		if (*v == '\'')
			buf_puts(b, "'\\''");
		else
			buf_putc(b, *v);
	buf_putc(b, '\'');
}

static char *
substitute(const char *cmd, char *const val[PH_N])
{
	struct buf b = BUF_INIT;
	size_t len;

	for (const char *s = cmd; *s; s++) {
		int ph = placeholder_at(cmd, s, &len);
		if (ph >= 0) {
			shell_quote(&b, val[ph]);
			s += len - 1;
		} else {
			buf_putc(&b, *s);
		}
	}
	return buf_take(&b);
}

/* ---- the result file ---- */

struct ext_model {
	double value, seconds;
	int64_t train_tokens, steps;
	char metric[64];
	bool lower;
	struct curve_point *curve;
	size_t n_curve;
};

static enum status
opt_count(const cJSON *root, const char *path, const char *key, int64_t *out, struct err *err)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, key);

	if (!v)
		return ST_OK;
	if (!cJSON_IsNumber(v) || !(v->valuedouble >= 0) || v->valuedouble > 9e18)
		return err_set(err, ST_BADDATA, "%s: field '%s': expected a count (a number >= 0)",
			       path, key);
	*out = (int64_t)v->valuedouble;
	return ST_OK;
}

/* "curve": [{"step": S, "tokens": N, "loss": L}, ...] (tokens optional). */
static enum status
parse_curve(const cJSON *root, const char *path, struct ext_model *r, struct err *err)
{
	const cJSON *c = cJSON_GetObjectItemCaseSensitive(root, "curve"), *pt;
	size_t i = 0;

	if (!c)
		return ST_OK;
	if (!cJSON_IsArray(c))
		return err_set(err, ST_BADDATA, "%s: field 'curve': expected an array", path);
	r->curve = xcalloc((size_t)cJSON_GetArraySize(c) + 1, sizeof(*r->curve));
	cJSON_ArrayForEach(pt, c) {
		const cJSON *st = cJSON_GetObjectItemCaseSensitive(pt, "step");
		const cJSON *tk = cJSON_GetObjectItemCaseSensitive(pt, "tokens");
		const cJSON *ls = cJSON_GetObjectItemCaseSensitive(pt, "loss");
		if (!cJSON_IsNumber(st) || !cJSON_IsNumber(ls) || !isfinite(ls->valuedouble) ||
		    (tk && !cJSON_IsNumber(tk)) || (i > 0 && st->valuedouble <= r->curve[i - 1].step))
			return err_set(err, ST_BADDATA, "%s: field 'curve[%zu]': expected {\"step\", "
				       "\"loss\"} (and \"tokens\") with steps increasing", path, i);
		r->curve[i++] = (struct curve_point){(int64_t)st->valuedouble,
						     tk ? (int64_t)tk->valuedouble : 0,
						     (float)ls->valuedouble};
	}
	r->n_curve = i;
	return ST_OK;
}

static enum status
parse_fields(const cJSON *root, const char *path, struct ext_model *r, struct err *err)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, "value");
	const cJSON *metric = cJSON_GetObjectItemCaseSensitive(root, "metric");
	const cJSON *dir = cJSON_GetObjectItemCaseSensitive(root, "direction");
	enum status rc = ST_OK;

	if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble))
		return err_set(err, ST_BADDATA, "%s: field 'value': expected a number", path);
	r->value = v->valuedouble;
	if (metric && (!cJSON_IsString(metric) || !*metric->valuestring ||
		       strlen(metric->valuestring) >= sizeof(r->metric)))
		return err_set(err, ST_BADDATA, "%s: field 'metric': expected a short name", path);
	snprintf(r->metric, sizeof(r->metric), "%s", metric ? metric->valuestring : "loss");
	r->lower = strcmp(r->metric, "loss") == 0;
	if (dir && !(cJSON_IsString(dir) && (strcmp(dir->valuestring, "lower") == 0 ||
					     strcmp(dir->valuestring, "higher") == 0)))
		return err_set(err, ST_BADDATA, "%s: field 'direction': expected \"lower\" or "
			       "\"higher\"", path);
	if (dir)
		r->lower = strcmp(dir->valuestring, "lower") == 0;
	rc = opt_count(root, path, "train_tokens", &r->train_tokens, err);
	if (rc == ST_OK)
		rc = opt_count(root, path, "steps", &r->steps, err);
	if (rc == ST_OK)
		rc = parse_curve(root, path, r, err);
	return rc;
}

/* Read what the command wrote for one model. */
static enum status
read_result(const char *path, struct ext_model *r, struct err *err)
{
	char *text = NULL;
	cJSON *root;
	enum status rc;

	if (access(path, F_OK) != 0)
		return err_set(err, ST_BADDATA, "%s: the command exited with status 0 but wrote "
			       "no result there", path);
	rc = eval_read_text(path, &text, err);
	if (rc != ST_OK)
		return rc;
	root = cJSON_Parse(text);
	if (!cJSON_IsObject(root))
		rc = err_set(err, ST_BADDATA, "%s: not a JSON object (expected {\"value\": X, "
			     "\"metric\": \"loss\", ...})", path);
	else
		rc = parse_fields(root, path, r, err);
	cJSON_Delete(root);
	free(text);
	return rc;
}

/* ---- running the three models ---- */

struct ext_job {
	const struct eval_opts *o;
	struct eval_plan *p;
	const char *dir;
	int64_t run_id, budget[EVAL_N_MODELS];
	int model;
	double t0;
	char item[96];
};

static bool
ext_poll(void *ctx, double elapsed)
{
	struct ext_job *j = ctx;
	struct progress pr = {.what = "eval-external", .item = j->item, .done = (uint64_t)j->model,
			      .total = EVAL_N_MODELS, .elapsed = progress_now() - j->t0};

	snprintf(j->item, sizeof(j->item), "%s model: the command has run %.0f s",
		 eval_model_name(j->model), elapsed);
	return !j->o->progress.fn || j->o->progress.fn(j->o->progress.ctx, &pr);
}

static char *
dir_file(const char *dir, const char *name, const char *suffix)
{
	return xasprintf("%s/%s%s", dir, name, suffix);
}

/* Run the command for model m and read its result. */
static enum status
run_model(struct ext_job *j, struct ext_model *r, struct err *err)
{
	static const char *const sets[EVAL_N_MODELS] = {
		"train_full.jsonl", "train_subset.jsonl", "train_random.jsonl",
	};
	const char *name = eval_model_name(j->model);
	char *val[PH_N], *env[PH_N + 1], *cmd, *log;
	struct run_cmd_result rr;
	enum status rc;

	val[PH_TRAIN] = dir_file(j->dir, sets[j->model], "");
	val[PH_EVAL] = dir_file(j->dir, "eval.jsonl", "");
	val[PH_OUT] = xasprintf("%s/result_%s.json", j->dir, name);
	val[PH_MODEL] = xstrdup(name);
	val[PH_DIR] = xstrdup(j->dir);
	val[PH_RUN] = xasprintf("%lld", (long long)j->run_id);
	val[PH_SEED] = xasprintf("%llu", (unsigned long long)j->p->seed);
	val[PH_BUDGET] = xasprintf("%lld", (long long)j->budget[j->model]);
	for (int i = 0; i < PH_N; i++) {
		char up[16];
		for (size_t k = 0; k <= strlen(ph_names[i]); k++)
			up[k] = (char)(ph_names[i][k] >= 'a' ? ph_names[i][k] - 32 : ph_names[i][k]);
		env[i] = xasprintf("WINNOW_%s=%s", up, val[i]);
	}
	env[PH_N] = NULL;
	cmd = substitute(j->o->external, val);
	log = dir_file(j->dir, name, ".log");
	unlink(val[PH_OUT]);
	unlink(log);
	rc = run_cmd(cmd, (const char *const *)env, log, ext_poll, j, &rr, err);
	r->seconds = rr.seconds;
	if (rc == ST_OK && rr.exit_code != 0)
		rc = err_set(err, ST_ERROR, "the external command for the %s model %s %d; its "
			     "output is in %s", name, rr.signal ? "was ended by signal" :
			     "exited with status", rr.signal ? rr.signal : rr.exit_code, log);
	if (rc == ST_OK)
		rc = read_result(val[PH_OUT], r, err);
	for (int i = 0; i < PH_N; i++) {
		free(val[i]);
		free(env[i]);
	}
	free(cmd);
	free(log);
	return rc;
}

/* The three models in turn; each result is stored as it comes. */
static enum status
run_models(struct engine *e, struct ext_job *j, struct eval_result *res, bool *lower,
	   struct err *err)
{
	struct ext_model r[EVAL_N_MODELS] = {0};
	enum status rc = ST_OK;

	for (int m = 0; m < EVAL_N_MODELS && rc == ST_OK; m++) {
		j->model = m;
		rc = run_model(j, &r[m], err);
		if (rc == ST_OK && m > 0 && (strcmp(r[m].metric, r[0].metric) || r[m].lower != r[0].lower))
			rc = err_set(err, ST_BADDATA, "%s/result_%s.json: metric '%s' (%s is better) "
				     "differs from the full model's '%s' (%s)", j->dir,
				     eval_model_name(m), r[m].metric, r[m].lower ? "lower" : "higher",
				     r[0].metric, r[0].lower ? "lower" : "higher");
		if (rc != ST_OK)
			break;
		struct eval_model_row row = {m, (int64_t)j->p->n[m], r[m].train_tokens, r[m].steps,
					     r[m].seconds, r[m].value,
					     r[m].lower && strcmp(r[m].metric, "loss") == 0 ?
					     exp(r[m].value) : NAN};
		rc = store_eval_save_model(e->store, j->run_id, &row, r[m].curve, r[m].n_curve, err);
		res->run.models[m] = row;
	}
	if (rc == ST_OK)
		rc = store_eval_set_metric(e->store, j->run_id, r[0].metric, err);
	*lower = r[0].lower;
	for (int m = 0; m < EVAL_N_MODELS; m++)
		free(r[m].curve);
	return rc;
}

/* A temporary work folder that succeeded: remove what winnow and the command left in
 * it (if the command left more, the folder stays). */
static void
remove_work_dir(const char *dir)
{
	static const char *const files[] = {
		"train_full.jsonl", "train_subset.jsonl", "train_random.jsonl", "eval.jsonl",
		"manifest.json", "result_full.json", "result_subset.json", "result_random.json",
		"full.log", "subset.log", "random.log",
	};

	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		char *path = dir_file(dir, files[i], "");
		unlink(path);
		free(path);
	}
	rmdir(dir);
}

/* The work folder: o->work_dir (created if missing) or a new temporary one. */
static enum status
work_dir(const struct eval_opts *o, char **dir, struct err *err)
{
	const char *tmp = getenv("TMPDIR");

	if (o->work_dir) {
		*dir = xstrdup(o->work_dir);
		if (mkdir(*dir, 0777) != 0 && errno != EEXIST)
			return err_set(err, ST_IO, "%s: cannot create the folder: %s", *dir,
				       strerror(errno));
		return ST_OK;
	}
	*dir = xasprintf("%s/winnow-external.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(*dir))
		return err_set(err, ST_IO, "%s: cannot create a temporary folder: %s", *dir,
			       strerror(errno));
	return ST_OK;
}

/* Sets, manifest, the stored run; then the models. */
static enum status
ext_prepare(struct engine *e, struct ext_job *j, struct eval_result *res, struct err *err)
{
	char hex[EVAL_N_MODELS + 1][65];
	size_t n[EVAL_N_MODELS + 1];
	int64_t pos[EVAL_N_MODELS] = {0};
	struct eval_run_row row;
	enum status rc = eval_write_sets(j->p, j->dir, hex, n, err);

	if (rc == ST_OK) {
		eval_plan_row(j->p, j->o, "external", "running", &row);
		res->run.n_full = row.n_full;
		res->run.n_subset = row.n_subset;
		rc = store_eval_insert(e->store, &row, &res->run_id, err);
	}
	if (rc == ST_OK) {
		j->run_id = res->run_id;
		rc = eval_write_manifest(j->p, j->o, j->dir, j->run_id, (const char(*)[65])hex, n, err);
	}
	for (int m = 0; m < EVAL_N_MODELS; m++)
		for (size_t i = 0; i < j->p->n[m]; i++) {
			const struct text_row *t = &j->p->corpus.rows[j->p->idx[m][i]];
			pos[m] += (int64_t)(t->plen + t->rlen + 1);
		}
	eval_budgets(j->o, j->p, pos, j->budget);
	return rc;
}

enum status
eval_external_run(struct engine *e, const struct eval_opts *o, struct eval_result *res,
		  struct err *err)
{
	struct eval_plan p;
	struct ext_job j = {.o = o, .p = &p, .t0 = progress_now()};
	char *dir = NULL;
	bool lower = true;
	enum status rc;

	memset(res, 0, sizeof(*res));
	rc = eval_external_check(o->external, err);
	if (rc == ST_OK && o->quick)
		rc = err_set(err, ST_USAGE, "--external and --quick do not go together");
	if (rc == ST_OK)
		rc = eval_plan_make(e, o, &p, err);
	else
		memset(&p, 0, sizeof(p));
	if (rc == ST_OK)
		rc = work_dir(o, &dir, err);
	j.dir = dir;
	if (rc == ST_OK)
		rc = ext_prepare(e, &j, res, err);
	if (rc == ST_OK || res->run_id) {
		if (rc == ST_OK)
			rc = run_models(e, &j, res, &lower, err);
		rc = eval_finish(e, res, rc, err, lower, err);
	}
	/* a temporary folder is kept after a failure: the messages name the log in it */
	if (dir && !o->work_dir && (rc == ST_OK || rc == ST_CANCELLED || !res->run_id))
		remove_work_dir(dir);
	if (o->progress.fn)
		o->progress.fn(o->progress.ctx, &(struct progress){.what = "eval-external",
			       .done = EVAL_N_MODELS, .total = EVAL_N_MODELS, .finished = true});
	eval_plan_free(&p);
	free(dir);
	return rc;
}
