/* test_main.c: the unit test runner. Tests register themselves with TEST(); this runs
 * them (or those whose name contains argv[1]) and prints "N passed, N failed". */
#include "check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/xalloc.h"

#define MAX_TESTS 1024

static struct test {
	const char *name;
	const char *file;
	void (*fn)(void);
} tests[MAX_TESTS];
static int n_tests;
static int current_failed;
static char tmpdir[256];

void
test_register(const char *name, void (*fn)(void), const char *file)
{
	if (n_tests < MAX_TESTS)
		tests[n_tests++] = (struct test){name, file, fn};
}

void
test_fail(const char *file, int line, const char *expr)
{
	fprintf(stderr, "    %s:%d: check failed: %s\n", file, line, expr);
	current_failed = 1;
}

const char *
test_tmpdir(void)
{
	return tmpdir;
}

char *
test_path(const char *name)
{
	return xasprintf("%s/%s", tmpdir, name);
}

int
main(int argc, char **argv)
{
	const char *filter = argc > 1 ? argv[1] : NULL;
	const char *base = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	int passed = 0, failed = 0;

	for (int i = 0; i < n_tests; i++) {
		if (filter && !strstr(tests[i].name, filter))
			continue;
		snprintf(tmpdir, sizeof(tmpdir), "%s/winnow-unit-XXXXXX", base);
		if (!mkdtemp(tmpdir)) {
			perror("mkdtemp");
			return 1;
		}
		current_failed = 0;
		tests[i].fn();
		if (current_failed) {
			fprintf(stderr, "FAIL %s (%s)\n", tests[i].name, tests[i].file);
			failed++;
		} else {
			passed++;
		}
		char *cmd = xasprintf("rm -rf '%s'", tmpdir);
		if (system(cmd) != 0)
			fprintf(stderr, "warning: could not remove %s\n", tmpdir);
		free(cmd);
	}
	printf("unit: %d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
