/*
 * reason.c - classify an SMTP reply: reason, hard or not, next step.
 *
 * data/reasons.def is included once per pass: compile-time checks (an
 * unknown reason, next step or provider is an undeclared identifier, a
 * repeated rule id a redeclared enumerator), then the tables.  The rules
 * are indexed by their main condition (exact status, status subject,
 * exact basic code, two digits, class, or none), so a reply looks at a
 * few buckets, not at every rule; text fragments are first tested
 * against a bitmap of the reply's letter pairs, and only then searched
 * for, case-insensitively and without copying the text.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "reason.h"

/* ---- Pass 1: enumerations and compile-time checks ---------------------- */

enum rule_id {
#define RULE(id, prov, code, status, t1, t2, reason, hard, next, note, src, \
    chk) R_##id,
#include "reasons.def"
	N_RULES
};

enum marker_where { MK_host = 1, MK_text = 2, MK_both = 3 };

#define RULE(id, prov, code, status, t1, t2, reason, hard, next, note, src, \
    chk) \
	_Static_assert(SC_REASON_##reason >= 0, #id ": unknown reason"); \
	_Static_assert(SC_NEXT_##next >= 0, #id ": unknown next step"); \
	_Static_assert(SC_PROVIDER_##prov >= 0, #id ": unknown provider"); \
	_Static_assert((hard) == 0 || (hard) == 1, #id ": hard is 0 or 1"); \
	_Static_assert(!(hard) || SC_NEXT_##next == SC_NEXT_suppress, \
	    #id ": a hard bounce means suppress"); \
	_Static_assert(sizeof(code) == 1 || sizeof(code) == 4, \
	    #id ": code is \"550\", \"55x\", \"5xx\" or \"\""); \
	_Static_assert(sizeof(status) <= 16, #id ": status too long"); \
	_Static_assert(sizeof(t1) <= 201 && sizeof(t2) <= 201, \
	    #id ": text fragment longer than 200"); \
	_Static_assert(sizeof(t1) > 1 || sizeof(t2) == 1, \
	    #id ": text2 without text1"); \
	_Static_assert(sizeof(note) > 16, #id ": note too short"); \
	_Static_assert(sizeof(src) > 12, #id ": source missing"); \
	_Static_assert(sizeof(chk) == 11, #id ": checked is YYYY-MM-DD");
#define PROVIDER(key, name, src, chk) \
	_Static_assert(sizeof(src) > 12, #key ": source missing"); \
	_Static_assert(sizeof(chk) == 11, #key ": checked is YYYY-MM-DD");
#define MARKER(key, where, frag) \
	_Static_assert(SC_PROVIDER_##key > 0, #key ": marker of no provider"); \
	_Static_assert(MK_##where > 0, #key ": where is host, text or both"); \
	_Static_assert(sizeof(frag) > 3 && sizeof(frag) < 64, \
	    #key ": marker length");
#include "reasons.def"

_Static_assert(SC_REASON_COUNT == 34, "the 34 reasons of the vocabulary");
_Static_assert(SC_NEXT_COUNT == 7, "seven next steps");
_Static_assert(N_RULES > 0 && N_RULES < 65536, "rule count");
_Static_assert(SC_PROVIDER_COUNT < 256, "providers fit a byte");
_Static_assert(SC_RULE_TEXTS >= 2 && SC_RULE_TEXTS <= 8, "text fragments");

/* ---- Pass 2: the tables ------------------------------------------------ */

static const struct {
	const char *name, *title, *desc;
} reasons[] = {
#define REASON(name, title, desc) { #name, title, desc },
#include "reasons.def"
};

static const struct {
	const char *name, *desc;
} nexts[] = {
#define NEXT(id, name, desc) { name, desc },
#include "reasons.def"
};

static const struct {
	const char *key, *name, *source, *checked;
} providers[] = {
	{ "any", "any provider", "", "" },
#define PROVIDER(key, name, src, chk) { #key, name, src, chk },
#include "reasons.def"
};

static const struct marker {
	unsigned char provider, where, len;
	const char *frag;
} markers[] = {
#define MARKER(key, where, frag) \
	{ SC_PROVIDER_##key, MK_##where, sizeof(frag) - 1, frag },
#include "reasons.def"
};

static const char *const catchalls[] = {
#define CATCHALL(code) code,
#include "reasons.def"
};

static const struct sc_rule builtin[] = {
#define RULE(id, prov, code, status, t1, t2, reason, hard, next, note, src, \
    chk) \
	{ #id, SC_PROVIDER_##prov, code, status, { t1, t2, "", "" }, \
	  SC_REASON_##reason, hard, SC_NEXT_##next, note, src, chk, NULL, \
	  __LINE__ },
#include "reasons.def"
};

_Static_assert(sizeof reasons / sizeof reasons[0] == SC_REASON_COUNT,
    "reason table");
_Static_assert(sizeof nexts / sizeof nexts[0] == SC_NEXT_COUNT, "next table");
_Static_assert(sizeof providers / sizeof providers[0] == SC_PROVIDER_COUNT,
    "provider table");
_Static_assert(sizeof builtin / sizeof builtin[0] == N_RULES, "rule table");

/* ---- Text: folding, letter pairs, search ------------------------------- */

#define ANYTEXT 255		/* tlen of the fragment "*" */
#define NPAIRS 16384u		/* every pair of 7-bit folded bytes */

/*
 * ASCII lower case; every white-space byte is a space; bytes above 127
 * (UTF-8 and others) are all one byte, 127, which no fragment holds.
 */
#define FOLD(c) (unsigned char)((c) >= 'A' && (c) <= 'Z' ? \
    (c) + ('a' - 'A') : (c) == '\t' || (c) == '\n' || (c) == '\r' || \
    (c) == '\v' || (c) == '\f' ? ' ' : (c) < 128 ? (c) : 127)
#define FOLD4(i) FOLD(i), FOLD((i) + 1), FOLD((i) + 2), FOLD((i) + 3)
#define FOLD16(i) FOLD4(i), FOLD4((i) + 4), FOLD4((i) + 8), FOLD4((i) + 12)
#define FOLD64(i) FOLD16(i), FOLD16((i) + 16), FOLD16((i) + 32), \
    FOLD16((i) + 48)
static const unsigned char foldtab[256] = {
	FOLD64(0), FOLD64(64), FOLD64(128), FOLD64(192)
};

static unsigned char
fold(unsigned char c)
{
	return foldtab[c];
}

/* A pair of folded bytes: exact, no collisions. */
static unsigned
bigram(unsigned char a, unsigned char b)
{
	return (unsigned)a << 7 | b;
}

/*
 * Does t[0..n) contain fragment f (NUL-terminated, no leading, trailing
 * or doubled spaces), ignoring ASCII case, a space in f matching any run
 * of white space?
 */
static int
contains(const char *t, size_t n, const char *f)
{
	const unsigned char *s = (const unsigned char *)t, *hit;
	unsigned char f0 = fold((unsigned char)f[0]), up;
	size_t i, k;
	const char *p;

	up = f0 >= 'a' && f0 <= 'z' ? (unsigned char)(f0 - ('a' - 'A')) : f0;
	for (i = 0; i < n; i++) {
		if (fold(s[i]) != f0) {
			/* Skip to the next byte that can start a match. */
			hit = memchr(s + i, f0, n - i);
			if (up != f0) {
				const unsigned char *h2 = memchr(s + i, up,
				    hit != NULL ? (size_t)(hit - (s + i)) : n - i);

				if (h2 != NULL)
					hit = h2;
			}
			if (hit == NULL)
				return 0;
			i = (size_t)(hit - s);
		}
		for (k = i + 1, p = f + 1; *p != '\0'; p++) {
			if (k >= n)
				return 0;	/* later starts have less room */
			if (*p == ' ') {
				if (fold(s[k]) != ' ')
					break;
				while (k < n && fold(s[k]) == ' ')
					k++;
				continue;
			}
			if (fold(s[k]) != fold((unsigned char)*p))
				break;
			k++;
		}
		if (*p == '\0')
			return 1;
	}
	return 0;
}

/*
 * Which letter pairs the reply being classified holds: pair p is in it
 * when seen[p] == gen.  One table per thread, never cleared: each reply
 * takes the next generation, so marking a pair is one plain store.
 */
static _Thread_local unsigned char seen[NPAIRS];
static _Thread_local unsigned char gen;

/* What the matcher needs of a reply, computed once. */
struct digest {
	int basic;		/* -1 absent */
	int cls;		/* reply class 2-5, 0 unknown */
	unsigned clsbit;
	int ecls, esub, edet;	/* esub -1 absent */
	const char *text;
	size_t len;
	int hastext;		/* something besides white space */
	int provider;
	unsigned char gen;
	const unsigned char *seen;
	char *heap;		/* the view, when longer than view[] */
	char view[1024];	/* the text, addresses as "<>" */
};

static int
has_bit(const struct digest *d, unsigned h)
{
	return d->seen[h] == d->gen;
}

static void
digest_text(struct digest *d)
{
	const unsigned char *s = (const unsigned char *)d->text;
	unsigned c, prev;
	size_t i;
	unsigned char g;

	if (++gen == 0) {
		memset(seen, 0, sizeof seen);
		gen = 1;
	}
	d->gen = g = gen;
	d->seen = seen;
	d->hastext = 0;
	if (d->len == 0)
		return;
	prev = foldtab[s[0]];
	d->hastext = prev != ' ';
	for (i = 1; i < d->len; i++) {
		c = foldtab[s[i]];
		if (c == ' ') {
			if (prev == ' ')
				continue;
		} else
			d->hastext = 1;
		seen[prev << 7 | c] = g;
		prev = c;
	}
}

/* ---- Rules: parsing conditions, specificity, index keys ---------------- */

enum { K_FREE, K_CLASS, K_TWO, K_BASIC, K_SUBJ, K_STATUS };
#define KEY(kind, v) ((unsigned)(kind) << 13 | (unsigned)(v))

#define CLS_ALL 0x3du		/* unknown, 2, 3, 4, 5 */
#define CLS_FAIL 0x31u		/* unknown, 4, 5 */

static int
isdig(char c)
{
	return c >= '0' && c <= '9';
}

/* Up to three digits at *p; -1 if none. */
static int
num3(const char **p)
{
	int v = 0, n = 0;

	while (isdig(**p) && n < 3) {
		v = v * 10 + (**p - '0');
		(*p)++;
		n++;
	}
	if (n == 0 || isdig(**p))
		return -1;
	return v;
}

/* "550", "55x", "5xx", "": blo..bhi or a class; 0 if well formed. */
static int
parse_code(const char *c, struct sc_rule_key *k)
{
	k->blo = k->bhi = -1;
	k->bcls = -1;
	if (c[0] == '\0')
		return 0;
	if (c[0] < '2' || c[0] > '5' || c[1] == '\0' || c[2] == '\0' ||
	    c[3] != '\0')
		return -1;
	if (c[1] == 'x') {
		if (c[2] != 'x')
			return -1;
		k->bcls = (signed char)(c[0] - '0');
		return 0;
	}
	if (!isdig(c[1]))
		return -1;
	if (c[2] == 'x') {
		k->blo = (short)((c[0] - '0') * 100 + (c[1] - '0') * 10);
		k->bhi = (short)(k->blo + 9);
		return 0;
	}
	if (!isdig(c[2]))
		return -1;
	k->blo = k->bhi = (short)((c[0] - '0') * 100 + (c[1] - '0') * 10 +
	    (c[2] - '0'));
	return 0;
}

/* "5.7.1", "X.7.1", "5.7.x", "5.7.606-649", ""; 0 if well formed. */
static int
parse_status(const char *s, struct sc_rule_key *k)
{
	const char *p = s;
	int sub, lo, hi;

	k->ecls = -1;
	k->esub = -1;
	k->dlo = k->dhi = -1;
	if (*p == '\0')
		return 0;
	if (*p == 'X' || *p == 'x')
		k->ecls = 0;
	else if (*p == '2' || *p == '4' || *p == '5')
		k->ecls = (signed char)(*p - '0');
	else
		return -1;
	if (*++p != '.')
		return -1;
	p++;
	if ((sub = num3(&p)) < 0 || sub > 7 || *p != '.')
		return -1;
	p++;
	k->esub = (signed char)sub;
	if (*p == 'x' && p[1] == '\0')
		return 0;
	if ((lo = num3(&p)) < 0)
		return -1;
	hi = lo;
	if (*p == '-') {
		p++;
		if ((hi = num3(&p)) < 0 || hi <= lo)
			return -1;
	}
	if (*p != '\0')
		return -1;
	k->dlo = (short)lo;
	k->dhi = (short)hi;
	return 0;
}

/* The CATCHALL codes, parsed: basic code, or subject and detail. */
#define NCATCH (sizeof catchalls / sizeof catchalls[0])
struct catchall {
	short code, sub, det;	/* code, or -1 and sub, det */
};

static void
load_catchalls(struct catchall *ca)
{
	struct sc_rule_key k;
	size_t i;
	const char *c;

	for (i = 0; i < NCATCH; i++) {
		c = catchalls[i];
		ca[i].code = ca[i].sub = ca[i].det = -1;
		if (isdig(c[0]))
			ca[i].code = (short)((c[0] - '0') * 100 + (c[1] - '0') * 10 +
			    (c[2] - '0'));
		else if (parse_status(c, &k) == 0) {
			ca[i].sub = (short)(unsigned char)k.esub;	/* >= 0 */
			ca[i].det = k.dlo;
		}
	}
}

static int
catchall_code(const struct catchall *ca, int code)
{
	size_t i;

	for (i = 0; i < NCATCH; i++)
		if (ca[i].code == code)
			return 1;
	return 0;
}

static int
catchall_status(const struct catchall *ca, int sub, int det)
{
	size_t i;

	for (i = 0; i < NCATCH; i++)
		if (ca[i].code < 0 && ca[i].sub == sub && ca[i].det == det)
			return 1;
	return 0;
}

/* Fragment: length, "*", and the letter pairs the prefilter tests. */
static void
prep_fragment(const char *f, struct sc_rule_key *k, int i)
{
	unsigned char buf[256];
	size_t n = 0, nb, j;
	const unsigned char *s = (const unsigned char *)f;

	k->tlen[i] = 0;
	if (i < 2)
		k->nbg[i] = 0;
	if (f == NULL || f[0] == '\0')
		return;
	if (f[0] == '*' && f[1] == '\0') {
		k->tlen[i] = ANYTEXT;
		return;
	}
	while (n < sizeof buf && s[n] != '\0') {
		buf[n] = fold(s[n]);
		n++;
	}
	k->tlen[i] = (unsigned char)n;
	if (n < 2 || i >= 2)
		return;
	/* Up to 8 of its n - 1 pairs, spread from first to last. */
	nb = n - 1;
	for (j = 0; j < 8 && j < nb; j++) {
		size_t at = nb <= 8 ? j : j * (nb - 1) / 7;

		k->bg[i][j] = (unsigned short)bigram(buf[at], buf[at + 1]);
	}
	k->nbg[i] = (unsigned char)j;
}

/*
 * How common a folded byte is in English reply text, roughly (letters by
 * their usual frequency, per mille); a pair's commonness is the product.
 * Only used to pick the pair that groups a rule: any choice is correct,
 * a rarer one is faster.
 */
static unsigned
commonness(unsigned char c)
{
	static const unsigned char letter[26] = {
		82, 15, 28, 43, 127, 22, 20, 61, 70, 2, 8, 40, 24,
		67, 75, 19, 1, 60, 63, 91, 28, 10, 24, 2, 20, 1
	};

	if (c >= 'a' && c <= 'z')
		return letter[c - 'a'] + 1u;
	if (c == ' ')
		return 150;
	return 5;	/* digits and punctuation */
}

/* The rarest letter pair of the rule's fragments, 0 if none. */
static unsigned short
rarest_pair(const struct sc_rule *r, const struct sc_rule_key *k)
{
	unsigned best = ~0u, c;
	unsigned short pair = 0;
	int i;
	size_t j;
	const unsigned char *f;

	unsigned a, b, ca, cb;

	for (i = 0; i < SC_RULE_TEXTS; i++) {
		if (k->tlen[i] == 0 || k->tlen[i] == ANYTEXT)
			continue;
		f = (const unsigned char *)r->text[i];
		a = fold(f[0]);
		ca = commonness((unsigned char)a);
		for (j = 1; f[j] != '\0'; j++, a = b, ca = cb) {
			b = fold(f[j]);
			cb = commonness((unsigned char)b);
			if ((c = ca * cb) < best) {
				best = c;
				pair = (unsigned short)bigram((unsigned char)a,
				    (unsigned char)b);
			}
		}
	}
	return pair;
}

static unsigned
specificity(const struct sc_rule *r, const struct sc_rule_key *k,
    const struct catchall *ca)
{
	unsigned score = 0;
	int i;

	if (r->provider != SC_PROVIDER_any)
		score += 110;
	for (i = 0; i < SC_RULE_TEXTS; i++) {
		if (k->tlen[i] == ANYTEXT)
			score += 1;
		else if (k->tlen[i] > 0)
			score += 100u + (k->tlen[i] < 40 ? k->tlen[i] : 40u);
	}
	if (k->esub >= 0) {
		if (k->dlo >= 0 && k->dlo != k->dhi)
			score += 30;	/* a range */
		else if (k->dlo >= 0 && catchall_status(ca, k->esub, k->dlo))
			score += 3;
		else if (k->dlo > 0)
			score += 40;
		else
			score += 12;	/* "5.7.x" or "X.Y.0": the subject only */
		if (k->ecls > 0)
			score += 1;	/* "5.7.1" says more than "X.7.1" */
	}
	if (k->bcls >= 0)
		score += 2;
	else if (k->blo >= 0 && k->blo != k->bhi)
		score += 4;
	else if (k->blo >= 0)
		score += catchall_code(ca, k->blo) ? 5 : 20;
	return score;
}

static void
prepare(const struct sc_rule *r, struct sc_rule_key *k, size_t idx,
    const struct catchall *ca)
{
	int i;

	memset(k, 0, sizeof *k);
	(void)parse_code(r->code, k);
	(void)parse_status(r->status, k);
	for (i = 0; i < SC_RULE_TEXTS; i++)
		prep_fragment(r->text[i], k, i);
	k->idx = (unsigned short)idx;
	k->score = (unsigned short)specificity(r, k, ca);
	k->provider = (unsigned char)r->provider;
	k->gpair = rarest_pair(r, k);
	if (k->blo >= 0)
		k->classes = (unsigned char)(1u << (k->blo / 100));
	else if (k->bcls >= 0)
		k->classes = (unsigned char)(1u << k->bcls);
	else if (k->ecls > 0)
		k->classes = CLS_ALL;
	else
		k->classes = CLS_FAIL;
	if (k->esub >= 0 && k->dlo >= 0 && k->dlo == k->dhi)
		k->key = KEY(K_STATUS, k->esub * 1000 + k->dlo);
	else if (k->esub >= 0)
		k->key = KEY(K_SUBJ, k->esub);
	else if (k->blo >= 0 && k->blo == k->bhi)
		k->key = KEY(K_BASIC, k->blo);
	else if (k->blo >= 0)
		k->key = KEY(K_TWO, k->blo / 10);
	else if (k->bcls >= 0)
		k->key = KEY(K_CLASS, k->bcls);
	else
		k->key = KEY(K_FREE, r->provider);
}

/* ---- Checking a rule --------------------------------------------------- */

static int
fragment_ok(const char *f)
{
	size_t n;

	if (f == NULL)
		return 1;	/* none */
	n = strlen(f);
	if (n == 0 || (n == 1 && f[0] == '*'))
		return 1;
	if (n > 200 || f[0] == ' ' || f[n - 1] == ' ' || strstr(f, "  "))
		return 0;
	for (; *f; f++)
		if ((unsigned char)*f < ' ' || (unsigned char)*f >= 0x7f)
			return 0;
	return 1;
}

static int
date_ok(const char *d)
{
	int i, m, day;

	if (d == NULL || strlen(d) != 10 || d[4] != '-' || d[7] != '-')
		return 0;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !isdig(d[i]))
			return 0;
	m = (d[5] - '0') * 10 + (d[6] - '0');
	day = (d[8] - '0') * 10 + (d[9] - '0');
	return m >= 1 && m <= 12 && day >= 1 && day <= 31;
}

/* Every fragment well formed, none set after one that is not; or why. */
static const char *
check_fragments(const struct sc_rule *r)
{
	int i, gap = 0;

	for (i = 0; i < SC_RULE_TEXTS; i++) {
		if (!fragment_ok(r->text[i]))
			return "text: a fragment is longer than 200, holds a byte "
			    "that is not printable ASCII, or has leading, trailing "
			    "or doubled spaces";
		if (r->text[i] == NULL || r->text[i][0] == '\0')
			gap = 1;
		else if (gap)
			return "text: a fragment after an empty one";
	}
	return NULL;
}

/* A field a user's rule (one read from a file) may leave empty. */
static int
left_out(const struct sc_rule *r, const char *field)
{
	return r->file != NULL && field != NULL && field[0] == '\0';
}

int
sc_rule_check(const struct sc_rule *r, const char **why)
{
	struct sc_rule_key k;
	const char *p;
	const char *w = NULL;

	if (r == NULL)
		w = "no rule";
	else if (r->id == NULL || r->id[0] == '\0' || strlen(r->id) > 64)
		w = "id: empty or longer than 64";
	else {
		for (p = r->id; *p; p++)
			if (!((*p >= 'a' && *p <= 'z') || isdig(*p) || *p == '_' ||
			    *p == '-' || *p == '.'))
				w = "id: only a-z, 0-9, '_', '-' and '.'";
	}
	if (w != NULL)
		goto bad;
	if (r->provider < 0 || r->provider >= SC_PROVIDER_COUNT)
		w = "provider: unknown";
	else if (r->code == NULL || parse_code(r->code, &k) != 0)
		w = "code: not \"550\", \"55x\", \"5xx\" or \"\"";
	else if (r->status == NULL || parse_status(r->status, &k) != 0)
		w = "status: not \"5.7.1\", \"X.7.1\", \"5.7.x\", \"5.7.1-9\" "
		    "or \"\"";
	else if ((w = check_fragments(r)) != NULL)
		;
	else if (r->reason < 0 || r->reason >= SC_REASON_COUNT)
		w = "reason: unknown";
	else if (r->next < 0 || r->next >= SC_NEXT_COUNT)
		w = "next: unknown";
	else if (r->hard != 0 && r->hard != 1)
		w = "hard: not 0 or 1";
	else if (r->hard && r->next != SC_NEXT_suppress)
		w = "hard: a hard bounce needs next suppress";
	else if (!left_out(r, r->note) &&
	    (r->note == NULL || r->note[0] == '\0'))
		w = "note: empty";
	else if (!left_out(r, r->source) && (r->source == NULL ||
	    strncmp(r->source, "https://", 8) != 0 || r->source[8] == '\0'))
		w = "source: not an https:// URL";
	else if (!left_out(r, r->checked) && !date_ok(r->checked))
		w = "checked: not a YYYY-MM-DD date";
	if (w == NULL)
		return 0;
bad:
	if (why != NULL)
		*why = w;
	return -1;
}

/* ---- Rule sets --------------------------------------------------------- */

static int
keycmp(const void *a, const void *b)
{
	const struct sc_rule_key *x = a, *y = b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	if (x->gpair != y->gpair)
		return x->gpair < y->gpair ? -1 : 1;
	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	return (x->idx > y->idx) - (x->idx < y->idx);
}

/* The same order as keycmp, as one number: key, pair, -score, idx. */
static unsigned long long
sortval(const struct sc_rule_key *k)
{
	return (unsigned long long)(k->key & 0xffffu) << 48 |
	    (unsigned long long)k->gpair << 32 |
	    (unsigned long long)(0xffffu - k->score) << 16 | k->idx;
}

#define SORT_SMALL 2048

/* Sort n distinct numbers: radix sort, a byte at a time, through tmp. */
static void
sort_vals(unsigned long long *v, unsigned long long *tmp, size_t n)
{
	size_t count[256], i, sum, c;
	unsigned shift;
	unsigned long long *src = v, *dst = tmp, *t;

	for (shift = 0; shift < 64; shift += 8) {
		memset(count, 0, sizeof count);
		for (i = 0; i < n; i++)
			count[src[i] >> shift & 0xff]++;
		if (count[src[0] >> shift & 0xff] == n)
			continue;	/* this byte is the same everywhere */
		for (i = 0, sum = 0; i < 256; i++) {
			c = count[i];
			count[i] = sum;
			sum += c;
		}
		for (i = 0; i < n; i++)
			dst[count[src[i] >> shift & 0xff]++] = src[i];
		t = src;
		src = dst;
		dst = t;
	}
	if (src != v)
		memcpy(v, src, n * sizeof v[0]);
}

/*
 * Sort the keys, which are in rule order (keys[i].idx == i).  Small sets
 * sort 8-byte numbers, then move each key once, following the cycles of
 * the permutation; big ones use qsort on the keys themselves.
 */
static void
sort_keys(struct sc_rule_key *keys, size_t n)
{
	unsigned long long v[SORT_SMALL], scratch[SORT_SMALL];
	struct sc_rule_key tmp;
	size_t i, at, from;

	if (n == 0)
		return;
	if (n > SORT_SMALL) {
		qsort(keys, n, sizeof keys[0], keycmp);
		return;
	}
	for (i = 0; i < n; i++)
		v[i] = sortval(&keys[i]);
	sort_vals(v, scratch, n);
	/* Position i takes the key of rule v[i] & 0xffff; mark done ones. */
	for (i = 0; i < n; i++) {
		if (v[i] >> 63 != 0 || (v[i] & 0xffffu) == i)
			continue;
		tmp = keys[i];
		at = i;
		for (;;) {
			from = (size_t)(v[at] & 0xffffu);
			v[at] |= 1ULL << 63;
			if (from == i) {
				keys[at] = tmp;
				break;
			}
			keys[at] = keys[from];
			at = from;
		}
	}
}

/* Groups by bucket, then the most specific first, then in key order. */
static int
groupcmp(const void *a, const void *b)
{
	const struct sc_rule_group *x = a, *y = b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	return (x->start > y->start) - (x->start < y->start);
}

static void
index_rules(struct sc_ruleset *set, const struct sc_rule *rules, size_t n,
    struct sc_rule_key *keys, struct sc_rule_group *dir)
{
	struct catchall ca[NCATCH];
	size_t i;

	load_catchalls(ca);
	for (i = 0; i < n; i++)
		prepare(&rules[i], &keys[i], i, ca);
	sort_keys(keys, n);
	/* Each group points past itself, so a missing pair skips it whole. */
	for (i = n; i-- > 0;)
		keys[i].skip = (unsigned short)(i + 1 < n &&
		    keys[i + 1].key == keys[i].key &&
		    keys[i + 1].gpair == keys[i].gpair ? keys[i + 1].skip : i + 1);
	/*
	 * The bucket of rules with no code, status or provider condition
	 * (text rules, mostly) is the big one: its groups also go into a
	 * compact table, walked without chasing the keys.  If the table is
	 * too small, the matcher walks the keys instead.
	 */
	set->ngroups = 0;
	for (i = 0; i < n && keys[i].key == KEY(K_FREE, 0); i = keys[i].skip) {
		if (set->ngroups == SC_RULESET_GROUPS) {
			set->ngroups = 0;
			break;
		}
		set->group[set->ngroups].pair = keys[i].gpair;
		set->group[set->ngroups].start = (unsigned short)i;
		set->ngroups++;
	}
	/*
	 * Every bucket's groups, when the caller gave room for them, the most
	 * specific first: once a group cannot beat the best rule so far,
	 * neither can the rest of its bucket.
	 */
	set->dir = dir;
	set->ndir = 0;
	for (i = 0; dir != NULL && i < n; i = keys[i].skip) {
		dir[set->ndir].key = (unsigned short)keys[i].key;
		dir[set->ndir].pair = keys[i].gpair;
		dir[set->ndir].start = (unsigned short)i;
		dir[set->ndir].score = keys[i].score;
		set->ndir++;
	}
	if (dir != NULL && set->ndir > 1)
		qsort(dir, set->ndir, sizeof dir[0], groupcmp);
	set->rule = rules;
	set->key = keys;
	set->n = n;
}

int
sc_ruleset_init(struct sc_ruleset *set, const struct sc_rule *rules,
    size_t n, struct sc_rule_key *keys, size_t *bad, const char **why)
{
	return sc_ruleset_init_dir(set, rules, n, keys, NULL, bad, why);
}

/*
 * Which rules are in force, as a number that changes whenever they may
 * have: a set put in force or (re)built, perhaps the set in force.
 */
static unsigned long generation;

int
sc_ruleset_init_dir(struct sc_ruleset *set, const struct sc_rule *rules,
    size_t n, struct sc_rule_key *keys, struct sc_rule_group *dir,
    size_t *bad, const char **why)
{
	size_t i;

	generation++;
	set->rule = rules;
	set->n = 0;
	set->key = keys;
	set->ngroups = 0;
	set->dir = NULL;
	set->ndir = 0;
	if (n >= 65536) {
		if (bad != NULL)
			*bad = 65535;
		if (why != NULL)
			*why = "more than 65535 rules in one set";
		return -1;
	}
	for (i = 0; i < n; i++)
		if (sc_rule_check(&rules[i], why) != 0) {
			if (bad != NULL)
				*bad = i;
			return -1;
		}
	index_rules(set, rules, n, keys, dir);
	return 0;
}

static struct sc_rule_key bkeys[N_RULES];
static struct sc_ruleset bset;
static void init_markers(void);

#ifndef __STDC_NO_ATOMICS__
#include <stdatomic.h>
static atomic_int bstate;	/* 0 not built, 1 building, 2 ready */

const struct sc_ruleset *
sc_rules_builtin(void)
{
	int expect = 0;

	if (atomic_load_explicit(&bstate, memory_order_acquire) == 2)
		return &bset;
	if (atomic_compare_exchange_strong(&bstate, &expect, 1)) {
		/* Every built-in rule is checked by tests/test_reason.c. */
		init_markers();
		index_rules(&bset, builtin, N_RULES, bkeys, NULL);
		atomic_store_explicit(&bstate, 2, memory_order_release);
	} else
		while (atomic_load_explicit(&bstate, memory_order_acquire) != 2)
			;
	return &bset;
}
#else
/* Without C11 atomics the first call must not race with another. */
static int bstate;

const struct sc_ruleset *
sc_rules_builtin(void)
{
	if (bstate != 2) {
		init_markers();
		index_rules(&bset, builtin, N_RULES, bkeys, NULL);
		bstate = 2;
	}
	return &bset;
}
#endif

/* ---- Matching ---------------------------------------------------------- */

static int pairs_present(const struct digest *d, const char *f, size_t n);

/* Fragment i of rule r; the rule itself is read only past the prefilter. */
static int
fragment_matches(const struct sc_rule_key *k, int i, const struct sc_rule *r,
    const struct digest *d)
{
	int j;

	if (i < 0 || i >= SC_RULE_TEXTS)
		return 0;
	if (k->tlen[i] == ANYTEXT)
		return d->hastext;
	if (d->len < k->tlen[i])
		return 0;
	if (i >= 2) {
		/* i < SC_RULE_TEXTS, checked above; cppcheck 2.10 thinks 4 */
		/* cppcheck-suppress arrayIndexOutOfBoundsCond */
		if (!pairs_present(d, r->text[i], k->tlen[i]))
			return 0;
	} else
		for (j = 0; j < k->nbg[i]; j++)
			if (!has_bit(d, k->bg[i][j]))
				return 0;
	return contains(d->text, d->len, r->text[i]);
}

static int
matches(const struct sc_rule *r, const struct sc_rule_key *k,
    const struct digest *d)
{
	int i;

	if (k->provider != SC_PROVIDER_any && k->provider != d->provider)
		return 0;
	if (!(k->classes & d->clsbit))
		return 0;
	if (k->bcls >= 0 && k->bcls != d->cls)
		return 0;
	if (k->blo >= 0 && (d->basic < k->blo || d->basic > k->bhi))
		return 0;
	if (k->esub >= 0) {
		if (d->esub != k->esub || (k->ecls > 0 && k->ecls != d->ecls))
			return 0;
		if (k->dlo >= 0 && (d->edet < k->dlo || d->edet > k->dhi))
			return 0;
	}
	for (i = 0; i < SC_RULE_TEXTS && k->tlen[i]; i++)
		if (!fragment_matches(k, i, r, d))
			return 0;
	return 1;
}

/* First key >= want. */
static size_t
lower_bound(const struct sc_ruleset *s, unsigned want)
{
	size_t lo = 0, hi = s->n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (s->key[mid].key < want)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The buckets a reply looks in, K_FREE 0 first; how many (at most 7). */
static size_t
wanted(const struct digest *d, unsigned *want)
{
	size_t nwant = 0;

	want[nwant++] = KEY(K_FREE, 0);
	if (d->provider > 0)
		want[nwant++] = KEY(K_FREE, d->provider);
	if (d->cls > 0)
		want[nwant++] = KEY(K_CLASS, d->cls);
	if (d->basic >= 0) {
		want[nwant++] = KEY(K_TWO, d->basic / 10);
		want[nwant++] = KEY(K_BASIC, d->basic);
	}
	if (d->esub >= 0) {
		want[nwant++] = KEY(K_SUBJ, d->esub);
		if (d->edet >= 0 && d->edet < 1000)
			want[nwant++] = KEY(K_STATUS, d->esub * 1000 + d->edet);
	}
	return nwant;
}

/*
 * best_in() for a set with a group directory: the same walk on the
 * compact table, the bucket that may hold the most specific rule first,
 * and in each bucket the most specific groups first, so that once a rule
 * matches, what cannot beat it is not even looked at.
 */
static const struct sc_rule_key *
best_in_dir(const struct sc_ruleset *s, const struct digest *d,
    const unsigned *want, size_t nwant)
{
	const struct sc_rule_group *dir = s->dir, *gr, *last = s->dir + s->ndir;
	const struct sc_rule_key *k, *best = NULL;
	const unsigned char *seen = d->seen;
	unsigned char gen = d->gen;
	unsigned score = 0, key;	/* the best's score */
	size_t from[7], nb = 0, w, b, g, end, lo = 0, hi, mid;

	/* Where each bucket starts, in order of its first group's score. */
	for (w = 0; w < nwant; w++) {
		key = want[w];
		if (w > 0 && key < want[w - 1])
			lo = 0;	/* want[] ascends but for odd replies */
		for (hi = s->ndir; lo < hi;) {
			mid = lo + (hi - lo) / 2;
			if (dir[mid].key < key)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo == s->ndir || dir[lo].key != key)
			continue;
		for (b = nb++; b > 0 && dir[from[b - 1]].score < dir[lo].score; b--)
			from[b] = from[b - 1];
		from[b] = lo;
	}
	for (b = 0; b < nb; b++) {
		if (dir[from[b]].score < score)
			break;	/* nor can the buckets after it */
		key = dir[from[b]].key;
		for (gr = dir + from[b]; gr < last && gr->key == key; gr++) {
			if (seen[gr->pair] != gen && gr->pair != 0)
				continue;
			if (gr->score < score)
				break;	/* nor can the rest of the bucket */
			end = s->key[gr->start].skip;	/* past the group */
			for (g = gr->start; g < end; g++) {
				k = &s->key[g];
				if (best != NULL && (k->score < score ||
				    (k->score == score && k->idx > best->idx)))
					break;
				if (matches(&s->rule[k->idx], k, d)) {
					best = k;
					score = k->score;
					break;
				}
			}
		}
	}
	return best;
}

static const struct sc_rule_key *
best_in(const struct sc_ruleset *s, const struct digest *d)
{
	unsigned want[7];
	size_t nwant = wanted(d, want), w, i, g, j;
	const struct sc_rule_key *k, *best = NULL;

	if (s->dir != NULL)
		return best_in_dir(s, d, want, nwant);
	/*
	 * A bucket is made of groups of rules that share a letter pair, each
	 * sorted by specificity, then file order: a group whose pair is not
	 * in the text is skipped whole, and a group is left at its first
	 * match, or at the first rule that cannot beat the best so far.
	 */
	for (w = 0; w < nwant; w++) {
		if (w == 0 && s->ngroups > 0) {
			for (j = 0; j < s->ngroups; j++) {
				if (s->group[j].pair != 0 &&
				    !has_bit(d, s->group[j].pair))
					continue;
				i = s->group[j].start;
				for (g = i; g < s->key[i].skip; g++) {
					k = &s->key[g];
					if (best != NULL && (k->score < best->score ||
					    (k->score == best->score &&
					    k->idx > best->idx)))
						break;
					if (matches(&s->rule[k->idx], k, d)) {
						best = k;
						break;
					}
				}
			}
			continue;
		}
		for (i = lower_bound(s, want[w]); i < s->n &&
		    s->key[i].key == want[w]; i = s->key[i].skip) {
			if (s->key[i].gpair != 0 && !has_bit(d, s->key[i].gpair))
				continue;
			for (g = i; g < s->key[i].skip; g++) {
				k = &s->key[g];
				if (best != NULL && (k->score < best->score ||
				    (k->score == best->score && k->idx > best->idx)))
					break;
				if (matches(&s->rule[k->idx], k, d)) {
					best = k;
					break;
				}
			}
		}
	}
	return best;
}

/* Are all letter pairs of a marker in the text? */
static int
pairs_present(const struct digest *d, const char *f, size_t n)
{
	size_t i;

	for (i = 0; i + 1 < n; i++)
		if (!has_bit(d, bigram(fold((unsigned char)f[i]),
		    fold((unsigned char)f[i + 1]))))
			return 0;
	return 1;
}

/* Each marker's rarest pair, tested first; set with the built-in index. */
static unsigned short markerpair[sizeof markers / sizeof markers[0]];

static void
init_markers(void)
{
	size_t i, j;
	unsigned c, best;
	const unsigned char *f;

	for (i = 0; i < sizeof markers / sizeof markers[0]; i++) {
		f = (const unsigned char *)markers[i].frag;
		best = ~0u;
		for (j = 0; j + 1 < markers[i].len; j++) {
			c = commonness(fold(f[j])) * commonness(fold(f[j + 1]));
			if (c < best) {
				best = c;
				markerpair[i] = (unsigned short)bigram(fold(f[j]),
				    fold(f[j + 1]));
			}
		}
	}
}

/* The first provider whose marker is in the host name, else in the text. */
static int
detect_provider(const struct sc_reply *r, const struct digest *d)
{
	size_t i;
	const struct marker *m;

	if (r->host != NULL && r->hostlen > 0)
		for (i = 0; i < sizeof markers / sizeof markers[0]; i++) {
			m = &markers[i];
			if ((m->where & MK_host) && r->hostlen >= m->len &&
			    contains(r->host, r->hostlen, m->frag))
				return m->provider;
		}
	if (d->hastext)
		for (i = 0; i < sizeof markers / sizeof markers[0]; i++) {
			m = &markers[i];
			if ((m->where & MK_text) && has_bit(d, markerpair[i]) &&
			    d->len >= m->len && pairs_present(d, m->frag, m->len) &&
			    contains(d->text, d->len, m->frag))
				return m->provider;
		}
	return SC_PROVIDER_any;
}

size_t
sc_next_address(const char *t, size_t n, size_t *len)
{
	const char *p = t, *e = t + n, *lt, *gt, *q;
	int at;

	while (p < e && (lt = memchr(p, '<', (size_t)(e - p))) != NULL &&
	    (gt = memchr(lt, '>', (size_t)(e - lt))) != NULL) {
		for (at = 0, q = lt + 1; q < gt; q++) {
			if (*q == ' ' || *q == '\t' || *q == '<')
				break;
			at |= *q == '@';
		}
		if (q == gt && at) {
			*len = (size_t)(gt - lt) + 1;
			return (size_t)(lt - t);
		}
		p = lt + 1;
	}
	*len = 0;
	return n;
}

/*
 * The text the rules read: r's, each address "<a@b>" in it as "<>" (no
 * rule reads an address, so a recipient called "spammer" or "full" does
 * not decide a verdict; reply.c's verdict cache counts on it).  In
 * d->view, or d->heap when longer; the text as it is if that cannot be
 * allocated.
 */
static void
view_text(struct digest *d)
{
	const char *t = d->text;
	size_t n = d->len, o = 0, at, len;
	char *out = d->view;

	d->heap = NULL;
	if (memchr(t, '<', n) == NULL || (at = sc_next_address(t, n, &len)) == n)
		return;
	if (n > sizeof d->view) {
		if ((d->heap = malloc(n)) == NULL)
			return;
		out = d->heap;
	}
	do {
		memcpy(out + o, t, at);
		o += at;
		out[o++] = '<';
		out[o++] = '>';
		t += at + len;
		n -= at + len;
	} while ((at = sc_next_address(t, n, &len)) < n);
	memcpy(out + o, t, n);
	d->text = out;
	d->len = o + n;
}

static void
digest_reply(const struct sc_reply *r, struct digest *d)
{
	d->basic = r->basic >= 200 && r->basic <= 599 ? r->basic : -1;
	d->esub = r->subject >= 0 && r->subject < 1000 ? r->subject : -1;
	d->ecls = d->esub >= 0 ? r->cls : 0;
	d->edet = d->esub >= 0 ? r->detail : -1;
	if (d->basic >= 0)
		d->cls = d->basic / 100;
	else if (d->esub >= 0 && (d->ecls == 2 || d->ecls == 4 || d->ecls == 5))
		d->cls = d->ecls;
	else
		d->cls = 0;
	d->clsbit = 1u << d->cls;
	d->text = r->text != NULL ? r->text : "";
	d->len = r->text != NULL ? r->textlen : 0;
	view_text(d);
	digest_text(d);
	if (r->provider > SC_PROVIDER_any && r->provider < SC_PROVIDER_COUNT)
		d->provider = r->provider;
	else
		d->provider = detect_provider(r, d);
}

int
sc_classify_with(const struct sc_ruleset *const *sets, size_t nsets,
    const struct sc_reply *r, struct sc_verdict *v)
{
	struct digest d;
	const struct sc_rule_key *k = NULL;
	const struct sc_rule *rule;
	size_t i;

	(void)sc_rules_builtin();	/* the marker table */
	digest_reply(r, &d);
	v->provider = d.provider;
	for (i = 0; i < nsets && k == NULL; i++)
		if (sets[i] != NULL && (k = best_in(sets[i], &d)) != NULL)
			break;
	free(d.heap);
	if (k == NULL) {
		v->reason = SC_REASON_undefined;
		v->hard = 0;
		v->next = SC_NEXT_contact;
		v->rule = NULL;
		v->set = nsets;
		return 1;
	}
	rule = &sets[i]->rule[k->idx];
	v->rule = rule;
	v->set = i;
	v->reason = rule->reason;
	v->hard = rule->hard;
	v->next = rule->next;
	/* Temporary: never hard, and the sending server retries by itself. */
	if (d.cls == 4) {
		v->hard = 0;
		if (v->next == SC_NEXT_suppress || v->next == SC_NEXT_resend ||
		    v->next == SC_NEXT_contact)
			v->next = SC_NEXT_wait;
	}
	return 0;
}

/* Does match a come before b: set, then specificity, then file order? */
static int
before(const struct sc_ruleset *const *sets, const struct sc_match *a,
    const struct sc_match *b)
{
	if (a->set != b->set)
		return a->set < b->set;
	if (a->score != b->score)
		return a->score > b->score;
	return a->rule - sets[a->set]->rule < b->rule - sets[b->set]->rule;
}

size_t
sc_classify_all(const struct sc_ruleset *const *sets, size_t nsets,
    const struct sc_reply *r, struct sc_match *out, size_t max)
{
	struct digest d;
	struct sc_match m;
	unsigned want[7];
	size_t nwant, total = 0, kept = 0, w, i, at, set;
	const struct sc_ruleset *s;
	const struct sc_rule_key *k;

	(void)sc_rules_builtin();	/* the marker table */
	digest_reply(r, &d);
	nwant = wanted(&d, want);
	for (set = 0; set < nsets; set++) {
		if ((s = sets[set]) == NULL)
			continue;
		/* Every rule of every bucket, groups missing their pair skipped. */
		for (w = 0; w < nwant; w++)
			for (i = lower_bound(s, want[w]); i < s->n &&
			    s->key[i].key == want[w]; i++) {
				k = &s->key[i];
				if (k->gpair != 0 && !has_bit(&d, k->gpair)) {
					i = k->skip - 1u;
					continue;
				}
				if (!matches(&s->rule[k->idx], k, &d))
					continue;
				total++;
				m.rule = &s->rule[k->idx];
				m.set = set;
				m.score = k->score;
				/* Insert in order, keeping the first max. */
				for (at = kept; at > 0 && before(sets, &m, &out[at - 1]);
				    at--)
					;
				if (at >= max)
					continue;
				if (kept < max)
					kept++;
				memmove(&out[at + 1], &out[at],
				    (kept - 1 - at) * sizeof out[0]);
				out[at] = m;
			}
	}
	free(d.heap);
	return total;
}

/* A user's rules, read before the built-in ones; NULL for none. */
static const struct sc_ruleset *user_set;

void
sc_rules_in_force(const struct sc_ruleset *user)
{
	user_set = user;
	generation++;
}

unsigned long
sc_rules_generation(void)
{
	return generation;
}

/* The sets in force, the user's first: how many, into sets[2]. */
size_t
sc_sets_in_force(const struct sc_ruleset **sets)
{
	size_t n = 0;

	if (user_set != NULL && user_set->n > 0)
		sets[n++] = user_set;
	sets[n++] = sc_rules_builtin();
	return n;
}

int
sc_classify(const struct sc_reply *r, struct sc_verdict *v)
{
	const struct sc_ruleset *sets[2];
	size_t n = sc_sets_in_force(sets);

	(void)sc_classify_with(sets, n, r, v);
	return 0;
}

/* ---- Names ------------------------------------------------------------- */

const char *
sc_reason_name(int reason)
{
	return reason >= 0 && reason < SC_REASON_COUNT ? reasons[reason].name :
	    NULL;
}

const char *
sc_reason_title(int reason)
{
	return reason >= 0 && reason < SC_REASON_COUNT ?
	    reasons[reason].title : NULL;
}

const char *
sc_reason_desc(int reason)
{
	return reason >= 0 && reason < SC_REASON_COUNT ? reasons[reason].desc :
	    NULL;
}

const char *
sc_next_name(int next)
{
	return next >= 0 && next < SC_NEXT_COUNT ? nexts[next].name : NULL;
}

const char *
sc_next_desc(int next)
{
	return next >= 0 && next < SC_NEXT_COUNT ? nexts[next].desc : NULL;
}

const char *
sc_provider_key(int p)
{
	return p >= 0 && p < SC_PROVIDER_COUNT ? providers[p].key : NULL;
}

const char *
sc_provider_name(int p)
{
	return p >= 0 && p < SC_PROVIDER_COUNT ? providers[p].name : NULL;
}

const char *
sc_provider_source(int p)
{
	return p >= 0 && p < SC_PROVIDER_COUNT ? providers[p].source : NULL;
}

const char *
sc_provider_checked(int p)
{
	return p >= 0 && p < SC_PROVIDER_COUNT ? providers[p].checked : NULL;
}

static int
same(const char *name, const char *s, size_t len)
{
	return name != NULL && strlen(name) == len && memcmp(name, s, len) == 0;
}

int
sc_reason_parse(const char *s, size_t len)
{
	int i;

	for (i = 0; s != NULL && i < SC_REASON_COUNT; i++)
		if (same(reasons[i].name, s, len))
			return i;
	return -1;
}

int
sc_next_parse(const char *s, size_t len)
{
	int i;

	for (i = 0; s != NULL && i < SC_NEXT_COUNT; i++)
		if (same(nexts[i].name, s, len))
			return i;
	return -1;
}

int
sc_provider_parse(const char *s, size_t len)
{
	int i;

	for (i = 0; s != NULL && i < SC_PROVIDER_COUNT; i++)
		if (same(providers[i].key, s, len))
			return i;
	return -1;
}
