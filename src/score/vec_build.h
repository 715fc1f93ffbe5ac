/* vec_build.h: making the TF-IDF vectors that vectors.h reads: document frequencies over
 * a corpus, then one encoded vector per sample. Pure: no I/O, no globals; a builder is
 * per thread, a model is shared read-only. score_vec.c runs it over the project. */
#ifndef WINNOW_VEC_BUILD_H
#define WINNOW_VEC_BUILD_H

#include <stddef.h>
#include <stdint.h>

#include "score/vectors.h"

/* Per-thread scratch: the feature list, a count per bucket (VEC_DIM uint32, 1 MiB) and
 * the output buffers. */
struct vec_builder;

struct vec_builder *
vec_builder_new(void);

void
vec_builder_free(struct vec_builder *b);

/* The distinct buckets of one sample, ascending. OUT: *out, borrowed from b until its
 * next call. Returns how many. Add 1 to df[bucket] for each to count frequencies. */
size_t
vec_buckets(struct vec_builder *b, const char *prompt, size_t prompt_len,
	    const char *response, size_t response_len, const uint32_t **out);

/* The idf of every bucket, from document frequencies df[VEC_DIM] over n_docs samples
 * (see vectors.h for the formula). */
struct vec_model;

struct vec_model *
vec_model_new(const uint32_t *df, int64_t n_docs);

void
vec_model_free(struct vec_model *m);

double
vec_model_idf(const struct vec_model *m, uint32_t bucket);

/* One sample's vector, encoded as vectors.h describes. OUT: *len; the blob is borrowed
 * from b until its next call. Also OUT: *v, the same vector before quantisation (unit
 * norm; borrowed from b likewise), for callers that want the exact weights. */
const uint8_t *
vec_build(const struct vec_model *m, struct vec_builder *b, const char *prompt,
	  size_t prompt_len, const char *response, size_t response_len, struct vec *v,
	  size_t *len);

#endif
