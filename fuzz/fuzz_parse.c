/*
 * fuzz_parse.c - sc_parse and sc_parse_enh on arbitrary bytes.
 *
 * Properties: sc_parse returns 0 or -1; on -1, *why is a non-empty
 * string; on 0, every field of the query is in range for its kind and
 * the reply text, if any, lies inside the argument.  sc_parse_enh
 * returns 0 or -1, and on 0 the bytes it used spell exactly the code it
 * reports.  A query parsed is rendered at a width of 20-200 columns
 * taken from the last input byte, in the language the first byte picks,
 * and no line of the rendering is wider than that.  An input "A|B" whose
 * halves parse as codes (not classes) is also rendered as "A vs B".
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "smtpcode.h"
#include "fuzz.h"

static int
enh_in_range(const struct sc_enh_code *e, int x_ok)
{
	return (e->cls == 2 || e->cls == 4 || e->cls == 5 ||
	    (x_ok && e->cls == 0)) &&
	    e->subject >= 0 && e->subject <= 999 &&
	    e->detail >= 0 && e->detail <= 999;
}

static void
check_query(const struct sc_query *q, const uint8_t *data, size_t size)
{
	const char *b = (const char *)data;

	check(q->basic == -1 || (q->basic >= 100 && q->basic <= 999));
	check(q->enh.subject == -1 || enh_in_range(&q->enh, 1));
	check(q->multiline == 0);
	switch (q->kind) {
	case SC_Q_BASIC:
		check(q->basic >= 100 && q->enh.subject == -1);
		check(sc_basic_wellformed(q->basic) ||
		    sc_basic_lookup(q->basic) != NULL);
		break;
	case SC_Q_ENH:
		check(q->basic == -1 && q->enh.subject >= 0);
		check(q->text == NULL);
		break;
	case SC_Q_PAIR:
		check(q->basic >= 100 && q->enh.subject >= 0 && q->enh.cls != 0);
		break;
	case SC_Q_CLASS:
		check(q->pattern.enh == 0 || q->pattern.enh == 1);
		check(q->pattern.d[0] == -1 || q->pattern.d[0] <= 5);
		check(q->pattern.d[0] != 0);
		check(q->pattern.d[1] >= -1 && q->pattern.d[2] >= -1);
		check(q->pattern.d[0] < 0 || q->pattern.d[1] < 0 ||
		    q->pattern.d[2] < 0);
		check(q->text == NULL);
		break;
	default:
		check(0);
	}
	if (q->text == NULL) {
		check(q->textlen == 0);
	} else {
		check(q->textlen > 0);
		check(q->text >= b && q->text < b + size);
		check(q->textlen <= size - (size_t)(q->text - b));
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	struct sc_query q, q2, qa, qb;
	struct sc_enh_code e;
	const char *bar;
	struct sc_render_opts o;
	const char *why = NULL, *why2 = NULL;
	char text[64];
	size_t used = (size_t)-1;
	int r, r2, n;

	/* sc_parse */
	r = sc_parse(s, size, &q, &why);
	check(r == 0 || r == -1);
	if (r < 0) {
		check(why != NULL && why[0] != '\0');
	} else {
		check_query(&q, data, size);
		/* Deterministic: a second parse gives the same query. */
		r2 = sc_parse(s, size, &q2, &why2);
		check(r2 == 0 && same_query(&q, &q2));

		memset(&o, 0, sizeof o);
		o.width = 20 + (size ? data[size - 1] : 0) % 181;
		o.lang = (size ? data[0] : 0) % 3;
		o.color = 0;
		r2 = render(&q, NULL, &o);
		check(r2 == 0 || r2 == 1);
	}

	/* "A|B": A vs B */
	if (size > 0 && (bar = memchr(s, '|', size)) != NULL &&
	    sc_parse(s, (size_t)(bar - s), &qa, &why) == 0 &&
	    sc_parse(bar + 1, size - (size_t)(bar + 1 - s), &qb, &why) == 0 &&
	    qa.kind != SC_Q_CLASS && qb.kind != SC_Q_CLASS) {
		memset(&o, 0, sizeof o);
		o.width = 20 + data[size - 1] % 181;
		o.lang = data[0] % 3;
		r2 = render(&qa, &qb, &o);
		check(r2 == 0 || r2 == 1);
	}

	/* sc_parse_enh */
	r = sc_parse_enh(s, size, &e, &used);
	check(r == 0 || r == -1);
	if (r == 0) {
		check(used >= 5 && used <= size);
		check(enh_in_range(&e, 1));
		if (e.cls == 0)
			n = snprintf(text, sizeof text, "%c.%d.%d", s[0],
			    e.subject, e.detail);
		else
			n = snprintf(text, sizeof text, "%d.%d.%d", e.cls,
			    e.subject, e.detail);
		check(e.cls != 0 || s[0] == 'X' || s[0] == 'x');
		check(n > 0 && (size_t)n == used && memcmp(text, s, used) == 0);
	}
	return 0;
}
