/* test_i18n.c - every message in every language; language choice. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "../src/internal.h"

/* The printf conversions of a format, in order: "%d%s". */
static void
convs(const char *f, char *out, size_t sz)
{
	size_t o = 0;

	for (; *f; f++) {
		if (*f != '%')
			continue;
		f++;
		while (*f == 'l' || (*f >= '0' && *f <= '9'))
			f++;
		if (*f == '%')
			continue;
		if (o + 2 < sz) {
			out[o++] = '%';
			out[o++] = *f;
		}
	}
	out[o] = '\0';
}

static int
utf8_ok(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	int n;

	while (*p) {
		n = *p < 0x80 ? 0 : (*p & 0xe0) == 0xc0 ? 1 : (*p & 0xf0) == 0xe0 ?
		    2 : (*p & 0xf8) == 0xf0 ? 3 : -1;
		if (n < 0)
			return 0;
		for (p++; n > 0; n--, p++)
			if ((*p & 0xc0) != 0x80)
				return 0;
	}
	return 1;
}

static void
test_messages(void **state)
{
	char e[32], t[32];
	int id, l;

	(void)state;
	for (id = 0; id < M_COUNT; id++) {
		convs(sc_msg(SC_LANG_EN, id), e, sizeof e);
		for (l = SC_LANG_EN; l <= SC_LANG_ES; l++) {
			const char *m = sc_msg(l, id);

			if (m == NULL || *m == '\0')
				fail_msg("message %d empty in language %d", id, l);
			if (!utf8_ok(m))
				fail_msg("message %d not UTF-8 in language %d", id, l);
			convs(m, t, sizeof t);
			if (strcmp(e, t) != 0)
				fail_msg("message %d: conversions \"%s\" in language %d, "
				    "\"%s\" in English", id, t, l, e);
		}
	}
	/* field labels fit their column */
	for (id = M_L_CLASS; id <= M_L_ADVICE; id++)
		for (l = SC_LANG_EN; l <= SC_LANG_ES; l++)
			if (sc_width(sc_msg(l, id), strlen(sc_msg(l, id))) > 9)
				fail_msg("label %d too wide in language %d", id, l);
	assert_string_equal(sc_msg(SC_LANG_FR, M_DESCRIPTION), "Description");
	assert_string_equal(sc_msg(SC_LANG_ES, M_FIX), "C\u00f3mo corregirlo");
	assert_string_equal(sc_msg(99, M_FIX), "How to fix");
	assert_string_equal(sc_msg(SC_LANG_EN, -1), "");
	assert_string_equal(sc_msg(SC_LANG_EN, M_COUNT), "");
}

static void
test_lang_parse(void **state)
{
	(void)state;
	assert_int_equal(sc_lang_parse("fr"), SC_LANG_FR);
	assert_int_equal(sc_lang_parse("fr_FR.UTF-8"), SC_LANG_FR);
	assert_int_equal(sc_lang_parse("es_ES@euro"), SC_LANG_ES);
	assert_int_equal(sc_lang_parse("en_GB"), SC_LANG_EN);
	assert_int_equal(sc_lang_parse("de_DE"), -1);
	assert_int_equal(sc_lang_parse("french"), -1);
	assert_int_equal(sc_lang_parse("C"), -1);
	assert_int_equal(sc_lang_parse(""), -1);
	assert_int_equal(sc_lang_parse(NULL), -1);
}

static void
test_lang_env(void **state)
{
	(void)state;
	unsetenv("LC_ALL");
	unsetenv("LC_MESSAGES");
	unsetenv("LANG");
	assert_int_equal(sc_lang_env(), SC_LANG_EN);
	setenv("LANG", "es_MX.UTF-8", 1);
	assert_int_equal(sc_lang_env(), SC_LANG_ES);
	setenv("LC_MESSAGES", "fr_CA", 1);
	assert_int_equal(sc_lang_env(), SC_LANG_FR);
	setenv("LC_ALL", "C", 1);	/* set, not ours: English */
	assert_int_equal(sc_lang_env(), SC_LANG_EN);
	setenv("LC_ALL", "", 1);	/* empty: skipped */
	assert_int_equal(sc_lang_env(), SC_LANG_FR);
	setenv("LC_MESSAGES", "\x01\xff nonsense", 1);
	assert_int_equal(sc_lang_env(), SC_LANG_EN);
}

static void
test_width(void **state)
{
	(void)state;
	assert_int_equal(sc_width("abc", 3), 3);
	assert_int_equal(sc_width("C\u00f3mo", strlen("C\u00f3mo")), 4);
	assert_int_equal(sc_width("", 0), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_messages),
		cmocka_unit_test(test_lang_parse),
		cmocka_unit_test(test_lang_env),
		cmocka_unit_test(test_width),
	};

	return cmocka_run_group_tests_name("i18n", tests, NULL, NULL);
}
