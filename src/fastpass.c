/*
 * fastpass.c - the scanner's fast pass: where in a buffer a hit may
 * start, 64 positions at a time.
 *
 * A hit can only start at a position p where p[-1] is not a digit or
 * "." (rule 1 of scan.c), p[0] is 2-5, p[2] a digit, and either p[1] is
 * 0-5 and p[3] a byte up to "-" or a ":" (space, tab, "-", CR, LF, and
 * the "," and ":" of rule 2's pairs: three digits), or p[1] is "." (a
 * status code).  The pass classifies 64 bytes at a time into the bits
 * of six words (struct blk) -- with vector compares, SSE2
 * on every x86-64, AVX2 or AVX-512 where the processor has them, chosen
 * when the scan starts; elsewhere (arm64, every other machine) with
 * 64-bit integer arithmetic, eight bytes to a word -- and tests the shape
 * for 64 positions at once with shifts of those words.  plausible() and
 * then the rules, sc_scan_decide() in scan.c, check the rest where it
 * flags.  Bytes past the end of the buffer count as separators and
 * nothing else, and are never read.
 *
 * Why a file of its own and not a header for scan.c: the loop, scan(),
 * is instantiated once per instruction set with its classify() forced
 * inline, and that needs only this file; the rules are reached through
 * one call per flagged position (which was never inlined: it is large),
 * so the split costs nothing.  plausible() stays here, inline, and reads
 * the rules' own byte classes (C_GLUE, C_AFTER, C_REND of scan_impl.h),
 * so it cannot drift from them.  (A build of scan.c under another name,
 * for the tests and fuzzers, includes this file: see scan_impl.h.)
 *
 * SC_SCAN_ISA caps the code, for tests and benchmarks: 3 (the default)
 * up to AVX-512, 2 up to AVX2, 1 SSE2 only, 0 the portable code even on
 * x86-64; SC_SCAN_EVERY 1 turns the pass off (every position goes to the
 * rules).
 */
#include <stdint.h>
#include <string.h>

#include "smtpcode.h"
#include "scan_impl.h"

#define INLINE	SC_INLINE

#ifndef SC_SCAN_ISA
#define SC_SCAN_ISA 3
#endif
#ifndef SC_SCAN_EVERY
#define SC_SCAN_EVERY 0
#endif

struct blk {
	uint64_t dig;	/* 0-9 */
	uint64_t lead;	/* 2-5 */
	uint64_t low;	/* 0-5 */
	uint64_t dot;	/* . */
	uint64_t sep;	/* 0x00-0x2d, ":": space, tab, "-", ",", CR, LF */
	uint64_t nl;	/* \n */
};

#if defined(__SSE2__) && SC_SCAN_ISA >= 1
#include <emmintrin.h>

/* lanes of x in [lo, lo+n), unsigned: an add and a signed compare */
#define RANGE(x, lo, n) _mm_cmplt_epi8(_mm_add_epi8((x), \
	_mm_set1_epi8((char)(unsigned char)(128 - (lo)))), \
	_mm_set1_epi8((char)((n) - 128)))
#define EQ(x, c)	_mm_cmpeq_epi8((x), _mm_set1_epi8((char)(c)))
#define MASK(v)		((uint64_t)(unsigned)_mm_movemask_epi8(v))

static INLINE void
classify(const unsigned char *p, struct blk *k)
{
	__m128i v;
	int j;

	k->dig = k->lead = k->low = k->dot = k->sep = k->nl = 0;
	for (j = 0; j < 64; j += 16) {
		v = _mm_loadu_si128((const __m128i *)(const void *)(p + j));
		k->dig |= MASK(RANGE(v, '0', 10)) << j;
		k->lead |= MASK(RANGE(v, '2', 4)) << j;
		k->low |= MASK(RANGE(v, '0', 6)) << j;
		k->sep |= MASK(_mm_or_si128(RANGE(v, 0, '-' + 1),
		    EQ(v, ':'))) << j;
		k->dot |= MASK(EQ(v, '.')) << j;
		k->nl |= MASK(EQ(v, '\n')) << j;
	}
}
#else
/*
 * Portable C, SWAR: eight bytes to a 64-bit word, byte i of word j the
 * byte at p + 8j + i whatever the machine's byte order.  For a byte c
 * and 1 <= n <= 128, (c & 0x7f) + (128 - n) sets the byte's top bit
 * exactly when (c & 0x7f) >= n and never carries into the next byte;
 * with the top bit of ~c (c < 0x80) that is c >= n, and two such bits
 * bound a range.  Each class leaves one bit per byte, its top bit,
 * shifted right by 7 - j into an accumulator: bit 8i + j stands for byte
 * 8j + i, and transposing that 8x8 bit matrix puts it at bit 8j + i.
 * Shifts and logic only: some arm64 cores multiply slowly.  sep is
 * taken as the bytes up to ":" (one compare, where an exact ":" would
 * take three), less the digits and "." once transposed: "/" is let
 * through as well, and plausible() refuses it.
 */
#define ONES		UINT64_C(0x0101010101010101)
#define TOP		(ONES * 0x80)
#define GE(x, n)	((x) + ONES * (128 - (n)))	/* x = c & 0x7f */

static INLINE uint64_t
word(const unsigned char *p)
{
	return (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 |
	    (uint64_t)p[3] << 24 | (uint64_t)p[4] << 32 |
	    (uint64_t)p[5] << 40 | (uint64_t)p[6] << 48 | (uint64_t)p[7] << 56;
}

/* Word j of the block at p into the six accumulators (above). */
static INLINE void
classify8(const unsigned char *p, size_t j, uint64_t *t)
{
	uint64_t w = word(p + 8 * j), x = w & ~TOP, ok = ~w & TOP;
	uint64_t ge0 = GE(x, '0'), ge6 = GE(x, '6'), gedot = GE(x, '.');
	size_t s = 7 - j;

	t[0] |= (ge0 & ~GE(x, '9' + 1) & ok) >> s;		/* dig */
	t[1] |= (GE(x, '2') & ~ge6 & ok) >> s;			/* lead */
	t[2] |= (ge0 & ~ge6 & ok) >> s;				/* low */
	t[3] |= (gedot & ~GE(x, '.' + 1) & ok) >> s;		/* dot */
	t[4] |= (~GE(x, ':' + 1) & ok) >> s;			/* sep */
	t[5] |= (GE(x, '\n') & ~GE(x, '\n' + 1) & ok) >> s;	/* nl */
}

/* The 8x8 bit matrix in x transposed: bit 8i + j to 8j + i. */
static INLINE uint64_t
transpose(uint64_t x)
{
	uint64_t t;

	t = (x ^ x >> 7) & UINT64_C(0x00aa00aa00aa00aa);
	x ^= t ^ t << 7;
	t = (x ^ x >> 14) & UINT64_C(0x0000cccc0000cccc);
	x ^= t ^ t << 14;
	t = (x ^ x >> 28) & UINT64_C(0x00000000f0f0f0f0);
	return x ^ t ^ t << 28;
}

static INLINE void
classify(const unsigned char *p, struct blk *k)
{
	uint64_t t[6] = { 0, 0, 0, 0, 0, 0 };

	classify8(p, 0, t);	/* the eight words, each a constant j */
	classify8(p, 1, t);
	classify8(p, 2, t);
	classify8(p, 3, t);
	classify8(p, 4, t);
	classify8(p, 5, t);
	classify8(p, 6, t);
	classify8(p, 7, t);
	k->dig = transpose(t[0]);
	k->lead = transpose(t[1]);
	k->low = transpose(t[2]);
	k->dot = transpose(t[3]);
	k->sep = transpose(t[4]) & ~(k->dig | k->dot);	/* "/" stays */
	k->nl = transpose(t[5]);
}
#endif

#if defined(__GNUC__) && defined(__x86_64__) && SC_SCAN_ISA >= 2
#define HAVE_AVX2 1
#include <immintrin.h>

#define RANGE32(x, lo, n) _mm256_cmpgt_epi8(_mm256_set1_epi8((char)((n) - 128)), \
	_mm256_add_epi8((x), _mm256_set1_epi8((char)(unsigned char)(128 - (lo)))))
#define EQ32(x, c)	_mm256_cmpeq_epi8((x), _mm256_set1_epi8((char)(c)))
#define MASK32(v)	((uint64_t)(unsigned)_mm256_movemask_epi8(v))

__attribute__((target("avx2"))) static INLINE void
classify_avx2(const unsigned char *p, struct blk *k)
{
	__m256i v = _mm256_loadu_si256((const __m256i *)(const void *)p);
	__m256i w = _mm256_loadu_si256((const __m256i *)(const void *)(p + 32));

	k->dig = MASK32(RANGE32(v, '0', 10)) | MASK32(RANGE32(w, '0', 10)) << 32;
	k->lead = MASK32(RANGE32(v, '2', 4)) | MASK32(RANGE32(w, '2', 4)) << 32;
	k->low = MASK32(RANGE32(v, '0', 6)) | MASK32(RANGE32(w, '0', 6)) << 32;
	k->sep = MASK32(_mm256_or_si256(RANGE32(v, 0, '-' + 1),
	    EQ32(v, ':'))) | MASK32(_mm256_or_si256(RANGE32(w, 0, '-' + 1),
	    EQ32(w, ':'))) << 32;
	k->dot = MASK32(EQ32(v, '.')) | MASK32(EQ32(w, '.')) << 32;
	k->nl = MASK32(EQ32(v, '\n')) | MASK32(EQ32(w, '\n')) << 32;
}
#endif

#if defined(HAVE_AVX2) && SC_SCAN_ISA >= 3
#define HAVE_AVX512 1

/* 64 bytes, straight into the bits of mask registers */
__attribute__((target("avx512bw"))) static INLINE void
classify_avx512(const unsigned char *p, struct blk *k)
{
	__m512i v = _mm512_loadu_si512((const void *)p);
	__m512i d = _mm512_sub_epi8(v, _mm512_set1_epi8('0'));

	k->dig = _mm512_cmplt_epu8_mask(d, _mm512_set1_epi8(10));
	k->low = _mm512_cmplt_epu8_mask(d, _mm512_set1_epi8(6));
	k->lead = _mm512_cmplt_epu8_mask(_mm512_sub_epi8(d,
	    _mm512_set1_epi8(2)), _mm512_set1_epi8(4));
	k->sep = _mm512_cmplt_epu8_mask(v, _mm512_set1_epi8('-' + 1)) |
	    _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8(':'));
	k->dot = _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('.'));
	k->nl = _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('\n'));
}
#endif

typedef void classify_fn(const unsigned char *, struct blk *);

/* The block of 64 bytes at q, padded with nothing past len. */
static INLINE void
load(const unsigned char *b, size_t len, size_t q, struct blk *k,
    classify_fn *cls)
{
	unsigned char t[64];

	if (len - q >= 64) {
		cls(b + q, k);
	} else {
		memset(t, 0, sizeof t);
		memcpy(t, b + q, len - q);
		cls(t, k);
	}
}

/* The lowest and the highest set bit of m, m != 0. */
#if defined(__GNUC__)
#define low(m)	((unsigned)__builtin_ctzll(m))
#define high(m)	(63u - (unsigned)__builtin_clzll(m))
#else
static unsigned
low(uint64_t m)
{
	unsigned j = 0;

	while (!(m & 1)) {
		m >>= 1;
		j++;
	}
	return j;
}

static unsigned
high(uint64_t m)
{
	unsigned j = 63;

	while (!(m >> 63)) {
		m <<= 1;
		j--;
	}
	return j;
}
#endif

/*
 * Before p's line is looked at, what the rules would reject at once:
 * rule 1 (glue before, and what follows three digits), then rules 2-4
 * at a glance.  A reply code needs a status code of its class right
 * after it (rule 2: after a blank or "#", or ": " as in "550: 5.1.1") or
 * a reply position (the "," of rule 2b follows one, "ERROR_CODE :550,");
 * a status code a reply code, a key, a "#" or a reply position before
 * it.  So the byte before it, past an optional quote and blanks, must be
 * one that can end a reply
 * position (rule 4: the line's start, or a C_REND byte, which holds the
 * "=" and ":" of a status key too), or a digit before a status code
 * (rule 3a).  b[p-1] is the previous line's "\n" when p starts a line;
 * "\n" or "\r" after three digits may end the line.  The byte classes
 * are the rules' own, so a rule that needs another byte here needs it in
 * its class first.
 */
static INLINE int
plausible(const unsigned char *b, size_t len, size_t p)
{
	int c = p > 0 ? b[p - 1] : '\n', c1 = b[p + 1], c3;
	size_t q, stop;

	if (GLUED(b, p) && !(c == '-' && c1 == '.'))
		return 0;	/* only the "-" of "550-5.7.1" */
	if (c1 == '.') {
		if (c == '#')
			return 1;
	} else {
		if (c1 > '5')
			return 0;
		if (p + 3 >= len)
			return 1;
		c3 = b[p + 3];
		if (c3 == ':')	/* only in the pair "550: 5.1.1" */
			return p + 5 < len && b[p + 4] == ' ' &&
			    b[p + 5] == b[p];
		if (!IS(c3, C_AFTER) && c3 != '\n' && c3 != '\r' && c3 != ',')
			return 0;
		if (p + 5 < len && (b[p + 4] == b[p] ||
		    (b[p + 4] == '#' && b[p + 5] == b[p])))
			return 1;
	}
	q = p;
	if (q > 0 && (b[q - 1] == '"' || b[q - 1] == '\''))
		q--;
	stop = q > SC_SCAN_BACK ? q - SC_SCAN_BACK : 0;
	while (q > stop && IS(b[q - 1], C_SPACE))
		q--;
	if (q == stop || b[q - 1] == '\n' || IS(b[q - 1], C_REND))
		return 1;
	return c1 == '.' && ISDIG(b[q - 1]);
}

/*
 * The scan itself, for sc_scan() (lines 0: buf is one line, or a window
 * of one) and sc_scan_lines() (lines 1: each hit's line is the one that
 * holds it).  Returns how many hits; *at is where to go on.
 */
static INLINE size_t
scan(const unsigned char *b, size_t len, size_t *at, size_t lim, int eol,
    int lines, struct sc_hit *hits, size_t max, classify_fn *cls)
{
	static const struct blk none = { 0, 0, 0, 0, ~(uint64_t)0, 0 };
	struct blk k2[2], *cu = &k2[0], *nx = &k2[1], *sw;
	uint64_t c, m, num, prev;
	size_t i = *at, q, p, ls = 0, le = 0, ce = len, n = 0, k, t, next;
	const unsigned char *nl;
	unsigned j;

	if (lines) {
		/*
		 * The start of i's line, or a point more than SC_SCAN_BACK
		 * before i: a decision reads no further back (and takes it
		 * for no line start), so a long line costs no long walk.
		 */
		for (ls = i; ls > 0 && i - ls <= SC_SCAN_BACK &&
		    b[ls - 1] != '\n'; ls--)
			;
		lim = len;
	}
	prev = i > 0 && (ISDIG(b[i - 1]) || b[i - 1] == '.');
	if (i < lim)
		load(b, len, i, cu, cls);
	for (q = i; q < lim; q += 64, sw = cu, cu = nx, nx = sw) {
		if (len - q > 64)
			load(b, len, q + 64, nx, cls);
		else	/* past the end: nothing, which separates */
			*nx = none;
		num = cu->dig | cu->dot;
		c = ~(num << 1 | prev) & cu->lead &
		    (cu->dig >> 2 | nx->dig << 62) &
		    (((cu->low >> 1 | nx->low << 63) &
		    (cu->sep >> 3 | nx->sep << 61)) |
		    (cu->dot >> 1 | nx->dot << 63));
		prev = num >> 63;
		if (SC_SCAN_EVERY)
			c = ~(uint64_t)0;
		if (lim - q < 64)
			c &= ((uint64_t)1 << (lim - q)) - 1;
		for (; c != 0; c &= c - 1) {
			j = low(c);
			if ((p = q + j) < i ||
			    (!SC_SCAN_EVERY && !plausible(b, len, p)))
				continue;	/* inside a hit, or glued */
			if (lines && p >= le) {	/* a new line: its bounds */
				if ((m = cu->nl & (((uint64_t)1 << j) - 1)) != 0)
					ls = q + high(m) + 1;
				if ((m = cu->nl >> j) != 0)
					le = p + low(m);
				else if (len - q > 64 && nx->nl != 0)
					le = q + 64 + low(nx->nl);
				else if (len - q > 64 && (nl = memchr(b + q + 64,
				    '\n', len - q - 64)) != NULL)
					le = (size_t)(nl - b);
				else
					le = len;
				ce = le < len && le > ls && b[le - 1] == '\r' ?
				    le - 1 : le;
			}
			k = sc_scan_decide(b + ls, ce - ls, eol,
			    lines ? ce - ls : lim, p - ls, hits + n, max - n,
			    &next);
			if (k == 0)
				continue;
			for (t = n; t < n + k; t++) {
				hits[t].off += ls;
				hits[t].end = lines ? le : len;
			}
			n += k;
			i = ls + next;	/* no hit starts inside another */
			if (n == max) {
				*at = i;
				return n;
			}
		}
		if (lines && cu->nl != 0)
			ls = q + high(cu->nl) + 1;
	}
	*at = len;
	return n;
}

static size_t
scan_base(const unsigned char *b, size_t len, size_t *at, size_t lim,
    int eol, int lines, struct sc_hit *hits, size_t max)
{
	return scan(b, len, at, lim, eol, lines, hits, max, classify);
}

#ifdef HAVE_AVX2
__attribute__((target("avx2"))) static size_t
scan_avx2(const unsigned char *b, size_t len, size_t *at, size_t lim,
    int eol, int lines, struct sc_hit *hits, size_t max)
{
	return scan(b, len, at, lim, eol, lines, hits, max, classify_avx2);
}
#endif

#ifdef HAVE_AVX512
__attribute__((target("avx512bw"))) static size_t
scan_avx512(const unsigned char *b, size_t len, size_t *at, size_t lim,
    int eol, int lines, struct sc_hit *hits, size_t max)
{
	return scan(b, len, at, lim, eol, lines, hits, max, classify_avx512);
}
#endif

#ifdef HAVE_AVX2
#include <cpuid.h>

/*
 * The widest vector code this processor and its system run: 3 AVX-512BW,
 * 2 AVX2, 0 neither.  Asked once, at the first scan, with CPUID and
 * XGETBV (not __builtin_cpu_supports, whose start-up constructor every
 * run of the program would pay for, lookups too).
 */
static int
vector_width(void)
{
	static int level = -1;
	unsigned a, b, c, d, xcr0 = 0, hi;

	if (level >= 0)
		return level;
	level = 0;
	if (__get_cpuid(1, &a, &b, &c, &d) && (c & bit_OSXSAVE) &&
	    (c & bit_AVX)) {
		__asm__ __volatile__("xgetbv" : "=a"(xcr0), "=d"(hi) : "c"(0));
		(void)hi;
	}
	if ((xcr0 & 0x06) == 0x06 && __get_cpuid_count(7, 0, &a, &b, &c, &d)) {
		if (b & bit_AVX2)
			level = 2;
#ifdef HAVE_AVX512
		/* and the opmask and upper ZMM state (XCR0 bits 5-7) */
		if ((xcr0 & 0xe6) == 0xe6 && (b & bit_AVX512F) &&
		    (b & bit_AVX512BW))
			level = 3;
#endif
	}
	return level;
}
#endif

SC_SHARED size_t
sc_scan_fast(const unsigned char *b, size_t len, size_t *at, size_t lim,
    int eol, int lines, struct sc_hit *hits, size_t max)
{
#ifdef HAVE_AVX2
	int w = vector_width();

#ifdef HAVE_AVX512
	if (w >= 3)
		return scan_avx512(b, len, at, lim, eol, lines, hits, max);
#endif
	if (w >= 2)
		return scan_avx2(b, len, at, lim, eol, lines, hits, max);
#endif
	return scan_base(b, len, at, lim, eol, lines, hits, max);
}

/*
 * How many "\n" in p[0..n) (the line count of --summary and --json), with
 * the vectors the scan uses: 64 bytes a step into a mask and its bits
 * counted; eight bytes to a word in the portable code.  Built in every
 * build of this file, under the name the build gives sc_count_newlines.
 */
static size_t
nl_words(const unsigned char *p, size_t n)
{
	const uint64_t ones = 0x0101010101010101u, low7 = ones * 0x7f;
	size_t c = 0, i = 0;
	uint64_t w;

	for (; n - i >= 8; i += 8) {
		memcpy(&w, p + i, 8);
		w ^= ones * '\n';	/* a zero byte where "\n" was */
		w = ~(((w & low7) + low7) | w) & ones * 0x80;
		c += (size_t)((w >> 7) * ones >> 56);	/* the bytes' sum */
	}
	for (; i < n; i++)
		c += p[i] == '\n';
	return c;
}

#if defined(__SSE2__) && SC_SCAN_ISA >= 1
static size_t
nl_sse2(const unsigned char *p, size_t n, size_t *done)
{
	const __m128i nl = _mm_set1_epi8('\n');
	size_t c = 0, i = 0, k;
	uint64_t m;

	for (; n - i >= 64; i += 64) {
		for (m = 0, k = 0; k < 4; k++)
			m |= MASK(_mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)
			    (const void *)(p + i + 16 * k)), nl)) << (16 * k);
		c += (size_t)__builtin_popcountll(m);
	}
	*done = i;
	return c;
}
#endif

#ifdef HAVE_AVX2
__attribute__((target("avx2"))) static size_t
nl_avx2(const unsigned char *p, size_t n, size_t *done)
{
	size_t c = 0, i = 0;

	for (; n - i >= 64; i += 64)
		c += (size_t)__builtin_popcountll(MASK32(EQ32(_mm256_loadu_si256(
		    (const __m256i *)(const void *)(p + i)), '\n')) |
		    MASK32(EQ32(_mm256_loadu_si256((const __m256i *)
		    (const void *)(p + i + 32)), '\n')) << 32);
	*done = i;
	return c;
}
#endif

#ifdef HAVE_AVX512
__attribute__((target("avx512bw"))) static size_t
nl_avx512(const unsigned char *p, size_t n, size_t *done)
{
	const __m512i nl = _mm512_set1_epi8('\n');
	size_t c = 0, i = 0;

	for (; n - i >= 64; i += 64)
		c += (size_t)__builtin_popcountll(_mm512_cmpeq_epi8_mask(
		    _mm512_loadu_si512((const void *)(p + i)), nl));
	*done = i;
	return c;
}
#endif

/*
 * The widest vectors this build may use here, for the other passes over
 * whole logs (report.c): 3 AVX-512BW, 2 AVX2, 0 neither; capped by
 * SC_SCAN_ISA like the scan.  One probe for the program (not in the
 * builds of this file under other names: see scan_impl.h).
 */
#if !SC_SCAN_ONE_FILE
int
sc_vector_width(void)
{
#ifdef HAVE_AVX2
	return vector_width();
#else
	return 0;
#endif
}
#endif

size_t
sc_count_newlines(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t c = 0, done = 0;

#ifdef HAVE_AVX2
	int w = vector_width();

#ifdef HAVE_AVX512
	if (w >= 3)
		c = nl_avx512(p, n, &done);
	else
#endif
	if (w >= 2)
		c = nl_avx2(p, n, &done);
	else
#endif
	{
#if defined(__SSE2__) && SC_SCAN_ISA >= 1
		c = nl_sse2(p, n, &done);
#endif
	}
	return c + nl_words(p + done, n - done);
}
