/* vectors.h: reading the per-sample TF-IDF vectors that `winnow score` stores (the "vec"
 * step, score_vec.c), for diversity-aware selection (cosine, k-center greedy) and the
 * kNN and k-means steps. Building them is in vec_build.h.
 *
 * A vector is sparse over VEC_DIM hashed feature buckets: the sample's word unigrams and
 * bigrams (hashfeat.h; prompt and response together), each weighted
 *     (1 + ln tf) * idf,   idf = ln((1 + N) / (1 + df)) + 1
 * (tf: occurrences of the bucket in the sample; df: samples containing it; N: samples
 * the document frequencies were counted over), cut to the VEC_MAX_NNZ largest weights,
 * and scaled to unit L2 norm. Weights are never negative, so a cosine is in [0, 1].
 * A sample without words has the empty vector (n = 0): its cosine with anything is 0.
 *
 * Stored blob (the vectors table, column vec), little-endian:
 *     byte 0        1, the format
 *     varint n      number of nonzero buckets (LEB128), at most VEC_MAX_NNZ
 *     n varints     bucket deltas: the first bucket, then each minus the one before (> 0)
 *     n x uint16    weight / largest weight * 65535, rounded (>= 1)
 * about 4 bytes per nonzero. vec_decode renormalises the weights to unit norm.
 *
 * Ownership: a struct vec borrows its arrays from whoever decoded it (a caller's
 * buffers, or a struct vec_set, which owns everything it points to). */
#ifndef WINNOW_VECTORS_H
#define WINNOW_VECTORS_H

#include <stddef.h>
#include <stdint.h>

#include "util/status.h"

#define VEC_BITS 18
#define VEC_DIM (1u << VEC_BITS)	/* hashed feature buckets */
#define VEC_MAX_NNZ 256			/* nonzeros kept per sample */
#define VEC_SKETCH_DIM 64		/* dense sketch for kNN and k-means */

struct store;

struct vec {
	uint32_t n;		/* nonzero buckets; 0: the sample has no words */
	const uint32_t *idx;	/* n buckets, ascending, each < VEC_DIM */
	const float *w;		/* n weights > 0, unit L2 norm */
};

/* Decode a stored blob into idx and w, which hold VEC_MAX_NNZ entries each (the caller's).
 * OUT: *v points at them. ST_BADDATA if the blob is malformed (v is then empty). */
enum status
vec_decode(const void *blob, size_t len, uint32_t *idx, float *w, struct vec *v,
	   struct err *err);

/* Cosine similarity of a and b, in [0, 1]; 0 when either is empty. A merge of the two
 * sorted bucket lists: O(a.n + b.n). */
double
vec_cosine(const struct vec *a, const struct vec *b);

/* A dense VEC_SKETCH_DIM-dimensional random projection of v (each bucket adds +-w to every
 * coordinate, the signs from a fixed hash of the bucket), scaled to unit length (all zero
 * for the empty vector). Dot products of sketches estimate cosines (Johnson-Lindenstrauss;
 * standard error about sqrt((1 + cos^2) / VEC_SKETCH_DIM)): cheap enough for k-means and
 * for finding kNN candidates over a million samples. OUT: out[VEC_SKETCH_DIM]. */
void
vec_sketch(const struct vec *v, float *out);

/* Many vectors in memory: one allocation per array, owned by the set. */
struct vec_set {
	size_t n;		/* vectors, in the order asked */
	int64_t *ids;		/* their sample ids */
	size_t *off;		/* n + 1: vector i is idx/w[off[i] .. off[i + 1]) */
	uint32_t *idx;
	float *w;
	size_t n_missing;	/* ids with no stored vector (empty here): not scored yet */
};

/* Vector i of s (borrowed from s). */
struct vec
vec_set_at(const struct vec_set *s, size_t i);

/* Load the stored vectors of ids[0..n) (any order, repeats allowed) from the project.
 * An id with no vector yet (run `winnow score --only vec`) gets the empty vector and is
 * counted in n_missing. OUT: *out (free with vec_set_free), NULL on failure. ST_DB on a
 * database error, ST_BADDATA for a corrupt blob (naming the sample). */
enum status
vec_set_load(struct store *st, const int64_t *ids, size_t n, struct vec_set **out,
	     struct err *err);

/* Accepts NULL. */
void
vec_set_free(struct vec_set *s);

#endif
