/*
 * scan.c - find SMTP replies in one line of a mail log.
 *
 * sc_scan() reports two kinds of token, each as a hit with its offset
 * and length, in the order they stand in the line:
 *
 *   a reply code    three digits, the first 2-5, the second 0-5
 *                   (RFC 5321 4.2: "550"; never "571" or "600");
 *   a status code   class "." subject "." detail, class 2, 4 or 5,
 *                   subject and detail 0-999 without leading zeros
 *                   (RFC 3463: "5.1.1", "4.7.25", "5.12.345", registered
 *                   or not; never "5.01.1" or "3.1.1").
 *
 * A number of that shape is a hit only where the line says it is a
 * reply.  The rules, from the way the formats write replies:
 *
 * 1. Token boundaries.  Neither kind is glued to a word: the byte before
 *    it is not a letter, digit, byte >= 0x80 or one of . _ - / @ + % &
 *    \ $ (no hit inside 10.5.1.1, 211.75.6.133, pab.211, 1-2-3-4.host,
 *    size=5521, v5.1.1, ids, dates, times); the exceptions are the "-"
 *    of "550-5.7.1" and an escaped newline, the two bytes \n that Exim
 *    writes between the lines of a multi-line reply.  A reply code is
 *    followed by a space, tab, "-" or the end of the line; after "-", by
 *    a status code or by text that is not a number: "250-8BITMIME" and
 *    "550-5.7.1" begin lines of a reply, "211-75-6-133.host" does not.
 *    A status code is not followed by a letter, digit, or one of
 *    _ / @ + % & \ $, nor by "." or "-" and a letter or digit
 *    ("5.1.1.1", "2.11.0-rc1").
 *
 * 2. A reply code is a hit when it stands at a reply position (rule 4),
 *    or when one space or "-", an optional "#", and a status code of its
 *    own class follow it: "550 5.1.1", "421-4.7.0", "#550 5.1.1".  That
 *    pair is the reply syntax of RFC 2034 and says "reply" wherever it
 *    stands.
 *
 * 3. A status code is a hit when
 *    a. it follows three digits and one space or "-" (and an optional
 *       "#"), the first digit its class ("550 5.1.1"; "571 5.7.1" too,
 *       though 571 is no reply code), or follows a reply code that is
 *       at a reply position, whatever its class: Exchange's
 *       returned '550 4.4.7 QUEUE.Expired';
 *    b. it is the value of a status key, dsn= (Postfix, Sendmail),
 *       status= or Status: (RFC 3464), stat=, after optional spaces and
 *       quote: "dsn=5.1.1", "Status: 5.0.0 (permanent failure)";
 *    c. it stands at a reply position (rule 4), as in Postfix
 *       "milter-reject: END-OF-MESSAGE from h[a]: 5.7.1 Blocked";
 *    d. it is written "#5.0.0 smtp;", the Exchange and Notes diagnostic.
 *
 * 4. Reply positions.  Looking back from the code (or from a quote right
 *    before it) over spaces and tabs, the code begins a reply when it
 *    finds
 *    - for a reply code, the start of the line or an escaped newline \n:
 *      raw or indented replies, "220 mx ESMTP", Exim bounces' "    550
 *      5.1.1 ...", the later lines of a reply in Exim's log, "...]:
 *      550-One\n550 Two" (a line that begins with a status code is no
 *      reply: "2.11.0 (2016-08-08)" heads a changelog);
 *    - "<<", "<-", "<~", "<**" or "<~*": transcripts (Postfix and
 *      Sendmail bounces "<<< 550", Exim "SMTP<< 250", swaks);
 *    - KEY= with KEY reject, reply, stat or response (Sendmail reject=550,
 *      reply=; OpenSMTPD stat=), or, for a quoted value, also msg,
 *      message, lr, result or C (courier msg="535 ...", Haraka
 *      lr="550 ...", OpenSMTPD result="550 ...", Exim C="250 OK");
 *    - "(" after status=WORD or stat=WORD: Postfix "status=sent (250 Ok)";
 *    - ";" after the diagnostic type smtp, or anywhere after
 *      Diagnostic-Code: (RFC 3464 "Diagnostic-Code: smtp; 550 ...");
 *    - the word returned before a quote: Exchange "Remote Server returned
 *      '550 5.1.10 RESOLVER.ADR.RecipientNotFound'";
 *    - ":" and at least one space, the ":" after
 *        a host's address in brackets, alone or with a port: h[192.0.2.1]:
 *          [2001:db8::1]:25: [IPv6:...] [unknown] [private/dovecot-lmtp]
 *          (Postfix "RCPT from h[a]:", postscreen "[a]:port:", Exim
 *          "H=h [a]:", "I=[a]:25:");
 *        ">", an address: Exim "after RCPT TO:<x>:", courier "to=<x>:";
 *        said, or "to me": Postfix "host h[a] said:", "server h[a] said:",
 *          "refused to talk to me:";
 *        S: a transcript line "S: 250 ..." (Haraka, RFC examples);
 *        a program whose name ends in smtpd, with or without its pid:
 *          the SMTP server speaking ("qmail-smtpd: 421 ...");
 *        an SMTP command or state in capitals (CONNECT HELO EHLO LHLO MAIL
 *          RCPT DATA BDAT END-OF-MESSAGE RSET VRFY EXPN ETRN NOOP QUIT AUTH
 *          STARTTLS): Postfix proxy-reject "END-OF-MESSAGE:";
 *        stat=WORD: Sendmail "stat=Deferred: 421 ...";
 *      or after anything, when earlier in the look-back the line holds
 *      one of the phrases that announce a reply at their next ": ":
 *      "SMTP error from remote" (Exim, whose "after MAIL FROM:<a>
 *      SIZE=n:" or "after end of data:" may end in anything),
 *      "authenticator failed" (Exim, "... Ci=n: 535"), "rblsmtpd:"
 *      (ucspi-tcp's rblsmtpd, "...: 451 http://...").
 *    Keys, words and phrases match without regard to case, except S and
 *    the SMTP commands.  Nothing else makes a reply position: not a
 *    ": NNN" after any other word ("rate limit exceeded: 334 from",
 *    "Deleted: 115 messages"), not a bracket that holds no address
 *    ("[worker-3]: 250"), not "]:250" without a space (a port), not
 *    keys such as code=, delay=, nrcpt=, uid=, size=, score=.  code= is
 *    generic (HTTP statuses, exit codes): "code=550" is no hit,
 *    "code=550 5.7.1" is (rule 2).
 *
 * Every occurrence is reported: "dsn=5.1.1 ... said: 550 5.1.1" gives
 * three hits, the "550-5.7.1" that begins each line of a multi-line
 * reply, as Postfix joins them, one each.
 *
 * Windows.  A decision reads only the bytes from SC_SCAN_BACK before the
 * hit's first byte to SC_SCAN_AHEAD after it, so a long line fed in
 * windows gives the same hits as the whole line, provided the caller
 * keeps SC_SCAN_BACK bytes before `from` (all of the line when less of
 * it precedes `from`).  buf[0] is taken for the start of the line only
 * by a hit that starts less than SC_SCAN_BACK bytes into buf.  With eol
 * 0, no hit starts at len - SC_SCAN_AHEAD or later.  Bytes are bytes:
 * NUL, a lone CR, invalid UTF-8 are ordinary bytes (>= 0x80 counts as
 * part of a word, so as glue).
 *
 * Speed.  A fast pass (below) tests 64 positions at once for the
 * necessary shape of a hit; the rules above run only where it flags one.
 * sc_scan_lines() runs it over a buffer of many lines, so a line without
 * a flagged position costs nothing more.
 */
#include <stdint.h>
#include <string.h>

#include "smtpcode.h"

#if defined(__GNUC__)
#define INLINE	inline __attribute__((always_inline))
#else
#define INLINE	inline
#endif

#define C_DIG	1	/* 0-9 */
#define C_ALPHA	2	/* A-Z a-z */
#define C_UPPER	4	/* A-Z */
#define C_GLUE	8	/* joins a number to a word: see rule 1 */
#define C_WORD	16	/* alnum - _: what a key or keyword is made of */
#define C_SPACE	32	/* space, tab */

static const unsigned char ctab[256] = {
	 0,  0,  0,  0,  0,  0,  0,  0,  0, 32,  0,  0,  0,  0,  0,  0,
	 0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,
	32,  0,  0,  0,  8,  8,  8,  0,  0,  0,  0,  8,  0, 24,  8,  8,
	25, 25, 25, 25, 25, 25, 25, 25, 25, 25,  0,  0,  0,  0,  0,  0,
	 8, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30,
	30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30,  0,  8,  0,  0, 24,
	 0, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26,
	26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26,  0,  0,  0,  0,  0,
	 8,  8,  8,  8,  8,  8,  8,  8,  8,  8,  8,  8,  8,  8,  8,  8,
	 8,  8,  8,  8,  8,  8,  8,  8,  8,  8,  8,  8,  8,  8,  8,  8,
	 8,  8,  8,  8,  8,  8,  8,  8,  8,  8,  8,  8,  8,  8,  8,  8,
	 8,  8,  8,  8,  8,  8,  8,  8,  8,  8,  8,  8,  8,  8,  8,  8,
	 8,  8,  8,  8,  8,  8,  8,  8,  8,  8,  8,  8,  8,  8,  8,  8,
	 8,  8,  8,  8,  8,  8,  8,  8,  8,  8,  8,  8,  8,  8,  8,  8,
	 8,  8,  8,  8,  8,  8,  8,  8,  8,  8,  8,  8,  8,  8,  8,  8,
	 8,  8,  8,  8,  8,  8,  8,  8,  8,  8,  8,  8,  8,  8,  8,  8,
};

#define IS(c, k)	(ctab[(unsigned char)(c)] & (k))
#define ISDIG(c)	((unsigned)(c) - '0' < 10u)
/* b[i] is glued to what precedes it; an escaped newline \n is a break */
#define GLUED(b, i)	((i) > 0 && IS((b)[(i) - 1], C_GLUE) && \
	!((i) >= 2 && (b)[(i) - 1] == 'n' && (b)[(i) - 2] == '\\'))

/* Forward reads past the look-ahead: */
#define B_END	(-1)	/* the line ends here */
#define B_CUT	(-2)	/* beyond what a decision may read */

/* What one decision may read: [lo, hi) of b. */
struct win {
	const unsigned char *b;
	size_t lo, hi;
	int bol;	/* lo is the start of the line */
	int eol;	/* hi is the end of the line */
};

static void
win_at(struct win *w, const unsigned char *b, size_t len, int eol, size_t p)
{
	w->b = b;
	w->lo = p >= SC_SCAN_BACK ? p - SC_SCAN_BACK : 0;
	w->bol = p < SC_SCAN_BACK;
	w->hi = len - p > SC_SCAN_AHEAD ? p + SC_SCAN_AHEAD : len;
	w->eol = eol && w->hi == len;
}

static INLINE int
fwd(const struct win *w, size_t i)
{
	if (i < w->hi)
		return w->b[i];
	return i == w->hi && w->eol ? B_END : B_CUT;
}

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

/* b[i, i+n) equals the lower-case s, ignoring case. */
static int
ieq(const unsigned char *b, size_t i, const char *s, size_t n)
{
	size_t k;

	for (k = 0; k < n; k++)
		if (lower(b[i + k]) != s[k])
			return 0;
	return 1;
}

/* The lower-case phrase s stands somewhere in b[lo, end). */
static int
phrase(const struct win *w, size_t end, const char *s)
{
	size_t n = strlen(s), i;

	if (end - w->lo < n)
		return 0;
	for (i = w->lo; i + n <= end; i++)
		if (lower(w->b[i]) == s[0] && ieq(w->b, i, s, n))
			return 1;
	return 0;
}

/*
 * The word (alnum - _) that ends at end: its start in *start.  0 when
 * it is empty or may go on before the look-back.
 */
static int
word_before(const struct win *w, size_t end, size_t *start)
{
	size_t j = end;

	while (j > w->lo && IS(w->b[j - 1], C_WORD))
		j--;
	if (j == end || (j == w->lo && !w->bol))
		return 0;
	*start = j;
	return 1;
}

struct word {
	const char *s;
	size_t n;
};
#define WORD(s)	{ s, sizeof(s) - 1 }

/* The word before end is one of the words in list, ignoring case. */
static int
word_in(const struct win *w, size_t end, const struct word *list)
{
	size_t j, n;

	if (!word_before(w, end, &j))
		return 0;
	n = end - j;
	for (; list->s != NULL; list++)
		if (list->n == n && ieq(w->b, j, list->s, n))
			return 1;
	return 0;
}

static const struct word reply_keys[] = {
	WORD("reject"), WORD("reply"), WORD("stat"), WORD("response"),
	{ NULL, 0 }
};
static const struct word quoted_keys[] = {
	WORD("msg"), WORD("message"), WORD("lr"), WORD("result"), WORD("c"),
	{ NULL, 0 }
};
static const struct word status_keys[] = {
	WORD("dsn"), WORD("status"), WORD("stat"), { NULL, 0 }
};
static const struct word smtp_words[] = {	/* exact case */
	WORD("CONNECT"), WORD("HELO"), WORD("EHLO"), WORD("LHLO"),
	WORD("MAIL"), WORD("RCPT"), WORD("DATA"), WORD("BDAT"),
	WORD("END-OF-MESSAGE"), WORD("RSET"), WORD("VRFY"), WORD("EXPN"),
	WORD("ETRN"), WORD("NOOP"), WORD("QUIT"), WORD("AUTH"),
	WORD("STARTTLS"), { NULL, 0 }
};
static const char *const colon_phrases[] = {
	"smtp error from remote", "authenticator failed", "rblsmtpd:", NULL
};

/*
 * The "]" at k closes a host's address: [192.0.2.1], [2001:db8::1],
 * [IPv6:...], [unknown], [private/dovecot-lmtp]; or the pid of a
 * program whose name ends in smtpd: qmail-smtpd[123].
 */
static int
bracket_host(const struct win *w, size_t k)
{
	const unsigned char *b = w->b;
	size_t j = k, i;
	int dots = 0, slash = 0, hex = 1, dig = 1, c;

	while (j > w->lo && b[j - 1] != '[' && k - j < 64) {
		c = b[--j];
		if (c == '.' || c == ':')
			dots = 1;
		else if (c == '/')
			slash = 1;
		else if (!IS(c, C_WORD))
			return 0;
		if (!ISDIG(c))
			dig = 0;
		if (!ISDIG(c) && !((c | 32) >= 'a' && (c | 32) <= 'f') &&
		    c != '.' && c != ':')
			hex = 0;
	}
	if (j == w->lo || b[j - 1] != '[' || j == k)
		return 0;
	if ((hex && dots) || slash ||
	    (k - j == 7 && ieq(b, j, "unknown", 7)) ||
	    (k - j > 5 && ieq(b, j, "ipv6:", 5)))
		return 1;
	if (!dig || !word_before(w, j - 1, &i))
		return 0;
	return j - 1 - i >= 5 && ieq(b, j - 6, "smtpd", 5);
}

/* Rule 4 for a ":" at k. */
static int
after_colon(const struct win *w, size_t k)
{
	const unsigned char *b = w->b;
	const struct word *sw;
	const char *const *s;
	size_t j, n;

	if (k == w->lo)
		return 0;
	if (b[k - 1] == '>' || (b[k - 1] == ']' && bracket_host(w, k - 1)))
		return 1;
	if (ISDIG(b[k - 1])) {
		for (j = k - 1; j > w->lo && ISDIG(b[j - 1]); j--)
			;
		if (j >= w->lo + 2 && b[j - 1] == ':' && b[j - 2] == ']' &&
		    bracket_host(w, j - 2))
			return 1;
	}
	if (word_before(w, k, &j)) {
		n = k - j;
		if ((n == 4 && ieq(b, j, "said", 4)) ||
		    (n == 1 && b[j] == 'S') ||
		    (n >= 5 && ieq(b, k - 5, "smtpd", 5)))
			return 1;
		if (n == 2 && ieq(b, j, "me", 2) && j >= w->lo + 8 &&
		    ieq(b, j - 8, "talk to ", 8))
			return 1;
		if (j >= w->lo + 5 && ieq(b, j - 5, "stat=", 5) &&
		    (j == w->lo + 5 ? w->bol : !IS(b[j - 6], C_WORD)))
			return 1;
		if (IS(b[j], C_UPPER))
			for (sw = smtp_words; sw->s != NULL; sw++)
				if (sw->n == n && memcmp(b + j, sw->s, n) == 0)
					return 1;
	}
	for (s = colon_phrases; *s != NULL; s++)
		if (phrase(w, k, *s))
			return 1;
	return 0;
}

/* Rule 4 for a ";" at k. */
static int
after_semicolon(const struct win *w, size_t k)
{
	size_t j;

	if (word_before(w, k, &j) && k - j == 4 && ieq(w->b, j, "smtp", 4))
		return 1;
	return phrase(w, k, "diagnostic-code:");
}

/* Rule 4 for a "(" at k: status=WORD ( */
static int
after_paren(const struct win *w, size_t k)
{
	static const struct word keys[] = {
		WORD("status"), WORD("stat"), { NULL, 0 }
	};
	size_t j;

	if (k < w->lo + 2 || !IS(w->b[k - 1], C_SPACE))
		return 0;
	if (!word_before(w, k - 1, &j) || j == w->lo || w->b[j - 1] != '=')
		return 0;
	return word_in(w, j - 1, keys);
}

/*
 * Rule 4: the code at p begins a reply.  The start of a line (or \n)
 * counts for a reply code only: a line does not begin with a status code.
 * plausible() lets through only codes after the bytes this switch and
 * the "returned" case below look for: a new one belongs there too
 * (tests/test_fastpass.c fails otherwise, given a fragment that has it).
 */
static int
reply_position(const struct win *w, size_t p, int basic)
{
	const unsigned char *b = w->b;
	size_t q = p, j;
	int c, quoted = 0;

	if (p > w->lo && (b[p - 1] == '"' || b[p - 1] == '\'')) {
		quoted = 1;
		q--;
	}
	j = q;
	while (q > w->lo && IS(b[q - 1], C_SPACE))
		q--;
	if (q == w->lo)
		return basic && w->bol;
	if (q >= w->lo + 2 && b[q - 1] == 'n' && b[q - 2] == '\\')
		return basic;	/* after an escaped newline: Exim */
	c = b[q - 1];
	switch (c) {
	case ':':
		/* "said: 550", never "TLS_AES_256_GCM_SHA384:256" */
		return q < j && after_colon(w, q - 1);
	case ';':
		return after_semicolon(w, q - 1);
	case '=':
		return word_in(w, q - 1, reply_keys) ||
		    (quoted && word_in(w, q - 1, quoted_keys));
	case '(':
		return after_paren(w, q - 1);
	case '<': case '-': case '~': case '*':
		if (q < w->lo + 2)
			return 0;
		if (b[q - 2] == '<')
			return c != '*';	/* << <- <~ */
		return c == '*' && q >= w->lo + 3 && b[q - 3] == '<' &&
		    (b[q - 2] == '*' || b[q - 2] == '~');	/* <** <~* */
	}
	if (quoted && q < p - 1 && word_before(w, q, &j) && q - j == 8 &&
	    ieq(b, j, "returned", 8))
		return 1;
	return 0;
}

/* A number 0-999 without leading zeros at i; its end in *end. */
static INLINE int
enh_num(const struct win *w, size_t i, size_t *end)
{
	int c = fwd(w, i), v, k;

	if (c == '0') {
		*end = i + 1;
		return 0;
	}
	if (c < '1' || c > '9')
		return -1;
	v = c - '0';
	for (k = 1; k < 3; k++) {
		c = fwd(w, i + (size_t)k);
		if (!ISDIG(c))
			break;
		v = v * 10 + (c - '0');
	}
	*end = i + (size_t)k;
	return v;
}

/*
 * The status code at t, its right boundary included (rule 1): its
 * length, or 0.
 */
static size_t
enh_shape(const struct win *w, size_t t, struct sc_enh_code *e)
{
	size_t i;
	int c;

	c = fwd(w, t);
	if ((c != '2' && c != '4' && c != '5') || fwd(w, t + 1) != '.')
		return 0;
	e->cls = c - '0';
	if ((e->subject = enh_num(w, t + 2, &i)) < 0 || fwd(w, i) != '.')
		return 0;
	if ((e->detail = enh_num(w, i + 1, &i)) < 0)
		return 0;
	c = fwd(w, i);
	if (c == B_END)
		return i - t;
	if (c == B_CUT)
		return 0;
	if (IS(c, C_GLUE)) {
		if (c != '.' && c != '-')
			return 0;
		c = fwd(w, i + 1);
		if (c >= 0 && IS(c, C_DIG | C_ALPHA))
			return 0;
	}
	return i - t;
}

/*
 * A status code of class cls at t or, after "#", at t+1: where it
 * starts in *at and its value in *e.
 */
static int
pair_follows(const struct win *w, size_t t, int cls, size_t *at,
    struct sc_enh_code *e)
{
	int c = fwd(w, t);

	if (c == '#')
		c = fwd(w, ++t);
	if (c != '0' + cls || enh_shape(w, t, e) == 0)
		return 0;
	*at = t;
	return 1;
}

/*
 * Rule 1 and 2: a reply code at s; its value, or 0.  When a status
 * code of its class follows it, where in *at (else 0) and what in *e.
 */
static int
try_basic(const unsigned char *b, size_t len, int eol, size_t s,
    size_t *at, struct sc_enh_code *e)
{
	struct win w;
	size_t i;
	int c, code;

	if (b[s + 1] > '5' || s + 2 >= len || !ISDIG(b[s + 2]))
		return 0;
	if (GLUED(b, s))
		return 0;
	if (s + 3 < len) {
		c = b[s + 3];
		if (c != ' ' && c != '\t' && c != '-')
			return 0;
	} else if (!eol) {
		return 0;
	}
	win_at(&w, b, len, eol, s);
	code = (b[s] - '0') * 100 + (b[s + 1] - '0') * 10 + (b[s + 2] - '0');
	*at = 0;
	c = fwd(&w, s + 3);
	if (c == B_END)
		return reply_position(&w, s, 1) ? code : 0;
	/* what follows the separator */
	c = fwd(&w, s + 4);
	if (c == B_CUT)
		return 0;
	if (pair_follows(&w, s + 4, b[s] - '0', at, e))
		return code;
	if (b[s + 3] == '-' && ISDIG(c) &&
	    !pair_follows(&w, s + 4, c - '0', &i, e)) {
		for (i = s + 5; ISDIG(fwd(&w, i)); i++)
			;
		c = fwd(&w, i);
		if (c < 0 || !IS(c, C_ALPHA))
			return 0;
	}
	if (!reply_position(&w, s, 1))
		return 0;
	/* rule 3a: a status code of any class after it is a hit too */
	if ((c = fwd(&w, s + 4)) == '#')
		c = fwd(&w, s + 5);
	if (c == '2' || c == '4' || c == '5')
		(void)pair_follows(&w, s + 4, c - '0', at, e);
	return code;
}

/* Rule 3a: the status code at t follows a reply code. */
static int
after_reply_code(const struct win *w, size_t t, int cls)
{
	const unsigned char *b = w->b;
	size_t u = t - 1, d;

	if (b[u] == '#') {
		if (u == w->lo)
			return 0;
		u--;
	}
	if (b[u] != ' ' && b[u] != '\t' && b[u] != '-')	/* as try_basic() */
		return 0;
	if (u < w->lo + 3)
		return 0;
	d = u - 3;
	if (!ISDIG(b[d]) || !ISDIG(b[d + 1]) || !ISDIG(b[d + 2]))
		return 0;
	/* glued, as GLUED() says, without reading before lo */
	if (d == w->lo ? !w->bol : IS(b[d - 1], C_GLUE) &&
	    !(b[d - 1] == 'n' && d >= w->lo + 2 && b[d - 2] == '\\'))
		return 0;
	if (b[d] - '0' == cls)
		return 1;
	return b[d] >= '2' && b[d] <= '5' && b[d + 1] <= '5' &&
	    reply_position(w, d, 1);
}

/* Rule 1 and 3: a status code at t; its length, or 0. */
static size_t
try_enh(const unsigned char *b, size_t len, int eol, size_t t,
    struct sc_enh_code *e)
{
	struct win w;
	size_t n, q;
	int c;

	if (GLUED(b, t)) {
		/* only the "-" of "550-5.7.1" */
		if (b[t - 1] != '-' || t < 4 || !ISDIG(b[t - 2]) ||
		    !ISDIG(b[t - 3]) || !ISDIG(b[t - 4]) || GLUED(b, t - 4))
			return 0;
	}
	win_at(&w, b, len, eol, t);
	if ((n = enh_shape(&w, t, e)) == 0)
		return 0;
	if (t == w.lo)
		return 0;	/* nothing before it to say it is a reply */
	if (after_reply_code(&w, t, e->cls))
		return n;
	/* rule 3b: a status key */
	q = t;
	if (b[q - 1] == '"' || b[q - 1] == '\'')
		q--;
	while (q > w.lo && IS(b[q - 1], C_SPACE))
		q--;
	if (q > w.lo && (b[q - 1] == '=' || b[q - 1] == ':') &&
	    word_in(&w, q - 1, status_keys))
		return n;
	/* rule 3d: #5.0.0 smtp; */
	if (b[t - 1] == '#' && fwd(&w, t + n) == ' ' &&
	    t + n + 6 <= w.hi && ieq(b, t + n + 1, "smtp;", 5))
		return n;
	c = reply_position(&w, t, 0);
	return c ? n : 0;
}

/*
 * The hits that start at i, into h[0] and, when room > 1 and the reply
 * code's status code starts before lim, h[1] (rule 3a holds for it, as
 * it would when its turn came): how many.  *next is where to go on.
 */
static size_t
decide(const unsigned char *b, size_t len, int eol, size_t lim, size_t i,
    struct sc_hit *h, size_t room, size_t *next)
{
	struct sc_enh_code e;
	size_t k, at;
	int code;

	if ((unsigned)b[i] - '2' > 3u || i + 1 >= len)
		return 0;
	if (ISDIG(b[i + 1])) {
		if ((code = try_basic(b, len, eol, i, &at, &e)) == 0)
			return 0;
		h->off = i;
		h->len = 3;
		h->kind = SC_HIT_BASIC;
		h->basic = code;
		h->enh.cls = h->enh.subject = h->enh.detail = 0;
		/*
		 * The status code after it is a hit when try_enh() says so,
		 * as it would when decided on its own (at the next window or
		 * call): from its own look-back, so identical bytes give the
		 * same hits wherever a window or a read boundary falls.
		 */
		if (at == 0 || at >= lim || room < 2 ||
		    (k = try_enh(b, len, eol, at, &e)) == 0) {
			*next = i + 3;
			return 1;
		}
		h++;
		i = at;
		code = 2;
	} else if (b[i + 1] == '.') {
		if ((k = try_enh(b, len, eol, i, &e)) == 0)
			return 0;
		code = 1;
	} else {
		return 0;
	}
	h->off = i;
	h->len = k;
	h->kind = SC_HIT_ENH;
	h->basic = 0;
	h->enh = e;
	*next = i + k;
	return (size_t)code;
}

/*
 * The fast pass.  A hit can only start at a position p where p[-1] is
 * not a digit or "." (rule 1), p[0] is 2-5, p[2] a digit, and either
 * p[1] is 0-5 and p[3] a byte up to "-" (space, tab, "-", CR, LF: three
 * digits), or p[1] is "." (a status code).  The pass classifies 64 bytes
 * at a time into the bits of six words (struct blk) with vector compares
 * -- SSE2 on every x86-64, AVX2 or AVX-512 where the processor has them,
 * chosen when the scan starts; elsewhere a plain loop computes the same
 * words -- and tests the shape for 64 positions at once with shifts of
 * those words.  plausible() and decide() check the rest where it flags.
 * Bytes past the end of the buffer count as separators and nothing
 * else, and are never read.
 *
 * SC_SCAN_ISA caps the vector code, for tests/test_fastpass.c: 2 up to
 * AVX2, 1 SSE2 only, 0 the plain loop; SC_SCAN_EVERY 1 turns the pass
 * off (every position goes to decide()).
 */
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
	uint64_t sep;	/* 0x00-0x2d: space, tab, "-", CR, LF (and more) */
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
		k->sep |= MASK(RANGE(v, 0, '-' + 1)) << j;
		k->dot |= MASK(EQ(v, '.')) << j;
		k->nl |= MASK(EQ(v, '\n')) << j;
	}
}
#else
static INLINE void
classify(const unsigned char *p, struct blk *k)
{
	unsigned c;
	int j;

	k->dig = k->lead = k->low = k->dot = k->sep = k->nl = 0;
	for (j = 0; j < 64; j++) {
		c = p[j];
		k->dig |= (uint64_t)(c - '0' < 10u) << j;
		k->lead |= (uint64_t)(c - '2' < 4u) << j;
		k->low |= (uint64_t)(c - '0' < 6u) << j;
		k->sep |= (uint64_t)(c <= '-') << j;
		k->dot |= (uint64_t)(c == '.') << j;
		k->nl |= (uint64_t)(c == '\n') << j;
	}
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
	k->sep = MASK32(RANGE32(v, 0, '-' + 1)) |
	    MASK32(RANGE32(w, 0, '-' + 1)) << 32;
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
	k->sep = _mm512_cmplt_epu8_mask(v, _mm512_set1_epi8('-' + 1));
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
 * Before p's line is looked at, what decide() would reject at once:
 * rule 1 (glue before, and what follows three digits), then rules 2-4
 * at a glance.  A reply code needs a status code of its class right
 * after it (rule 2) or a reply position; a status code a reply code,
 * a key, a "#" or a reply position before it.  So the byte before it,
 * past an optional quote and blanks, must be one that can end a reply
 * position (rule 4: the line's start, \n, : ; = ( < - ~ *, the d of
 * "returned"), or a digit before a status code (rule 3a).  b[p-1] is
 * the previous line's "\n" when p starts a line; "\n" or "\r" after
 * three digits may end the line.
 */
static INLINE int
plausible(const unsigned char *b, size_t len, size_t p)
{
	int c = p > 0 ? b[p - 1] : '\n', c1 = b[p + 1], c3;
	size_t q, stop;

	if (IS(c, C_GLUE) && !(c == '-' && c1 == '.') &&
	    !(c == 'n' && p >= 2 && b[p - 2] == '\\'))
		return 0;
	if (c1 == '.') {
		if (c == '#')
			return 1;
	} else {
		if (c1 > '5')
			return 0;
		if (p + 3 >= len)
			return 1;
		c3 = b[p + 3];
		if (c3 != ' ' && c3 != '\t' && c3 != '-' && c3 != '\n' &&
		    c3 != '\r')
			return 0;
		if (p + 5 < len && (b[p + 4] == b[p] ||
		    (b[p + 4] == '#' && b[p + 5] == b[p])))
			return 1;
	}
	q = p;
	if (q > 0 && (b[q - 1] == '"' || b[q - 1] == '\''))
		q--;
	stop = q > SC_SCAN_BACK ? q - SC_SCAN_BACK : 0;
	while (q > stop && (b[q - 1] == ' ' || b[q - 1] == '\t'))
		q--;
	if (q == stop)
		return 1;
	switch (b[q - 1]) {
	case '\n': case ':': case ';': case '=': case '(': case '<': case '-':
	case '~': case '*': case 'n': case 'd':
		return 1;
	}
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
			k = decide(b + ls, ce - ls, eol, lines ? ce - ls : lim,
			    p - ls, hits + n, max - n, &next);
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

static size_t
scan_any(const unsigned char *b, size_t len, size_t *at, size_t lim,
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

size_t
sc_scan(const char *buf, size_t len, size_t from, int eol,
    struct sc_hit *hits, size_t max)
{
	size_t lim;

	if (buf == NULL || hits == NULL || max == 0 || from >= len)
		return 0;
	if (eol)
		lim = len;
	else if (len > SC_SCAN_AHEAD)
		lim = len - SC_SCAN_AHEAD;
	else
		return 0;
	return scan_any((const unsigned char *)buf, len, &from, lim, eol, 0,
	    hits, max);
}

size_t
sc_scan_lines(const char *buf, size_t len, size_t *from,
    struct sc_hit *hits, size_t max)
{
	if (buf == NULL || from == NULL || *from >= len) {
		if (from != NULL)
			*from = len;
		return 0;
	}
	if (hits == NULL || max == 0)
		return 0;
	return scan_any((const unsigned char *)buf, len, from, len, 1, 1,
	    hits, max);
}
