/* progress.h: how long jobs report progress and learn they are cancelled.
 * The engine calls the callback; a front end draws it (CLI bar, TUI gauge). */
#ifndef WINNOW_PROGRESS_H
#define WINNOW_PROGRESS_H

#include <stdbool.h>
#include <stdint.h>

struct progress {
	const char *what;	/* "import", "export", ... */
	const char *item;	/* current file or NULL */
	uint64_t done;		/* units done (bytes for import) */
	uint64_t total;		/* units in all, 0 if unknown */
	uint64_t rows;		/* rows handled so far */
	double elapsed;		/* seconds since the job started */
	const char *stage;	/* NULL while counting; else a step with no count, e.g.
				 * "building the full-text index" */
	bool finished;		/* last call of the job */
};

/* Return false to cancel the job; it then stops at the next safe point and returns
 * ST_CANCELLED, having written nothing partial. */
typedef bool (*progress_fn)(void *ctx, const struct progress *p);

struct progress_sink {
	progress_fn fn;		/* may be NULL */
	void *ctx;
};

/* Seconds from a monotonic clock. */
double
progress_now(void);

#endif
