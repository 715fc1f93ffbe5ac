/* store_vectors.h: the vectors and vector_spaces tables (migration 0004): the TF-IDF
 * vector of every sample and the document frequencies they were weighted with. The
 * blobs are opaque here; src/score/vectors.h says what is in them. */
#ifndef WINNOW_STORE_VECTORS_H
#define WINNOW_STORE_VECTORS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store.h"
#include "store_scores.h"

/* A fit of document frequencies. df (dim counts) is the caller's: free it. */
struct vec_space {
	int64_t id;		/* 0: none yet */
	char version[64];
	int64_t dim;
	int64_t n_docs;
	uint32_t *df;
};

/* The latest space. OUT: *out; out->id = 0 (and df NULL) when there is none. ST_BADDATA
 * when its df blob is not dim counts long. */
enum status
store_vec_space_current(struct store *st, struct vec_space *out, struct err *err);

/* OUT: *id of the new space, which becomes the current one. */
enum status
store_vec_space_insert(struct store *st, const char *version, uint32_t dim, int64_t n_docs,
		       const uint32_t *df, int64_t *id, struct err *err);

/* Delete the spaces no vector refers to, except the current one. */
enum status
store_vec_space_prune(struct store *st, struct err *err);

/* Up to limit samples with id > after whose vector is missing or from another space than
 * space_id, in id order (rows as for store_scores_pending). */
enum status
store_vec_pending(struct store *st, int64_t space_id, int64_t after, size_t limit,
		  pending_fn fn, void *ctx, struct err *err);

/* OUT: *n = samples whose vector is missing or not from space_id. */
enum status
store_vec_stale(struct store *st, int64_t space_id, int64_t *n, struct err *err);

/* Insert or replace one sample's vector. */
enum status
store_vec_put(struct store *st, int64_t sample_id, int64_t space_id, const void *blob,
	      size_t len, struct err *err);

/* One stored vector: blob NULL (len 0) when the sample has none. Borrowed for the
 * callback only. */
typedef enum status (*vec_row_fn)(void *ctx, int64_t sample_id, const void *blob, size_t len,
				  struct err *err);

/* Every sample in id order with its vector (NULL if none). */
enum status
store_vec_each(struct store *st, vec_row_fn fn, void *ctx, struct err *err);

/* One sample's vector: fn is called once (blob NULL if it has none). */
enum status
store_vec_get(struct store *st, int64_t sample_id, vec_row_fn fn, void *ctx, struct err *err);

#endif
