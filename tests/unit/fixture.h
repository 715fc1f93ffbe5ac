/* fixture.h: small projects for the unit tests. */
#ifndef WINNOW_TEST_FIXTURE_H
#define WINNOW_TEST_FIXTURE_H

#include <stddef.h>

#include "engine.h"

/* A new project test_path(db_name) with files[0..n) imported (format detected); a
 * failed step fails the test. The caller closes it. */
struct engine *
fixture_project(const char *db_name, const char *const *files, size_t n);

#endif
