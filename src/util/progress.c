/* progress.c: monotonic clock for progress reporting. */
#include "progress.h"

#include <time.h>

double
progress_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}
