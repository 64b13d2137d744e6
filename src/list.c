/*
 * list.c - class patterns (5xx, 45x, 5.7.x), listing and word search
 * over the table.
 */
#include <string.h>

#include "internal.h"

static int
wild(int c)
{
	return c == 'x' || c == 'X';
}

static int
dig(int c)
{
	return c >= '0' && c <= '9';
}

/* An enhanced part: x, or 1-3 digits without a leading zero. */
static int
part(const char **s, int *v)
{
	const char *p = *s;
	int n = 0, k = 0;

	if (wild(*p)) {
		*v = -1;
		*s = p + 1;
		return 0;
	}
	while (k < 4 && dig(p[k]))
		n = n * 10 + (p[k++] - '0');
	if (k == 0 || k > 3 || (p[0] == '0' && k > 1))
		return -1;
	*v = n;
	*s = p + k;
	return 0;
}

int
sc_pattern_parse(const char *s, struct sc_pattern *p, const char **why)
{
	const char *q = s;
	int i;

	memset(p, 0, sizeof *p);
	if (strchr(s, '.') != NULL) {
		p->enh = 1;
		if (wild(*q))
			p->d[0] = -1;
		else if (*q == '2' || *q == '4' || *q == '5')
			p->d[0] = *q - '0';
		else
			goto bad_enh;
		q++;
		for (i = 1; i < 3; i++) {
			if (*q++ != '.' || part(&q, &p->d[i]) < 0)
				goto bad_enh;
		}
		if (*q != '\0')
			goto bad_enh;
		return 0;
bad_enh:
		*why = "expected a pattern like 5.7.x: class 2, 4, 5 or x, then "
		    "subject and detail, numbers or x";
		return -1;
	}
	for (i = 0; i < 3; i++) {
		if (wild(s[i]))
			p->d[i] = -1;
		else if (dig(s[i]))
			p->d[i] = s[i] - '0';
		else
			break;
	}
	if (i != 3 || s[3] != '\0' || (p->d[0] >= 0 && (p->d[0] < 1 ||
	    p->d[0] > 5))) {
		*why = "expected a pattern like 5xx or 45x: three characters, "
		    "each a digit or x";
		return -1;
	}
	return 0;
}

/* A pattern as text: "5xx", "57x", "5.7.x", "X.1.x". */
void
sc_pattern_text(char *buf, size_t sz, const struct sc_pattern *p)
{
	char d[3][12];
	int i;

	for (i = 0; i < 3; i++)
		if (p->d[i] < 0)
			snprintf(d[i], sizeof d[i], "%s", p->enh && i == 0 ? "X" : "x");
		else
			snprintf(d[i], sizeof d[i], "%d", p->d[i]);
	snprintf(buf, sz, p->enh ? "%s.%s.%s" : "%s%s%s", d[0], d[1], d[2]);
}

static int
match_basic(const struct sc_pattern *p, int code)
{
	return (p->d[0] < 0 || p->d[0] == code / 100) &&
	    (p->d[1] < 0 || p->d[1] == code / 10 % 10) &&
	    (p->d[2] < 0 || p->d[2] == code % 10);
}

size_t
sc_list(const struct sc_pattern *p, struct sc_item *it, size_t max)
{
	const struct sc_basic *b;
	const struct sc_enhanced *e;
	size_t i, n = 0;
	int c;

	if (p == NULL || !p->enh)
		for (i = 0; (b = sc_basic_at(i)) != NULL && n < max; i++)
			if (p == NULL || match_basic(p, b->code)) {
				memset(&it[n], 0, sizeof it[n]);
				it[n++].b = b;
			}
	if (p != NULL && !p->enh)
		return n;
	for (i = 0; (e = sc_enh_at(i)) != NULL && n < max; i++) {
		if (p != NULL && ((p->d[1] >= 0 && p->d[1] != e->subject) ||
		    (p->d[2] >= 0 && p->d[2] != e->detail)))
			continue;
		if (p == NULL || p->d[0] < 0) {
			memset(&it[n], 0, sizeof it[n]);
			it[n++].e = e;
			continue;
		}
		c = p->d[0];
		if (sc_enh_allows(e, c)) {
			memset(&it[n], 0, sizeof it[n]);
			it[n].e = e;
			it[n++].cls = c;
		}
	}
	return n;
}

/* Case-insensitive (ASCII) substring. */
static int
contains(const char *hay, const char *needle)
{
	size_t i, j, nl = strlen(needle);

	if (nl == 0)
		return 1;
	for (i = 0; hay[i] != '\0'; i++) {
		for (j = 0; j < nl; j++) {
			int a = (unsigned char)hay[i + j], b = (unsigned char)needle[j];

			if (a >= 'A' && a <= 'Z')
				a += 'a' - 'A';
			if (b >= 'A' && b <= 'Z')
				b += 'a' - 'A';
			if (a != b)
				break;
		}
		if (j == nl)
			return 1;
	}
	return 0;
}

/* Score of one entry: title 8, description 3, when 2, fix 1 per word; 0
   when a word is nowhere. */
static int
score(char *const *w, size_t nw, const char *t, const char *d, const char *wh,
    const char *f)
{
	size_t i;
	int s = 0, one;

	for (i = 0; i < nw; i++) {
		one = (contains(t, w[i]) ? 8 : 0) + (contains(d, w[i]) ? 3 : 0) +
		    (contains(wh, w[i]) ? 2 : 0) + (contains(f, w[i]) ? 1 : 0);
		if (one == 0)
			return 0;
		s += one;
	}
	return s;
}

size_t
sc_search(char *const *w, size_t nw, struct sc_item *it, size_t max)
{
	const struct sc_basic *b;
	const struct sc_enhanced *e;
	struct sc_item t;
	size_t i, j, n = 0;
	int s;

	for (i = 0; (b = sc_basic_at(i)) != NULL && n < max; i++)
		if ((s = score(w, nw, b->title, b->desc, b->when, b->fix)) > 0) {
			memset(&it[n], 0, sizeof it[n]);
			it[n].b = b;
			it[n++].score = s;
		}
	for (i = 0; (e = sc_enh_at(i)) != NULL && n < max; i++)
		if ((s = score(w, nw, e->title, e->desc, e->when, e->fix)) > 0) {
			memset(&it[n], 0, sizeof it[n]);
			it[n].e = e;
			it[n++].score = s;
		}
	/* insertion sort: stable, best first */
	for (i = 1; i < n; i++) {
		t = it[i];
		for (j = i; j > 0 && it[j - 1].score < t.score; j--)
			it[j] = it[j - 1];
		it[j] = t;
	}
	return n;
}

void
sc_item_code(char *buf, size_t sz, const struct sc_item *it)
{
	if (it->b)
		snprintf(buf, sz, "%d", it->b->code);
	else if (it->cls)
		snprintf(buf, sz, "%d.%d.%d", it->cls, it->e->subject, it->e->detail);
	else
		snprintf(buf, sz, "X.%d.%d", it->e->subject, it->e->detail);
}

void
sc_item_class(char *buf, size_t sz, const struct sc_item *it)
{
	const struct sc_enhanced *e = it->e;

	if (it->b)
		snprintf(buf, sz, "%dxx", it->b->code / 100);
	else if (it->cls)
		snprintf(buf, sz, "%d", it->cls);
	else if (e->deprecated)
		snprintf(buf, sz, "-");
	else
		snprintf(buf, sz, "%s%s%s%s%s", e->classes & SC_CL2 ? "2" : "",
		    (e->classes & SC_CL2) && (e->classes & (SC_CL4 | SC_CL5)) ? "," : "",
		    e->classes & SC_CL4 ? "4" : "",
		    (e->classes & SC_CL4) && (e->classes & SC_CL5) ? "," : "",
		    e->classes & SC_CL5 ? "5" : "");
}
