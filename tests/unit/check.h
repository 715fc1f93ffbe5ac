/* check.h: a tiny test framework. TEST(name) { CHECK(expr); ... } registers a test; a
 * test fails if any CHECK fails (and keeps running, to show every failed check).
 * Each test gets a fresh temporary folder: test_tmpdir(), test_path("x.db"). */
#ifndef WINNOW_CHECK_H
#define WINNOW_CHECK_H

#include <string.h>

void test_register(const char *name, void (*fn)(void), const char *file);
void test_fail(const char *file, int line, const char *expr);
const char *test_tmpdir(void);
char *test_path(const char *name);	/* caller frees */

#define TEST(name) \
	static void name(void); \
	__attribute__((constructor)) static void name##_register(void) \
	{ \
		test_register(#name, name, __FILE__); \
	} \
	static void name(void)

#define CHECK(expr) \
	do { \
		if (!(expr)) \
			test_fail(__FILE__, __LINE__, #expr); \
	} while (0)

#define CHECK_STR(a, b) \
	do { \
		const char *check_a_ = (a), *check_b_ = (b); \
		if (!check_a_ || !check_b_ || strcmp(check_a_, check_b_) != 0) { \
			test_fail(__FILE__, __LINE__, #a " == " #b); \
			fprintf(stderr, "      got:      \"%s\"\n      expected: \"%s\"\n", \
				check_a_ ? check_a_ : "(null)", check_b_ ? check_b_ : "(null)"); \
		} \
	} while (0)

#endif
