/* rng.h: an explicit, seeded random number generator (xoshiro256**, seeded through
 * splitmix64), so every randomised step gives the same result for the same seed on any
 * machine. No global state: each user owns its struct rng. */
#ifndef WINNOW_RNG_H
#define WINNOW_RNG_H

#include <stdint.h>

struct rng {
	uint64_t s[4];
};

/* splitmix64: one step of the seeding generator; also a good 64-bit mixer for deriving
 * many seeds from one. */
static inline uint64_t
rng_splitmix(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

void
rng_seed(struct rng *r, uint64_t seed);

uint64_t
rng_next(struct rng *r);

/* Uniform in the open interval (0, 1): never 0, never 1 (safe for log). */
double
rng_open01(struct rng *r);

/* Uniform in [0, n) without modulo bias; n > 0. */
uint64_t
rng_below(struct rng *r, uint64_t n);

#endif
