/*
 * fuzz.h - what the harnesses share: stating a property, comparing
 * queries, rendering into memory with the width checked.
 */
#ifndef FUZZ_H
#define FUZZ_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/internal.h"

/* A property that does not hold: say which, then abort for libFuzzer. */
static inline void
fuzz_fail(const char *what, const char *file, int line)
{
	fprintf(stderr, "%s:%d: property violated: %s\n", file, line, what);
	abort();
}
#define check(e) ((e) ? (void)0 : fuzz_fail(#e, __FILE__, __LINE__))

/* Field by field: struct padding is not compared. */
static inline int
same_query(const struct sc_query *a, const struct sc_query *b)
{
	return a->kind == b->kind && a->basic == b->basic &&
	    a->enh.cls == b->enh.cls && a->enh.subject == b->enh.subject &&
	    a->enh.detail == b->enh.detail &&
	    a->pattern.enh == b->pattern.enh &&
	    a->pattern.d[0] == b->pattern.d[0] &&
	    a->pattern.d[1] == b->pattern.d[1] &&
	    a->pattern.d[2] == b->pattern.d[2] && a->text == b->text &&
	    a->textlen == b->textlen && a->multiline == b->multiline;
}

/* Render a (or a vs b) into memory; no line wider than o->width. */
static inline int
render(const struct sc_query *a, const struct sc_query *b,
    const struct sc_render_opts *o)
{
	char *buf = NULL, *p, *end, *nl;
	size_t len = 0;
	FILE *f;
	int r;

	if ((f = open_memstream(&buf, &len)) == NULL)
		abort();
	r = b ? sc_render_compare(f, a, b, o) : sc_render_query(f, a, o);
	check(fflush(f) == 0 && !ferror(f));
	fclose(f);
	for (p = buf, end = buf + len; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		if (sc_width(p, (size_t)(nl - p)) > (size_t)o->width) {
			fprintf(stderr, "rendered line of %zu columns, wider "
			    "than %d: %.*s\n", sc_width(p, (size_t)(nl - p)),
			    o->width, (int)(nl - p), p);
			check(!"a rendered line is wider than the width");
		}
	}
	check(len == 0 || buf[len - 1] == '\n');
	free(buf);
	return r;
}

#endif
