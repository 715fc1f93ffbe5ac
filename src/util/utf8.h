/* utf8.h: UTF-8 validation and counting. Pure functions, no allocation. */
#ifndef WINNOW_UTF8_H
#define WINNOW_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/* True if s[0..n) is well-formed UTF-8 (no overlongs, no surrogates, <= U+10FFFF).
 * OUT: *bad_at, if not NULL and the text is invalid, gets the offset of the first bad byte. */
bool
utf8_valid(const char *s, size_t n, size_t *bad_at);

/* Number of code points in valid UTF-8 text. */
size_t
utf8_count(const char *s, size_t n);

/* Length of the longest prefix of s[0..n) that is at most max_cp code points and does not
 * split a character. */
size_t
utf8_prefix(const char *s, size_t n, size_t max_cp);

#endif
