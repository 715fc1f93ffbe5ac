/* engine_eval.c: winnow eval's comparison run (see engine_eval.h): read the samples,
 * split off the held-out set, draw the random subset, train and score three models, and
 * record everything in the project file as it goes. Never prints. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "engine_eval_internal.h"
#include "eval/ngram.h"
#include "eval/rng.h"
#include "select/select_run.h"
#include "store_eval.h"
#include "util/json_text.h"
#include "util/sha256.h"
#include "util/xalloc.h"

void
eval_default_model(struct gpt_config *c)
{
	*c = (struct gpt_config){.vocab = TOK_VOCAB, .max_seq = 256, .n_layer = 4, .n_head = 4,
				 .n_embd = 128};
}

void
eval_result_free(struct eval_result *r)
{
	eval_run_row_free(&r->run);
	memset(r, 0, sizeof(*r));
}

/* ---- the samples ---- */

void
corpus_add(struct corpus *c, int64_t id, const char *p, size_t pl, const char *r, size_t rl)
{
	if (c->n == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 1024;
		c->rows = xrealloc(c->rows, c->cap * sizeof(*c->rows));
	}
	c->rows[c->n++] = (struct text_row){id, xstrndup(p, pl), pl, xstrndup(r, rl), rl};
}

void
corpus_free(struct corpus *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->rows[i].prompt);
		free(c->rows[i].response);
	}
	free(c->rows);
	memset(c, 0, sizeof(*c));
}

static enum status
add_sample(void *ctx, const struct raw_row *row, struct err *err)
{
	(void)err;
	corpus_add(ctx, row->id, row->prompt, strlen(row->prompt), row->response,
		   strlen(row->response));
	return ST_OK;
}

static enum status
add_file_row(void *ctx, int64_t line, const char *p, size_t pl, const char *r, size_t rl,
	     struct err *err)
{
	(void)err;
	corpus_add(ctx, line, p, pl, r, rl);
	return ST_OK;
}

static int
cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

static int
cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

/* The subset's ids sorted without repeats. OUT: *ids (free()), *n. */
static void
unique_ids(const struct eval_opts *o, int64_t **ids, size_t *n)
{
	*ids = xmalloc((o->n_subset ? o->n_subset : 1) * sizeof(int64_t));
	memcpy(*ids, o->subset_ids, o->n_subset * sizeof(int64_t));
	qsort(*ids, o->n_subset, sizeof(int64_t), cmp_i64);
	*n = 0;
	for (size_t i = 0; i < o->n_subset; i++)
		if (*n == 0 || (*ids)[*n - 1] != (*ids)[i])
			(*ids)[(*n)++] = (*ids)[i];
}

/* ---- the split ---- */

static size_t
split_size(const struct eval_opts *o, size_t n)
{
	double frac = o->eval_frac > 0 ? o->eval_frac : 0.1;
	size_t k = (size_t)llround(frac * (double)n);

	k = k < 1 ? 1 : k > 2000 ? 2000 : k;
	return k >= n ? n - 1 : k;
}

/* Mark the held-out samples (a seeded draw) unless an eval file is given, then build the
 * full set (everything else), the subset (its ids minus held-out ones) and the random
 * subset (a seeded draw of the subset's size from the full set). */
static enum status
make_split(const struct eval_opts *o, struct eval_plan *p, const int64_t *ids, size_t n_ids,
	   struct err *err)
{
	size_t n = p->corpus.n, *perm = xmalloc((n ? n : 1) * sizeof(size_t));
	bool *held = xcalloc(n ? n : 1, 1), *in_sub = xcalloc(n ? n : 1, 1);
	struct rng r;
	enum status rc = ST_OK;

	rng_seed(&r, p->seed);
	for (size_t i = 0; i < n; i++)
		perm[i] = i;
	for (size_t i = n; i > 1; i--) {
		size_t j = (size_t)rng_index(&r, i), t = perm[i - 1];
		perm[i - 1] = perm[j];
		perm[j] = t;
	}
	if (!o->eval_set) {
		p->n_split = split_size(o, n);
		for (size_t i = 0; i < p->n_split; i++)
			held[perm[i]] = true;
	}
	for (size_t k = 0; k < n_ids && rc == ST_OK; k++) {
		struct text_row key = {.id = ids[k]};	/* id is the first field: cmp_i64 works */
		struct text_row *hit = bsearch(&key, p->corpus.rows, n, sizeof(key), cmp_i64);
		if (!hit)
			rc = err_set(err, ST_NOTFOUND, "no sample with id %lld", (long long)ids[k]);
		else
			in_sub[hit - p->corpus.rows] = true;
	}
	for (int m = 0; m < EVAL_N_MODELS; m++)
		p->idx[m] = xmalloc((n ? n : 1) * sizeof(size_t));
	p->eval_idx = xmalloc((n ? n : 1) * sizeof(size_t));
	for (size_t i = 0; i < n; i++) {
		if (held[i])
			p->eval_idx[p->n_eval_idx++] = i;
		else
			p->idx[EVAL_FULL][p->n[EVAL_FULL]++] = i;
		if (!held[i] && in_sub[i])
			p->idx[EVAL_SUBSET][p->n[EVAL_SUBSET]++] = i;
	}
	/* the random subset: the tail of the same permutation (the split took its head) */
	for (size_t i = n; i > 0 && p->n[EVAL_RANDOM] < p->n[EVAL_SUBSET]; i--)
		if (!held[perm[i - 1]])
			p->idx[EVAL_RANDOM][p->n[EVAL_RANDOM]++] = perm[i - 1];
	qsort(p->idx[EVAL_RANDOM], p->n[EVAL_RANDOM], sizeof(size_t), cmp_size);
	free(perm);
	free(held);
	free(in_sub);
	return rc;
}

void
eval_plan_free(struct eval_plan *p)
{
	corpus_free(&p->corpus);
	corpus_free(&p->eval_file);
	for (int m = 0; m < EVAL_N_MODELS; m++)
		free(p->idx[m]);
	free(p->eval_idx);
	free(p->config);
	memset(p, 0, sizeof(*p));
}

static char *
config_json(const struct eval_opts *o, const struct eval_plan *p)
{
	struct buf b = BUF_INIT;
	const struct train_opts *t = &p->train;

	buf_printf(&b, "{\"kind\":\"%s\",\"seed\":%llu,\"equal\":\"%s\",\"eval_frac\":%g",
		   o->external ? "external" : o->quick ? "ngram" : "gpt", (unsigned long long)p->seed,
		   o->equal == EVAL_EQUAL_EPOCHS ? "epochs" : "steps",
		   o->eval_set ? 0.0 : (o->eval_frac > 0 ? o->eval_frac : 0.1));
	if (o->external) {
		buf_printf(&b, ",\"budget\":%lld,\"command\":", (long long)p->budget);
		json_quote(&b, o->external, strlen(o->external));
		buf_puts(&b, "}");
	} else if (o->quick) {
		if (o->budget > 0)	/* else one pass over the subset (over full: epochs) */
			buf_printf(&b, ",\"budget\":%lld", (long long)o->budget);
		buf_printf(&b, ",\"ngram_order\":%d}", p->ngram_order);
	} else {
		buf_printf(&b, ",\"budget\":%lld,\"model\":{\"vocab\":%d,\"max_seq\":%d,\"n_layer\":%d,"
			   "\"n_head\":%d,\"n_embd\":%d},\"batch\":%d,\"lr\":%g,\"min_lr_frac\":%g,"
			   "\"warmup_frac\":%g,\"weight_decay\":%g,\"clip\":%g,\"threads\":%d}",
			   (long long)p->budget, p->model.vocab, p->model.max_seq, p->model.n_layer,
			   p->model.n_head, p->model.n_embd, t->batch, t->lr, t->min_lr_frac,
			   t->warmup_frac, t->weight_decay, t->clip, o->n_threads);
	}
	return buf_take(&b);
}

/* Fill in the defaults and check the options. */
static enum status
plan_options(const struct eval_opts *o, struct eval_plan *p, struct err *err)
{
	eval_default_model(&p->model);
	if (o->model.max_seq)
		p->model.max_seq = o->model.max_seq;
	if (o->model.n_layer)
		p->model.n_layer = o->model.n_layer;
	if (o->model.n_head)
		p->model.n_head = o->model.n_head;
	if (o->model.n_embd)
		p->model.n_embd = o->model.n_embd;
	p->model.vocab = TOK_VOCAB;
	train_opts_default(&p->train);
	if (o->train.batch)
		p->train = o->train;
	p->budget = o->budget > 0 ? o->budget : 2000000;
	p->seed = o->seed ? o->seed : 1;
	p->ngram_order = o->ngram_order > 0 ? o->ngram_order : 5;
	if (p->train.batch < 1 || p->train.batch > 1024)
		return err_set(err, ST_USAGE, "batch must be 1..1024 (got %d)", p->train.batch);
	return o->quick ? ST_OK : gpt_config_check(&p->model, err);
}

/* Everything but the training: options, samples, held-out set, the three index lists. */
enum status
eval_plan_make(struct engine *e, const struct eval_opts *o, struct eval_plan *p,
	       struct err *err)
{
	int64_t *ids = NULL, rows;
	size_t n_ids = 0;
	enum status rc;

	memset(p, 0, sizeof(*p));
	rc = plan_options(o, p, err);
	if (rc == ST_OK && o->n_subset == 0)
		rc = err_set(err, ST_USAGE, "the subset is empty: give it with --ids FILE");
	if (rc == ST_OK && o->eval_set)
		rc = evalset_each(o->eval_set, add_file_row, &p->eval_file, &rows, err);
	if (rc == ST_OK)
		rc = store_samples_each_raw(e->store, add_sample, &p->corpus, err);
	if (rc == ST_OK && p->corpus.n < (o->eval_set ? 1u : 2u))
		rc = err_set(err, ST_USAGE, "the project has %zu samples: too few to compare",
			     p->corpus.n);
	if (rc != ST_OK)
		return rc;
	unique_ids(o, &ids, &n_ids);
	sel_ids_hash(ids, n_ids, p->sel_hash);	/* as winnow select's */
	rc = make_split(o, p, ids, n_ids, err);
	free(ids);
	if (rc == ST_OK && p->n[EVAL_SUBSET] == 0)
		rc = err_set(err, ST_USAGE, "the subset is empty once the held-out samples are "
			     "left out (%zu of its %zu samples were drawn for the split); give "
			     "--eval-set FILE", n_ids, n_ids);
	if (rc == ST_OK)
		p->config = config_json(o, p);
	return rc;
}

/* An example set of model m's training rows (m < 0: the held-out set). */
void
eval_plan_examples(const struct eval_plan *p, int m, int max_len, struct example_set *s)
{
	examples_init(s, max_len);
	if (m < 0 && p->eval_file.n) {
		for (size_t i = 0; i < p->eval_file.n; i++) {
			const struct text_row *t = &p->eval_file.rows[i];
			examples_add(s, t->prompt, t->plen, t->response, t->rlen);
		}
		return;
	}
	size_t n = m < 0 ? p->n_eval_idx : p->n[m];
	const size_t *idx = m < 0 ? p->eval_idx : p->idx[m];
	for (size_t i = 0; i < n; i++) {
		const struct text_row *t = &p->corpus.rows[idx[i]];
		examples_add(s, t->prompt, t->plen, t->response, t->rlen);
	}
}

void
eval_plan_row(const struct eval_plan *p, const struct eval_opts *o, const char *kind,
	      const char *status, struct eval_run_row *r)
{
	memset(r, 0, sizeof(*r));
	r->kind = (char *)kind;
	r->status = (char *)status;
	r->selection = (char *)(o->selection ? o->selection : "ids");
	r->selection_hash = (char *)p->sel_hash;
	r->config = p->config;
	r->eval_source = (char *)(o->eval_set ? o->eval_set : "split");
	r->n_full = (int64_t)p->n[EVAL_FULL];
	r->n_subset = (int64_t)p->n[EVAL_SUBSET];
	r->n_random = (int64_t)p->n[EVAL_RANDOM];
	r->n_eval = (int64_t)(p->eval_file.n ? p->eval_file.n : p->n_eval_idx);
}

/* ---- training ---- */

struct job {
	const struct eval_opts *o;
	struct eval_plan *p;
	int model;
	int64_t done_before, total;	/* tokens over the three models */
	size_t n_points;		/* of the model in training, passed to o->on_point */
	double t0;
	char item[96];
};

static bool
report(struct job *j, int64_t step, int64_t tokens, double loss, bool finished)
{
	struct progress pr = {.what = "eval", .item = j->item, .done = (uint64_t)(j->done_before + tokens),
			      .total = (uint64_t)j->total, .rows = (uint64_t)(j->done_before + tokens),
			      .elapsed = progress_now() - j->t0, .finished = finished};

	if (step > 0)
		snprintf(j->item, sizeof(j->item), "%s: step %lld, loss %.3f", eval_model_name(j->model),
			 (long long)step, loss);
	else
		snprintf(j->item, sizeof(j->item), "%s", eval_model_name(j->model));
	if (pr.done > pr.total)
		pr.done = pr.total;
	return !j->o->progress.fn || j->o->progress.fn(j->o->progress.ctx, &pr);
}

static bool
on_step(void *ctx, const struct train_state *s)
{
	struct job *j = ctx;

	if (s->n_points > j->n_points && j->o->on_point) {
		struct curve_point pt = {s->step, s->tokens, (float)s->loss};
		j->o->on_point(j->o->point_ctx, j->model, &pt, s->budget);
	}
	j->n_points = s->n_points;
	return report(j, s->step, s->tokens, s->loss, false);
}

static int64_t
positions(const struct example_set *s)
{
	return (int64_t)s->n_tok - (int64_t)s->n;	/* each example predicts len - 1 tokens */
}

/* Train and score one transformer. On ST_CANCELLED, row and res hold what was done. */
static enum status
run_gpt(struct job *j, const struct example_set *train, const struct example_set *ev,
	int64_t budget, struct eval_model_row *row, struct train_result *res, struct err *err)
{
	struct train_opts t = j->p->train;
	struct gpt *g = NULL;
	enum status rc = gpt_new(&j->p->model, j->p->seed, j->o->n_threads, &g, err);
	int64_t n_ev;

	t.budget = budget;
	t.seed = j->p->seed + 1;
	if (rc == ST_OK)
		rc = train_gpt(g, train, &t, on_step, j, res, err);
	row->steps = res->steps;
	row->train_tokens = res->tokens;
	row->seconds = res->seconds;
	if (rc == ST_OK) {
		row->loss = eval_gpt(g, ev, t.batch, &n_ev);
		row->ppl = exp(row->loss);
	}
	if (rc == ST_OK && j->o->save_dir) {
		char *path = xasprintf("%s/%s.ckpt", j->o->save_dir, eval_model_name(j->model));
		mkdir(j->o->save_dir, 0777);
		rc = gpt_save(g, path, err);
		free(path);
	}
	gpt_free(g);
	return rc;
}

/* The n-gram counts whole examples in a seeded order, a new order each pass, until it has
 * seen `budget` positions: the transformer's accounting, so equal steps is equal tokens. */
static enum status
run_ngram(struct job *j, const struct example_set *train, const struct example_set *ev,
	  int64_t budget, struct eval_model_row *row, struct err *err)
{
	double t0 = progress_now();
	struct ngram *m = ngram_new(j->p->ngram_order);
	size_t *order = xmalloc((train->n ? train->n : 1) * sizeof(*order)), next = train->n;
	struct rng r;
	int64_t seen = 0, n_ev;
	enum status rc = ST_OK;

	rng_seed(&r, j->p->seed);
	for (size_t k = 0; seen < budget && train->n > 0; k++) {
		if (next == train->n) {
			examples_shuffle(order, train->n, &r);
			next = 0;
		}
		const struct example *ex = &train->ex[order[next++]];
		ngram_add(m, ex);
		seen += ex->len - 1;
		if ((k & 4095) == 4095 && !report(j, 0, seen, 0, false)) {
			rc = err_set(err, ST_CANCELLED, "cancelled");
			break;
		}
	}
	row->train_tokens = seen;
	if (rc == ST_OK) {
		row->loss = ngram_eval(m, ev, &n_ev);
		row->ppl = exp(row->loss);
	}
	row->seconds = progress_now() - t0;
	ngram_free(m);
	free(order);
	return rc;
}

/* Budgets: equal steps gives every model the same tokens; equal epochs gives each the
 * passes over its own data that the budget buys the full model. */
void
eval_budgets(const struct eval_opts *o, const struct eval_plan *p, const int64_t pos[],
	     int64_t out[])
{
	int64_t b = p->budget;

	if (o->quick && o->budget <= 0)	/* one pass over the subset; epochs: over full */
		b = o->equal == EVAL_EQUAL_EPOCHS ? pos[EVAL_FULL] : pos[EVAL_SUBSET];
	for (int m = 0; m < EVAL_N_MODELS; m++) {
		out[m] = b;
		if (o->equal == EVAL_EQUAL_EPOCHS && pos[EVAL_FULL] > 0)
			out[m] = (int64_t)llround((double)b * (double)pos[m] / (double)pos[EVAL_FULL]);
		if (out[m] < 1)
			out[m] = 1;
	}
}

static enum status
train_all(struct engine *e, struct job *j, struct eval_result *res, struct err *err)
{
	const struct eval_opts *o = j->o;
	struct eval_plan *p = j->p;
	struct example_set sets[EVAL_N_MODELS], ev;
	int max_len = o->quick ? 1 << 20 : p->model.max_seq + 1;
	int64_t pos[EVAL_N_MODELS], budget[EVAL_N_MODELS];
	enum status rc = ST_OK;

	eval_plan_examples(p, -1, max_len, &ev);
	for (int m = 0; m < EVAL_N_MODELS; m++) {
		eval_plan_examples(p, m, max_len, &sets[m]);
		pos[m] = positions(&sets[m]);
	}
	eval_budgets(o, p, pos, budget);
	j->total = budget[0] + budget[1] + budget[2];
	for (int m = 0; m < EVAL_N_MODELS && rc == ST_OK; m++) {
		struct eval_model_row row = {.model = m, .n_train = (int64_t)p->n[m], .loss = NAN,
					     .ppl = NAN};
		struct train_result tr = {0};
		j->model = m;
		j->n_points = 0;
		if (!report(j, 0, 0, 0, false))
			rc = err_set(err, ST_CANCELLED, "cancelled");
		else if (o->quick)
			rc = run_ngram(j, &sets[m], &ev, budget[m], &row, err);
		else
			rc = run_gpt(j, &sets[m], &ev, budget[m], &row, &tr, err);
		if (rc == ST_OK || rc == ST_CANCELLED) {
			struct err e2;
			enum status wr = store_eval_save_model(e->store, res->run_id, &row, tr.curve,
							       tr.n_curve, &e2);
			if (wr != ST_OK && rc == ST_OK)
				rc = wr, *err = e2;
		}
		res->run.models[m] = row;
		j->done_before += budget[m];
		train_result_free(&tr);
	}
	examples_free(&ev);
	for (int m = 0; m < EVAL_N_MODELS; m++)
		examples_free(&sets[m]);
	return rc;
}

enum status
eval_finish(struct engine *e, struct eval_result *res, enum status rc, const struct err *why,
	    bool lower_better, struct err *err)
{
	const struct eval_model_row *md = res->run.models;
	struct err e2;
	const char *status = rc == ST_OK ? "done" : rc == ST_CANCELLED ? "cancelled" : "failed";
	enum status wr;

	if (rc == ST_OK)
		eval_metrics_compute((int64_t)res->run.n_subset, (int64_t)res->run.n_full,
				     md[EVAL_FULL].loss, md[EVAL_SUBSET].loss, md[EVAL_RANDOM].loss,
				     lower_better, &res->m);
	wr = store_eval_finish(e->store, res->run_id, status, rc == ST_OK ? NULL : why->msg,
			       rc == ST_OK ? &res->m : NULL, &e2);
	if (rc == ST_OK && wr != ST_OK) {
		*err = e2;
		return wr;
	}
	eval_run_row_free(&res->run);
	if (store_eval_get(e->store, res->run_id, &res->run, &e2) != ST_OK)
		memset(&res->run, 0, sizeof(res->run));
	return rc;
}

enum status
engine_eval(struct engine *e, const struct eval_opts *o, struct eval_result *res,
	    struct err *err)
{
	struct eval_plan p;
	struct eval_run_row row;
	struct job j = {.o = o, .p = &p, .t0 = progress_now()};
	enum status rc;

	if (o->external)
		return eval_external_run(e, o, res, err);
	memset(res, 0, sizeof(*res));
	rc = eval_plan_make(e, o, &p, err);
	if (rc == ST_OK) {
		eval_plan_row(&p, o, o->quick ? "ngram" : "gpt", "running", &row);
		res->run.n_full = row.n_full;
		res->run.n_subset = row.n_subset;
		rc = store_eval_insert(e->store, &row, &res->run_id, err);
		if (rc == ST_OK) {
			rc = train_all(e, &j, res, err);
			rc = eval_finish(e, res, rc, err, true, err);
		}
	}
	report(&j, 0, j.total - j.done_before, 0, true);
	eval_plan_free(&p);
	return rc;
}

enum status
engine_eval_list(struct engine *e, eval_list_fn fn, void *ctx, struct err *err)
{
	return store_eval_list(e->store, fn, ctx, err);
}

enum status
engine_eval_get(struct engine *e, int64_t run_id, struct eval_run_row *out, struct err *err)
{
	return store_eval_get(e->store, run_id, out, err);
}

enum status
engine_eval_curve(struct engine *e, int64_t run_id, int model, struct curve_point **curve,
		  size_t *n, struct err *err)
{
	return store_eval_curve(e->store, run_id, model, curve, n, err);
}
