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
 *    followed by a space, tab, "-" or the end of the line, or by the ":"
 *    or "," of the pairs of rule 2; after "-", by a status code or by
 *    text that is not a number: "250-8BITMIME" and "550-5.7.1" begin
 *    lines of a reply, "211-75-6-133.host" does not.
 *    A status code is not followed by a letter, digit, or one of
 *    _ / @ + % & \ $, nor by "." or "-" and a letter or digit
 *    ("5.1.1.1", "2.11.0-rc1").
 *
 * 2. A reply code is a hit when it stands at a reply position (rule 4),
 *    or when one space or "-", an optional "#", and a status code of its
 *    own class follow it: "550 5.1.1", "421-4.7.0", "#550 5.1.1".  That
 *    pair is the reply syntax of RFC 2034 and says "reply" wherever it
 *    stands.  So do two more ways of writing the pair:
 *    a. ":", one space and a status code of its class: "550: 5.1.1"
 *       (Yahoo's bounces, "<a@b.c>:" then "550: 5.1.1 <a@b.c>: ...";
 *       client logs' "code 550: 5.1.1 ...");
 *    b. the key ERROR_CODE naming both codes, each after a ":" with
 *       optional blanks around it, the reply code first and a ","
 *       right after it: "ERROR_CODE :550, ERROR_CODE :5.1.1", as some
 *       bounces and webmail error messages give a server's or a
 *       milter's refusal.  The key alone names no SMTP reply
 *       ("ERROR_CODE :500, Details :" is an HTTP status in an
 *       application's log, "ERROR_CODE=200" too).
 *
 * 3. A status code is a hit when
 *    a. it follows three digits and one space or "-" (and an optional
 *       "#"), the first digit its class ("550 5.1.1"; "571 5.7.1" too,
 *       though 571 is no reply code), or three digits, ":" and one space,
 *       the first digit its class ("550: 5.1.1", rule 2a), or follows a
 *       reply code that is at a reply position, whatever its class:
 *       Exchange's returned '550 4.4.7 QUEUE.Expired';
 *    b. it is the value of a status key, dsn= (Postfix, Sendmail),
 *       status= or Status: (RFC 3464), stat=, after optional spaces and
 *       quote: "dsn=5.1.1", "Status: 5.0.0 (permanent failure)"; or of
 *       ERROR_CODE and a ":" with optional blanks around it (rule 2b):
 *       "ERROR_CODE :5.7.1";
 *    c. it stands at a reply position (rule 4), as in Postfix
 *       "milter-reject: END-OF-MESSAGE from h[a]: 5.7.1 Blocked";
 *    d. it is written "#5.0.0 smtp;", the Exchange and Notes diagnostic;
 *    e. it is written "(#5.1.1)", after "(#": qmail's way of giving the
 *       status code at the end of a reply or bounce text ("Sorry, no
 *       mailbox here by that name. (#5.1.1)", "553 sorry, ... (#5.7.1)",
 *       and vpopmail's "(#5.1.1 - chkuser)").
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
 *        SMTP WORD protocol error: Sendmail's log of a reply it did not
 *          expect, the reply as the server sent it ("SMTP DATA-2 protocol
 *          error: 500 Mail appears to be unsolicited", "SMTP MAIL
 *          protocol error: ...");
 *        (reason: that begins a line, after blanks: Sendmail's bounce,
 *          "    (reason: 550 Host unknown)" under each address it lists;
 *        Out or In that begins a line, after blanks, "Out:" with one
 *          space, "In:" with two: the transcript in Postfix's notices to
 *          the postmaster, " Out: 250-mx.example.com" (the replies of
 *          its SMTP server), " In:  550 5.1.1 ..." (those its SMTP client
 *          read);
 *      or after anything, when earlier in the look-back the line holds
 *      one of the phrases that announce a reply at their next ": ":
 *      "SMTP error from remote" (Exim, whose "after MAIL FROM:<a>
 *      SIZE=n:" or "after end of data:" may end in anything),
 *      "authenticator failed" (Exim, "... Ci=n: 535"), "rblsmtpd:"
 *      (ucspi-tcp's rblsmtpd, "...: 451 http://...").
 *    Keys, words and phrases match without regard to case, except S,
 *    Out, In and the SMTP commands.  Nothing else makes a reply
 *    position: not a ": NNN" after any other word ("rate limit
 *    exceeded: 334 from", "Deleted: 115 messages", "reason: 404 not
 *    found", "fetch failed (reason: 404 Not Found)" where the "(" does
 *    not begin the line, "proxy protocol error: 400", "traffic Out: 250
 *    bytes"), not a bracket that holds no address ("[worker-3]: 250"),
 *    not "]:250" without a space (a port), not keys such as code=,
 *    delay=, nrcpt=, uid=, size=, score=, ERROR_CODE= (rule 2b).
 *    code= is generic (HTTP statuses, exit codes): "code=550" is no hit,
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
 * Speed.  A fast pass (src/fastpass.c) tests 64 positions at once for
 * the necessary shape of a hit; the rules above run only where it flags
 * one, through sc_scan_decide().  sc_scan_lines() runs it over a buffer
 * of many lines, so a line without a flagged position costs nothing
 * more.  What the two share, the byte classes first, is in scan_impl.h.
 */
#include <string.h>

#include "smtpcode.h"
#include "scan_impl.h"

/* The byte classes: see SC_CLASS() in scan_impl.h. */
#define CLASS4(c)	SC_CLASS(c), SC_CLASS((c) + 1), SC_CLASS((c) + 2), \
	SC_CLASS((c) + 3)
#define CLASS16(c)	CLASS4(c), CLASS4((c) + 4), CLASS4((c) + 8), \
	CLASS4((c) + 12)
#define CLASS64(c)	CLASS16(c), CLASS16((c) + 16), CLASS16((c) + 32), \
	CLASS16((c) + 48)

SC_SHARED const unsigned char sc_scan_ctab[256] = {
	CLASS64(0x00), CLASS64(0x40), CLASS64(0x80), CLASS64(0xc0)
};

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

static SC_INLINE int
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

/* Only blanks stand between the start of the line and k. */
static int
line_start(const struct win *w, size_t k)
{
	while (k > w->lo && IS(w->b[k - 1], C_SPACE))
		k--;
	return k == w->lo && w->bol;
}

/*
 * Sendmail's "SMTP WORD protocol error" ends at k (the word "error"
 * starts at j): SMTP, one word (a command: MAIL, RCPT, DATA-2...),
 * "protocol error", one space apart.
 */
static int
protocol_error(const struct win *w, size_t j, size_t k)
{
	const unsigned char *b = w->b;
	size_t i;

	if (k - j != 5 || !ieq(b, j, "error", 5) || j < w->lo + 10 ||
	    !ieq(b, j - 9, "protocol ", 9) || b[j - 10] != ' ' ||
	    !word_before(w, j - 10, &i) || i < w->lo + 5 ||
	    !ieq(b, i - 5, "smtp ", 5))
		return 0;
	return i - 5 == w->lo ? w->bol : !IS(b[i - 6], C_WORD);
}

/* The word ERROR_CODE, then blanks, ends at k (a ":"). */
static int
error_code_key(const struct win *w, size_t k)
{
	size_t j;

	while (k > w->lo && IS(w->b[k - 1], C_SPACE))
		k--;
	return word_before(w, k, &j) && k - j == 10 &&
	    ieq(w->b, j, "error_code", 10);
}

static const struct word reply_keys[] = {
	WORD("reject"), WORD("reply"), WORD("stat"), WORD("response"),
	{ NULL, 0 }
};
static const struct word quoted_keys[] = {
	WORD("msg"), WORD("message"), WORD("lr"), WORD("result"), WORD("c"),
	{ NULL, 0 }
};
static const struct word status_keys[] = {	/* then = or : */
	WORD("dsn"), WORD("status"), WORD("stat"), { NULL, 0 }
};
/* plausible() lets a status code through after these as after C_REND */
_Static_assert((SC_CLASS('=') & SC_CLASS(':') & C_REND) != 0,
    "a status key's = and : are C_REND bytes");
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

/* Rule 4 for a ":" at k, gap blanks before the code. */
static int
after_colon(const struct win *w, size_t k, size_t gap)
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
		/* Postfix's transcript: " Out: 250 ...", " In:  550 ..." */
		if (((n == 3 && memcmp(b + j, "Out", 3) == 0 && gap == 1) ||
		    (n == 2 && memcmp(b + j, "In", 2) == 0 && gap == 2)) &&
		    line_start(w, j))
			return 1;
		/* Sendmail's bounce: "    (reason: 550 ...)" */
		if (n == 6 && ieq(b, j, "reason", 6) && j > w->lo &&
		    b[j - 1] == '(' && line_start(w, j - 1))
			return 1;
		if (protocol_error(w, j, k))
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
 * Past the line's start, only a byte of class C_REND can end a reply
 * position, one per case below: fastpass.c's plausible() lets through
 * only codes after those bytes, so a new case needs its byte in C_REND
 * (scan_impl.h), or it is never reached.
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
	c = b[q - 1];
	if (!IS(c, C_REND))
		return 0;
	if (c == 'n' && q >= w->lo + 2 && b[q - 2] == '\\')
		return basic;	/* after an escaped newline: Exim */
	switch (c) {
	case ':':
		/* "said: 550", never "TLS_AES_256_GCM_SHA384:256" */
		return q < j && after_colon(w, q - 1, j - q);
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
	if (c == 'd' && quoted && q < p - 1 && word_before(w, q, &j) &&
	    q - j == 8 && ieq(b, j, "returned", 8))
		return 1;
	return 0;
}

/* A number 0-999 without leading zeros at i; its end in *end. */
static SC_INLINE int
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
 * Rule 2b: the reply code at s stands in "ERROR_CODE :550, ERROR_CODE
 * :5.1.1" (blanks optional around each ":"); where its status code
 * starts in *at, what it is in *e.
 */
static int
error_code_pair(const struct win *w, size_t s, size_t *at,
    struct sc_enh_code *e)
{
	size_t i = s, k;
	int c;

	while (i > w->lo && IS(w->b[i - 1], C_SPACE))
		i--;
	if (i == w->lo || w->b[i - 1] != ':' || !error_code_key(w, i - 1))
		return 0;
	for (i = s + 4; (c = fwd(w, i)) == ' ' || c == '\t'; i++)
		;
	for (k = 0; k < 10; k++)
		if (lower(fwd(w, i + k)) != "error_code"[k])
			return 0;
	for (i += 10; (c = fwd(w, i)) == ' ' || c == '\t'; i++)
		;
	if (c != ':')
		return 0;
	while ((c = fwd(w, ++i)) == ' ' || c == '\t')
		;
	if (c != w->b[s] || enh_shape(w, i, e) == 0)
		return 0;
	*at = i;
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
		c = b[s + 3];	/* ":" and "," only in rule 2a and 2b */
		if (!IS(c, C_AFTER) && c != ':' && c != ',')
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
	if (c == ':') {		/* rule 2a: "550: 5.1.1" */
		if (fwd(&w, s + 4) != ' ' || fwd(&w, s + 5) != b[s] ||
		    enh_shape(&w, s + 5, e) == 0)
			return 0;
		*at = s + 5;
		return code;
	}
	if (c == ',')		/* rule 2b: "ERROR_CODE :550, ..." */
		return error_code_pair(&w, s, at, e) ? code : 0;
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
	int colon = 0;

	if (b[u] == '#') {
		if (u == w->lo)
			return 0;
		u--;
	} else if (b[u] == ' ' && u > w->lo && b[u - 1] == ':') {
		colon = 1;	/* "550: 5.1.1" */
		u--;
	}
	if (!colon && !IS(b[u], C_AFTER))	/* as try_basic() */
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
	return !colon && b[d] >= '2' && b[d] <= '5' && b[d + 1] <= '5' &&
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
	if (q > w.lo && b[q - 1] == ':' && error_code_key(&w, q - 1))
		return n;
	/* rule 3d: #5.0.0 smtp; */
	if (b[t - 1] == '#' && fwd(&w, t + n) == ' ' &&
	    t + n + 6 <= w.hi && ieq(b, t + n + 1, "smtp;", 5))
		return n;
	/* rule 3e: qmail's (#5.1.1) */
	if (b[t - 1] == '#' && t >= w.lo + 2 && b[t - 2] == '(')
		return n;
	c = reply_position(&w, t, 0);
	return c ? n : 0;
}

/*
 * The hits that start at i, into h[0] and, when room > 1 and the reply
 * code's status code starts before lim, h[1] (rule 3a holds for it, as
 * it would when its turn came): how many.  *next is where to go on.
 * The fast pass calls it for each position it flags.
 */
SC_SHARED size_t
sc_scan_decide(const unsigned char *b, size_t len, int eol, size_t lim,
    size_t i, struct sc_hit *h, size_t room, size_t *next)
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
	return sc_scan_fast((const unsigned char *)buf, len, &from, lim, eol, 0,
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
	return sc_scan_fast((const unsigned char *)buf, len, from, len, 1, 1,
	    hits, max);
}

/* Built under another name: the whole scanner in one file (scan_impl.h). */
#if SC_SCAN_ONE_FILE
#include "fastpass.c"	/* NOLINT(bugprone-suspicious-include) */
#endif
