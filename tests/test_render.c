/* test_render.c - entries and comparisons fit the width they are given. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/internal.h"

static const int widths[] = { 40, 60, 80, 120, 200 };

static char out[1 << 16];
static int lang;	/* the language every render uses */

/* Render into out[], returning the status; check every line's length. */
static int
render(const char *a, const char *b, int width)
{
	struct sc_render_opts o;
	struct sc_query qa, qb;
	const char *why;
	FILE *f = tmpfile();
	size_t n;
	int st;
	char *line, *nl;

	assert_non_null(f);
	memset(&o, 0, sizeof o);
	o.width = width;
	o.lang = lang;
	assert_int_equal(sc_parse(a, strlen(a), &qa, &why), 0);
	if (b != NULL) {
		assert_int_equal(sc_parse(b, strlen(b), &qb, &why), 0);
		st = sc_render_compare(f, &qa, &qb, &o);
	} else {
		st = sc_render_query(f, &qa, &o);
	}
	rewind(f);
	n = fread(out, 1, sizeof out - 1, f);
	assert_true(n < sizeof out - 1);
	out[n] = '\0';
	fclose(f);
	assert_true(n > 0);
	assert_int_equal(out[n - 1], '\n');
	for (line = out; *line; line = nl + 1) {
		nl = strchr(line, '\n');
		assert_non_null(nl);
			if ((int)sc_width(line, (size_t)(nl - line)) > width)
			fail_msg("%s%s%s at %d: line of %d: \"%.*s\"", a,
			    b ? " vs " : "", b ? b : "", width, (int)(nl - line),
			    (int)(nl - line), line);
		if (nl > line && nl[-1] == ' ')
			fail_msg("%s at %d: trailing space: \"%.*s\"", a, width,
			    (int)(nl - line), line);
	}
	return st;
}

static void
test_every_entry_fits(void **state)
{
	const struct sc_basic *b;
	const struct sc_enhanced *e;
	char arg[32];
	size_t i, w;

	(void)state;
	for (lang = SC_LANG_EN; lang <= SC_LANG_ES; lang++)
	for (w = 0; w < sizeof widths / sizeof widths[0]; w++) {
		for (i = 0; (b = sc_basic_at(i)) != NULL; i++) {
			snprintf(arg, sizeof arg, "%d", b->code);
			assert_int_equal(render(arg, NULL, widths[w]), 0);
		}
		for (i = 0; (e = sc_enh_at(i)) != NULL; i++) {
			snprintf(arg, sizeof arg, "X.%d.%d", e->subject, e->detail);
			assert_int_equal(render(arg, NULL, widths[w]), 0);
			snprintf(arg, sizeof arg, "5.%d.%d", e->subject, e->detail);
			render(arg, NULL, widths[w]);
		}
		assert_int_equal(render("259", NULL, widths[w]), 1);
		assert_int_equal(render("5.1.99", NULL, widths[w]), 1);
		assert_int_equal(render("4.9.1", NULL, widths[w]), 1);
		assert_int_equal(render("550 5.1.1", NULL, widths[w]), 0);
		render("550 4.2.2", NULL, widths[w]);
		assert_int_equal(render("5xx", NULL, widths[w]), 0);
		assert_int_equal(render("45x", NULL, widths[w]), 0);
	}
	lang = SC_LANG_EN;
}

static void
test_every_comparison_fits(void **state)
{
	const struct sc_basic *b, *c;
	char x[16], y[16];
	size_t i, j, w;

	(void)state;
	for (lang = SC_LANG_EN; lang <= SC_LANG_ES; lang++)
	for (w = 0; w < sizeof widths / sizeof widths[0]; w++)
		for (i = 0; (b = sc_basic_at(i)) != NULL; i++)
			for (j = i; (c = sc_basic_at(j)) != NULL; j += 7) {
				snprintf(x, sizeof x, "%d", b->code);
				snprintf(y, sizeof y, "%d", c->code);
				assert_int_equal(render(x, y, widths[w]), 0);
			}
	for (w = 0; w < sizeof widths / sizeof widths[0]; w++) {
		assert_int_equal(render("5.1.1", "5.7.1", widths[w]), 0);
		assert_int_equal(render("550", "5.7.1", widths[w]), 0);
		assert_int_equal(render("550 5.1.1", "450 4.2.2", widths[w]), 0);
		assert_int_equal(render("259", "550", widths[w]), 1);
	}
	lang = SC_LANG_EN;
}

static void
test_compare_shape(void **state)
{
	(void)state;
	render("221", "535", 80);
	assert_non_null(strstr(out, "2xx Positive Completion"));
	assert_non_null(strstr(out, "5xx Permanent Negative Completion"));
	assert_non_null(strstr(out, "Description"));
	assert_non_null(strstr(out, "When you see it"));
	assert_non_null(strstr(out, "How to fix"));
	assert_non_null(strstr(out, "Key differences"));
	assert_non_null(strstr(out, "When to use which"));
	assert_non_null(strstr(out, " | "));	/* two columns */
	render("221", "535", 40);
	assert_null(strstr(out, " | "));	/* stacked */
	assert_non_null(strstr(out, "Key differences"));
	render("221", "221", 80);
	assert_non_null(strstr(out, "same code"));
}

static void
test_entry_shape(void **state)
{
	(void)state;
	render("354", NULL, 80);
	assert_memory_equal(out, "354  Start", 10);
	assert_non_null(strstr(out, "3xx Positive Intermediate"));
	assert_non_null(strstr(out, "Mail system"));
	assert_non_null(strstr(out, "RFC 5321"));
	assert_non_null(strstr(out, "Related codes"));
	render("550", NULL, 80);
	assert_non_null(strstr(out, "5.1.1"));		/* enhanced codes linked */
	render("5.1.1", NULL, 80);
	assert_non_null(strstr(out, "550"));		/* and back */
	render("550 4.2.2", NULL, 80);
	assert_non_null(strstr(out, "inconsistent"));
	render("523", NULL, 80);
	assert_non_null(strstr(out, "non-standard"));
	render("259", NULL, 80);
	assert_non_null(strstr(out, "not registered"));
}

static void
test_wrap(void **state)
{
	FILE *f = tmpfile();
	char buf[256];
	size_t n;

	(void)state;
	sc_wrap(f, "aaaa bbbb cccc", 2, 11);
	sc_wrap(f, "abcdefghijklmnop", 0, 5);
	rewind(f);
	n = fread(buf, 1, sizeof buf - 1, f);
	buf[n] = '\0';
	fclose(f);
	assert_string_equal(buf, "  aaaa bbbb\n  cccc\nabcde\nfghij\nklmno\np\n");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wrap),
		cmocka_unit_test(test_entry_shape),
		cmocka_unit_test(test_compare_shape),
		cmocka_unit_test(test_every_entry_fits),
		cmocka_unit_test(test_every_comparison_fits),
	};

	return cmocka_run_group_tests_name("render", tests, NULL, NULL);
}
