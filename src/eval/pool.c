/* pool.c: see pool.h. Workers sleep on a condition variable between jobs; a job is a
 * generation number plus (fn, ctx, n). The items are handed out in chunks from an atomic
 * counter, so a thread that the scheduler holds back (on a machine shared with other
 * work) delays the job by one chunk, not by a whole share of it. */
#include "pool.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <unistd.h>

#include "util/xalloc.h"

#define POOL_MAX 64

struct pool {
	int n;			/* threads including the caller */
	pthread_t tid[POOL_MAX];
	pthread_mutex_t mu;
	pthread_cond_t go, done;
	unsigned long gen;	/* bumped for each job */
	int pending;		/* workers still running the current job */
	bool quit;
	pool_fn fn;
	void *ctx;
	size_t n_items, grain;
	atomic_size_t next;	/* the first item not yet handed out */
};

struct worker_arg {
	struct pool *p;
	int id;
};

static void
run_range(struct pool *p, int id)
{
	for (;;) {
		size_t lo = atomic_fetch_add(&p->next, p->grain);
		if (lo >= p->n_items)
			break;
		p->fn(p->ctx, lo, lo + p->grain < p->n_items ? lo + p->grain : p->n_items, id);
	}
}

static void *
worker(void *arg)
{
	struct worker_arg wa = *(struct worker_arg *)arg;
	struct pool *p = wa.p;
	unsigned long seen = 0;

	free(arg);
	pthread_mutex_lock(&p->mu);
	for (;;) {
		while (!p->quit && p->gen == seen)
			pthread_cond_wait(&p->go, &p->mu);
		if (p->quit)
			break;
		seen = p->gen;
		pthread_mutex_unlock(&p->mu);
		run_range(p, wa.id);
		pthread_mutex_lock(&p->mu);
		if (--p->pending == 0)
			pthread_cond_signal(&p->done);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

int
pool_cores(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : (n > POOL_MAX ? POOL_MAX : (int)n);
}

struct pool *
pool_new(int n_threads)
{
	struct pool *p = xcalloc(1, sizeof(*p));

	if (n_threads <= 0)
		n_threads = pool_cores();
	if (n_threads > POOL_MAX)
		n_threads = POOL_MAX;
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->go, NULL);
	pthread_cond_init(&p->done, NULL);
	p->n = 1;
	for (int i = 1; i < n_threads; i++) {
		struct worker_arg *wa = xmalloc(sizeof(*wa));
		*wa = (struct worker_arg){p, i};
		if (pthread_create(&p->tid[i], NULL, worker, wa) != 0) {
			free(wa);
			break;
		}
		p->n++;
	}
	return p;
}

void
pool_free(struct pool *p)
{
	if (!p)
		return;
	pthread_mutex_lock(&p->mu);
	p->quit = true;
	pthread_cond_broadcast(&p->go);
	pthread_mutex_unlock(&p->mu);
	for (int i = 1; i < p->n; i++)
		pthread_join(p->tid[i], NULL);
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->go);
	pthread_cond_destroy(&p->done);
	free(p);
}

void
pool_for(struct pool *p, size_t n, pool_fn fn, void *ctx)
{
	if (p->n == 1 || n < 2) {
		if (n)
			fn(ctx, 0, n, 0);
		return;
	}
	pthread_mutex_lock(&p->mu);
	p->fn = fn;
	p->ctx = ctx;
	p->n_items = n;
	p->grain = n / ((size_t)p->n * 8);	/* about eight chunks a thread */
	p->grain = p->grain ? p->grain : 1;
	atomic_store(&p->next, 0);
	p->pending = p->n - 1;
	p->gen++;
	pthread_cond_broadcast(&p->go);
	pthread_mutex_unlock(&p->mu);
	run_range(p, 0);
	pthread_mutex_lock(&p->mu);
	while (p->pending > 0)
		pthread_cond_wait(&p->done, &p->mu);
	pthread_mutex_unlock(&p->mu);
}
