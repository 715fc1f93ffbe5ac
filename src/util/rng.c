/* rng.c: xoshiro256** (Blackman and Vigna), seeded with splitmix64 (see rng.h). */
#include "rng.h"

void
rng_seed(struct rng *r, uint64_t seed)
{
	for (int i = 0; i < 4; i++)
		r->s[i] = rng_splitmix(&seed);
}

static uint64_t
rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

uint64_t
rng_next(struct rng *r)
{
	uint64_t *s = r->s, out = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return out;
}

double
rng_open01(struct rng *r)
{
	/* 53 random bits, shifted by half a step: (k + 0.5) / 2^53 */
	return ((double)(rng_next(r) >> 11) + 0.5) * (1.0 / 9007199254740992.0);
}

uint64_t
rng_below(struct rng *r, uint64_t n)
{
	uint64_t limit = -n % n, x;	/* 2^64 mod n: values below it are rejected */

	do
		x = rng_next(r);
	while (x < limit);
	return x % n;
}
