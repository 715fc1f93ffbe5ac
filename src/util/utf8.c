/* utf8.c: UTF-8 validation (RFC 3629) and counting. */
#include "utf8.h"

#include <string.h>

/* Length of the valid sequence at p (1..4), or 0 if invalid. */
static size_t
seq_len(const unsigned char *p, size_t left)
{
	unsigned char c = p[0];

	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF) {
		return (left >= 2 && (p[1] & 0xC0) == 0x80) ? 2 : 0;
	}
	if (c >= 0xE0 && c <= 0xEF) {
		if (left < 3 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80)
			return 0;
		if (c == 0xE0 && p[1] < 0xA0)
			return 0;	/* overlong */
		if (c == 0xED && p[1] >= 0xA0)
			return 0;	/* surrogate */
		return 3;
	}
	if (c >= 0xF0 && c <= 0xF4) {
		if (left < 4 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80 ||
		    (p[3] & 0xC0) != 0x80)
			return 0;
		if (c == 0xF0 && p[1] < 0x90)
			return 0;	/* overlong */
		if (c == 0xF4 && p[1] >= 0x90)
			return 0;	/* > U+10FFFF */
		return 4;
	}
	return 0;
}

bool
utf8_valid(const char *s, size_t n, size_t *bad_at)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	while (i < n) {
		/* Fast path: eight ASCII bytes at a time. */
		while (i + 8 <= n) {
			unsigned long long w;
			memcpy(&w, p + i, 8);
			if (w & 0x8080808080808080ULL)
				break;
			i += 8;
		}
		if (i >= n)
			break;
		size_t k = seq_len(p + i, n - i);
		if (!k) {
			if (bad_at)
				*bad_at = i;
			return false;
		}
		i += k;
	}
	return true;
}

size_t
utf8_count(const char *s, size_t n)
{
	size_t count = 0;

	for (size_t i = 0; i < n; i++)
		count += ((unsigned char)s[i] & 0xC0) != 0x80;
	return count;
}

size_t
utf8_prefix(const char *s, size_t n, size_t max_cp)
{
	size_t i = 0, cp = 0;

	while (i < n) {
		if (((unsigned char)s[i] & 0xC0) != 0x80) {
			if (cp == max_cp)
				break;
			cp++;
		}
		i++;
	}
	return i;
}
