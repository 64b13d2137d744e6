/* test_table.c - what the compiler cannot check about data/codes.def. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "../src/internal.h"

static int
nonempty(const char *s)
{
	return s != NULL && s[0] != '\0' && s[0] != ' ';
}

/* "RFC 5321 4.2.2, 4.2.3; RFC 3207 4" */
static int
ref_ok(const char *s, int allow_draft)
{
	const char *p = s;

	for (;;) {
		if (allow_draft && strncmp(p, "draft-", 6) == 0) {
			p += 6;
			while ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
			    *p == '-')
				p++;
		} else {
			if (strncmp(p, "RFC ", 4) != 0)
				return 0;
			p += 4;
			if (*p < '1' || *p > '9')
				return 0;
			while (*p >= '0' && *p <= '9')
				p++;
			/* sections: " 4.2.2", ", 4.2.3" */
			while (*p == ' ' || *p == ',') {
				if (p[0] == ',' && p[1] == ' ')
					p += 2;
				else if (p[0] == ' ')
					p += 1;
				else
					return 0;
				if (*p < '1' || *p > '9')
					return 0;
				while ((*p >= '0' && *p <= '9') || (*p == '.' &&
				    p[1] >= '0' && p[1] <= '9'))
					p++;
			}
		}
		if (*p == '\0')
			return 1;
		if (strncmp(p, "; ", 2) != 0)
			return 0;
		p += 2;
	}
}

/* Every code in a space-separated list exists, ascending, no repeats. */
static void
codes_exist(const char *list, const char *what)
{
	const char *p = list;
	int v, prev = -1;

	while (*p) {
		if (*p < '1' || *p > '9')
			fail_msg("%s: bad list \"%s\"", what, list);
		for (v = 0; *p >= '0' && *p <= '9'; p++)
			v = v * 10 + (*p - '0');
		if (sc_basic_lookup(v) == NULL)
			fail_msg("%s: related code %d is not in the table", what, v);
		if (v <= prev)
			fail_msg("%s: list not ascending: \"%s\"", what, list);
		prev = v;
		if (*p == ' ' && p[1] != '\0')
			p++;
		else if (*p != '\0')
			fail_msg("%s: bad separator in \"%s\"", what, list);
	}
}

static void
test_basic_entries(void **state)
{
	const struct sc_basic *b;
	size_t i;
	int prev = 0, std = 0;
	char what[32];

	(void)state;
	assert_true(sc_basic_count() >= 38);
	for (i = 0; (b = sc_basic_at(i)) != NULL; i++) {
		snprintf(what, sizeof what, "code %d", b->code);
		if (b->code <= prev)
			fail_msg("%s: not in ascending order", what);
		prev = b->code;
		assert_ptr_equal(sc_basic_lookup(b->code), b);
		if (!nonempty(b->title) || !nonempty(b->ref) || !nonempty(b->stage) ||
		    !nonempty(b->desc) || !nonempty(b->when) || !nonempty(b->fix) ||
		    !nonempty(b->related))
			fail_msg("%s: empty field", what);
		if (b->origin == SC_ORIGIN_STD) {
			std++;
			if (!ref_ok(b->ref, 0))
				fail_msg("%s: malformed RFC reference \"%s\"", what, b->ref);
			if (!sc_basic_wellformed(b->code))
				fail_msg("%s: standard but not RFC 5321 4.2 syntax", what);
		}
		codes_exist(b->related, what);
	}
	assert_int_equal(i, sc_basic_count());
	assert_int_equal(std, 38);
}

/* The 38 standard codes of reference/basic.tsv, all present, all STD. */
static void
test_standard_set(void **state)
{
	static const int std[] = {
		211, 214, 220, 221, 235, 250, 251, 252, 253, 334, 354, 421,
		432, 450, 451, 452, 453, 454, 455, 458, 459, 500, 501, 502,
		503, 504, 521, 530, 534, 535, 538, 550, 551, 552, 553, 554,
		555, 556
	};
	const struct sc_basic *b;
	size_t i;

	(void)state;
	assert_int_equal(sizeof std / sizeof std[0], 38);
	for (i = 0; i < sizeof std / sizeof std[0]; i++) {
		b = sc_basic_lookup(std[i]);
		if (b == NULL || b->origin != SC_ORIGIN_STD)
			fail_msg("%d: missing or not standard", std[i]);
	}
	/* Answered as unregistered, not from the table. */
	assert_null(sc_basic_lookup(559));
	assert_null(sc_basic_lookup(259));
	assert_null(sc_basic_lookup(-1));
	assert_null(sc_basic_lookup(600));
	assert_null(sc_basic_lookup(99999));
	/* Non-standard codes users meet are answered, marked so. */
	assert_int_equal(sc_basic_lookup(523)->origin, SC_ORIGIN_WILD);
	assert_int_equal(sc_basic_lookup(541)->origin, SC_ORIGIN_WILD);
	assert_int_equal(sc_basic_lookup(571)->origin, SC_ORIGIN_WILD);
	/* Two RFCs, two meanings: both said. */
	assert_non_null(strstr(sc_basic_lookup(454)->ref, "RFC 3207"));
	assert_non_null(strstr(sc_basic_lookup(454)->ref, "RFC 4954"));
	assert_non_null(strstr(sc_basic_lookup(530)->ref, "RFC 3207"));
	assert_non_null(strstr(sc_basic_lookup(530)->ref, "RFC 4954"));
}

static void
test_enhanced_entries(void **state)
{
	const struct sc_enhanced *e;
	size_t i;
	int prev = -1, key, dep = 0;
	char what[32];

	(void)state;
	assert_int_equal(sc_enh_count(), 81);
	for (i = 0; (e = sc_enh_at(i)) != NULL; i++) {
		snprintf(what, sizeof what, "X.%d.%d", e->subject, e->detail);
		key = e->subject * 1000 + e->detail;
		if (key <= prev)
			fail_msg("%s: not in ascending order", what);
		prev = key;
		assert_ptr_equal(sc_enh_lookup(e->subject, e->detail), e);
		if (!nonempty(e->title) || !nonempty(e->ref) || !nonempty(e->desc) ||
		    !nonempty(e->when) || !nonempty(e->fix))
			fail_msg("%s: empty field", what);
		if (!ref_ok(e->ref, 1))
			fail_msg("%s: malformed reference \"%s\"", what, e->ref);
		if (e->deprecated)
			dep++;
		else if (e->classes == 0)
			fail_msg("%s: no class", what);
		codes_exist(e->assoc, what);
	}
	assert_int_equal(dep, 1);
	assert_true(sc_enh_lookup(6, 10)->deprecated);
	assert_non_null(sc_enh_lookup(7, 30));
	assert_null(sc_enh_lookup(7, 31));
	assert_null(sc_enh_lookup(1, 99));
	assert_null(sc_enh_lookup(8, 0));
	assert_true(sc_enh_allows(sc_enh_lookup(1, 1), 5));
	assert_true(sc_enh_allows(sc_enh_lookup(1, 1), 4));
	assert_false(sc_enh_allows(sc_enh_lookup(1, 1), 2));
}

static void
test_classes_subjects(void **state)
{
	int d;

	(void)state;
	for (d = 2; d <= 5; d++) {
		assert_non_null(sc_reply_class(d));
		assert_int_equal(sc_reply_class(d)->digit, d);
		assert_true(nonempty(sc_reply_class(d)->meaning));
		assert_true(nonempty(sc_reply_class(d)->advice));
	}
	assert_null(sc_reply_class(1));
	assert_null(sc_reply_class(6));
	for (d = 0; d <= 5; d++) {
		assert_int_equal(sc_reply_category(d)->digit, d);
		assert_true(nonempty(sc_reply_category(d)->meaning));
	}
	assert_null(sc_reply_category(6));
	for (d = 0; d <= 7; d++) {
		assert_int_equal(sc_enh_subject(d)->num, d);
		assert_true(nonempty(sc_enh_subject(d)->desc));
		assert_true(ref_ok(sc_enh_subject(d)->ref, 0));
	}
	assert_null(sc_enh_subject(8));
	assert_string_equal(sc_enh_class(2)->title, "Success");
	assert_non_null(sc_enh_class(4));
	assert_non_null(sc_enh_class(5));
	assert_null(sc_enh_class(3));
	assert_string_equal(sc_msg(SC_LANG_EN, M_CLASS_3), "Positive Intermediate");
	assert_string_equal(sc_msg(SC_LANG_EN, M_CAT_5), "Mail system");
}

static void
test_wellformed(void **state)
{
	(void)state;
	assert_true(sc_basic_wellformed(200));
	assert_true(sc_basic_wellformed(559));
	assert_false(sc_basic_wellformed(571));
	assert_false(sc_basic_wellformed(199));
	assert_false(sc_basic_wellformed(600));
	assert_false(sc_basic_wellformed(261));
}

/* Each gloss is the code as written, a space and the title: all of them. */
static void
test_glosses(void **state)
{
	char want[SC_GLOSS_MAX + 32], got[SC_GLOSS_MAX];
	struct sc_hit h;
	const struct sc_basic *b;
	const struct sc_enhanced *e;
	size_t i, n;
	int c, code;

	(void)state;
	memset(&h, 0, sizeof h);
	h.kind = SC_HIT_BASIC;
	for (code = 0; code < 1000; code++) {
		h.basic = code;
		b = sc_basic_lookup(code);
		snprintf(want, sizeof want, "%d %s", code,
		    b ? b->title : "unregistered reply code");
		memset(got, 'x', sizeof got);
		n = sc_hit_gloss(&h, got);
		assert_true(n < SC_GLOSS_MAX);
		assert_int_equal(n, strlen(want));
		assert_memory_equal(got, want, n);
	}
	h.kind = SC_HIT_ENH;
	for (i = 0; (e = sc_enh_at(i)) != NULL; i++)
		for (c = 2; c <= 5; c += c == 2 ? 2 : 1) {
			h.enh.cls = c;
			h.enh.subject = e->subject;
			h.enh.detail = e->detail;
			snprintf(want, sizeof want, "%d.%d.%d %s", c, e->subject,
			    e->detail, e->title);
			n = sc_hit_gloss(&h, got);
			assert_int_equal(n, strlen(want));
			assert_memory_equal(got, want, n);
		}
	h.enh.cls = 5;
	h.enh.subject = 9;
	h.enh.detail = 123;
	n = sc_hit_gloss(&h, got);
	assert_int_equal(n, strlen("5.9.123 unregistered status code"));
	assert_memory_equal(got, "5.9.123 unregistered status code", n);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_basic_entries),
		cmocka_unit_test(test_standard_set),
		cmocka_unit_test(test_enhanced_entries),
		cmocka_unit_test(test_classes_subjects),
		cmocka_unit_test(test_wellformed),
		cmocka_unit_test(test_glosses),
	};

	return cmocka_run_group_tests_name("table", tests, NULL, NULL);
}
