/*
 * fuzz_json.c - the JSON writer gives valid JSON for any input.
 *
 * Properties: sc_json_escape of arbitrary bytes, in quotes, is one valid
 * JSON string, and consumes all its input whatever the output buffer
 * size (taken from the first byte); the --json output of any query the
 * parser accepts, of a comparison of two, of a list and of a search for
 * the input's words is one valid JSON object per line.  The validator
 * below is a strict RFC 8259 recogniser that also rejects invalid UTF-8.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/internal.h"
#include "fuzz.h"

static const unsigned char *p, *end;

static void
ws(void)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
		p++;
}

static int value(int depth);

static int
utf8(void)
{
	unsigned char c = *p;
	int n, i;
	unsigned cp;

	if (c < 0x80)
		return ++p, 1;
	n = c >= 0xf0 && c <= 0xf4 ? 3 : c >= 0xe0 ? 2 : c >= 0xc2 && c < 0xe0 ? 1 : -1;
	if (n < 0 || end - p <= n || c > 0xf4)
		return 0;
	cp = c & (0x3f >> n);
	for (i = 1; i <= n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (p[i] & 0x3f);
	}
	if ((n == 2 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
	    (n == 3 && (cp < 0x10000 || cp > 0x10ffff)))
		return 0;
	p += n + 1;
	return 1;
}

static int
string(void)
{
	int i;

	if (p >= end || *p++ != '"')
		return 0;
	while (p < end && *p != '"') {
		if (*p < 0x20)
			return 0;
		if (*p == '\\') {
			p++;
			if (p >= end)
				return 0;
			if (*p == 'u') {
				for (i = 1; i <= 4; i++)
					if (p + i >= end || !strchr("0123456789abcdefABCDEF",
					    p[i]) || p[i] == 0)
						return 0;
				p += 5;
			} else if (strchr("\"\\/bfnrt", *p) && *p) {
				p++;
			} else {
				return 0;
			}
		} else if (!utf8()) {
			return 0;
		}
	}
	return p < end && *p++ == '"';
}

static int
number(void)
{
	const unsigned char *s = p;

	if (p < end && *p == '-')
		p++;
	if (p < end && *p == '0')
		p++;
	else if (p < end && *p >= '1' && *p <= '9')
		while (p < end && *p >= '0' && *p <= '9')
			p++;
	else
		return 0;
	return p > s;
}

static int
lit(const char *w)
{
	size_t n = strlen(w);

	if ((size_t)(end - p) < n || memcmp(p, w, n) != 0)
		return 0;
	p += n;
	return 1;
}

static int
value(int depth)
{
	if (depth > 32)
		return 0;
	ws();
	if (p >= end)
		return 0;
	if (*p == '{') {
		p++;
		ws();
		if (p < end && *p == '}')
			return ++p, 1;
		for (;;) {
			ws();
			if (!string())
				return 0;
			ws();
			if (p >= end || *p++ != ':' || !value(depth + 1))
				return 0;
			ws();
			if (p < end && *p == ',') {
				p++;
				continue;
			}
			return p < end && *p++ == '}';
		}
	}
	if (*p == '[') {
		p++;
		ws();
		if (p < end && *p == ']')
			return ++p, 1;
		for (;;) {
			if (!value(depth + 1))
				return 0;
			ws();
			if (p < end && *p == ',') {
				p++;
				continue;
			}
			return p < end && *p++ == ']';
		}
	}
	if (*p == '"')
		return string();
	if (*p == 't')
		return lit("true");
	if (*p == 'f')
		return lit("false");
	if (*p == 'n')
		return lit("null");
	return number();
}

/* Every line of buf[0..n) is one JSON object. */
static void
json_lines(const char *buf, size_t n)
{
	const char *line = buf, *nl;

	while (line < buf + n) {
		nl = memchr(line, '\n', (size_t)(buf + n - line));
		check(nl != NULL);
		p = (const unsigned char *)line;
		end = (const unsigned char *)nl;
		check(*p == '{');
		check(value(0));
		ws();
		check(p == end);
		line = nl + 1;
	}
}

static char out[1 << 20];

static FILE *
mem(void)
{
	FILE *f = fmemopen(out, sizeof out, "w");

	check(f != NULL);
	return f;
}

static size_t
done(FILE *f)
{
	long n = ftell(f);

	fclose(f);
	check(n >= 0 && (size_t)n < sizeof out);
	return (size_t)n;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char esc[4096], arg[4096], *words[8];
	struct sc_query a, b;
	struct sc_item *it;
	const char *why, *bar;
	size_t cap, used, n, total = 0, nw = 0;
	FILE *f;

	if (size == 0 || size >= sizeof arg)
		return 0;
	/* 1. escaping, in pieces of any buffer size */
	cap = 6 + data[0] % 64;
	esc[0] = '"';
	n = 1;
	while (total < size) {
		size_t k = sc_json_escape(esc + n, cap, (const char *)data + total,
		    size - total, &used);

		check(used > 0);
		check(k <= cap);
		n += k;
		total += used;
		check(n + cap < sizeof esc);
	}
	esc[n++] = '"';
	p = (const unsigned char *)esc;
	end = p + n;
	check(string());
	check(p == end);

	/* 2. the query and comparison objects */
	memcpy(arg, data, size);
	arg[size] = '\0';
	f = mem();
	if (sc_parse(arg, strlen(arg), &a, &why) == 0)
		(void)sc_json_query(f, &a);
	if (sc_parse_reply(arg, strlen(arg), &a, &why) == 0)
		(void)sc_json_query(f, &a);
	bar = strchr(arg, '|');
	if (bar != NULL && sc_parse(arg, (size_t)(bar - arg), &a, &why) == 0 &&
	    sc_parse(bar + 1, strlen(bar + 1), &b, &why) == 0 &&
	    a.kind != SC_Q_CLASS && b.kind != SC_Q_CLASS)
		(void)sc_json_compare(f, &a, &b);
	json_lines(out, done(f));

	/* 3. list and search items */
	it = calloc(SC_ITEMS_MAX, sizeof *it);
	check(it != NULL);
	for (char *t = strtok(arg, " |"); t != NULL && nw < 8; t = strtok(NULL, " |"))
		words[nw++] = t;
	f = mem();
	if (nw > 0) {
		struct sc_pattern pat;

		n = sc_search(words, nw, it, SC_ITEMS_MAX);
		for (size_t i = 0; i < n; i++)
			sc_json_item(f, &it[i]);
		if (sc_pattern_parse(words[0], &pat, &why) == 0) {
			n = sc_list(&pat, it, SC_ITEMS_MAX);
			for (size_t i = 0; i < n; i++)
				sc_json_item(f, &it[i]);
		}
	}
	json_lines(out, done(f));
	free(it);
	return 0;
}
