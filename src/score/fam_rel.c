/* fam_rel.c: the "rel" scorer family: lexical prompt-response relevance.
 *
 * A text is a TF-IDF vector over its words (knlm_split's words): weight (1 + ln tf) *
 * ln(1 + N / df), normalised to unit length; df counts the samples (prompt and response
 * together) holding the word, from a fit over the whole dataset. rel_cos is the cosine of
 * the response with its own prompt. A high cosine can be chance (a long, generic
 * response shares words with any prompt), so `relevance` subtracts the mean cosine of the
 * response with REL_K random other prompts of the corpus: about 0 means "no closer to
 * its own prompt than to a random one". The random prompts come from a pool of REL_POOL
 * prompts drawn by reservoir sampling with the run's seed; which REL_K of them a sample
 * meets depends on the seed and a hash of its text, so results are deterministic and
 * independent of threads and batch order. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "score/corpus_read.h"
#include "score/family.h"
#include "score/knlm.h"
#include "score/score_run.h"
#include "util/hash.h"
#include "util/u64map.h"
#include "util/rng.h"
#include "util/xalloc.h"

/* Bump when the code changes the values. */
#define REL_VERSION "rel-1"
#define REL_POOL 512
#define REL_K 16
#define REL_SEED_DEFAULT 0x5eedULL

enum { REL_RELEVANCE, REL_COS, REL_UNRELATED, REL__COUNT };

static const struct metric_def rel_metrics[REL__COUNT] = {
	{"relevance", "TF-IDF cosine of the response with its prompt minus its mean cosine "
	 "with 16 random prompts of the corpus (~0: unrelated)", DIR_HIGHER, -1, 1},
	{"rel_cos", "TF-IDF cosine of the response with its own prompt", DIR_HIGHER, 0, 1},
	{"flag_unrelated", "the response is no closer to its prompt than to the closest of "
	 "16 random prompts", DIR_FLAG, 0, 1},
};

/* A sparse unit vector, sorted by word hash. */
struct svec {
	uint64_t *h;
	float *w;
	size_t n, cap;
	uint64_t id;		/* a hash of the words, to tell copies of one prompt apart */
};

struct rel_cfg {
	struct u64map df;
	double n_docs;
	uint64_t seed;
	struct svec pool[REL_POOL];
	size_t n_pool;
	char version[80];
	/* during fit */
	struct knlm_words pool_words[REL_POOL];
	uint64_t rng, n_prompts;
	struct knlm_words pw, rw, both;
};

struct rel_scratch {
	struct knlm_words p, r;
	struct svec pv, rv;
};

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static double
rel_idf(const struct rel_cfg *c, uint64_t h)
{
	const uint32_t *df = u64map_get(&c->df, h);

	return log(c->n_docs / (df && *df ? *df : 1) + 1e-3);
}

/* v = the TF-IDF unit vector of w (whose hashes get sorted in place). */
static void
svec_build(const struct rel_cfg *c, struct knlm_words *w, struct svec *v)
{
	double norm = 0;
	uint64_t id = 0x9e3779b97f4a7c15ULL;

	if (w->n > 1)
		qsort(w->h, w->n, sizeof(*w->h), cmp_u64);
	if (w->n > v->cap) {
		v->cap = w->n;
		v->h = xrealloc(v->h, v->cap * sizeof(*v->h));
		v->w = xrealloc(v->w, v->cap * sizeof(*v->w));
	}
	v->n = 0;
	for (size_t i = 0, j; i < w->n; i = j) {
		for (j = i + 1; j < w->n && w->h[j] == w->h[i]; j++)
			;
		double x = (1 + log((double)(j - i))) * rel_idf(c, w->h[i]);
		v->h[v->n] = w->h[i];
		v->w[v->n++] = (float)x;
		norm += x * x;
		id = hash_mix64(id ^ w->h[i]);
	}
	norm = norm > 0 ? 1 / sqrt(norm) : 0;
	for (size_t i = 0; i < v->n; i++)
		v->w[i] = (float)(v->w[i] * norm);
	v->id = id;
}

static double
svec_dot(const struct svec *a, const struct svec *b)
{
	double s = 0;

	for (size_t i = 0, j = 0; i < a->n && j < b->n;) {
		if (a->h[i] < b->h[j])
			i++;
		else if (a->h[i] > b->h[j])
			j++;
		else
			s += (double)a->w[i++] * b->w[j++];
	}
	return s > 1 ? 1 : s;
}

static void
svec_free(struct svec *v)
{
	free(v->h);
	free(v->w);
	memset(v, 0, sizeof(*v));
}

/* ---- fit ---- */

static void
words_copy(struct knlm_words *dst, const struct knlm_words *src)
{
	if (src->n > dst->cap) {
		dst->cap = src->n;
		dst->h = xrealloc(dst->h, dst->cap * sizeof(*dst->h));
	}
	if (src->n)
		memcpy(dst->h, src->h, src->n * sizeof(*src->h));
	dst->n = src->n;
}

static enum status
fit_row(void *ctx, const struct pending_row *row, struct err *err)
{
	struct rel_cfg *c = ctx;
	struct knlm_words *b = &c->both;

	(void)err;
	knlm_split(row->prompt, row->prompt_len, &c->pw);
	knlm_split(row->response, row->response_len, &c->rw);
	b->n = 0;
	if (c->pw.n + c->rw.n > b->cap) {
		b->cap = (c->pw.n + c->rw.n) * 2;
		b->h = xrealloc(b->h, b->cap * sizeof(*b->h));
	}
	if (c->pw.n)
		memcpy(b->h, c->pw.h, c->pw.n * sizeof(*b->h));
	if (c->rw.n)
		memcpy(b->h + c->pw.n, c->rw.h, c->rw.n * sizeof(*b->h));
	b->n = c->pw.n + c->rw.n;
	if (b->n > 1)
		qsort(b->h, b->n, sizeof(*b->h), cmp_u64);
	for (size_t i = 0; i < b->n; i++)
		if (i == 0 || b->h[i] != b->h[i - 1])
			(*u64map_put(&c->df, b->h[i]))++;
	c->n_docs++;
	if (c->pw.n) {	/* reservoir sampling of the prompt pool */
		uint64_t k = c->n_prompts++;
		uint64_t j = k < REL_POOL ? k : rng_splitmix(&c->rng) % (k + 1);
		if (j < REL_POOL)
			words_copy(&c->pool_words[j], &c->pw);
	}
	return ST_OK;
}

static void
fit_clear(struct rel_cfg *c)
{
	for (size_t i = 0; i < REL_POOL; i++)
		knlm_words_free(&c->pool_words[i]);
	knlm_words_free(&c->pw);
	knlm_words_free(&c->rw);
	knlm_words_free(&c->both);
}

static enum status
rel_fit(struct store *st, void *cfg, const struct score_opts *o, struct err *err)
{
	struct rel_cfg *c = cfg;
	enum status rc;

	u64map_free(&c->df);
	c->n_docs = 0;
	c->n_prompts = 0;
	c->rng = c->seed;
	rc = corpus_read(st, o, "rel: document frequencies", fit_row, c, err);
	c->n_pool = c->n_prompts < REL_POOL ? (size_t)c->n_prompts : REL_POOL;
	for (size_t i = 0; rc == ST_OK && i < c->n_pool; i++)
		svec_build(c, &c->pool_words[i], &c->pool[i]);
	fit_clear(c);
	return rc;
}

/* ---- the family ---- */

static enum status
rel_cfg_new(const struct score_opts *o, void **out, struct err *err)
{
	struct rel_cfg *c = xcalloc(1, sizeof(*c));

	(void)err;
	c->df.stride = 1;
	c->seed = o && o->seed ? o->seed : REL_SEED_DEFAULT;
	snprintf(c->version, sizeof(c->version), "%s seed=%llu %s", REL_VERSION,
		 (unsigned long long)c->seed, o ? o->corpus_tag : "");
	*out = c;
	return ST_OK;
}

static void
rel_cfg_free(void *cfg)
{
	struct rel_cfg *c = cfg;

	if (!c)
		return;
	fit_clear(c);
	for (size_t i = 0; i < REL_POOL; i++)
		svec_free(&c->pool[i]);
	u64map_free(&c->df);
	free(c);
}

static const char *
rel_version(const void *cfg)
{
	return cfg ? ((const struct rel_cfg *)cfg)->version : REL_VERSION;
}

static size_t
rel_n_metrics(const void *cfg)
{
	(void)cfg;
	return REL__COUNT;
}

static const struct metric_def *
rel_metric(const void *cfg, size_t i)
{
	(void)cfg;
	return &rel_metrics[i];
}

static void *
rel_scratch_new(const void *cfg)
{
	(void)cfg;
	return xcalloc(1, sizeof(struct rel_scratch));
}

static void
rel_scratch_free(void *p)
{
	struct rel_scratch *s = p;

	if (!s)
		return;
	knlm_words_free(&s->p);
	knlm_words_free(&s->r);
	svec_free(&s->pv);
	svec_free(&s->rv);
	free(s);
}

static void
rel_score(const void *cfg, void *scratch, const struct score_input *in, double *out, char *note)
{
	const struct rel_cfg *c = cfg;
	struct rel_scratch *s = scratch;
	double own, sum = 0, best = 0;
	size_t k = 0;

	(void)note;
	memset(out, 0, REL__COUNT * sizeof(*out));
	knlm_split(in->prompt, in->prompt_len, &s->p);
	knlm_split(in->response, in->response_len, &s->r);
	if (!s->p.n || !s->r.n)
		return;		/* nothing to relate: no evidence either way */
	svec_build(c, &s->p, &s->pv);
	svec_build(c, &s->r, &s->rv);
	own = svec_dot(&s->rv, &s->pv);
	uint64_t rng = c->seed ^ hash_mix64(s->pv.id ^ (s->rv.id * 0x9e3779b97f4a7c15ULL));
	for (size_t tries = 0; k < REL_K && c->n_pool && tries < 4 * REL_K; tries++) {
		const struct svec *q = &c->pool[rng_splitmix(&rng) % c->n_pool];
		if (q->id == s->pv.id)
			continue;	/* its own prompt, or a copy of it */
		double x = svec_dot(&s->rv, q);
		sum += x;
		best = x > best ? x : best;
		k++;
	}
	out[REL_COS] = own;
	out[REL_RELEVANCE] = k ? own - sum / (double)k : own;
	out[REL_UNRELATED] = k && own <= best;
}

const struct family family_rel = {
	.name = "rel",
	.desc = "prompt-response relevance: TF-IDF cosine against the own prompt vs random ones",
	.cfg_new = rel_cfg_new,
	.cfg_free = rel_cfg_free,
	.version = rel_version,
	.n_metrics = rel_n_metrics,
	.metric = rel_metric,
	.scratch_new = rel_scratch_new,
	.scratch_free = rel_scratch_free,
	.score = rel_score,
	.fit = rel_fit,
};
