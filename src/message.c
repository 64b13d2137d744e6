/*
 * message.c - the bounce-message reader: messages out of a stream, and
 * what each says about its recipients.
 *
 * The stream is cut into lines (in place when a line is whole in the
 * buffer given, else through line[]), and into messages at mbox "From "
 * lines; mime.c keeps the parts of a message that matter.  When the
 * message ends, its recipients come from, in this order:
 *
 * 1. the delivery-status fields (RFC 3464 2.3): one record per
 *    Final-Recipient (else Original-Recipient, or when the Final one is
 *    no address), with its Action, Status, Remote-MTA and Diagnostic-
 *    Code; a record begins after a blank line, or at a field the record
 *    being read already has (some servers write Action and Status
 *    before the recipient fields).  Fields pasted in the text count
 *    when there is no delivery-status part.  The text then completes
 *    each record: the reply and its stage when the Diagnostic-Code
 *    lacks them, the host when there is no Remote-MTA.
 *
 * 2. the human-readable text, where every format names a failed
 *    recipient at the start of a line, and says why below it:
 *      Postfix      <rcpt>: host h[a] said: 550 ... (in reply to RCPT TO
 *                       command)
 *      qmail        <rcpt>:  then  a does not like recipient.  /
 *                   Remote host said: 550 ...  /  Giving up on a.
 *                   or  Sorry, no mailbox here by that name. (#5.1.1)
 *      Exim           rcpt  then, indented,  host h [a]  /  SMTP error
 *                   from remote mail server after RCPT TO:<rcpt>:  /
 *                   550 ...
 *      Sendmail     <rcpt>  /  (reason: 550 ...), and the transcript
 *                   ... while talking to h.:  >>> RCPT To:<rcpt>  /
 *                   <<< 550 ...
 *      Exchange     rcpt  /  Remote Server returned '550 5.1.1 ...', or
 *                   #550 5.1.1 RESOLVER...##, or rcpt on date
 *      Notes        was not delivered to:  /  rcpt  /  because:  /  why
 *      Gmail        Your message wasn't delivered to rcpt ... / The
 *                   response from the remote server was: / 550 ...
 *    and the like: an address alone on its line (indented, in <>, in
 *    quotes, after a bullet "*", "-", ">"), before ":", "...", " on ",
 *    " (", or after a label ("Failed Recipient: rcpt", "Unknown user:
 *    rcpt"; never From:, To: and the other fields of a header).  Its
 *    block runs to the next such line of another address; the reply is
 *    the first code in the block at a reply position (a 4xx or 5xx
 *    first), with the lines that continue it.  When no line names one,
 *    an address in a sentence about the delivery will do ("Your
 *    message to rcpt could not be delivered").
 *
 *    With no name anywhere, X-Failed-Recipients (Exim) gives them;
 *    with none there either, the first reply of the text is reported
 *    for a recipient left empty.  A message that is no bounce (no DSN,
 *    no sign of one in its sender, subject or text) gives nothing.
 *
 * 3. a recipient with no reply and no text of its own takes the
 *    notice's own explanation (explain()); a notice without DSN that
 *    says it still tries is a delay warning (window()): action
 *    "delayed".
 *
 * A reply position, for a reply code: the start of a line (after
 * quotes, "#", "(", "<<<" and the like), after a word that says a reply
 * follows (said, returned, replied, response, reason, error, code,
 * status, received ... and ":"), after "host [a]:" or "<rcpt>:", or
 * anywhere with its enhanced code after it ("550 5.1.1", "550-5.1.1",
 * "550: 5.1.1", "#550 5.1.1"), or where sc_scan() finds one.  For an
 * enhanced code alone: after "#" (qmail's "(#5.1.1)"), at the start of
 * a line, after such a word.  The stage comes from "in reply to X
 * command", "after X" (Exim), "while sending X", qmail's "does not
 * like recipient" and kin, or the last command of a transcript before
 * the reply.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "message.h"

#define BLOCKS 4
#define OCCS (4 * SC_MR_RCPTS)
#define HASH 8192

struct sp {
	const char *p;
	size_t n;
};

struct mline {		/* a line of kept text */
	const char *p;	/* its content, after the indent */
	unsigned n;	/* trimmed of trailing white space */
	unsigned short seg;
	unsigned char indent;
};

struct rcpt {
	struct sp addr, action, status, rmta, diag;
	int dsn;		/* from delivery-status fields */
	int weak;		/* the text names it in a sentence */
	unsigned seen;		/* which fields: F_* */
	int nblk;
	struct {
		unsigned a, b;
	} blk[BLOCKS];		/* its blocks of text: lines [a, b) */
};

struct occ {
	unsigned line;
	struct sp addr;
	int weak;	/* named in a sentence, not listed */
};

/* A reply found in lines or in a Diagnostic-Code. */
struct reply {
	int basic;
	struct sc_enh_code enh;
	int enhonly;	/* an enhanced code alone */
	int multi;	/* "550-": the first line of several */
	unsigned line;	/* its line */
	size_t off;	/* where its code is in the line */
	size_t toff;	/* where its text begins */
	size_t tend;	/* where it ends in its line (enhonly at the end) */
	unsigned end;	/* lines [line, end) hold it */
	char quote;	/* the text ends at this quote, or ")", or 0 */
	int tprefix;	/* the line begins with a transcript marker */
};

struct sc_mana {
	struct mline line[SC_MR_LINES];
	unsigned nline;
	struct rcpt rcpt[SC_MR_RCPTS];
	unsigned nrcpt;
	struct occ occ[OCCS];
	unsigned nocc;
	int hash[HASH];		/* recipients by address, index + 1 */
	unsigned short hused[HASH / 2];	/* its slots in use */
	unsigned nhused;
	char out[SC_MR_OUT];	/* the text of a result */
	char diag[SC_MR_OUT];	/* a Diagnostic-Code, or lines joined */
	char host[256];		/* a host named in the text */
	int gstate;		/* the first reply of the text: 0 not looked
				   for yet, 1 found, -1 none */
	struct reply g;
	/* the notice's own explanation (see explain()) */
	unsigned wa, wb;	/* its lines [wa, wb) */
	int own[SC_MR_WIN];	/* whose block each of them is in: 0
				   nobody's, recipient index + 1, -1 several */
	int delay;		/* the notice is a delay warning */
	int estate;		/* expl[] holds the explanation for a
				   recipient owning no line of the window */
	size_t expllen;
	char expl[SC_MR_EXPL];
};

#define lower sc_mr_lower
#define iprefix sc_mr_iprefix
#define ifind sc_mr_ifind
#define ihas sc_mr_ihas

static int
isdig(int c)
{
	return c >= '0' && c <= '9';
}

static int
isalpha_(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
isalnum_(int c)
{
	return isdig(c) || isalpha_(c);
}

static int
ieq(const char *a, size_t an, const char *b, size_t bn)
{
	size_t i;

	if (an != bn)
		return 0;
	for (i = 0; i < an; i++)
		if (lower((unsigned char)a[i]) != lower((unsigned char)b[i]))
			return 0;
	return 1;
}

static struct sp
trim(const char *p, size_t n)
{
	struct sp s;

	while (n > 0 && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')) {
		p++;
		n--;
	}
	while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t' ||
	    p[n - 1] == '\r' || p[n - 1] == '\n'))
		n--;
	s.p = p;
	s.n = n;
	return s;
}

/* ---- addresses ---- */

static int
lchar(int c)
{
	return isalnum_(c) || c >= 0x80 ||
	    (c != 0 && strchr("!#$%&'*+-/=?^_`{|}~.", c));
}

static int
dchar(int c)
{
	return isalnum_(c) || c >= 0x80 || c == '-' || c == '.' || c == '_';
}

/*
 * The first address in p[from..n) whose "@" is at or after from:
 * local@domain, the domain with a dot, or a literal [a.b.c.d].  Its
 * span in *s, *e; 0 when there is none.
 */
static int
next_addr(const char *p, size_t n, size_t from, size_t *s, size_t *e)
{
	const char *at;
	size_t a, i, j, dots, lab;

	while (from < n && (at = memchr(p + from, '@', n - from)) != NULL) {
		a = (size_t)(at - p);
		from = a + 1;
		for (i = a; i > 0 && lchar((unsigned char)p[i - 1]); i--)
			;
		while (i < a && (p[i] == '.' || p[i] == '\'' || p[i] == '='))
			i++;
		if (i == a || a - i > 256)
			continue;
		j = a + 1;
		if (j < n && p[j] == '[') {
			while (j < n && p[j] != ']' && j - a < 64)
				j++;
			if (j >= n || p[j] != ']')
				continue;
			*s = i;
			*e = j + 1;
			return 1;
		}
		dots = 0;
		lab = 0;
		for (; j < n && dchar((unsigned char)p[j]); j++) {
			if (p[j] == '.') {
				if (lab == 0)
					break;
				dots++;
				lab = 0;
			} else {
				lab++;
			}
		}
		while (j > a + 1 && (p[j - 1] == '.' || p[j - 1] == '-')) {
			if (p[j - 1] == '.')
				dots--;
			j--;
		}
		if (dots == 0 || j - a - 1 > 255 || j == a + 1)
			continue;
		/* the last label: a name, not a number */
		for (lab = j; lab > a + 1 && p[lab - 1] != '.'; lab--)
			;
		if (!isalpha_((unsigned char)p[lab]) &&
		    (unsigned char)p[lab] < 0x80)
			continue;
		*s = i;
		*e = j;
		return 1;
	}
	return 0;
}

static int
addr_special(struct sp a)
{
	const char *at = memchr(a.p, '@', a.n);
	size_t k = at ? (size_t)(at - a.p) : a.n;

	return ieq(a.p, k, "mailer-daemon", 13) ||
	    ieq(a.p, k, "postmaster", 10) || ieq(a.p, k, "mailer_daemon", 13) ||
	    ieq(a.p, k, "mail-daemon", 11);
}

/* Labels whose address is not a recipient: fields of a header and kin. */
static int
label_excluded(const char *p, size_t n)
{
	static const char *const no[] = {
		"from", "to", "cc", "bcc", "reply-to", "sender", "return-path",
		"errors-to", "de", "para", "an", "von", "envelope-from",
		"message-id", "in-reply-to", "references", "subject", "date",
		"mail from", "rcpt to", "received", "delivered-to",
		"resent-from", "resent-to", "resent-sender",
		"return-receipt-to",
		"disposition-notification-to", "reporting-mta",
		"received-from-mta",
		"generating server", "sent", "objet", "betreff", "asunto",
		"enviado el", "envelope-to", "original-sender", "mailfrom",
		"rcptto", "mail", "rcpt", "sender address", "from address",
		"contact", "please contact", "reply", "author"
	};
	size_t i;

	if (iprefix(p, n, "x-") || iprefix(p, n, "list-") ||
	    ihas(p, n, "wrote") || ihas(p, n, "sender") || ihas(p, n, "from") ||
	    ihas(p, n, "contact") || ihas(p, n, "mailto"))
		return 1;
	for (i = 0; i < sizeof no / sizeof no[0]; i++)
		if (ieq(p, n, no[i], strlen(no[i])))
			return 1;
	return 0;
}

/* Skip what may stand before an address: < " [SMTP: mailto: rfc822; */
static size_t
addr_lead(const char *c, size_t n, size_t i)
{
	for (;;) {
		if (i < n && (c[i] == '<' || c[i] == '"' || c[i] == '\'' ||
		    c[i] == '[')) {
			i++;
		} else if (iprefix(c + i, n - i, "smtp:") ||
		    iprefix(c + i, n - i, "smtp=")) {
			i += 5;
		} else if (iprefix(c + i, n - i, "mailto:")) {
			i += 7;
		} else if (iprefix(c + i, n - i, "rfc822;")) {
			i += 7;
			while (i < n && c[i] == ' ')
				i++;
		} else {
			return i;
		}
	}
}

/* What follows an address on a line that lists recipients. */
static int
rest_ok(const char *c, size_t n, size_t e)
{
	size_t i = e, sp = 0;

	while (i < n && (c[i] == '>' || c[i] == '"' || c[i] == '\'' ||
	    c[i] == ']'))
		i++;
	if (i >= n)
		return 1;
	if (c[i] == ':' || c[i] == ';' || c[i] == ',' || c[i] == '.' ||
	    c[i] == '(')
		return !(c[i] == '.' && i + 1 < n && c[i + 1] != '.');
	while (i < n && (c[i] == ' ' || c[i] == '\t')) {
		i++;
		sp++;
	}
	if (i >= n || sp >= 2)
		return 1;
	if (strchr("(<[-:.\"=|", c[i]) != NULL)
		return 1;
	if (iprefix(c + i, n - i, "on ") ||
	    iprefix(c + i, n - i, "is unknown") ||
	    iprefix(c + i, n - i, "unknown") ||
	    iprefix(c + i, n - i, "failed") ||
	    iprefix(c + i, n - i, "user unknown") ||
	    iprefix(c + i, n - i, "mailbox"))
		return 1;
	return 0;
}

/*
 * Does the line list a recipient, as bounce formats do?  The address
 * in c[*s..*e).  1 when it does.
 */
static int
strong_addr(const char *c, size_t n, size_t *s, size_t *e)
{
	size_t i = 0, k;

	/* bullets: "* ", "- ", "-- ", "> ", "• " */
	for (;;) {
		k = i;
		while (k < n && (c[k] == '*' || c[k] == '-' || c[k] == '>' ||
		    c[k] == '+'))
			k++;
		if (k > i && k < n && (c[k] == ' ' || c[k] == '\t')) {
			i = k;
			while (i < n && (c[i] == ' ' || c[i] == '\t'))
				i++;
			continue;
		}
		if (n - i > 4 && (unsigned char)c[i] == 0xe2 &&
		    (unsigned char)c[i + 1] == 0x80 &&
		    (unsigned char)c[i + 2] == 0xa2 && c[i + 3] == ' ') {
			i += 4;
			continue;
		}
		break;
	}
	/* Exchange's X.400 form: c=US;a= ;p=Org;o=Site;dda:SMTP=a@b; */
	if (iprefix(c + i, n - i, "c=") && (k = ifind(c, n, "dda:smtp=")) < n &&
	    next_addr(c + k + 9, n - k - 9, 0, s, e) && *s == 0) {
		*s += k + 9;
		*e += k + 9;
		return 1;
	}
	k = addr_lead(c, n, i);
	if (next_addr(c, n, k, s, e) && *s == k) {
		if (rest_ok(c, n, *e)) {
			const struct sp a = { c + *s, *e - *s };

			return !ieq(a.p, (size_t)(memchr(a.p, '@', a.n) ?
			    (const char *)memchr(a.p, '@', a.n) - a.p : 0),
			    "mailer-daemon", 13);
		}
		return 0;
	}
	/* Label: address */
	{
		const char *colon = memchr(c + i, ':', n - i);
		size_t l, j;

		if (colon == NULL)
			return 0;
		l = (size_t)(colon - (c + i));
		if (l == 0 || l > 48 || !isalpha_((unsigned char)c[i]))
			return 0;
		for (j = i; j < i + l; j++)
			if (!isalnum_((unsigned char)c[j]) &&
			    strchr(" -_'()/.", c[j]) == NULL &&
			    (unsigned char)c[j] < 0x80)
				return 0;
		{
			struct sp lab = trim(c + i, l);

			if (label_excluded(lab.p, lab.n))
				return 0;
		}
		j = i + l + 1;
		while (j < n && (c[j] == ' ' || c[j] == '\t'))
			j++;
		j = addr_lead(c, n, j);
		if (!next_addr(c, n, j, s, e) || *s != j)
			return 0;
		{
			struct sp a = { c + *s, *e - *s };

			return !addr_special(a);
		}
	}
}

/* A sentence about the delivery, that may name the recipient. */
static int
weak_line(const char *c, size_t n)
{
	static const struct sc_mr_ph kw[] = {
		SC_MR_PH("deliver"), SC_MR_PH("recipient"), SC_MR_PH("address"),
		SC_MR_PH("mailbox"), SC_MR_PH("user"), SC_MR_PH("account"),
		SC_MR_PH("reach"), SC_MR_PH("fail"), SC_MR_PH("reject"),
		SC_MR_PH("bounce"), SC_MR_PH("destinat"), SC_MR_PH("unknown"),
		SC_MR_PH("unable"), SC_MR_PH("could not"), SC_MR_PH("couldn't"),
		SC_MR_PH("undeliver"), SC_MR_PH("addressee")
	};

	return sc_mr_find(c, n, kw, sizeof kw / sizeof kw[0], NULL) < n;
}

/*
 * Is the address in c[s..e) what a sentence about the delivery names:
 * after "to", "for", "recipient", "address", "user", or before "not",
 * "fail", "unknown", ...?  Not after "from" or "by".
 */
static int
weak_near(const char *c, size_t n, size_t s, size_t e)
{
	static const char *const before[] = {
		"to ", "to:", "for ", "recipient", "address", "user", "mailbox",
		"account", "rcpt"
	};
	static const char *const after[] = {
		"not", "fail", "unknown", "invalid", "reject", "unavailable",
		"undeliverable", "full", "quota", "exceed", "disabled", "exist",
		"- ", "...", "cannot", "can't", "couldn't"
	};
	size_t b = s > 32 ? s - 32 : 0, k = s, i;

	while (k > 0 && strchr(" \t<\"'(:", c[k - 1]) != NULL)
		k--;
	if ((k >= 4 && iprefix(c + k - 4, 4, "from")) ||
	    (k >= 2 && iprefix(c + k - 2, 2, "by")) ||
	    (k >= 6 && iprefix(c + k - 6, 6, "sender")))
		return 0;
	for (i = 0; i < sizeof before / sizeof before[0]; i++)
		if (ihas(c + b, s - b, before[i]))
			return 1;
	k = n - e > 40 ? e + 40 : n;
	for (i = 0; i < sizeof after / sizeof after[0]; i++)
		if (ihas(c + e, k - e, after[i]))
			return 1;
	return 0;
}

/* ---- the header ---- */

/* The value of the message's header field name (lower case). */
static struct sp
hdr_get(struct sc_mreader *r, const char *name)
{
	const char *p = r->hdr, *end = r->hdr + r->hdrlen, *nl;
	size_t k = strlen(name);
	struct sp v = { "", 0 };

	for (; p < end; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			nl = end;
		if ((size_t)(nl - p) > k &&
		    iprefix(p, (size_t)(nl - p), name) &&
		    (p[k] == ':' || p[k] == ' ')) {
			const char *c = memchr(p, ':', (size_t)(nl - p));

			if (c != NULL)
				return trim(c + 1, (size_t)(nl - c - 1));
		}
		if (nl == end)
			break;
	}
	return v;
}

/* The first address in a header field value. */
static struct sp
hdr_addr(struct sc_mreader *r, const char *name)
{
	struct sp v = hdr_get(r, name), a = { "", 0 };
	size_t s, e;

	if (next_addr(v.p, v.n, 0, &s, &e)) {
		a.p = v.p + s;
		a.n = e - s;
	}
	return a;
}

/* ---- lines of kept text ---- */

static void
index_lines(struct sc_mreader *r, int html)
{
	struct sc_mana *m = r->ana;
	unsigned sgi;

	unsigned body = 0;

	m->nline = 0;
	m->gstate = 0;
	m->estate = 0;
	for (sgi = 0; sgi < r->nseg; sgi++) {
		const struct sc_mseg *sg = &r->seg[sgi];
		const char *p, *end, *nl;

		if (sg->html != html)
			continue;
		/* the preambles, and the first two parts: the notice is
		   there, not in a third text part */
		if (!sg->pre && body++ >= 2)
			continue;
		p = (html ? r->html : r->text) + sg->off;
		end = p + sg->len;
		for (; p < end && m->nline < SC_MR_LINES; p = nl + 1) {
			struct mline *l = &m->line[m->nline++];
			size_t n, ind = 0;

			nl = memchr(p, '\n', (size_t)(end - p));
			if (nl == NULL)
				nl = end;
			n = (size_t)(nl - p);
			while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t' ||
			    p[n - 1] == '\r' || p[n - 1] == '\0'))
				n--;
			while (ind < n && (p[ind] == ' ' || p[ind] == '\t'))
				ind++;
			l->p = p + ind;
			l->n = (unsigned)(n - ind);
			l->indent = ind > 255 ? 255 : (unsigned char)ind;
			l->seg = (unsigned short)sgi;
			if (nl == end)
				break;
		}
	}
}

/* ---- recipients ---- */

static unsigned
addr_hash(struct sp a)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < a.n; i++)
		h = (h ^ (uint32_t)lower((unsigned char)a.p[i])) * 16777619u;
	return h % HASH;
}

/* The recipient with address a: its index, or -1. */
static int
rcpt_find(struct sc_mana *m, struct sp a)
{
	unsigned h = addr_hash(a), k;

	for (k = 0; k < HASH; k++, h = (h + 1) % HASH) {
		int i = m->hash[h] - 1;

		if (i < 0)
			return -1;
		if (ieq(m->rcpt[i].addr.p, m->rcpt[i].addr.n, a.p, a.n))
			return i;
	}
	return -1;
}

static int
rcpt_add(struct sc_mana *m, struct sp a)
{
	unsigned h = addr_hash(a);
	struct rcpt *t;

	if (m->nrcpt >= SC_MR_RCPTS || m->nrcpt >= HASH / 2)
		return -1;
	t = &m->rcpt[m->nrcpt];
	memset(t, 0, sizeof *t);
	t->addr = a;
	t->action.p = t->status.p = t->rmta.p = t->diag.p = "";
	if (a.n > 0) {
		while (m->hash[h] != 0)
			h = (h + 1) % HASH;
		m->hash[h] = (int)m->nrcpt + 1;
		m->hused[m->nhused++] = (unsigned short)h;
	}
	return (int)m->nrcpt++;
}

/* Empty the index: only the slots in use (a message has few recipients). */
static void
hash_clear(struct sc_mana *m)
{
	while (m->nhused > 0)
		m->hash[m->hused[--m->nhused]] = 0;
}

static void
hash_rebuild(struct sc_mana *m)
{
	unsigned i;

	hash_clear(m);
	for (i = 0; i < m->nrcpt; i++) {
		unsigned h;

		if (m->rcpt[i].addr.n == 0 ||
		    rcpt_find(m, m->rcpt[i].addr) >= 0)
			continue;
		h = addr_hash(m->rcpt[i].addr);
		while (m->hash[h] != 0)
			h = (h + 1) % HASH;
		m->hash[h] = (int)i + 1;
		m->hused[m->nhused++] = (unsigned short)h;
	}
}

/* Is there a blank line in lines (a, b)? */
static int
blank_between(struct sc_mana *m, unsigned a, unsigned b)
{
	unsigned i;

	for (i = a + 1; i < b; i++)
		if (m->line[i].n == 0)
			return 1;
	return 0;
}

/* Lines naming recipients: strong ones, else sentences. */
static void
find_occ(struct sc_mreader *r, struct sp from, struct sp to)
{
	struct sc_mana *m = r->ana;
	unsigned i;
	int seg = -1, weak;

	m->nocc = 0;
	for (weak = 0; weak < 2 && m->nocc == 0; weak++) {
		for (i = 0; i < m->nline && m->nocc < OCCS; i++) {
			const struct mline *l = &m->line[i];
			size_t s, e, from_ = 0;

			if (seg >= 0 && l->seg != seg)
				break;	/* the first part naming them */
			if (!weak) {
				if (l->n == 0 ||
				    !strong_addr(l->p, l->n, &s, &e))
					continue;
				if (m->nocc > 0 && l->indent >
				    m->line[m->occ[m->nocc - 1].line].indent &&
				    l->indent >= 4 && !blank_between(m,
				    m->occ[m->nocc - 1].line, i))
					continue;	/* a folded line */
				m->occ[m->nocc].line = i;
				m->occ[m->nocc].addr.p = l->p + s;
				m->occ[m->nocc].addr.n = e - s;
				m->occ[m->nocc].weak = 0;
				m->nocc++;
				seg = l->seg;
				continue;
			}
			if (l->n == 0 || !weak_line(l->p, l->n))
				continue;
			while (next_addr(l->p, l->n, from_, &s, &e) &&
			    m->nocc < OCCS) {
				struct sp a = { l->p + s, e - s };

				from_ = e;
				if (addr_special(a) ||
				    ieq(a.p, a.n, from.p, from.n) ||
				    ieq(a.p, a.n, to.p, to.n))
					continue;
				/* not in a URL or a message id, no sender */
				if (s > 0 &&
				    (l->p[s - 1] == '/' || l->p[s - 1] == '='))
					continue;
				if (!weak_near(l->p, l->n, s, e))
					continue;
				m->occ[m->nocc].line = i;
				m->occ[m->nocc].addr = a;
				m->occ[m->nocc].weak = 1;
				m->nocc++;
				seg = l->seg;
			}
		}
	}
}

/* The end of the segment line i is in: one past its last line. */
static unsigned
seg_end(struct sc_mana *m, unsigned i)
{
	unsigned s = m->line[i].seg;

	while (i < m->nline && m->line[i].seg == s)
		i++;
	return i;
}

/* Recipients from the lines that name them, each with its blocks. */
static void
occ_blocks(struct sc_mana *m, int add)
{
	unsigned j, k;

	for (j = 0; j < m->nocc; j++) {
		struct occ *o = &m->occ[j];
		int ri = rcpt_find(m, o->addr);
		unsigned end = seg_end(m, o->line);
		struct rcpt *t;
		int b;

		if (ri < 0) {
			if (!add || (ri = rcpt_add(m, o->addr)) < 0)
				continue;
		}
		for (k = j + 1; k < m->nocc; k++)
			if (!ieq(m->occ[k].addr.p, m->occ[k].addr.n, o->addr.p,
			    o->addr.n)) {
				if (m->occ[k].line < end)
					end = m->occ[k].line;
				break;
			}
		if (end <= o->line)
			end = o->line + 1;
		t = &m->rcpt[ri];
		for (b = 0; b < t->nblk; b++)
			if (o->line >= t->blk[b].a && o->line < t->blk[b].b)
				break;
		if (b < t->nblk)
			continue;
		if (t->nblk == 0)
			t->weak = o->weak;
		if (t->nblk < BLOCKS) {
			t->blk[t->nblk].a = o->line;
			t->blk[t->nblk].b = end;
			t->nblk++;
		}
	}
}

/* ---- codes ---- */

/* A byte that glues a number to what comes before it. */
static int
glue_before(const char *c, size_t i)
{
	int b;

	if (i == 0)
		return 0;
	b = (unsigned char)c[i - 1];
	if (isalnum_(b) || b >= 0x80 || (b != 0 && strchr("._-/@+%&\\$=", b)))
		return 1;
	if (b == ':')	/* ":550" is a port; " :550" is ERROR_CODE :550 */
		return !(i >= 2 && c[i - 2] == ' ');
	return 0;
}

/* An enhanced code at c+i, class 2, 4 or 5, subject 0-7, standing alone. */
static int
enh_at(const char *c, size_t n, size_t i, struct sc_enh_code *e, size_t *used)
{
	size_t u;

	if (i >= n || (c[i] != '2' && c[i] != '4' && c[i] != '5'))
		return 0;
	if (sc_parse_enh(c + i, n - i, e, &u) < 0 || e->subject > 7)
		return 0;
	if (i + u < n) {
		int a = (unsigned char)c[i + u];

		if (isalnum_(a) || a == '_' || a == '@' || a >= 0x80)
			return 0;
		if ((a == '.' || a == '-') && i + u + 1 < n &&
		    isalnum_((unsigned char)c[i + u + 1]))
			return 0;
	}
	*used = u;
	return 1;
}

/* Words after which a reply follows. */
static int
reply_word(const char *w, size_t n, int alone)
{
	static const struct sc_mr_ph kw[] = {
		SC_MR_PH("said"), SC_MR_PH("says"), SC_MR_PH("returned"),
		SC_MR_PH("replied"), SC_MR_PH("reply"), SC_MR_PH("response"),
		SC_MR_PH("responded"), SC_MR_PH("reason"), SC_MR_PH("error"),
		SC_MR_PH("code"), SC_MR_PH("error_code"), SC_MR_PH("status"),
		SC_MR_PH("received"), SC_MR_PH("diagnostic"),
		SC_MR_PH("diagnostic-code"), SC_MR_PH("answer"),
		SC_MR_PH("smtp"), SC_MR_PH("details"), SC_MR_PH("description"),
		SC_MR_PH("text"), SC_MR_PH("problem"), SC_MR_PH("result"),
		SC_MR_PH("me"), SC_MR_PH("recv"), SC_MR_PH("rcvd"),
		SC_MR_PH("got"), SC_MR_PH("responds")
	};
	size_t i;

	if (alone && (ieq(w, n, "in", 2) || ieq(w, n, "out", 3) ||
	    ieq(w, n, "s", 1) || ieq(w, n, "server", 6) ||
	    ieq(w, n, "remote", 6)))
		return 1;
	for (i = 0; i < sizeof kw / sizeof kw[0]; i++)
		if (ieq(w, n, kw[i].s, kw[i].n))
			return 1;
	return 0;
}

/* Transcript markers before a server's reply. */
static size_t
tmarker(const char *c, size_t n)
{
	static const char *const mk[] = { "<<<", "<<", "<-", "<~", ">>>" };
	size_t i;

	for (i = 0; i < sizeof mk / sizeof mk[0]; i++)
		if (n >= strlen(mk[i]) &&
		    memcmp(c + n - strlen(mk[i]), mk[i], strlen(mk[i])) == 0)
			return strlen(mk[i]);
	return 0;
}

/* Does a code at c+i stand where a reply begins? */
static int
reply_pos(const char *c, size_t i)
{
	size_t n = i, w;
	int colon = 0;

	while (n > 0 && strchr(" \t'\"#([`", c[n - 1]) != NULL)
		n--;
	if (n == 0)
		return 1;
	if (tmarker(c, n))
		return 1;
	if (c[n - 1] == ':') {
		colon = 1;
		n--;
		while (n > 0 && (c[n - 1] == ' ' || c[n - 1] == '\t'))
			n--;
		if (n == 0)
			return 1;
		if (c[n - 1] == ']' || c[n - 1] == ')' || c[n - 1] == '>')
			return 1;
	}
	for (w = n; w > 0 && (isalpha_((unsigned char)c[w - 1]) ||
	    c[w - 1] == '_' || c[w - 1] == '-'); w--)
		;
	if (w == n)
		return 0;
	{
		size_t b = w, v;

		while (b > 0 && (c[b - 1] == ' ' || c[b - 1] == '\t'))
			b--;
		if (reply_word(c + w, n - w, b == 0 && colon))
			return 1;
		/* "returned was: 550", "said that: 550" */
		for (v = b; v > 0 && isalpha_((unsigned char)c[v - 1]); v--)
			;
		if (colon && v < b && n - w <= 4 && reply_word(c + v, b - v, 0))
			return 1;
	}
	return 0;
}

/* sc_scan() finds a code of this kind at c+i. */
static int
scan_says(const char *c, size_t n, size_t i, int kind)
{
	struct sc_hit h[16];
	size_t k, nh, from = 0;

	if (n > 4096)
		return 0;
	do {
		nh = sc_scan(c, n, from, 1, h, 16);
		for (k = 0; k < nh; k++) {
			if (h[k].off == i && h[k].kind == kind)
				return 1;
			if (h[k].off > i)
				return 0;
		}
		if (nh < 16)
			return 0;
		from = h[15].off + 1;
	} while (from < n);
	return 0;
}

/*
 * A reply code at the end of its line, "... mailbox unavailable. [SMTP
 * Error Code 550]": its text is what stands before it, after the
 * address that may begin the line.
 */
static void
tail_code(const char *c, size_t n, struct reply *h)
{
	size_t k = h->off + 3, t = h->off, w, s, e;

	if (k >= n || (c[k] != ']' && c[k] != ')'))
		return;		/* not "[... 550]" */
	while (k < n && strchr(")]}.;: ", c[k]) != NULL)
		k++;
	if (k < n || t == 0)
		return;
	for (;;) {
		while (t > 0 && strchr(" \t[(#:'\"", c[t - 1]) != NULL)
			t--;
		for (w = t; w > 0 && (isalpha_((unsigned char)c[w - 1]) ||
		    c[w - 1] == '_'); w--)
			;
		if (w == t || !reply_word(c + w, t - w, 0))
			break;
		t = w;
	}
	if (t == 0)
		return;
	h->toff = 0;
	if (strong_addr(c, t, &s, &e) && e < t) {
		h->toff = e;
		while (h->toff < t && strchr(">\"':; ", c[h->toff]) != NULL)
			h->toff++;
	}
	/* "Reason: ...": the label is no part of it */
	for (w = h->toff; w < t && isalpha_((unsigned char)c[w]); w++)
		;
	if (w < t && c[w] == ':' && reply_word(c + h->toff, w - h->toff, 0)) {
		h->toff = w + 1;
		while (h->toff < t && c[h->toff] == ' ')
			h->toff++;
	}
	h->tend = t;
	h->quote = 0;
}

/*
 * The first code at a reply position in c[from..n): a reply code, with
 * its enhanced code if one follows, or an enhanced code alone; of class
 * 4 or 5 when want45.  1 when found.
 */
static int
line_code(const char *c, size_t n, size_t from, int want45, struct reply *h)
{
	size_t i, j, u;
	struct sc_enh_code e;

	for (i = from; i < n; i++) {
		int code, ok, pair;

		if (!isdig((unsigned char)c[i]))
			continue;
		if (glue_before(c, i))
			goto skip;
		if (i + 3 <= n && isdig((unsigned char)c[i + 1]) &&
		    isdig((unsigned char)c[i + 2]) &&
		    (i + 3 == n || strchr(" \t-:'\")],;.", c[i + 3]) != NULL) &&
		    (i + 3 == n || c[i + 3] != '.' || i + 4 == n ||
		    c[i + 4] == ' ') &&
		    sc_basic_wellformed(code = (c[i] - '0') * 100 +
		    (c[i + 1] - '0') * 10 + (c[i + 2] - '0'))) {
			/* "550 5.1.1", "550-5.1.1", "550: 5.1.1", "550 #5.1.1"
			   */
			j = i + 3;
			if (j < n &&
			    (c[j] == ' ' || c[j] == '-' || c[j] == ':'))
				j++;
			if (j < n && c[j] == ' ' && c[j - 1] == ':')
				j++;
			if (j < n && (c[j] == '#' || c[j] == '\''))
				j++;
			pair = j > i + 3 && enh_at(c, n, j, &e, &u);
			ok = (pair && e.cls == c[i] - '0') || reply_pos(c, i) ||
			    scan_says(c, n, i, SC_HIT_BASIC);
			if (ok && (!want45 || c[i] == '4' || c[i] == '5')) {
				memset(h, 0, sizeof *h);
				h->basic = code;
				h->enh.subject = -1;
				h->off = i;
				h->multi = i + 3 < n && c[i + 3] == '-';
				h->toff = i + 3;
				if (pair) {
					h->enh = e;
					h->toff = j + u;
				}
				if (i > 0 &&
				    (c[i - 1] == '\'' || c[i - 1] == '"'))
					h->quote = c[i - 1];
				else if (i > 0 && c[i - 1] == '(')
					h->quote = ')';
				h->tend = n;
				if (!pair)
					tail_code(c, n, h);
				return 1;
			}
			goto skip;
		}
		if (enh_at(c, n, i, &e, &u)) {
			ok = (i > 0 && c[i - 1] == '#') || reply_pos(c, i) ||
			    scan_says(c, n, i, SC_HIT_ENH);
			if (ok && (!want45 || e.cls == 4 || e.cls == 5)) {
				memset(h, 0, sizeof *h);
				h->basic = -1;
				h->enh = e;
				h->enhonly = 1;
				h->off = i;
				h->tend = n;
				/* at the end of its line: the text before */
				j = i + u;
				while (j < n && strchr(") ]>Z.", c[j]) != NULL)
					j++;
				if (j == n && i > 0) {
					h->toff = 0;
					h->tend = i;
					while (h->tend > 0 &&
					    strchr(" (#[", c[h->tend - 1]) !=
						NULL)
						h->tend--;
				} else {
					h->toff = i + u;
				}
				/* "5.1.0 - Unknown address error
				   550-'5.4.1 ...": the reply that follows */
				{
					struct reply b;

					if (line_code(
						c, n, i + u, want45, &b) &&
					    !b.enhonly) {
						*h = b;
						if (h->enh.subject < 0)
							h->enh = e;
					}
				}
				return 1;
			}
			i += u;
			continue;
		}
skip:
		while (i + 1 < n && (isdig((unsigned char)c[i + 1]) ||
		    c[i + 1] == '.'))
			i++;
	}
	return 0;
}

/* ---- stages and hosts ---- */

/* An SMTP command at c: its stage name, the bytes it took in *k. */
static const char *
command(const char *c, size_t n, size_t *k)
{
#define C(w, st) { w, sizeof(w) - 1, st }
	static const struct {
		const char *w;
		size_t l;
		const char *stage;
	} cmd[] = {
		C("end of data", "end of data"),
		C("end-of-data", "end of data"),
		C("end of message", "end of data"),
		C("end-of-message", "end of data"),
		C("rcpt to", "RCPT TO"), C("rcpt", "RCPT TO"),
		C("mail from", "MAIL FROM"), C("mail", "MAIL FROM"),
		C("data", "DATA"), C("bdat", "BDAT"), C("ehlo", "EHLO"),
		C("helo", "HELO"), C("lhlo", "LHLO"), C("starttls", "STARTTLS"),
		C("auth", "AUTH"), C("quit", "QUIT"), C("rset", "RSET"),
		C("noop", "NOOP"), C("vrfy", "VRFY"), C("expn", "EXPN"),
		C("xforward", "XFORWARD"), C("xclient", "XCLIENT"),
		C("initial connection", "connect"),
		C("initial greeting", "connect"), C("greeting", "connect"),
		C("connect", "connect"), C("banner", "connect"),
		C("message body", "DATA"), C("message content", "DATA"),
		C("the message", "end of data")
	};
	size_t i, l;

	if (n < 4 || !isalpha_((unsigned char)c[0]))
		return NULL;
	for (i = 0; i < sizeof cmd / sizeof cmd[0]; i++) {
		l = cmd[i].l;
		if (lower((unsigned char)c[0]) == cmd[i].w[0] && l <= n &&
		    iprefix(c, n, cmd[i].w) &&
		    (l == n || !isalpha_((unsigned char)c[l]))) {
			/* "DATA" the word, not "database"; "MAIL" alone only
			   before FROM */
			if (strcmp(cmd[i].w, "mail") == 0 ||
			    strcmp(cmd[i].w, "rcpt") == 0)
				if (l < n && c[l] != ':' && c[l] != ' ')
					return NULL;
			*k = l;
			return cmd[i].stage;
		}
	}
	return NULL;
#undef C
}

/* The stage a text names explicitly, or NULL; *at where it does. */
static const char *
stage_phrase(const char *c, size_t n, size_t *at)
{
	/* phrases followed by a command: "in reply to RCPT TO command" */
	enum { NLEAD = 6 };
	static const struct sc_mr_ph ph[] = {
		SC_MR_PH("in reply to "), SC_MR_PH("after pipelined "),
		SC_MR_PH("after "), SC_MR_PH("while sending "),
		SC_MR_PH("in response to "), SC_MR_PH("while receiving "),
		SC_MR_PH("refused to talk to me"), SC_MR_PH("greeting failed"),
		SC_MR_PH("initial server greeting"),
		SC_MR_PH("my name was rejected"),
		SC_MR_PH("sender was rejected"),
		SC_MR_PH("does not like recipient"),
		SC_MR_PH("failed on data command"),
		SC_MR_PH("failed after i sent the message"),
		SC_MR_PH("ehlo handshake"), SC_MR_PH("helo handshake"),
		SC_MR_PH("connect to "), SC_MR_PH("connection refused"),
		SC_MR_PH("connection timed out"), SC_MR_PH("no route to host"),
		SC_MR_PH("could not initiate smtp conversation"),
		SC_MR_PH("did not accept our requests to connect")
	};
	static const char *const stage[] = {
		"connect", "connect", "connect", "HELO", "MAIL FROM", "RCPT TO",
		"DATA", "end of data", "EHLO", "HELO", "connect", "connect",
		"connect", "connect", "connect", "connect"
	};
	size_t from = 0, pos, k, w;
	const char *s;

	while (from < n) {
		pos = from + sc_mr_find(c + from, n - from, ph,
		    sizeof ph / sizeof ph[0], &w);
		if (pos >= n)
			break;
		if (w >= NLEAD) {
			*at = pos;
			return stage[w - NLEAD];
		}
		k = pos + ph[w].n;
		if (iprefix(c + k, n - k, "the "))
			k += 4;
		if ((s = command(c + k, n - k, &k)) != NULL) {
			*at = pos;
			return s;
		}
		from = pos + 1;
	}
	*at = n;
	return NULL;
}

/* A line of a transcript that sends a command: its stage, or NULL. */
static const char *
command_line(const char *c, size_t n)
{
	size_t i = 0, k;

	if (n >= 3 && memcmp(c, ">>>", 3) == 0)
		i = 3;
	else if (n >= 2 && (memcmp(c, "->", 2) == 0 || memcmp(c, "C:", 2) == 0))
		i = 2;
	else if (iprefix(c, n, "out:"))
		i = 4;
	else if (iprefix(c, n, "sent <<<"))
		i = 8;
	else if ((k = ifind(c, n < 48 ? n : 48, "sent:")) < (n < 48 ? n : 48))
		i = k + 5;
	while (i < n && (c[i] == ' ' || c[i] == '\t'))
		i++;
	if (i < n && c[i] == '.' && i + 1 == n && i > 0)
		return "end of data";
	{
		const char *s = command(c + i, n - i, &k);
		size_t j;

		/* a command as transcripts write it: its verb in capitals */
		if (s == NULL || k < 4 || strcmp(s, "connect") == 0 ||
		    strcmp(s, "end of data") == 0)
			return NULL;
		for (j = i; j < i + 4; j++)
			if (c[j] < 'A' || c[j] > 'Z')
				return NULL;
		if (strcmp(s, "DATA") == 0 && k != n - i)
			return NULL;
		if (k < n - i && c[i + k] != ':' && c[i + k] != ' ')
			return NULL;
		return s;
	}
}

/* The remote host a text names: Postfix, Exim, Sendmail, qmail, Gmail. */
static struct sp
host_in(const char *c, size_t n)
{
	static const struct sc_mr_ph lead[] = {
		SC_MR_PH("host "), SC_MR_PH("while talking to "),
		SC_MR_PH("connected to "), SC_MR_PH("by "),
		SC_MR_PH("connect to "), SC_MR_PH("conversation with "),
		SC_MR_PH("connection with "), SC_MR_PH("remote server: "),
		SC_MR_PH("remote host: "), SC_MR_PH("remote mta: ")
	};
	struct sp h = { "", 0 };
	size_t i, pos, from, k, w;

	for (from = 0; from < n; from = pos + 1) {
		pos = from + sc_mr_find(c + from, n - from, lead,
		    sizeof lead / sizeof lead[0], &w);
		if (pos >= n)
			break;
		k = pos + lead[w].n;
		h.p = c + k;
		for (h.n = 0; k + h.n < n &&
		     (isalnum_((unsigned char)c[k + h.n]) ||
			 strchr(".-_:", c[k + h.n]) != NULL);
		     h.n++)
			;
		while (h.n > 0 && (h.p[h.n - 1] == '.' || h.p[h.n - 1] == ':'))
			h.n--;
		if (h.n < 3 || memchr(h.p, '.', h.n) == NULL)
			continue;
		/* Postfix h[a], Exim h [a], Gmail "by h. [a]." */
		k += h.n;
		while (k < n && (c[k] == '.' || c[k] == ' '))
			k++;
		if ((w == 0 || (w >= 3 && w <= 6)) &&
		    (k >= n || (c[k] != '[' && c[k] != '(')) &&
		    !(w == 0 && (iprefix(c + k, n - k, "said") ||
		    iprefix(c + k, n - k, "says"))))
			continue;
		return h;
	}
	h.n = 0;
	/* any h [a] or h[a]: Courier's "    mx.example.org [192.0.2.1]:" */
	for (i = 0; i + 2 < n; i++) {
		size_t b, t;

		if (c[i] != '[' || (!isdig((unsigned char)c[i + 1]) &&
		    !iprefix(c + i + 1, n - i - 1, "ipv6:")))
			continue;
		b = i;
		if (b > 0 && c[b - 1] == ' ')
			b--;
		for (t = b; t > 0 && (isalnum_((unsigned char)c[t - 1]) ||
		    c[t - 1] == '.' || c[t - 1] == '-' || c[t - 1] == '_'); t--)
			;
		for (k = t; k < b && !isalpha_((unsigned char)c[k]); k++)
			;
		if (b - t >= 4 && memchr(c + t, '.', b - t) != NULL && k < b &&
		    isalnum_((unsigned char)c[t]) &&
		    (t == 0 || c[t - 1] == ' ' || c[t - 1] == '(')) {
			h.p = c + t;
			h.n = b - t;
			while (h.n > 0 && h.p[h.n - 1] == '.')
				h.n--;
			return h;
		}
	}
	/* qmail: "a does not like recipient.", "a failed after I sent ..." */
	{
		static const struct sc_mr_ph q[] = {
			SC_MR_PH("does not like recipient"),
			SC_MR_PH("failed after i sent"),
			SC_MR_PH("failed on data")
		};

		pos = sc_mr_find(c, n, q, sizeof q / sizeof q[0], NULL);
		if (pos < n && pos > 0 && c[pos - 1] == ' ') {
			size_t t;

			for (t = pos - 1; t > 0 &&
			     (isalnum_((unsigned char)c[t - 1]) ||
				 strchr(".:-_", c[t - 1]) != NULL);
			     t--)
				;
			if (pos - 1 - t >= 4) {
				h.p = c + t;
				h.n = pos - 1 - t;
				return h;
			}
		}
	}
	h.n = 0;
	return h;
}

/* ---- the reply's text ---- */

/* Is the line one that ends a reply's run of lines? */
static int
stop_line(const char *c, size_t n)
{
	return iprefix(c, n, "giving up on") ||
	    iprefix(c, n, "i'm not going to try again") ||
	    iprefix(c, n, "i'll keep trying") || iprefix(c, n, "---") ||
	    iprefix(c, n, "===") || iprefix(c, n, "***") ||
	    iprefix(c, n, "___") || iprefix(c, n, "|--") ||
	    iprefix(c, n, "-- ") || iprefix(c, n, ">>>") ||
	    iprefix(c, n, "sent <<<") || iprefix(c, n, "original message") ||
	    iprefix(c, n, "diagnostic information for administrators") ||
	    iprefix(c, n, "learn more") ||
	    iprefix(c, n, "for further assistance");
}

/* "Some words: ...": a label, no line of a reply. */
static int
label_line(const char *c, size_t n)
{
	size_t i, words = 1;

	for (i = 0; i < n && i < 40; i++) {
		if (c[i] == ':')
			return i > 0 && (i + 1 == n || c[i + 1] == ' ');
		if (c[i] == ' ') {
			if (++words > 4)
				return 0;
		} else if (!isalpha_((unsigned char)c[i]) && c[i] != '-') {
			return 0;
		}
	}
	return 0;
}

/* Lines [h->line+1, ...) that go on with the reply: h->end. */
static void
run_end(struct sc_mana *m, struct reply *h, unsigned limit)
{
	const struct mline *l0 = &m->line[h->line];
	unsigned i = h->line + 1;
	int multi = h->multi;
	size_t pl = h->off;

	while (pl > 0 && (l0->p[pl - 1] == ' ' || l0->p[pl - 1] == '\t'))
		pl--;
	h->tprefix = pl > 0 && tmarker(l0->p, pl) > 0;
	if (h->quote != 0 && h->toff < l0->n &&
	    memchr(l0->p + h->toff, h->quote, l0->n - h->toff)) {
		h->end = i;
		return;
	}
	for (; i < limit && i < m->nline; i++) {
		const struct mline *l = &m->line[i];
		const char *c = l->p;
		size_t n = l->n, s, e;
		struct reply t;
		int coded;

		if (n == 0 || l->seg != l0->seg || stop_line(c, n) ||
		    command_line(c, n) != NULL)
			break;
		coded = line_code(c, n, 0, 0, &t) && t.off <= 5;
		if (h->tprefix) {
			/* a transcript: its lines while the reply goes on */
			if (!multi || !coded || t.basic != h->basic)
				break;
			multi = t.multi;
			continue;
		}
		if (coded && !t.enhonly) {
			/* a line that begins with a code: the same reply's next
			   line, a reply it quotes ("said:"), or another reply
			 */
			const struct mline *pl = &m->line[i - 1];

			if (pl->n > 0 && pl->p[pl->n - 1] == ':')
				;
			else if (!multi || t.basic != h->basic)
				break;
			else
				multi = t.multi;
		}
		/* another recipient's line, or a field after the reply
		   ("DSN generated by: ...", "Remote server: ...") */
		if (l->indent <= l0->indent && !multi &&
		    (strong_addr(c, n, &s, &e) ||
			(l0->indent == 0 && l->indent == 0 &&
			    label_line(c, n))))
			break;
		if (h->quote != 0 && memchr(c, h->quote, n) != NULL) {
			i++;
			break;
		}
	}
	h->end = i;
}

/* Append s to o (capacity SC_MR_OUT), a space between. */
static size_t
put(char *o, size_t on, const char *s, size_t n)
{
	if (on > 0 && on < SC_MR_OUT && n > 0)
		o[on++] = ' ';
	if (n > SC_MR_OUT - on)
		n = SC_MR_OUT - on;
	memcpy(o + on, s, n);
	return on + n;
}

/* Is o+i a reply's line prefix "550-", "550 5.1.1 ", "<<< 550-"? Its length. */
static size_t
cont_prefix(const char *o, size_t n, size_t i, const struct reply *h)
{
	size_t j = i, u;
	struct sc_enh_code e;

	if (j + 3 < n && memcmp(o + j, "<<<", 3) == 0) {
		j += 3;
		while (j < n && o[j] == ' ')
			j++;
	}
	if (h->basic < 0 || j + 4 > n || !isdig((unsigned char)o[j]) ||
	    (o[j] - '0') * 100 + (o[j + 1] - '0') * 10 + (o[j + 2] - '0') !=
	    h->basic || !isdig((unsigned char)o[j + 1]) ||
	    !isdig((unsigned char)o[j + 2]))
		return 0;
	j += 3;
	if (o[j] == '-') {
		j++;
	} else if (o[j] == ' ') {
		j++;
		if (!enh_at(o, n, j, &e, &u)) {
			/* the last line of a multi-line reply: "550 text" */
			return j - i;
		}
	} else {
		return 0;
	}
	if (j < n && enh_at(o, n, j, &e, &u)) {
		j += u;
		if (j < n && o[j] == ' ')
			j++;
	}
	return j - i;
}

/* Make o[0..n) a reply's text: codes, markers, trailers out. */
static size_t
clean(char *o, size_t n, struct reply *h)
{
	size_t i, w, k;
	int sp;

	/* the trailers Postfix and Exchange add */
	k = ifind(o, n, "(in reply to ");
	n = k;
	if (h->quote != 0) {
		char *q = memchr(o, h->quote, n);

		if (q != NULL)
			n = (size_t)(q - o);
	}
	for (k = 0; k + 1 < n; k++)
		if (o[k] == '#' && o[k + 1] == '#' && k > 0 &&
		    o[k - 1] == ' ') {
			n = k;
			break;
		}
	/* the continuation lines' codes, and white space runs */
	w = 0;
	sp = 1;
	for (i = 0; i < n; ) {
		unsigned char c = (unsigned char)o[i];

		if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == 0) {
			if (!sp)
				o[w++] = ' ';
			sp = 1;
			i++;
			continue;
		}
		if (sp && h->multi && (k = cont_prefix(o, n, i, h)) > 0) {
			i += k;
			continue;
		}
		o[w++] = (char)c;
		sp = 0;
		i++;
	}
	n = w;
	while (n > 0 && (o[n - 1] == ' ' || o[n - 1] == '\''))
		n--;
	/* a ")" that closes what began before the reply: "(reason: 550 ...)" */
	if (n > 0 && o[n - 1] == ')') {
		int depth = 0;

		for (k = 0; k < n; k++)
			depth += o[k] == '(' ? 1 : o[k] == ')' ? -1 : 0;
		if (depth < 0)
			n--;
	}
	/* qmail's trailing (#5.1.1): the enhanced code, when none yet */
	if (n >= 8 && o[n - 1] == ')') {
		struct sc_enh_code e;
		size_t u;

		for (k = n; k > 0 && o[k - 1] != '('; k--)
			;
		if (k > 0 && k + 1 < n && o[k] == '#' &&
		    enh_at(o, n, k + 1, &e, &u) && k + 1 + u == n - 1) {
			if (h->enh.subject < 0)
				h->enh = e;
			n = k - 1;
			while (n > 0 && o[n - 1] == ' ')
				n--;
		}
	}
	/* leading punctuation left by the codes */
	i = 0;
	while (
	    i < n && (o[i] == ' ' || o[i] == '-' || o[i] == ':' || o[i] == '#'))
		i++;
	/* the enhanced code, when a line break parted it from the reply
	   code: "said: 550\n    5.1.1 text" */
	if (h->basic >= 0 && h->enh.subject < 0) {
		struct sc_enh_code e;
		size_t u;

		if (enh_at(o, n, i, &e, &u) && e.cls == h->basic / 100) {
			h->enh = e;
			i += u;
			while (i < n && o[i] == ' ')
				i++;
		} else {
			/* a reply quoted in the reply: "550 Backend Replied
			   [...]: 5.7.1 Message rejected" */
			for (k = i; k < n && k < i + 400; k++)
				if (isdig((unsigned char)o[k]) &&
				    !glue_before(o, k) &&
				    enh_at(o, n, k, &e, &u) &&
				    e.cls == h->basic / 100 &&
				    ((k > 0 && o[k - 1] == '#') ||
					reply_pos(o, k))) {
					h->enh = e;
					break;
				}
		}
	}
	if (i > 0) {
		memmove(o, o + i, n - i);
		n -= i;
	}
	return n;
}

/* The text of reply h found in lines: into out. */
static size_t
reply_text(struct sc_mana *m, struct reply *h, char *out)
{
	size_t on = 0;
	unsigned i;

	for (i = h->line; i < h->end; i++) {
		const struct mline *l = &m->line[i];
		const char *c = l->p;
		size_t n = l->n;

		if (i == h->line) {
			c += h->toff;
			n = h->tend - h->toff;
		} else if (h->tprefix) {
			size_t k = 0;

			while (k < n && (c[k] == '<' || c[k] == '-'))
				k++;
			c += k;
			n -= k;
		}
		on = put(out, on, c, n);
	}
	return clean(out, on, h);
}

/* The text a block says of its recipient, when it has no reply. */
static size_t
block_text(struct sc_mana *m, unsigned a, unsigned b, struct sp addr,
    int weak, char *out)
{
	const struct mline *l = &m->line[a];
	const char *at = NULL;
	size_t on = 0, k;
	unsigned i;
	int label = 0, para = 0;
	struct reply h;

	/* the rest of the recipient's line; a label before it says why
	   ("Unknown user: a@b") */
	for (k = 0; k + addr.n <= l->n; k++)
		if (ieq(l->p + k, addr.n, addr.p, addr.n)) {
			at = l->p + k + addr.n;
			break;
		}
	if (weak) {
		/* named in a sentence: the paragraph after a label, if any
		   ("The response was:"), says more than the sentence */
		for (i = a + 1; i < b && i < m->nline; i++) {
			l = &m->line[i];
			if (l->n > 0 && l->n < 60 && l->p[l->n - 1] == ':')
				break;
		}
		for (i++; i < b && i < m->nline && m->line[i].n == 0; i++)
			;
		for (; i < b && i < m->nline && m->line[i].n > 0 && on < 2048;
		     i++)
			on = put(out, on, m->line[i].p, m->line[i].n);
		if (on > 0) {
			memset(&h, 0, sizeof h);
			h.basic = -1;
			h.enh.subject = -1;
			return clean(out, on, &h);
		}
		l = &m->line[a];
	}
	if (at != NULL) {
		struct sp r = { at, (size_t)(l->p + l->n - at) };
		struct sp lb = { l->p, (size_t)(at - addr.n - l->p) };
		const char *colon = memchr(lb.p, ':', lb.n);

		if (colon != NULL && isalpha_((unsigned char)lb.p[0]) &&
		    memchr(lb.p, '=', lb.n) == NULL) {
			lb.n = (size_t)(colon - lb.p);
			if (!ihas(lb.p, lb.n, "recipient") &&
			    !ihas(lb.p, lb.n, "error-for") &&
			    !ihas(lb.p, lb.n, "address"))
				on = put(out, on, lb.p, lb.n);
		}
		while (r.n > 0 && strchr(">\"']):.;,- \t", r.p[0]) != NULL) {
			r.p++;
			r.n--;
		}
		if (r.n > 0 && r.p[0] == '(' && r.p[r.n - 1] == ')') {
			r.p++;
			r.n -= 2;
		}
		if (iprefix(r.p, r.n, "on ") && ihas(r.p, r.n, ":"))
			r.n = 0;	/* Exchange 5.5: a date */
		if (r.n > 0 && r.p[0] == '<' && r.p[r.n - 1] == '>' &&
		    memchr(r.p, '@', r.n) != NULL)
			r.n = 0;	/* the address again */
		on = put(out, on, r.p, r.n);
	}
	/* then the lines after it, to the end of its paragraph; or, when
	   it says nothing more, the paragraph after a label ("because:",
	   "Technical details of permanent failure:") */
	for (i = a + 1; i < b && i < m->nline; i++) {
		l = &m->line[i];
		if (l->n == 0) {
			if (on > 0)
				break;
			para = 1;
			continue;
		}
		if (stop_line(l->p, l->n) || command_line(l->p, l->n))
			break;
		if (para && !label) {
			if (l->p[l->n - 1] == ':' && l->n < 60) {
				label = 1;
				continue;
			}
			if (!iprefix(l->p, l->n, "reason") &&
			    !iprefix(l->p, l->n, "because") &&
			    !iprefix(l->p, l->n, "error") &&
			    !iprefix(l->p, l->n, "cause") &&
			    !iprefix(l->p, l->n, "problem") &&
			    !iprefix(l->p, l->n, "details"))
				break;
			label = 1;
		}
		if (on == 0 && l->p[l->n - 1] == ':' && l->n < 60) {
			label = 1;
			continue;
		}
		on = put(out, on, l->p, l->n);
		if (on > 2048)
			break;
	}
	memset(&h, 0, sizeof h);
	h.basic = -1;
	h.enh.subject = -1;
	on = clean(out, on, &h);
	return on;
}

/* ---- reading a recipient's reply ---- */

/* Does line i name an address, and none of them is a? */
static int
names_other(struct sc_mana *m, unsigned i, struct sp a)
{
	const struct mline *l = &m->line[i];
	size_t s, e, from = 0;
	int other = 0;

	while (next_addr(l->p, l->n, from, &s, &e)) {
		struct sp x = { l->p + s, e - s };

		if (ieq(x.p, x.n, a.p, a.n))
			return 0;
		if (rcpt_find(m, x) >= 0)
			other = 1;
		from = e;
	}
	return other;
}

/* The first reply in lines [a, b), of class 4 or 5 first. */
static int
lines_reply(struct sc_mana *m, unsigned a, unsigned b, struct sp addr,
    struct reply *h)
{
	int pass;
	unsigned i;

	for (pass = 0; pass < 2; pass++)
		for (i = a; i < b && i < m->nline; i++) {
			const struct mline *l = &m->line[i];

			if (l->n == 0 || command_line(l->p, l->n) != NULL)
				continue;
			if (addr.n > 0 && names_other(m, i, addr))
				continue;
			if (line_code(l->p, l->n, 0, pass == 0, h)) {
				h->line = i;
				run_end(m, h, b);
				return 1;
			}
		}
	return 0;
}

/* Lines [a, b) joined by spaces into buf (SC_MR_OUT): its length. */
static size_t
join_lines(struct sc_mana *m, unsigned a, unsigned b, char *buf)
{
	size_t on = 0;
	unsigned i;

	for (i = a; i < b && i < m->nline && on < SC_MR_OUT; i++)
		on = put(buf, on, m->line[i].p, m->line[i].n);
	return on;
}

/* The stage of a reply in lines: what they say, else the transcript. */
static const char *
lines_stage(struct sc_mana *m, unsigned a, unsigned end, unsigned rline)
{
	const char *st;
	unsigned i;
	size_t at, jn;

	jn = join_lines(m, a, end, m->diag);
	st = stage_phrase(m->diag, jn, &at);
	if (st != NULL)
		return st;
	for (i = rline + 1; i > a; i--) {
		const struct mline *l = &m->line[i - 1];

		if (i - 1 < rline && l->n > 0 &&
		    (st = command_line(l->p, l->n)) != NULL)
			return st;
	}
	return NULL;
}

/*
 * The stage a transcript gives a reply with this code ("<<< 550 ..."
 * after ">>> RCPT To:<a>"), in lines [a, b), preferring the reply that
 * names the address; NULL when none does.
 */
static const char *
transcript_stage(struct sc_mana *m, unsigned a, unsigned b, int basic,
    struct sp addr)
{
	const char *st = NULL, *any = NULL;
	unsigned i, j;
	struct reply t;

	for (i = a; i < b && i < m->nline; i++) {
		const struct mline *l = &m->line[i];

		if (l->n < 6 ||
		    (!iprefix(l->p, l->n, "<<") &&
			!iprefix(l->p, l->n, "<-")) ||
		    !line_code(l->p, l->n, 0, 0, &t) || t.basic != basic)
			continue;
		for (j = i; j > a; j--)
			if ((st = command_line(
				 m->line[j - 1].p, m->line[j - 1].n)) != NULL)
				break;
		if (j == a)
			continue;
		if (addr.n == 0 || ifind(l->p, l->n, "@") == l->n)
			any = any ? any : st;
		else {
			size_t k;

			for (k = 0; k + addr.n <= l->n; k++)
				if (ieq(l->p + k, addr.n, addr.p, addr.n))
					return st;
			any = any ? any : st;
		}
	}
	return any;
}

/* The host lines [a, end) name: into host[] (the lines are joined). */
static struct sp
lines_host(struct sc_mana *m, unsigned a, unsigned end)
{
	struct sp h;
	size_t jn = join_lines(m, a, end, m->diag);

	h = host_in(m->diag, jn);
	if (h.n > sizeof m->host)
		h.n = sizeof m->host;
	memcpy(m->host, h.p, h.n);
	h.p = m->host;
	return h;
}

/* ---- delivery-status fields ---- */

/* A typed value, "smtp; 550 ...": what follows the type. */
static struct sp
field_value(struct sp v)
{
	const char *semi = memchr(v.p, ';', v.n);
	size_t i;

	if (semi == NULL || semi - v.p > 24)
		return v;
	for (i = 0; v.p + i < semi; i++)
		if (!isalnum_((unsigned char)v.p[i]) && v.p[i] != '-' &&
		    v.p[i] != '_' && v.p[i] != '.')
			return v;
	return trim(semi + 1, (size_t)(v.p + v.n - semi - 1));
}

/* An address field's address: "rfc822; <a@b>" -> "a@b". */
static struct sp
field_addr(struct sp v)
{
	int k;

	v = trim(v.p, v.n);
	for (k = 0; k < 3; k++) {
		const char *semi = memchr(v.p, ';', v.n);
		const char *at = memchr(v.p, '@', v.n);

		if (semi == NULL || (at != NULL && at < semi))
			break;
		v = trim(semi + 1, (size_t)(v.p + v.n - semi - 1));
	}
	if (v.n > 0 && v.p[0] == '<') {
		const char *gt = memchr(v.p, '>', v.n);

		v.p++;
		v.n = gt ? (size_t)(gt - v.p) : v.n - 1;
	} else {
		size_t i;

		for (i = 0; i < v.n && v.p[i] != ' ' && v.p[i] != '\t' &&
		    v.p[i] != '\n'; i++)
			;
		v.n = i;
	}
	while (v.n > 0 && (v.p[0] == '"' || v.p[0] == '\'')) {
		v.p++;
		v.n--;
	}
	while (v.n > 0 && (v.p[v.n - 1] == '"' || v.p[v.n - 1] == '\'' ||
	    v.p[v.n - 1] == '>'))
		v.n--;
	return v;
}

static struct sp
first_word(struct sp v)
{
	size_t i;

	v = trim(v.p, v.n);
	for (i = 0; i < v.n && v.p[i] != ' ' && v.p[i] != '\t' &&
	    v.p[i] != '(' && v.p[i] != '\n' && v.p[i] != ';'; i++)
		;
	v.n = i;
	return v;
}

#define F_FINAL 1u
#define F_ORIG 2u
#define F_ACTION 4u
#define F_STATUS 8u
#define F_RMTA 16u
#define F_DIAG 32u
#define F_BODY (F_ACTION | F_STATUS | F_RMTA | F_DIAG)

/*
 * Read delivery-status fields in p[0..n) into records.  stop: end at
 * the first line that is no field (fields pasted in a text).
 */
static void
dsn_parse(struct sc_mreader *r, const char *p, size_t n, int stop)
{
	struct sc_mana *m = r->ana;
	const char *end = p + n, *nl, *name = NULL, *val = NULL, *vend = NULL;
	size_t nlen = 0;
	struct rcpt *cur = NULL;
	int fresh = 1;	/* the next recipient field begins a record */
	int blank = 0;

	for (;;) {
		const char *line = p;
		size_t len, k;
		int last = p >= end;

		if (!last) {
			nl = memchr(p, '\n', (size_t)(end - p));
			if (nl == NULL)
				nl = end;
			len = (size_t)(nl - p);
			p = nl + 1;
		} else {
			len = 0;
		}
		if (!last && len > 0 && (line[0] == ' ' || line[0] == '\t') &&
		    name != NULL) {
			vend = line + len;	/* a folded line */
			continue;
		}
		/* the field before this line is complete */
		if (name != NULL) {
			struct sp v = { val, (size_t)(vend - val) };
			unsigned f = 0;

			v = trim(v.p, v.n);
			if (nlen == 15 &&
			    iprefix(name, nlen, "final-recipient"))
				f = F_FINAL;
			else if (nlen == 18 &&
			    iprefix(name, nlen, "original-recipient"))
				f = F_ORIG;
			else if (nlen == 6 && iprefix(name, nlen, "action"))
				f = F_ACTION;
			else if (nlen == 6 && iprefix(name, nlen, "status"))
				f = F_STATUS;
			else if (nlen == 10 &&
			    iprefix(name, nlen, "remote-mta"))
				f = F_RMTA;
			else if (nlen == 15 &&
			    iprefix(name, nlen, "diagnostic-code"))
				f = F_DIAG;
			/* a record begins after a blank line, or at a field the
			   record has (some servers write Action and Status
			   before the recipient fields) */
			if (f != 0 &&
			    (cur == NULL || fresh || (cur->seen & f) ||
				(f == F_ORIG && (cur->seen & F_FINAL) &&
				    (cur->seen & F_BODY)))) {
				struct sp none = { "", 0 };
				int i = rcpt_add(m, none);

				cur = i >= 0 ? &m->rcpt[i] : NULL;
				if (cur != NULL)
					cur->dsn = 1;
				fresh = 0;
			}
			if (f != 0 && cur != NULL) {
				cur->seen |= f;
				if (f == F_FINAL || f == F_ORIG) {
					struct sp a = field_addr(v);
					int has = memchr(a.p, '@', a.n) != NULL;
					int had = memchr(cur->addr.p, '@',
						      cur->addr.n) != NULL;

					/* Final-Recipient, unless only
					   Original-Recipient is an address */
					if (cur->addr.n == 0 || (has && !had) ||
					    (f == F_FINAL && (has || !had)))
						cur->addr = a;
				} else if (f == F_ACTION)
					cur->action = first_word(v);
				else if (f == F_STATUS)
					cur->status = first_word(v);
				else if (f == F_RMTA)
					cur->rmta = first_word(field_value(v));
				else if (f == F_DIAG)
					cur->diag = field_value(v);
			}
			name = NULL;
		}
		if (last)
			break;
		if (len == 0 || (len == 1 && line[0] == '\r')) {
			if (cur != NULL)
				fresh = 1;
			if (stop && blank)
				break;
			blank = 1;
			continue;
		}
		blank = 0;
		if ((k = sc_mr_fieldname(line, len)) == 0) {
			if (stop)
				break;
			continue;
		}
		name = line;
		nlen = k;
		val = (const char *)memchr(line, ':', len) + 1;
		vend = line + len;
	}
}

/* ---- what kind of bounce ---- */

/* what each format writes, most telling first */
static const struct sc_mr_ph sig[] = {
	SC_MR_PH("sorry, we were unable to deliver your message"),
	SC_MR_PH("message from yahoo.com"),
	SC_MR_PH("qmail-send program"),
	SC_MR_PH("below the next line is a copy"),
	SC_MR_PH("below this line is a copy of the message"),
	SC_MR_PH("giving up on "), SC_MR_PH("does not like recipient"),
	SC_MR_PH("this message was created automatically by mail "
	    "delivery software"),
	SC_MR_PH("this is a copy of the message, including all the "
	    "headers"),
	SC_MR_PH("smtp error from remote mail"),
	SC_MR_PH("the following address(es) failed"),
	SC_MR_PH("the postfix program"),
	SC_MR_PH("this is the mail system at host"),
	SC_MR_PH("(in reply to "),
	SC_MR_PH("transcript of session follows"),
	SC_MR_PH("had permanent fatal errors"),
	SC_MR_PH("the courier mail server"),
	SC_MR_PH("did not reach the following recipient"),
	SC_MR_PH("diagnostic information for administrators"),
	SC_MR_PH("delivery has failed to these recipients"),
	SC_MR_PH("remote server returned '"), SC_MR_PH("msexch"),
	SC_MR_PH("dsn generated by"), SC_MR_PH("reported error:"),
	SC_MR_PH("the following recipient(s) could not be reached"),
	SC_MR_PH("the reason for the problem:"),
	SC_MR_PH("domino directory"), SC_MR_PH("was not delivered to:"),
	SC_MR_PH("delivery to the following recipient"),
	SC_MR_PH("the response from the remote server was"),
	SC_MR_PH("the error that the other server returned was"),
	SC_MR_PH("google tried to deliver your message"),
	SC_MR_PH("there was a problem delivering your message to"),
	SC_MR_PH("there was a temporary problem delivering your message"),
	SC_MR_PH("session transcript"), SC_MR_PH("mdaemon")
};
static const char *const fmt[] = {	/* of each sig[] */
	"yahoo", "yahoo", "qmail", "qmail", "qmail", "qmail", "qmail",
	"exim", "exim", "exim", "exim", "postfix", "postfix", "postfix",
	"sendmail", "sendmail", "courier", "exchange", "exchange",
	"exchange", "exchange", "exchange", "exchange", "exchange",
	"exchange", "exchange", "notes", "notes", "gmail", "gmail",
	"gmail", "gmail", "gmail", "gmail", "mdaemon", "mdaemon"
};
_Static_assert(sizeof sig / sizeof sig[0] == sizeof fmt / sizeof fmt[0],
    "a format for each signature");

static const char *
format_of(struct sc_mreader *r, int *bouncy)
{
	static const struct sc_mr_ph bw[] = {
		SC_MR_PH("could not be delivered"),
		SC_MR_PH("couldn't be delivered"), SC_MR_PH("undeliver"),
		SC_MR_PH("delivery failed"), SC_MR_PH("failed permanently"),
		SC_MR_PH("was not delivered"), SC_MR_PH("wasn't delivered"),
		SC_MR_PH("not be delivered"), SC_MR_PH("unable to deliver"),
		SC_MR_PH("did not reach"), SC_MR_PH("permanent error"),
		SC_MR_PH("delivery has failed"),
		SC_MR_PH("not yet been delivered"),
		SC_MR_PH("could not deliver"), SC_MR_PH("returned mail"),
		SC_MR_PH("failure notice"),
		SC_MR_PH("delivery status notification"),
		SC_MR_PH("delivery problem"), SC_MR_PH("mail delivery"),
		SC_MR_PH("rejected"), SC_MR_PH("delivery failure"),
		SC_MR_PH("not delivered"), SC_MR_PH("non remis"),
		SC_MR_PH("unzustellbar"), SC_MR_PH("nicht zugestellt"),
		SC_MR_PH("delivery error"), SC_MR_PH("has been delayed"),
		SC_MR_PH("message delayed"), SC_MR_PH("delivery delayed"),
		SC_MR_PH("failed recipient"), SC_MR_PH("bounce")
	};
	struct sp subj = hdr_get(r, "subject"), from = hdr_get(r, "from");
	struct sp rp = hdr_get(r, "return-path");
	const char *t = r->text, *t2 = r->html;
	size_t tn = r->textlen, tn2 = r->htmllen, w, best = (size_t)-1;

	if (tn > 6144)
		tn = 6144;
	if (tn2 > 4096)
		tn2 = 4096;
	*bouncy = r->nohdr || r->dsnlen > 0 || (rp.n == 2 && rp.p[0] == '<') ||
	    ihas(from.p, from.n, "mailer-daemon") ||
	    ihas(from.p, from.n, "mailer_daemon") ||
	    ihas(from.p, from.n, "postmaster") ||
	    ihas(from.p, from.n, "mail delivery") ||
	    ihas(from.p, from.n, "mdaemon") ||
	    hdr_get(r, "x-failed-recipients").n > 0 ||
	    sc_mr_find(subj.p, subj.n, bw, sizeof bw / sizeof bw[0], NULL) <
		subj.n ||
	    sc_mr_find(t, tn, bw, sizeof bw / sizeof bw[0], NULL) < tn ||
	    sc_mr_find(t2, tn2, bw, sizeof bw / sizeof bw[0], NULL) < tn2;
	/* the first text part, then the second, then the cut line */
	if (sc_mr_find(t, tn, sig, sizeof sig / sizeof sig[0], &w) < tn ||
	    sc_mr_find(t2, tn2, sig, sizeof sig / sizeof sig[0], &w) < tn2 ||
	    sc_mr_find(r->cutline, r->cutlen, sig, sizeof sig / sizeof sig[0],
	    &w) < r->cutlen)
		best = w;
	if (best == (size_t)-1)
		return "text";
	*bouncy = 1;
	return fmt[best];
}

/* ---- the notice's own explanation ---- */

/*
 * A notice may give a recipient no reply at all: a delay warning, a
 * queue timeout, a failure of the reporting server itself.  It then
 * says why in its own words, in the first text part: that is the
 * recipient's text.  It is looked for in a window, the first SC_MR_WIN
 * lines of the first text part that has any text (after the multipart
 * preambles), and taken sentence by sentence, at most SC_MR_EXPL
 * bytes, leaving out:
 *   - the lines of other recipients' blocks, and every line holding a
 *     reply (with the lines that continue it): they are someone's
 *     reply, not the notice's words;
 *   - the addresses (the lists of recipients; what a line says around
 *     an address stays);
 *   - lines that describe the original message or copy header or
 *     delivery-status fields ("Subject: ...", "The message identifier
 *     is: ...", "Q-ID: ...", "Action: failed"), and decoration lines;
 *   - sentences every notice says whatever happened: greetings, who
 *     wrote the notice, whom to ask, signatures;
 *   - from a "Received:" or "Return-Path:" line on: a copy of a message.
 */

/* Is c one of the bytes of set? */
static int
inset(int c, const char *set)
{
	return c != 0 && strchr(set, c) != NULL;
}

/* Is s[0..n), a sentence of a notice, one that says nothing of what
   happened: a greeting, who wrote the notice, whom to ask, a closing? */
static int
boiler(const char *s, size_t n)
{
	static const struct sc_mr_ph ph[] = {
		SC_MR_PH("automatically generated"),
		SC_MR_PH("generated automatically"),
		SC_MR_PH("created automatically"),
		SC_MR_PH("automatically created"),
		SC_MR_PH("automated message"), SC_MR_PH("automatic message"),
		SC_MR_PH("automatic notification"),
		SC_MR_PH("mail delivery software"),
		SC_MR_PH("this is the mail system"),
		SC_MR_PH("do not reply"), SC_MR_PH("please reply to"),
		SC_MR_PH("not reply to this"), SC_MR_PH("any questions"),
		SC_MR_PH("any queries"), SC_MR_PH("if you feel"),
		SC_MR_PH("if you believe"), SC_MR_PH("if you think"),
		SC_MR_PH("for assistance"), SC_MR_PH("further assistance"),
		SC_MR_PH("for more information"), SC_MR_PH("postmaster"),
		SC_MR_PH("help desk"), SC_MR_PH("helpdesk"),
		SC_MR_PH("your administrator"),
		SC_MR_PH("system administrator"),
		SC_MR_PH("mime format"), SC_MR_PH("mime-encapsulated"),
		SC_MR_PH("advisory-only")
	};
	static const char *const lead[] = {
		"hi", "hello", "dear", "greetings", "regards", "best regards",
		"kind regards", "sincerely", "thank you", "thanks", "yours",
		NULL
	};
	size_t i, k;

	for (i = 0; lead[i] != NULL; i++) {
		k = strlen(lead[i]);
		if (iprefix(s, n, lead[i]) &&
		    (k == n || !isalpha_((unsigned char)s[k])))
			return 1;
	}
	/* a virus scanner's footer, not a finding */
	if ((ihas(s, n, "scanned") || ihas(s, n, "analizado")) &&
	    !ihas(s, n, "infect") && !ihas(s, n, "contain") &&
	    !ihas(s, n, "found") && !ihas(s, n, "detected"))
		return 1;
	/* "This is the qmail-send program at ...", "... the mail server" */
	if (iprefix(s, n, "this is the ") && (ihas(s, n, "program") ||
	    ihas(s, n, "mail system") || ihas(s, n, "server") ||
	    ihas(s, n, "mailer")))
		return 1;
	return sc_mr_find(s, n, ph, sizeof ph / sizeof ph[0], NULL) < n;
}

/*
 * Does line c[0..n) describe the original message or copy header or
 * delivery-status fields: "Subject: ...", "The date of the message is:
 * ...", "Q-ID: ...", "Action: failed"?
 */
static int
desc_line(const char *c, size_t n)
{
	static const char *const names[] = {
		"to", "cc", "bcc", "from", "sender", "subject", "date", "sent",
		"reply-to", "in-reply-to", "references", "mime-version",
		"action", "status", "reporting-mta", "remote-mta",
		"received-from-mta", "arrival-date", "final-recipient",
		"original-recipient", "diagnostic-code", "last-attempt-date",
		"will-retry-until", NULL
	};
	const char *colon = memchr(c, ':', n < 60 ? n : 60);
	size_t a = 0, b, i;

	if (colon == NULL)
		return 0;
	b = (size_t)(colon - c);
	while (a < b && inset(c[a], " -*;,#>"))
		a++;
	while (b > a && c[b - 1] == ' ')
		b--;
	if (a == b)
		return 0;
	for (i = 0; names[i] != NULL; i++)
		if (ieq(c + a, b - a, names[i], strlen(names[i])))
			return 1;
	if (iprefix(c + a, b - a, "x-") || iprefix(c + a, b - a, "content-"))
		return 1;
	if (b - a >= 3 && (ieq(c + b - 3, 3, "-id", 3) ||
	    ieq(c + b - 3, 3, " id", 3)))
		return 1;
	return ihas(c + a, b - a, "subject") || ihas(c + a, b - a, "date of") ||
	    ihas(c + a, b - a, "identifier");
}

/* Add sentence s[0..n) to o[0..*on) (SC_MR_EXPL), unless it says
   nothing. */
static void
expl_put(char *o, size_t *on, const char *s, size_t n)
{
	size_t i;

	while (n > 0 && !isalnum_((unsigned char)s[0]) &&
	    (unsigned char)s[0] < 0x80 && strchr("(\"'[", s[0]) == NULL) {
		s++;
		n--;
	}
	while (n > 0 && s[n - 1] == ' ')
		n--;
	for (i = 0; i < n && !isalpha_((unsigned char)s[i]) &&
	    (unsigned char)s[i] < 0x80; i++)
		;
	if (i == n || boiler(s, n))
		return;
	if (*on > 0 && *on < SC_MR_EXPL)
		o[(*on)++] = ' ';
	if (n > SC_MR_EXPL - *on)
		n = SC_MR_EXPL - *on;
	memcpy(o + *on, s, n);
	*on += n;
}

/* The window, whose block each of its lines is in, and whether the
   notice is a delay warning. */
static void
window(struct sc_mreader *r)
{
	static const struct sc_mr_ph dl[] = {
		SC_MR_PH("attempts will continue"),
		SC_MR_PH("will continue to try"),
		SC_MR_PH("will continue trying"),
		SC_MR_PH("will continue to attempt"),
		SC_MR_PH("will continue to be attempted"),
		SC_MR_PH("will keep trying"), SC_MR_PH("will be retried"),
		SC_MR_PH("will retry"), SC_MR_PH("still being retried"),
		SC_MR_PH("not yet been delivered"),
		SC_MR_PH("not yet received"), SC_MR_PH("has been delayed"),
		SC_MR_PH("have been delayed"), SC_MR_PH("is delayed"),
		SC_MR_PH("delay in the delivery"),
		SC_MR_PH("has been postponed"), SC_MR_PH("warning only"),
		SC_MR_PH("warning message only"),
		SC_MR_PH("this is a warning"), SC_MR_PH("just a warning"),
		SC_MR_PH("still undelivered")
	};
	static const struct sc_mr_ph gaveup[] = {
		SC_MR_PH("permanent error"), SC_MR_PH("permanent failure"),
		SC_MR_PH("permanent fatal"), SC_MR_PH("failed permanently"),
		SC_MR_PH("given up"), SC_MR_PH("gave up"),
		SC_MR_PH("giving up"), SC_MR_PH("will not be retried"),
		SC_MR_PH("no further attempts"),
		SC_MR_PH("not going to try")
	};
	struct sc_mana *m = r->ana;
	unsigned i, k, x;
	int b;
	size_t jn;

	m->wa = m->wb = 0;
	m->delay = 0;
	for (i = 0; i < m->nline; i++)
		if (m->line[i].n > 0 && !r->seg[m->line[i].seg].pre)
			break;
	if (i == m->nline)
		for (i = 0; i < m->nline && m->line[i].n == 0; i++)
			;
	if (i == m->nline)
		return;
	m->wa = i;
	while (m->wa > 0 && m->line[m->wa - 1].seg == m->line[i].seg)
		m->wa--;
	m->wb = seg_end(m, i);
	if (m->wb - m->wa > SC_MR_WIN)
		m->wb = m->wa + SC_MR_WIN;
	memset(m->own, 0, sizeof m->own);
	for (k = 0; k < m->nrcpt; k++)
		for (b = 0; b < m->rcpt[k].nblk; b++)
			for (x = m->rcpt[k].blk[b].a > m->wa ?
			    m->rcpt[k].blk[b].a : m->wa;
			    x < m->rcpt[k].blk[b].b && x < m->wb; x++) {
				int *o = &m->own[x - m->wa];

				*o = *o == 0 || *o == (int)k + 1 ?
				    (int)k + 1 : -1;
			}
	/* a delay warning: it says the server still tries, and not that
	   it gave up */
	jn = join_lines(m, m->wa, m->wb, m->diag);
	m->delay = sc_mr_find(m->diag, jn, dl, sizeof dl / sizeof dl[0],
	    NULL) < jn && sc_mr_find(m->diag, jn, gaveup,
	    sizeof gaveup / sizeof gaveup[0], NULL) >= jn;
}

/* The explanation for recipient self (index + 1; 0: one that owns no
   line of the window), into o (SC_MR_EXPL): its length. */
static size_t
explain(struct sc_mreader *r, int self, char *o)
{
	struct sc_mana *m = r->ana;
	char s[SC_MR_EXPL], lb[SC_MR_EXPL];
	size_t on = 0, sn = 0, bytes = 0;
	unsigned i;

	for (i = m->wa; i < m->wb && on < SC_MR_EXPL; i++) {
		const struct mline *l = &m->line[i];
		int w = m->own[i - m->wa];
		struct reply h;
		size_t k, ln = 0, pos = 0, a, e;
		int coded;

		bytes += l->n;
		if (bytes > SC_MR_OUT || iprefix(l->p, l->n, "received:") ||
		    iprefix(l->p, l->n, "return-path:"))
			break;	/* a copy of a message */
		coded = l->n > 0 && line_code(l->p, l->n, 0, 1, &h);
		if (l->n == 0 || (w != 0 && w != self) || coded ||
		    desc_line(l->p, l->n) || command_line(l->p, l->n) != NULL ||
		    (l->n >= 4 && inset(l->p[0], "-=*_#~") &&
			l->p[1] == l->p[0] && inset(l->p[l->n - 1], "-=*_#~") &&
			l->p[l->n - 2] == l->p[l->n - 1])) {
			/* ... and "--- headings ---", "_____ footers _____" */
			if (coded) {
				/* a reply, and the lines that go on with it */
				h.line = i;
				run_end(m, &h, m->wb);
				if (h.end > i + 1)
					i = h.end - 1;
			}
			expl_put(o, &on, s, sn);
			sn = 0;
			continue;
		}
		/* the line without its addresses */
		while (pos < l->n && ln < sizeof lb) {
			size_t c;

			if (!next_addr(l->p, l->n, pos, &a, &e)) {
				a = e = l->n;
			} else {
				if (a < pos)
					a = pos;
				while (a > pos && inset(l->p[a - 1], "<\"'(["))
					a--;
				while (e < l->n && inset(l->p[e], ">\"')]"))
					e++;
			}
			c = a - pos < sizeof lb - ln ? a - pos : sizeof lb - ln;
			memcpy(lb + ln, l->p + pos, c);
			ln += c;
			pos = e;
		}
		/* into sentences */
		for (k = 0; k < ln; k++) {
			unsigned char c = (unsigned char)lb[k];

			if (c <= ' ' || c == 0x7f) {
				if (sn > 0 && sn < sizeof s && s[sn - 1] != ' ')
					s[sn++] = ' ';
				continue;
			}
			if (sn < sizeof s)
				s[sn++] = (char)c;
			if ((c == '.' || c == '!' || c == '?') &&
			    (k + 1 == ln || lb[k + 1] == ' ' ||
				lb[k + 1] == '\t')) {
				expl_put(o, &on, s, sn);
				sn = 0;
			}
		}
		if (sn > 0 && sn < sizeof s && s[sn - 1] != ' ')
			s[sn++] = ' ';
	}
	expl_put(o, &on, s, sn);
	return on;
}

/* ---- the result ---- */

static const char *
canon_action(struct sp a, size_t *n)
{
	static const char *const act[] = {
		"failed", "delayed", "delivered", "relayed", "expanded"
	};
	size_t i;

	for (i = 0; i < sizeof act / sizeof act[0]; i++)
		if (ieq(a.p, a.n, act[i], strlen(act[i]))) {
			*n = strlen(act[i]);
			return act[i];
		}
	*n = a.n;
	return a.p;
}

/* Unfold a Diagnostic-Code: lines joined, "smtp;" dropped. */
static size_t
unfold(const char *p, size_t n, char *o)
{
	size_t i, w = 0;
	int sp = 0;

	for (i = 0; i < n && w < SC_MR_OUT; i++) {
		unsigned char c = (unsigned char)p[i];

		if (c == '\r' || c == '\n' || c == '\t' || c == ' ') {
			sp = w > 0;
			continue;
		}
		if (sp && w < SC_MR_OUT)
			o[w++] = ' ';
		sp = 0;
		if (w < SC_MR_OUT)
			o[w++] = (char)c;
	}
	return w;
}

struct emitctx {
	sc_bounce_fn *fn;
	void *ctx;
	const char *fmt;
	int ret;
	unsigned long long n;
};

/*
 * Report recipient t: its fields, its reply from the Diagnostic-Code,
 * else from its blocks of text, else from the global reply g.
 */
static const struct reply *gget(struct sc_mana *m);

static int
report_one(struct sc_mreader *r, struct rcpt *t, int gok, struct emitctx *ec)
{
	struct sc_mana *m = r->ana;
	const struct reply *g;
	struct sc_bounce b;
	struct reply h;
	const char *stage = NULL;
	struct sp host = { "", 0 };
	size_t on = 0, dn, at;
	int have = 0, k;

	memset(&b, 0, sizeof b);
	b.basic = -1;
	b.enh.subject = -1;
	b.enh.cls = b.enh.detail = 0;
	/* the Diagnostic-Code */
	if (t->diag.n > 0) {
		dn = unfold(t->diag.p, t->diag.n, m->diag);
		if (line_code(m->diag, dn, 0, 1, &h) ||
		    line_code(m->diag, dn, 0, 0, &h)) {
			size_t o;

			have = 1;
			if (h.quote != 0) {
				const char *q = memchr(
				    m->diag + h.toff, h.quote, h.tend - h.toff);

				if (q != NULL)
					h.tend = (size_t)(q - m->diag);
			}
			o = h.tend - h.toff;
			memcpy(m->out, m->diag + h.toff, o);
			on = clean(m->out, o, &h);
		} else {
			memcpy(m->out, m->diag, dn);
			memset(&h, 0, sizeof h);
			h.basic = -1;
			h.enh.subject = -1;
			on = clean(m->out, dn, &h);
		}
		stage = stage_phrase(m->diag, dn, &at);
		if (t->rmta.n == 0) {
			host = host_in(m->diag, dn);
			if (host.n > sizeof m->host)
				host.n = sizeof m->host;
			memcpy(m->host, host.p, host.n);
			host.p = m->host;
		}
		if (h.basic >= 0)
			b.basic = h.basic;
		if (h.enh.subject >= 0)
			b.enh = h.enh;
	}
	/* the text's blocks, for what the Diagnostic-Code did not say */
	if (b.basic >= 0 && on > 0 && stage == NULL) {
		/* the Diagnostic-Code said all but the stage: the text may */
		for (k = 0; k < t->nblk && stage == NULL; k++)
			stage = lines_stage(m, t->blk[k].a, t->blk[k].b,
			    t->blk[k].a);
		if (stage == NULL && t->nblk > 0)
			stage = transcript_stage(m, t->blk[0].a,
			    seg_end(m, t->blk[0].a), b.basic, t->addr);
	} else if (b.basic < 0 || stage == NULL || on == 0) {
		struct reply th;
		int found = 0;

		for (k = 0; k < t->nblk && !found; k++)
			if (lines_reply(
				m, t->blk[k].a, t->blk[k].b, t->addr, &th)) {
				found = 1;
				if (stage == NULL)
					stage = lines_stage(
					    m, t->blk[k].a, th.end, th.line);
				if (host.n == 0 && t->rmta.n == 0)
					host = lines_host(
					    m, t->blk[k].a, t->blk[k].b);
			}
		if (!found && gok && (g = gget(m)) != NULL &&
		    (t->nblk == 0 || m->line[g->line].seg ==
		    m->line[t->blk[0].a].seg)) {
			th = *g;
			found = 1;
			if (stage == NULL)
				stage = lines_stage(m, 0, th.end, th.line);
			if (host.n == 0 && t->rmta.n == 0)
				host = lines_host(m, 0, seg_end(m, th.line));
		}
		if (found && (b.basic < 0 || on == 0) &&
		    (b.basic < 0 || th.basic == b.basic || th.basic < 0)) {
			if (b.basic < 0 && th.basic >= 0) {
				b.basic = th.basic;
				b.enh.subject = -1;
			}
			on = reply_text(m, &th, m->out);
			/* "<ex1.example.com #5.1.1>": the lines before it
			   say why */
			if (th.enhonly && t->nblk > 0 && (on == 0 ||
			    memchr(m->out, ' ', on) == NULL))
				on = block_text(m, t->blk[0].a, th.line,
				    t->addr, t->weak, m->out);
			if (th.enh.subject >= 0 && (b.enh.subject < 0 ||
			    th.basic == b.basic))
				b.enh = th.enh;
			have = 1;
		}
		if (!have && on == 0 && t->nblk > 0)
			on = block_text(m, t->blk[0].a, t->blk[0].b, t->addr,
			    t->weak, m->out);
		if (stage == NULL)
			for (k = 0; k < t->nblk && stage == NULL; k++)
				stage = lines_stage(m, t->blk[k].a, t->blk[k].b,
				    t->blk[k].a);
		if (stage == NULL && b.basic >= 0 && t->nblk > 0)
			stage = transcript_stage(m, t->blk[0].a,
			    seg_end(m, t->blk[0].a), b.basic, t->addr);
		if (host.n == 0 && t->rmta.n == 0 && t->nblk > 0) {
			/* Sendmail's transcript, after the list of recipients:
			   "... while talking to mx.example.org.:" */
			size_t jn = join_lines(m, t->blk[0].a,
			    seg_end(m, t->blk[0].a), m->diag);
			size_t p = ifind(m->diag, jn, "while talking to ");

			if (p < jn)
				host = host_in(m->diag + p, jn - p);
			if (host.n > sizeof m->host)
				host.n = sizeof m->host;
			memcpy(m->host, host.p, host.n);
			host.p = m->host;
		}
		if (host.n == 0 && t->rmta.n == 0)
			for (k = 0; k < t->nblk && host.n == 0; k++)
				host = lines_host(m, t->blk[k].a, t->blk[k].b);
	}
	if (on == 0) {
		/* no reply: the notice's own words */
		int self = (int)(t - m->rcpt) + 1, mine = 0;
		unsigned i;

		for (i = m->wa; i < m->wb && !mine; i++)
			mine = m->own[i - m->wa] == self;
		if (mine) {
			on = explain(r, self, m->out);
		} else {
			if (!m->estate) {
				m->expllen = explain(r, 0, m->expl);
				m->estate = 1;
			}
			memcpy(m->out, m->expl, m->expllen);
			on = m->expllen;
		}
	}
	if (b.enh.subject < 0 && t->status.n > 0) {
		size_t u;

		if (sc_parse_enh(t->status.p, t->status.n, &b.enh, &u) < 0)
			b.enh.subject = -1;
	}
	b.recipient = t->addr.p;
	b.recipientlen = t->addr.n;
	b.action = canon_action(t->action, &b.actionlen);
	if (t->action.n == 0 && m->delay) {
		b.action = "delayed";	/* a delay warning without DSN */
		b.actionlen = 7;
	}
	b.status = t->status.p;
	b.statuslen = t->status.n;
	if (t->rmta.n > 0)
		host = t->rmta;
	while (host.n > 0 && host.p[host.n - 1] == '.')
		host.n--;
	b.remote_mta = host.p;
	b.remote_mtalen = host.n;
	b.stage = stage ? stage : "";
	b.stagelen = strlen(b.stage);
	b.text = m->out;
	b.textlen = on;
	b.msgno = r->msgno;
	b.format = t->dsn ? "dsn" : ec->fmt;
	b.flags = r->flags;
	ec->n++;
	return ec->fn(ec->ctx, &b);
}

static int global_reply(struct sc_mana *m, struct reply *g);

/* The first reply anywhere in the text, looked for once. */
static const struct reply *
gget(struct sc_mana *m)
{
	if (m->gstate == 0)
		m->gstate = global_reply(m, &m->g) ? 1 : -1;
	return m->gstate > 0 ? &m->g : NULL;
}

/* The first reply anywhere in the text: for a text that names no one. */
static int
global_reply(struct sc_mana *m, struct reply *g)
{
	unsigned i, end;
	struct sp none = { "", 0 };

	for (i = 0; i < m->nline; i = end) {
		end = seg_end(m, i);
		if (lines_reply(m, i, end, none, g))
			return 1;
	}
	return 0;
}

/*
 * Records from delivery-status fields that lack an address, or whose
 * address the text does not name, take the text's recipients in the
 * order it names them.
 */
static void
dsn_text_blocks(struct sc_mana *m, unsigned ndsn)
{
	unsigned i, j = 0, k;

	occ_blocks(m, 0);
	for (i = 0; i < ndsn; i++) {
		struct rcpt *t = &m->rcpt[i];
		struct sp keep;

		if (t->nblk > 0)
			continue;
		if (t->addr.n > 0 && ndsn > 1)
			continue;
		/* the next address the text names that no record has */
		for (; j < m->nocc; j++) {
			for (k = 0; k < j; k++)
				if (ieq(m->occ[k].addr.p, m->occ[k].addr.n,
				    m->occ[j].addr.p, m->occ[j].addr.n))
					break;
			if (k == j && rcpt_find(m, m->occ[j].addr) < 0)
				break;
		}
		if (j >= m->nocc)
			break;
		keep = t->addr;
		t->addr = m->occ[j].addr;
		hash_rebuild(m);
		occ_blocks(m, 0);
		if (keep.n > 0)
			t->addr = keep;
		hash_rebuild(m);
		j++;
	}
}

int
sc_mr_report(struct sc_mreader *r, sc_bounce_fn *fn, void *ctx)
{
	struct sc_mana *m = r->ana;
	struct emitctx ec;
	struct sp from, to;
	int bouncy = -1, ret;
	unsigned i, ndsn;

	ec.fn = fn;
	ec.ctx = ctx;
	ec.n = 0;
	ec.fmt = "text";
	m->nrcpt = 0;
	m->nocc = 0;
	hash_clear(m);

	/* 1. delivery-status fields */
	if (r->dsnlen > 0)
		dsn_parse(r, r->dsn, r->dsnlen, 0);
	index_lines(r, 0);
	if (m->nrcpt == 0) {
		/* fields pasted in the text */
		for (i = 0; i < m->nline; i++)
			if (iprefix(m->line[i].p, m->line[i].n,
				"final-recipient:") ||
			    iprefix(m->line[i].p, m->line[i].n,
				"original-recipient:")) {
				const struct mline *l = &m->line[i];
				size_t off = (size_t)(l->p - r->text);
				size_t send =
				    r->seg[l->seg].off + r->seg[l->seg].len;

				dsn_parse(r, l->p, send - off, 1);
				break;
			}
	}
	ndsn = m->nrcpt;
	hash_rebuild(m);
	if (ndsn == 0 && r->textlen == 0 && r->dsnlen == 0 &&
	    r->htmllen == 0)
		return 0;	/* nothing to read */
	if (ndsn == 0) {
		ec.fmt = format_of(r, &bouncy);
		if (!bouncy)
			return 0;
	}
	from = hdr_addr(r, "from");
	to = hdr_addr(r, "to");
	find_occ(r, from, to);
	if (ndsn == 0 && m->nocc == 0 && r->htmllen > 0) {
		/* no name in the plain text: the HTML's */
		index_lines(r, 1);
		find_occ(r, from, to);
		if (m->nocc == 0 && gget(m) == NULL) {
			index_lines(r, 0);
			find_occ(r, from, to);
		}
	}

	/* 2. the text: blocks for the records, or the recipients */
	if (ndsn > 0) {
		dsn_text_blocks(m, ndsn);
	} else {
		occ_blocks(m, 1);
		if (m->nrcpt == 0) {
			/* no name in the text: X-Failed-Recipients */
			struct sp x = hdr_get(r, "x-failed-recipients");
			size_t s, e, f = 0;

			while (next_addr(x.p, x.n, f, &s, &e)) {
				struct sp a = { x.p + s, e - s };

				f = e;
				if (rcpt_find(m, a) < 0 && rcpt_add(m, a) >= 0)
					hash_rebuild(m);
			}
		}
	}
	if (m->nrcpt == 0 && gget(m) != NULL) {
		struct sp none = { "", 0 };

		rcpt_add(m, none);
	}
	if (m->nrcpt > ndsn && bouncy < 0)
		ec.fmt = format_of(r, &bouncy);
	window(r);
	m->estate = 0;
	ret = 0;
	for (i = 0; i < m->nrcpt && ret == 0; i++) {
		struct rcpt *t = &m->rcpt[i];

		ret = report_one(r, t, m->nrcpt == 1 ||
		    (ndsn == 0 && t->nblk == 0 && t->dsn == 0), &ec);
	}
	r->st.recipients += ec.n;
	if (ec.n > 0)
		r->st.bounces++;
	return ret;
}

/* ---- the stream ---- */

static size_t
mana_off(void)
{
	return (sizeof(struct sc_mreader) + 63) & ~(size_t)63;
}

size_t
sc_mr_size(void)
{
	return mana_off() + sizeof(struct sc_mana);
}

struct sc_mreader *
sc_mreader_new(void)
{
	struct sc_mreader *r = calloc(1, sc_mr_size());

	if (r == NULL) {
		errno = ENOMEM;
		return NULL;
	}
	r->ana = (struct sc_mana *)(void *)((char *)r + mana_off());
	return r;
}

void
sc_mreader_free(struct sc_mreader *r)
{
	free(r);
}

void
sc_mreader_reset(struct sc_mreader *r)
{
	r->msgno = 0;
	memset(&r->st, 0, sizeof r->st);
	r->started = r->mbox = r->prevblank = 0;
	r->linelen = 0;
	r->linecont = 0;
}

void
sc_mreader_stats(const struct sc_mreader *r, struct sc_mreader_stats *s)
{
	*s = r->st;
}

static void
msg_begin(struct sc_mreader *r)
{
	r->msgno++;
	r->st.messages++;
	sc_mr_begin(r);
}

static int
msg_end(struct sc_mreader *r, sc_bounce_fn *fn, void *ctx)
{
	sc_mr_finish(r);
	if (r->flags & SC_BOUNCE_TRUNCATED)
		r->st.truncated++;
	return sc_mr_report(r, fn, ctx);
}

/* One line, or a piece of one. */
static int
line_in(struct sc_mreader *r, const char *p, size_t n, int more,
    sc_bounce_fn *fn, void *ctx)
{
	int cont = r->linecont, ret;

	if (!more && n > 0 && p[n - 1] == '\r')
		n--;
	r->linecont = more;
	if (!cont) {
		if (!r->started) {
			size_t i = 0;

			while (i < n &&
			    (p[i] == ' ' || p[i] == '\t' || p[i] == '\r'))
				i++;
			if (i == n && !more)
				return 0;	/* blank lines first */
			r->started = 1;
			msg_begin(r);
			if (!more && sc_mr_fromline(p, n, 1)) {
				r->mbox = 1;
				r->prevblank = 0;
				return 0;
			}
		} else if (!more && n > 5 && p[0] == 'F') {
			int f = sc_mr_fromline(p, n, r->prevblank);

			if ((r->mbox && (f == 2 || (f == 1 && r->prevblank))) ||
			    (!r->mbox && f == 2 && r->prevblank)) {
				if ((ret = msg_end(r, fn, ctx)) != 0)
					return ret;
				msg_begin(r);
				r->prevblank = 0;
				return 0;
			}
		}
	}
	sc_mr_line(r, p, n, more, cont);
	r->prevblank = !more && !cont && n == 0;
	return 0;
}

int
sc_mreader_feed(struct sc_mreader *r, const char *buf, size_t len,
    sc_bounce_fn *fn, void *ctx)
{
	int ret;

	while (len > 0) {
		const char *nl;
		size_t k;

		if (r->linelen == 0 && !r->linecont && r->started &&
		    !r->inhdr && (r->ptype == SC_P_SKIP || r->pcut) &&
		    buf[0] != '-' && buf[0] != 'F' && buf[0] != '\n' &&
		    buf[0] != '\r') {
			/* Read past what is skipped (an attachment, the original
			   message): only a boundary "--...", an mbox "From "
			   line or a blank line before one can matter. */
			const char *q = buf, *end = buf + len;

			while ((nl = memchr(q, '\n', (size_t)(end - q))) != NULL &&
			    nl + 1 < end && nl[1] != '-' && nl[1] != 'F' &&
			    nl[1] != '\n' && nl[1] != '\r')
				q = nl + 1;
			if (nl != NULL && nl + 1 < end) {
				r->prevblank = 0;
				len -= (size_t)(nl + 1 - buf);
				buf = nl + 1;
				continue;
			}
			if (q > buf) {
				r->prevblank = 0;
				len -= (size_t)(q - buf);
				buf = q;
			}
		}
		nl = memchr(buf, '\n', len);
		k = nl ? (size_t)(nl - buf) : len;

		if (r->linelen == 0 && nl != NULL && k <= SC_MR_LINE) {
			/* a whole line in the buffer: read in place */
			if ((ret = line_in(r, buf, k, 0, fn, ctx)) != 0)
				return ret;
			buf += k + 1;
			len -= k + 1;
			continue;
		}
		if (k > SC_MR_LINE - r->linelen) {
			/* longer than line[]: a piece of it */
			size_t room = SC_MR_LINE - r->linelen;

			memcpy(r->line + r->linelen, buf, room);
			buf += room;
			len -= room;
			r->linelen = 0;
			if ((ret = line_in(
				 r, r->line, SC_MR_LINE, 1, fn, ctx)) != 0)
				return ret;
			continue;
		}
		memcpy(r->line + r->linelen, buf, k);
		r->linelen += k;
		if (nl == NULL)
			return 0;
		buf += k + 1;
		len -= k + 1;
		k = r->linelen;
		r->linelen = 0;
		if ((ret = line_in(r, r->line, k, 0, fn, ctx)) != 0)
			return ret;
	}
	return 0;
}

int
sc_mreader_end(struct sc_mreader *r, sc_bounce_fn *fn, void *ctx)
{
	int ret = 0;

	if (r->linelen > 0 || r->linecont) {
		size_t k = r->linelen;

		r->linelen = 0;
		ret = line_in(r, r->line, k, 0, fn, ctx);
	}
	if (ret == 0 && r->started)
		ret = msg_end(r, fn, ctx);
	r->started = r->mbox = r->prevblank = 0;
	r->linelen = 0;
	r->linecont = 0;
	r->msgno = 0;
	return ret;
}

/* ---- is it a message? ---- */

int
sc_looks_like_message(const char *buf, size_t len)
{
	/* what a bounce's notice says, never a log line */
	static const struct sc_mr_ph notice[] = {
		SC_MR_PH("sorry, we were unable to deliver your message"),
		SC_MR_PH("qmail-send program"),
		SC_MR_PH("below this line is a copy of the message"),
		SC_MR_PH("this message was created automatically by mail "
		    "delivery software"),
		SC_MR_PH("the postfix program"),
		SC_MR_PH("this is the mail system at host"),
		SC_MR_PH("transcript of session follows"),
		SC_MR_PH("had permanent fatal errors"),
		SC_MR_PH("the courier mail server"),
		SC_MR_PH("did not reach the following recipient"),
		SC_MR_PH("diagnostic information for administrators"),
		SC_MR_PH("delivery has failed to these recipients"),
		SC_MR_PH("the following recipient(s) could not be reached"),
		SC_MR_PH("the reason for the problem:"),
		SC_MR_PH("delivery to the following recipient"),
		SC_MR_PH("the response from the remote server was"),
		SC_MR_PH("the error that the other server returned was"),
		SC_MR_PH("there was a problem delivering your message"),
		SC_MR_PH("there was a temporary problem delivering your"),
		SC_MR_PH("your message could not be delivered"),
		SC_MR_PH("final-recipient:"), SC_MR_PH("original-recipient:")
	};
	static const char *const known[] = {
		"received", "return-path", "from", "to", "cc", "subject",
		"date",
		"message-id", "mime-version", "content-type", "delivered-to",
		"reply-to", "sender", "x-failed-recipients", "reporting-mta",
		"final-recipient", "original-recipient", "diagnostic-code",
		"arrival-date", "dkim-signature", "authentication-results",
		"x-original-to", "envelope-to", "auto-submitted", "in-reply-to",
		"references", "content-transfer-encoding", "x-mailer"
	};
	const char *p = buf, *end = buf + len, *nl;
	int fields = 0, good = 0, first = 1;

	/* blank lines first */
	while (p < end) {
		const char *q = p;

		while (q < end && (*q == ' ' || *q == '\t' || *q == '\r'))
			q++;
		if (q < end && *q == '\n') {
			p = q + 1;
			continue;
		}
		break;
	}
	for (; p < end; p = nl + 1) {
		size_t n, k, i;

		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			nl = end;
		n = (size_t)(nl - p);
		if (n > 0 && p[n - 1] == '\r')
			n--;
		if (first && sc_mr_fromline(p, n, 1))
			return 1;
		first = 0;
		if (n == 0)
			break;
		if ((p[0] == ' ' || p[0] == '\t') && fields > 0) {
			if (nl == end)
				break;
			continue;
		}
		if ((k = sc_mr_fieldname(p, n)) == 0)
			goto text;
		fields++;
		for (i = 0; i < sizeof known / sizeof known[0]; i++)
			if (ieq(p, k, known[i], strlen(known[i])))
				good = 1;
		if (nl == end)
			break;
	}
	if (fields >= 2 && good)
		return 1;
text:
	/* no header: the text of a bounce, pasted alone? */
	if (len > 4096)
		len = 4096;
	return sc_mr_find(buf, len, notice, sizeof notice / sizeof notice[0],
	    NULL) < len ? 2 : 0;
}
