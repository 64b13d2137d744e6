/*
 * fuzz_scan.c - sc_scan on arbitrary bytes.
 *
 * Input: four control bytes, then the buffer scanned.
 *   byte 0   bit 0: eol; bits 1-7: max - 1 (max is 1-128)
 *   byte 1-2 from, little-endian, modulo len + 2 (so from may pass len)
 *   byte 3   window step for the windowed check, 1 + 4 * byte
 *
 * Properties: count <= max; hits in order, not overlapping, starting at
 * or after from and inside the buffer (and, when eol is 0, not within
 * SC_SCAN_AHEAD of the end); each hit's bytes spell the code it
 * reports; basic codes are RFC 5321 4.2 reply codes (first digit 2-5,
 * second 0-5), enhanced codes of class 2, 4 or 5.  A larger max gives
 * the same first hits.  And, as scan.c promises, the line scanned in
 * windows the way annotate.c does (eol 0, keeping SC_SCAN_BACK bytes
 * before from) gives the same hits as the whole line at once.
 *
 * The buffer is copied to an allocation of its exact size, so a read
 * before or after it is caught by AddressSanitizer.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "smtpcode.h"
#include "fuzz.h"

static int
same_hit(const struct sc_hit *a, const struct sc_hit *b)
{
	if (a->off != b->off || a->len != b->len || a->kind != b->kind)
		return 0;
	if (a->kind == SC_HIT_BASIC)
		return a->basic == b->basic;
	return a->enh.cls == b->enh.cls && a->enh.subject == b->enh.subject &&
	    a->enh.detail == b->enh.detail;
}

static void
check_hits(const unsigned char *buf, size_t len, size_t from, int eol,
    const struct sc_hit *h, size_t n, size_t max)
{
	char text[64];
	size_t i;
	int k;

	check(n <= max);
	for (i = 0; i < n; i++, h++) {
		check(h->off >= from);
		check(h->len > 0 && h->len <= len && h->off <= len - h->len);
		if (!eol)
			check(len > SC_SCAN_AHEAD && h->off < len - SC_SCAN_AHEAD);
		if (i > 0)
			check(h->off >= h[-1].off + h[-1].len);
		if (h->kind == SC_HIT_BASIC) {
			check(h->len == 3);
			check(buf[h->off] >= '2' && buf[h->off] <= '5');
			check(buf[h->off + 1] >= '0' && buf[h->off + 1] <= '5');
			check(buf[h->off + 2] >= '0' && buf[h->off + 2] <= '9');
			check((buf[h->off] - '0') * 100 +
			    (buf[h->off + 1] - '0') * 10 +
			    (buf[h->off + 2] - '0') == h->basic);
			check(sc_basic_wellformed(h->basic));
		} else {
			check(h->kind == SC_HIT_ENH);
			check(h->enh.cls == 2 || h->enh.cls == 4 || h->enh.cls == 5);
			check(h->enh.subject >= 0 && h->enh.subject <= 999);
			check(h->enh.detail >= 0 && h->enh.detail <= 999);
			k = snprintf(text, sizeof text, "%d.%d.%d", h->enh.cls,
			    h->enh.subject, h->enh.detail);
			check(k > 0 && (size_t)k == h->len &&
			    memcmp(text, buf + h->off, h->len) == 0);
		}
		k = sc_hit_code(h, text, sizeof text);
		check(k > 0 && (size_t)k == h->len);
		check(sc_hit_meaning(h) != NULL);
	}
}

/*
 * The line fed in windows, as sc_annotate_fd feeds a long one: data
 * arrives `step` bytes at a time; each time, the window is scanned with
 * eol 0, `from` moves to SC_SCAN_AHEAD before its end, and the buffer
 * keeps SC_SCAN_BACK bytes before from.  The last window has eol 1.
 */
static size_t
windowed(const unsigned char *line, size_t len, size_t step,
    struct sc_hit *out, size_t cap)
{
	size_t base = 0, avail = 0, from = 0, n = 0, k, i;

	for (;;) {
		avail = len - avail > step ? avail + step : len;
		if (avail == len)
			break;
		k = sc_scan((const char *)line + base, avail - base, from - base,
		    0, out + n, cap - n);
		for (i = n; i < n + k; i++)
			out[i].off += base;
		n += k;
		if (avail > SC_SCAN_AHEAD && avail - SC_SCAN_AHEAD > from)
			from = avail - SC_SCAN_AHEAD;
		if (from >= SC_SCAN_BACK && from - SC_SCAN_BACK > base)
			base = from - SC_SCAN_BACK;
	}
	k = sc_scan((const char *)line + base, len - base, from - base, 1,
	    out + n, cap - n);
	for (i = n; i < n + k; i++)
		out[i].off += base;
	return n + k;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char *buf;
	struct sc_hit *hits, *all, *win;
	size_t len, from, max, step, cap, n, n2, nw, i;
	int eol;

	if (size < 4)
		return 0;
	eol = data[0] & 1;
	max = 1 + (data[0] >> 1);
	len = size - 4;
	from = ((size_t)data[1] | (size_t)data[2] << 8) % (len + 2);
	step = 1 + 4 * (size_t)data[3];
	if ((buf = malloc(len ? len : 1)) == NULL)
		abort();
	memcpy(buf, data + 4, len);
	cap = len + 1;
	hits = malloc(max * sizeof *hits);
	all = malloc(cap * sizeof *all);
	win = malloc(cap * sizeof *win);
	if (hits == NULL || all == NULL || win == NULL)
		abort();

	n = sc_scan((const char *)buf, len, from, eol, hits, max);
	check_hits(buf, len, from, eol, hits, n, max);

	/* With room for every hit, the first n are the same. */
	n2 = sc_scan((const char *)buf, len, from, eol, all, cap);
	check_hits(buf, len, from, eol, all, n2, cap);
	check(n2 >= n && (n == max || n2 == n));
	for (i = 0; i < n; i++)
		check(same_hit(&hits[i], &all[i]));

	/* Whole line against windows. */
	n2 = sc_scan((const char *)buf, len, 0, 1, all, cap);
	check_hits(buf, len, 0, 1, all, n2, cap);
	nw = windowed(buf, len, step, win, cap);
	check_hits(buf, len, 0, 1, win, nw, cap);
	check(nw == n2);
	for (i = 0; i < n2; i++)
		check(same_hit(&all[i], &win[i]));

	free(win);
	free(all);
	free(hits);
	free(buf);
	return 0;
}
