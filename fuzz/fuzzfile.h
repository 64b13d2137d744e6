/*
 * fuzzfile.h - files the annotator harnesses read from and write to: in
 * memory where the system has memfd_create(2), else unlinked temporary
 * files.  The harness defines _GNU_SOURCE (Linux) and includes fuzz.h
 * first.
 */
#ifndef FUZZFILE_H
#define FUZZFILE_H

#include <errno.h>
#include <stdlib.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/mman.h>
#endif

/* A new empty file, named name where that shows (memfd). */
static int
tempfd(const char *name)
{
	char path[] = "/tmp/fuzz_file.XXXXXX";
	int fd;

#ifdef __linux__
	if ((fd = memfd_create(name, 0)) >= 0)
		return fd;
#endif
	(void)name;
	if ((fd = mkstemp(path)) < 0)
		abort();
	unlink(path);
	return fd;
}

/* fd holds p[0..n) and nothing else, read from its start. */
static void
put_file(int fd, const unsigned char *p, size_t n)
{
	ssize_t w;
	size_t off = 0;

	check(ftruncate(fd, 0) == 0);
	while (off < n) {
		w = pwrite(fd, p + off, n - off, (off_t)off);
		if (w < 0 && errno == EINTR)
			continue;
		check(w > 0);
		off += (size_t)w;
	}
	check(lseek(fd, 0, SEEK_SET) == 0);
}

#endif
