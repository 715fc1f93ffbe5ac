/* vec_corpus.h: the vectors of the whole project, made current and held in memory, for
 * the corpus steps that need every vector at once (kNN distance, k-means). Internal to
 * src/score/; the public reading API is vectors.h. */
#ifndef WINNOW_VEC_CORPUS_H
#define WINNOW_VEC_CORPUS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "score/score_run.h"
#include "score/vectors.h"

struct store;

/* The builder's version; bump it when the features or weights change. */
#define VEC_VERSION "vec-1 d=262144"

/* Make every sample's vector current: refit the document frequencies when there is no
 * fit yet, it was made by another VEC_VERSION, or the sample count moved more than 10%
 * away from the count it was fitted on (then every vector is made again); otherwise make
 * only the missing and out-of-date ones, weighted by the current fit. Threads as given,
 * a transaction per batch, progress and Ctrl-C through o->progress.
 * OUT: res (family "vec", version "vec-1 d=262144 idf n=N", samples made now, time), and
 * *space_id, the current space (0 when the project has no samples). */
enum status
vec_ensure(struct store *st, const struct score_opts *o, int n_threads,
	   struct score_family_result *res, int64_t *space_id, struct err *err);

/* Every sample's vector in id order: as dense sketches (VEC_LOAD_SKETCH, for k-means)
 * and/or as the stored blobs (VEC_LOAD_BLOBS, for exact cosines). A sample without a
 * vector gets the empty one. */
enum vec_load_flags { VEC_LOAD_SKETCH = 1, VEC_LOAD_BLOBS = 2 };

struct vec_arena;

struct vec_corpus {
	size_t n;
	int64_t *ids;
	float *sketch;		/* SKETCH: n * VEC_SKETCH_DIM, unit rows (zero: empty vector) */
	const uint8_t **blob;	/* BLOBS: vector i is blob[i][0 .. len[i]) (NULL: empty) */
	uint32_t *len;
	struct vec_arena *arena;	/* owns the blob bytes */
	size_t cap;
};

/* flags: vec_load_flags. Blobs are checked as they are read: ST_BADDATA names the first
 * sample whose blob does not decode. OUT: *out (free with vec_corpus_free). */
enum status
vec_corpus_load(struct store *st, int n_threads, int flags, struct vec_corpus *out,
		struct err *err);

/* Decode vector i from the blobs into idx/w (VEC_MAX_NNZ each). */
struct vec
vec_corpus_at(const struct vec_corpus *c, size_t i, uint32_t *idx, float *w);

/* Cosine of the kept vector i with a vector scattered into dense[VEC_DIM] (unit norm,
 * zero elsewhere) whose buckets are also set in the bitmap has[VEC_DIM / 64], straight
 * from the blob: one pass, no decoding into arrays. The 32 KiB bitmap stays in the L1
 * cache, so the 1 MiB dense array is read only where the two vectors meet. */
double
vec_corpus_dot(const struct vec_corpus *c, size_t i, const float *dense, const uint64_t *has);

void
vec_corpus_free(struct vec_corpus *c);

#endif
