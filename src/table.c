/*
 * table.c - the code table, built from data/codes.def.
 *
 * codes.def is included once per pass: an enum of every code (a code
 * listed twice is a redeclared enumerator and fails to compile), the
 * records, and dense indexes, so that a lookup is a bounds check and
 * two loads.
 */
#include <string.h>

#include "internal.h"

/* Pass 1: enumerators, and compile-time checks of each entry. */
#define CLASSES_OK(c) ((c) == 0 || (c) == 2 || (c) == 4 || (c) == 5 || \
    (c) == 24 || (c) == 25 || (c) == 45 || (c) == 245)

enum basic_id {
#define REPLY(code, origin, sev, topic, title, ref, stage, d, w, f, rel) \
	B_##code,
#include "codes.def"
#undef REPLY
	N_BASIC
};

enum enh_id {
#define ENH(s, d, classes, title, assoc, ref, de, w, f) E_##s##_##d,
#include "codes.def"
#undef ENH
	N_ENH
};

#define REPLY(code, origin, sev, topic, title, ref, stage, d, w, f, rel) \
	_Static_assert((code) >= 100 && (code) <= 599, #code ": out of range");
#define ENH(s, d, classes, title, assoc, ref, de, w, f) \
	_Static_assert((s) >= 0 && (s) <= 7 && (d) >= 0 && (d) < 32, \
	    #s "." #d ": subject or detail out of range"); \
	_Static_assert(CLASSES_OK(classes), #s "." #d ": bad classes");
#define ECLASS(c, title, ref, desc) \
	_Static_assert((c) == 2 || (c) == 4 || (c) == 5, #c ": not a class");
#define ESUBJ(s, title, ref, desc) \
	_Static_assert((s) >= 0 && (s) <= 7, #s ": not a subject");
#define RCLASS(digit, meaning, advice) \
	_Static_assert((digit) >= 2 && (digit) <= 5, #digit ": not a class");
#define RCAT(digit, meaning) \
	_Static_assert((digit) >= 0 && (digit) <= 5, #digit ": not a category");
#include "codes.def"
#undef REPLY
#undef ENH
#undef ECLASS
#undef ESUBJ
#undef RCLASS
#undef RCAT

/* Pass 2: the records. */
static const struct sc_basic basic[] = {
#define REPLY(code, origin, sev, topic, title, ref, stage, d, w, f, rel) \
	{ code, SC_ORIGIN_##origin, SC_SEV_##sev, SC_TOPIC_##topic, title, ref, \
	  stage, d, w, f, rel },
#include "codes.def"
#undef REPLY
};

#define HASDIG(n, k) ((n) % 10 == (k) || (n) / 10 % 10 == (k) || \
    (n) / 100 % 10 == (k))
#define CLMASK(n) ((HASDIG(n, 2) ? SC_CL2 : 0) | (HASDIG(n, 4) ? SC_CL4 : 0) | \
    (HASDIG(n, 5) ? SC_CL5 : 0))

static const struct sc_enhanced enh[] = {
#define ENH(s, d, classes, title, assoc, ref, de, w, f) \
	{ s, d, CLMASK(classes), (classes) == 0, title, assoc, ref, de, w, f },
#include "codes.def"
#undef ENH
};

static const struct sc_enh_part eclass[] = {
#define ECLASS(c, title, ref, desc) { c, title, ref, desc },
#include "codes.def"
#undef ECLASS
};

static const struct sc_enh_part esubj[] = {
#define ESUBJ(s, title, ref, desc) { s, title, ref, desc },
#include "codes.def"
#undef ESUBJ
};

static const struct sc_rclass rclass[] = {
#define RCLASS(digit, meaning, advice) { digit, meaning, advice },
#include "codes.def"
#undef RCLASS
};

static const struct sc_rclass rcat[] = {
#define RCAT(digit, meaning) { digit, meaning, NULL },
#include "codes.def"
#undef RCAT
};

_Static_assert(sizeof rclass / sizeof rclass[0] == 4, "four reply classes");
_Static_assert(sizeof rcat / sizeof rcat[0] == 6, "six reply categories");
_Static_assert(sizeof basic / sizeof basic[0] == N_BASIC, "basic table");
_Static_assert(sizeof enh / sizeof enh[0] == N_ENH, "enhanced table");
_Static_assert(N_BASIC < 255 && N_ENH < 255, "index entries are bytes");
_Static_assert(sizeof eclass / sizeof eclass[0] == 3, "three classes");
_Static_assert(sizeof esubj / sizeof esubj[0] == 8, "eight subjects");

/* Pass 3: dense indexes; 0 means absent, else position + 1. */
static const unsigned char basic_index[600] = {
#define REPLY(code, origin, sev, topic, title, ref, stage, d, w, f, rel) \
	[code] = B_##code + 1,
#include "codes.def"
#undef REPLY
};

static const unsigned char enh_index[8][32] = {
#define ENH(s, d, classes, title, assoc, ref, de, w, f) \
	[s][d] = E_##s##_##d + 1,
#include "codes.def"
#undef ENH
};

const struct sc_basic *
sc_basic_lookup(int code)
{
	if (code < 0 || code >= 600 || basic_index[code] == 0)
		return NULL;
	return &basic[basic_index[code] - 1];
}

const struct sc_basic *
sc_basic_at(size_t i)
{
	return i < N_BASIC ? &basic[i] : NULL;
}

size_t
sc_basic_count(void)
{
	return N_BASIC;
}

const struct sc_enhanced *
sc_enh_lookup(int subject, int detail)
{
	if (subject < 0 || subject > 7 || detail < 0 || detail >= 32 ||
	    enh_index[subject][detail] == 0)
		return NULL;
	return &enh[enh_index[subject][detail] - 1];
}

const struct sc_enhanced *
sc_enh_at(size_t i)
{
	return i < N_ENH ? &enh[i] : NULL;
}

size_t
sc_enh_count(void)
{
	return N_ENH;
}

const struct sc_enh_part *
sc_enh_class(int cls)
{
	size_t i;

	for (i = 0; i < sizeof eclass / sizeof eclass[0]; i++)
		if (eclass[i].num == cls)
			return &eclass[i];
	return NULL;
}

const struct sc_enh_part *
sc_enh_subject(int subject)
{
	size_t i;

	for (i = 0; i < sizeof esubj / sizeof esubj[0]; i++)
		if (esubj[i].num == subject)
			return &esubj[i];
	return NULL;
}

int
sc_enh_allows(const struct sc_enhanced *e, int cls)
{
	switch (cls) {
	case 2: return (e->classes & SC_CL2) != 0;
	case 4: return (e->classes & SC_CL4) != 0;
	case 5: return (e->classes & SC_CL5) != 0;
	}
	return 0;
}

/* RFC 5321 4.2: Reply-code = %x32-35 %x30-35 %x30-39 */
int
sc_basic_wellformed(int code)
{
	return code >= 200 && code <= 599 && code / 10 % 10 <= 5;
}

const struct sc_rclass *
sc_reply_class(int digit)
{
	if (digit < 2 || digit > 5)
		return NULL;
	return &rclass[digit - 2];
}

const struct sc_rclass *
sc_reply_category(int digit)
{
	if (digit < 0 || digit > 5)
		return NULL;
	return &rcat[digit];
}

static const char unreg_basic[] = "unregistered reply code";
static const char unreg_enh[] = "unregistered status code";

const char *
sc_hit_meaning(const struct sc_hit *h)
{
	const struct sc_basic *b;
	const struct sc_enhanced *e;

	if (h->kind == SC_HIT_BASIC) {
		b = sc_basic_lookup(h->basic);
		return b ? b->title : unreg_basic;
	}
	e = sc_enh_lookup(h->enh.subject, h->enh.detail);
	return e ? e->title : unreg_enh;
}

/* Decimal digits of v (0-999) into p; returns how many. */
static size_t
put3(char *p, int v)
{
	size_t n = 0;

	if (v >= 100)
		p[n++] = (char)('0' + v / 100);
	if (v >= 10)
		p[n++] = (char)('0' + v / 10 % 10);
	p[n++] = (char)('0' + v % 10);
	return n;
}

/* The code of a hit as the line has it, into t[SC_CODE_MAX]. */
static size_t
code_text(const struct sc_hit *h, char *t)
{
	size_t n;

	if (h->kind == SC_HIT_BASIC)
		return put3(t, h->basic % 1000);
	n = put3(t, h->enh.cls % 10);
	t[n++] = '.';
	n += put3(t + n, h->enh.subject % 1000);
	t[n++] = '.';
	return n + put3(t + n, h->enh.detail % 1000);
}

int
sc_hit_code(const struct sc_hit *h, char *buf, size_t sz)
{
	char t[SC_CODE_MAX];
	size_t n = code_text(h, t);

	if (sz == 0)
		return (int)n;
	memcpy(buf, t, n < sz ? n : sz - 1);
	buf[n < sz ? n : sz - 1] = '\0';
	return (int)n;
}

#define GLOSS_W		(SC_GLOSS_MAX - 2)
#define GLOSS_HEAD	48	/* most glosses are shorter */

/*
 * Glosses for annotations, made by the compiler from the same entries:
 * "550 Mailbox unavailable", and ".1.1 Bad destination mailbox address"
 * for the class digit to go before.
 */
struct gloss {
	unsigned char n;
	char s[GLOSS_W];	/* in place: copied in one fixed-size piece */
};

#define GLOSS(s) { sizeof(s) - 1, s }

static const struct gloss basic_gloss[] = {
#define REPLY(code, origin, sev, topic, title, ref, stage, d, w, f, rel) \
	GLOSS(#code " " title),
#include "codes.def"
#undef REPLY
};

static const struct gloss enh_gloss[] = {
#define ENH(s, d, classes, title, assoc, ref, de, w, f) GLOSS("." #s "." #d " " title),
#include "codes.def"
#undef ENH
};

#define REPLY(code, origin, sev, topic, title, ref, stage, d, w, f, rel) \
	_Static_assert(sizeof(#code " " title) <= GLOSS_W, "long title");
#define ENH(s, d, classes, title, assoc, ref, de, w, f) \
	_Static_assert(sizeof("." #s "." #d " " title) <= GLOSS_W, "long title");
#include "codes.def"
#undef REPLY
#undef ENH

size_t
sc_hit_gloss(const struct sc_hit *h, char *buf)
{
	const struct gloss *g = NULL;
	size_t i, n = 0;

	if (h->kind == SC_HIT_BASIC) {
		if (h->basic >= 0 && h->basic < 600 &&
		    (i = basic_index[h->basic]) != 0)
			g = &basic_gloss[i - 1];
	} else if (h->enh.subject >= 0 && h->enh.subject <= 7 &&
	    h->enh.detail >= 0 && h->enh.detail < 32 &&
	    (i = enh_index[h->enh.subject][h->enh.detail]) != 0) {
		g = &enh_gloss[i - 1];
		buf[n++] = (char)('0' + h->enh.cls % 10);
	}
	if (g != NULL) {
		memcpy(buf + n, g->s, GLOSS_HEAD);
		if (g->n > GLOSS_HEAD)
			memcpy(buf + n + GLOSS_HEAD, g->s + GLOSS_HEAD,
			    g->n - GLOSS_HEAD);
		return n + g->n;
	}
	n = code_text(h, buf);
	buf[n++] = ' ';
	if (h->kind == SC_HIT_BASIC) {
		memcpy(buf + n, unreg_basic, sizeof unreg_basic - 1);
		return n + sizeof unreg_basic - 1;
	}
	memcpy(buf + n, unreg_enh, sizeof unreg_enh - 1);
	return n + sizeof unreg_enh - 1;
}
