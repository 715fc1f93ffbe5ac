/* rng.h: the trainer's draws from the project's generator (util/rng.h: xoshiro256**
 * seeded by splitmix64), so every run is reproducible from its seed on any machine. */
#ifndef WINNOW_EVAL_RNG_H
#define WINNOW_EVAL_RNG_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>

#include "util/rng.h"

/* Uniform in [0, 1) with 53 bits. */
static inline double
rng_uniform(struct rng *r)
{
	return (double)(rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

/* Uniform integer in [0, n), n > 0, by scaling rng_uniform (the trainer's reference
 * results were made with it; rng_below in util/rng.h rejects instead). */
static inline uint64_t
rng_index(struct rng *r, uint64_t n)
{
	return (uint64_t)(rng_uniform(r) * (double)n) % n;
}

/* Standard normal (Box-Muller; one value per call, the twin is dropped for simplicity). */
static inline double
rng_normal(struct rng *r)
{
	double u1 = rng_uniform(r), u2 = rng_uniform(r);

	if (u1 < 1e-300)
		u1 = 1e-300;
	return sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2);
}

#endif
