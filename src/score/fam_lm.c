/* fam_lm.c: the "lm" scorer family: knlm.c (a word trigram model with modified
 * Kneser-Ney smoothing) fitted on the responses of the dataset itself, or on a reference
 * file (--reference), giving response perplexity and an IFD-style difficulty.
 *
 * Held out: fitted on the dataset, the model has two folds. A sample belongs to fold
 * hash(prompt, response) & 1 and is scored by the model of the other fold, so its own
 * counts never score it (nor those of its exact duplicates, which hash alike). Each fold
 * is built from about half the corpus.
 *
 * IFD: s(A) is the response's mean loss (nats per word, </s> included) under the n-gram;
 * s(A|Q) the same under the mixture (1 - lambda) P_ngram(w | h) + lambda P_cache(w | Q),
 * where P_cache is the unigram distribution of the prompt's words (a cache model, Kuhn &
 * De Mori 1990). lambda is fitted by EM to maximise the held-out likelihood of responses
 * given their prompts on up to 4,000 samples (each scored by the fold it is not in; with
 * a reference, on 1 in 8 reference rows left out of the model), clamped to [0.01, 0.5].
 * So IFD = s(A|Q) / s(A) < 1 when the prompt's words make the response more likely than
 * the corpus-wide rate of reuse pays for, and >= 1 when they do not: the misaligned sign. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/samplefile.h"
#include "score/corpus_read.h"
#include "score/family.h"
#include "score/knlm.h"
#include "score/score_run.h"
#include "util/hash.h"
#include "util/sha256.h"
#include "util/xalloc.h"

/* Bump when the code changes the values. */
#define LM_VERSION "lm-1"
#define EM_MAX_ITEMS 4000
#define EM_MAX_WORDS 256
#define EM_REF_STRIDE 8
#define LAMBDA_DEFAULT 0.1
#define LAMBDA_MIN 0.01
#define LAMBDA_MAX 0.5

enum { LM_PPL, LM_COND_PPL, LM_IFD, LM_MISALIGNED, LM_OOV, LM__COUNT };

static const struct metric_def lm_metrics[LM__COUNT] = {
	{"lm_resp_ppl", "response perplexity under a held-out word trigram model (modified "
	 "Kneser-Ney); high = unusual or garbled text", DIR_LOWER, 1, 1e12},
	{"lm_resp_cond_ppl", "response perplexity given the prompt (trigram mixed with a cache "
	 "of the prompt's words)", DIR_LOWER, 1, 1e12},
	{"lm_ifd", "IFD = loss(response | prompt) / loss(response), n-gram + prompt cache; "
	 "< 1: the prompt helps predict the response", DIR_NEUTRAL, 0, 100},
	{"flag_misaligned", "lm_ifd >= 1: the prompt does not help predict the response "
	 "(needs a prompt)", DIR_FLAG, 0, 1},
	{"lm_resp_oov", "share of response words the model never saw in other samples",
	 DIR_NEUTRAL, 0, 1},
};

struct em_item {
	uint64_t *p, *r;	/* sorted prompt words; response words in order */
	size_t np, nr;
	int fold;		/* the fold that scores it */
};

struct lm_cfg {
	struct knlm *m;
	bool self;		/* fitted on the dataset, two folds */
	const char *ref;	/* the reference file (borrowed from the options) */
	double lambda;
	char version[72];
	struct em_item *em;	/* during fit only */
	size_t n_em, em_stride;
	int64_t n_seen;
	struct knlm_words pw, rw;
};

struct lm_scratch {
	struct knlm_words p, r;
	uint32_t *ids;
	size_t cap;
};

/* ---- shared by fit and score ---- */

static int
lm_fold(const char *p, size_t pn, const char *r, size_t rn)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (size_t i = 0; i < pn; i++)
		h = (h ^ (unsigned char)p[i]) * 0x100000001b3ULL;
	h = (h ^ 0xff) * 0x100000001b3ULL;	/* no UTF-8 text has 0xff: a clean separator */
	for (size_t i = 0; i < rn; i++)
		h = (h ^ (unsigned char)r[i]) * 0x100000001b3ULL;
	return (int)(hash_mix64(h) & 1);
}

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* P_cache(h | prompt): the share of the (sorted) prompt words equal to h. */
static double
cache_prob(const uint64_t *p, size_t np, uint64_t h)
{
	size_t lo = 0, hi = np, n = 0;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (p[mid] < h)
			lo = mid + 1;
		else
			hi = mid;
	}
	while (lo + n < np && p[lo + n] == h)
		n++;
	return np ? (double)n / (double)np : 0;
}

struct walk {
	double nll, cnll;	/* sums of -ln P alone and given the prompt */
	size_t n_pred, n_oov;
};

/* Score the response (ids and hashes of its words) in fold g; pk/pc (may be NULL) get
 * each prediction's n-gram and cache probability. */
static void
lm_walk(const struct lm_cfg *c, int g, const uint32_t *ids, const uint64_t *rh, size_t n,
	const uint64_t *ph, size_t np, double *pk, double *pc, struct walk *out)
{
	uint32_t u = NGRAM_NONE, v = NGRAM_BOS;

	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i <= n; i++) {
		uint32_t w = i < n ? ids[i] : NGRAM_EOS;
		double k = knlm_prob(c->m, g, u, v, w);
		double q = i < n && np ? cache_prob(ph, np, rh[i]) : 0;
		if (pk)
			pk[i] = k;
		if (pc)
			pc[i] = q;
		out->nll -= log(k);
		out->cnll -= np ? log((1 - c->lambda) * k + c->lambda * q) : log(k);
		out->n_oov += i < n && !knlm_known(c->m, g, w);
		u = v;
		v = w;
	}
	out->n_pred = n + 1;
}

/* ---- fit ---- */

static void
em_keep(struct lm_cfg *c, const struct knlm_words *p, const struct knlm_words *r, int g)
{
	struct em_item *it;

	if (!p->n || c->n_em >= EM_MAX_ITEMS)
		return;
	if (!c->em)
		c->em = xcalloc(EM_MAX_ITEMS, sizeof(*c->em));
	it = &c->em[c->n_em++];
	it->np = p->n;
	it->nr = r->n < EM_MAX_WORDS ? r->n : EM_MAX_WORDS;
	it->p = xmalloc(it->np * sizeof(*it->p));
	it->r = xmalloc((it->nr + 1) * sizeof(*it->r));
	memcpy(it->p, p->h, it->np * sizeof(*it->p));
	if (it->nr)
		memcpy(it->r, r->h, it->nr * sizeof(*it->r));
	qsort(it->p, it->np, sizeof(*it->p), cmp_u64);
	it->fold = g;
}

/* lambda maximising sum ln((1-l) pk + l pc) over the kept items' words, by EM. */
static double
em_lambda(struct lm_cfg *c)
{
	size_t total = 0, k = 0;
	double *pk, *pc, lam = LAMBDA_DEFAULT;

	for (size_t i = 0; i < c->n_em; i++)
		total += c->em[i].nr + 1;
	if (total < 50)
		return LAMBDA_DEFAULT;
	pk = xmalloc(total * sizeof(*pk));
	pc = xmalloc(total * sizeof(*pc));
	for (size_t i = 0; i < c->n_em; i++) {
		struct em_item *it = &c->em[i];
		uint32_t *ids = xmalloc((it->nr + 1) * sizeof(*ids));
		struct knlm_words w = {it->r, it->nr, it->nr};
		struct walk wk;
		knlm_ids(c->m, &w, ids);
		lm_walk(c, it->fold, ids, it->r, it->nr, it->p, it->np, pk + k, pc + k, &wk);
		k += it->nr + 1;
		free(ids);
	}
	for (int iter = 0; iter < 100; iter++) {
		double s = 0, next;
		for (size_t i = 0; i < total; i++)
			s += lam * pc[i] / ((1 - lam) * pk[i] + lam * pc[i]);
		next = s / (double)total;
		if (fabs(next - lam) < 1e-6) {
			lam = next;
			break;
		}
		lam = next;
	}
	free(pk);
	free(pc);
	return lam < LAMBDA_MIN ? LAMBDA_MIN : lam > LAMBDA_MAX ? LAMBDA_MAX : lam;
}

static enum status
fit_row(void *ctx, const struct pending_row *row, struct err *err)
{
	struct lm_cfg *c = ctx;
	int f = lm_fold(row->prompt, row->prompt_len, row->response, row->response_len);

	(void)err;
	knlm_split(row->response, row->response_len, &c->rw);
	knlm_add(c->m, f, &c->rw);
	if (c->n_seen++ % (int64_t)c->em_stride == 0) {
		knlm_split(row->prompt, row->prompt_len, &c->pw);
		em_keep(c, &c->pw, &c->rw, 1 - f);
	}
	return ST_OK;
}

static enum status
fit_ref_row(void *ctx, const struct samplefile_row *row, struct err *err)
{
	struct lm_cfg *c = ctx;

	(void)err;
	knlm_split(row->response, row->response_len, &c->rw);
	if (c->n_seen++ % EM_REF_STRIDE == EM_REF_STRIDE - 1 && row->prompt_len) {
		knlm_split(row->prompt, row->prompt_len, &c->pw);
		em_keep(c, &c->pw, &c->rw, 0);
	} else {
		knlm_add(c->m, 0, &c->rw);
	}
	return ST_OK;
}

static void
em_free(struct lm_cfg *c)
{
	for (size_t i = 0; i < c->n_em; i++) {
		free(c->em[i].p);
		free(c->em[i].r);
	}
	free(c->em);
	c->em = NULL;
	c->n_em = 0;
	knlm_words_free(&c->pw);
	knlm_words_free(&c->rw);
}

static enum status
lm_fit(struct store *st, void *cfg, const struct score_opts *o, struct err *err)
{
	struct lm_cfg *c = cfg;
	int64_t n = 0, max_id = 0;
	enum status rc;

	knlm_free(c->m);
	c->m = knlm_new(c->self ? 2 : 1);
	c->n_seen = 0;
	if (c->self) {
		rc = store_corpus_size(st, &n, &max_id, err);
		c->em_stride = n > EM_MAX_ITEMS ? (size_t)(n / EM_MAX_ITEMS) : 1;
		if (rc == ST_OK)
			rc = corpus_read(st, o, "lm: counting n-grams", fit_row, c, err);
	} else {
		rc = samplefile_each(c->ref, fit_ref_row, c, NULL, NULL, err);
	}
	if (rc == ST_OK) {
		knlm_finish(c->m);
		c->lambda = em_lambda(c);
	}
	em_free(c);
	return rc;
}

/* ---- the family ---- */

static enum status
lm_cfg_new(const struct score_opts *o, void **out, struct err *err)
{
	struct lm_cfg *c = xcalloc(1, sizeof(*c));

	c->lambda = LAMBDA_DEFAULT;
	c->self = !(o && o->reference_path);
	snprintf(c->version, sizeof(c->version), "%s %s", LM_VERSION, o ? o->corpus_tag : "");
	if (!c->self) {
		char hex[65];
		if (!sha256_file(o->reference_path, hex, NULL)) {
			free(c);
			*out = NULL;
			return err_set(err, ST_IO, "%s: cannot read the reference file",
				       o->reference_path);
		}
		c->ref = o->reference_path;
		snprintf(c->version, sizeof(c->version), "%s ref=%.16s", LM_VERSION, hex);
	}
	*out = c;
	return ST_OK;
}

static void
lm_cfg_free(void *cfg)
{
	struct lm_cfg *c = cfg;

	if (!c)
		return;
	em_free(c);
	knlm_free(c->m);
	free(c);
}

static const char *
lm_version(const void *cfg)
{
	return cfg ? ((const struct lm_cfg *)cfg)->version : LM_VERSION;
}

static size_t
lm_n_metrics(const void *cfg)
{
	(void)cfg;
	return LM__COUNT;
}

static const struct metric_def *
lm_metric(const void *cfg, size_t i)
{
	(void)cfg;
	return &lm_metrics[i];
}

static void *
lm_scratch_new(const void *cfg)
{
	(void)cfg;
	return xcalloc(1, sizeof(struct lm_scratch));
}

static void
lm_scratch_free(void *p)
{
	struct lm_scratch *s = p;

	if (!s)
		return;
	knlm_words_free(&s->p);
	knlm_words_free(&s->r);
	free(s->ids);
	free(s);
}

static void
lm_score(const void *cfg, void *scratch, const struct score_input *in, double *out, char *note)
{
	const struct lm_cfg *c = cfg;
	struct lm_scratch *s = scratch;
	struct walk w;
	int g = c->self ? 1 - lm_fold(in->prompt, in->prompt_len, in->response, in->response_len)
			: 0;

	(void)note;
	if (!c->m) {	/* not fitted: nothing was stale, so nothing is scored */
		memset(out, 0, LM__COUNT * sizeof(*out));
		return;
	}
	knlm_split(in->response, in->response_len, &s->r);
	knlm_split(in->prompt, in->prompt_len, &s->p);
	if (s->r.n + 1 > s->cap) {
		s->cap = s->r.n + 1;
		s->ids = xrealloc(s->ids, s->cap * sizeof(*s->ids));
	}
	knlm_ids(c->m, &s->r, s->ids);
	if (s->p.n > 1)
		qsort(s->p.h, s->p.n, sizeof(*s->p.h), cmp_u64);
	lm_walk(c, g, s->ids, s->r.h, s->r.n, s->p.h, s->p.n, NULL, NULL, &w);
	double loss = w.nll / (double)w.n_pred, closs = w.cnll / (double)w.n_pred;
	out[LM_PPL] = exp(loss);
	out[LM_COND_PPL] = exp(closs);
	out[LM_IFD] = s->p.n && loss > 1e-12 ? closs / loss : 1;
	out[LM_MISALIGNED] = s->p.n && out[LM_IFD] >= 1;
	out[LM_OOV] = s->r.n ? (double)w.n_oov / (double)s->r.n : 0;
}

const struct family family_lm = {
	.name = "lm",
	.desc = "word trigram LM (modified Kneser-Ney, held out): perplexity, IFD with a prompt cache",
	.cfg_new = lm_cfg_new,
	.cfg_free = lm_cfg_free,
	.version = lm_version,
	.n_metrics = lm_n_metrics,
	.metric = lm_metric,
	.scratch_new = lm_scratch_new,
	.scratch_free = lm_scratch_free,
	.score = lm_score,
	.fit = lm_fit,
};
