/*
 * classify_cli.c - the reply classifier from the shell, for
 * tests/sisimai_agree.sh and for timing.
 *
 * Reads lines "basic<TAB>status<TAB>text[<TAB>host]" on stdin (basic and
 * status may be empty) and prints "reason<TAB>hard<TAB>next<TAB>ruleid".
 * With -b N it classifies every line N times instead and prints the
 * time per reply to stderr.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../src/reason.h"

#define MAXLINES 100000

struct line {
	struct sc_reply r;
	char *buf;
};

/* "5.1.1" -> r->cls/subject/detail; subject -1 if not one. */
static void
parse_status(const char *s, size_t n, struct sc_reply *r)
{
	int part[3] = { 0, 0, 0 }, i = 0, digits = 0;
	size_t k;

	r->cls = 0;
	r->subject = r->detail = -1;
	for (k = 0; k < n; k++) {
		if (s[k] >= '0' && s[k] <= '9' && digits < 3) {
			part[i] = part[i] * 10 + (s[k] - '0');
			digits++;
		} else if (s[k] == '.' && digits > 0 && i < 2) {
			i++;
			digits = 0;
		} else
			return;
	}
	if (i != 2 || digits == 0 || (part[0] != 2 && part[0] != 4 &&
	    part[0] != 5))
		return;
	r->cls = part[0];
	r->subject = part[1];
	r->detail = part[2];
}

/* Split one input line (NUL-terminated, no newline) into r. */
static void
parse_line(char *p, struct sc_reply *r)
{
	char *f[4] = { p, NULL, NULL, NULL };
	int i;
	char *end;
	long v;

	memset(r, 0, sizeof *r);
	for (i = 1; i < 4; i++) {
		if (f[i - 1] == NULL || (f[i] = strchr(f[i - 1], '\t')) == NULL)
			break;
		*f[i]++ = '\0';
	}
	r->basic = -1;
	if (f[0][0] != '\0') {
		errno = 0;
		v = strtol(f[0], &end, 10);
		if (errno == 0 && *end == '\0' && v >= 100 && v <= 999)
			r->basic = (int)v;
	}
	parse_status(f[1] ? f[1] : "", f[1] ? strlen(f[1]) : 0, r);
	r->text = f[2];
	r->textlen = f[2] ? strlen(f[2]) : 0;
	r->host = f[3];
	r->hostlen = f[3] ? strlen(f[3]) : 0;
}

int
main(int argc, char **argv)
{
	static struct line lines[MAXLINES];
	char buf[65536];
	size_t n = 0, i, len;
	long rounds = 0, k;
	struct sc_verdict v;
	struct timespec t0, t1;
	double ns;
	char *end;

	if (argc == 3 && strcmp(argv[1], "-b") == 0) {
		rounds = strtol(argv[2], &end, 10);
		if (*end != '\0' || rounds <= 0) {
			fprintf(stderr, "usage: classify_cli [-b rounds]\n");
			return 2;
		}
	} else if (argc != 1) {
		fprintf(stderr, "usage: classify_cli [-b rounds]\n");
		return 2;
	}
	while (fgets(buf, sizeof buf, stdin) != NULL) {
		len = strlen(buf);
		while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
			buf[--len] = '\0';
		if (rounds == 0) {
			struct sc_reply r;

			parse_line(buf, &r);
			sc_classify(&r, &v);
			printf("%s\t%d\t%s\t%s\n", sc_reason_name(v.reason), v.hard,
			    sc_next_name(v.next), v.rule ? v.rule->id : "-");
			continue;
		}
		if (n == MAXLINES)
			break;
		if ((lines[n].buf = malloc(len + 1)) == NULL)
			return 2;
		memcpy(lines[n].buf, buf, len + 1);
		parse_line(lines[n].buf, &lines[n].r);
		n++;
	}
	if (rounds == 0)
		return fflush(stdout) == 0 && !ferror(stdout) ? 0 : 2;
	if (n == 0)
		return 0;
	(void)sc_rules_builtin();	/* index outside the timing */
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (k = 0; k < rounds; k++)
		for (i = 0; i < n; i++)
			sc_classify(&lines[i].r, &v);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ns = ((double)(t1.tv_sec - t0.tv_sec) * 1e9 +
	    (double)(t1.tv_nsec - t0.tv_nsec)) / ((double)rounds * (double)n);
	fprintf(stderr, "%zu replies x %ld rounds: %.0f ns per reply\n", n,
	    rounds, ns);
	return 0;
}
