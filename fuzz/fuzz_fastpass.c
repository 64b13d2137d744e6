/*
 * fuzz_fastpass.c - the scanner's fast pass never hides a hit.
 *
 * Input: one control byte, then a buffer of lines.
 *   byte 0   room: how many hits sc_scan_lines() is asked for at a time,
 *            1 + byte % 64
 *
 * This file includes src/scan.c built with SC_SCAN_EVERY 1 (no fast
 * pass: every position goes to the rules) under other names, and links
 * the library's own scan.c (the fast pass, with the widest vector code
 * the processor has).  Properties: sc_scan_lines() gives the same hits as
 * the scan with no fast pass, whatever the room; and so does sc_scan()
 * on each line (a line ends at "\n", a "\r" before it is not in it).
 */
#define SC_SCAN_EVERY 1
#define sc_scan sc_scan_every
#define sc_scan_lines sc_scan_every_lines
#define sc_count_newlines sc_scan_every_newlines
#include "../src/scan.c"
#undef sc_scan
#undef sc_scan_lines

#include <stdint.h>
#include <stdlib.h>

#include "fuzz.h"

size_t sc_scan(const char *, size_t, size_t, int, struct sc_hit *, size_t);
size_t sc_scan_lines(const char *, size_t, size_t *, struct sc_hit *,
    size_t);

#define MAXH	4096

static struct sc_hit want[MAXH], got[MAXH];

static int
same(const struct sc_hit *a, const struct sc_hit *b)
{
	return a->off == b->off && a->len == b->len && a->end == b->end &&
	    a->kind == b->kind && a->basic == b->basic &&
	    a->enh.cls == b->enh.cls && a->enh.subject == b->enh.subject &&
	    a->enh.detail == b->enh.detail;
}

/* Every hit, room at a time; 0 when there are more than MAXH. */
static size_t
all(size_t (*f)(const char *, size_t, size_t *, struct sc_hit *, size_t),
    const char *buf, size_t len, size_t room, struct sc_hit *h, int *over)
{
	size_t from = 0, n = 0, k;

	do {
		if (n + room > MAXH) {
			*over = 1;
			return n;
		}
		k = f(buf, len, &from, h + n, room);
		check(k <= room);
		n += k;
	} while (k == room);
	check(from == len);
	return n;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t room, len, nw, ng, i, s, e, ce, k, at;
	char *buf;
	int over = 0;

	if (size < 1)
		return 0;
	room = 1 + data[0] % 64;
	len = size - 1;
	if ((buf = malloc(len ? len : 1)) == NULL)
		abort();
	memcpy(buf, data + 1, len);

	nw = all(sc_scan_every_lines, buf, len, MAXH / 2, want, &over);
	ng = all(sc_scan_lines, buf, len, room, got, &over);
	if (!over) {
		check(nw == ng);
		for (i = 0; i < nw; i++)
			check(same(&want[i], &got[i]));
	}

	/* line by line */
	for (s = 0, i = 0; s < len && !over; s = e + 1) {
		for (e = s; e < len && buf[e] != '\n'; e++)
			;
		ce = e < len && e > s && buf[e - 1] == '\r' ? e - 1 : e;
		ng = sc_scan(buf + s, ce - s, 0, 1, got, MAXH);
		check(ng < MAXH);
		for (k = 0; k < ng; k++, i++) {
			at = got[k].off + s;
			check(i < nw && want[i].off == at &&
			    want[i].len == got[k].len && want[i].end == e);
		}
	}
	if (!over)
		check(i == nw);
	free(buf);
	return 0;
}
