/*
 * test_fastpass.c - the scanner's fast pass never hides a hit.
 *
 * The scanner, src/scan.c (the rules) with src/fastpass.c, is built five
 * times: as the program has it (AVX-512 or AVX2 where the processor has
 * them), with at most AVX2 (sc_scan_isa2), SSE2 only (sc_scan_isa1: the
 * portable code but on x86-64), the portable code (sc_scan_isa0), and
 * with no fast pass at all (sc_scan_every: every position goes to the
 * rules).  All must report the same hits, whole lines and one line at a
 * time, in windows, from any start, with room for any number of hits at
 * a time; with every byte value before and after a code, too, so that a
 * rule that reads a byte the fast pass does not let through fails here.
 * The byte classes, shared by the rules and the fast pass, are checked
 * against <ctype.h> and against what the fast pass's masks assume.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "smtpcode.h"
#include "../src/scan_impl.h"

typedef size_t line_fn(const char *, size_t, size_t, int, struct sc_hit *,
    size_t);
typedef size_t lines_fn(const char *, size_t, size_t *, struct sc_hit *,
    size_t);

typedef size_t nl_fn(const char *, size_t);

line_fn sc_scan_isa2, sc_scan_isa1, sc_scan_isa0, sc_scan_every;
nl_fn sc_count_newlines, sc_scan_isa2_newlines, sc_scan_isa1_newlines,
    sc_scan_isa0_newlines, sc_scan_every_newlines;
lines_fn sc_scan_isa2_lines, sc_scan_isa1_lines, sc_scan_isa0_lines,
    sc_scan_every_lines;

static const struct variant {
	const char *name;
	line_fn *line;
	lines_fn *lines;
} variants[] = {
	{ "sc_scan", sc_scan, sc_scan_lines },
	{ "sc_scan_isa2", sc_scan_isa2, sc_scan_isa2_lines },
	{ "sc_scan_isa1", sc_scan_isa1, sc_scan_isa1_lines },
	{ "sc_scan_isa0", sc_scan_isa0, sc_scan_isa0_lines },
};
#define NVAR	(sizeof variants / sizeof variants[0])

#define MAXH	4096

static struct sc_hit want[MAXH], got[MAXH], part[MAXH];

static void
same(const struct sc_hit *a, size_t na, const struct sc_hit *b, size_t nb,
    const char *what, const char *buf, size_t len)
{
	size_t i;

	for (i = 0; i < na && i < nb; i++)
		if (a[i].off != b[i].off || a[i].len != b[i].len ||
		    a[i].end != b[i].end || a[i].kind != b[i].kind)
			break;
	if (i < na || i < nb) {
		size_t at = i < na ? a[i].off : i < nb ? b[i].off : 0;
		size_t lo = at > 40 ? at - 40 : 0;
		int n = (int)(len - lo < 80 ? len - lo : 80);

		fail_msg("%s: hit %lu differs (%lu vs %lu hits) near \"%.*s\"",
		    what, (unsigned long)i, (unsigned long)na,
		    (unsigned long)nb, n, buf + lo);
	}
}

/* All the hits of buf, `room` at a time. */
static size_t
all_lines(lines_fn *f, const char *buf, size_t len, size_t room,
    struct sc_hit *h)
{
	size_t from = 0, n = 0, k;

	do {
		k = f(buf, len, &from, h + n, room);
		n += k;
		assert_true(n <= MAXH - room);
	} while (k == room);
	assert_int_equal(from, len);
	return n;
}

/* Line by line with sc_scan: LF ends a line, a CR before it is not in it. */
static size_t
by_line(line_fn *f, const char *buf, size_t len, struct sc_hit *h)
{
	size_t s = 0, e, ce, n = 0, k, i;

	while (s < len) {
		for (e = s; e < len && buf[e] != '\n'; e++)
			;
		ce = e < len && e > s && buf[e - 1] == '\r' ? e - 1 : e;
		k = f(buf + s, ce - s, 0, 1, h + n, MAXH - n);
		for (i = n; i < n + k; i++) {
			assert_int_equal(h[i].end, ce - s);
			h[i].off += s;
			h[i].end = e;
		}
		n += k;
		s = e + 1;
	}
	return n;
}

/* One buffer through every way of scanning it. */
static void
check_buf(const char *buf, size_t len)
{
	static const size_t rooms[] = { 1, 2, 3, 32, MAXH / 2 };
	const struct variant *v;
	size_t nw, ng, i, from, k, n;

	nw = all_lines(sc_scan_every_lines, buf, len, MAXH / 2, want);
	for (v = variants; v < variants + NVAR; v++) {
		for (i = 0; i < sizeof rooms / sizeof rooms[0]; i++) {
			ng = all_lines(v->lines, buf, len, rooms[i], got);
			same(want, nw, got, ng, v->name, buf, len);
		}
		ng = by_line(v->line, buf, len, got);
		same(want, nw, got, ng, v->name, buf, len);
	}
	/* from any start: the hits from there on */
	for (from = 0; from < len; from += 1 + from % 13) {
		for (i = 0; i < nw && want[i].off < from; i++)
			;
		k = from;
		n = 0;
		while ((ng = sc_scan_lines(buf, len, &k, part + n, 5)) > 0)
			if ((n += ng) > MAXH - 5)
				break;
		same(want + i, nw - i, part, n, "sc_scan_lines from", buf,
		    len);
	}
}

/* The same, for a buffer that is one line with no LF: windows too. */
static void
check_line(const char *buf, size_t len)
{
	const struct variant *v;
	size_t nw, ng, cut;

	nw = sc_scan_every(buf, len, 0, 1, want, MAXH);
	for (v = variants; v < variants + NVAR; v++) {
		ng = v->line(buf, len, 0, 1, got, MAXH);
		same(want, nw, got, ng, v->name, buf, len);
	}
	for (cut = 0; cut <= len; cut += 7) {
		nw = sc_scan_every(buf, cut, 0, 0, want, MAXH);
		for (v = variants; v < variants + NVAR; v++) {
			ng = v->line(buf, cut, 0, 0, got, MAXH);
			same(want, nw, got, ng, v->name, buf, cut);
		}
	}
}

static unsigned long long seed = 88172645463325252ULL;

static size_t
rnd(size_t n)
{
	seed ^= seed << 13;
	seed ^= seed >> 7;
	seed ^= seed << 17;
	return (size_t)(seed % n);
}

/* Pieces of mail logs, and of things that look like them. */
static const char *const bits[] = {
	"550", "5.1.1", "554 5.7.1 ", " ", " ", "-", ".", ":", "said: ",
	"dsn=", "[", "]", "1.2.3.4", "10.5.1.1", "<a@b>", "421", "4.7.0",
	"\"", "'", "=", "#", "smtp;", "x", "n", "\\n", "250-", "<<< ", "\t",
	"\0", "\xff", "2", "5", "0", "9", "S: ", "reject=", "stat=Deferred: ",
	"(", "status=sent (", "authenticator failed ", "Ci=7: ", "999",
	"5.999.999", "\r", "\n", "\r\n", "\n", "port 550", "size=5521",
	"Diagnostic-Code: smtp; ", "Status: ", "h[192.0.2.1]: ",
	"SMTP error from remote mail server after RCPT TO:<u@x>: ",
	"NOQUEUE: reject: RCPT from u[192.0.2.9]: ", "2.11.0", "v5.1.1",
	"#5.0.0 smtp; ", "returned '", "550-5.7.1 ", "552\n", "5.2.2\r\n",
	"<** ", "<~ ", "<~* ", "<- ", "S: ", "C=\"", "lr=\"", "msg='",
	"status=deferred (", "qmail-smtpd: ", "[2001:db8::1]:25: ",
	"(#", ")", "550: ", "421: 4.7.0", ",", "ERROR_CODE :",
	", ERROR_CODE :", "(reason: ", " Out: ", " In:  ",
	"SMTP DATA-2 protocol error: ",
};

static size_t
fragments(char *buf, size_t cap, size_t want_len)
{
	size_t len = 0, k, n;

	while (len < want_len) {
		k = rnd(sizeof bits / sizeof bits[0]);
		n = bits[k][0] == '\0' ? 1 : strlen(bits[k]);
		if (len + n > cap)
			break;
		memcpy(buf + len, bits[k], n);
		len += n;
	}
	return len;
}

static void
test_fragments(void **state)
{
	static char buf[6000];
	size_t r, len;

	(void)state;
	for (r = 0; r < 1500; r++) {
		len = fragments(buf, sizeof buf, 1 + r % 1000 + rnd(5000) * (r % 7 == 0));
		check_buf(buf, len);
		if (memchr(buf, '\n', len) == NULL)
			check_line(buf, len);
	}
}

/* Lines longer than the look-back: a scan resumed inside one. */
static void
test_long_lines(void **state)
{
	static char buf[20000];
	size_t r, len, i;

	(void)state;
	for (r = 0; r < 40; r++) {
		len = fragments(buf, sizeof buf, 2000 + rnd(16000));
		for (i = 0; i < len; i++)	/* one or two lines */
			if (buf[i] == '\n' && i != len / 2)
				buf[i] = ' ';
		check_buf(buf, len);
	}
}

static void
test_random_bytes(void **state)
{
	static char buf[4096];
	size_t r, i, len;

	(void)state;
	for (r = 0; r < 300; r++) {
		len = 1 + rnd(sizeof buf);
		for (i = 0; i < len; i++)	/* mostly digits and separators */
			buf[i] = r % 2 ? (char)rnd(256) : "0123456789 .-\n\r5:"[rnd(17)];
		check_buf(buf, len);
	}
}

/* A code at every offset from the 64-byte blocks, at the end of a buffer too. */
static void
test_block_edges(void **state)
{
	static const char *const tail[] = {
		"said: 550 5.1.1 x\n", "said: 550", "dsn=5.1.1", "\nsaid: 421\r\n",
		"\n550 ok", "said: 550-5.7.1\\n550 5.7.1 Bye",
	};
	char buf[300];
	size_t pad, t, len;

	(void)state;
	for (t = 0; t < sizeof tail / sizeof tail[0]; t++)
		for (pad = 0; pad < 200; pad++) {
			memset(buf, pad % 3 ? ' ' : 'x', pad);
			len = pad + strlen(tail[t]);
			memcpy(buf + pad, tail[t], strlen(tail[t]));
			check_buf(buf, len);
			check_line(buf, len);
			assert_true(all_lines(sc_scan_lines, buf, len, 8, got) >=
			    (pad % 3 || tail[t][0] == '\n' ? 1u : 0u));
		}
}

/* Every byte value next to a code, in the places the rules look at. */
static void
test_every_byte(void **state)
{
	static const char *const tmpl[] = {	/* @ stands for the byte */
		"@550 5.1.1 x", "x@550 x", "x@ 550 x", "x@'550 x", "x@ \"550 x",
		"x@5.1.1 x", "x@ 5.1.1 x", "x@'5.1.1 x", "x@#5.1.1 x",
		"said: 550@5.1.1 x", "said: 550@x", "said: 550@", "said: 5.1.1@x",
		"said: 5.1.1@", "said: 5.1.1.@", "said: 550-@x", "said: 550 #@",
		"said: 5@0 x", "said: 55@ x", "said: 5.@.1 x", "x@@550 x",
		"x<@550 x", "x\\@550 x", "x@: 550 x", "said: 550 @5.1.1 x",
		"code 550@ 5.1.1 x", "550:@5.1.1 x", "x(@5.1.1) x",
		"ERROR_CODE :550@ ERROR_CODE :5.1.1 x",
		"ERROR_CODE :550, ERROR_CODE @5.1.1 x", " Out@ 250 x",
		" In:@ 250 x", "(reason@ 550 x)",
		"SMTP DATA-2 protocol error@ 500",
	};
	char buf[64];
	size_t t, len, i;
	int c;

	(void)state;
	for (t = 0; t < sizeof tmpl / sizeof tmpl[0]; t++)
		for (c = 0; c < 256; c++) {
			len = strlen(tmpl[t]);
			memcpy(buf, tmpl[t], len);
			for (i = 0; i < len; i++)
				if (buf[i] == '@')
					buf[i] = (char)c;
			check_buf(buf, len);
			if (memchr(buf, '\n', len) == NULL)
				check_line(buf, len);
		}
}

/*
 * The classes are what scan_impl.h says, and what the fast pass's masks
 * take for granted holds: the bytes that may follow a reply code, and
 * CR and LF, are all in its separator mask (0x00 up to "-", and ":");
 * so are the "," and ":" of rule 2's pairs.
 */
/*
 * The newline count of every build (the line count of --summary and
 * --json) is the plain count: every length 0-300 at every alignment 0-63,
 * newlines dense, sparse, and as every byte value's neighbours.
 */
static void
test_newlines(void **state)
{
	static nl_fn *const fn[] = {
		sc_count_newlines, sc_scan_isa2_newlines, sc_scan_isa1_newlines,
		sc_scan_isa0_newlines, sc_scan_every_newlines
	};
	static char buf[4096 + 64];
	size_t off, len, i, k, want;
	unsigned x = 7;

	(void)state;
	for (k = 0; k < 3; k++) {
		for (i = 0; i < sizeof buf; i++) {
			x = x * 1103515245u + 12345u;
			buf[i] = k == 0 ? (x >> 16 & 1 ? '\n' : 'a') :
			    k == 1 ? ((x >> 16) % 97 == 0 ? '\n' : (char)(x >> 8)) :
			    (char)i;	/* every byte value, "\n" among them */
		}
		for (off = 0; off < 64; off++)
			for (len = 0; len <= 300; len++) {
				for (want = 0, i = 0; i < len; i++)
					want += buf[off + i] == '\n';
				for (i = 0; i < sizeof fn / sizeof fn[0]; i++)
					assert_int_equal(fn[i](buf + off, len), want);
			}
		for (want = 0, i = 0; i < 4096; i++)
			want += buf[i] == '\n';
		for (i = 0; i < sizeof fn / sizeof fn[0]; i++)
			assert_int_equal(fn[i](buf, 4096), want);
	}
}

static void
test_classes(void **state)
{
	int c, k, want;

	(void)state;
	for (c = 0; c < 256; c++) {
		k = sc_scan_ctab[c];
		assert_int_equal(!!(k & C_DIG), c < 0x80 && isdigit(c));
		assert_int_equal(!!(k & C_DIG), ISDIG(c));
		assert_int_equal(!!(k & C_ALPHA), c < 0x80 && isalpha(c));
		assert_int_equal(!!(k & C_UPPER), c < 0x80 && isupper(c));
		assert_int_equal(!!(k & C_WORD),
		    c < 0x80 && (isalnum(c) || c == '-' || c == '_'));
		want = (k & C_WORD) || c >= 0x80 ||
		    (c != 0 && strchr("./@+%&\\$", c) != NULL);
		assert_int_equal(!!(k & C_GLUE), want);
		assert_int_equal(!!(k & C_SPACE), c == ' ' || c == '\t');
		assert_int_equal(!!(k & C_AFTER),
		    c == ' ' || c == '\t' || c == '-');
		assert_int_equal(!!(k & C_REND),
		    c != 0 && strchr("n:;=(<-~*d", c) != NULL);
		assert_int_equal(k, SC_CLASS(c));
		if (k & C_AFTER)
			assert_true(c <= '-');
	}
	assert_true('\r' <= '-' && '\n' <= '-' && ',' <= '-');
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fragments),
		cmocka_unit_test(test_long_lines),
		cmocka_unit_test(test_random_bytes),
		cmocka_unit_test(test_block_edges),
		cmocka_unit_test(test_every_byte),
		cmocka_unit_test(test_newlines),
		cmocka_unit_test(test_classes),
	};

	return cmocka_run_group_tests_name("fastpass", tests, NULL, NULL);
}
