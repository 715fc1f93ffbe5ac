/* kmeans.h: spherical k-means (cosine similarity) over unit rows of DENSE_D floats, the
 * sketches of the TF-IDF vectors. Used by the "kmeans" step (a cluster per sample) and as
 * the coarse quantiser of the kNN index (knn.h). Pure: no I/O, no globals.
 *
 * Fit: a seeded sample of at most max_train rows; k-means++ seeding (each next centre
 * drawn with probability proportional to its squared distance 2 - 2 cos to the nearest
 * centre so far); then Lloyd iterations (assign each row to the most similar centre,
 * ties to the lower index; each centre becomes its members' normalised mean, summed in
 * row order) until no row moves or max_iter. An emptied cluster restarts at the row
 * farthest from its centre. Zero rows (samples without words) take no part.
 *
 * Determinism: the result depends only on the rows and (k, max_iter, max_train, seed);
 * threads only split the rows among themselves, so any n_threads gives the same bits.
 * Cost: k * rows dot products of DENSE_D floats per iteration (about 5 ns each on one
 * core of the benchmark machine). */
#ifndef WINNOW_KMEANS_H
#define WINNOW_KMEANS_H

#include <stddef.h>
#include <stdint.h>

struct kmeans_opts {
	size_t k;		/* centres wanted */
	int max_iter;		/* Lloyd iterations after seeding; <= 0: 20 */
	size_t max_train;	/* fit on at most this many rows; 0: all */
	uint64_t seed;
	int n_threads;		/* <= 0: 1 */
};

/* Fit centres to x (n rows). OUT: *k_out, the centres made: k, or fewer when there are
 * fewer distinct nonzero rows (0 when every row is zero). Returns k_out * DENSE_D floats,
 * unit rows, the caller's to free (NULL when k_out is 0). */
float *
kmeans_fit(const float *x, size_t n, const struct kmeans_opts *o, size_t *k_out);

/* The most similar of the k centres c for every row of x, on n_threads threads.
 * OUT: assign[n] (-1 for a zero row or when k is 0), sim[n] (may be NULL): the cosine
 * with that centre (0 for -1). */
void
kmeans_assign(const float *c, size_t k, const float *x, size_t n, int n_threads,
	      int32_t *assign, float *sim);

#endif
