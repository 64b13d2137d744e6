/*
 * casereply.h - a reply as tests/reasons_cases.tsv writes it, "550-5.7.26
 * text", "5.1.1", "text" or "-" (nothing), into a struct sc_reply that
 * points into the line.  Shared by the tests of the classifier and the
 * rules files, and their benchmark.
 */
#ifndef CASEREPLY_H
#define CASEREPLY_H

#include <string.h>

#include "smtpcode.h"

static void
parse_reply(const char *line, struct sc_reply *r)
{
	const char *p = line, *q;
	int part[3], i, n;

	memset(r, 0, sizeof *r);
	r->basic = -1;
	r->subject = -1;
	if (strcmp(line, "-") == 0) {
		r->text = "";
		return;
	}
	if (p[0] >= '1' && p[0] <= '9' && p[1] >= '0' && p[1] <= '9' &&
	    p[2] >= '0' && p[2] <= '9' && (p[3] == ' ' || p[3] == '-' ||
	    p[3] == '\0')) {
		r->basic = (p[0] - '0') * 100 + (p[1] - '0') * 10 + (p[2] - '0');
		p += 3;
		if (*p == ' ' || *p == '-')
			p++;
	}
	/* An enhanced code: d.d{1,3}.d{1,3} then space or end. */
	q = p;
	for (i = 0; i < 3; i++) {
		for (n = 0, part[i] = 0; *q >= '0' && *q <= '9' && n < 3; q++, n++)
			part[i] = part[i] * 10 + (*q - '0');
		if (n == 0 || (i < 2 && *q != '.'))
			break;
		if (i < 2)
			q++;
	}
	if (i == 3 && (*q == ' ' || *q == '\0') &&
	    (part[0] == 2 || part[0] == 4 || part[0] == 5)) {
		r->cls = part[0];
		r->subject = part[1];
		r->detail = part[2];
		p = q;
		while (*p == ' ')
			p++;
	}
	r->text = p;
	r->textlen = strlen(p);
}

#endif
