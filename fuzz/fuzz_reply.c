/*
 * fuzz_reply.c - sc_parse_reply on arbitrary bytes.
 *
 * Properties: returns 0 or -1; on -1, *why is a non-empty string; on 0
 * the query is a reply (a basic code, with or without an enhanced
 * code), every field in range, its text inside the buffer (the whole
 * buffer for a reply of several lines).  A reply parsed is rendered at
 * a width of 20-200 from the last input byte, in the language the first
 * byte picks, and no line of the rendering is wider than that.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "smtpcode.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	struct sc_query q, q2;
	struct sc_render_opts o;
	const char *why = NULL, *why2 = NULL;
	int r, r2;

	r = sc_parse_reply(s, size, &q, &why);
	check(r == 0 || r == -1);
	if (r < 0) {
		check(why != NULL && why[0] != '\0');
		return 0;
	}
	check(q.kind == SC_Q_BASIC || q.kind == SC_Q_PAIR);
	check(q.basic >= 100 && q.basic <= 999);
	check(sc_basic_wellformed(q.basic) || sc_basic_lookup(q.basic) != NULL);
	if (q.kind == SC_Q_BASIC) {
		check(q.enh.subject == -1);
	} else {
		check(q.enh.cls == 2 || q.enh.cls == 4 || q.enh.cls == 5);
		check(q.enh.subject >= 0 && q.enh.subject <= 999);
		check(q.enh.detail >= 0 && q.enh.detail <= 999);
	}
	check(q.multiline == 0 || q.multiline == 1);
	if (q.multiline) {
		check(q.text == s && q.textlen == size);
	} else if (q.text == NULL) {
		check(q.textlen == 0);
	} else {
		check(q.textlen > 0 && q.text >= s && q.text < s + size);
		check(q.textlen <= size - (size_t)(q.text - s));
	}
	/* The reply starts with its code. */
	check(size >= 3 && (s[0] - '0') * 100 + (s[1] - '0') * 10 +
	    (s[2] - '0') == q.basic);

	r2 = sc_parse_reply(s, size, &q2, &why2);
	check(r2 == 0 && same_query(&q, &q2));

	memset(&o, 0, sizeof o);
	o.width = 20 + data[size - 1] % 181;
	o.lang = data[0] % 3;
	r2 = render(&q, NULL, &o);
	check(r2 == 0 || r2 == 1);
	return 0;
}
