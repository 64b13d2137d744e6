/*
 * fuzz_annotate.c - sc_annotate_fd on arbitrary bytes.
 *
 * The input is written to a file (a memfd where there is one), copied
 * through sc_annotate_fd into another, and the output is checked line
 * by line against the input, each input line split after its "\n":
 * the output holds either the same bytes, or the line's content
 * (without its CRLF or LF ending) + SC_ANNOT_SEP + a gloss holding no
 * "\n" or "\r" + the line's ending.  So deleting the annotations gives
 * back the input byte for byte.  A line is annotated exactly when
 * sc_scan finds replies in its content, and its annotation is what the
 * library makes of the whole line at once (so a long line read in
 * windows is annotated as the whole line would be).  The tally counts the lines and the annotated
 * lines; a second, quiet run (--summary) writes nothing and tallies the
 * same.
 *
 * Long lines: an input starting with byte 0xff is a recipe for one,
 * so that the windows of a line longer than SC_ANNOT_IN / 2 get fuzzed
 * too:  0xff, pos (2 bytes, little-endian), n, fill, then the text;
 * the file is the text with 131072 + 1024 * n copies of the byte fill
 * (or "x" for a "\n") inserted at pos modulo its length + 1.
 */
#ifdef __linux__
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/mman.h>
#endif

#include "../src/internal.h"
#include "fuzz.h"
#include "fuzzfile.h"

#define SEP SC_ANNOT_SEP
#define SEPLEN (sizeof SC_ANNOT_SEP - 1)

static struct sc_annot annot;
static struct sc_tally tally, qtally;
static int infd = -1, outfd = -1;

static unsigned char *
get_file(int fd, size_t *n)
{
	struct stat st;
	unsigned char *p;
	size_t off = 0;
	ssize_t r;

	check(fstat(fd, &st) == 0);
	*n = (size_t)st.st_size;
	if ((p = malloc(*n ? *n : 1)) == NULL)
		abort();
	while (off < *n) {
		r = pread(fd, p + off, *n - off, (off_t)off);
		if (r < 0 && errno == EINTR)
			continue;
		check(r > 0);
		off += (size_t)r;
	}
	return p;
}

/*
 * The annotation g[0, n) of a line whose content is line[0, linelen)
 * and whose hits are hits[0, nhits): byte for byte what the library
 * makes of the whole line at once (sc_line_replies, sc_text_annotation),
 * so a line read in windows or across reads is annotated as the whole
 * line would be; and it holds no CR or LF.
 */
static void
check_gloss(const unsigned char *g, size_t n, const unsigned char *line,
    size_t linelen, const struct sc_hit *hits, size_t nhits)
{
	static struct sc_line_hit lh[SC_ANNOT_HITS];
	static struct sc_line_reply rp[SC_ANNOT_HITS];
	static char want[SC_TEXT_ANNOT_MAX(SC_ANNOT_HITS)];
	size_t i, k, t, named = nhits < SC_ANNOT_HITS ? nhits : SC_ANNOT_HITS;

	check(nhits > 0);
	for (i = 0; i < named; i++) {
		lh[i].hit = hits[i];
		t = hits[i].off + hits[i].len;
		lh[i].text = (const char *)line + t;
		lh[i].textlen = linelen - t < SC_REPLY_TEXT ? linelen - t :
		    SC_REPLY_TEXT;
	}
	k = sc_line_replies(lh, named, rp, SC_ANNOT_HITS);
	check(k > 0);
	k = sc_text_annotation(want, rp, k, nhits - named, 0, 0);
	check(k >= SEPLEN && memcmp(want, SEP, SEPLEN) == 0);
	check(n == k - SEPLEN && memcmp(g, want + SEPLEN, n) == 0);
	check(memchr(g, '\n', n) == NULL && memchr(g, '\r', n) == NULL);
}

/*
 * Walk input and output together, line by line; returns the number of
 * annotated lines, and the number of lines in *lines.  hits has room
 * for every hit of the longest line.
 */
static unsigned long long
compare(const unsigned char *in, size_t inlen, const unsigned char *out,
    size_t outlen, struct sc_hit *hits, size_t cap,
    unsigned long long *lines)
{
	const unsigned char *nl, *g;
	size_t i = 0, o = 0, linelen, clen, elen, glen, nhits;
	unsigned long long annotated = 0;

	*lines = 0;
	while (i < inlen) {
		nl = memchr(in + i, '\n', inlen - i);
		linelen = nl ? (size_t)(nl - (in + i)) + 1 : inlen - i;
		elen = 0;
		if (nl != NULL)
			elen = linelen >= 2 && in[i + linelen - 2] == '\r' ? 2 : 1;
		clen = linelen - elen;
		(*lines)++;
		nhits = sc_scan((const char *)in + i, clen, 0, 1, hits, cap);
		check(nhits < cap);
		if (nhits == 0) {
			/* unannotated: the same bytes */
			check(outlen - o >= linelen &&
			    memcmp(out + o, in + i, linelen) == 0);
			i += linelen;
			o += linelen;
			continue;
		}
		check(outlen - o >= clen + SEPLEN);
		check(memcmp(out + o, in + i, clen) == 0);
		check(memcmp(out + o + clen, SEP, SEPLEN) == 0);
		g = out + o + clen + SEPLEN;
		for (glen = 0; g + glen < out + outlen && g[glen] != '\n' &&
		    g[glen] != '\r'; glen++)
			;
		check_gloss(g, glen, in + i, clen, hits, nhits);
		o += clen + SEPLEN + glen;
		check(outlen - o >= elen &&
		    memcmp(out + o, in + i + clen, elen) == 0);
		o += elen;
		i += linelen;
		annotated++;
	}
	check(o == outlen);
	return annotated;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const unsigned char *in = data;
	unsigned char *big = NULL, *out;
	struct sc_hit *hits;
	size_t inlen = size, outlen, rest, pos, fill, cap, i;
	unsigned long long lines, annotated;
	int r;

	if (infd < 0) {
		infd = tempfd("fuzz_annotate.in");
		outfd = tempfd("fuzz_annotate.out");
	}
	if (size >= 5 && data[0] == 0xff) {
		rest = size - 5;
		pos = ((size_t)data[1] | (size_t)data[2] << 8) % (rest + 1);
		fill = 131072 + 1024 * (size_t)data[3];
		inlen = rest + fill;
		if ((big = malloc(inlen)) == NULL)
			abort();
		memcpy(big, data + 5, pos);
		memset(big + pos, data[4] == '\n' ? 'x' : data[4], fill);
		memcpy(big + pos + fill, data + 5 + pos, rest - pos);
		in = big;
	}
	put_file(infd, in, inlen);
	check(ftruncate(outfd, 0) == 0);
	check(lseek(outfd, 0, SEEK_SET) == 0);

	memset(&tally, 0, sizeof tally);
	annot.out = outfd;
	annot.quiet = 0;
	annot.olen = 0;
	annot.nseg = 0;
	annot.tally = &tally;
	r = sc_annotate_fd(&annot, infd);
	check(r == SC_OK);
	check(annot.olen == 0 && annot.nseg == 0);

	out = get_file(outfd, &outlen);
	cap = inlen / 3 + 2;
	if ((hits = malloc(cap * sizeof *hits)) == NULL)
		abort();
	annotated = compare(in, inlen, out, outlen, hits, cap, &lines);
	free(hits);
	check(tally.lines == lines);
	check(tally.annotated == annotated);
	free(out);

	/* Quiet, as --summary runs it: nothing written, the same tally. */
	check(lseek(infd, 0, SEEK_SET) == 0);
	memset(&qtally, 0, sizeof qtally);
	annot.quiet = 1;
	annot.tally = &qtally;
	r = sc_annotate_fd(&annot, infd);
	check(r == SC_OK);
	check(lseek(outfd, 0, SEEK_END) == (off_t)outlen);
	check(qtally.lines == tally.lines && qtally.annotated == tally.annotated);
	check(qtally.nother == tally.nother && qtally.dropped == tally.dropped);
	check(memcmp(qtally.basic, tally.basic, sizeof tally.basic) == 0);
	check(memcmp(qtally.enh, tally.enh, sizeof tally.enh) == 0);
	for (i = 0; i < tally.nother; i++)
		check(qtally.other[i].n == tally.other[i].n &&
		    qtally.other[i].code.cls == tally.other[i].code.cls &&
		    qtally.other[i].code.subject == tally.other[i].code.subject &&
		    qtally.other[i].code.detail == tally.other[i].code.detail);

	free(big);
	return 0;
}
