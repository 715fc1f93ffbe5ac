/* par.h: a parallel loop for the corpus steps (vectors, kNN, k-means, DSIR). Items are
 * handed out in chunks from a shared counter, so uneven work (long texts, big IVF
 * lists) spreads over the threads. Which thread runs a chunk varies from run to run;
 * callers keep results independent of that (each item writes its own slot, and
 * anything summed over items is summed afterwards in item order). */
#ifndef WINNOW_PAR_H
#define WINNOW_PAR_H

#include <stddef.h>

/* Work on items [from, to) as thread number t (0 .. n_threads - 1), e.g. to pick that
 * thread's scratch. */
typedef void (*par_fn)(void *ctx, size_t from, size_t to, int t);

/* Run fn over [0, n) in chunks of `chunk` items (0: n / (8 * n_threads), at least 1) on
 * n_threads threads, the calling one included; returns when all are done. A thread
 * that cannot be started leaves its share to the others. */
void
par_for(int n_threads, size_t n, size_t chunk, par_fn fn, void *ctx);

#endif
