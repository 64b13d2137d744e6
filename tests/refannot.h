/*
 * refannot.h - the reference annotator: what `smtpcode --annotate` must
 * write, computed the simplest way there is.
 *
 * The whole input is in memory.  It is cut into lines at "\n"; a "\r"
 * right before a "\n" is not part of the line's content, any other "\r"
 * is; the last line may lack its "\n".  Each line's content is scanned
 * on its own, as one whole line (sc_scan() with eol 1), `max` hits at a
 * time until all are found.  A line with hits gets the annotation that
 * the library's sc_line_replies() and sc_text_annotation() make of its
 * first REF_NAMED hits, each with the text after it (at most
 * SC_REPLY_TEXT bytes, up to the line's end), the rest counted; it is
 * inserted before the line's ending ("\r\n", "\n" or nothing); any other
 * line is copied as it is.  No queue, no windows, no copies of text, no
 * verdict cache, no vector code.
 *
 * Shared, as static functions, by tests/refannot.c and fuzz/fuzz_long.c.
 */
#ifndef REFANNOT_H
#define REFANNOT_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/internal.h"

#define REF_SEP "\t# smtp: "	/* SC_ANNOT_SEP, as smtpcode(1) gives it */
#define REF_SEPLEN (sizeof REF_SEP - 1)
#define REF_NAMED 32		/* codes named per line (SC_ANNOT_HITS) */
#define REF_MAX 64		/* most hits asked of sc_scan() at a time */

/* A growing buffer; p is NULL until the first byte. */
struct ref_buf {
	char *p;
	size_t len, cap;
};

/* Append p[0..n) to b: 0, or -1 when out of memory. */
static int
ref_put(struct ref_buf *b, const void *p, size_t n)
{
	size_t cap;
	char *q;

	if (n == 0)
		return 0;
	if (b->cap - b->len < n) {
		cap = b->cap ? b->cap : 4096;
		while (cap - b->len < n) {
			if (cap > (size_t)-1 / 2)
				return -1;
			cap *= 2;
		}
		if ((q = realloc(b->p, cap)) == NULL)
			return -1;
		b->p = q;
		b->cap = cap;
	}
	memcpy(b->p + b->len, p, n);
	b->len += n;
	return 0;
}

/*
 * The annotation of the line content c[0..n), appended to out: 1 when
 * the line has hits, 0 when it has none (nothing appended), -1 when out
 * of memory.  max (1 to REF_MAX; anything else means REF_MAX) is how
 * many hits to ask sc_scan() for at a time.
 */
static int
ref_line(struct ref_buf *out, const char *c, size_t n, size_t max)
{
	static struct sc_line_hit lh[REF_NAMED];
	static struct sc_line_reply rp[REF_NAMED];
	static char text[SC_TEXT_ANNOT_MAX(REF_NAMED)];
	struct sc_hit h[REF_MAX];
	unsigned long long named = 0, rest = 0;
	size_t from = 0, k, i, t, nr;

	if (max < 1 || max > REF_MAX)
		max = REF_MAX;
	do {
		k = sc_scan(c, n, from, 1, h, max);
		for (i = 0; i < k; i++) {
			if (named == REF_NAMED) {
				rest++;
				continue;
			}
			lh[named].hit = h[i];
			t = h[i].off + h[i].len;
			lh[named].text = c + t;
			lh[named].textlen = n - t < SC_REPLY_TEXT ? n - t :
			    SC_REPLY_TEXT;
			named++;
		}
		if (k > 0)
			from = h[k - 1].off + h[k - 1].len;
	} while (k == max);
	if (named == 0)
		return 0;
	nr = sc_line_replies(lh, (size_t)named, rp, REF_NAMED);
	k = sc_text_annotation(text, rp, nr, rest, 0, 0);
	return ref_put(out, text, k) < 0 ? -1 : 1;
}

/*
 * The whole input in[0..n), annotated, appended to out.  Returns the
 * number of lines annotated, or -1 when out of memory.  *lines, when
 * not NULL, gets the number of lines.
 */
static long long
ref_annotate(struct ref_buf *out, const char *in, size_t n, size_t max,
    unsigned long long *lines)
{
	const char *p = in, *end, *nl;
	size_t clen, elen;
	long long annotated = 0;
	unsigned long long nlines = 0;
	int r;

	if (lines != NULL)
		*lines = 0;
	if (n == 0)
		return 0;
	for (end = in + n; p < end; p += clen + elen) {
		nl = memchr(p, '\n', (size_t)(end - p));
		clen = nl ? (size_t)(nl - p) : (size_t)(end - p);
		elen = nl ? 1 : 0;
		if (nl != NULL && clen > 0 && p[clen - 1] == '\r') {
			clen--;
			elen++;
		}
		if (ref_put(out, p, clen) < 0 ||
		    (r = ref_line(out, p, clen, max)) < 0 ||
		    ref_put(out, p + clen, elen) < 0)
			return -1;
		annotated += r;
		nlines++;
	}
	if (lines != NULL)
		*lines = nlines;
	return annotated;
}

#endif
