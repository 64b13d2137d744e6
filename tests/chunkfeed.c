/*
 * chunkfeed.c - copy input to output in writes of random sizes, so that
 * a reader at the other end of a pipe gets reads of every size:
 *
 *   chunkfeed [-s SEED] [-m MAX] [-p PAUSE] [FILE...]
 *
 * copies the FILEs ("-" or none: standard input), one after the other,
 * to standard output in write(2)s of 1 to MAX bytes (default 1 MiB, at
 * most 16 MiB): sizes spread evenly over their orders of magnitude, with
 * runs of tiny writes.  After one write in PAUSE (default 16; 0: never)
 * it sleeps a millisecond, so that the reader drains the pipe and its
 * read ends where the write did.  The same SEED gives the same writes.
 * Exit 0, or 2 on an error.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "prng.h"

static const char *prog = "chunkfeed";

static void
usage(void)
{
	fprintf(stderr, "usage: chunkfeed [-s seed] [-m max] [-p pause] [file...]\n");
	exit(2);
}

static unsigned long long
number(const char *s)
{
	unsigned long long v;
	char *end;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (*s < '0' || *s > '9' || *end != '\0' || errno != 0)
		usage();
	return v;
}

static void
die(const char *what)
{
	fprintf(stderr, "%s: %s: %s\n", prog, what, strerror(errno));
	exit(2);
}

static void
put(const char *p, size_t n)
{
	ssize_t w;

	while (n > 0) {
		w = write(STDOUT_FILENO, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			die("write error");
		p += w;
		n -= (size_t)w;
	}
}

static size_t max = 1 << 20, tiny;
static unsigned long long pause_every = 16;
static char *buf;
static size_t have;

/* The size of the next write. */
static size_t
size(void)
{
	unsigned bits = 0;
	size_t k;

	if (tiny > 0) {
		tiny--;
		k = 1 + (size_t)(prng_next() % 16);
	} else {
		if (prng_next() % 64 == 0)
			tiny = 1 + (size_t)(prng_next() % 200);
		while (((size_t)1 << bits) < max)
			bits++;
		k = (size_t)1 << (prng_next() % (bits + 1));
		k = 1 + (size_t)(prng_next() % k);
	}
	return k < max ? k : max;
}

static void
chunk(size_t k)
{
	static const struct timespec ms = { 0, 1000000 };

	put(buf, k);
	memmove(buf, buf + k, have - k);
	have -= k;
	if (pause_every > 0 && prng_next() % pause_every == 0)
		nanosleep(&ms, NULL);
}

/* Copy fd through, keeping what is short of the next write. */
static void
feed(int fd, const char *name)
{
	static size_t want;
	ssize_t r;

	for (;;) {
		if (want == 0)
			want = size();
		while (have >= want) {
			chunk(want);
			want = size();
		}
		r = read(fd, buf + have, max - have);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			die(name);
		if (r == 0)
			return;
		have += (size_t)r;
	}
}

int
main(int argc, char **argv)
{
	unsigned long long seed = 1;
	const char *name;
	int c, i, fd;

	while ((c = getopt(argc, argv, "s:m:p:")) != -1) {
		switch (c) {
		case 's':
			seed = number(optarg);
			break;
		case 'm':
			max = (size_t)number(optarg);
			if (max < 1 || max > (size_t)16 << 20)
				usage();
			break;
		case 'p':
			pause_every = number(optarg);
			break;
		default:
			usage();
		}
	}
	prng_state = seed * 0x2545f4914f6cdd1du + 3;
	if ((buf = malloc(max)) == NULL)
		die("malloc");
	for (i = optind; i < argc || (i == argc && optind == argc); i++) {
		name = i < argc ? argv[i] : "-";
		if (strcmp(name, "-") == 0)
			fd = STDIN_FILENO;
		else if ((fd = open(name, O_RDONLY)) < 0)
			die(name);
		feed(fd, name);
		if (fd != STDIN_FILENO)
			close(fd);
		if (i == argc)
			break;
	}
	if (have > 0)
		chunk(have);
	return 0;
}
