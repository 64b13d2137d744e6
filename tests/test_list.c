/* test_list.c - patterns, listing, search ranking, JSON escaping. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include "../src/internal.h"

static struct sc_item it[SC_ITEMS_MAX];

static void
test_patterns(void **state)
{
	static const char *const bad[] = {
		"", "5", "5x", "5xxx", "6.x.x", "5.x", "5.x.x.x", "5.01.x",
		"5.1000.x", "axx", "5.7.", ".7.x", "x.y.z", "0xx", "6xx",
	};
	struct sc_pattern p;
	const char *why;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (sc_pattern_parse(bad[i], &p, &why) != -1)
			fail_msg("accepted pattern \"%s\"", bad[i]);
	assert_int_equal(sc_pattern_parse("45x", &p, &why), 0);
	assert_int_equal(p.enh, 0);
	assert_int_equal(p.d[0], 4);
	assert_int_equal(p.d[1], 5);
	assert_int_equal(p.d[2], -1);
	assert_int_equal(sc_pattern_parse("5.7.x", &p, &why), 0);
	assert_int_equal(p.enh, 1);
	assert_int_equal(p.d[0], 5);
	assert_int_equal(p.d[1], 7);
	assert_int_equal(sc_pattern_parse("X.1.1", &p, &why), 0);
	assert_int_equal(p.d[0], -1);
}

static size_t
list(const char *pat)
{
	struct sc_pattern p;
	const char *why;

	assert_int_equal(sc_pattern_parse(pat, &p, &why), 0);
	return sc_list(&p, it, SC_ITEMS_MAX);
}

static void
test_list(void **state)
{
	size_t n, i;

	(void)state;
	n = sc_list(NULL, it, SC_ITEMS_MAX);
	assert_int_equal(n, sc_basic_count() + sc_enh_count());
	n = list("5xx");
	assert_true(n > 20);
	for (i = 0; i < n; i++)
		assert_int_equal(it[i].b->code / 100, 5);
	n = list("45x");
	for (i = 0; i < n; i++)
		assert_int_equal(it[i].b->code / 10, 45);
	assert_int_equal(it[0].b->code, 450);
	n = list("5.7.x");
	assert_true(n > 20);
	for (i = 0; i < n; i++) {
		assert_null(it[i].b);
		assert_int_equal(it[i].e->subject, 7);
		assert_int_equal(it[i].cls, 5);
		assert_true(sc_enh_allows(it[i].e, 5));
	}
	n = list("2.1.x");	/* only X.1.0, X.1.5 and X.1.9 allow class 2 */
	assert_int_equal(n, 3);
	assert_int_equal(list("x.7.26"), 1);
	assert_int_equal(list("1xx"), 2);	/* 101, 111: non-standard */
	assert_int_equal(list("3x9"), 0);
}

static void
test_search(void **state)
{
	char *quota[] = { "quota" }, *none[] = { "zzzqqq" };
	char *two[] = { "MAILBOX", "full" }, *tls[] = { "tls" };
	size_t n, i;

	(void)state;
	n = sc_search(quota, 1, it, SC_ITEMS_MAX);
	assert_true(n > 0);
	for (i = 1; i < n; i++)
		assert_true(it[i - 1].score >= it[i].score);
	assert_int_equal(sc_search(none, 1, it, SC_ITEMS_MAX), 0);
	n = sc_search(two, 2, it, SC_ITEMS_MAX);
	assert_true(n > 0);
	/* title matches rank first: X.2.2 "Mailbox full" */
	assert_non_null(it[0].e);
	assert_int_equal(it[0].e->subject, 2);
	assert_int_equal(it[0].e->detail, 2);
	n = sc_search(tls, 1, it, SC_ITEMS_MAX);
	assert_true(n > 0);
}

static void
test_json_escape(void **state)
{
	char out[256];
	size_t used, n;

	(void)state;
	n = sc_json_escape(out, sizeof out, "a\"b\\c\n\x01\x7f", 8, &used);
	assert_int_equal(used, 8);
	out[n] = '\0';
	assert_string_equal(out, "a\\\"b\\\\c\\n\\u0001\\u007f");
	n = sc_json_escape(out, sizeof out, "\xff\xc3\xa9\xed\xa0\x80", 6, &used);
	out[n] = '\0';
	/* invalid byte, valid e-acute, a surrogate (3 invalid bytes) */
	assert_string_equal(out, "\\ufffd\xc3\xa9\\ufffd\\ufffd\\ufffd");
	n = sc_json_escape(out, sizeof out, "\xc3", 1, &used);	/* truncated */
	out[n] = '\0';
	assert_string_equal(out, "\\ufffd");
	n = sc_json_escape(out, 3, "abcdef", 6, &used);	/* short buffer */
	assert_int_equal(n, 3);
	assert_int_equal(used, 3);
	n = sc_json_escape(out, 4, "\n\n\n", 3, &used);	/* never splits */
	assert_int_equal(n, 4);
	assert_int_equal(used, 2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_patterns),
		cmocka_unit_test(test_list),
		cmocka_unit_test(test_search),
		cmocka_unit_test(test_json_escape),
	};

	return cmocka_run_group_tests_name("list", tests, NULL, NULL);
}
