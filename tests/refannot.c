/*
 * refannot.c - the reference annotator (tests/refannot.h) as a command:
 * refannot [FILE...]  reads every FILE ("-" or none: standard input)
 * into memory, one after the other as their concatenation, and writes
 * what `smtpcode --annotate FILE...` must write.  Text mode only, no
 * colour.  Exit 0, or 2 on a read, write or memory error.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "refannot.h"

static const char *prog = "refannot";

/* All of fd, appended to b: 0, or -1 with errno set. */
static int
slurp(struct ref_buf *b, int fd)
{
	char chunk[65536];
	ssize_t r;

	for (;;) {
		r = read(fd, chunk, sizeof chunk);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0)
			return 0;
		if (ref_put(b, chunk, (size_t)r) < 0) {
			errno = ENOMEM;
			return -1;
		}
	}
}

int
main(int argc, char **argv)
{
	struct ref_buf in = { NULL, 0, 0 }, out = { NULL, 0, 0 };
	const char *name;
	int i, fd, r = 0;

	for (i = 1; i < argc || (argc == 1 && i == 1); i++) {
		name = argc > 1 ? argv[i] : "-";
		if (strcmp(name, "-") == 0) {
			fd = STDIN_FILENO;
		} else if ((fd = open(name, O_RDONLY)) < 0) {
			fprintf(stderr, "%s: %s: %s\n", prog, name, strerror(errno));
			r = 2;
			goto done;
		}
		if (slurp(&in, fd) < 0) {
			fprintf(stderr, "%s: %s: %s\n", prog, name, strerror(errno));
			r = 2;
			goto done;
		}
		if (fd != STDIN_FILENO)
			close(fd);
	}
	if (ref_annotate(&out, in.p, in.len, REF_MAX, NULL) < 0) {
		fprintf(stderr, "%s: %s\n", prog, strerror(ENOMEM));
		r = 2;
	} else if ((out.len > 0 && fwrite(out.p, 1, out.len, stdout) != out.len) ||
	    fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "%s: write error: %s\n", prog, strerror(errno));
		r = 2;
	}
done:
	free(in.p);
	free(out.p);
	return r;
}
