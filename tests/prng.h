/*
 * prng.h - the tests' private PRNG (splitmix64): reproducible from a
 * seed, the same on every platform.  Set prng_state, then call
 * prng_next().  One copy for tests/gendiff.c, tests/chunkfeed.c and
 * fuzz/fuzz_long.c.
 */
#ifndef SC_TESTS_PRNG_H
#define SC_TESTS_PRNG_H

#include <stdint.h>

static uint64_t prng_state;

static uint64_t
prng_next(void)
{
	uint64_t z = (prng_state += 0x9e3779b97f4a7c15u);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

#endif
