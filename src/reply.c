/*
 * reply.c - from the codes a line carries to the replies it holds, each
 * with its text and its verdict.
 *
 * The scanner reports codes (hits); a reply is a reply code and the
 * status code right after it ("550 5.1.1"), or either alone, and its
 * text runs from after its codes to the next reply or the line's end,
 * at most SC_REPLY_TEXT bytes.  Replies are folded so that each is said
 * once:
 *
 *   - a reply with the same codes as the one before it continues it: the
 *     lines of a multi-line reply that a log joins into one ("550-5.7.1
 *     ... 550-5.7.1 ... 550 5.7.1 ...") are one reply, whose text runs
 *     over all of them;
 *   - a status code alone is the delivery status of the reply a line
 *     also carries (Postfix "dsn=5.1.1 ... said: 550 5.1.1 ...",
 *     Sendmail "dsn=4.2.0, stat=Deferred: 421 4.7.0 ..."), so it is
 *     dropped from a line that holds a reply code;
 *   - the same codes again later on the line are the same reply.
 *
 * The text ends where a Postfix reject line goes on with the envelope
 * ("; from=<"), and an address in angle brackets ("<a@b.example>", an "@"
 * and no blank) counts as "<>" in the verdict cache's key: the rules
 * never look inside one (sc_next_address()).
 */
#include <stdint.h>
#include <string.h>

#include "internal.h"

/* The bytes between two hits, as offsets; 0 when not comparable. */
static size_t
gap(const struct sc_hit *a, const struct sc_hit *b)
{
	return b->off >= a->off + a->len ? b->off - (a->off + a->len) : 0;
}

/*
 * A reply code and the status code after it are one reply: one or two
 * bytes apart ("550 5.1.1", "550-5.7.1", "550 #5.1.1", "550: 5.1.1"), or
 * both named by the key ERROR_CODE ("ERROR_CODE :550, ERROR_CODE :5.1.1").
 */
static int
paired(const struct sc_line_hit *b, const struct sc_line_hit *e)
{
	static const char key[] = "ERROR_CODE";
	size_t g = gap(&b->hit, &e->hit), i = 0;
	const char *t = b->text;

	if (g <= 2)
		return 1;
	if (g > b->textlen || g > 24 || t[i++] != ',')
		return 0;
	while (i < g && t[i] == ' ')
		i++;
	if (g - i < sizeof key - 1 || memcmp(t + i, key, sizeof key - 1) != 0)
		return 0;
	for (i += sizeof key - 1; i < g && t[i] == ' '; i++)
		;
	if (i == g || t[i++] != ':')
		return 0;
	while (i < g && t[i] == ' ')
		i++;
	return i == g;
}

static int
same_codes(const struct sc_line_reply *a, const struct sc_line_reply *b)
{
	return a->basic == b->basic && a->enh.subject == b->enh.subject &&
	    (a->enh.subject < 0 || (a->enh.cls == b->enh.cls &&
	    a->enh.detail == b->enh.detail));
}

/* The text of a reply: separators before it and the envelope after it cut. */
static void
trim(const char **t, size_t *n)
{
	static const char env[] = "; from=<";
	const char *p = *t, *q;
	size_t k = *n, i;

	while (k > 0 && (*p == ' ' || *p == '\t' || *p == '-' || *p == ':' || *p == ',' ||
	    *p == '#'))
		p++, k--;
	for (i = 0; i + sizeof env - 1 <= k; i++) {
		q = memchr(p + i, ';', k - i - (sizeof env - 2));
		if (q == NULL)
			break;
		i = (size_t)(q - p);
		if (memcmp(p + i, env, sizeof env - 1) == 0) {
			k = i;
			break;
		}
	}
	while (k > 0 && (p[k - 1] == ' ' || p[k - 1] == '\t' ||
	    p[k - 1] == '\r'))
		k--;
	*t = p;
	*n = k;
}

/*
 * The cache key of a reply: the rules in force (their generation), its
 * codes, host and provider, and the text the rules read, each address
 * "<a@b>" as "<>" (sc_next_address()), so equal keys mean equal
 * verdicts.
 */
static uint64_t
key_of(const struct sc_reply *q)
{
	const char *p = q->text != NULL ? q->text : "";
	size_t n = q->text != NULL ? q->textlen : 0, at, len;
	uint64_t h;
	int64_t v[7];

	v[0] = (int64_t)sc_rules_generation();
	v[1] = q->basic;
	v[2] = q->cls;
	v[3] = q->subject;
	v[4] = q->detail;
	v[5] = q->provider;
	v[6] = q->host != NULL ? (int64_t)q->hostlen : -1;
	h = sc_mix(0, v, sizeof v);
	if (q->host != NULL)
		h = sc_mix(h, q->host, q->hostlen);
	while ((at = sc_next_address(p, n, &len)) < n) {
		h = sc_mix(h, p, at);
		h = sc_mix(h, "<>", 2);
		p += at + len;
		n -= at + len;
	}
	return sc_mix(h, p, n) | 1;	/* 0: an empty slot */
}

/*
 * sc_classify() through a cache (NULL: none): two ways per set, the one
 * hit or filled last first.
 */
void
sc_classify_cached(struct sc_vcache *c, const struct sc_reply *q,
    struct sc_verdict *v)
{
	uint64_t k;
	struct sc_vslot *s, t;

	if (c == NULL) {
		(void)sc_classify(q, v);
		return;
	}
	k = key_of(q);
	s = &c->slot[(k >> 1) % (SC_VCACHE_SLOTS / 2) * 2];
	if (s[0].key == k) {
		*v = s[0].v;
		return;
	}
	if (s[1].key == k) {
		*v = s[1].v;
		t = s[0];
		s[0] = s[1];
		s[1] = t;
		return;
	}
	(void)sc_classify(q, v);
	s[1] = s[0];
	s[0].key = k;
	s[0].v = *v;
}

/*
 * The text of a reply joined from several lines, without the codes
 * that began each of them ("... rate that 550-5.7.1 prevents ..."), into
 * r->clean.
 */
static void
unjoin(struct sc_line_reply *r)
{
	char b[8], e[SC_CODE_MAX + 1];
	struct sc_hit h;
	size_t i = 0, o = 0, bl, el = 0;
	const char *t = r->text;

	bl = (size_t)snprintf(b, sizeof b, "%d", r->basic);
	if (r->enh.subject >= 0) {
		memset(&h, 0, sizeof h);
		h.kind = SC_HIT_ENH;
		h.enh = r->enh;
		el = (size_t)sc_hit_code(&h, e, sizeof e);
	}
	while (i < r->textlen && o < sizeof r->clean) {
		if (r->basic >= 0 && (i == 0 || t[i - 1] == ' ') &&
		    r->textlen - i > bl && memcmp(t + i, b, bl) == 0 &&
		    (t[i + bl] == '-' || t[i + bl] == ' ')) {
			i += bl + 1;
			if (el > 0 && r->textlen - i >= el &&
			    memcmp(t + i, e, el) == 0) {
				i += el;
				if (i < r->textlen && t[i] == ' ')
					i++;
			}
			continue;
		}
		r->clean[o++] = t[i++];
	}
	r->text = r->clean;
	r->textlen = o;
}

/* The verdict on a reply, from the cache when its key is there. */
static void
classify(struct sc_line_reply *r, struct sc_vcache *c)
{
	struct sc_reply q;

	q.basic = r->basic;
	q.cls = r->enh.cls;
	q.subject = r->enh.subject;
	q.detail = r->enh.detail;
	q.text = r->text;
	q.textlen = r->textlen;
	q.host = NULL;
	q.hostlen = 0;
	q.provider = SC_PROVIDER_any;
	sc_classify_cached(c, &q, &r->v);
}

size_t
sc_line_replies_cached(const struct sc_line_hit *h, size_t n,
    struct sc_line_reply *out, size_t max, struct sc_vcache *cache)
{
	size_t i = 0, j, k, m = 0, end, last;
	int basic_seen = 0;
	struct sc_line_reply *r, *p;
	const struct sc_hit *a;

	while (i < n && m < max) {
		r = &out[m];	/* filled in place, kept by m++ */
		r->basic = -1;
		r->enh.cls = r->enh.subject = r->enh.detail = -1;
		r->joined = 0;
		last = i;
		if (h[i].hit.kind == SC_HIT_BASIC) {
			r->basic = h[i].hit.basic;
			basic_seen = 1;
			if (i + 1 < n && h[i + 1].hit.kind == SC_HIT_ENH &&
			    h[i + 1].hit.off > h[i].hit.off &&
			    paired(&h[i], &h[i + 1]))
				last = i + 1;
		}
		if (h[last].hit.kind == SC_HIT_ENH)
			r->enh = h[last].hit.enh;
		r->text = h[last].text;
		r->textlen = h[last].textlen;
		/* up to the next reply */
		if (last + 1 < n && h[last + 1].hit.off > h[last].hit.off &&
		    gap(&h[last].hit, &h[last + 1].hit) < r->textlen)
			r->textlen = gap(&h[last].hit, &h[last + 1].hit);
		i = last + 1;
		if (m > 0 && same_codes(&out[m - 1], r)) {
			/* a line more of the reply before: its text goes on */
			p = &out[m - 1];
			a = &h[p->last].hit;
			end = h[last].hit.off + h[last].hit.len + r->textlen;
			if (end > a->off + a->len) {
				end -= a->off + a->len;
				if (end > h[p->last].textlen)
					end = h[p->last].textlen;
				if (end > p->textlen)
					p->textlen = end;
			}
			p->joined = 1;
			continue;
		}
		for (k = 0; k < m && !same_codes(&out[k], r); k++)
			;
		if (k < m)	/* said before on this line */
			continue;
		r->last = last;
		m++;
	}
	/* Status codes alone are the delivery status of a line's reply. */
	if (basic_seen) {
		for (j = k = 0; j < m; j++)
			if (out[j].basic >= 0) {
				if (k != j)
					out[k] = out[j];
				k++;
			}
		m = k;
	}
	for (j = 0; j < m; j++) {
		trim(&out[j].text, &out[j].textlen);
		if (out[j].joined)
			unjoin(&out[j]);
		classify(&out[j], cache);
	}
	return m;
}

size_t
sc_line_replies(const struct sc_line_hit *h, size_t n,
    struct sc_line_reply *out, size_t max)
{
	return sc_line_replies_cached(h, n, out, max, NULL);
}

/* How much a reply tells: both codes and a text first. */
static int
telling(const struct sc_query *q)
{
	return (q->basic >= 0) * 2 + (q->enh.subject >= 0) * 2 +
	    (q->textlen > 0);
}

static int
same_query(const struct sc_query *a, const struct sc_query *b)
{
	return a->basic == b->basic && a->enh.subject == b->enh.subject &&
	    (a->enh.subject < 0 || (a->enh.cls == b->enh.cls &&
	    a->enh.detail == b->enh.detail));
}

size_t
sc_find_replies(const char *buf, size_t len, struct sc_query *out, size_t max,
    char *store, size_t cap)
{
	struct sc_hit h[SC_ANNOT_HITS];
	struct sc_line_hit lh[SC_ANNOT_HITS];
	static struct sc_line_reply r[SC_ANNOT_HITS];
	const char *p = buf, *end = buf + len, *nl;
	size_t n = 0, used = 0, k, nr, i, j, t, cl, prev_line = (size_t)-1;
	size_t line = 0;
	struct sc_query q, tmp;

	while (p < end && n < max) {
		nl = memchr(p, '\n', (size_t)(end - p));
		cl = nl ? (size_t)(nl - p) : (size_t)(end - p);
		if (cl > 0 && p[cl - 1] == '\r')
			cl--;
		k = sc_scan(p, cl, 0, 1, h, SC_ANNOT_HITS);
		for (i = 0; i < k; i++) {
			lh[i].hit = h[i];
			t = h[i].off + h[i].len;
			lh[i].text = p + t;
			lh[i].textlen = cl - t < SC_REPLY_TEXT ? cl - t :
			    SC_REPLY_TEXT;
		}
		nr = sc_line_replies(lh, k, r, SC_ANNOT_HITS);
		for (i = 0; i < nr && n < max; i++) {
			memset(&q, 0, sizeof q);
			q.basic = r[i].basic;
			q.enh = r[i].enh;
			q.kind = q.basic >= 0 && q.enh.subject >= 0 ? SC_Q_PAIR :
			    q.basic >= 0 ? SC_Q_BASIC : SC_Q_ENH;
			if (q.kind == SC_Q_ENH && q.enh.cls < 0)
				q.enh.cls = 0;
			/* the next line of a multi-line reply: its text goes on */
			if (n > 0 && prev_line + 1 == line && i == 0 &&
			    same_query(&out[n - 1], &q)) {
				if (r[i].textlen > 0 && used + r[i].textlen + 1 <= cap &&
				    out[n - 1].text == store + used - out[n - 1].textlen) {
					store[used++] = ' ';
					memcpy(store + used, r[i].text, r[i].textlen);
					used += r[i].textlen;
					out[n - 1].textlen += r[i].textlen + 1;
					out[n - 1].multiline = 1;
				}
				prev_line = line;
				continue;
			}
			for (j = 0; j < n && !same_query(&out[j], &q); j++)
				;
			if (j < n)	/* said before */
				continue;
			if (r[i].textlen > 0 && used + r[i].textlen <= cap &&
			    q.kind != SC_Q_ENH) {
				memcpy(store + used, r[i].text, r[i].textlen);
				q.text = store + used;
				q.textlen = r[i].textlen;
				used += r[i].textlen;
			}
			out[n++] = q;
			prev_line = line;
		}
		line++;
		p += nl ? (size_t)(nl - p) + 1 : (size_t)(end - p);
	}
	/* the most telling first, otherwise in order */
	for (i = 1; i < n; i++)
		for (j = i; j > 0 && telling(&out[j]) > telling(&out[j - 1]); j--) {
			tmp = out[j];
			out[j] = out[j - 1];
			out[j - 1] = tmp;
		}
	return n;
}

/* ---- what a log line says around its replies ---------------------------- */

/* The first place of s[0..sn) in p[0..n), or NULL. */
static const char *
find(const char *p, size_t n, const char *s)
{
	size_t sn = strlen(s);
	const char *q, *e = p + n;

	while (n >= sn && (q = memchr(p, s[0], n - sn + 1)) != NULL) {
		if (memcmp(q, s, sn) == 0)
			return q;
		p = q + 1;
		n = (size_t)(e - p);
	}
	return NULL;
}

/* Phrases that name the SMTP stage, in the formats' own words. */
static const struct {
	const char *phrase, *stage;
} stages[] = {
	/* Postfix delivery agents: "(in reply to RCPT TO command)" */
	{ "in reply to RCPT TO command", "RCPT TO" },
	{ "in reply to end of DATA command", "end of data" },
	{ "in reply to DATA command", "DATA" },
	{ "in reply to MAIL FROM command", "MAIL FROM" },
	{ "in reply to EHLO command", "EHLO" },
	{ "in reply to HELO command", "HELO" },
	{ "in reply to AUTH command", "AUTH" },
	{ "in reply to STARTTLS command", "STARTTLS" },
	{ "in reply to BDAT command", "BDAT" },
	/* Postfix smtpd and cleanup: "NOQUEUE: reject: RCPT from h[a]:" */
	{ "reject: RCPT from", "RCPT TO" },
	{ "reject: MAIL from", "MAIL FROM" },
	{ "reject: DATA from", "DATA" },
	{ "reject: END-OF-MESSAGE from", "end of data" },
	{ "reject: BDAT from", "BDAT" },
	{ "reject: CONNECT from", "connect" },
	{ "reject: EHLO from", "EHLO" },
	{ "reject: HELO from", "HELO" },
	{ "reject: VRFY from", "VRFY" },
	{ "reject: ETRN from", "ETRN" },
	/* Exim: "SMTP error from remote mail server after RCPT TO:<x>:" */
	{ "after RCPT TO:", "RCPT TO" },
	{ "after end of data", "end of data" },
	{ "after MAIL FROM:", "MAIL FROM" },
	{ "after DATA", "DATA" },
	{ "after EHLO", "EHLO" },
	{ "after HELO", "HELO" },
	{ "after initial connection", "connect" },
	{ "after pipelined", "RCPT TO" },
	/* Exim rejections: "rejected RCPT <x>:", "rejected after DATA:" */
	{ "rejected RCPT", "RCPT TO" },
	{ "rejected MAIL", "MAIL FROM" },
	{ "rejected after DATA", "end of data" },
	{ "rejected DATA", "DATA" },
	{ "rejected EHLO", "EHLO" },
	{ "rejected HELO", "HELO" },
	{ "rejected connection", "connect" },
	/* Sendmail: "... while talking to ...: >>> RCPT To:<x>" */
	{ ">>> RCPT To:", "RCPT TO" },
	{ ">>> MAIL From:", "MAIL FROM" },
	{ ">>> DATA", "DATA" },
};

/* A reply this server sent, in the formats' own words. */
static const char *const local_marks[] = {
	"NOQUEUE: reject:", ": reject: ", "milter-reject:", "proxy-reject:",
	" rejected RCPT", " rejected MAIL", " rejected after DATA",
	" rejected DATA", " rejected EHLO", " rejected HELO",
	" rejected connection", "ruleset=", "reject=",
};

/* A reply received from another server. */
static const char *const remote_marks[] = {
	" said: ", "SMTP error from remote mail server", "Remote host said:",
	"Diagnostic-Code:", "stat=Deferred: ", "while talking to",
	"Remote Server returned", "conversation with", " status=sent (",
};

/* The address at p (after "to=<", "** ", ...): its length, 0 if none. */
static size_t
address(const char *p, const char *e, int angle)
{
	const char *q = p;

	while (q < e && *q != '>' && *q != ',' && *q != ' ' && *q != '\t' &&
	    *q != '\r' && *q != ':' && *q != '<' && (angle || *q != '>'))
		q++;
	if (angle && (q == e || *q != '>'))
		return 0;
	return q > p && memchr(p, '@', (size_t)(q - p)) != NULL ?
	    (size_t)(q - p) : 0;
}

void
sc_line_context(const char *line, size_t len, struct sc_line_ctx *c)
{
	const char *e = line + len, *p, *at;
	size_t i, n;

	memset(c, 0, sizeof *c);
	for (i = 0; i < sizeof local_marks / sizeof local_marks[0]; i++)
		if (find(line, len, local_marks[i]) != NULL) {
			c->side = "local";
			break;
		}
	for (i = 0; c->side == NULL &&
	    i < sizeof remote_marks / sizeof remote_marks[0]; i++)
		if (find(line, len, remote_marks[i]) != NULL)
			c->side = "remote";
	for (i = 0; i < sizeof stages / sizeof stages[0]; i++)
		if (find(line, len, stages[i].phrase) != NULL) {
			c->stage = stages[i].stage;
			break;
		}
	/* Postfix, Sendmail: to=<x>; Sendmail also to=x, */
	if ((p = find(line, len, " to=<")) != NULL &&
	    (n = address(p + 5, e, 1)) > 0) {
		c->rcpt = p + 5;
		c->rcptlen = n;
	} else if ((p = find(line, len, " to=")) != NULL &&
	    (n = address(p + 4, e, 0)) > 0) {
		c->rcpt = p + 4;
		c->rcptlen = n;
	} else if ((p = find(line, len, "rejected RCPT <")) != NULL &&
	    (n = address(p + 15, e, 1)) > 0) {
		c->rcpt = p + 15;
		c->rcptlen = n;
	} else {
		/* Exim: "<id> ** x", "=> x", "-> x", "== x" */
		static const char *const ex[] = { " ** ", " => ", " -> ", " == " };

		for (i = 0; i < sizeof ex / sizeof ex[0] && c->rcpt == NULL; i++)
			if ((p = find(line, len, ex[i])) != NULL &&
			    (n = address(p + 4, e, 0)) > 0) {
				c->rcpt = p + 4;
				c->rcptlen = n;
			}
	}
	if (c->rcpt != NULL) {
		for (at = c->rcpt + c->rcptlen; at > c->rcpt && at[-1] != '@'; at--)
			;
		c->domain = at;
		c->domainlen = (size_t)(c->rcpt + c->rcptlen - at);
	}
}
