/* knlm.c: trigram counts in open-addressing tables keyed by packed word ids, then
 * interpolated modified Kneser-Ney (see knlm.h). Owns its tables; touches nothing else.
 *
 * Tables (every key carries the fold in bit 63):
 *   tri   (u,v,w)  raw trigram count
 *   ctx2  (u,v)    sum, N1, N2, N3+ of the raw counts of trigrams u v *
 *   bi    (v,w)    adjusted count: N1+(* v w), the number of distinct u before v w;
 *                  for v = <s> (which nothing precedes) the raw count, as in KenLM
 *   ctx1  (v)      sum, N1, N2, N3+ of the adjusted counts of bigrams v *
 *   uni   [w]      adjusted count N1+(* w), a plain array per fold */
#include "score/knlm.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/hash.h"
#include "util/u64map.h"
#include "util/xalloc.h"

#define FNV_OFFSET 0xcbf29ce484222325ULL
#define FNV_PRIME 0x100000001b3ULL

/* ---- the model ---- */

struct knlm {
	int n_folds;
	bool finished;
	uint32_t n_ids;		/* next free id */
	struct u64map vocab;	/* word hash -> id */
	struct u64map tri, ctx2, bi, ctx1;
	uint32_t *uni[NGRAM_MAX_FOLDS];
	double uni_sum[NGRAM_MAX_FOLDS];
	double p_unk[NGRAM_MAX_FOLDS];	/* gamma1 / |V|: the uniform share of every word */
	double d[NGRAM_MAX_FOLDS][4][4];
	uint64_t vocab_n[NGRAM_MAX_FOLDS], tokens[NGRAM_MAX_FOLDS], texts[NGRAM_MAX_FOLDS];
	uint32_t *seq;		/* knlm_add's scratch */
	size_t seq_cap;
};

#define FOLD_BIT(f) ((uint64_t)(f) << 63)
#define ID_MASK ((uint64_t)NGRAM_MAX_ID)

static inline uint64_t
key3(int f, uint32_t u, uint32_t v, uint32_t w)
{
	return FOLD_BIT(f) | (uint64_t)u << 42 | (uint64_t)v << 21 | w;
}

static inline uint64_t
key2(int f, uint32_t v, uint32_t w)
{
	return FOLD_BIT(f) | (uint64_t)v << 21 | w;
}

void
knlm_words_free(struct knlm_words *w)
{
	free(w->h);
	memset(w, 0, sizeof(*w));
}

static inline uint64_t
word_done(uint64_t h)
{
	h = hash_mix64(h);
	return h ? h : 1;
}

static inline void
words_push(struct knlm_words *w, uint64_t h)
{
	if (w->n == w->cap) {
		w->cap = w->cap ? w->cap * 2 : 256;
		w->h = xrealloc(w->h, w->cap * sizeof(*w->h));
	}
	w->h[w->n++] = word_done(h);
}

static inline bool
is_word_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c >= 0x80;
}

void
knlm_split(const char *s, size_t len, struct knlm_words *w)
{
	uint64_t h = FNV_OFFSET;
	bool in = false;

	w->n = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 'A' && c <= 'Z')
			c |= 0x20;
		if (is_word_byte(c)) {
			h = (h ^ c) * FNV_PRIME;
			in = true;
			continue;
		}
		if (in)
			words_push(w, h);
		h = FNV_OFFSET;
		in = false;
		if (!(c == ' ' || (c >= '\t' && c <= '\r')))
			words_push(w, (FNV_OFFSET ^ c) * FNV_PRIME);
	}
	if (in)
		words_push(w, h);
}

uint64_t
knlm_hash_word(const char *s, size_t len)
{
	uint64_t h = FNV_OFFSET;

	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * FNV_PRIME;
	return word_done(h);
}

struct knlm *
knlm_new(int n_folds)
{
	struct knlm *m = xcalloc(1, sizeof(*m));

	m->n_folds = n_folds < 1 ? 1 : n_folds > NGRAM_MAX_FOLDS ? NGRAM_MAX_FOLDS : n_folds;
	m->n_ids = NGRAM_FIRST_WORD;
	m->vocab.stride = 1;
	m->tri.stride = 1;
	m->bi.stride = 1;
	m->ctx2.stride = 4;
	m->ctx1.stride = 4;
	return m;
}

void
knlm_free(struct knlm *m)
{
	if (!m)
		return;
	u64map_free(&m->vocab);
	u64map_free(&m->tri);
	u64map_free(&m->ctx2);
	u64map_free(&m->bi);
	u64map_free(&m->ctx1);
	for (int f = 0; f < NGRAM_MAX_FOLDS; f++)
		free(m->uni[f]);
	free(m->seq);
	free(m);
}

/* The id of a word hash, a new one if there is room, else <unk>. */
static uint32_t
vocab_add(struct knlm *m, uint64_t h)
{
	size_t i = u64map_find(&m->vocab, h);

	if (i != SIZE_MAX)
		return m->vocab.vals[i];
	if (m->n_ids > NGRAM_MAX_ID)
		return NGRAM_UNK;
	*u64map_put(&m->vocab, h) = m->n_ids;
	return m->n_ids++;
}

void
knlm_add(struct knlm *m, int fold, const struct knlm_words *w)
{
	size_t n = w->n + 2;
	uint32_t *t;

	if (m->finished || fold < 0 || fold >= m->n_folds)
		return;
	if (n > m->seq_cap) {
		m->seq_cap = n * 2;
		m->seq = xrealloc(m->seq, m->seq_cap * sizeof(*m->seq));
	}
	t = m->seq;
	t[0] = NGRAM_BOS;
	for (size_t i = 0; i < w->n; i++)
		t[i + 1] = vocab_add(m, w->h[i]);
	t[n - 1] = NGRAM_EOS;
	(*u64map_put(&m->bi, key2(fold, NGRAM_BOS, t[1])))++;
	for (size_t i = 2; i < n; i++)
		(*u64map_put(&m->tri, key3(fold, t[i - 2], t[i - 1], t[i])))++;
	m->tokens[fold] += n - 1;
	m->texts[fold]++;
}

static double
clamp_d(double d, double y, int k)
{
	if (!isfinite(d) || d <= 0 || d > k)
		d = isfinite(y) && y > 0 ? y : 0.5;
	return d < 1e-3 ? 1e-3 : d > k ? k : d;
}

void
knlm_discounts(const uint64_t n[5], double d[4])
{
	double n1 = (double)n[1], n2 = (double)n[2], n3 = (double)n[3], n4 = (double)n[4];
	double y = n1 + 2 * n2 > 0 ? n1 / (n1 + 2 * n2) : NAN;

	d[0] = 0;
	d[1] = clamp_d(n1 > 0 ? 1 - 2 * y * n2 / n1 : NAN, y, 1);
	d[2] = clamp_d(n2 > 0 ? 2 - 3 * y * n3 / n2 : NAN, y, 2);
	d[3] = clamp_d(n3 > 0 ? 3 - 4 * y * n4 / n3 : NAN, y, 3);
}

static inline double
disc(const double *d, uint32_t c)
{
	return c == 0 ? 0 : c >= 3 ? d[3] : d[c];
}

/* Add count c to a context's sum, N1, N2, N3+ and to the order's count-of-counts. */
static void
ctx_add(uint32_t *ctx, uint32_t c, uint64_t *cc)
{
	ctx[0] += c;
	ctx[c >= 3 ? 3 : c]++;
	cc[c >= 4 ? 4 : c]++;
}

/* From trigram types: ctx2, bigram continuation counts, order-3 count-of-counts. */
static void
finish_tri(struct knlm *m, uint64_t cc[][5])
{
	for (size_t i = 0; i < m->tri.cap; i++) {
		uint64_t k = m->tri.keys[i];
		if (!k)
			continue;
		int f = (int)(k >> 63);
		uint32_t u = (uint32_t)(k >> 42 & ID_MASK), v = (uint32_t)(k >> 21 & ID_MASK);
		uint32_t w = (uint32_t)(k & ID_MASK);
		ctx_add(u64map_put(&m->ctx2, key2(f, u, v)), m->tri.vals[i], cc[f]);
		(*u64map_put(&m->bi, key2(f, v, w)))++;
	}
}

/* From bigram types: ctx1, unigram continuation counts, order-2 count-of-counts. */
static void
finish_bi(struct knlm *m, uint64_t cc[][5])
{
	for (size_t i = 0; i < m->bi.cap; i++) {
		uint64_t k = m->bi.keys[i];
		if (!k)
			continue;
		int f = (int)(k >> 63);
		uint32_t v = (uint32_t)(k >> 21 & ID_MASK), w = (uint32_t)(k & ID_MASK);
		ctx_add(u64map_put(&m->ctx1, FOLD_BIT(f) | v), m->bi.vals[i], cc[f]);
		m->uni[f][w]++;
	}
}

void
knlm_finish(struct knlm *m)
{
	uint64_t cc3[NGRAM_MAX_FOLDS][5] = {{0}}, cc2[NGRAM_MAX_FOLDS][5] = {{0}};

	if (m->finished)
		return;
	m->finished = true;
	for (int f = 0; f < m->n_folds; f++)
		m->uni[f] = xcalloc(m->n_ids, sizeof(*m->uni[f]));
	finish_tri(m, cc3);
	finish_bi(m, cc2);
	for (int f = 0; f < m->n_folds; f++) {
		uint64_t cc1[5] = {0}, n3[4] = {0};
		for (uint32_t w = 0; w < m->n_ids; w++) {
			uint32_t a = m->uni[f][w];
			if (!a)
				continue;
			m->uni_sum[f] += a;
			m->vocab_n[f]++;
			n3[a >= 3 ? 3 : a]++;
			cc1[a >= 4 ? 4 : a]++;
		}
		knlm_discounts(cc3[f], m->d[f][3]);
		knlm_discounts(cc2[f], m->d[f][2]);
		knlm_discounts(cc1, m->d[f][1]);
		const double *d = m->d[f][1];
		double g = m->uni_sum[f] > 0
				   ? (d[1] * n3[1] + d[2] * n3[2] + d[3] * n3[3]) / m->uni_sum[f]
				   : 1;
		m->p_unk[f] = g / (double)(m->vocab_n[f] + 1);	/* + 1: <unk> itself */
	}
	free(m->seq);
	m->seq = NULL;
	m->seq_cap = 0;
}

void
knlm_ids(const struct knlm *m, const struct knlm_words *w, uint32_t *ids)
{
	for (size_t i = 0; i < w->n; i++) {
		size_t j = u64map_find(&m->vocab, w->h[i]);
		ids[i] = j == SIZE_MAX ? NGRAM_UNK : m->vocab.vals[j];
	}
}

uint32_t
knlm_id(const struct knlm *m, const char *word)
{
	size_t j = u64map_find(&m->vocab, knlm_hash_word(word, strlen(word)));

	return j == SIZE_MAX ? NGRAM_UNK : m->vocab.vals[j];
}

uint32_t
knlm_n_ids(const struct knlm *m)
{
	return m->n_ids;
}

bool
knlm_known(const struct knlm *m, int fold, uint32_t w)
{
	return m->finished && w < m->n_ids && m->uni[fold][w] > 0;
}

/* One interpolation step: (max(c - D(c), 0) + gamma(ctx) p_lower) / sum(ctx). */
static inline double
interp(const double *d, const uint32_t *ctx, uint32_t c, double p_lower)
{
	double gamma_num = d[1] * ctx[1] + d[2] * ctx[2] + d[3] * ctx[3];

	return ((c ? c - disc(d, c) : 0) + gamma_num * p_lower) / ctx[0];
}

double
knlm_prob(const struct knlm *m, int f, uint32_t u, uint32_t v, uint32_t w)
{
	const uint32_t *ctx, *c;
	uint32_t a1;
	double p;

	if (!m->finished || f < 0 || f >= m->n_folds)
		return 1;
	a1 = w < m->n_ids ? m->uni[f][w] : 0;
	p = m->p_unk[f];
	if (a1)
		p += (a1 - disc(m->d[f][1], a1)) / m->uni_sum[f];
	ctx = u64map_get(&m->ctx1, FOLD_BIT(f) | v);
	if (ctx && ctx[0]) {
		c = u64map_get(&m->bi, key2(f, v, w));
		p = interp(m->d[f][2], ctx, c ? *c : 0, p);
	}
	ctx = u != NGRAM_NONE ? u64map_get(&m->ctx2, key2(f, u, v)) : NULL;
	if (ctx && ctx[0]) {
		c = u64map_get(&m->tri, key3(f, u, v, w));
		p = interp(m->d[f][3], ctx, c ? *c : 0, p);
	}
	return p;
}

double
knlm_seq_nll(const struct knlm *m, int fold, const uint32_t *ids, size_t n, double *lp)
{
	uint32_t u = NGRAM_NONE, v = NGRAM_BOS;
	double nll = 0;

	for (size_t i = 0; i <= n; i++) {
		uint32_t w = i < n ? ids[i] : NGRAM_EOS;
		double l = log(knlm_prob(m, fold, u, v, w));
		if (lp)
			lp[i] = l;
		nll -= l;
		u = v;
		v = w;
	}
	return nll;
}

static uint64_t
count_fold(const struct u64map *t, int f)
{
	uint64_t n = 0;

	for (size_t i = 0; i < t->cap; i++)
		n += t->keys[i] && (int)(t->keys[i] >> 63) == f;
	return n;
}

void
knlm_get_info(const struct knlm *m, int fold, struct knlm_info *out)
{
	memset(out, 0, sizeof(*out));
	if (fold < 0 || fold >= m->n_folds)
		return;
	out->tokens = m->tokens[fold];
	out->texts = m->texts[fold];
	out->vocab = m->vocab_n[fold];
	out->n_gram[1] = m->vocab_n[fold];
	out->n_gram[2] = count_fold(&m->bi, fold);
	out->n_gram[3] = count_fold(&m->tri, fold);
	memcpy(out->d, m->d[fold], sizeof(out->d));
	out->bytes = sizeof(*m) + u64map_bytes(&m->vocab) + u64map_bytes(&m->tri) + u64map_bytes(&m->ctx2) +
		     u64map_bytes(&m->bi) + u64map_bytes(&m->ctx1) +
		     (size_t)m->n_folds * m->n_ids * sizeof(uint32_t);
}
