/* knn.h: for every sample, the cosine distance to its k-th nearest neighbour among the
 * TF-IDF vectors (local density: small in a crowded region, large for an isolated
 * sample), without comparing all pairs. Pure (works on a struct vec_corpus in memory
 * with its blobs); the "knn" step stores the result.
 *
 * The index is an impact-ordered inverted file over the sparse buckets: for every bucket
 * the samples that have it, with their weights, at most `postings` of them (the largest
 * weights; ties to the earlier sample) so a stop-word-like bucket costs no more than a
 * rare one. A query walks its own buckets from its heaviest weight down and accumulates
 * the partial dot product w_query * w_sample of every sample it meets, until `budget`
 * postings have been read. The `rerank` samples with the largest partial sums are
 * scored with their exact cosines, and the k-th best of those gives the distance.
 * Heavy buckets are the rare, informative words and bigrams, which carry most of a
 * cosine; what is missed are neighbours that share only common words with the query.
 * Cost per query: `budget` accumulations + `rerank` exact cosines, whatever the corpus
 * size, so the operation count is linear in n; memory: 6 bytes per posting kept, plus a
 * float per sample per thread. Queries run in the order of their heaviest bucket, so
 * neighbouring queries find the same postings and candidates in the cache.
 *
 * A sample with no words (the empty vector) has no neighbours and is no one's: its
 * distance is 1, the largest possible; so is a sample's when fewer than k others share
 * a bucket with it. Deterministic: the same vectors and options give the same bits on
 * any number of threads. */
#ifndef WINNOW_KNN_H
#define WINNOW_KNN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "score/vec_corpus.h"
#include "util/progress.h"

#define KNN_MAX_K 1000

struct knn_opts {
	int k;			/* 1..KNN_MAX_K */
	size_t budget;		/* postings read per query; 0: 4096 */
	size_t postings;	/* kept per bucket; 0: 1024 */
	int rerank;		/* candidates scored exactly; <= 0: 3k + 10, at least k */
	int n_threads;
	const struct progress_sink *progress;	/* may be NULL; item "knn" */
};

/* OUT: dist[c->n], 1 - exact cosine to the k-th nearest other sample found (c must have
 * its blobs); nbr (may be NULL): c->n * k row numbers of the nearest found, nearest
 * first, -1 where there are fewer. Returns false when the progress sink said stop
 * (dist is then incomplete). */
bool
knn_run(const struct vec_corpus *c, const struct knn_opts *o, float *dist, int32_t *nbr);

#endif
