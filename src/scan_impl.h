/*
 * scan_impl.h - what the scanner's two halves share; private, never
 * installed.
 *
 *   src/scan.c      the reply rules (its header comment is their spec),
 *                   the byte classes they read, and the entry points
 *                   sc_scan() and sc_scan_lines();
 *   src/fastpass.c  the fast pass: 64 positions at a time classified
 *                   (SSE2, AVX2, AVX-512 or portable C), plausible(),
 *                   and the loop that hands each flagged position to
 *                   sc_scan_decide().
 *
 * A build of scan.c under another name (sc_scan defined as a macro, as
 * the variants of tests/test_fastpass.c and fuzz/fuzz_fastpass.c do) is
 * a whole scanner in one file: scan.c takes fastpass.c in, and the names
 * below are static to it (SC_SHARED), so that such builds and the
 * library link together.
 */
#ifndef SC_SCAN_IMPL_H
#define SC_SCAN_IMPL_H

#include <stddef.h>

#include "smtpcode.h"

#ifdef sc_scan
#define SC_SCAN_ONE_FILE 1
#define SC_SHARED	static
#define SC_SHARED_DATA	static
#else
#define SC_SCAN_ONE_FILE 0
#define SC_SHARED
#define SC_SHARED_DATA	extern
#endif

#if defined(__GNUC__)
#define SC_INLINE	inline __attribute__((always_inline))
#else
#define SC_INLINE	inline
#endif

/*
 * Byte classes.  A byte's class is SC_CLASS(c), a constant expression:
 * sc_scan_ctab[] is SC_CLASS of 0-255, and _Static_assert can ask it
 * what a rule or the fast pass takes for granted.
 */
#define C_DIG	0x01	/* 0-9 */
#define C_ALPHA	0x02	/* A-Z a-z */
#define C_UPPER	0x04	/* A-Z */
#define C_GLUE	0x08	/* joins a number to a word: rule 1 */
#define C_WORD	0x10	/* alnum - _: what a key or keyword is made of */
#define C_SPACE	0x20	/* space, tab */
#define C_AFTER	0x40	/* may follow a reply code: space, tab, "-" (rule 1) */
#define C_REND	0x80	/* may end a reply position (rule 4): see below */

#define SC_IN(c, lo, hi)	((c) >= (lo) && (c) <= (hi))
#define SC_CLASS(c) ( \
	(SC_IN(c, '0', '9') ? C_DIG | C_WORD | C_GLUE : 0) | \
	(SC_IN(c, 'A', 'Z') ? C_ALPHA | C_UPPER | C_WORD | C_GLUE : 0) | \
	(SC_IN(c, 'a', 'z') ? C_ALPHA | C_WORD | C_GLUE : 0) | \
	((c) == '-' || (c) == '_' ? C_WORD | C_GLUE : 0) | \
	((c) == '.' || (c) == '/' || (c) == '@' || (c) == '+' || \
	 (c) == '%' || (c) == '&' || (c) == '\\' || (c) == '$' || \
	 SC_IN(c, 0x80, 0xff) ? C_GLUE : 0) | \
	((c) == ' ' || (c) == '\t' ? C_SPACE | C_AFTER : 0) | \
	((c) == '-' ? C_AFTER : 0) | \
	(SC_REND(c) ? C_REND : 0))

/*
 * C_REND: the last byte before a code (past a quote and blanks) at a
 * reply position other than the line's start, one byte per case of
 * reply_position() in scan.c: "\n" (Exim's escaped newline), ":" ";"
 * "=" "(", "<" "-" "~" "*" (transcripts), "d" (returned).
 * reply_position() refuses every other byte before its cases, and the
 * fast pass's plausible() lets through only codes after these bytes, so
 * the two cannot drift apart: a new case whose byte is not here is never
 * reached, and tests/test_scan.c's test of it fails.
 */
#define SC_REND(c)	((c) == 'n' || (c) == ':' || (c) == ';' || \
	(c) == '=' || (c) == '(' || (c) == '<' || (c) == '-' || \
	(c) == '~' || (c) == '*' || (c) == 'd')

SC_SHARED_DATA const unsigned char sc_scan_ctab[256];

#define IS(c, k)	(sc_scan_ctab[(unsigned char)(c)] & (k))
#define ISDIG(c)	((unsigned)(c) - '0' < 10u)
/* b[i] is glued to what precedes it; an escaped newline \n is a break */
#define GLUED(b, i)	((i) > 0 && IS((b)[(i) - 1], C_GLUE) && \
	!((i) >= 2 && (b)[(i) - 1] == 'n' && (b)[(i) - 2] == '\\'))

/*
 * What the fast pass takes for granted of the classes: a digit or "."
 * before a position glues, so the pass drops positions after them
 * without asking.  (That its separator mask, the bytes up to "-" and
 * ":", holds every C_AFTER byte and the "," and ":" of rule 2's pairs,
 * tests/test_fastpass.c checks.)
 */
_Static_assert((SC_CLASS('.') & SC_CLASS('0') & SC_CLASS('9') & C_GLUE) != 0,
    "digits and . glue");

/*
 * The rules for the position i of b (a line, or a window of one: see
 * scan.c): the hits that start there, into h[0] and, when room > 1 and
 * the reply code's status code starts before lim, h[1]; how many, and in
 * *next where to go on.  Only b[i] 2-5 can start one.
 */
SC_SHARED size_t sc_scan_decide(const unsigned char *b, size_t len, int eol,
    size_t lim, size_t i, struct sc_hit *h, size_t room, size_t *next);

/*
 * The fast pass over b: the positions from *at before lim that may
 * start a hit go to sc_scan_decide(), in order, until max hits.  lines 0:
 * b is one line, or a window of one (sc_scan()); lines 1: b holds many,
 * and each hit's line is the one that holds it (sc_scan_lines()).
 * Returns how many hits; *at is where to go on.
 */
SC_SHARED size_t sc_scan_fast(const unsigned char *b, size_t len, size_t *at,
    size_t lim, int eol, int lines, struct sc_hit *hits, size_t max);

#endif
