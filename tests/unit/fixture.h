/* fixture.h: small projects for the unit tests. */
#ifndef WINNOW_TEST_FIXTURE_H
#define WINNOW_TEST_FIXTURE_H

#include <stddef.h>
#include <stdint.h>

#include "engine.h"

/* A new project test_path(db_name) with files[0..n) imported (format detected); a
 * failed step fails the test. The caller closes it. */
struct engine *
fixture_project(const char *db_name, const char *const *files, size_t n);

/* The first column of the first row of sql (?1 = arg) in the project file db, read
 * through its own read-only connection; NAN when there is no row or it is NULL. */
double
fixture_col(const char *db, const char *sql, int64_t arg);

#endif
