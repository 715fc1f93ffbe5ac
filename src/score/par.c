/* par.c: the parallel loop of par.h: pthreads and one atomic counter. */
#include "par.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>

#define PAR_MAX_THREADS 64

struct par_job {
	par_fn fn;
	void *ctx;
	size_t n, chunk;
	atomic_size_t next;
};

struct par_thread {
	struct par_job *job;
	int t;
	pthread_t tid;
	bool started;
};

static void *
par_work(void *arg)
{
	struct par_thread *th = arg;
	struct par_job *j = th->job;

	for (;;) {
		size_t from = atomic_fetch_add(&j->next, j->chunk);
		if (from >= j->n)
			break;
		j->fn(j->ctx, from, from + j->chunk < j->n ? from + j->chunk : j->n, th->t);
	}
	return NULL;
}

void
par_for(int n_threads, size_t n, size_t chunk, par_fn fn, void *ctx)
{
	struct par_job job = {.fn = fn, .ctx = ctx, .n = n};
	struct par_thread th[PAR_MAX_THREADS];

	if (n == 0)
		return;
	n_threads = n_threads < 1 ? 1 : n_threads > PAR_MAX_THREADS ? PAR_MAX_THREADS : n_threads;
	job.chunk = chunk ? chunk : n / (8 * (size_t)n_threads);
	job.chunk = job.chunk ? job.chunk : 1;
	atomic_init(&job.next, 0);
	for (int t = 0; t < n_threads; t++)
		th[t] = (struct par_thread){.job = &job, .t = t};
	for (int t = 1; t < n_threads; t++)
		th[t].started = pthread_create(&th[t].tid, NULL, par_work, &th[t]) == 0;
	par_work(&th[0]);
	for (int t = 1; t < n_threads; t++)
		if (th[t].started)
			pthread_join(th[t].tid, NULL);
}
