/*
 * report.c - the --summary report: totals by disposition, then by reason,
 * the top recipient domains and the most frequent reply texts of each
 * reason, from Postfix, Exim and Sendmail logs (issue 14).
 *
 * FINDING THE LINES
 *
 * A log is not parsed byte by byte here.  sc_report_lines() makes one
 * pass over the buffer, 64 bytes at a time (AVX-512, AVX2 or SSE2
 * vectors, which also check the two bytes before each; a portable word
 * trick elsewhere), for the bytes that every marker holds and that are rare
 * elsewhere, looks at a few bytes around each, and parses only the lines
 * whose marker is there:
 *
 *   '='  ", status=" (Postfix delivery status, qmgr expiry); ", stat=" and
 *        ", reject=" (Sendmail); " => ", " == " after an Exim message id;
 *        "; from=", "; to=", "; proto=" (the envelope of a Postfix hold:
 *        or discard: line); " <= " (an Exim arrival: the log is Exim's)
 *   'j'  "reject" (Postfix reject:, milter-reject:, proxy-reject:; Exim
 *        "rejected")
 *   '*'  " ** " after an Exim message id
 *   '>'  " -> ", " >> " after an Exim message id; only once an Exim line
 *        was seen
 *
 * Each line is then parsed from its format's documented layout, never
 * matched against sample lines; a line is counted once (the pass skips to
 * the end of a line it counted, and no line fits two layouts).  A marker
 * more than LINE_BACK bytes into a line is not looked at, and a line is
 * read LINE_FWD bytes on at most, so that no input, however hostile,
 * costs more than that a marker.  Replies
 * are found with the library's scanner (sc_scan, sc_line_replies) and
 * classified (sc_classify), only for texts not seen before: verdicts are
 * cached by the masked text, which leaves out what the rules never look
 * at.
 *
 * THE FORMATS AND WHAT COUNTS
 *
 * Postfix (postfix/DAEMON[PID]: ..., any syslog prefix or none, any
 * syslog_name: "postfix-out/smtp" counts, where pflogsumm needs
 * --syslog-name; long queue ids count, which pflogsumm 1.1.5 ignores):
 *
 *   QID: to=<RCPT>, [orig_to=<..>, ]relay=R, [conn_use=N, ]delay=D,
 *       delays=a/b/c/d, dsn=X.Y.Z, status=STATUS (TEXT)
 *     from any daemon but smtpd and postscreen (as pflogsumm):
 *       sent      delivered, or forwarded when TEXT holds "forwarded as "
 *       deferred  a deferral; the message counts once as deferred, by its
 *                 queue id, however often it is deferred (pflogsumm's
 *                 "deferred"; its "deferrals" are the lines)
 *       bounced   bounced
 *       expired   expired
 *     SOFTBOUNCE, deliverable and undeliverable (address probes) are not
 *     dispositions and are not counted (nor does pflogsumm).
 *   QID: from=<S>, status=expired, returned to sender   (qmgr) expired
 *   [QID: ]reject: CMD from CLIENT: TEXT; from=<> to=<> proto= helo=<>
 *     from smtpd and postscreen; cleanup's "reject: header|body ...":
 *     rejected.  milter-reject: from cleanup: rejected.  milter-reject:
 *     and proxy-reject: from smtpd: "filter-rejected", apart, because
 *     pflogsumm 1.1.5 leaves them out of its rejected total; reject_warning
 *     is a warning, not counted.  hold: and discard: (and milter-hold:,
 *     milter-discard:): held, discarded.
 *   So on Postfix logs delivered, deferred, bounced and rejected are
 *   pflogsumm's figures exactly (tests/pflogsumm_check.sh), counted per
 *   line as pflogsumm does: a message relayed through a content filter
 *   (amavis on 127.0.0.1:10024) is delivered twice, once to the filter.
 *
 * Exim main log (DATE TIME [[PID]] ID FLAG ADDRESS ..., or the same after
 * a syslog prefix), per the Exim specification's "Log files" chapter:
 *   "=>" normal delivery, "->" another address of the same delivery, ">>"
 *   cutthrough delivery: delivered.  "==" deferred (as above: a deferral,
 *   and the message once), "**" bounced; "*>" (suppressed by -N) and "<="
 *   (arrival) are not dispositions.
 *   "... [temporarily ]rejected RCPT|MAIL|after DATA|DATA|connection|EHLO|
 *   HELO|VRFY|EXPN|ETRN|AUTH|by ..." after an "H=" or "F=" field: rejected.
 * Sendmail (... sendmail[PID]: QID: to=RCPT[,RCPT...], ..., [dsn=X.Y.Z, ]
 * stat=TEXT): stat=Sent... delivered, stat=Deferred... deferred (as
 * above); "queued" and "quarantined" are not dispositions; any other stat
 * is a failure, bounced (unless its dsn is 2.x.x): User unknown, Service
 * unavailable, Host unknown...  Counted per recipient of the to= list.
 * "reject=" on a ruleset= or Milter line: rejected.
 *
 * REASONS
 *
 * Every deferral, bounce, expiry and rejection is given the verdict of the
 * reply its line holds (the first reply with a reply code, else the
 * first): sc_line_replies() on the line's hits.  A line without any code
 * is classified by its text, as class 4 (deferral) or 5 (otherwise) with
 * no status ("X.0.0" says nothing more); a Postfix expiry is "expired".
 * Reason counts are exact.  Delivered, held and discarded have no reason.
 *
 * MASKING (sc_report_mask): so that like texts group, in the reply text
 *   an e-mail address (local@domain)                 -> {addr}
 *   an IPv4 address, an IPv6 address                  -> {ip}
 *   a name right before "[" (host[address]: how
 *     Postfix and Exim name a peer; "unknown" too)    -> {host}
 *   a label holding a digit in any other host name
 *     (last label letters): mta7.am0.yahoodns.net     -> *.*.yahoodns.net
 *   a number, but a reply code (2xx-5xx) standing
 *     alone or before the "-" of a multi-line reply   -> {n}
 *   a word mixing digits and letters (queue ids,
 *     message ids, hex, time stamps), but a short
 *     tag of 1-4 letters and digits (TSS04, S3150,
 *     DY-001, AS3130, IPv6)                           -> {id}
 * Enhanced status codes (5.7.1, X.7.1) stay, and runs of white space and
 * control characters become one space.  At most MASK_IN bytes of a text
 * are masked; SC_REPORT_TEXTLEN bytes of it are kept, and the hash of the
 * whole masked text tells texts apart.  The texts masked are: Postfix, what status=... holds in
 * parentheses, and what reject: says after the client (cleanup: the header
 * or body rule and its text); Exim, the text after the address's first
 * ": ", or from "rejected"; Sendmail, what stat= or reject= says.
 *
 * THE TOP-N TABLES
 *
 * Per reason, recipient domains and masked texts are counted with the
 * Space-Saving algorithm (Metwally, Agrawal, El Abbadi, "Efficient
 * Computation of Frequent and Top-k Elements in Data Streams", ICDT 2005):
 * K counters (SC_REPORT_KDOM domains, SC_REPORT_KTEXT texts); a value not
 * counted takes the counter of the smallest count c, as c + 1 with error
 * c.  Each count is an upper bound of the true one, and count - error a
 * lower bound; every error is at most N/K for N values offered to that
 * table, so any value seen more than N/K times is in it, and all counts
 * are exact (error 0) while a reason has at most K distinct values.  A
 * row is shown only when its lower bound reaches the table's least count
 * (what a value outside the table may have had): when it surely ranks
 * above every value not shown.  The "other" row is N minus the rows
 * shown.  Memory is fixed: a report takes about 1.3 MiB however many
 * distinct domains and texts go by.
 *
 * The deferred messages are distinct queue ids, remembered in a table
 * that grows to SC_REPORT_QIDS slots (2 MiB, 229376 ids); past that, a
 * new id is counted without being remembered, and the total is marked
 * inexact (an upper bound).  Postfix's short (hex) queue ids are stored
 * as themselves, others by a 64-bit hash.
 */
#if defined(__linux__) && !defined(_GNU_SOURCE)
#define _GNU_SOURCE	/* memrchr */
#endif
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "report.h"

#if (defined(__GLIBC__) || defined(__FreeBSD__) || defined(__OpenBSD__) || \
    defined(__NetBSD__) || defined(__DragonFly__)) && \
    !defined(SC_REPORT_PORTABLE)
#define HAVE_MEMRCHR 1
#endif

#define RC_SLOTS 4096		/* cached verdicts, by masked text */
#define MASK_IN 1024		/* bytes of a reply text masked */
#define MASK_OUT (2 * MASK_IN + 64)
#define SCAN_MAX 4096		/* bytes of a line scanned for replies */
#define RHITS 16		/* codes taken from a line */

/* One counter of a Space-Saving table. */
struct ss_ent {
	uint64_t key;
	unsigned long long n, err;
	unsigned short len, exlen;
};

/* A Space-Saving table of cap (<= SC_REPORT_KDOM) counters. */
struct ss {
	unsigned long long offered;	/* values counted: N */
	unsigned cap, used;
	unsigned short heap[SC_REPORT_KDOM];	/* entries, least count first */
	unsigned short pos[SC_REPORT_KDOM];	/* where each is in heap */
	unsigned short tab[2 * SC_REPORT_KDOM];	/* by key: entry + 1, 0 none */
	struct ss_ent ent[SC_REPORT_KDOM];
	char *str;			/* cap strings of slen bytes */
	char *ex;			/* cap examples of slen bytes, or NULL */
	size_t slen;
};

struct rstat {
	unsigned long long n, hard, none;
	unsigned long long by[SC_DISP_COUNT];
	struct ss dom, txt;
};

struct vcslot {
	uint64_t key;		/* 0: empty */
	short reason;
	short hard;
};

struct sc_report {
	unsigned long long total[SC_DISP_COUNT];
	int exim;		/* an Exim main log line was seen */
	int vec;		/* 2 AVX-512BW, 1 AVX2, 0 neither */
	int qfull;		/* a deferred id could not be remembered */
	uint64_t *qslot;	/* deferred queue ids; 0 empty */
	size_t qcap, qn;
	struct vcslot vc[RC_SLOTS];
	struct rstat rs[SC_REASON_COUNT];
	char dstr[SC_REASON_COUNT][SC_REPORT_KDOM][SC_REPORT_DOMLEN];
	char tstr[SC_REASON_COUNT][SC_REPORT_KTEXT][SC_REPORT_TEXTLEN];
	char xstr[SC_REASON_COUNT][SC_REPORT_KTEXT][SC_REPORT_TEXTLEN];
};

static const char *const disp_names[SC_DISP_COUNT] = {
	"delivered", "forwarded", "deferred", "deferrals", "bounced", "expired",
	"rejected", "filter-rejected", "held", "discarded"
};

const char *
sc_disp_name(int disp)
{
	return disp >= 0 && disp < SC_DISP_COUNT ? disp_names[disp] : NULL;
}

/* ---- small helpers ---------------------------------------------------- */

static int
is_alnum(int c)
{
	unsigned u = (unsigned)c;

	/* no branches: "0-9", and "a-z" or "A-Z" by their lower case */
	return (u - '0' < 10) | ((u | 0x20) - 'a' < 26);
}

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int
is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* p[0..n) is s (n = strlen s). */
static inline int
is(const char *p, size_t n, const char *s)
{
	return strlen(s) == n && memcmp(p, s, n) == 0;
}

/* The bytes at p, up to hi, begin with s. */
static int
at(const char *p, const char *hi, const char *s, size_t n)
{
	return (size_t)(hi - p) >= n && memcmp(p, s, n) == 0;
}

/* The first pat[0..n) in [s, e), or NULL. */
static const char *
find(const char *s, const char *e, const char *pat, size_t n)
{
	const char *p = s;

	while (e - p >= (ptrdiff_t)n) {
		p = memchr(p, pat[0], (size_t)(e - p) - n + 1);
		if (p == NULL)
			return NULL;
		if ((n < 2 || p[1] == pat[1]) && memcmp(p, pat, n) == 0)
			return p;
		p++;
	}
	return NULL;
}

#define FIND(s, e, lit) find((s), (e), (lit), sizeof(lit) - 1)
#define AT(p, e, lit) ((size_t)((e) - (p)) >= sizeof(lit) - 1 && \
	memcmp((p), (lit), sizeof(lit) - 1) == 0)
#define BEFORE(lo, p, lit) ((size_t)((p) - (lo)) >= sizeof(lit) - 1 && \
	memcmp((p) - (sizeof(lit) - 1), (lit), sizeof(lit) - 1) == 0)

/*
 * The start of the line of p, or NULL when it is more than LINE_BACK
 * bytes back: markers that far into a line are not looked at, so that
 * no input costs more than LINE_BACK + LINE_FWD bytes a marker.
 */
#define LINE_BACK 8192
#define LINE_FWD 16384

static const char *
line_start(const char *buf, const char *p)
{
	const char *lo = (size_t)(p - buf) > LINE_BACK ? p - LINE_BACK : buf;
#ifdef HAVE_MEMRCHR
	const char *q = memrchr(lo, '\n', (size_t)(p - lo));

	if (q != NULL)
		return q + 1;
#else
	const char *q;

	for (q = p; q > lo; q--)
		if (q[-1] == '\n')
			return q;
#endif
	return lo == buf ? buf : NULL;
}

/*
 * Where the line of p ends: its "\n" (or end, or LINE_FWD bytes on);
 * *content without a "\r".
 */
static const char *
line_end(const char *p, const char *end, const char **content)
{
	size_t n = (size_t)(end - p) > LINE_FWD ? LINE_FWD : (size_t)(end - p);
	const char *q = memchr(p, '\n', n);

	if (q == NULL)
		q = p + n;
	*content = q > p && q[-1] == '\r' ? q - 1 : q;
	return q;
}

#define mix sc_mix

/* ---- Space-Saving ------------------------------------------------------- */

static void
ss_init(struct ss *s, unsigned cap, char *str, char *ex, size_t slen)
{
	memset(s, 0, sizeof *s);
	s->cap = cap;
	s->str = str;
	s->ex = ex;
	s->slen = slen;
}

static void
ss_swap(struct ss *s, unsigned a, unsigned b)
{
	unsigned short x = s->heap[a];

	s->heap[a] = s->heap[b];
	s->heap[b] = x;
	s->pos[s->heap[a]] = (unsigned short)a;
	s->pos[s->heap[b]] = (unsigned short)b;
}

static void
ss_down(struct ss *s, unsigned i)
{
	unsigned l, m;

	for (;;) {
		m = i;
		l = 2 * i + 1;
		if (l < s->used && s->ent[s->heap[l]].n < s->ent[s->heap[m]].n)
			m = l;
		if (l + 1 < s->used &&
		    s->ent[s->heap[l + 1]].n < s->ent[s->heap[m]].n)
			m = l + 1;
		if (m == i)
			return;
		ss_swap(s, i, m);
		i = m;
	}
}

static void
ss_up(struct ss *s, unsigned i)
{
	unsigned p;

	while (i > 0) {
		p = (i - 1) / 2;	/* the parent */
		/* i < s->used <= the heap's size; cppcheck 2.10 doubts it */
		/* cppcheck-suppress arrayIndexOutOfBoundsCond */
		if (s->ent[s->heap[p]].n <= s->ent[s->heap[i]].n)
			return;
		ss_swap(s, i, p);
		i = p;
	}
}

static unsigned
ss_home(const struct ss *s, uint64_t key)
{
	return (unsigned)(key >> 40) & (2 * s->cap - 1);
}

static void
ss_tab_put(struct ss *s, unsigned idx)
{
	unsigned m = 2 * s->cap - 1, h = ss_home(s, s->ent[idx].key);

	while (s->tab[h] != 0)
		h = (h + 1) & m;
	s->tab[h] = (unsigned short)(idx + 1);
}

/* Take entry idx out of the index (linear probing, backward shift). */
static void
ss_tab_del(struct ss *s, unsigned idx)
{
	unsigned m = 2 * s->cap - 1, i = ss_home(s, s->ent[idx].key), j, k;

	while (s->tab[i] != idx + 1)
		i = (i + 1) & m;
	j = i;
	for (;;) {
		j = (j + 1) & m;
		if (s->tab[j] == 0)
			break;
		k = ss_home(s, s->ent[s->tab[j] - 1].key);
		if (i <= j ? (i < k && k <= j) : (i < k || k <= j))
			continue;
		s->tab[i] = s->tab[j];
		i = j;
	}
	s->tab[i] = 0;
}

static void
ss_set(struct ss *s, unsigned idx, const char *v, size_t n, const char *ex,
    size_t exn)
{
	struct ss_ent *e = &s->ent[idx];

	if (n > s->slen)
		n = s->slen;
	memcpy(s->str + idx * s->slen, v, n);
	e->len = (unsigned short)n;
	e->exlen = 0;
	if (s->ex != NULL && ex != NULL) {
		if (exn > s->slen)
			exn = s->slen;
		memcpy(s->ex + idx * s->slen, ex, exn);
		e->exlen = (unsigned short)exn;
	}
}

/* Count value key (v[0..n), example ex) w more times. */
static void
ss_offer(struct ss *s, uint64_t key, const char *v, size_t n, const char *ex,
    size_t exn, unsigned long long w)
{
	unsigned m = 2 * s->cap - 1, h = ss_home(s, key), idx;
	struct ss_ent *e;

	s->offered += w;
	while (s->tab[h] != 0) {
		idx = s->tab[h] - 1u;
		if (s->ent[idx].key == key) {
			s->ent[idx].n += w;
			ss_down(s, s->pos[idx]);
			return;
		}
		h = (h + 1) & m;
	}
	if (s->used < s->cap) {
		idx = s->used++;
		e = &s->ent[idx];
		e->key = key;
		e->n = w;
		e->err = 0;
		ss_set(s, idx, v, n, ex, exn);
		s->heap[idx] = (unsigned short)idx;
		s->pos[idx] = (unsigned short)idx;
		ss_up(s, idx);
		ss_tab_put(s, idx);
		return;
	}
	/* the least counted gives its counter up */
	idx = s->heap[0];
	e = &s->ent[idx];
	ss_tab_del(s, idx);
	e->key = key;
	e->err = e->n;
	e->n += w;
	ss_set(s, idx, v, n, ex, exn);
	ss_tab_put(s, idx);
	ss_down(s, 0);
}

/* ---- deferred queue ids ------------------------------------------------- */

static uint64_t
qid_key(const char *q, size_t n, int ns)
{
	uint64_t v = 0, k;
	size_t i;

	if (n > 0 && n <= 15) {
		for (i = 0; i < n; i++) {
			if (is_digit(q[i]))
				v = v << 4 | (uint64_t)(q[i] - '0');
			else if (q[i] >= 'A' && q[i] <= 'F')
				v = v << 4 | (uint64_t)(q[i] - 'A' + 10);
			else
				break;
		}
		if (i == n && ns == 'P')
			return (uint64_t)n << 60 | v;
	}
	k = mix((uint64_t)ns * 0x100000001b3u, q, n);
	return k != 0 ? k : 1;
}

static size_t
qid_slot(uint64_t key, size_t cap)
{
	return (size_t)((key * 0x9e3779b97f4a7c15u) >> 20) & (cap - 1);
}

static int
qid_grow(struct sc_report *r)
{
	size_t cap = r->qcap ? r->qcap * 2 : 4096, i, j;
	uint64_t *t;

	if (cap > SC_REPORT_QIDS || (t = calloc(cap, sizeof *t)) == NULL)
		return -1;
	for (i = 0; i < r->qcap; i++)
		if (r->qslot[i] != 0) {
			j = qid_slot(r->qslot[i], cap);
			while (t[j] != 0)
				j = (j + 1) & (cap - 1);
			t[j] = r->qslot[i];
		}
	free(r->qslot);
	r->qslot = t;
	r->qcap = cap;
	return 0;
}

/* 1 if the message was not deferred before (or cannot be remembered). */
static int
qid_new(struct sc_report *r, const char *q, size_t n, int ns)
{
	uint64_t key = qid_key(q, n, ns);
	size_t j;

	if (r->qcap > 0) {
		j = qid_slot(key, r->qcap);
		while (r->qslot[j] != 0) {
			if (r->qslot[j] == key)
				return 0;
			j = (j + 1) & (r->qcap - 1);
		}
	}
	if ((r->qn + 1) * 8 > r->qcap * 7 && qid_grow(r) < 0) {
		r->qfull = 1;
		return 1;
	}
	j = qid_slot(key, r->qcap);
	while (r->qslot[j] != 0)
		j = (j + 1) & (r->qcap - 1);
	r->qslot[j] = key;
	r->qn++;
	return 1;
}

/* ---- masking ------------------------------------------------------------ */

struct emit {
	char *d;
	size_t cap, n;
};

static void
put1(struct emit *e, char c)
{
	if (e->n < e->cap)
		e->d[e->n] = c;
	e->n++;
}

static void
put(struct emit *e, const char *s, size_t n)
{
	size_t k = e->n < e->cap ? e->cap - e->n : 0, i;

	if (n < k)
		k = n;
	if (k <= 16)	/* words: short, copied without a call */
		for (i = 0; i < k; i++)
			e->d[e->n + i] = s[i];
	else
		memcpy(e->d + e->n, s, k);
	e->n += n;
}

static void
put_lit(struct emit *e, const char *s)
{
	put(e, s, strlen(s));
}

/*
 * Byte classes for masking: a word's (a label of a host name), a local
 * part's, a domain's, a digit, white space and control characters.
 */
#define K_WORD	1
#define K_LOCAL	2
#define K_DOM	4
#define K_DIGIT	8
#define K_SPACE	16
#define K_HEX	32
#define K_LOCAL_ONLY(c) ((c) == '.' || (c) == '!' || (c) == '#' || \
	(c) == '$' || (c) == '%' || (c) == '&' || (c) == '\'' || (c) == '*' || \
	(c) == '+' || (c) == '/' || (c) == '=' || (c) == '?' || (c) == '^' || \
	(c) == '`' || (c) == '{' || (c) == '|' || (c) == '}' || (c) == '~')
#define K_ALNUM(c) (((c) >= '0' && (c) <= '9') || ((c) >= 'a' && (c) <= 'z') || \
	((c) >= 'A' && (c) <= 'Z'))
#define K_OF(c) ((K_ALNUM(c) || (c) == '_' || (c) == '-' || (c) >= 0x80 ? \
	K_WORD | K_LOCAL | K_DOM : 0) | (K_LOCAL_ONLY(c) ? K_LOCAL : 0) | \
	((c) == '.' ? K_DOM : 0) | ((c) >= '0' && (c) <= '9' ? K_DIGIT : 0) | \
	((c) <= ' ' || (c) == 0x7f ? K_SPACE : 0) | \
	(((c) >= '0' && (c) <= '9') || ((c) >= 'a' && (c) <= 'f') || \
	((c) >= 'A' && (c) <= 'F') ? K_HEX : 0))
#define K4(b) K_OF(b), K_OF((b) + 1), K_OF((b) + 2), K_OF((b) + 3)
#define K16(b) K4(b), K4((b) + 4), K4((b) + 8), K4((b) + 12)
#define K64(b) K16(b), K16((b) + 16), K16((b) + 32), K16((b) + 48)
static const unsigned char kls[256] = { K64(0), K64(64), K64(128), K64(192) };

static int
wordch(int c)
{
	return kls[c & 0xff] & K_WORD;
}

static int
localch(int c)
{
	return kls[c & 0xff] & K_LOCAL;
}

static int
domch(int c)
{
	return kls[c & 0xff] & K_DOM;
}

/* 1-3 digits. */
static int
small_num(const char *s, size_t n)
{
	size_t i;

	if (n < 1 || n > 3)
		return 0;
	for (i = 0; i < n; i++)
		if (!is_digit(s[i]))
			return 0;
	return 1;
}

/* A three-digit reply code, 200-599. */
static int
reply_code(const char *s, size_t n)
{
	return n == 3 && s[0] >= '2' && s[0] <= '5' && is_digit(s[1]) &&
	    is_digit(s[2]);
}

/* A tag of 1-4 letters, maybe "-", then 1-10 digits: TSS04, DY-001. */
static int
tag(const char *s, size_t n)
{
	size_t i = 0, l, d;

	while (i < n && is_alpha(s[i]))
		i++;
	l = i;
	if (i < n && s[i] == '-')
		i++;
	d = i;
	while (i < n && is_digit(s[i]))
		i++;
	return i == n && l >= 1 && l <= 4 && i - d >= 1 && i - d <= 10;
}

/*
 * One word (no dots): kept, or masked as a number or an id; alone (not a
 * label of a dotted name), a three-digit reply code stays.
 */
static void
mask_word(struct emit *e, const char *s, size_t n, int alone)
{
	size_t i, dig = 0, oth = 0;

	for (i = 0; i < n; i++) {
		if (is_digit(s[i]))
			dig++;
		else
			oth++;
	}
	if (dig == 0 || (alone && reply_code(s, n)) || (oth > 0 && tag(s, n)))
		put(e, s, n);
	else if (oth == 0)
		put_lit(e, "{n}");
	else
		put_lit(e, "{id}");
}

/* An IPv6 address at s (hex groups and colons, "::" or eight groups). */
static size_t
ipv6_len(const char *s, size_t n)
{
	size_t i = 0, colons = 0, grp = 0, hex = 0;
	int dcolon = 0;

	if (n > 1 && s[0] == ':' && s[1] != ':')
		return 0;	/* "IPv6:2001:db8::1": only the address */

	while (i < n) {
		if (s[i] == ':') {
			if (i + 1 < n && s[i + 1] == ':') {
				if (dcolon)
					return 0;
				dcolon = 1;
			}
			colons++;
			grp = 0;
		} else if (is_digit(s[i]) || (lower(s[i]) >= 'a' &&
		    lower(s[i]) <= 'f')) {
			if (++grp > 4)
				return 0;
			hex++;
		} else if (s[i] == '.' && colons >= 2) {
			/* an embedded IPv4 address: the rest, digits and dots */
			while (i < n && (is_digit(s[i]) || s[i] == '.'))
				i++;
			break;
		} else {
			break;
		}
		i++;
	}
	while (i > 0 && s[i - 1] == '.')
		i--;
	if (hex == 0 || colons < 2 || (!dcolon && colons != 7))
		return 0;
	if (i < n && wordch(s[i]))
		return 0;
	return i;
}

size_t
sc_report_mask(char *dst, size_t cap, const char *src, size_t len)
{
	struct emit e = { dst, cap, 0 };
	const char *s = src, *a;
	size_t i = 0, j, k, n = len, lab[16], nl, l, x, nat = 0;
	int sp = 0, digits, host, hex;

	/* where the next "@" is: addresses are looked for only before one */
	a = memchr(s, '@', n);
	nat = a != NULL ? (size_t)(a - s) : n;
	while (i < n) {
		unsigned char c = (unsigned char)s[i];

		if (kls[c] & K_SPACE) {
			sp = e.n > 0;
			i++;
			continue;
		}
		if (sp) {
			put1(&e, ' ');
			sp = 0;
		}
		if (nat < i) {
			a = memchr(s + i, '@', n - i);
			nat = a != NULL ? (size_t)(a - s) : n;
		}
		if (nat < n && nat - i <= 64 && localch(c)) {
			/* an address: local part, "@", domain */
			for (j = i; j < nat && localch((unsigned char)s[j]); j++)
				;
			if (j == nat && j > i && j + 1 < n &&
			    domch((unsigned char)s[j + 1])) {
				for (k = j + 1; k < n && domch((unsigned char)s[k]);
				    k++)
					;
				while (s[k - 1] == '.' || s[k - 1] == '-')
					k--;
				put_lit(&e, "{addr}");
				i = k;
				continue;
			}
		}
		if (!wordch(c)) {
			/* an IPv6 address that starts with "::" */
			if (c == ':' && i + 1 < n && s[i + 1] == ':' &&
			    (x = ipv6_len(s + i, n - i)) > 0) {
				put_lit(&e, "{ip}");
				i += x;
				continue;
			}
			put1(&e, (char)c);
			i++;
			continue;
		}
		/* "550-5.1.1": a reply code and the dash of a multi-line reply */
		if (n - i > 4 && reply_code(s + i, 3) && s[i + 3] == '-' &&
		    is_digit(s[i + 4])) {
			put(&e, s + i, 4);
			i += 4;
			continue;
		}
		/* a word; an IPv6 address when 1-4 hex digits and ":" */
		for (k = i, digits = 0, hex = K_HEX; k < n &&
		    (kls[(unsigned char)s[k]] & K_WORD); k++) {
			digits |= kls[(unsigned char)s[k]] & K_DIGIT;
			hex &= kls[(unsigned char)s[k]];
		}
		if (k < n && s[k] == ':' && hex && k - i <= 4 &&
		    (x = ipv6_len(s + i, n - i)) > 0) {
			put_lit(&e, "{ip}");
			i += x;
			continue;
		}
		/* letters alone, not a host's nor a name: as they are */
		if (!digits && (k == n || (s[k] != '.' && s[k] != '[' &&
		    s[k] != ':'))) {
			put(&e, s + i, k - i);
			i = k;
			continue;
		}
		/* words joined by dots: label l is [lab[2l], lab[2l+1]) */
		lab[0] = i;
		lab[1] = k;
		nl = 1;
		while (nl < 8 && k + 1 < n && s[k] == '.' &&
		    wordch((unsigned char)s[k + 1])) {
			for (j = k + 1, k = j; k < n && wordch((unsigned char)s[k]);
			    k++)
				;
			lab[2 * nl] = j;
			lab[2 * nl + 1] = k;
			nl++;
		}
		x = lab[2 * nl - 1];	/* the end of the run */
		if (x < n && s[x] == '[') {
			put_lit(&e, "{host}");	/* a peer: host[address] */
			i = x;
			continue;
		}
		if (nl == 4) {
			for (l = 0; l < 4 && small_num(s + lab[2 * l],
			    lab[2 * l + 1] - lab[2 * l]); l++)
				;
			if (l == 4) {
				put_lit(&e, "{ip}");
				i = x;
				continue;
			}
		}
		if (nl == 3 && lab[1] - lab[0] == 1 && (s[lab[0]] == '2' ||
		    s[lab[0]] == '4' || s[lab[0]] == '5' || s[lab[0]] == 'X' ||
		    s[lab[0]] == 'x') &&
		    small_num(s + lab[2], lab[3] - lab[2]) &&
		    small_num(s + lab[4], lab[5] - lab[4])) {
			put(&e, s + i, x - i);	/* an enhanced status code */
			i = x;
			continue;
		}
		/* a host name: two labels or more, the last of letters */
		host = nl >= 2 && x - lab[2 * nl - 2] >= 2;
		for (l = lab[2 * nl - 2]; l < x && host; l++)
			host = is_alpha(s[l]);
		for (l = 0; l < nl; l++) {
			if (l > 0)
				put(&e, ".", 1);
			j = lab[2 * l];
			k = lab[2 * l + 1];
			if (host) {
				for (digits = 0; j < k && !digits; j++)
					digits = is_digit(s[j]);
				if (digits)
					put(&e, "*", 1);
				else
					put(&e, s + lab[2 * l], k - lab[2 * l]);
			} else {
				mask_word(&e, s + j, k - j, nl == 1);
			}
		}
		i = x;
	}
	return e.n;
}

/* ---- verdicts ------------------------------------------------------------ */

/* One refusal, deferral, bounce or expiry, and what its line says. */
struct fail {
	int disp;
	int cls;		/* 4 or 5: the class of a line without codes */
	int reason;		/* a reason decided by the format, or -1 */
	const char *ls, *le;	/* the line, its content */
	const char *text;	/* the reply text, to mask */
	size_t tlen;
	const char *dsn;	/* a status code field, or NULL */
	size_t dlen;
	const char *rcpt;	/* recipients, ',' between; NULL: none named */
	size_t rlen;
	unsigned long long n;	/* how many recipients */
};

/* The verdict of the line's replies, by the library's scanner and rules. */
static void
classify_line(const struct fail *f, int *reason, int *hard)
{
	struct sc_hit h[RHITS];
	struct sc_line_hit lh[RHITS];
	struct sc_line_reply rep[RHITS];
	struct sc_reply q;
	struct sc_verdict v;
	size_t len = (size_t)(f->le - f->ls), n, m, i, t;

	if (len > SCAN_MAX)
		len = SCAN_MAX;
	n = sc_scan(f->ls, len, 0, 1, h, RHITS);
	for (i = 0; i < n; i++) {
		lh[i].hit = h[i];
		t = h[i].off + h[i].len;
		lh[i].text = f->ls + t;
		lh[i].textlen = len - t < SC_REPLY_TEXT ? len - t : SC_REPLY_TEXT;
	}
	m = sc_line_replies(lh, n, rep, RHITS);
	if (m > 0) {
		for (i = 0; i < m && rep[i].basic < 0; i++)
			;
		if (i == m)
			i = 0;
		*reason = rep[i].v.reason;
		*hard = rep[i].v.hard;
		return;
	}
	memset(&q, 0, sizeof q);
	q.basic = -1;
	q.cls = f->cls;
	q.subject = 0;
	q.detail = 0;
	q.text = f->text;
	q.textlen = f->tlen;
	q.provider = SC_PROVIDER_any;
	(void)sc_classify(&q, &v);
	*reason = v.reason;
	*hard = v.hard;
}

/* The next recipient of a list at s: where it ends (a ',' or e). */
static const char *
item_end(const char *s, const char *e)
{
	int quote = 0, angle = 0;

	for (; s < e; s++) {
		if (*s == '"')
			quote = !quote;
		else if (*s == '<' && !quote)
			angle = 1;
		else if (*s == '>' && !quote)
			angle = 0;
		else if (*s == ',' && !quote && !angle)
			break;
	}
	return s;
}

/* How many recipients a list names (1 at least). */
static unsigned long long
items(const char *s, const char *e)
{
	unsigned long long n = 1;

	while ((s = item_end(s, e)) < e) {
		n++;
		s++;
	}
	return n;
}

/* The domain of one recipient (<a@b>, a@b, "x"@b), lowered into d[cap]. */
static size_t
domain_of(const char *s, size_t n, char *d, size_t cap, uint64_t *key)
{
	const char *at = NULL, *e = s + n, *p;
	size_t k = 0;
	int c;

	for (p = s; p < e; p++)
		if (*p == '@')
			at = p;
	if (at == NULL)
		return 0;
	for (p = at + 1; p < e && *p != '>' && *p != ' ' && *p != '"'; p++) {
		c = lower((unsigned char)*p);
		if (c < ' ' || c == 0x7f)
			return 0;
		if (k < cap)
			d[k++] = (char)c;
	}
	while (k > 0 && d[k - 1] == '.')
		k--;
	if (k == 0)
		return 0;
	*key = mix(0x243f6a8885a308d3u, d, k) | 1;
	return k;
}

static void
fail(struct sc_report *r, const struct fail *f)
{
	char m[MASK_OUT], dom[256];
	size_t mlen, in = f->tlen < MASK_IN ? f->tlen : MASK_IN, dn;
	uint64_t tkey, key, dkey = 0;
	struct vcslot *s, t;
	struct rstat *rs;
	int reason = f->reason, hard = 0;
	const char *p, *e, *q;

	mlen = sc_report_mask(m, sizeof m, f->text, in);
	if (mlen > sizeof m)
		mlen = sizeof m;
	tkey = mix(0x510e527fade682d1u, m, mlen);
	tkey = tkey != 0 ? tkey : 1;
	if (reason < 0) {
		key = mix(tkey ^ (uint64_t)f->cls, f->dsn ? f->dsn : "",
		    f->dsn ? f->dlen : 0);
		key = key != 0 ? key : 1;
		s = &r->vc[(key >> 1) % (RC_SLOTS / 2) * 2];
		if (s[0].key == key) {
			reason = s[0].reason;
			hard = s[0].hard;
		} else if (s[1].key == key) {
			reason = s[1].reason;
			hard = s[1].hard;
			t = s[0];
			s[0] = s[1];
			s[1] = t;
		} else {
			classify_line(f, &reason, &hard);
			s[1] = s[0];
			s[0].key = key;
			s[0].reason = (short)reason;
			s[0].hard = (short)hard;
		}
	}
	if (reason < 0 || reason >= SC_REASON_COUNT)
		reason = SC_REASON_undefined;
	rs = &r->rs[reason];
	rs->n += f->n;
	rs->by[f->disp] += f->n;
	if (hard)
		rs->hard += f->n;
	if (f->rcpt == NULL) {
		rs->none += f->n;
	} else {
		for (p = f->rcpt, e = f->rcpt + f->rlen; p <= e; p = q + 1) {
			q = item_end(p, e);
			dn = domain_of(p, (size_t)(q - p), dom, sizeof dom, &dkey);
			if (dn > 0)
				ss_offer(&rs->dom, dkey, dom, dn, NULL, 0, 1);
			else
				rs->none++;
		}
	}
	ss_offer(&rs->txt, tkey, m, mlen, f->text,
	    f->tlen < SC_REPORT_TEXTLEN ? f->tlen : SC_REPORT_TEXTLEN, f->n);
}

/* ---- Postfix ------------------------------------------------------------ */

/*
 * The syslog tag whose ":" is at c: "postfix/smtp[123]", "postfix-out/
 * submission/smtpd", its last name into *d.  -1 when c does not end a
 * tag (no "/" in it: "warning:", a header name).
 */
static int
pf_tag(const char *ls, const char *c, const char **d, size_t *dn)
{
	const char *e = c, *s;
	int slash = 0;

	if (e > ls && e[-1] == ']') {
		for (s = e - 1; s > ls && s[-1] != '[' && is_digit(s[-1]); s--)
			;
		if (s == ls || s[-1] != '[')
			return -1;
		e = s - 1;
	}
	for (s = e; s > ls && s[-1] != ' '; s--)
		if (s[-1] == '/' && !slash) {
			slash = 1;
			*d = s;
			*dn = (size_t)(e - s);
		}
	return slash ? 0 : -1;
}

/*
 * Where a Postfix message begins, given the token before ": KEYWORD" at
 * [q, k): a queue id (then the tag), or the tag itself.  Sets the daemon
 * (empty when the line has no tag) and the queue id; -1 if not Postfix.
 */
static int
pf_prefix(const char *ls, const char *kw, const char **d, size_t *dn,
    const char **qid, size_t *qn)
{
	const char *c = kw - 2, *q = c;

	*d = "";
	*dn = 0;
	*qid = NULL;
	*qn = 0;
	if (c < ls || c[0] != ':' || c[1] != ' ')
		return -1;
	while (q > ls && is_alnum(q[-1]))
		q--;
	if (q < c && (q == ls || (q - ls >= 2 && q[-1] == ' ' && q[-2] == ':'))) {
		*qid = q;
		*qn = (size_t)(c - q);
		if (q == ls)
			return 0;	/* no tag: "QID: ..." */
		return pf_tag(ls, q - 2, d, dn);
	}
	return pf_tag(ls, c, d, dn);
}

static inline int
daemon_is(const char *d, size_t dn, const char *name)
{
	return is(d, dn, name);
}

/* The address after to= at p: "<a@b>" or a@b up to ",". */
static void
rcpt_at(const char *p, const char *e, const char **r, size_t *rn)
{
	const char *q;

	if (p < e && *p == '<') {
		q = memchr(p, '>', (size_t)(e - p));
		*r = p + 1;
		*rn = q != NULL ? (size_t)(q - p - 1) : 0;
		return;
	}
	for (q = p; q < e && *q != ',' && *q != ' '; q++)
		;
	*r = p;
	*rn = (size_t)(q - p);
}

/* ", status=" at p (its "="): a delivery status or a qmgr expiry. */
static const char *
pf_status(struct sc_report *r, const char *buf, const char *end, const char *p)
{
	const char *f = p - 8, *fs, *ls, *le, *ce, *t, *w, *we, *d, *q, *rc;
	size_t dn, qn, rn;
	struct fail x;
	int expiry;

	/* the field before: dsn=, delays=, delay=, relay=, conn_use=, from= */
	for (fs = f; fs > buf && f - fs < 96 && fs[-1] != '\n'; fs--)
		if (fs - buf >= 2 && fs[-1] == ' ' && (fs[-2] == ',' ||
		    fs[-2] == ':'))
			break;
	if (fs == buf || fs[-1] != ' ')
		return NULL;
	expiry = AT(fs, f, "from=<");
	if (!expiry && !AT(fs, f, "dsn=") && !AT(fs, f, "delay") &&
	    !AT(fs, f, "relay=") && !AT(fs, f, "conn_use="))
		return NULL;
	if ((ls = line_start(buf, p)) == NULL)
		return NULL;
	le = line_end(p, end, &ce);
	w = p + 1;
	for (we = w; we < ce && is_alpha(*we); we++)
		;
	if (expiry) {
		if (!is(w, (size_t)(we - w), "expired") || fs[-2] != ':' ||
		    pf_prefix(ls, fs, &d, &dn, &q, &qn) < 0 || q == NULL)
			return NULL;
		memset(&x, 0, sizeof x);
		x.disp = SC_DISP_EXPIRED;
		x.reason = SC_REASON_expired;
		x.cls = 4;
		x.ls = ls;
		x.le = ce;
		x.text = w;
		x.tlen = (size_t)(ce - w);
		x.n = 1;
		r->total[SC_DISP_EXPIRED]++;
		fail(r, &x);
		return le;
	}
	t = FIND(ls, fs, ": to=");
	if (t == NULL || pf_prefix(ls, t + 2, &d, &dn, &q, &qn) < 0 || q == NULL)
		return NULL;
	if (daemon_is(d, dn, "smtpd") || daemon_is(d, dn, "postscreen"))
		return le;	/* not a delivery agent (nor for pflogsumm) */
	if (we < ce && *we != ' ' && *we != ',')
		return le;	/* "undeliverable-but-not-cached" */
	if (is(w, (size_t)(we - w), "sent")) {
		if (FIND(we, ce, "forwarded as ") != NULL)
			r->total[SC_DISP_FORWARDED]++;
		else
			r->total[SC_DISP_DELIVERED]++;
		return le;
	}
	memset(&x, 0, sizeof x);
	x.ls = ls;
	x.le = ce;
	x.reason = -1;
	x.n = 1;
	if (is(w, (size_t)(we - w), "deferred")) {
		x.disp = SC_DISP_DEFERRALS;
		x.cls = 4;
		r->total[SC_DISP_DEFERRALS]++;
		if (qid_new(r, q, qn, 'P'))
			r->total[SC_DISP_DEFERRED]++;
	} else if (is(w, (size_t)(we - w), "bounced")) {
		x.disp = SC_DISP_BOUNCED;
		x.cls = 5;
		r->total[SC_DISP_BOUNCED]++;
	} else if (is(w, (size_t)(we - w), "expired")) {
		x.disp = SC_DISP_EXPIRED;
		x.cls = 4;
		x.reason = SC_REASON_expired;
		r->total[SC_DISP_EXPIRED]++;
	} else {
		return le;	/* SOFTBOUNCE, deliverable, ...: not counted */
	}
	/* the text in parentheses */
	x.text = we;
	if (we + 1 < ce && we[0] == ' ' && we[1] == '(')
		x.text = we + 2;
	x.tlen = (size_t)(ce - x.text);
	if (x.tlen > 0 && x.text[x.tlen - 1] == ')' && x.text != we)
		x.tlen--;
	if (AT(fs, f, "dsn=")) {
		x.dsn = fs + 4;
		x.dlen = (size_t)(f - fs - 4);
	}
	rcpt_at(t + 5, fs, &rc, &rn);
	if (rn > 0) {
		x.rcpt = rc;
		x.rlen = rn;
	}
	fail(r, &x);
	return le;
}

/*
 * The envelope of a Postfix action line after its text: "; from=<",
 * "; to=<", "; proto=" (postscreen: the same with ","), or NULL.
 */
static const char *
pf_envelope(const char *s, const char *e)
{
	const char *p = s;

	while ((p = memchr(p, ';', (size_t)(e - p))) != NULL) {
		if (AT(p, e, "; from=<") || AT(p, e, "; to=<") ||
		    AT(p, e, "; proto="))
			return p;
		p++;
	}
	return NULL;
}

/* The reply text and the recipient of a Postfix action line. */
static void
pf_action_text(struct fail *x, const char *k, const char *ce)
{
	const char *sp, *env, *cl, *to, *tail;
	size_t rn;

	/* after "KEYWORD: " */
	sp = memchr(k, ' ', (size_t)(ce - k));
	sp = sp != NULL ? sp + 1 : ce;
	env = pf_envelope(sp, ce);
	if (env == NULL)
		env = ce;
	x->text = sp;
	x->tlen = (size_t)(env - sp);
	if (AT(sp, ce, "header ") || AT(sp, ce, "body ") ||
	    AT(sp, ce, "mime-header ") || AT(sp, ce, "nested-header ")) {
		/* cleanup: "header NAME: CONTENT from CLIENT; ENV: TEXT" */
		tail = env < ce ? FIND(env, ce, ": ") : NULL;
		cl = memchr(sp, ':', (size_t)(env - sp));
		x->text = sp;
		x->tlen = cl != NULL ? (size_t)(cl - sp) : 0;
		if (tail != NULL) {
			/* "header Subject" + ": TEXT" would need a copy: the
			   text alone groups the same */
			x->text = tail + 2;
			x->tlen = (size_t)(ce - tail - 2);
		}
	}
	if (env < ce) {
		to = FIND(env, ce, " to=<");
		if (to != NULL) {
			rcpt_at(to + 4, ce, &x->rcpt, &rn);
			x->rlen = rn;
			if (rn == 0)
				x->rcpt = NULL;
		}
	}
}

/* "reject" at p - 2 (p its "j"): a Postfix reject line, or Exim's. */
static const char *exim_rejected(struct sc_report *, const char *,
    const char *, const char *);

static const char *
pf_reject(struct sc_report *r, const char *buf, const char *end, const char *p)
{
	const char *k = p - 2, *ls, *le, *ce, *d, *q;
	size_t dn, qn;
	int kind = 0, disp;
	struct fail x;

	if (AT(p + 4, end, "ed "))
		return exim_rejected(r, buf, end, k);
	if (!AT(p + 4, end, ": "))
		return NULL;
	if (BEFORE(buf, k, "milter-")) {
		k -= 7;
		kind = 1;
	} else if (BEFORE(buf, k, "proxy-")) {
		k -= 6;
		kind = 2;
	}
	if ((ls = line_start(buf, p)) == NULL ||
	    pf_prefix(ls, k, &d, &dn, &q, &qn) < 0)
		return NULL;
	le = line_end(p, end, &ce);
	if (kind == 0) {
		if (dn > 0 && !daemon_is(d, dn, "smtpd") &&
		    !daemon_is(d, dn, "postscreen") && !daemon_is(d, dn, "cleanup"))
			return le;
		disp = SC_DISP_REJECTED;
	} else if (kind == 1 && (dn == 0 || daemon_is(d, dn, "cleanup"))) {
		disp = SC_DISP_REJECTED;
	} else {
		disp = SC_DISP_FREJECTED;
	}
	memset(&x, 0, sizeof x);
	x.disp = disp;
	x.cls = 5;
	x.reason = -1;
	x.ls = ls;
	x.le = ce;
	x.n = 1;
	pf_action_text(&x, k, ce);
	r->total[disp]++;
	fail(r, &x);
	return le;
}

/* "; from=", "; to=", "; proto=" at p: a Postfix hold: or discard: line. */
static const char *
pf_hold(struct sc_report *r, const char *buf, const char *end, const char *p)
{
	static const struct {
		const char *kw;
		size_t n;
		int disp;
	} kws[] = {
		{ " hold: ", 7, SC_DISP_HELD },
		{ " discard: ", 10, SC_DISP_DISCARDED },
		{ " milter-hold: ", 14, SC_DISP_HELD },
		{ " milter-discard: ", 17, SC_DISP_DISCARDED },
	};
	const char *ls = line_start(buf, p), *c = ls, *le, *ce, *d, *q;
	size_t i, dn, qn;

	if (ls == NULL)
		return NULL;
	while ((c = memchr(c, ':', (size_t)(p - c))) != NULL) {
		for (i = 0; i < sizeof kws / sizeof kws[0]; i++)
			if (at(c + 1, p, kws[i].kw, kws[i].n))
				break;
		if (i < sizeof kws / sizeof kws[0]) {
			if (pf_prefix(ls, c + 2, &d, &dn, &q, &qn) < 0)
				return NULL;
			le = line_end(p, end, &ce);
			r->total[kws[i].disp]++;
			return le;
		}
		c++;
	}
	return NULL;
}

/* ---- Exim --------------------------------------------------------------- */

/* An Exim message id: 6-6-2 (before 4.97) or 6-11-4 base-62 characters. */
static int
exim_id(const char *s, size_t n)
{
	size_t i, b, c;

	if (n == 16) {
		b = 6;
		c = 13;
	} else if (n == 23) {
		b = 6;
		c = 18;
	} else {
		return 0;
	}
	for (i = 0; i < n; i++)
		if (i == b || i == c ? s[i] != '-' : !is_alnum(s[i]))
			return 0;
	return 1;
}

/* The id that ends at sp (a space before a flag), or NULL. */
static const char *
exim_id_before(const char *buf, const char *sp)
{
	static const size_t lens[] = { 16, 23 };
	const char *s;
	size_t i;

	for (i = 0; i < 2; i++) {
		if ((size_t)(sp - buf) < lens[i])
			continue;
		s = sp - lens[i];
		if (exim_id(s, lens[i]) && (s == buf || s[-1] == ' ' ||
		    s[-1] == '\n'))
			return s;
	}
	return NULL;
}

/* The flag at f (after "ID "), two bytes then a space. */
static const char *
exim_flag(struct sc_report *r, const char *buf, const char *end, const char *f)
{
	const char *id, *ls, *le, *ce, *a, *ae, *lt, *gt, *c;
	struct fail x;
	int disp;

	if (f <= buf || f[-1] != ' ' || end - f < 4 || f[2] != ' ')
		return NULL;
	if ((id = exim_id_before(buf, f - 1)) == NULL)
		return NULL;
	r->exim = 1;
	if ((f[0] == '=' || f[0] == '-' || f[0] == '>') && f[1] == '>')
		disp = SC_DISP_DELIVERED;	/* "=>", "->", ">>" */
	else if (f[0] == '=' && f[1] == '=')
		disp = SC_DISP_DEFERRALS;
	else if (f[0] == '*' && f[1] == '*')
		disp = SC_DISP_BOUNCED;
	else
		return NULL;	/* "<=", "*>", "(=" */
	if ((ls = line_start(buf, f)) == NULL)
		return NULL;
	le = line_end(f, end, &ce);
	r->total[disp]++;
	if (disp == SC_DISP_DELIVERED)
		return le;
	memset(&x, 0, sizeof x);
	x.disp = disp;
	x.cls = disp == SC_DISP_BOUNCED ? 5 : 4;
	x.reason = -1;
	x.ls = ls;
	x.le = ce;
	x.n = 1;
	if (disp == SC_DISP_DEFERRALS &&
	    qid_new(r, id, (size_t)(f - 1 - id), 'E'))
		r->total[SC_DISP_DEFERRED]++;
	a = f + 3;
	ae = memchr(a, ' ', (size_t)(ce - a));
	if (ae == NULL)
		ae = ce;
	if (ae > a && ae[-1] == ':')
		ae--;	/* "** a@b: Unrouteable address" */
	if (memchr(a, '@', (size_t)(ae - a)) != NULL) {
		x.rcpt = a;
		x.rlen = (size_t)(ae - a);
	} else if ((lt = memchr(ae, '<', (size_t)(ce - ae))) != NULL &&
	    (gt = memchr(lt, '>', (size_t)(ce - lt))) != NULL &&
	    memchr(lt, '@', (size_t)(gt - lt)) != NULL &&
	    FIND(ae, lt, ": ") == NULL) {
		x.rcpt = lt + 1;
		x.rlen = (size_t)(gt - lt - 1);
	}
	c = FIND(ae, ce, ": ");
	x.text = c != NULL ? c + 2 : ce;
	x.tlen = (size_t)(ce - x.text);
	fail(r, &x);
	return le;
}

/* "rejected" at k: an Exim ACL refusal after an H= or F= field. */
static const char *
exim_rejected(struct sc_report *r, const char *buf, const char *end,
    const char *k)
{
	static const char *const what[] = { "RCPT", "MAIL", "after DATA", "DATA",
		"connection", "EHLO", "HELO", "VRFY", "EXPN", "ETRN", "AUTH",
		"by " };
	const char *w = k + 9, *ls, *le, *ce, *lt, *gt, *e;
	size_t i, n;
	struct fail x;

	if (k <= buf || k[-1] != ' ')
		return NULL;
	for (i = 0; i < sizeof what / sizeof what[0]; i++) {
		n = strlen(what[i]);
		if (at(w, end, what[i], n) && (what[i][n - 1] == ' ' ||
		    w + n == end || !is_alnum(w[n])))
			break;
	}
	if (i == sizeof what / sizeof what[0])
		return NULL;
	if ((ls = line_start(buf, k)) == NULL)
		return NULL;
	if (FIND(ls, k, " H=") == NULL && FIND(ls, k, " F=") == NULL &&
	    !AT(ls, k, "H="))
		return NULL;
	/* not the text of a delivery line: "** a@b ...: 550 rejected RCPT" */
	if (FIND(ls, k, " ** ") || FIND(ls, k, " == ") || FIND(ls, k, " => ") ||
	    FIND(ls, k, " -> "))
		return NULL;
	le = line_end(k, end, &ce);
	memset(&x, 0, sizeof x);
	x.disp = SC_DISP_REJECTED;
	x.cls = BEFORE(ls, k, "temporarily ") ? 4 : 5;
	x.reason = -1;
	x.ls = ls;
	x.le = ce;
	x.n = 1;
	x.text = k;
	x.tlen = (size_t)(ce - k);
	if (i == 0) {	/* "rejected RCPT <a@b>: ..." or "RCPT a@b: ..." */
		w += 5;
		if (w < ce && *w == '<' &&
		    (gt = memchr(w, '>', (size_t)(ce - w))) != NULL) {
			lt = w;
			x.rcpt = lt + 1;
			x.rlen = (size_t)(gt - lt - 1);
		} else if (w < ce) {
			for (e = w; e < ce && *e != ' ' && *e != ':'; e++)
				;
			x.rcpt = w;
			x.rlen = (size_t)(e - w);
		}
	}
	r->exim = 1;
	r->total[SC_DISP_REJECTED]++;
	fail(r, &x);
	return le;
}

/* ---- Sendmail ----------------------------------------------------------- */

/* ", stat=" at p (its "="). */
static const char *
sm_stat(struct sc_report *r, const char *buf, const char *end, const char *p)
{
	const char *ls = line_start(buf, p), *le, *ce, *t, *q, *re, *ds, *s = p + 1;
	struct fail x;
	unsigned long long n;

	if (ls == NULL)
		return NULL;
	t = FIND(ls, p, ": to=");
	if (t == NULL || FIND(t, p, ", status=") != NULL)
		return NULL;
	for (q = t; q > ls && is_alnum(q[-1]); q--)
		;
	if (q == t)
		return NULL;
	le = line_end(p, end, &ce);
	re = FIND(t + 5, p, ", ");
	if (re == NULL)
		re = p - 6;
	n = items(t + 5, re);
	memset(&x, 0, sizeof x);
	x.ls = ls;
	x.le = ce;
	x.reason = -1;
	x.n = n;
	x.rcpt = t + 5;
	x.rlen = (size_t)(re - t - 5);
	x.text = s;
	x.tlen = (size_t)(ce - s);
	ds = FIND(re, p, ", dsn=");
	if (ds != NULL) {
		x.dsn = ds + 6;
		x.dlen = (size_t)(p - 6 - x.dsn);
	}
	if (AT(s, ce, "Sent")) {
		r->total[SC_DISP_DELIVERED] += n;
		return le;
	}
	if (AT(s, ce, "Deferred")) {
		x.disp = SC_DISP_DEFERRALS;
		x.cls = 4;
		r->total[SC_DISP_DEFERRALS] += n;
		if (qid_new(r, q, (size_t)(t - q), 'S'))
			r->total[SC_DISP_DEFERRED]++;
	} else if (AT(s, ce, "queued") || AT(s, ce, "Queued") ||
	    AT(s, ce, "quarantined") || (x.dsn != NULL && x.dsn[0] == '2')) {
		return le;
	} else {
		x.disp = SC_DISP_BOUNCED;
		x.cls = 5;
		r->total[SC_DISP_BOUNCED] += n;
	}
	fail(r, &x);
	return le;
}

/* ", reject=" at p: a ruleset or milter refusal. */
static const char *
sm_reject(struct sc_report *r, const char *buf, const char *end, const char *p)
{
	const char *ls = line_start(buf, p), *le, *ce, *a;
	struct fail x;
	size_t rn;

	if (ls == NULL)
		return NULL;
	if (FIND(ls, p, "ruleset=") == NULL && FIND(ls, p, "Milter") == NULL &&
	    FIND(ls, p, "milter=") == NULL)
		return NULL;
	le = line_end(p, end, &ce);
	memset(&x, 0, sizeof x);
	x.disp = SC_DISP_REJECTED;
	x.cls = 5;
	x.reason = -1;
	x.ls = ls;
	x.le = ce;
	x.n = 1;
	x.text = p + 1;
	x.tlen = (size_t)(ce - p - 1);
	if ((a = FIND(ls, p, "ruleset=check_rcpt, arg1=")) != NULL) {
		rcpt_at(a + 25, p, &x.rcpt, &rn);
		x.rlen = rn;
	} else if ((a = FIND(ls, p, "Milter: to=")) != NULL) {
		rcpt_at(a + 11, p, &x.rcpt, &rn);
		x.rlen = rn;
	}
	if (x.rlen == 0)
		x.rcpt = NULL;
	r->total[SC_DISP_REJECTED]++;
	fail(r, &x);
	return le;
}

/* ---- the passes --------------------------------------------------------- */

/* A "=": the markers that end in one, told apart by the byte before. */
static const char *
on_eq(struct sc_report *r, const char *buf, const char *end, const char *p)
{
	if (p == buf)
		return NULL;
	switch (p[-1]) {
	case 's':
		return BEFORE(buf, p, ", status") ? pf_status(r, buf, end, p) : NULL;
	case 't':
		if (BEFORE(buf, p, ", stat"))
			return sm_stat(r, buf, end, p);
		if (BEFORE(buf, p, ", reject"))
			return sm_reject(r, buf, end, p);
		return NULL;
	case 'm':
		return BEFORE(buf, p, "; from") ? pf_hold(r, buf, end, p) : NULL;
	case 'o':
		return BEFORE(buf, p, "; to") || BEFORE(buf, p, "; proto") ?
		    pf_hold(r, buf, end, p) : NULL;
	case ' ':
		if (end - p > 2 && (p[1] == '>' || p[1] == '=') && p[2] == ' ')
			return exim_flag(r, buf, end, p);
		return NULL;
	case '<':
		if (p - buf >= 2 && p[-2] == ' ' && end - p > 1 && p[1] == ' ' &&
		    exim_id_before(buf, p - 2) != NULL)
			r->exim = 1;
		return NULL;
	default:
		return NULL;
	}
}

static const char *
on_j(struct sc_report *r, const char *buf, const char *end, const char *p)
{
	if (p - buf >= 2 && end - p >= 5 && p[-2] == 'r' && p[-1] == 'e' &&
	    p[1] == 'e' && p[2] == 'c' && p[3] == 't')
		return pf_reject(r, buf, end, p);
	return NULL;
}

/*
 * A byte a marker holds, at h: what its line is, if a marker's; the end
 * of the line when it was counted (its other bytes need no look), or NULL.
 */
static const char *
on_hit(struct sc_report *r, const char *buf, const char *end, const char *h)
{
	switch (*h) {
	case '=':
		return on_eq(r, buf, end, h);
	case 'j':
		return on_j(r, buf, end, h);
	case '*':
		if (end - h >= 3 && h[1] == '*' && h[2] == ' ')
			return exim_flag(r, buf, end, h);
		return NULL;
	case '>':
		/* " -> " and " >> ", once the log showed itself Exim's */
		if (r->exim && h - buf >= 2 && (h[-1] == '-' || h[-1] == '>') &&
		    end - h >= 2 && h[1] == ' ')
			return exim_flag(r, buf, end, h - 1);
		return NULL;
	default:
		return NULL;
	}
}

/* Where a marker byte is in a block: bit i for p[i]. */
#if defined(__GNUC__)
#define LOW_BIT(m)	__builtin_ctzll(m)
#else
static int
LOW_BIT(unsigned long long m)
{
	int i = 0;

	while (!(m & 1)) {
		m >>= 1;
		i++;
	}
	return i;
}
#endif

/*
 * The bytes of p[0..64) worth a look (p[-2] and p[-1] readable), as bit
 * i for p[i]: a "=" after "us" (status), "at" (stat), "ct" (reject), "om"
 * (from), "to" (to, proto), " " or "<"; a "j" after "e" (reject); a "*";
 * a ">" after "-" or ">" when gt.  on_hit() checks the rest of each
 * marker.  SSE2 (every x86-64), AVX2 or AVX-512BW where the processor
 * has them, or a portable word trick elsewhere (and with
 * -DSC_REPORT_PORTABLE, to test it).
 */
#if defined(__SSE2__) && !defined(SC_REPORT_PORTABLE)
#include <emmintrin.h>

#define EQ(v, c) _mm_cmpeq_epi8((v), _mm_set1_epi8(c))
#define AND(a, b) _mm_and_si128((a), (b))
#define OR(a, b) _mm_or_si128((a), (b))

static unsigned
bits16(const char *p, int gt)
{
	__m128i v = _mm_loadu_si128((const void *)p);
	__m128i v1 = _mm_loadu_si128((const void *)(p - 1));
	__m128i v2 = _mm_loadu_si128((const void *)(p - 2));
	__m128i sel, m;

	sel = OR(OR(AND(EQ(v1, 's'), EQ(v2, 'u')),
	    AND(EQ(v1, 't'), OR(EQ(v2, 'a'), EQ(v2, 'c')))),
	    OR(OR(AND(EQ(v1, 'm'), EQ(v2, 'o')), AND(EQ(v1, 'o'), EQ(v2, 't'))),
	    OR(EQ(v1, ' '), EQ(v1, '<'))));
	m = OR(OR(AND(EQ(v, '='), sel), AND(EQ(v, 'j'), EQ(v1, 'e'))),
	    EQ(v, '*'));
	if (gt)
		m = OR(m, AND(EQ(v, '>'), OR(EQ(v1, '-'), EQ(v1, '>'))));
	return (unsigned)_mm_movemask_epi8(m);
}

static unsigned long long
bits64(const char *p, int gt)
{
	return (unsigned long long)bits16(p, gt) |
	    (unsigned long long)bits16(p + 16, gt) << 16 |
	    (unsigned long long)bits16(p + 32, gt) << 32 |
	    (unsigned long long)bits16(p + 48, gt) << 48;
}
#else
/* The zero bytes of w, as their high bits (exact: no carries across). */
static uint64_t
zeros(uint64_t w)
{
	const uint64_t low7 = 0x7f7f7f7f7f7f7f7fu;

	return ~(((w & low7) + low7) | w | low7);
}

/* Portable: the marker bytes alone; on_hit() looks before them. */
static unsigned long long
bits64(const char *p, int gt)
{
	const uint64_t ones = 0x0101010101010101u;
	uint64_t w, z;
	unsigned long long m = 0;
	int i, k;

	for (k = 0; k < 64; k += 8) {
		memcpy(&w, p + k, 8);
		z = zeros(w ^ ones * '=') | zeros(w ^ ones * 'j') |
		    zeros(w ^ ones * '*');
		if (gt)
			z |= zeros(w ^ ones * '>');
		for (i = 0; z != 0; i++, z >>= 8)
			if (z & 0x80)
				m |= 1ull << (k + i);
	}
	return m;
}
#endif

#if defined(__GNUC__) && defined(__x86_64__) && !defined(SC_REPORT_PORTABLE)
#define HAVE_AVX2 1
#include <immintrin.h>

#define EQ32(v, c) _mm256_cmpeq_epi8((v), _mm256_set1_epi8(c))
#define AND32(a, b) _mm256_and_si256((a), (b))
#define OR32(a, b) _mm256_or_si256((a), (b))

__attribute__((target("avx2"), always_inline)) static inline unsigned
bits32(const char *p, int gt)
{
	__m256i v = _mm256_loadu_si256((const void *)p);
	__m256i v1 = _mm256_loadu_si256((const void *)(p - 1));
	__m256i v2 = _mm256_loadu_si256((const void *)(p - 2));
	__m256i sel, m;

	sel = OR32(OR32(AND32(EQ32(v1, 's'), EQ32(v2, 'u')),
	    AND32(EQ32(v1, 't'), OR32(EQ32(v2, 'a'), EQ32(v2, 'c')))),
	    OR32(OR32(AND32(EQ32(v1, 'm'), EQ32(v2, 'o')),
	    AND32(EQ32(v1, 'o'), EQ32(v2, 't'))),
	    OR32(EQ32(v1, ' '), EQ32(v1, '<'))));
	m = OR32(OR32(AND32(EQ32(v, '='), sel),
	    AND32(EQ32(v, 'j'), EQ32(v1, 'e'))), EQ32(v, '*'));
	if (gt)
		m = OR32(m, AND32(EQ32(v, '>'), OR32(EQ32(v1, '-'),
		    EQ32(v1, '>'))));
	return (unsigned)_mm256_movemask_epi8(m);
}

/* The blocks of [p, end) with AVX2: where the scalar tail starts. */
__attribute__((target("avx2"))) static const char *
scan_avx2(struct sc_report *r, const char *buf, const char *end,
    const char *p, const char **skip)
{
	unsigned long long m;
	const char *h, *next;
	int gt;

	while (end - p >= 64) {
		gt = r->exim;
		m = (unsigned long long)bits32(p, gt) |
		    (unsigned long long)bits32(p + 32, gt) << 32;
		while (m != 0) {
			h = p + LOW_BIT(m);
			m &= m - 1;
			if (h >= *skip && (next = on_hit(r, buf, end, h)) != NULL)
				*skip = next;
			if (!gt && r->exim) {	/* Exim's: its ">" too, from here */
				gt = 1;
				m = h - p >= 63 ? 0 :
				    ((unsigned long long)bits32(p, 1) |
				    (unsigned long long)bits32(p + 32, 1) << 32) &
				    ~0ull << (h - p + 1);
			}
		}
		p += 64;
		if (*skip > p)
			p = *skip;
	}
	return p;
}

#define EQ64(v, c) _mm512_cmpeq_epi8_mask((v), _mm512_set1_epi8(c))

/* The same, 64 bytes into a mask register at once (AVX-512BW). */
__attribute__((target("avx512bw"))) static const char *
scan_avx512(struct sc_report *r, const char *buf, const char *end,
    const char *p, const char **skip)
{
	unsigned long long m, sel;
	const char *h, *next;
	__m512i v, v1, v2;
	int gt;

	while (end - p >= 64) {
		v = _mm512_loadu_si512((const void *)p);
		v1 = _mm512_loadu_si512((const void *)(p - 1));
		v2 = _mm512_loadu_si512((const void *)(p - 2));
		sel = (EQ64(v1, 's') & EQ64(v2, 'u')) |
		    (EQ64(v1, 't') & (EQ64(v2, 'a') | EQ64(v2, 'c'))) |
		    (EQ64(v1, 'm') & EQ64(v2, 'o')) |
		    (EQ64(v1, 'o') & EQ64(v2, 't')) | EQ64(v1, ' ') |
		    EQ64(v1, '<');
		m = (EQ64(v, '=') & sel) | (EQ64(v, 'j') & EQ64(v1, 'e')) |
		    EQ64(v, '*');
		gt = r->exim;
		if (gt)
			m |= EQ64(v, '>') & (EQ64(v1, '-') | EQ64(v1, '>'));
		while (m != 0) {
			h = p + LOW_BIT(m);
			m &= m - 1;
			if (h >= *skip && (next = on_hit(r, buf, end, h)) != NULL)
				*skip = next;
			if (!gt && r->exim) {	/* Exim's: its ">" too, from here */
				gt = 1;
				m |= (EQ64(v, '>') & (EQ64(v1, '-') | EQ64(v1, '>'))) &
				    (h - p >= 63 ? 0 : ~0ull << (h - p + 1));
			}
		}
		p += 64;
		if (*skip > p)
			p = *skip;
	}
	return p;
}

#endif

void
sc_report_lines(struct sc_report *r, const char *buf, size_t len)
{
	const char *end = buf + len, *p = buf, *skip = buf, *h, *next;
	unsigned long long m;
	int gt;

	if (r == NULL || buf == NULL || len == 0)
		return;
	/* the first two bytes alone: a block reads the two before it */
	for (; p < end && p < buf + 2; p++)
		if (p >= skip && (next = on_hit(r, buf, end, p)) != NULL)
			skip = next;
	/* one pass over every byte: the few that markers hold, by blocks */
#ifdef HAVE_AVX2
	if (r->vec == 2)
		p = scan_avx512(r, buf, end, p, &skip);
	else if (r->vec == 1)
		p = scan_avx2(r, buf, end, p, &skip);
#endif
	while (end - p >= 64) {
		gt = r->exim;
		m = bits64(p, gt);
		while (m != 0) {
			h = p + LOW_BIT(m);
			m &= m - 1;
			if (h >= skip && (next = on_hit(r, buf, end, h)) != NULL)
				skip = next;
			if (!gt && r->exim) {	/* Exim's: its ">" too, from here */
				gt = 1;
				m = h - p >= 63 ? 0 :
				    bits64(p, 1) & ~0ull << (h - p + 1);
			}
		}
		p += 64;
		if (skip > p)
			p = skip;
	}
	for (; p < end; p++)
		if (p >= skip && (next = on_hit(r, buf, end, p)) != NULL)
			skip = next;
}

/* ---- life --------------------------------------------------------------- */

struct sc_report *
sc_report_new(void)
{
	struct sc_report *r = calloc(1, sizeof *r);
	int i;

	if (r == NULL)
		return NULL;
#ifdef HAVE_AVX2
	r->vec = sc_vector_width() >= 3 ? 2 : sc_vector_width() >= 2;
#endif
	for (i = 0; i < SC_REASON_COUNT; i++) {
		ss_init(&r->rs[i].dom, SC_REPORT_KDOM, &r->dstr[i][0][0], NULL,
		    SC_REPORT_DOMLEN);
		ss_init(&r->rs[i].txt, SC_REPORT_KTEXT, &r->tstr[i][0][0],
		    &r->xstr[i][0][0], SC_REPORT_TEXTLEN);
	}
	return r;
}

void
sc_report_free(struct sc_report *r)
{
	if (r == NULL)
		return;
	free(r->qslot);
	free(r);
}

/* ---- figures ------------------------------------------------------------ */

unsigned long long
sc_report_total(const struct sc_report *r, int disp)
{
	return disp >= 0 && disp < SC_DISP_COUNT ? r->total[disp] : 0;
}

int
sc_report_exact(const struct sc_report *r, int disp)
{
	return !(disp == SC_DISP_DEFERRED && r->qfull);
}

unsigned long long
sc_report_reason(const struct sc_report *r, int reason, unsigned long long *hard)
{
	if (reason < 0 || reason >= SC_REASON_COUNT) {
		if (hard != NULL)
			*hard = 0;
		return 0;
	}
	if (hard != NULL)
		*hard = r->rs[reason].hard;
	return r->rs[reason].n;
}

static int
row_cmp(const void *x, const void *y)
{
	const struct sc_report_row *a = x, *b = y;
	size_t n = a->len < b->len ? a->len : b->len;
	int c;

	if (a->count != b->count)
		return a->count < b->count ? 1 : -1;
	if (a->err != b->err)
		return a->err > b->err ? 1 : -1;
	c = memcmp(a->s, b->s, n);
	return c != 0 ? c : (a->len > b->len) - (a->len < b->len);
}

static size_t
ss_rows(const struct ss *s, struct sc_report_row *rows, size_t max,
    unsigned long long *rest)
{
	struct sc_report_row all[SC_REPORT_KDOM] = { { NULL, 0, 0, 0, NULL, 0 } };
	unsigned long long shown = 0, min;
	size_t i, k, n = s->used;

	/*
	 * A value not in the table was seen at most min times (0 while the
	 * table has room): a row is shown only if it surely ranks above all
	 * of them, its lower bound at least min.  The others go to "other".
	 */
	min = s->used == s->cap ? s->ent[s->heap[0]].n : 0;
	for (i = k = 0; i < n; i++) {
		if (s->ent[i].n - s->ent[i].err < min)
			continue;
		all[k].s = s->str + i * s->slen;
		all[k].len = s->ent[i].len;
		all[k].count = s->ent[i].n;
		all[k].err = s->ent[i].err;
		all[k].ex = s->ex != NULL ? s->ex + i * s->slen : NULL;
		all[k].exlen = s->ent[i].exlen;
		k++;
	}
	n = k;
	qsort(all, n, sizeof all[0], row_cmp);
	if (n > max)
		n = max;
	for (i = 0; i < n; i++) {
		rows[i] = all[i];
		shown += all[i].count;
	}
	if (rest != NULL)
		*rest = s->offered > shown ? s->offered - shown : 0;
	return n;
}

size_t
sc_report_domains(const struct sc_report *r, int reason,
    struct sc_report_row *rows, size_t max, unsigned long long *rest,
    unsigned long long *none)
{
	if (reason < 0 || reason >= SC_REASON_COUNT) {
		if (rest != NULL)
			*rest = 0;
		if (none != NULL)
			*none = 0;
		return 0;
	}
	if (none != NULL)
		*none = r->rs[reason].none;
	return ss_rows(&r->rs[reason].dom, rows, max, rest);
}

size_t
sc_report_texts(const struct sc_report *r, int reason,
    struct sc_report_row *rows, size_t max, unsigned long long *rest)
{
	if (reason < 0 || reason >= SC_REASON_COUNT) {
		if (rest != NULL)
			*rest = 0;
		return 0;
	}
	return ss_rows(&r->rs[reason].txt, rows, max, rest);
}

/* Reasons with a count, most first: how many. */
size_t
sc_report_reasons(const struct sc_report *r, int *order)
{
	size_t n = 0, i;
	int k;

	for (k = 0; k < SC_REASON_COUNT; k++) {
		if (r->rs[k].n == 0)
			continue;
		for (i = n; i > 0 && r->rs[order[i - 1]].n < r->rs[k].n; i--)
			order[i] = order[i - 1];
		order[i] = k;
		n++;
	}
	return n;
}

unsigned long long
sc_report_by(const struct sc_report *r, int reason, int disp)
{
	if (reason < 0 || reason >= SC_REASON_COUNT || disp < 0 ||
	    disp >= SC_DISP_COUNT)
		return 0;
	return r->rs[reason].by[disp];
}

int
sc_report_ids_full(const struct sc_report *r)
{
	return r->qfull != 0;
}
