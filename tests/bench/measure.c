/* measure.c: run a command, report its wall time and peak RSS.
 *
 *   measure OUTFILE CMD [ARG...]
 *
 * Runs CMD with this process's stdin/stdout/stderr, waits for it, then writes one line
 * "SECONDS PEAK_MB" to OUTFILE (wall seconds from fork to reap; the child's peak resident
 * set in MB from wait4's ru_maxrss, which on Linux also covers the descendants it reaped).
 * Exits with the child's status, or 128+signal if it was killed; 127 if CMD cannot run.
 * Part of the benchmark (tests/bench/run.sh); not built into winnow. */
#define _DEFAULT_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int
main(int argc, char **argv)
{
	struct rusage ru;
	int status;
	double t0, t1;
	pid_t pid;
	FILE *out;

	if (argc < 3) {
		fprintf(stderr, "usage: measure OUTFILE CMD [ARG...]\n");
		return 2;
	}
	t0 = now();
	pid = fork();
	if (pid < 0) {
		perror("measure: fork");
		return 127;
	}
	if (pid == 0) {
		execvp(argv[2], argv + 2);
		fprintf(stderr, "measure: %s: %s\n", argv[2], strerror(errno));
		_exit(127);
	}
	while (wait4(pid, &status, 0, &ru) < 0) {
		if (errno != EINTR) {
			perror("measure: wait4");
			return 127;
		}
	}
	t1 = now();

	out = fopen(argv[1], "w");
	if (!out) {
		fprintf(stderr, "measure: %s: %s\n", argv[1], strerror(errno));
		return 127;
	}
	/* Linux reports ru_maxrss in KiB. */
	fprintf(out, "%.6f %.1f\n", t1 - t0, (double)ru.ru_maxrss / 1024.0);
	if (fclose(out) != 0) {
		perror("measure: write");
		return 127;
	}
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return 127;
}
