/*
 * parse.c - strict parsing of what users type: a reply code (354), an
 * enhanced status code (5.7.26, X.1.1), both (550 5.1.1), a whole reply
 * line (550-5.7.26 text), a multi-line reply, or a class pattern (5xx).
 *
 * No strtol: every digit is looked at, so "354x", "+354" and " 354"
 * are errors, not 354.
 */
#include <string.h>

#include "internal.h"

static int
isdig(int c)
{
	return c >= '0' && c <= '9';
}

/* One to three digits, no leading zero unless the number is 0 (RFC 3463). */
static int
enh_number(const char *s, size_t len, size_t *pos, int *val, const char **why)
{
	size_t i = *pos, start = i;
	int v = 0;

	while (i < len && isdig((unsigned char)s[i])) {
		if (i - start == 3) {
			*why = "enhanced status code subject and detail have at most three digits";
			return -1;
		}
		v = v * 10 + (s[i] - '0');
		i++;
	}
	if (i == start) {
		*why = "expected a number between the dots of an enhanced status code";
		return -1;
	}
	if (s[start] == '0' && i - start > 1) {
		*why = "no leading zeros in an enhanced status code (RFC 3463 2)";
		return -1;
	}
	*pos = i;
	*val = v;
	return 0;
}

/*
 * An enhanced code at the start of s: class "." subject "." detail, the
 * class being 2, 4, 5 or X.  Stops at the first byte after the detail;
 * returns 0 and sets *used, or -1 with *why... set through the
 * static below.
 */
static const char *enh_why;

int
sc_parse_enh(const char *s, size_t len, struct sc_enh_code *e, size_t *used)
{
	size_t i = 0;

	enh_why = "not an enhanced status code";
	if (len < 1)
		return -1;
	switch (s[0]) {
	case '2': case '4': case '5':
		e->cls = s[0] - '0';
		break;
	case 'X': case 'x':
		e->cls = 0;
		break;
	default:
		if (isdig((unsigned char)s[0]))
			enh_why = "enhanced status code class must be 2, 4, 5 or X (RFC 3463 2)";
		return -1;
	}
	if (len < 2 || s[1] != '.') {
		if (len >= 2 && isdig((unsigned char)s[1]))
			enh_why = "enhanced status code class is one digit";
		return -1;
	}
	i = 2;
	if (enh_number(s, len, &i, &e->subject, &enh_why) < 0)
		return -1;
	if (i >= len || s[i] != '.') {
		enh_why = "an enhanced status code has three parts, like 5.1.1";
		return -1;
	}
	i++;
	if (enh_number(s, len, &i, &e->detail, &enh_why) < 0)
		return -1;
	if (i < len && (isdig((unsigned char)s[i]) || s[i] == '.')) {
		enh_why = "an enhanced status code has three parts, like 5.1.1";
		return -1;
	}
	*used = i;
	return 0;
}

static int
is_space(int c)
{
	return c == ' ' || c == '\t';
}

/* Does s look like it was meant as an enhanced code ("5.1", "6.1.1")? */
static int
looks_enh(const char *s, size_t len)
{
	return len >= 2 && (isdig((unsigned char)s[0]) || s[0] == 'X' ||
	    s[0] == 'x') && s[1] == '.';
}

/*
 * Digits, dots and an x that stands for a digit or part: "X.1.1" is an
 * enhanced code of any class, "X.1.x" a pattern.
 */
static int
is_pattern(const char *s, size_t len)
{
	size_t i, x = 0;

	if (len >= 16 || (len != 3 && memchr(s, '.', len) == NULL))
		return 0;
	for (i = 0; i < len; i++) {
		if (s[i] == 'x' || s[i] == 'X')
			x += !(i == 0 && len > 1 && s[1] == '.');
		else if (!isdig((unsigned char)s[i]) && s[i] != '.')
			return 0;
	}
	return x > 0;
}

int
sc_parse(const char *s, size_t len, struct sc_query *q, const char **why)
{
	size_t i, used;
	int code;

	memset(q, 0, sizeof *q);
	q->basic = -1;
	q->enh.subject = -1;
	if (len == 0) {
		*why = "empty argument";
		return -1;
	}
	if (memchr(s, '\0', len) != NULL) {
		*why = "NUL byte in argument";
		return -1;
	}

	/* A class pattern, in the grammar of --list: 5xx, 57x, 5.7.x */
	if (is_pattern(s, len)) {
		char buf[16];

		memcpy(buf, s, len);
		buf[len] = '\0';
		if (sc_pattern_parse(buf, &q->pattern, why) < 0)
			return SC_EINVAL;
		q->kind = SC_Q_CLASS;
		return 0;
	}

	/* 5.7.26, X.1.1 */
	if (looks_enh(s, len)) {
		if (sc_parse_enh(s, len, &q->enh, &used) < 0) {
			*why = enh_why;
			return -1;
		}
		if (used != len) {
			*why = "unexpected characters after the enhanced status code";
			return -1;
		}
		q->kind = SC_Q_ENH;
		return 0;
	}

	for (i = 0; i < len && isdig((unsigned char)s[i]); i++)
		;
	if (i == 0) {
		*why = "not a reply code: expected three digits, like 354, or an "
		    "enhanced status code, like 5.1.1";
		return -1;
	}
	if (i != 3) {
		*why = i < 3 ? "a reply code has three digits" :
		    "a reply code has exactly three digits";
		return -1;
	}
	if (i < len && !is_space((unsigned char)s[i]) && s[i] != '-') {
		*why = "unexpected characters after the reply code";
		return -1;
	}
	code = (s[0] - '0') * 100 + (s[1] - '0') * 10 + (s[2] - '0');
	if (s[0] == '0') {
		*why = "a reply code does not start with 0";
		return -1;
	}
	if (!sc_basic_wellformed(code) && sc_basic_lookup(code) == NULL) {
		*why = "not a reply code: the first digit must be 2-5 and the "
		    "second 0-5 (RFC 5321 4.2)";
		return -1;
	}
	q->kind = SC_Q_BASIC;
	q->basic = code;
	if (i == len)
		return 0;

	/* A reply line: "550 5.1.1 text", "550-5.1.1 text", "550 text". */
	i++;
	while (i < len && is_space((unsigned char)s[i]))
		i++;
	if (looks_enh(s + i, len - i) && s[i] != 'X' && s[i] != 'x') {
		if (sc_parse_enh(s + i, len - i, &q->enh, &used) < 0) {
			*why = enh_why;
			return -1;
		}
		if (i + used < len && !is_space((unsigned char)s[i + used])) {
			*why = "unexpected characters after the enhanced status code";
			return -1;
		}
		q->kind = SC_Q_PAIR;
		i += used;
		while (i < len && is_space((unsigned char)s[i]))
			i++;
	}
	if (i < len) {
		q->text = s + i;
		q->textlen = len - i;
	}
	return 0;
}

/*
 * A reply of one or more lines, as read from a server or pasted from a
 * log (RFC 5321 4.2.1): every line starts with the same code, all but
 * the last followed by "-", the last by a space or nothing.
 */
int
sc_parse_reply(const char *buf, size_t len, struct sc_query *q, const char **why)
{
	const char *line = buf, *end = buf + len, *nl;
	struct sc_query lq;
	size_t llen, nlines = 0;
	int code = -1, last = 0;

	memset(q, 0, sizeof *q);
	q->basic = -1;
	q->enh.subject = -1;
	while (line < end) {
		nl = memchr(line, '\n', (size_t)(end - line));
		llen = nl ? (size_t)(nl - line) : (size_t)(end - line);
		if (llen > 0 && line[llen - 1] == '\r')
			llen--;
		if (llen == 0 && (nl == NULL || nl + 1 == end) && nlines > 0)
			break;	/* trailing empty line */
		if (last) {
			*why = "text after the last line of the reply";
			return -1;
		}
		if (llen < 3 || sc_parse(line, llen, &lq, why) < 0 ||
		    (lq.kind != SC_Q_BASIC && lq.kind != SC_Q_PAIR)) {
			if (llen < 3 || lq.kind == SC_Q_ENH || lq.kind == SC_Q_CLASS)
				*why = "each line of a reply starts with a reply code";
			return -1;
		}
		if (code >= 0 && lq.basic != code) {
			*why = "the lines of one reply carry different codes";
			return -1;
		}
		if (nlines == 0) {
			*q = lq;
			q->text = lq.text;
		} else if (lq.kind == SC_Q_PAIR && q->kind != SC_Q_PAIR) {
			q->kind = SC_Q_PAIR;
			q->enh = lq.enh;
		}
		code = lq.basic;
		last = llen == 3 || line[3] != '-';
		nlines++;
		if (nl == NULL)
			break;
		line = nl + 1;
	}
	if (nlines == 0) {
		*why = "empty reply";
		return -1;
	}
	if (!last) {
		*why = "the reply's last line must not have a dash after the code";
		return -1;
	}
	if (nlines > 1) {
		q->multiline = 1;
		q->text = buf;
		q->textlen = len;
	}
	return 0;
}
