/*
 * fuzz_message.c - the bounce-message reader on any bytes.
 *
 * Input: two control bytes, then the stream.  The stream is read twice
 * by one reader (reset between): in one piece, then in chunks whose
 * sizes come from the control bytes (1 to 4096 bytes, varying), and
 * then once more a byte at a time when it is short.  Properties:
 *
 *   - every result's strings lie inside the reader's one allocation,
 *     or are the reader's constant names (stage, action, format, "");
 *     lengths are within SC_MR_OUT and the fields in range (a reply
 *     code well-formed or -1, an enhanced code's parts or -1);
 *   - msgno counts up from 1 and never goes back within a read;
 *   - the chunked read gives the same results, in the same order, as
 *     the read in one piece, and the same statistics;
 *   - reading allocates nothing: the heap is the same size before and
 *     after (the reader is allocated once, and is under 64 MiB);
 *   - sc_looks_like_message() of the whole input is 0, 1 or 2.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sanitizer/allocator_interface.h>

#include "../src/message.h"

/* A property that does not hold: say which, then abort for libFuzzer. */
static void
fail(const char *what, int line)
{
	fprintf(
	    stderr, "fuzz_message.c:%d: property violated: %s\n", line, what);
	abort();
}
#define check(e) ((e) ? (void)0 : fail(#e, __LINE__))

#define MAXH 4096

struct run {
	uint64_t h[MAXH];
	size_t n;		/* results */
	uint64_t all;		/* a hash of them all */
	unsigned long long lastmsg;
};

static struct sc_mreader *rd;
static size_t rdsize;
static struct run ra, rb;

static uint64_t
fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *c = p;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ c[i]) * 1099511628211u;
	return h;
}

static int
inside(const char *p, size_t n)
{
	const char *lo = (const char *)rd, *hi = lo + rdsize;

	return n == 0 || (p >= lo && p <= hi && n <= (size_t)(hi - p));
}

static int
one_of(const char *p, size_t n, const char *const *list)
{
	size_t i;

	for (i = 0; list[i] != NULL; i++)
		if (n == strlen(list[i]) && memcmp(p, list[i], n) == 0)
			return 1;
	return 0;
}

static int
collect(void *ctx, const struct sc_bounce *b)
{
	static const char *const stages[] = {
		"", "connect", "HELO", "EHLO", "LHLO", "STARTTLS", "AUTH",
		"MAIL FROM", "RCPT TO", "DATA", "BDAT", "end of data", "QUIT",
		"RSET", "NOOP", "VRFY", "EXPN", "XFORWARD", "XCLIENT", NULL
	};
	static const char *const formats[] = {
		"dsn", "postfix", "sendmail", "exim", "qmail", "courier",
		"exchange", "notes", "gmail", "yahoo", "mdaemon", "text", NULL
	};
	static const char *const actions[] = {
		"failed", "delayed", "delivered", "relayed", "expanded", NULL
	};
	struct run *u = ctx;
	uint64_t h = 1469598103934665603u;
	int i;

	check(inside(b->recipient, b->recipientlen));
	check(inside(b->status, b->statuslen));
	check(inside(b->remote_mta, b->remote_mtalen));
	check(inside(b->text, b->textlen));
	check(b->textlen <= SC_MR_OUT);
	check(inside(b->action, b->actionlen) ||
	    one_of(b->action, b->actionlen, actions));
	check(b->stage != NULL && strlen(b->stage) == b->stagelen);
	for (i = 0; stages[i] != NULL; i++)
		if (strcmp(stages[i], b->stage) == 0)
			break;
	check(stages[i] != NULL);
	for (i = 0; formats[i] != NULL; i++)
		if (b->format == formats[i] ||
		    strcmp(formats[i], b->format) == 0)
			break;
	check(formats[i] != NULL);
	check(b->basic == -1 || sc_basic_wellformed(b->basic));
	check(b->enh.subject == -1 || (b->enh.subject >= 0 &&
	    b->enh.subject <= 999 && b->enh.detail >= 0 &&
	    b->enh.detail <= 999 && (b->enh.cls == 0 || b->enh.cls == 2 ||
	    b->enh.cls == 4 || b->enh.cls == 5)));
	check((b->flags & ~7u) == 0);
	check(b->msgno >= 1 && b->msgno >= u->lastmsg);
	u->lastmsg = b->msgno;

	h = fnv(h, b->recipient, b->recipientlen);
	h = fnv(h, "\0", 1);
	h = fnv(h, b->action, b->actionlen);
	h = fnv(h, "\0", 1);
	h = fnv(h, b->status, b->statuslen);
	h = fnv(h, "\0", 1);
	h = fnv(h, b->remote_mta, b->remote_mtalen);
	h = fnv(h, "\0", 1);
	h = fnv(h, b->stage, b->stagelen);
	h = fnv(h, "\0", 1);
	h = fnv(h, b->text, b->textlen);
	h = fnv(h, b->format, strlen(b->format));
	h = fnv(h, &b->basic, sizeof b->basic);
	if (b->enh.subject >= 0) {
		h = fnv(h, &b->enh.cls, sizeof b->enh.cls);
		h = fnv(h, &b->enh.subject, sizeof b->enh.subject);
		h = fnv(h, &b->enh.detail, sizeof b->enh.detail);
	}
	h = fnv(h, &b->msgno, sizeof b->msgno);
	h = fnv(h, &b->flags, sizeof b->flags);
	if (u->n < MAXH)
		u->h[u->n] = h;
	u->all = fnv(u->all, &h, sizeof h);
	u->n++;
	return 0;
}

static void
read_all(const unsigned char *p, size_t n, unsigned seed, unsigned max,
    struct run *u, struct sc_mreader_stats *st)
{
	size_t heap, off = 0;
	unsigned x = seed * 2654435761u + 1;

	memset(u, 0, sizeof *u);
	sc_mreader_reset(rd);
	heap = __sanitizer_get_current_allocated_bytes();
	while (off < n) {
		size_t k = max == 0 ? n - off : 1 + (x >> 8) % max;

		x = x * 1103515245u + 12345u;
		if (k > n - off)
			k = n - off;
		check(sc_mreader_feed(
			  rd, (const char *)p + off, k, collect, u) == 0);
		off += k;
	}
	check(sc_mreader_end(rd, collect, u) == 0);
	check(__sanitizer_get_current_allocated_bytes() == heap);
	sc_mreader_stats(rd, st);
	check(st->recipients == u->n);
	check(st->bounces <= st->messages && st->truncated <= st->messages);
}

static void
same(const struct run *a, const struct run *b)
{
	size_t i;

	check(a->n == b->n);
	check(a->all == b->all);
	for (i = 0; i < a->n && i < MAXH; i++)
		check(a->h[i] == b->h[i]);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sc_mreader_stats sa, sb;
	unsigned max;
	int k;

	if (rd == NULL) {
		rd = sc_mreader_new();
		check(rd != NULL);
		rdsize = sc_mr_size();
		check(rdsize <= 64u << 20);
	}
	k = sc_looks_like_message((const char *)data, size);
	check(k >= 0 && k <= 2);
	if (size < 2)
		return 0;
	max = 1 + ((unsigned)data[1] << 4 | data[0] >> 4);	/* 1..4096 */
	read_all(data + 2, size - 2, 0, 0, &ra, &sa);
	read_all(data + 2, size - 2, data[0], max, &rb, &sb);
	same(&ra, &rb);
	check(sa.messages == sb.messages && sa.bounces == sb.bounces &&
	    sa.truncated == sb.truncated);
	if (size < 4096) {
		read_all(data + 2, size - 2, 0, 1, &rb, &sb);
		same(&ra, &rb);
	}
	return 0;
}
