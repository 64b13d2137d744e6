/*
 * scanwin.h - a line fed to sc_scan() in windows of w bytes, as a caller
 * does with a long line (src/annotate.c streams; this keeps the line
 * whole, so tests can compare the hits with a scan of the whole line).
 * Shared by tests/test_scan.c and tests/corpus_check.c.
 */
#ifndef SCANWIN_H
#define SCANWIN_H

#include "smtpcode.h"

static inline size_t
scan_windows(const char *s, size_t len, size_t w, struct sc_hit *hits,
    size_t max)
{
	size_t start = 0, from = 0, end, n = 0, k, i;

	for (;;) {
		end = len - start > w ? start + w : len;
		k = sc_scan(s + start, end - start, from - start, end == len,
		    hits + n, max - n);
		for (i = n; i < n + k; i++)
			hits[i].off += start;
		n += k;
		if (end == len || n == max)
			return n;
		if (end - SC_SCAN_AHEAD > from)
			from = end - SC_SCAN_AHEAD;
		start = from > SC_SCAN_BACK ? from - SC_SCAN_BACK : 0;
	}
}

#endif
