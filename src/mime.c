/*
 * mime.c - the MIME layer of the bounce-message reader: header
 * sections, multipart boundaries, transfer encodings, and what is kept
 * of each part for message.c to read.
 *
 * It is given the message one line at a time (a line longer than
 * SC_MR_LINE in pieces: only a line's first piece can be a header
 * field, a boundary or a cut) and keeps, in fixed buffers:
 *
 *   hdr[]   the message's own header, one unfolded field a line;
 *   text[]  the text of its text/plain parts (and of the preambles of
 *           its multiparts, so that a multipart whose boundary never
 *           comes is read as text), decoded, each part a segment,
 *           each stopped at the line that announces the copy of the
 *           original message ("--- Below this line is a copy of the
 *           message.", "----- Original message -----", ...);
 *   html[]  the same for text/html, tags dropped, entities decoded;
 *   dsn[]   its message/delivery-status parts, decoded.
 *
 * Everything else (message/rfc822, text/rfc822-headers, attachments,
 * epilogues, text after a cut) is read past: a line costs a look at
 * its first two bytes.  Quoted-printable is decoded line by line,
 * base64 as a stream that skips what is not base64.  A buffer that
 * fills up keeps what it has, and the message is marked truncated.
 */
#include <stdint.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "message.h"

#if defined(__GNUC__)
#define SC_MR_INLINE inline __attribute__((always_inline))
#else
#define SC_MR_INLINE inline
#endif

#define lower sc_mr_lower
#define iprefix sc_mr_iprefix
#define ihas sc_mr_ihas

/*
 * sc_mr_find()'s index of a phrase table: the phrases by first byte,
 * each chain in the table's order, and which first two bytes occur
 * (each byte ORed with 0x20, its low 6 bits: a filter, so collisions
 * only cost a look).  Built on a table's first use and kept, per
 * thread, by the table's address (every table is a static array), so a
 * line costs only its scan.
 */
struct phindex {
	const struct sc_mr_ph *ph;	/* NULL: a free slot */
	size_t nph;
	uint64_t pair[64];		/* by first byte: second bytes */
	unsigned char head[256];	/* by any case of the first byte */
	unsigned char next[64];
	unsigned char other[2];		/* first bytes that are no letters */
	unsigned nother;		/* how many; 3: more than other[] */
};
#define PHINDEX_SLOTS 32		/* more than the reader's tables */
static _Thread_local struct phindex phindex[PHINDEX_SLOTS];

static const struct phindex *
index_of(const struct sc_mr_ph *ph, size_t nph)
{
	size_t h = (size_t)((uintptr_t)ph >> 4) % PHINDEX_SLOTS, i, k;
	struct phindex *x;

	if (nph > sizeof phindex[0].next)
		nph = sizeof phindex[0].next;
	for (i = 0; i < PHINDEX_SLOTS; i++) {
		x = &phindex[(h + i) % PHINDEX_SLOTS];
		if (x->ph == NULL)
			break;
		if (x->ph == ph && x->nph == nph)
			return x;
	}
	if (i == PHINDEX_SLOTS)
		x = &phindex[h];	/* full: rebuild in place */
	x->ph = ph;
	x->nph = nph;
	memset(x->pair, 0, sizeof x->pair);
	memset(x->head, 0, sizeof x->head);
	for (k = nph; k-- > 0; ) {
		unsigned char c = (unsigned char)ph[k].s[0];
		unsigned char d = (unsigned char)ph[k].s[1];

		x->pair[(c | 0x20u) & 63] |= (uint64_t)1 << ((d | 0x20u) & 63);
		x->next[k] = x->head[c];
		x->head[c] = (unsigned char)(k + 1);
	}
	for (k = 'A'; k <= 'Z'; k++)	/* phrases are lower case */
		x->head[k] = x->head[k + ('a' - 'A')];
	x->nother = 0;
	for (k = 0; k < 256; k++)
		if (x->head[k] != 0 && ((k | 0x20u) - 'a') >= 26u) {
			if (x->nother < 2)
				x->other[x->nother] = (unsigned char)k;
			x->nother += x->nother < 3;
		}
	return x;
}

/* Does a phrase of x begin at u[i] (i + 1 < n)?  Its index + 1, or 0. */
static SC_MR_INLINE size_t
phrase_at(const struct phindex *x, const struct sc_mr_ph *ph,
    const unsigned char *u, size_t n, size_t i)
{
	size_t k, j;

	if (!(x->pair[(u[i] | 0x20u) & 63] >> ((u[i + 1] | 0x20u) & 63) & 1))
		return 0;
	for (k = x->head[u[i]]; k != 0; k = x->next[k - 1]) {
		const struct sc_mr_ph *q = &ph[k - 1];

		if (n - i < q->n)
			continue;
		for (j = 1; j < q->n; j++)
			if (lower(u[i + j]) != q->s[j])
				break;
		if (j == q->n)
			return k;
	}
	return 0;
}

size_t
sc_mr_find(const char *p, size_t n, const struct sc_mr_ph *ph, size_t nph,
    size_t *which)
{
	const unsigned char *u = (const unsigned char *)p;
	const struct phindex *x;
	size_t i = 0, k;
	unsigned c;

	if (n < 2 || ph == NULL || nph == 0)
		return n;
	x = index_of(ph, nph);
#ifdef __SSE2__
	/*
	 * 16 bytes at a time: the positions where a word begins (a letter
	 * not after a letter) and those of the other first bytes, then each
	 * of them as below.
	 */
	if (x->nother <= 2) {
		const __m128i bias = _mm_set1_epi8((char)(unsigned char)(128 - 'a'));
		const __m128i lim = _mm_set1_epi8((char)(26 - 128));
		const __m128i o0 = _mm_set1_epi8((char)x->other[0]);
		const __m128i o1 = _mm_set1_epi8((char)x->other[1]);
		const __m128i low = _mm_set1_epi8(0x20);
		unsigned carry = 0, alpha, cand;

		for (; n - i > 16; i += 16) {
			__m128i v = _mm_loadu_si128((const __m128i *)
			    (const void *)(u + i));

			alpha = (unsigned)_mm_movemask_epi8(_mm_cmplt_epi8(
			    _mm_add_epi8(_mm_or_si128(v, low), bias), lim));
			cand = alpha & ~(alpha << 1 | carry);
			if (x->nother > 0)
				cand |= (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v,
				    o0));
			if (x->nother > 1)
				cand |= (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v,
				    o1));
			carry = alpha >> 15 & 1;
			for (; cand != 0; cand &= cand - 1) {
				size_t at = i + (size_t)__builtin_ctz(cand);

				if (x->head[u[at]] != 0 &&
				    (k = phrase_at(x, ph, u, n, at)) != 0) {
					if (which != NULL)
						*which = k - 1;
					return at;
				}
			}
		}
	}
#endif
	for (; i + 1 < n; i++) {
		c = u[i] | 0x20u;	/* letters: lower */
		if (x->head[u[i]] == 0)
			continue;
		/* a phrase begins a word: not after a letter */
		if (c - 'a' < 26u && i > 0 && ((u[i - 1] | 0x20u) - 'a') < 26u)
			continue;
		if ((k = phrase_at(x, ph, u, n, i)) != 0) {
			if (which != NULL)
				*which = k - 1;
			return i;
		}
	}
	return n;
}

size_t
sc_mr_fieldname(const char *p, size_t n)
{
	size_t i;

	/* RFC 5322 ftext: printable US-ASCII but ":"; "Name :" tolerated */
	for (i = 0; i < n && i < 80; i++) {
		unsigned char c = (unsigned char)p[i];

		if (c == ':')
			return i > 0 ? i : 0;
		if (c == ' ' || c == '\t') {
			size_t j = i;

			while (j < n && (p[j] == ' ' || p[j] == '\t'))
				j++;
			return j < n && p[j] == ':' && i > 0 ? i : 0;
		}
		if (c < 33 || c > 126)
			return 0;
	}
	return 0;
}

static int
isdig(int c)
{
	return c >= '0' && c <= '9';
}

/*
 * An mbox separator: "From " then a sender, then a date with its time.
 * 2 when the date also has a year, 1 when it only has a time hh:mm, 0
 * when the line is no separator ("From the desk of ...").
 */
int
sc_mr_fromline(const char *p, size_t n, int blank)
{
	size_t i = 5, k;
	int time = 0, year = 0;

	(void)blank;
	if (n < 7 || memcmp(p, "From ", 5) != 0 || p[5] == ' ')
		return 0;
	while (i < n && p[i] != ' ')
		i++;
	if (i >= n)
		return 0;
	for (k = i; k < n; k++) {
		if (k + 4 < n && isdig((unsigned char)p[k]) &&
		    p[k + 1] == ':' && isdig((unsigned char)p[k + 2]) &&
		    isdig((unsigned char)p[k + 3]))
			time = 1;
		if (k + 4 <= n && p[k - 1] == ' ' &&
		    (p[k] == '1' || p[k] == '2') &&
		    isdig((unsigned char)p[k + 1]) &&
		    isdig((unsigned char)p[k + 2]) &&
		    isdig((unsigned char)p[k + 3]) &&
		    (k + 4 == n || p[k + 4] == ' ' || p[k + 4] == '\r'))
			year = 1;
	}
	return !time ? 0 : year ? 2 : 1;
}

/* ---- what is kept ---- */

/*
 * Does a line of text announce the copy of the original message?  The
 * phrases bounce formats put before it, with the decorations around
 * them ("--- ", "-----", "|---", "===").
 */
static int
cut_line(const char *p, size_t n)
{
	enum { ALWAYS = 16, COPYOF = 22, DECO = 25 };
	static const struct sc_mr_ph ph[] = {
		/* the copy follows, wherever they stand */
		SC_MR_PH("content-type: message/rfc822"),
		SC_MR_PH("content-type: text/rfc822-headers"),
		SC_MR_PH("below this line"), SC_MR_PH("below the next line"),
		SC_MR_PH("message header follows"),
		SC_MR_PH("message headers follow"),
		SC_MR_PH("message text follows"),
		SC_MR_PH("header of the original"),
		SC_MR_PH("header of the source mail"),
		SC_MR_PH("returned mail follows"),
		SC_MR_PH("start of returned message"),
		SC_MR_PH("your message reads"),
		SC_MR_PH("original message headers"),
		SC_MR_PH("message you sent follows"),
		SC_MR_PH("lines of the message follow"),
		SC_MR_PH("lines of your original message"),
		/* when the line ends in ":", says "follows", or is decorated */
		SC_MR_PH("original message"), SC_MR_PH("unsent message"),
		SC_MR_PH("returned message"), SC_MR_PH("mensaje original"),
		SC_MR_PH("message follows"), SC_MR_PH("old message"),
		/* the same, but not "a copy of your message:" */
		SC_MR_PH("copy of the message"),
		SC_MR_PH("copy of your message"),
		SC_MR_PH("copy of the original"),
		/* on a decorated line */
		SC_MR_PH("returned mail"), SC_MR_PH("message header"),
		SC_MR_PH("original mail"), SC_MR_PH("message body")
	};
	size_t deco = 0, i = 0, k;
	int fol;

	while (i < n && (p[i] == ' ' || p[i] == '\t'))
		i++;
	p += i;
	n -= i;
	if (n < 8 || n > 160)
		return 0;
	for (i = 0; i < n && strchr("-=_*|#~<>", p[i]) != NULL; i++)
		deco++;
	if (sc_mr_find(p, n, ph, sizeof ph / sizeof ph[0], &k) >= n)
		return 0;
	if (k < ALWAYS)
		return 1;
	if (iprefix(p + i, n - i, "original-") ||
	    iprefix(p + i, n - i, "final-recipient"))
		return 0;
	if (k >= DECO)
		return deco >= 2;
	/* "follows", not "the following addresses" */
	fol = ihas(p, n, "follows") || ihas(p, n, "follow:") ||
	    ihas(p, n, "follow.") || iprefix(p + n - 6, 6, "follow") ||
	    ihas(p, n, "below") || p[n - 1] == ':' || deco >= 2;
	if (k >= COPYOF)
		return deco >= 2 || ihas(p, n, "below") ||
		    (fol && p[n - 1] != ':');
	return fol;
}

/* Append to the text of the part being read: text[] or html[]. */
static void
keep(struct sc_mreader *r, const char *p, size_t n)
{
	int html = r->ptype == SC_P_HTML;
	char *buf = html ? r->html : r->text;
	size_t *len = html ? &r->htmllen : &r->textlen;
	size_t cap = html ? SC_MR_HTML : SC_MR_TEXT;
	const char *nl;
	size_t k;

	while (n > 0 && !r->pcut) {
		nl = memchr(p, '\n', n);
		k = nl ? (size_t)(nl - p) + 1 : n;
		if (*len - r->capline + k > SC_MR_KEEPLINE + (nl != NULL)) {
			/* longer than any line of a bounce: keep its start */
			size_t room = r->capline + SC_MR_KEEPLINE > *len ?
			    r->capline + SC_MR_KEEPLINE - *len : 0;

			r->flags |= SC_BOUNCE_TRUNCATED;
			if (room > cap - *len)
				room = cap - *len;
			memcpy(buf + *len, p, room);
			*len += room;
			if (nl == NULL)
				break;
			n -= (size_t)(nl - p);	/* on to its end */
			p = nl;
			k = 1;
		}
		if (cap - *len < k) {
			r->flags |= SC_BOUNCE_TRUNCATED;
			r->pcut = 1;
			return;
		}
		memcpy(buf + *len, p, k);
		*len += k;
		p += k;
		n -= k;
		if (nl == NULL)
			break;
		/* a line ended: is it the cut? */
		if (cut_line(buf + r->capline, *len - 1 - r->capline)) {
			if (r->cutlen == 0) {
				r->cutlen = *len - 1 - r->capline;
				if (r->cutlen > sizeof r->cutline)
					r->cutlen = sizeof r->cutline;
				memcpy(r->cutline, buf + r->capline, r->cutlen);
			}
			*len = r->capline;
			r->pcut = 1;
		}
		r->capline = *len;
	}
	if (r->nseg > 0)
		r->seg[r->nseg - 1].len =
		    (unsigned)(*len - r->seg[r->nseg - 1].off);
}

static void
keep_dsn(struct sc_mreader *r, const char *p, size_t n)
{
	if (SC_MR_DSN - r->dsnlen < n) {
		r->flags |= SC_BOUNCE_TRUNCATED;
		n = SC_MR_DSN - r->dsnlen;
	}
	memcpy(r->dsn + r->dsnlen, p, n);
	r->dsnlen += n;
}

/* ---- HTML to text ---- */

static void
html_put(struct sc_mreader *r, const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		int ws = p[i] == ' ' || p[i] == '\n';

		if (ws && r->html_ws)
			continue;
		keep(r, p + i, 1);
		r->html_ws = ws;
	}
}

/* A tag ended: does it break the line, or begin or end a skipped run? */
static void
html_tagend(struct sc_mreader *r)
{
	const char *t = r->html_name;
	size_t n = r->html_namelen;
	int close = n > 0 && t[0] == '/';

	if (close) {
		t++;
		n--;
	}
	if ((n == 5 && memcmp(t, "style", 5) == 0) ||
	    (n == 6 && memcmp(t, "script", 6) == 0)) {
		r->html_skip = !close;
		return;
	}
	if ((n == 1 && t[0] == 'p') || (n == 3 && memcmp(t, "div", 3) == 0) ||
	    (n == 2 && t[0] == 'h' && t[1] >= '1' && t[1] <= '6') ||
	    (n == 5 && memcmp(t, "table", 5) == 0) ||
	    (n == 3 && memcmp(t, "pre", 3) == 0) ||
	    (n == 10 && memcmp(t, "blockquote", 10) == 0)) {
		html_put(r, "\n", 1);
		r->html_ws = 0;
		html_put(r, "\n", 1);
	} else if ((n == 2 && memcmp(t, "br", 2) == 0) ||
	    (n == 2 && memcmp(t, "tr", 2) == 0) ||
	    (n == 2 && memcmp(t, "li", 2) == 0) ||
	    (n == 2 && memcmp(t, "hr", 2) == 0)) {
		r->html_ws = 0;
		html_put(r, "\n", 1);
	} else if ((n == 2 && (memcmp(t, "td", 2) == 0 ||
	    memcmp(t, "th", 2) == 0)) && !close) {
		html_put(r, " ", 1);
	}
}

static size_t
utf8(char *d, unsigned long c)
{
	if (c < 0x80) {
		d[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		d[0] = (char)(0xc0 | c >> 6);
		d[1] = (char)(0x80 | (c & 0x3f));
		return 2;
	}
	if (c < 0x10000) {
		d[0] = (char)(0xe0 | c >> 12);
		d[1] = (char)(0x80 | (c >> 6 & 0x3f));
		d[2] = (char)(0x80 | (c & 0x3f));
		return 3;
	}
	d[0] = (char)(0xf0 | c >> 18);
	d[1] = (char)(0x80 | (c >> 12 & 0x3f));
	d[2] = (char)(0x80 | (c >> 6 & 0x3f));
	d[3] = (char)(0x80 | (c & 0x3f));
	return 4;
}

static void
html_entity(struct sc_mreader *r)
{
	static const struct {
		const char *name, *text;
	} ent[] = {
		{ "lt", "<" }, { "gt", ">" }, { "amp", "&" }, { "quot", "\"" },
		{ "apos", "'" }, { "nbsp", " " }, { "#39", "'" }
	};
	const char *e = r->html_ent;
	size_t n = r->html_entlen, i;
	unsigned long c = 0;
	char u[4];

	if (n >= 2 && e[0] == '#') {
		int hex = e[1] == 'x' || e[1] == 'X';

		for (i = hex ? 2 : 1; i < n; i++) {
			int d = e[i] >= '0' && e[i] <= '9' ? e[i] - '0' :
			    hex && lower((unsigned char)e[i]) >= 'a' &&
			    lower((unsigned char)e[i]) <= 'f' ?
			    lower((unsigned char)e[i]) - 'a' + 10 : -1;

			if (d < 0 || c > 0x10ffff)
				goto raw;
			c = c * (hex ? 16 : 10) + (unsigned long)d;
		}
		if (c == 0 || c > 0x10ffff || (c >= 0xd800 && c < 0xe000))
			goto raw;
		if (c == 0xa0)
			c = ' ';
		html_put(r, u, utf8(u, c));
		return;
	}
	for (i = 0; i < sizeof ent / sizeof ent[0]; i++)
		if (strlen(ent[i].name) == n &&
		    memcmp(ent[i].name, e, n) == 0) {
			html_put(r, ent[i].text, strlen(ent[i].text));
			return;
		}
raw:
	html_put(r, "&", 1);
	html_put(r, e, n);
	html_put(r, ";", 1);
}

static void
html_feed(struct sc_mreader *r, const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n && !r->pcut; i++) {
		unsigned char c = (unsigned char)p[i];

		if (r->html_tag == 1) {		/* in a tag */
			if (c == '>') {
				r->html_tag = 0;
				html_tagend(r);
			} else if (r->html_named) {
				;
			} else if (c == ' ' || c == '\t' || c == '\n' ||
			    c == '\r' || (c == '/' && r->html_namelen > 0)) {
				r->html_named = 1;
			} else if (r->html_namelen < sizeof r->html_name) {
				r->html_name[r->html_namelen++] =
				    (char)lower(c);
			} else {
				r->html_namelen = 0; /* too long */
				r->html_named = 1;
			}
			continue;
		}
		if (r->html_tag == 2) {		/* in an entity */
			if (c == ';') {
				r->html_tag = 0;
				html_entity(r);
				continue;
			}
			if (r->html_entlen < sizeof r->html_ent &&
			    ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			    isdig(c) || c == '#')) {
				r->html_ent[r->html_entlen++] = (char)c;
				continue;
			}
			r->html_tag = 0;
			html_put(r, "&", 1);
			html_put(r, r->html_ent, r->html_entlen);
			/* and c itself, below */
		}
		if (c == '<') {
			r->html_tag = 1;
			r->html_namelen = 0;
			r->html_named = 0;
			continue;
		}
		if (r->html_skip)
			continue;
		if (c == '&') {
			r->html_tag = 2;
			r->html_entlen = 0;
			continue;
		}
		if (c == '\r')
			continue;
		if (c == '\n' || c == '\t')
			c = ' ';
		{
			char ch = (char)c;

			html_put(r, &ch, 1);
		}
	}
}

/* Decoded bytes of the part being read, to where they are kept. */
static void
emit(struct sc_mreader *r, const char *p, size_t n)
{
	switch (r->ptype) {
	case SC_P_TEXT:
		keep(r, p, n);
		break;
	case SC_P_HTML:
		html_feed(r, p, n);
		break;
	case SC_P_DSN:
		keep_dsn(r, p, n);
		break;
	default:
		break;
	}
}

/* ---- transfer encodings ---- */

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = lower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

static void
qp_line(struct sc_mreader *r, const char *p, size_t n, int more)
{
	char buf[512];
	size_t i = 0, o = 0;
	int soft = 0;

	if (!more) {
		while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
			n--;
		if (n > 0 && p[n - 1] == '=') {
			soft = 1;
			n--;
		}
	}
	while (i < n) {
		int h, l;

		if (o >= sizeof buf - 1) {
			emit(r, buf, o);
			o = 0;
		}
		if (p[i] == '=' && i + 2 < n &&
		    (h = hexval((unsigned char)p[i + 1])) >= 0 &&
		    (l = hexval((unsigned char)p[i + 2])) >= 0) {
			buf[o++] = (char)(h << 4 | l);
			i += 3;
			continue;
		}
		buf[o++] = p[i++];
	}
	if (!more && !soft)
		buf[o++] = '\n';
	emit(r, buf, o);
}

/* -1 not base64, -2 "=" */
static const short b64tab[256] = {
#define N (-1)
	N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N,
	N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N,
	N, N, N, N, N, N, N, N, N, N, N, 62, N, N, N, 63,
	52, 53, 54, 55, 56, 57, 58, 59, 60, 61, N, N, N, -2, N, N,
	N, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14,
	15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, N, N, N, N, N,
	N, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40,
	41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, N, N, N, N, N,
	N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N,
	N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N,
	N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N,
	N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N,
	N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N,
	N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N,
	N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N,
	N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N
#undef N
};

static void
b64_line(struct sc_mreader *r, const char *p, size_t n)
{
	char buf[512];
	size_t i, o = 0;

	for (i = 0; i < n; i++) {
		int v = b64tab[(unsigned char)p[i]];

		if (v == -1)
			continue;
		if (v == -2) {	/* padding ends a quantum */
			r->b64acc = 0;
			r->b64n = 0;
			continue;
		}
		r->b64acc = (r->b64acc << 6 | (unsigned)v) & 0xffffff;
		r->b64n += 6;
		if (r->b64n >= 8) {
			r->b64n -= 8;
			buf[o++] = (char)(r->b64acc >> r->b64n & 0xff);
			if (o == sizeof buf) {
				emit(r, buf, o);
				o = 0;
			}
		}
	}
	emit(r, buf, o);
}

/* ---- header sections ---- */

/* The value of parameter name (lower case) in a Content-Type value. */
static size_t
ct_param(const char *v, size_t n, const char *name, char *out, size_t cap)
{
	size_t k = strlen(name), i, o = 0;

	for (i = 0; i + k < n; i++) {
		size_t j;

		if (!iprefix(v + i, n - i, name))
			continue;
		if (i > 0 && v[i - 1] != ';' && v[i - 1] != ' ' &&
		    v[i - 1] != '\t')
			continue;
		j = i + k;
		while (j < n && (v[j] == ' ' || v[j] == '\t'))
			j++;
		if (j >= n || v[j] != '=')
			continue;
		j++;
		while (j < n && (v[j] == ' ' || v[j] == '\t'))
			j++;
		if (j < n && v[j] == '"') {
			for (j++; j < n && v[j] != '"' && o < cap; j++) {
				if (v[j] == '\\' && j + 1 < n)
					j++;
				out[o++] = v[j];
			}
		} else {
			for (; j < n && v[j] != ';' && v[j] != ' ' &&
			    v[j] != '\t' && o < cap; j++)
				out[o++] = v[j];
		}
		return o;
	}
	return 0;
}

/* The kind of body a Content-Type value gives: SC_P_*, or -1 multipart. */
static int
ct_kind(const char *v, size_t n)
{
	size_t i = 0;

	while (i < n && (v[i] == ' ' || v[i] == '\t'))
		i++;
	v += i;
	n -= i;
	if (iprefix(v, n, "multipart/"))
		return -1;
	if (iprefix(v, n, "message/delivery-status") ||
	    iprefix(v, n, "message/global-delivery-status"))
		return SC_P_DSN;
	if (iprefix(v, n, "text/html"))
		return SC_P_HTML;
	if (iprefix(v, n, "text/rfc822-headers") ||
	    iprefix(v, n, "text/rfc822-header"))
		return SC_P_SKIP;
	if (iprefix(v, n, "message/rfc822") || iprefix(v, n, "message/global"))
		return SC_P_MSG;
	if (iprefix(v, n, "text/") || n == 0 || v[0] == ';')
		return SC_P_TEXT;
	return SC_P_SKIP;	/* application/..., image/..., ... */
}

/* The field in field[] is complete. */
static void
field_done(struct sc_mreader *r)
{
	const char *f = r->field;
	size_t n = r->fieldlen, k;

	r->fieldlen = 0;
	if (n == 0 || (k = sc_mr_fieldname(f, n)) == 0)
		return;
	if (r->top) {
		if (SC_MR_HDR - r->hdrlen > n) {
			memcpy(r->hdr + r->hdrlen, f, n);
			r->hdrlen += n;
			r->hdr[r->hdrlen++] = '\n';
		} else {
			r->flags |= SC_BOUNCE_TRUNCATED;
		}
		if ((k == 15 && iprefix(f, n, "final-recipient")) ||
		    (k == 18 && iprefix(f, n, "original-recipient")) ||
		    (k == 15 && iprefix(f, n, "diagnostic-code")) ||
		    (k == 13 && iprefix(f, n, "reporting-mta")))
			r->topdsn = 1;
	}
	while (k < n && f[k] != ':')
		k++;
	k++;
	if (r->inner == 1 && ((iprefix(f, n, "from:") &&
	    (ihas(f, n, "mailer-daemon") || ihas(f, n, "postmaster") ||
	    ihas(f, n, "mail delivery"))) || (iprefix(f, n, "subject:") &&
	    (ihas(f, n, "deliver") || ihas(f, n, "returned") ||
	    ihas(f, n, "failure") || ihas(f, n, "failed"))) ||
	    (iprefix(f, n, "content-type:") && ihas(f, n, "multipart/report"))))
		r->innerbounce = 1;
	if (iprefix(f, n, "content-type:") || iprefix(f, n, "content-type ")) {
		r->hasct = 1;
		r->htype = ct_kind(f + k, n - k);
		r->hbndlen = r->htype == -1 ? ct_param(f + k, n - k, "boundary",
						  r->hbnd, sizeof r->hbnd)
					    : 0;
	} else if (iprefix(f, n, "content-transfer-encoding")) {
		while (k < n && (f[k] == ' ' || f[k] == '\t'))
			k++;
		r->henc = iprefix(f + k, n - k, "quoted-printable") ? SC_E_QP :
		    iprefix(f + k, n - k, "base64") ? SC_E_B64 : SC_E_NONE;
	}
}

static void
field_add(struct sc_mreader *r, const char *p, size_t n)
{
	if (SC_MR_FIELD - r->fieldlen < n)
		n = SC_MR_FIELD - r->fieldlen;
	memcpy(r->field + r->fieldlen, p, n);
	r->fieldlen += n;
}

static void
body_begin(struct sc_mreader *r, int type, int pre)
{
	r->ptype = type;
	r->pcut = 0;
	r->b64acc = 0;
	r->b64n = 0;
	r->html_tag = 0;
	r->html_skip = 0;
	r->html_ws = 1;
	if (type == SC_P_TEXT || type == SC_P_HTML) {
		size_t len = type == SC_P_HTML ? r->htmllen : r->textlen;

		r->capline = len;
		if (r->nseg < SC_MR_SEGS) {
			r->seg[r->nseg].off = (unsigned)len;
			r->seg[r->nseg].len = 0;
			r->seg[r->nseg].html = type == SC_P_HTML;
			r->seg[r->nseg].pre = (unsigned char)pre;
			r->nseg++;
		} else if (r->seg[r->nseg - 1].html != (type == SC_P_HTML)) {
			r->ptype = SC_P_SKIP;	/* no segment left */
		}
	} else if (type == SC_P_DSN && r->dsnlen > 0) {
		keep_dsn(r, "\n", 1);
	}
}

static void hdr_begin(struct sc_mreader *r, int top);

/* The header section read, what does its body hold? */
static void
hdr_end(struct sc_mreader *r)
{
	int type, pre = 0;

	field_done(r);
	type = r->hasct ? r->htype : SC_P_TEXT;
	r->inhdr = 0;
	r->penc = r->henc;
	if (r->top && r->topdsn && !r->hasct) {
		/* DSN fields pasted alone: read them as a DSN part, and the
		   body as more of them if it begins with a field */
		keep_dsn(r, r->hdr, r->hdrlen);
		type = SC_P_PEND;
	}
	r->top = 0;
	if (type == SC_P_MSG) {
		/* a message in the message: its header first */
		hdr_begin(r, 0);
		r->inner = 1;
		r->innerbounce = 0;
		return;
	}
	if (type == SC_P_DSN && r->penc == SC_E_NONE)
		type = SC_P_PEND;	/* fields, or a notice mislabelled */
	if (r->inner == 1) {
		/* the message attached: the original, skipped, unless the
		   bounce is itself attached to a message that holds nothing
		   of its own (a gateway's or a user's forward) */
		r->inner = 0;
		if (!r->innerbounce || r->innerused || r->dsnlen > 0)
			type = SC_P_SKIP;
		else
			r->innerused = 1;
	}
	if (type == -1) {
		if (r->skipdeep) {
			type = SC_P_SKIP;
		} else if (r->hbndlen == 0) {
			r->flags |= SC_BOUNCE_NOBOUNDARY;
			type = SC_P_TEXT;	/* no boundary: as text */
		} else if (r->depth >= SC_MR_DEPTH) {
			r->flags |= SC_BOUNCE_DEEP;
			r->skipdeep = 1;
			type = SC_P_SKIP;
		} else {
			memcpy(r->bnd[r->depth].b, r->hbnd, r->hbndlen);
			r->bnd[r->depth].n = (unsigned char)r->hbndlen;
			r->bnd[r->depth].seen = 0;
			r->depth++;
			/* the preamble, as text in case no boundary comes */
			type = SC_P_TEXT;
			r->penc = SC_E_NONE;
			pre = 1;
		}
	} else if (r->skipdeep) {
		type = SC_P_SKIP;
	}
	body_begin(r, type, pre);
}

static void
hdr_begin(struct sc_mreader *r, int top)
{
	r->inhdr = 1;
	r->top = top;
	r->fieldlen = 0;
	r->hasct = 0;
	r->htype = SC_P_TEXT;
	r->henc = SC_E_NONE;
	r->hbndlen = 0;
	r->ptype = SC_P_SKIP;
}

void
sc_mr_begin(struct sc_mreader *r)
{
	r->nohdr = 0;
	r->flags = 0;
	r->depth = 0;
	r->skipdeep = 0;
	r->topdsn = 0;
	r->hdrlen = r->textlen = r->dsnlen = r->htmllen = 0;
	r->nseg = 0;
	r->seenfield = 0;
	r->inner = r->innerbounce = r->innerused = 0;
	r->cutlen = 0;
	hdr_begin(r, 1);
}

void
sc_mr_finish(struct sc_mreader *r)
{
	int i;

	if (r->inhdr)
		hdr_end(r);
	if (r->ptype == SC_P_HTML && r->html_tag == 2) {
		r->html_tag = 0;
		html_put(r, "&", 1);
		html_put(r, r->html_ent, r->html_entlen);
	}
	if (r->ptype == SC_P_TEXT || r->ptype == SC_P_HTML)
		emit(r, "\n", 1);	/* end its last line */
	for (i = 0; i < r->depth; i++)
		if (!r->bnd[i].seen)
			r->flags |= SC_BOUNCE_NOBOUNDARY;
	r->ptype = SC_P_SKIP;
}

/* Which open multipart's boundary is the line?  Its level, or -1. */
static int
boundary(struct sc_mreader *r, const char *p, size_t n, int *close)
{
	int i;

	for (i = r->depth - 1; i >= 0; i--) {
		size_t k = r->bnd[i].n, j;

		if (n < k + 2 || memcmp(p + 2, r->bnd[i].b, k) != 0)
			continue;
		j = k + 2;
		*close = 0;
		if (j + 2 <= n && p[j] == '-' && p[j + 1] == '-') {
			*close = 1;
			j += 2;
		}
		while (j < n && (p[j] == ' ' || p[j] == '\t'))
			j++;
		if (j == n)
			return i;
	}
	return -1;
}

void
sc_mr_line(struct sc_mreader *r, const char *p, size_t n, int more, int cont)
{
	int lvl, close;

	if (!cont && !more && n >= 2 && p[0] == '-' && p[1] == '-' &&
	    r->depth > 0 && (lvl = boundary(r, p, n, &close)) >= 0) {
		if (r->inhdr)
			field_done(r);
		else if (r->ptype == SC_P_TEXT || r->ptype == SC_P_HTML)
			emit(r, "\n", 1);
		r->bnd[lvl].seen = 1;
		r->skipdeep = 0;
		r->top = 0;
		if (close) {
			r->depth = lvl;
			r->inhdr = 0;
			r->ptype = SC_P_SKIP;	/* the epilogue */
		} else {
			r->depth = lvl + 1;
			hdr_begin(r, 0);
		}
		return;
	}
	if (r->inhdr) {
		if (cont) {
			field_add(r, p, n);
			return;
		}
		if (n == 0) {
			hdr_end(r);
			return;
		}
		if (p[0] == ' ' || p[0] == '\t') {
			if (r->fieldlen > 0) {
				field_add(r, " ", 1);
				while (n > 0 && (*p == ' ' || *p == '\t')) {
					p++;
					n--;
				}
				field_add(r, p, n);
			}
			return;
		}
		if (sc_mr_fieldname(p, n) > 0) {
			field_done(r);
			field_add(r, p, n);
			r->seenfield = 1;
			return;
		}
		/* not a header line: the header ended without its blank line */
		if (r->top && !r->seenfield)
			r->nohdr = 1;
		hdr_end(r);
	}
	if (r->ptype == SC_P_PEND) {
		if (n == 0 && !more)
			return;
		body_begin(
		    r, sc_mr_fieldname(p, n) > 0 ? SC_P_DSN : SC_P_TEXT, 0);
	}
	if (r->ptype == SC_P_SKIP || r->pcut)
		return;
	if (r->penc == SC_E_B64) {
		b64_line(r, p, n);
	} else if (r->penc == SC_E_QP) {
		qp_line(r, p, n, more);
	} else {
		emit(r, p, n);
		if (!more)
			emit(r, "\n", 1);
	}
}
