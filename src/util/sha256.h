/* sha256.h: SHA-256 (FIPS 180-4), streaming. Used for file and manifest hashes, so users
 * can check them with sha256sum. */
#ifndef WINNOW_SHA256_H
#define WINNOW_SHA256_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct sha256 {
	uint32_t h[8];
	uint64_t n_bytes;
	unsigned char block[64];
	size_t fill;
};

void sha256_init(struct sha256 *s);
void sha256_update(struct sha256 *s, const void *p, size_t n);
/* OUT: hex gets 64 hex digits and a NUL. */
void sha256_final_hex(struct sha256 *s, char hex[65]);

/* Hash a whole file. stop (may be NULL) is polled between chunks; returns false if the
 * file cannot be read or stop was set. OUT: hex. */
bool sha256_file(const char *path, char hex[65], atomic_bool *stop);

#endif
