/* dedup.c: exact and near-duplicate clustering. Owns the signature arrays of struct dedup
 * and dedup_run's scratch (sort keys, union-find); reads the caller's texts only during
 * the call that hashes them. No globals.
 *
 * Signature: one pass over the bytes feeds both the exact hash (of the normalised text)
 * and the word hashes; each completed shingle's 64-bit hash h goes through n_perm
 * multiply-shift hash functions (a_i * h + c_i) >> 32 (a_i odd; a_i, c_i from a
 * splitmix64 stream seeded by opts.seed) and the per-function minimum is kept, then
 * folded to 16 bits. Clustering: exact duplicates by sorting the exact hashes, then per
 * LSH band a radix sort of (band hash << 32 | index) keys, so each bucket is a run of
 * equal high halves with indices ascending; runs are verified and unioned. The
 * union-find always makes the smaller root the parent, so every root is the lowest
 * index of its component whatever order the unions come in. */
#include "dedup.h"

#include <assert.h>
#include <math.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "util/hash.h"
#include "util/xalloc.h"

#define DEDUP_P1 0x9e3779b97f4a7c15ULL
#define DEDUP_P2 0xc2b2ae3d27d4eb4fULL
#define DEDUP_FNV_OFFSET 0xcbf29ce484222325ULL
#define DEDUP_FNV_PRIME 0x100000001b3ULL
#define DEDUP_SHORT_SALT 0x5bd1e9955bd1e995ULL	/* tells a whole-text shingle from n-grams */
#define DEDUP_MIN_RECALL 0.9	/* candidate probability wanted at J = threshold */
#define DEDUP_LANES 8

_Static_assert(DEDUP_MAX_PERM % DEDUP_LANES == 0, "whole blocks of hash functions");

struct dedup {
	struct dedup_opts o;
	int b, r;		/* LSH bands, rows per band */
	int need;		/* equal signature values that make J^ >= threshold */
	size_t n, cap;
	uint16_t *sig;		/* cap * o.n_perm */
	uint64_t *exact;	/* cap */
};

/* One text being hashed by dedup_signature. */
struct dedup_scan {
	int n_perm, shingle;
	uint64_t a[DEDUP_MAX_PERM], c[DEDUP_MAX_PERM];
	uint32_t min[DEDUP_MAX_PERM];
	uint64_t ring[DEDUP_MAX_SHINGLE];	/* the last `shingle` word hashes */
	int pos;		/* ring slot of the oldest of them, next to overwrite */
	size_t n_words;
	uint64_t wh;		/* FNV-1a of the current word */
	bool in_word;
	uint64_t eh, ew;	/* exact hash state, bytes not yet folded in */
	size_t elen;		/* normalised bytes so far */
	bool space;		/* white space seen since the last normalised byte */
};

/* One thread's share of dedup_add_batch. */
struct dedup_worker {
	struct dedup *d;
	const char *const *text;
	const size_t *len;
	size_t first, from, to;
	pthread_t tid;
	bool started;
};


static inline uint64_t
dedup_splitmix(uint64_t *state)
{
	uint64_t z = (*state += DEDUP_P1);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static inline bool
dedup_is_space(unsigned char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

static inline bool
dedup_is_word(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c >= 0x80;
}

static void
dedup_scan_init(struct dedup_scan *s, const struct dedup_opts *o)
{
	uint64_t st = o->seed;

	s->n_perm = o->n_perm;
	s->shingle = o->shingle;
	for (int i = 0; i < s->n_perm; i++) {
		s->a[i] = dedup_splitmix(&st) | 1;
		s->c[i] = dedup_splitmix(&st);
		s->min[i] = UINT32_MAX;
	}
	for (int i = s->n_perm; i % DEDUP_LANES; i++) {	/* spare lanes of the last block */
		s->a[i] = s->c[i] = 0;
		s->min[i] = UINT32_MAX;
	}
	s->n_words = 0;
	s->pos = 0;
	s->wh = DEDUP_FNV_OFFSET;
	s->in_word = false;
	s->eh = o->seed;
	s->ew = 0;
	s->elen = 0;
	s->space = false;
}

/* Fold 8 normalised bytes into the exact hash (an xxhash64-style round). */
static inline void
dedup_exact_round(struct dedup_scan *s)
{
	s->eh += s->ew * DEDUP_P2;
	s->eh = (s->eh << 31 | s->eh >> 33) * DEDUP_P1;
	s->ew = 0;
}

static inline void
dedup_exact_put(struct dedup_scan *s, unsigned char c)
{
	s->ew |= (uint64_t)c << (8 * (s->elen & 7));
	if ((++s->elen & 7) == 0)
		dedup_exact_round(s);
}

static uint64_t
dedup_exact_final(struct dedup_scan *s)
{
	if (s->elen & 7)
		dedup_exact_round(s);
	return hash_mix64(s->eh ^ s->elen);
}

/* Rounded up to whole blocks of DEDUP_LANES (the spare hash functions are computed and
 * dropped), so the compiler may vectorise the block at -O2. */
static void
dedup_scan_shingle(struct dedup_scan *s, uint64_t h)
{
	const uint64_t *a = s->a, *c = s->c;
	uint32_t *min = s->min;
	int n = (s->n_perm + DEDUP_LANES - 1) / DEDUP_LANES * DEDUP_LANES;

	for (int i = 0; i < n; i += DEDUP_LANES)
		for (int k = i; k < i + DEDUP_LANES; k++) {
			uint32_t v = (uint32_t)((a[k] * h + c[k]) >> 32);

			min[k] = v < min[k] ? v : min[k];
		}
}

/* The current word is complete: once `shingle` words are in, hash the newest n-gram. */
static void
dedup_word_end(struct dedup_scan *s)
{
	uint64_t h = 0;

	if (!s->in_word)
		return;
	s->ring[s->pos] = s->wh;
	s->pos = s->pos + 1 == s->shingle ? 0 : s->pos + 1;
	s->n_words++;
	s->wh = DEDUP_FNV_OFFSET;
	s->in_word = false;
	if (s->n_words < (size_t)s->shingle)
		return;
	for (int j = s->pos; j < s->shingle; j++)	/* oldest to newest */
		h = (h ^ s->ring[j]) * DEDUP_P1;
	for (int j = 0; j < s->pos; j++)
		h = (h ^ s->ring[j]) * DEDUP_P1;
	dedup_scan_shingle(s, hash_mix64(h));
}

static inline void
dedup_scan_byte(struct dedup_scan *s, unsigned char c)
{
	if (dedup_is_space(c)) {
		s->space = s->elen > 0;
		dedup_word_end(s);
		return;
	}
	if (c >= 'A' && c <= 'Z')
		c |= 0x20;
	if (s->space)
		dedup_exact_put(s, ' ');
	s->space = false;
	dedup_exact_put(s, c);
	if (dedup_is_word(c)) {
		s->wh = (s->wh ^ c) * DEDUP_FNV_PRIME;
		s->in_word = true;
	} else {
		dedup_word_end(s);
	}
}

uint64_t
dedup_signature(const struct dedup_opts *o, const char *text, size_t len, uint16_t *sig)
{
	struct dedup_scan s;
	uint64_t exact;

	assert(o->n_perm >= 1 && o->n_perm <= DEDUP_MAX_PERM);
	assert(o->shingle >= 1 && o->shingle <= DEDUP_MAX_SHINGLE);
	dedup_scan_init(&s, o);
	for (size_t i = 0; i < len; i++)
		dedup_scan_byte(&s, (unsigned char)text[i]);
	dedup_word_end(&s);
	exact = dedup_exact_final(&s);
	if (s.n_words < (size_t)s.shingle)
		dedup_scan_shingle(&s, hash_mix64(exact ^ DEDUP_SHORT_SALT));
	for (int i = 0; i < s.n_perm; i++)	/* keep 16 bits, each depending on all 32 */
		sig[i] = (uint16_t)((s.min[i] * 0x9e3779b1u) >> 16);
	return exact;
}

void
dedup_bands(const struct dedup_opts *o, int *b, int *r)
{
	*r = 1;
	*b = o->n_perm;
	for (int rows = 2; rows <= o->n_perm; rows++) {
		int bands = o->n_perm / rows;
		double p = 1.0 - pow(1.0 - pow(o->threshold, rows), bands);

		if (p >= DEDUP_MIN_RECALL) {
			*r = rows;
			*b = bands;
		}
	}
}

struct dedup *
dedup_new(const struct dedup_opts *o, size_t n_hint)
{
	struct dedup *d = xcalloc(1, sizeof *d);

	assert(o->threshold > 0.0 && o->threshold <= 1.0);
	assert(o->n_perm >= 1 && o->n_perm <= DEDUP_MAX_PERM);
	assert(o->shingle >= 1 && o->shingle <= DEDUP_MAX_SHINGLE);
	d->o = *o;
	if (d->o.n_threads <= 0)
		d->o.n_threads = 1;
	dedup_bands(o, &d->b, &d->r);
	d->need = (int)ceil(o->threshold * o->n_perm - 1e-9);
	if (n_hint) {
		d->cap = n_hint;
		d->sig = xcalloc(n_hint, (size_t)o->n_perm * sizeof *d->sig);
		d->exact = xcalloc(n_hint, sizeof *d->exact);
	}
	return d;
}

/* Make room for slots 0..n-1; new slots are zero until added. */
static void
dedup_reserve(struct dedup *d, size_t n)
{
	size_t np = (size_t)d->o.n_perm, cap = d->cap;

	assert(n <= INT32_MAX);	/* indices fit the union-find's uint32 and size's int32 */
	if (n <= cap)
		return;
	cap = cap * 2 > n ? cap * 2 : n;
	cap = cap < 1024 ? 1024 : cap;
	d->sig = xrealloc(d->sig, cap * np * sizeof *d->sig);
	d->exact = xrealloc(d->exact, cap * sizeof *d->exact);
	memset(d->sig + d->cap * np, 0, (cap - d->cap) * np * sizeof *d->sig);
	memset(d->exact + d->cap, 0, (cap - d->cap) * sizeof *d->exact);
	d->cap = cap;
}

void
dedup_add_signature(struct dedup *d, size_t i, const uint16_t *sig, uint64_t exact_hash)
{
	size_t np = (size_t)d->o.n_perm;

	dedup_reserve(d, i + 1);
	memcpy(d->sig + i * np, sig, np * sizeof *sig);
	d->exact[i] = exact_hash;
	if (i >= d->n)
		d->n = i + 1;
}

void
dedup_add(struct dedup *d, size_t i, const char *text, size_t len)
{
	dedup_reserve(d, i + 1);
	d->exact[i] = dedup_signature(&d->o, text, len, d->sig + i * (size_t)d->o.n_perm);
	if (i >= d->n)
		d->n = i + 1;
}

static void *
dedup_work(void *arg)
{
	struct dedup_worker *w = arg;
	struct dedup *d = w->d;
	size_t np = (size_t)d->o.n_perm;

	for (size_t k = w->from; k < w->to; k++) {
		size_t i = w->first + k;

		d->exact[i] = dedup_signature(&d->o, w->text[k], w->len[k], d->sig + i * np);
	}
	return NULL;
}

void
dedup_add_batch(struct dedup *d, size_t first, size_t n, const char *const *text,
		const size_t *len)
{
	size_t nt = (size_t)d->o.n_threads < n ? (size_t)d->o.n_threads : n;
	struct dedup_worker *ws;

	if (n == 0)
		return;
	dedup_reserve(d, first + n);	/* before any thread writes: no realloc under them */
	ws = xcalloc(nt, sizeof *ws);
	for (size_t t = 0; t < nt; t++)
		ws[t] = (struct dedup_worker){d, text, len, first, n * t / nt, n * (t + 1) / nt,
					      0, false};
	for (size_t t = 1; t < nt; t++) {
		ws[t].started = pthread_create(&ws[t].tid, NULL, dedup_work, &ws[t]) == 0;
		if (!ws[t].started)
			dedup_work(&ws[t]);	/* no thread to be had: do it here */
	}
	dedup_work(&ws[0]);
	for (size_t t = 1; t < nt; t++)
		if (ws[t].started)
			pthread_join(ws[t].tid, NULL);
	free(ws);
	if (first + n > d->n)
		d->n = first + n;
}

size_t
dedup_count(const struct dedup *d)
{
	return d->n;
}

static uint32_t
dedup_find(uint32_t *parent, uint32_t x)
{
	while (parent[x] != x) {
		parent[x] = parent[parent[x]];	/* path halving */
		x = parent[x];
	}
	return x;
}

/* The smaller root becomes the parent, so a root is always its component's minimum. */
static void
dedup_union(uint32_t *parent, uint32_t x, uint32_t y)
{
	x = dedup_find(parent, x);
	y = dedup_find(parent, y);
	if (x < y)
		parent[y] = x;
	else if (y < x)
		parent[x] = y;
}

/* Stable LSD radix sort of key[0..n) by bits 32..63 (tmp: room for n). Keys built in
 * index order therefore come out ordered by (high half, index). */
static void
dedup_sort_hi(uint64_t *key, uint64_t *tmp, size_t n)
{
	for (int shift = 32; shift < 64; shift += 8) {	/* 4 passes: ends back in key */
		size_t count[257] = {0};
		uint64_t *swap;

		for (size_t i = 0; i < n; i++)
			count[((key[i] >> shift) & 0xff) + 1]++;
		for (int b = 0; b < 256; b++)
			count[b + 1] += count[b];
		for (size_t i = 0; i < n; i++)
			tmp[count[(key[i] >> shift) & 0xff]++] = key[i];
		swap = key;
		key = tmp;
		tmp = swap;
	}
}

/* Exact duplicates: runs of equal high hash halves, matched on the full hash. */
static void
dedup_exact_pass(const struct dedup *d, uint32_t *parent, uint64_t *key, uint64_t *tmp,
		 uint8_t *is_exact)
{
	size_t n = d->n;

	for (size_t i = 0; i < n; i++)
		key[i] = (d->exact[i] & 0xffffffff00000000ULL) | i;
	dedup_sort_hi(key, tmp, n);
	for (size_t s = 0, e; s < n; s = e) {
		for (e = s + 1; e < n && (key[e] >> 32) == (key[s] >> 32); e++) {
			uint32_t j = (uint32_t)key[e];
			size_t p = s;

			/* the earliest equal one: key[s] itself unless 32-bit halves collide */
			while (p < e && d->exact[(uint32_t)key[p]] != d->exact[j])
				p++;
			if (p < e) {
				is_exact[j] = 1;
				dedup_union(parent, (uint32_t)key[p], j);
			}
		}
	}
}

static uint32_t
dedup_band_hash(const uint16_t *v, int r)
{
	uint64_t h = 0, w = 0;

	for (int k = 0; k < r; k++) {
		w = w << 16 | v[k];
		if ((k & 3) == 3 || k == r - 1) {
			h = hash_mix64(h ^ w) + DEDUP_P1;
			w = 0;
		}
	}
	return (uint32_t)(h >> 32);
}

static bool
dedup_similar(const struct dedup *d, uint32_t x, uint32_t y)
{
	size_t np = (size_t)d->o.n_perm;
	const uint16_t *a = d->sig + x * np, *b = d->sig + y * np;
	int eq = 0;

	for (size_t i = 0; i < np; i++)
		eq += a[i] == b[i];
	return eq >= d->need;
}

static void
dedup_try(const struct dedup *d, uint32_t *parent, uint32_t x, uint32_t j)
{
	if (dedup_find(parent, x) != dedup_find(parent, j) && dedup_similar(d, x, j))
		dedup_union(parent, x, j);
}

/* Link key[p] to earlier members of its bucket key[s..p): the first one and the
 * DEDUP_WINDOW nearest ones, skipping any already in its cluster. */
static void
dedup_link(const struct dedup *d, uint32_t *parent, const uint64_t *key, size_t s, size_t p)
{
	uint32_t j = (uint32_t)key[p];
	size_t lo = p - s > DEDUP_WINDOW ? p - DEDUP_WINDOW : s;

	if (lo > s)
		dedup_try(d, parent, (uint32_t)key[s], j);
	for (size_t q = p; q-- > lo;)
		dedup_try(d, parent, (uint32_t)key[q], j);
}

/* One LSH band over the samples that are not exact duplicates. */
static void
dedup_band_pass(const struct dedup *d, int band, uint32_t *parent, uint64_t *key,
		uint64_t *tmp, const uint8_t *is_exact)
{
	size_t np = (size_t)d->o.n_perm, m = 0;

	for (size_t i = 0; i < d->n; i++)
		if (!is_exact[i])
			key[m++] = (uint64_t)dedup_band_hash(d->sig + i * np + band * d->r,
							     d->r) << 32 | i;
	dedup_sort_hi(key, tmp, m);
	for (size_t s = 0, e; s < m; s = e)
		for (e = s + 1; e < m && (key[e] >> 32) == (key[s] >> 32); e++)
			dedup_link(d, parent, key, s, e);
}

static void
dedup_output(uint32_t *parent, size_t n, int64_t *cluster, int32_t *size, uint8_t *is_rep)
{
	for (size_t i = 0; i < n; i++) {	/* roots are <= i, so already counted from 0 */
		cluster[i] = dedup_find(parent, (uint32_t)i);
		size[i] = 0;
		size[cluster[i]]++;
	}
	for (size_t i = 0; i < n; i++) {	/* a root's count is final before its members */
		size[i] = size[cluster[i]];
		is_rep[i] = cluster[i] == (int64_t)i;
	}
}

void
dedup_run(struct dedup *d, int64_t *cluster, int32_t *size, uint8_t *is_rep,
	  uint8_t *is_exact)
{
	size_t n = d->n;
	uint32_t *parent;
	uint64_t *key, *tmp;

	if (n == 0)
		return;
	parent = xmalloc(n * sizeof *parent);
	key = xmalloc(n * sizeof *key);
	tmp = xmalloc(n * sizeof *tmp);
	for (size_t i = 0; i < n; i++) {
		parent[i] = (uint32_t)i;
		is_exact[i] = 0;
	}
	dedup_exact_pass(d, parent, key, tmp, is_exact);
	for (int band = 0; band < d->b; band++)
		dedup_band_pass(d, band, parent, key, tmp, is_exact);
	dedup_output(parent, n, cluster, size, is_rep);
	free(tmp);
	free(key);
	free(parent);
}

void
dedup_free(struct dedup *d)
{
	if (!d)
		return;
	free(d->sig);
	free(d->exact);
	free(d);
}
