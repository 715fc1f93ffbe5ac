/* hash.h: small hashing helpers shared by the scorers. */
#ifndef WINNOW_HASH_H
#define WINNOW_HASH_H

#include <stdint.h>

/* The murmur3 64-bit finaliser: every input bit reaches every output bit (FNV-1a alone
 * leaves the low bits, which index hash tables, weak). */
static inline uint64_t
hash_mix64(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ULL;
	x ^= x >> 33;
	return x;
}

#endif
