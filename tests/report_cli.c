/*
 * report_cli.c - a driver of src/report.c until main.c wires --summary to
 * it: report_cli [--json] [--lang=en|fr|es] [--width=N] [--stats] [FILE...]
 *
 * Reads the FILEs (standard input when none, or "-") with read(2) into a
 * 256 KiB buffer, feeds sc_report_lines() every run of whole lines (a
 * line longer than the buffer is fed in pieces), and prints the report:
 * text, or JSON Lines with --json.  --stats adds, on standard error, the
 * bytes read, the seconds taken, the throughput and the peak RSS.
 * Exit status: 0, 2 on a usage, read or write error.
 */
#include <sys/resource.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../src/report.h"

#define CHUNK (256 * 1024)

static char buf[CHUNK];

/* Feed one input: 0, or -1 on a read error. */
static int
feed(struct sc_report *r, int fd, unsigned long long *bytes)
{
	size_t len = 0, cut;
	ssize_t n;

	for (;;) {
		n = read(fd, buf + len, sizeof buf - len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (n == 0)
			break;
		*bytes += (unsigned long long)n;
		len += (size_t)n;
		for (cut = len; cut > 0 && buf[cut - 1] != '\n'; cut--)
			;
		if (cut == 0 && len == sizeof buf)
			cut = len;	/* a line longer than the buffer */
		if (cut > 0) {
			sc_report_lines(r, buf, cut);
			memmove(buf, buf + cut, len - cut);
			len -= cut;
		}
	}
	if (len > 0)
		sc_report_lines(r, buf, len);
	return 0;
}

static void
usage(void)
{
	fprintf(stderr, "usage: report_cli [--json] [--lang=en|fr|es] "
	    "[--width=N] [--stats] [file...]\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	struct sc_render_opts o;
	struct sc_report *r;
	struct timespec t0, t1;
	struct rusage ru;
	unsigned long long bytes = 0;
	int i, json = 0, stats = 0, fd, files = 0, rc = 0;
	char *e;
	long w;
	double s;

	memset(&o, 0, sizeof o);
	o.width = 80;
	o.lang = SC_LANG_EN;
	for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1] == '-'; i++) {
		if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		} else if (strcmp(argv[i], "--json") == 0) {
			json = 1;
		} else if (strcmp(argv[i], "--stats") == 0) {
			stats = 1;
		} else if (strncmp(argv[i], "--lang=", 7) == 0) {
			if ((o.lang = sc_lang_parse(argv[i] + 7)) < 0)
				usage();
		} else if (strncmp(argv[i], "--width=", 8) == 0) {
			errno = 0;
			w = strtol(argv[i] + 8, &e, 10);
			if (errno != 0 || e == argv[i] + 8 || *e != '\0' || w < 20 ||
			    w > 1000)
				usage();
			o.width = (int)w;
		} else {
			usage();
		}
	}
	if ((r = sc_report_new()) == NULL) {
		perror("report_cli");
		return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (; i < argc || files == 0; i++, files++) {
		if (i >= argc || strcmp(argv[i], "-") == 0) {
			fd = 0;
		} else if ((fd = open(argv[i], O_RDONLY)) < 0) {
			fprintf(stderr, "report_cli: %s: %s\n", argv[i],
			    strerror(errno));
			rc = 2;
			continue;
		}
		if (feed(r, fd, &bytes) < 0) {
			fprintf(stderr, "report_cli: %s: %s\n",
			    i < argc ? argv[i] : "-", strerror(errno));
			rc = 2;
		}
		if (fd != 0)
			close(fd);
		if (i >= argc)
			break;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (json)
		sc_report_json(stdout, r);
	else
		sc_report_render(stdout, r, &o);
	sc_report_free(r);
	if (stats) {
		s = (double)(t1.tv_sec - t0.tv_sec) +
		    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
		getrusage(RUSAGE_SELF, &ru);
		fprintf(stderr, "report_cli: %llu bytes in %.3f s, %.0f MB/s, "
		    "peak RSS %ld KiB\n", bytes, s, s > 0 ? bytes / s / 1e6 : 0.0,
		    ru.ru_maxrss);
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "report_cli: stdout: %s\n", strerror(errno));
		return 2;
	}
	return rc;
}
