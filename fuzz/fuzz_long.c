/*
 * fuzz_long.c - the annotator on long inputs built from short fuzz data,
 * against the reference annotator (tests/refannot.h), byte for byte.
 *
 * The fuzz data is a recipe: 4 header bytes, then operations that build
 * an input of up to MAXIN bytes, so that a few bytes reach the states
 * that need a lot of input: bursts of thousands of annotated lines (a
 * full output buffer and segment list), lines of several windows, a
 * reply at a window or read boundary, a line cut between reads.
 *
 *   byte 0   hits the reference asks sc_scan() for at a time, 1 + b % 64
 *   byte 1   how the input is read:  b % 4 = 0  one file only;
 *            1  chunks of random sizes up to 2^(byte 2 % 21) bytes;
 *            2  chunks of 1 + (byte 2 | byte 3 << 8) * 8 bytes;
 *            3  chunks cut at the marks below, shifted by byte 2 - 128
 *   byte 2-3 the chunk parameter, and the seed of the random sizes
 *
 * then, until the data ends, an operation byte o and its operands:
 *   o % 8 = 0  text: n (1 byte), n bytes
 *           1  repeat: count (2 bytes, little-endian) + 1, n (1 byte),
 *              n bytes: the bytes count times (bursts)
 *           2  fill: byte c, n (2 bytes): 16 * n + o / 8 copies of c
 *              (a "\n" becomes "x": one long line)
 *           3  pad: m, d: "x" up to MARK[m % NMARK] + (d - 128) bytes
 *              from the start of the input (o & 8) or of the line
 *           4  fragment: i: the reply FRAG[i % NFRAG]
 *           5  ending: i: "\n", "\r\n", "\r", "\r\r\n" (i % 4)
 *           6  far reply: D, k: a reply code whose reply position only
 *              a phrase 240 + D % 24 bytes before it says, then a status
 *              code of the same class or another (k)
 *           7  again: count (1 byte) + 1 copies of the line so far
 *              with its ending "\n" (a burst of the line just written)
 *
 * Every input is annotated twice by the real annotator, output into a
 * memfd: read from one file, and read in chunks (byte 1), each chunk
 * an input of its own (sc_annot_read) through a pipe (chunks up to 64
 * KiB) or a file, so that reads end where the chunks do, as from a
 * pipe fed in those writes.  Both outputs must be the reference's.
 */
#ifdef __linux__
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/mman.h>

#include "../tests/prng.h"
#endif

#include "../src/internal.h"	/* struct sc_annot */
#include "../tests/refannot.h"

/* A property that does not hold: say which, then abort for libFuzzer. */
static void
fail(const char *what, int line)
{
	fprintf(stderr, "fuzz_long.c:%d: property violated: %s\n", line, what);
	abort();
}
#define check(e) ((e) ? (void)0 : fail(#e, __LINE__))
#include "fuzzfile.h"

#define MAXIN	((size_t)1536 * 1024)	/* bytes of input at most */
#define MAXCHUNKS 1024		/* reads cut at most; the rest in one */

static const size_t marks[] = {
	4096, 65536 - 320, 65536 - 64, 65536, 131072 - 64, 131072,
	131072 + 64, 196608, 261824, 262080, 262144, 262144 + 256, 523648,
	523904, 524288, 785472, 785728, 1048576
};
#define NMARK (sizeof marks / sizeof *marks)

static const char *const frags[] = {
	"said: 550 5.1.1 ", "said: 450 5.7.2 ", "said: 421 4.7.0 y",
	"dsn=5.1.1", "Status: 5.7.26", "<<< 554 5.7.1 ", "reject=550 5.7.1 ",
	"stat=Deferred: 421 4.7.0 x", "550-5.7.1 ", "\\n550 ",
	"Diagnostic-Code: smtp; 550 5.1.1 ", "status=sent (250 2.0.0 Ok)",
	"returned '550 5.1.10 RESOLVER.ADR.RecipientNotFound'",
	"#5.0.0 smtp;", "C=\"250 OK\"", "\t# smtp: ", "10.5.1.1", "port 550",
	"[421]", " 550 ", "550 5.1.1", "5.1.1", "h[192.0.2.1]: 530 ",
	"S: 250 ", "qmail-smtpd: 421 ", "said: 571 5.7.1 ", "said: 599 ",
	"said: 550 5.12.345 ", "said: 550 5.01.1 ", "2.11.0-rc1", "v5.1.1",
	"size=5521", "\r", "\0", "\377\376", "said: 550 4.4.7 Q"
};
#define NFRAG (sizeof frags / sizeof *frags)

static const char *const pairs[] = {
	"450 5.7.2", "550 5.1.1", "421 4.7.0", "550 4.4.7", "250 2.0.0",
	"450-5.7.2", "554 #5.7.1", "452 4.2.2"
};

static struct sc_annot annot;
static int infd = -1, outfd = -1, chunkfd = -1;
static unsigned char *in, *out;
static size_t outcap;
static struct ref_buf want;

/* The output file: its bytes into out, its length. */
static size_t
get_output(void)
{
	struct stat st;
	size_t off = 0, n;
	ssize_t r;

	check(fstat(outfd, &st) == 0);
	n = (size_t)st.st_size;
	if (n > outcap) {
		free(out);
		if ((out = malloc(n)) == NULL)
			abort();
		outcap = n;
	}
	while (off < n) {
		r = pread(outfd, out + off, n - off, (off_t)off);
		if (r < 0 && errno == EINTR)
			continue;
		check(r > 0);
		off += (size_t)r;
	}
	return n;
}

/* --- building the input --- */

struct build {
	const uint8_t *d;	/* the recipe, what is left of it */
	size_t n;
	size_t len;		/* of the input so far */
	size_t line;		/* where its last line starts */
};

static int
byte(struct build *b)
{
	if (b->n == 0)
		return -1;
	b->n--;
	return *b->d++;
}

static size_t
word(struct build *b)
{
	int lo = byte(b), hi = byte(b);

	return (size_t)(lo < 0 ? 0 : lo) | (size_t)(hi < 0 ? 0 : hi) << 8;
}

static void
add(struct build *b, const void *p, size_t n)
{
	const unsigned char *s = p;
	size_t i;

	if (n > MAXIN - b->len)
		n = MAXIN - b->len;
	memmove(in + b->len, s, n);
	for (i = n; i > 0; i--)
		if (s[i - 1] == '\n') {
			b->line = b->len + i;
			break;
		}
	b->len += n;
}

static void
fill(struct build *b, int c, size_t n)
{
	if (n > MAXIN - b->len)
		n = MAXIN - b->len;
	memset(in + b->len, c == '\n' ? 'x' : c, n);
	b->len += n;
}

static void
build(struct build *b)
{
	unsigned char tmp[600];
	size_t n, k, count, at, i;
	int o, c;

	while (b->len < MAXIN && (o = byte(b)) >= 0) {
		switch (o % 8) {
		case 0:
			n = (size_t)(byte(b) & 0xff);
			n = n < b->n ? n : b->n;
			add(b, b->d, n);
			b->d += n;
			b->n -= n;
			break;
		case 1:
			count = word(b) + 1;
			n = (size_t)(byte(b) & 0xff);
			n = n < b->n ? n : b->n;
			memcpy(tmp, b->d, n);
			b->d += n;
			b->n -= n;
			for (i = 0; i < count && n > 0 && b->len < MAXIN; i++)
				add(b, tmp, n);
			break;
		case 2:
			c = byte(b);
			fill(b, c < 0 ? 'x' : c, 16 * word(b) + (size_t)o / 8);
			break;
		case 3:
			c = byte(b);
			k = marks[(size_t)(c < 0 ? 0 : c) % NMARK];
			c = byte(b);
			k = k + (size_t)(c < 0 ? 128 : c);
			k = k >= 128 ? k - 128 : 0;
			at = o & 8 ? 0 : b->line;
			if (at + k > b->len)
				fill(b, 'x', at + k - b->len);
			break;
		case 4:
			c = byte(b);
			n = (size_t)(c < 0 ? 0 : c) % NFRAG;
			/* "\0" is one byte */
			add(b, frags[n], frags[n][0] == '\0' ? 1 : strlen(frags[n]));
			break;
		case 5:
			c = byte(b);
			n = (size_t)(c < 0 ? 0 : c) % 4;
			add(b, (const char *[]){ "\n", "\r\n", "\r", "\r\r\n" }[n],
			    (size_t[]){ 1, 2, 1, 3 }[n]);
			break;
		case 6:
			c = byte(b);
			k = 240 + (size_t)(c < 0 ? 14 : c) % 24;
			c = byte(b);
			n = (size_t)sprintf((char *)tmp,
			    "SMTP error from remote mail server after end of data ");
			memset(tmp + n, 'a', k - 2 - n);
			n = k - 2;
			tmp[n++] = ':';
			tmp[n++] = ' ';
			i = (size_t)(c < 0 ? 0 : c) % (sizeof pairs / sizeof *pairs);
			memcpy(tmp + n, pairs[i], strlen(pairs[i]));
			n += strlen(pairs[i]);
			tmp[n++] = ' ';
			add(b, tmp, n);
			break;
		default:
			count = (size_t)(byte(b) & 0xff) + 1;
			n = b->len - b->line;
			if (n == 0 || n > MAXIN / 2)
				break;
			if (b->len < MAXIN)
				in[b->len++] = '\n';
			b->line = b->len;
			for (i = 0; i < count && b->len < MAXIN; i++) {
				k = n + 1 < MAXIN - b->len ? n + 1 : MAXIN - b->len;
				memmove(in + b->len, in + b->line - n - 1, k);
				b->len += k;
			}
			b->line = b->len;
			break;
		}
	}
}

/* --- reading it --- */

/*
 * One chunk as an input of its own: through a pipe when it fits in one
 * (written without blocking), else through a file.
 */
static void
read_chunk(const unsigned char *p, size_t n)
{
	int fd[2], r;
	ssize_t w = 0;
	size_t off = 0;

	if (n <= 65536 && pipe(fd) == 0) {
		check(fcntl(fd[1], F_SETFL, O_NONBLOCK) == 0);
		while (off < n) {
			w = write(fd[1], p + off, n - off);
			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0)
				break;
			off += (size_t)w;
		}
		close(fd[1]);
		if (off == n) {
			r = sc_annot_read(&annot, fd[0]);
			close(fd[0]);
			check(r == 0);
			return;
		}
		check(w < 0 && errno == EAGAIN);	/* the pipe is full */
		close(fd[0]);
	}
	put_file(chunkfd, p, n);
	r = sc_annot_read(&annot, chunkfd);
	check(r == 0);
}

/* Where the first difference is, and around it, then abort. */
static void
differ(const char *how, const unsigned char *got, size_t gn)
{
	size_t i = 0, lo;

	while (i < gn && i < want.len && got[i] == (unsigned char)want.p[i])
		i++;
	lo = i > 80 ? i - 80 : 0;
	fprintf(stderr, "%s: output of %zu bytes, the reference's %zu, "
	    "first difference at %zu\n  got:  ", how, gn, want.len, i);
	fwrite(got + lo, 1, (gn < i + 80 ? gn : i + 80) - lo, stderr);
	fprintf(stderr, "\n  want: ");
	fwrite(want.p + lo, 1, (want.len < i + 80 ? want.len : i + 80) - lo,
	    stderr);
	fprintf(stderr, "\n");
	check(!"the annotator's output is the reference's");
}

static void
annotate(const char *how, int mode, const uint8_t *h, size_t len)
{
	size_t off = 0, k, max, nchunks = 0, mk = 0, on;
	long shift = (long)h[2] - 128;

	check(ftruncate(outfd, 0) == 0);
	check(lseek(outfd, 0, SEEK_SET) == 0);
	memset(&annot, 0, sizeof annot);
	annot.out = outfd;
	if (mode == 0) {
		put_file(infd, in, len);
		check(sc_annot_read(&annot, infd) == 0);
	}
	prng_state = (uint64_t)h[2] << 8 | h[3];
	max = (size_t)1 << (h[2] % 21);
	while (mode != 0 && off < len) {
		k = len - off;
		if (nchunks++ < MAXCHUNKS) {
			switch (mode) {
			case 1:
				k = 1 + (size_t)(prng_next() %
				    ((size_t)1 << (prng_next() % (h[2] % 21 + 1))));
				k = k < max ? k : max;
				break;
			case 2:
				k = 1 + ((size_t)h[2] | (size_t)h[3] << 8) * 8;
				break;
			default:	/* up to the next mark, shifted */
				while (mk < NMARK && (long)marks[mk] + shift <= (long)off)
					mk++;
				if (mk < NMARK)
					k = (size_t)((long)marks[mk] + shift) - off;
				break;
			}
		}
		if (k > len - off)
			k = len - off;
		read_chunk(in + off, k);
		off += k;
	}
	check(sc_annot_end(&annot) == 0);
	on = get_output();
	if (on != want.len || memcmp(out, want.p, on) != 0)
		differ(how, out, on);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct build b;
	uint8_t h[4] = { 0, 0, 0, 0 };

	if (infd < 0) {
		infd = tempfd("fuzz_long.in");
		outfd = tempfd("fuzz_long.out");
		chunkfd = tempfd("fuzz_long.chunk");
		outcap = 65536;
		if ((in = malloc(MAXIN)) == NULL ||
		    (out = malloc(outcap)) == NULL ||
		    (want.p = malloc(65536)) == NULL)
			abort();
		want.cap = 65536;
	}
	if (size > 0)
		memcpy(h, data, size < 4 ? size : 4);
	b.d = data + (size < 4 ? size : 4);
	b.n = size < 4 ? 0 : size - 4;
	b.len = b.line = 0;
	build(&b);

	want.len = 0;
	check(ref_annotate(&want, (const char *)in, b.len, 1 + h[0] % 64,
	    NULL) >= 0);
	annotate("from one file", 0, h, b.len);
	if (h[1] % 4 != 0)
		annotate("read in chunks", h[1] % 4, h, b.len);
	return 0;
}
