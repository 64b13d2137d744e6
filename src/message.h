/*
 * message.h - the bounce-message reader: what a bounce says about each
 * recipient, read from an RFC 5322 message or an mbox of many, as a
 * stream.  Public part first (to be merged into include/smtpcode.h),
 * then the internals message.c and mime.c share (for src/internal.h).
 *
 * What it reads, one message at a time:
 *
 *   - the MIME structure: multipart parts nested up to SC_MR_DEPTH,
 *     message/delivery-status (RFC 3464) and message/global-delivery-
 *     status (RFC 6533), the text/plain parts (text/html when there is
 *     no plain text), quoted-printable and base64 (invalid base64 is
 *     skipped over), folded header fields, any charset kept as bytes;
 *     the original message (message/rfc822, text/rfc822-headers, and in
 *     a plain-text bounce everything after "--- Below this line is a
 *     copy of the message." and its kin) is skipped;
 *   - a multipart whose boundary never comes, or a message with no
 *     MIME at all, is read as text; a message with no header (a bounce
 *     text pasted alone) too;
 *   - in the text, the bounce formats of the common servers, from the
 *     rules of their formats: Postfix, Sendmail (with its session
 *     transcript), Exim, qmail, Courier, Exchange and Office 365, Lotus
 *     Notes/Domino, Gmail, Yahoo, MDaemon, and the generic shapes of
 *     the rest (an address alone or leading its line, then the reply);
 *   - a "delivery-status" part whose first line is no field (a notice
 *     mislabelled) is read as text.
 *
 * A recipient for whom the bounce holds no reply (a queue time-out, a
 * delay warning, a failure of the reporting server itself) gets as its
 * text the notice's own explanation: the sentences of the first text
 * part, at most SC_MR_EXPL bytes from its first SC_MR_WIN lines, without
 * the lists of recipients (addresses are left out, the words around them
 * kept), the lines that describe the original message or copy header or
 * delivery-status fields, the sentences every notice has whatever
 * happened (greetings, who wrote it, whom to ask, a virus scanner's
 * footer), other recipients' blocks and any reply in the text, and
 * whatever follows a "Received:" or "Return-Path:" line.
 *
 * A notice without delivery-status fields whose first text part says
 * the sending server still tries ("delivery attempts will continue",
 * "has not yet been delivered", "will be retried", "has been delayed",
 * "this is a warning" and the like) and nowhere that it gave up
 * ("permanent error", "given up", "failed permanently", "will not be
 * retried"...) is a delay warning: its recipients get the action
 * "delayed", as a DSN would give them (RFC 3464 2.3.3), so that the
 * verdict's next step is to wait.
 *
 * Memory: one sc_mreader holds everything it uses, allocated once by
 * sc_mreader_new(): 3.4 MiB (sc_mr_size()), of which a message touches
 * what it needs (peak RSS under 2 MiB on an mbox of real bounces);
 * nothing else is allocated, whatever the input: the bound is 3.4 MiB
 * on any input, and an mbox of any size streams.  Of one message it
 * keeps at most SC_MR_TEXT bytes of human-readable text (SC_MR_KEEPLINE
 * of any one line), SC_MR_DSN of delivery-status fields, SC_MR_HTML of
 * text taken from HTML and SC_MR_HDR of its header; the rest is read
 * and skipped (the result then has SC_BOUNCE_TRUNCATED).  Lines longer
 * than SC_MR_LINE are read in pieces.  Multiparts nested deeper than
 * SC_MR_DEPTH are skipped (SC_BOUNCE_DEEP).
 */
#ifndef SMTPCODE_MESSAGE_H
#define SMTPCODE_MESSAGE_H

#include <stddef.h>
#include <string.h>

#include "smtpcode.h"

/* ---- internals, shared by message.c and mime.c ---- */

#define SC_MR_LINE ((size_t)16 * 1024)		/* longer lines: in pieces */
#define SC_MR_HDR ((size_t)64 * 1024)		/* the top-level header kept */
#define SC_MR_FIELD ((size_t)8 * 1024)		/* one header field, unfolded */
#define SC_MR_TEXT ((size_t)1024 * 1024)	/* human-readable text kept */
#define SC_MR_DSN ((size_t)512 * 1024)		/* delivery-status fields kept */
#define SC_MR_HTML ((size_t)256 * 1024)	/* text of HTML parts kept */
#define SC_MR_DEPTH 24			/* nested multiparts */
#define SC_MR_BND 200			/* a boundary's length (RFC: 70) */
#define SC_MR_SEGS 64			/* text parts of one message */
#define SC_MR_LINES ((size_t)64 * 1024)	/* lines of text analysed */
#define SC_MR_RCPTS 2048		/* recipients of one message */
#define SC_MR_OUT ((size_t)16 * 1024)		/* text of one result */
#define SC_MR_KEEPLINE ((size_t)8 * 1024)	/* kept of one line of text */
#define SC_MR_EXPL 1024			/* a notice's explanation */
#define SC_MR_WIN 256			/* lines of text it is looked for in */

/* Kinds of part body */
enum { SC_P_SKIP, SC_P_TEXT, SC_P_HTML, SC_P_DSN, SC_P_MSG, SC_P_PEND };
/* Content-Transfer-Encoding */
enum { SC_E_NONE, SC_E_QP, SC_E_B64 };

/* A run of captured text: one part's, in one of the buffers. */
struct sc_mseg {
	unsigned off, len;
	unsigned char html;	/* in html[], else in text[] */
	unsigned char pre;	/* a multipart's preamble */
};

struct sc_mana;		/* message.c: the analysis' work space */

struct sc_mreader {
	/* The stream */
	unsigned long long msgno;	/* messages begun */
	struct sc_mreader_stats st;
	int started;		/* a message has begun */
	int mbox;		/* the input began with "From " */
	int prevblank;		/* the last line was empty */
	size_t linelen;		/* of line[]: a line not ended yet */
	int linecont;		/* line[] continues a line begun before */

	/* The message */
	int inhdr;		/* in a header section */
	int seenfield;		/* the message's header has a field */
	int top;		/* ... the message's own */
	int nohdr;		/* the message had no header at all */
	unsigned flags;		/* SC_BOUNCE_* */
	int depth;		/* multipart levels open */
	struct {
		char b[SC_MR_BND];
		unsigned char n;
		unsigned char seen;	/* a line of it was read */
	} bnd[SC_MR_DEPTH];
	int skipdeep;		/* parts nested too deep: skipped */
	/* the header section being read */
	size_t fieldlen;
	int hasct;		/* a Content-Type was given */
	int htype;		/* what it says: SC_P_*, or -1 multipart */
	int henc;		/* SC_E_* */
	char hbnd[SC_MR_BND];
	size_t hbndlen;
	int topdsn;		/* the top header holds DSN fields */
	int inner;		/* in an attached message's header */
	int innerbounce;	/* ... which looks like a bounce's */
	int innerused;		/* an attached bounce was read */
	/* the body being read */
	int ptype;		/* SC_P_* */
	int penc;
	int pcut;		/* the text reached the copy of the original */
	unsigned b64acc;	/* base64 bits */
	int b64n;
	int html_tag;		/* html: 1 in a tag, 2 in an entity */
	int html_named;		/* the tag's name is read */
	int html_skip;		/* in <style>, <script>, <head> */
	char html_name[12];
	size_t html_namelen;
	char html_ent[12];
	size_t html_entlen;
	int html_ws;		/* the last byte written was white space */
	size_t capline;		/* where the line being kept starts */
	char cutline[80];	/* the line the text was cut at */
	size_t cutlen;

	/* What is kept of the message */
	size_t hdrlen, textlen, dsnlen, htmllen;
	unsigned nseg;
	struct sc_mseg seg[SC_MR_SEGS];

	struct sc_mana *ana;	/* in the same allocation */

	char line[SC_MR_LINE];
	char field[SC_MR_FIELD];
	char hdr[SC_MR_HDR];
	char text[SC_MR_TEXT];
	char dsn[SC_MR_DSN];
	char html[SC_MR_HTML];
};

/* mime.c */
void sc_mr_begin(struct sc_mreader *r);	/* a new message */
/* One line (or piece of one): more, it goes on; cont, it went on. */
void sc_mr_line(struct sc_mreader *r, const char *p, size_t n, int more,
    int cont);
/* The message ended: close what is open. */
void sc_mr_finish(struct sc_mreader *r);
/* Is "From ..." an mbox separator line?  blank: the line before was. */
int sc_mr_fromline(const char *p, size_t n, int blank);
/*
 * Where the first of the lower-case phrases ph[0..nph)
 * begins a word in p[0..n), ignoring case: its offset, and its index in
 * *which; n when none does.  ph must be a static table (its index is
 * kept by its address), of at most 64 phrases of 2 bytes or more.
 */
struct sc_mr_ph {
	const char *s;
	size_t n;
};
#define SC_MR_PH(s) { s, sizeof s - 1 }
size_t sc_mr_find(const char *p, size_t n, const struct sc_mr_ph *ph,
    size_t nph, size_t *which);
/* Case-blind helpers of the reader (ASCII), one copy for mime.c and message.c. */
static inline int
sc_mr_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

/* p[0..n) begins with the lower-case s, ignoring case. */
static inline int
sc_mr_iprefix(const char *p, size_t n, const char *s)
{
	size_t k = strlen(s), i;

	if (n < k)
		return 0;
	for (i = 0; i < k; i++)
		if (sc_mr_lower((unsigned char)p[i]) != s[i])
			return 0;
	return 1;
}

/* Where the lower-case s first stands in p[0..n), ignoring case; n if not. */
static inline size_t
sc_mr_ifind(const char *p, size_t n, const char *s)
{
	size_t k = strlen(s), i;

	if (n < k)
		return n;
	for (i = 0; i + k <= n; i++)
		if (sc_mr_lower((unsigned char)p[i]) == s[0] &&
		    sc_mr_iprefix(p + i, n - i, s))
			return i;
	return n;
}

/* The lower-case s stands in p[0..n), ignoring case ("" always does). */
static inline int
sc_mr_ihas(const char *p, size_t n, const char *s)
{
	return *s == '\0' || sc_mr_ifind(p, n, s) < n;
}

/* A header field name, then ":", begins p: the name's length, else 0. */
size_t sc_mr_fieldname(const char *p, size_t n);

/* message.c: analyse what mime.c kept, report each recipient. */
int sc_mr_report(struct sc_mreader *r, sc_bounce_fn *fn, void *ctx);
/* The size of a reader's one allocation. */
size_t sc_mr_size(void);

#endif
