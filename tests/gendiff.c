/*
 * gendiff.c - hostile mail logs for the differential test and the soak:
 *
 *   gendiff [-S] [-l MAXLINE] SEED BYTES              to standard output
 *   gendiff [-S] [-l MAXLINE] SEED BYTES PREFIX NFILES  cut into files
 *
 * writes exactly BYTES bytes, the same for the same SEED (a private
 * PRNG: no rand(), no clock).  With PREFIX, the stream is cut into NFILES
 * files PREFIX.000, PREFIX.001, ... whose concatenation is the stream:
 * some empty, some cut in the middle of a line or of a reply, between
 * the CR and the LF of a CRLF, right before or after a LF.  The stream
 * always ends where BYTES falls, so usually without a final newline.
 *
 * What it holds, in proportions the seed picks: realistic log lines
 * whose replies stand in every context the scanner knows (and numbers
 * that are no replies); bursts of up to thousands of annotated lines,
 * lines of 30 to 1000 replies; empty lines, lone CRs, NUL and bytes
 * >= 0x80; LF, CRLF and CR CR LF endings; long lines of 64 KiB to
 * MAXLINE bytes (default 6 MiB) with replies at offsets around the
 * annotator's windows and reads (64, 128, 192, 256 KiB and more) and
 * with the look-back of a reply just at SC_SCAN_BACK; lines that already
 * hold "<TAB># smtp: ", with and without replies (not with -S, so that
 * deleting every annotation gives back the input).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "prng.h"

static const char *prog = "gendiff";

/* --- the PRNG: prng.h --- */

/* 0 to n - 1; n > 0 */
static size_t
rnd(size_t n)
{
	return (size_t)(prng_next() % n);
}

/* true pct times in 100 */
static int
chance(unsigned pct)
{
	return rnd(100) < pct;
}

/* --- the output: one stream, or files cut from it --- */

enum cut_kind { CUT_AT, CUT_AFTER_CR, CUT_AFTER_LF, CUT_BEFORE_LF };

struct cut {
	unsigned long long at;
	int kind;
};

static struct {
	unsigned long long total, limit;
	int fd;
	const char *prefix;
	unsigned nfiles, cur;	/* files, the one being written */
	struct cut *cut;	/* nfiles - 1 of them, in order */
	unsigned ncut, next;	/* cuts, the next to make */
	char buf[1 << 16];
	size_t n;
} out;

static void
die(const char *what)
{
	fprintf(stderr, "%s: %s: %s\n", prog, what, strerror(errno));
	exit(2);
}

static void
flush(void)
{
	size_t off = 0;
	ssize_t w;

	while (off < out.n) {
		w = write(out.fd, out.buf + off, out.n - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			die("write error");
		off += (size_t)w;
	}
	out.n = 0;
}

static void
raw(const char *p, size_t n)
{
	size_t k;

	while (n > 0) {
		if (out.n == sizeof out.buf)
			flush();
		k = sizeof out.buf - out.n < n ? sizeof out.buf - out.n : n;
		memcpy(out.buf + out.n, p, k);
		out.n += k;
		p += k;
		n -= k;
	}
}

static void
open_file(unsigned i)
{
	char name[4096];

	if (snprintf(name, sizeof name, "%s.%03u", out.prefix, i) >=
	    (int)sizeof name) {
		errno = ENAMETOOLONG;
		die(out.prefix);
	}
	if ((out.fd = open(name, O_WRONLY | O_CREAT | O_TRUNC, 0644)) < 0)
		die(name);
}

static void
next_file(void)
{
	flush();
	if (close(out.fd) != 0)
		die("close");
	open_file(++out.cur);
	out.next++;
}

/*
 * Bytes of the stream, up to BYTES, into the files: a cut of kind
 * CUT_AT falls at its offset, the others at the first CR or LF that
 * comes at or after it.
 */
static void
emit(const char *p, size_t n)
{
	const struct cut *c;
	const char *q;
	size_t k;

	while (n > 0 && out.total < out.limit) {
		if (n > out.limit - out.total)
			n = (size_t)(out.limit - out.total);
		k = n;
		if (out.next < out.ncut) {
			c = &out.cut[out.next];
			if (c->at <= out.total && c->kind == CUT_AT) {
				next_file();
				continue;
			}
			if (c->at <= out.total) {
				q = memchr(p, c->kind == CUT_AFTER_CR ? '\r' : '\n', n);
				if (q != NULL) {
					k = (size_t)(q - p) +
					    (c->kind != CUT_BEFORE_LF);
					raw(p, k);
					out.total += k;
					p += k;
					n -= k;
					next_file();
					continue;
				}
			} else if (c->at - out.total < n) {
				k = (size_t)(c->at - out.total);
			}
		}
		raw(p, k);
		out.total += k;
		p += k;
		n -= k;
	}
}

static void
emits(const char *s)
{
	emit(s, strlen(s));
}

static int
full(void)
{
	return out.total >= out.limit;
}

/* --- codes and fragments --- */

static const char *const common[] = {
	"550", "554", "421", "450", "451", "452", "553", "535", "250", "552",
	"530", "220", "221", "354", "500", "501", "503", "334", "235", "251",
	"252", "455", "521", "523", "541", "556", "557"
};

/* A reply code, usually a common one, into o; its class digit. */
static int
basic(char *o)
{
	if (chance(80)) {
		memcpy(o, common[rnd(sizeof common / sizeof *common)], 3);
	} else {
		o[0] = (char)('0' + rnd(10));
		o[1] = (char)('0' + rnd(10));
		o[2] = (char)('0' + rnd(10));
	}
	return o[0] - '0';
}

static size_t
num(char *o, unsigned v)
{
	return (size_t)sprintf(o, "%u", v);
}

/* A status code of class cls (mostly), into o: its length. */
static size_t
enh(char *o, int cls)
{
	size_t n = 0;

	if (!chance(85) || cls < 2 || cls > 5 || cls == 3)
		cls = "2454533019"[rnd(10)] - '0';
	o[n++] = (char)('0' + cls);
	o[n++] = '.';
	n += num(o + n, chance(90) ? (unsigned)rnd(8) : (unsigned)rnd(1000));
	o[n++] = '.';
	if (chance(3))
		o[n++] = '0';	/* a leading zero: no status code */
	n += num(o + n, chance(85) ? (unsigned)rnd(31) : (unsigned)rnd(1000));
	return n;
}

/*
 * A fragment of a log line, most holding a reply, into o (room 512):
 * its length, and in *at where its first code stands.
 */
static size_t
fragment(char *o, size_t *at)
{
	static const char *const pre[] = {
		"said: ", "host mx.example.com[192.0.2.7] said: ", "<<< ",
		"reject=", "stat=Deferred: ", "Diagnostic-Code: smtp; ",
		"status=sent (", "returned '", "C=\"", "msg=\"", "lr=\"",
		"SMTP error from remote mail server after RCPT TO:<a@b.c>: ",
		"SMTP error from remote mail server after end of data: ",
		"qmail-smtpd: ", "[192.0.2.1]:25: ", "END-OF-MESSAGE: ",
		"rblsmtpd: 192.0.2.3: ", "S: ", "SMTP<< ", "\\n", "",
		" ", "    ", "to=<x@y.z>: ", "authenticator failed Ci=3: ",
		"refused to talk to me: ", "result=\"", "response=",
		"RCPT from unknown[192.0.2.9]: ", "code=", "port ", "[",
		"size=", "v", "id ", "x", "1-2-3-", "Deleted: ",
		"[worker-3]: ", "rate limit exceeded: ", "]:"
	};
	static const char *const key[] = {
		"dsn=", "status=", "Status: ", "stat=", "DSN=", "#",
		"status= \"", "milter-reject: END-OF-MESSAGE from h[a]: "
	};
	static const char *const post[] = {
		" ", " Mailbox unavailable", "-", "'", "\"", ")", "", ".1",
		" smtp;", "x", "\t", ".", "-rc1", "]", " (in reply to RCPT TO command)",
		"/", "\\n550 Two"
	};
	size_t n = 0, p;
	int cls;

	switch (rnd(8)) {
	case 0:	/* a status code after a key */
		p = rnd(sizeof key / sizeof *key);
		n = strlen(key[p]);
		memcpy(o, key[p], n);
		*at = n;
		n += enh(o + n, 2 + (int)rnd(4));
		break;
	case 1:	/* numbers that are no replies, or are */
		switch (rnd(6)) {
		case 0:
			n = (size_t)sprintf(o, "%u.%u.%u.%u", (unsigned)rnd(256),
			    (unsigned)rnd(256), (unsigned)rnd(256), (unsigned)rnd(256));
			break;
		case 1:
			n = (size_t)sprintf(o, "%u", (unsigned)rnd(100000000));
			break;
		case 2:
			n = (size_t)sprintf(o, "%02u:%02u:%02u 2024-10-%02u",
			    (unsigned)rnd(24), (unsigned)rnd(60), (unsigned)rnd(60),
			    (unsigned)rnd(31));
			break;
		default:
			n = (size_t)sprintf(o, "%u.%u.%u", (unsigned)rnd(9),
			    (unsigned)rnd(40), (unsigned)rnd(40));
			break;
		}
		*at = 0;
		break;
	default:	/* a reply code, with or without a status code */
		p = rnd(sizeof pre / sizeof *pre);
		n = strlen(pre[p]);
		memcpy(o, pre[p], n);
		*at = n;
		cls = basic(o + n);
		n += 3;
		if (chance(65)) {
			o[n++] = chance(80) ? ' ' : '-';
			if (chance(4))
				o[n++] = '#';
			n += enh(o + n, cls);
		}
		break;
	}
	p = rnd(sizeof post / sizeof *post);
	memcpy(o + n, post[p], strlen(post[p]));
	n += strlen(post[p]);
	return n;
}

/*
 * A reply whose reply position is only said by a phrase `back` bytes
 * before its code ("SMTP error from remote ... : 450 5.7.2"), so that
 * with back near SC_SCAN_BACK (256) the reply code and its status code
 * see different look-backs.  Into o (room 512): its length; *at: the
 * reply code.
 */
static size_t
far_reply(char *o, size_t back, size_t *at)
{
	static const char ph[] = "SMTP error from remote mail server after end of data ";
	size_t n = sizeof ph - 1, pad;
	int cls;

	memcpy(o, ph, n);
	pad = back > n + 2 ? back - n - 2 : 0;
	memset(o + n, 'a', pad);
	n += pad;
	o[n++] = ':';
	o[n++] = ' ';
	*at = n;
	cls = basic(o + n);
	n += 3;
	o[n++] = ' ';
	n += enh(o + n, chance(50) ? cls : 9 - cls);
	o[n++] = ' ';
	o[n++] = 'y';
	return n;
}

/* --- filler: bytes with no "\n" --- */

static void
filler(int kind, size_t n)
{
	static const char word[] =
	    "abcdefghijklmnopqrstuvwxyz      ABCDEFGHIJKLMNOPQRSTUVWXYZ....";
	static const char noisy[] =
	    "0123456789.... --_/@:=;<>[]\"'()#\\abcdefxyzXYZ\t\r";
	static char xs[4096];
	char b[4096];
	uint64_t r = 0;
	size_t i, k;

	if (xs[0] == 0)
		memset(xs, 'x', sizeof xs);
	while (n > 0 && !full()) {
		k = n < sizeof b ? n : sizeof b;
		switch (kind) {
		case 0:
			emit(xs, k);
			break;
		case 1:
		case 2:
		case 3:
			for (i = 0; i < k; i++) {
				if (i % 8 == 0)
					r = prng_next();
				if (kind == 1)
					b[i] = word[r % (sizeof word - 1)];
				else if (kind == 2)
					b[i] = noisy[r % (sizeof noisy - 1)];
				else if ((b[i] = (char)(r & 0xff)) == '\n')
					b[i] = '\0';
				r >>= 8;
			}
			emit(b, k);
			break;
		}
		n -= k;
	}
}

/* --- lines --- */

static unsigned crlf_pct;	/* of the lines ending in CRLF */
static int no_sep;		/* -S */
static size_t maxline = 6u << 20;

static void
ending(void)
{
	if (chance(1))
		emits(chance(50) ? "\r\r\n" : "\r\n\r\n");
	else
		emits(chance(crlf_pct) ? "\r\n" : "\n");
}

/* A realistic line of a mail log, with a reply or numbers in it. */
static void
log_line(void)
{
	char f[512];
	size_t at, n, k, i;

	switch (rnd(5)) {
	case 0:
		emits("Oct 12 10:02:44 mx postfix/smtp[1234]: 4F0AB2C3D: "
		    "to=<u@example.com>, relay=mx.example.com[192.0.2.1]:25, "
		    "delay=1.2, dsn=");
		break;
	case 1:
		emits("2024-10-12 10:02:44 1r4Fz2-000Ab1-Cd ** u@example.com "
		    "R=dnslookup T=remote_smtp H=mx.example.com [192.0.2.1]: ");
		break;
	case 2:
		emits("Oct 12 10:02:44 relay sm-mta[99]: x1A2: to=<e@example.com>, "
		    "mailer=esmtp, pri=120, relay=mx. [192.0.2.1], ");
		break;
	default:
		break;
	}
	k = rnd(5);
	for (i = 0; i < k; i++) {
		n = fragment(f, &at);
		emit(f, n);
		if (chance(50))
			filler((int)rnd(3), rnd(40));
	}
	ending();
}

/* Bursts: many lines alike, each with m replies (or none). */
static void
burst(void)
{
	char f[512], line[65536];
	size_t at, n, len = 0, count, m, i;

	count = chance(20) ? 1 + rnd(4000) : 50 + rnd(600);
	switch (rnd(4)) {
	case 0:
		m = 1;
		break;
	case 1:
		m = 2 + rnd(12);
		break;
	case 2:
		m = 28 + rnd(10);	/* around SC_ANNOT_HITS */
		break;
	default:
		m = chance(80) ? 1 + rnd(100) : 1000;
		break;
	}
	if (chance(10))
		m = 0;
	if (chance(50))
		len = (size_t)sprintf(line, "said: ");
	for (i = 0; i < m && len + 512 < sizeof line; i++) {
		n = chance(70) ? (size_t)sprintf(f, "said: %s %d.%u.%u ",
		    common[rnd(4)], chance(50) ? 5 : 4, (unsigned)rnd(8),
		    (unsigned)rnd(10)) : fragment(f, &at);
		memcpy(line + len, f, n);
		len += n;
	}
	if (chance(30))
		len += (size_t)sprintf(line + len, "x%u", (unsigned)rnd(10));
	for (i = 0; i < count && !full(); i++) {
		emit(line, len);
		ending();
	}
}

/* Lines of nothing much: empty, CR only, noise, NUL and high bytes. */
static void
small_line(void)
{
	switch (rnd(6)) {
	case 0:
		break;
	case 1:
		emits("\r");
		break;
	case 2:
		emits("\r\r");
		break;
	default:
		filler(1 + (int)rnd(3), rnd(300));
		break;
	}
	ending();
}

/* A line that already holds the separator: annotated output fed back. */
static void
sep_line(void)
{
	char f[512];
	size_t at, n;

	if (chance(50)) {
		n = fragment(f, &at);
		emit(f, n);
	} else {
		filler(1, rnd(50));
	}
	emits("\t# smtp: ");
	switch (rnd(3)) {
	case 0:
		emits("550 Mailbox unavailable; 5.1.1 Bad destination mailbox address");
		break;
	case 1:
		n = fragment(f, &at);
		emit(f, n);
		break;
	default:
		break;
	}
	if (chance(30))
		emits("\t# smtp: ");
	ending();
}

/* Where long lines put replies: around the annotator's windows and reads. */
static const size_t marks[] = {
	4096, 65536 - 320, 65536 - 64, 65536, 131072 - 64, 131072,
	131072 + 64, 196608, 262144 - 320, 262144 - 64, 262144, 262144 + 256,
	523648, 523904, 524288, 785472, 785728, 1048576
};

/* The next place for a reply at or after pos, in a line of len. */
static size_t
next_mark(size_t pos, size_t len, int dense)
{
	size_t i, m, d;

	if (dense)
		return pos + rnd(48);
	if (chance(60)) {
		i = rnd(sizeof marks / sizeof *marks);
		d = chance(50) ? rnd(16) : rnd(600);
		m = marks[i] + d >= 300 ? marks[i] + d - 300 : 0;
		if (chance(50) && marks[i] >= 8)
			m = marks[i] - rnd(8);
		if (m >= pos && m < len)
			return m;
	}
	return pos + rnd(len / 4 + 1);
}

/* A long line: filler, and replies at chosen offsets. */
static void
long_line(void)
{
	char f[512];
	size_t len, pos = 0, to, at, n;
	int kind = (int)rnd(4), dense = chance(8);

	switch (rnd(4)) {
	case 0:
		len = marks[rnd(sizeof marks / sizeof *marks)] + rnd(1024);
		len = len >= 512 ? len - 512 : len;
		break;
	case 1:
		len = 65536 + rnd(600000);
		break;
	case 2:
		len = 600000 + rnd(1500000);
		break;
	default:
		len = chance(30) ? 2000000 + rnd(4500000) : 100000 + rnd(200000);
		break;
	}
	if (len > maxline)
		len = maxline;
	if (kind == 0 && !dense && chance(50))
		kind = 1;
	while (pos < len && !full()) {
		to = next_mark(pos, len, dense);
		if (chance(40) && !dense)
			n = far_reply(f, 240 + rnd(24), &at);
		else
			n = fragment(f, &at);
		to = to >= at ? to - at : 0;
		if (to < pos)
			to = pos;
		if (to > len)
			to = len;
		filler(kind, to - pos);
		pos = to;
		if (n > len - pos)
			n = len - pos;
		emit(f, n);
		pos += n;
	}
	ending();
}

static void
usage(void)
{
	fprintf(stderr, "usage: gendiff [-S] [-l maxline] seed bytes [prefix nfiles]\n");
	exit(2);
}

static unsigned long long
number(const char *s)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (*s < '0' || *s > '9' || *end != '\0' || errno != 0)
		usage();
	return v;
}

static int
by_offset(const void *a, const void *b)
{
	const struct cut *x = a, *y = b;

	return x->at < y->at ? -1 : x->at > y->at;
}

int
main(int argc, char **argv)
{
	unsigned long long seed;
	unsigned i, w[5], sum, pick;
	int c;

	while ((c = getopt(argc, argv, "Sl:")) != -1) {
		switch (c) {
		case 'S':
			no_sep = 1;
			break;
		case 'l':
			maxline = (size_t)number(optarg);
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc != 2 && argc != 4)
		usage();
	seed = number(argv[0]);
	out.limit = number(argv[1]);
	out.fd = STDOUT_FILENO;
	if (argc == 4) {
		/* the cuts from a PRNG of their own: the stream is the same */
		prng_state = seed * 0x9e3779b97f4a7c15u + 7;
		out.prefix = argv[2];
		out.nfiles = (unsigned)number(argv[3]);
		if (out.nfiles < 1 || out.nfiles > 1000)
			usage();
		out.ncut = out.nfiles - 1;
		if ((out.cut = calloc(out.ncut + 1, sizeof *out.cut)) == NULL)
			die("calloc");
		for (i = 0; i < out.ncut; i++) {
			out.cut[i].kind = (int)rnd(4);
			if (i > 0 && chance(15))
				out.cut[i] = out.cut[i - 1];	/* an empty file */
			else if (chance(5))
				out.cut[i].at = chance(50) ? 0 : out.limit;
			else
				out.cut[i].at = prng_next() % (out.limit + 1);
		}
		qsort(out.cut, out.ncut, sizeof *out.cut, by_offset);
		open_file(0);
	}
	prng_state = seed * 0x2545f4914f6cdd1du + 1;

	/* The mix: weights of the kinds of line, and the share of CRLF. */
	crlf_pct = (unsigned[]){ 0, 0, 5, 50, 100 }[rnd(5)];
	w[0] = 20 + (unsigned)rnd(60);	/* log lines */
	w[1] = (unsigned)rnd(8);	/* bursts */
	w[2] = 5 + (unsigned)rnd(30);	/* small lines */
	w[3] = no_sep ? 0 : (unsigned)rnd(4);	/* the separator in input */
	w[4] = (unsigned)rnd(3);	/* long lines */
	for (sum = 0, i = 0; i < 5; i++)
		sum += w[i];
	while (!full()) {
		pick = (unsigned)rnd(sum);
		for (i = 0; pick >= w[i]; i++)
			pick -= w[i];
		switch (i) {
		case 0:
			log_line();
			break;
		case 1:
			burst();
			break;
		case 2:
			small_line();
			break;
		case 3:
			sep_line();
			break;
		default:
			long_line();
			break;
		}
	}
	flush();
	if (out.prefix != NULL) {
		if (close(out.fd) != 0)
			die("close");
		while (++out.cur < out.nfiles) {	/* the cuts past the end */
			open_file(out.cur);
			if (close(out.fd) != 0)
				die("close");
		}
	}
	return 0;
}
