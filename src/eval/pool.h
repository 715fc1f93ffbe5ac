/* pool.h: a tiny fixed pool of worker threads for the trainer's data-parallel loops.
 * pool_for splits [0, n) into contiguous chunks that the threads take in turn (the
 * caller is thread 0) and returns when every chunk is done. Owns its threads; knows nothing of the model.
 * Which thread runs which chunk varies from run to run. Determinism is the caller's job:
 * each index must be computed the same way whatever chunk it lands in, so results depend
 * neither on the number of threads nor on the timing. */
#ifndef WINNOW_EVAL_POOL_H
#define WINNOW_EVAL_POOL_H

#include <stddef.h>

struct pool;

/* fn handles indices [lo, hi) on thread tid (0 <= tid < the pool's thread count). */
typedef void (*pool_fn)(void *ctx, size_t lo, size_t hi, int tid);

/* n_threads <= 0: one per online core (capped at 64). Never fails (dies on OOM); if a
 * thread cannot be started the pool runs with fewer. */
struct pool *
pool_new(int n_threads);

void
pool_free(struct pool *p);

/* Run fn over [0, n). With one thread, or n < 2, it runs inline. */
void
pool_for(struct pool *p, size_t n, pool_fn fn, void *ctx);

/* The number of online cores (at least 1). */
int
pool_cores(void);

#endif
